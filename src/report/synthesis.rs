//! What units wrote in their narrative, synthesised into the committee's statements.
//!
//! Units often write the same thing: "Một số nhiệm vụ triển khai còn chậm…" from twelve of them.
//! A published report says it once, in the committee's voice. So statements are normalised
//! (case, spacing, final punctuation, the writer's own name), grouped when they say the same
//! thing (the same words, allowing a small difference), and each group is stated once with the
//! wording of the first unit in the directory. Groups are ranked most specific first (figures,
//! then length) and bounded per theme. Nothing here depends on input order beyond the
//! directory order of units, so the output is deterministic.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::programme::{Programme, UnitKind};
use crate::model::submission::Narrative;
use crate::report::consolidate::Consolidated;

/// Statements kept per theme (limitations, causes, lessons…) or per field's results.
pub const MAX_STATEMENTS: usize = 6;

/// Share of words two statements must have in common to say the same thing.
const SAME_THING: f64 = 0.8;

/// One statement of the report, and the units it came from (for results only: limitations and
/// causes never name a unit in the official text).
#[derive(Debug, Clone, Serialize)]
pub struct Said {
    /// The units that said it, by name (kept for the office's working file).
    #[serde(skip)]
    pub units: Vec<String>,
    pub text: String,
}

/// A unit's statement before synthesis.
#[derive(Debug, Clone)]
pub struct Statement {
    pub unit: String,
    pub text: String,
}

/// The statements of every unit that wrote something in one narrative field, in directory
/// order; the text of one cell is split into its sentences or lines.
pub fn statements(p: &Programme, c: &Consolidated, get: fn(&Narrative) -> &str) -> Vec<Statement> {
    c.narratives
        .iter()
        .flat_map(|(u, n)| {
            let unit = p.unit_name(u).to_string();
            split(get(n)).into_iter().map(move |text| Statement {
                unit: unit.clone(),
                text,
            })
        })
        .collect()
}

/// Splits a cell into statements: by line, bullet and sentence end.
fn split(cell: &str) -> Vec<String> {
    cell.lines()
        .flat_map(|l| l.split(". "))
        .map(|s| {
            s.trim()
                .trim_start_matches(['-', '+', '*', '•'])
                .trim()
                .trim_end_matches(['.', ';'])
                .trim()
                .to_string()
        })
        .filter(|s| s.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect()
}

/// Merges statements that say the same thing and ranks them; at most `limit` kept.
///
/// `anonymous`: the statement must not name a unit (limitations, causes): a unit's name in
/// the text gives way to "đơn vị". Otherwise a group said by several units about themselves
/// ("{unit} tập trung chỉ đạo …") is stated once naming them all.
pub fn synthesise(p: &Programme, items: &[Statement], anonymous: bool, limit: usize) -> Vec<Said> {
    struct Group {
        key: BTreeSet<String>,
        template: String,
        units: Vec<String>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for s in items {
        let template = s.text.replace(&s.unit, "{}");
        let key = words(&template);
        match groups.iter_mut().find(|g| similar(&g.key, &key)) {
            Some(g) => {
                if !g.units.contains(&s.unit) {
                    g.units.push(s.unit.clone());
                }
            }
            None => groups.push(Group {
                key,
                template,
                units: vec![s.unit.clone()],
            }),
        }
    }
    let mut out: Vec<Said> = groups
        .into_iter()
        .map(|g| {
            let text = if anonymous {
                anonymise(p, &g.template.replace("{}", "các đơn vị"))
            } else {
                g.template.replace("{}", &collective(p, &g.units))
            };
            Said {
                units: g.units,
                text: upper_first(&text),
            }
        })
        .collect();
    // Most specific first: statements with figures, then the longer ones; ties keep order.
    out.sort_by_key(|s| {
        let digits = s.text.chars().any(|c| c.is_ascii_digit());
        (!digits, std::cmp::Reverse(s.text.chars().count() / 20))
    });
    out.truncate(limit);
    out
}

/// The words of a statement, folded, for comparison.
fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '{' && c != '}')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Two statements say the same thing when most of their words are shared.
fn similar(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let common = a.intersection(b).count() as f64;
    let all = a.union(b).count() as f64;
    all > 0.0 && common / all >= SAME_THING
}

/// Replaces every unit name in a text with "đơn vị".
fn anonymise(p: &Programme, text: &str) -> String {
    let mut names: Vec<&str> = p.units.iter().map(|u| u.name.as_str()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut out = text.to_string();
    for n in names {
        out = out.replace(n, "đơn vị");
    }
    out
}

/// Units named together: up to three by name, more by what they are ("các chi bộ trực
/// thuộc", "các tổ dân phố").
fn collective(p: &Programme, names: &[String]) -> String {
    if names.len() <= 3 {
        return join_names(names);
    }
    let kinds: BTreeSet<UnitKind> = names
        .iter()
        .filter_map(|n| p.units.iter().find(|u| &u.name == n))
        .map(|u| u.kind)
        .collect();
    match kinds.iter().collect::<Vec<_>>().as_slice() {
        [UnitKind::ChiBo] => "các chi bộ trực thuộc".into(),
        [UnitKind::ToDanPho] => "các tổ dân phố".into(),
        [UnitKind::MatTran] => "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội".into(),
        _ => "các cơ quan, đơn vị".into(),
    }
}

/// A unit's text without its own time phrase: "Trong 6 tháng đầu năm 2026, các chi bộ …" and
/// "… theo kế hoạch trong 6 tháng đầu năm 2026" speak of the unit's window; the report says
/// its own (a review covers more than the window the unit wrote for).
pub fn without_when(text: &str) -> String {
    let is_when = |phrase: &str| {
        let phrase = phrase.trim();
        !phrase.contains(',')
            && !phrase.contains(';')
            && (phrase.contains("năm") || phrase.contains("kỳ") || phrase.contains("quý"))
            && (phrase.chars().any(|c| c.is_ascii_digit()) || phrase.contains("nhiệm kỳ"))
    };
    let mut out = text.trim().to_string();
    for lead in ["Trong ", "trong "] {
        if let Some(rest) = out.strip_prefix(lead)
            && let Some((when, body)) = rest.split_once(", ")
            && is_when(when)
        {
            out = upper_first(body.trim());
            break;
        }
    }
    // "… theo kế hoạch trong 6 tháng đầu năm 2026; nhân rộng …": each clause on its own.
    out.trim_end_matches(['.', ';'])
        .split("; ")
        .map(|clause| match clause.rfind(" trong ") {
            Some(i) if is_when(&clause[i + " trong ".len()..]) => &clause[..i],
            _ => clause,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "A", "A và B", "A, B và C".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

pub fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(unit: &str, text: &str) -> Statement {
        Statement {
            unit: unit.into(),
            text: text.into(),
        }
    }

    fn programme() -> Programme {
        Programme::load(std::path::Path::new("seeds")).unwrap()
    }

    #[test]
    fn twelve_units_saying_the_same_limitation_give_one_statement_naming_none() {
        let p = programme();
        let text = "Một số nhiệm vụ triển khai còn chậm so với kế hoạch";
        let items: Vec<Statement> = ["UBND phường", "Công an phường", "Tổ dân phố An Lạc"]
            .iter()
            .map(|u| st(u, text))
            .chain([st(
                "Tổ dân phố Hòa Bình",
                "một số nhiệm vụ  triển khai còn chậm so với kế hoạch.",
            )])
            .collect();
        let got = synthesise(&p, &items, true, MAX_STATEMENTS);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, text);
        assert_eq!(got[0].units.len(), 4);
    }

    #[test]
    fn a_limitation_that_names_a_unit_names_it_no_more() {
        let p = programme();
        let items = [st(
            "Tổ dân phố An Lạc",
            "Phối hợp với Công an phường chưa chặt chẽ",
        )];
        let got = synthesise(&p, &items, true, MAX_STATEMENTS);
        assert_eq!(got[0].text, "Phối hợp với đơn vị chưa chặt chẽ");
    }

    #[test]
    fn units_that_say_the_same_of_themselves_are_named_together_once() {
        let p = programme();
        let items = [
            st(
                "UBND phường",
                "Trong năm 2026, UBND phường tập trung chỉ đạo cải cách hành chính",
            ),
            st(
                "Phòng Văn hóa - Xã hội",
                "Trong năm 2026, Phòng Văn hóa - Xã hội tập trung chỉ đạo cải cách hành chính",
            ),
            st(
                "Công an phường",
                "Bảo đảm an ninh trật tự, không để xảy ra điểm nóng",
            ),
        ];
        let got = synthesise(&p, &items, false, MAX_STATEMENTS);
        assert_eq!(got.len(), 2);
        assert!(got.iter().any(|s| s.text
            == "Trong năm 2026, UBND phường và Phòng Văn hóa - Xã hội tập trung chỉ đạo cải cách hành chính"));
    }

    #[test]
    fn statements_with_figures_come_first_and_the_count_is_bounded() {
        let p = programme();
        let items: Vec<Statement> = (0..10)
            .map(|i| {
                st(
                    &format!("U{i}"),
                    &format!(
                        "Nội dung thứ {} hoàn toàn khác biệt {}",
                        [
                            "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"
                        ][i],
                        "x".repeat(i)
                    ),
                )
            })
            .chain([st("V", "Giải quyết 1.250 hồ sơ đúng hạn")])
            .collect();
        let got = synthesise(&p, &items, true, 3);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].text, "Giải quyết 1.250 hồ sơ đúng hạn");
    }

    #[test]
    fn a_units_own_time_phrase_gives_way_to_the_reports() {
        assert_eq!(
            without_when("Trong 6 tháng đầu năm 2026, các chi bộ duy trì nền nếp sinh hoạt"),
            "Các chi bộ duy trì nền nếp sinh hoạt"
        );
        assert_eq!(
            without_when("Triển khai thường xuyên theo kế hoạch trong 6 tháng đầu năm 2026"),
            "Triển khai thường xuyên theo kế hoạch"
        );
        assert_eq!(
            without_when("Triển khai các mô hình trong 6 tháng đầu năm 2026; nhân rộng cách làm"),
            "Triển khai các mô hình; nhân rộng cách làm"
        );
        // A place, not a time, stays.
        assert_eq!(
            without_when("Vận động Nhân dân trong tổ dân phố Khánh Hội"),
            "Vận động Nhân dân trong tổ dân phố Khánh Hội"
        );
    }

    #[test]
    fn a_cell_splits_into_its_statements() {
        assert_eq!(
            split("- Thứ nhất là một việc.\n- Thứ hai là việc khác. Thứ ba nữa;"),
            vec!["Thứ nhất là một việc", "Thứ hai là việc khác", "Thứ ba nữa"]
        );
    }
}
