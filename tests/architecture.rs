//! The folders of `src/` are the pipeline's phases; each may import only from the phases below
//! it (ARCHITECTURE.md, "Code map"). Unit tests (after `#[cfg(test)]`) may reach higher to build
//! their inputs.

use std::path::Path;

/// Which folders each phase may name with `crate::`.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    // Ingest warns about characters the report's fonts cannot print: the one path up.
    ("intake", &["model", "intake", "render::fonts"]),
    ("render", &["model", "render"]),
    ("report", &["model", "render", "report"]),
    ("shell", &["model", "intake", "render", "report", "shell"]),
    (
        "web",
        &["model", "intake", "render", "report", "shell", "web"],
    ),
];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn each_phase_imports_only_from_the_phases_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut breaches = Vec::new();
    for (phase, allowed) in ALLOWED {
        let mut files = Vec::new();
        sources(&src.join(phase), &mut files);
        assert!(!files.is_empty(), "src/{phase} has no sources");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let body = text.split("#[cfg(test)]").next().unwrap();
            for (n, line) in body.lines().enumerate() {
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + "crate::".len()..];
                    let named: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    let ok = allowed
                        .iter()
                        .any(|a| a == &named || (a.contains("::") && rest.starts_with(a)));
                    if !named.is_empty() && !ok {
                        breaches.push(format!(
                            "{}:{}: {phase} names crate::{named}",
                            file.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(
        breaches.is_empty(),
        "imports against the phases:\n{}",
        breaches.join("\n")
    );
}

/// Each package of the build with the features cargo turns on, as `cargo tree` prints them.
fn features(edges: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let cargo = option_env!("CARGO").unwrap_or("cargo");
    let out = std::process::Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "--locked",
            "--prefix",
            "none",
            "-f",
            "{p}|{f}",
            "-e",
        ])
        .arg(edges)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut map = std::collections::BTreeMap::<_, std::collections::BTreeSet<_>>::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let line = line.trim_end_matches(" (*)");
        if let Some((package, features)) = line.split_once('|') {
            let package = package.split(" (/").next().unwrap().to_string();
            map.entry(package).or_default().insert(features.to_string());
        }
    }
    map
}

/// `cargo test --release` right after `cargo run --release` must reuse its build: a
/// dev-dependency that turns on one more feature of a shared crate (bitflags, getrandom…)
/// rebuilds that crate and everything above it, typst included (#13). Cargo.toml names such
/// crates in [dependencies] with the dev-dependencies' features.
#[test]
fn dev_dependencies_change_no_feature_of_the_crates_the_program_builds() {
    let program = features("normal,build");
    let tests = features("normal,build,dev");
    // A package may appear twice (built for the host and for the target): every feature set of
    // the program's build must still be there, unchanged.
    let changed: Vec<String> = program
        .iter()
        .filter(|(package, set)| !tests.get(*package).is_some_and(|t| set.is_subset(t)))
        .map(|(package, set)| format!("{package}: {set:?} -> {:?}", tests.get(package)))
        .collect();
    assert!(
        changed.is_empty(),
        "dev-dependencies change features of:\n{}",
        changed.join("\n")
    );
}
