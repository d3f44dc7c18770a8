//! Coherence checks of the programme model (`baocao check`).
//!
//! Parse errors are caught by [`Programme::load`]; this module judges a model that parsed:
//! codes unique and known, formulas naming real data elements, and the "5 rõ" of every task
//! (who, what, result, when, responsibility) as warnings.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::model::programme::{Indicator, Programme, Shape, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the seed files, located by file and line.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(
            f,
            "{}:{}: {level}: {}",
            self.path.display(),
            self.line,
            self.message
        )
    }
}

struct Checker<'a> {
    p: &'a Programme,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at(
        &mut self,
        sev: Severity,
        file: &str,
        header: &str,
        i: usize,
        needle: Option<&str>,
        m: String,
    ) {
        let line = self.p.sources.line_of(file, header, i, needle);
        self.problems.push(Problem {
            severity: sev,
            path: self.p.sources.path(file),
            line,
            message: m,
        });
    }

    /// A unit reference: a code, or "kind:<kind>" naming at least one unit.
    fn unit(&mut self, code: &str, file: &str, header: &str, i: usize, what: &str) {
        let known = match code.strip_prefix("kind:") {
            Some(kind) => self.p.units.iter().any(|u| u.kind.code() == kind),
            None => self.p.unit(code).is_some(),
        };
        if !known {
            self.at(
                Severity::Error,
                file,
                header,
                i,
                Some(&format!("\"{code}\"")),
                format!("{what}: không có đơn vị mã '{code}' trong units.toml"),
            );
        }
    }
}

/// All problems of the model, errors first, then in file order.
pub fn check(p: &Programme) -> Vec<Problem> {
    let mut c = Checker {
        p,
        problems: Vec::new(),
    };
    duplicates(
        &mut c,
        "units",
        "unit",
        p.units.iter().map(|u| u.code.as_str()),
    );
    duplicates(
        &mut c,
        "elements",
        "element",
        p.elements.iter().map(|e| e.code.as_str()),
    );
    duplicates(
        &mut c,
        "targets",
        "target",
        p.targets.iter().map(|t| t.code.as_str()),
    );
    duplicates(
        &mut c,
        "tasks",
        "task",
        p.tasks.iter().map(|t| t.code.as_str()),
    );
    duplicates(
        &mut c,
        "programme",
        "field",
        p.fields.iter().map(|f| f.code.as_str()),
    );

    elements(&mut c);
    targets(&mut c);

    rules(&mut c);
    plans(&mut c);

    tasks(&mut c);
    c.problems
        .sort_by(|a, b| (a.severity, &a.path, a.line).cmp(&(b.severity, &b.path, b.line)));
    c.problems
}

/// Elements: the units that report them exist; min is not above max.
fn elements(c: &mut Checker) {
    let p = c.p;
    for (i, e) in p.elements.iter().enumerate() {
        for r in &e.reported_by {
            c.unit(
                r,
                "elements",
                "element",
                i,
                &format!("số liệu '{}'", e.code),
            );
            if !p
                .units
                .iter()
                .any(|u| u.reports && crate::model::programme::matches_unit(r, u))
            {
                c.at(
                    Severity::Warning,
                    "elements",
                    "element",
                    i,
                    Some(r),
                    format!(
                        "số liệu '{}': '{r}' không phải đơn vị nhận biểu mẫu báo cáo",
                        e.code
                    ),
                );
            }
        }
        if let (Some(min), Some(max)) = (e.min, e.max)
            && min > max
        {
            c.at(
                Severity::Error,
                "elements",
                "element",
                i,
                Some("min"),
                format!("số liệu '{}': min lớn hơn max", e.code),
            );
        }
    }
}

/// Targets: lead unit, field, the formula's elements and their kinds, basis, horizon.
fn targets(c: &mut Checker) {
    let p = c.p;
    for (i, t) in p.targets.iter().enumerate() {
        c.unit(
            &t.lead,
            "targets",
            "target",
            i,
            &format!("chỉ tiêu {}", t.code),
        );
        if p.field(&t.field).is_none() {
            c.at(
                Severity::Error,
                "targets",
                "target",
                i,
                Some("field"),
                format!("chỉ tiêu {}: không có lĩnh vực '{}'", t.code, t.field),
            );
        }
        for el in t.indicator.elements() {
            match p.element(el) {
                None => c.at(
                    Severity::Error,
                    "targets",
                    "target",
                    i,
                    Some(&format!("\"{el}\"")),
                    format!(
                        "chỉ tiêu {}: công thức dùng số liệu '{el}' không có trong elements.toml",
                        t.code
                    ),
                ),
                Some(e) => {
                    let wants = match t.indicator {
                        Indicator::Share { .. } => Some(ValueKind::YesNo),
                        Indicator::Date { .. } => Some(ValueKind::Date),
                        _ => None,
                    };
                    if let Some(k) = wants
                        && e.kind != k
                    {
                        c.at(
                            Severity::Error,
                            "targets",
                            "target",
                            i,
                            Some(el),
                            format!("chỉ tiêu {}: số liệu '{el}' phải có kiểu {k:?}", t.code),
                        );
                    }
                    if matches!(t.indicator, Indicator::Sum { .. } | Indicator::Ratio { .. })
                        && matches!(e.kind, ValueKind::YesNo | ValueKind::Date)
                    {
                        c.at(
                            Severity::Error,
                            "targets",
                            "target",
                            i,
                            Some(el),
                            format!(
                                "chỉ tiêu {}: không cộng được số liệu '{el}' kiểu {:?}",
                                t.code, e.kind
                            ),
                        );
                    }
                }
            }
        }
        let bad_shape = match &t.shape {
            Shape::Range { min, max } => (min > max).then_some("khoảng có min lớn hơn max"),
            Shape::Growth {
                min,
                max: Some(max),
                ..
            }
            | Shape::Multiple {
                min,
                max: Some(max),
                ..
            } => (min > max).then_some("min lớn hơn max"),
            _ => None,
        };
        if let Some(why) = bad_shape {
            c.at(
                Severity::Error,
                "targets",
                "target",
                i,
                Some("shape"),
                format!("chỉ tiêu {}: {why}", t.code),
            );
        }
        if let Some(implied) = p.implied_basis(&t.indicator)
            && implied != t.basis
        {
            c.at(
                Severity::Error,
                "targets",
                "target",
                i,
                Some("basis"),
                format!(
                    "chỉ tiêu {}: basis = \"{}\" nhưng công thức và các số liệu của nó là \"{}\" ({})",
                    t.code,
                    basis_code(t.basis),
                    basis_code(implied),
                    implied.label()
                ),
            );
        }
        if t.horizon == crate::model::programme::Horizon::ByYear && t.year.is_none() {
            c.at(
                Severity::Error,
                "targets",
                "target",
                i,
                Some("horizon"),
                format!("chỉ tiêu {}: horizon = \"by-year\" cần năm (year)", t.code),
            );
        }
    }
}

/// Tasks: lead, advisor, report-to and coordinating units, field, parent task, and the
/// "5 rõ" warnings.
fn tasks(c: &mut Checker) {
    let p = c.p;
    let task_codes: BTreeSet<&str> = p.tasks.iter().map(|t| t.code.as_str()).collect();
    for (i, t) in p.tasks.iter().enumerate() {
        if let Some(lead) = &t.lead {
            c.unit(lead, "tasks", "task", i, &format!("nhiệm vụ {}", t.code));
        }
        if let Some(advisor) = &t.advisor {
            c.unit(
                advisor,
                "tasks",
                "task",
                i,
                &format!("nhiệm vụ {} (tham mưu)", t.code),
            );
        }
        for r in &t.report_to {
            c.unit(
                r,
                "tasks",
                "task",
                i,
                &format!("nhiệm vụ {} (báo cáo về)", t.code),
            );
        }
        for co in &t.coordinators {
            c.unit(
                co,
                "tasks",
                "task",
                i,
                &format!("nhiệm vụ {} (phối hợp)", t.code),
            );
        }
        if p.field(&t.field).is_none() {
            c.at(
                Severity::Error,
                "tasks",
                "task",
                i,
                Some("field"),
                format!("nhiệm vụ {}: không có lĩnh vực '{}'", t.code, t.field),
            );
        }
        if let Some(parent) = &t.parent
            && !task_codes.contains(parent.as_str())
        {
            c.at(
                Severity::Error,
                "tasks",
                "task",
                i,
                Some("parent"),
                format!("nhiệm vụ {}: không có nhiệm vụ cha '{parent}'", t.code),
            );
        }
        let mut missing = Vec::new();
        if t.lead.is_none() {
            missing.push("rõ người (đơn vị chủ trì)");
        }
        if t.title.trim().is_empty() {
            missing.push("rõ việc");
        }
        if t.product.as_deref().is_none_or(|s| s.trim().is_empty()) {
            missing.push("rõ kết quả (sản phẩm)");
        }
        if t.deadline.is_none() {
            missing.push("rõ thời gian (thời hạn)");
        }
        if t.lead.is_none() && t.director.is_none() {
            missing.push("rõ trách nhiệm (người chịu trách nhiệm)");
        }
        if !missing.is_empty() {
            c.at(
                Severity::Warning,
                "tasks",
                "task",
                i,
                None,
                format!(
                    "nhiệm vụ {} ({}) chưa đủ nguyên tắc “5 rõ”: thiếu {}",
                    t.code,
                    t.reference,
                    missing.join(", ")
                ),
            );
        }
    }
}

/// Rules name known numeric elements; every ratio target in % has a rule bounding its
/// numerator by its denominator (else a broken input could print 113,5% as a result).
fn rules(c: &mut Checker) {
    let p = c.p;
    duplicates(
        c,
        "rules",
        "rule",
        p.rules.rules.iter().map(|r| r.code.as_str()),
    );
    for (i, r) in p.rules.rules.iter().enumerate() {
        for el in r.elements() {
            let problem = match p.element(el) {
                None => Some(format!(
                    "quy tắc {}: số liệu '{el}' không có trong elements.toml",
                    r.code
                )),
                Some(e) if matches!(e.kind, ValueKind::YesNo | ValueKind::Date) => Some(format!(
                    "quy tắc {}: số liệu '{el}' kiểu {:?} không so sánh được",
                    r.code, e.kind
                )),
                Some(_) => None,
            };
            if let Some(m) = problem {
                c.at(
                    Severity::Error,
                    "rules",
                    "rule",
                    i,
                    Some(&format!("\"{el}\"")),
                    m,
                );
            }
        }
    }
    for (i, t) in p.targets.iter().enumerate() {
        let Indicator::Ratio {
            numerator,
            denominator,
            ..
        } = &t.indicator
        else {
            continue;
        };
        if t.measure.trim() != "%" {
            continue;
        }
        if !p
            .rules
            .rules
            .iter()
            .any(|r| r.bounds_share(numerator, denominator))
        {
            c.at(
                Severity::Warning,
                "targets",
                "target",
                i,
                Some("numerator"),
                format!(
                    "chỉ tiêu {} là tỷ lệ nhưng rules.toml không có quy tắc {numerator} <= {denominator}",
                    t.code
                ),
            );
        }
    }
}

fn duplicates<'a>(c: &mut Checker, file: &str, header: &str, codes: impl Iterator<Item = &'a str>) {
    let mut seen = BTreeSet::new();
    for (i, code) in codes.enumerate() {
        if !seen.insert(code) {
            c.at(
                Severity::Error,
                file,
                header,
                i,
                Some(&format!("\"{code}\"")),
                format!("mã '{code}' bị trùng"),
            );
        }
    }
}

/// Plans: each names one known target or element, of a year of the term, once, with a
/// figure; an element's plan serves a target, or no sentence would ever use it.
fn plans(c: &mut Checker) {
    let p = c.p;
    let (first, last) = (p.info.baseline_year, p.info.term_end);
    let mut seen = BTreeSet::new();
    for (i, x) in p.plans.plan.iter().enumerate() {
        let error = |c: &mut Checker, needle: Option<&str>, m: String| {
            c.at(Severity::Error, "plans", "plan", i, needle, m)
        };
        let code = match (&x.target, &x.element) {
            (Some(t), None) => match p.targets.iter().find(|g| &g.code == t) {
                None => {
                    error(
                        c,
                        Some(t),
                        format!("không có chỉ tiêu mã '{t}' trong targets.toml"),
                    );
                    continue;
                }
                Some(g)
                    if crate::model::plans::level_element(g).is_none()
                        && matches!(g.shape, Shape::Achieved | Shape::Deadline { .. }) =>
                {
                    error(
                        c,
                        Some(t),
                        format!("chỉ tiêu '{t}' không có số liệu để đặt kế hoạch năm"),
                    );
                    continue;
                }
                Some(_) => t,
            },
            (None, Some(e)) => {
                if p.element(e).is_none() {
                    error(
                        c,
                        Some(e),
                        format!("không có số liệu mã '{e}' trong elements.toml"),
                    );
                    continue;
                }
                if !p
                    .targets
                    .iter()
                    .any(|t| crate::model::plans::level_element(t) == Some(e))
                {
                    c.at(
                        Severity::Warning,
                        "plans",
                        "plan",
                        i,
                        Some(e),
                        format!("kế hoạch của số liệu '{e}' không chỉ tiêu nào dùng đến"),
                    );
                }
                e
            }
            _ => {
                error(
                    c,
                    None,
                    "mỗi kế hoạch ghi đúng một trong hai: target hoặc element".into(),
                );
                continue;
            }
        };
        if x.year < first || x.year > last {
            error(
                c,
                Some("year"),
                format!(
                    "kế hoạch của '{code}' ghi năm {}, ngoài nhiệm kỳ {first} - {last}",
                    x.year
                ),
            );
        }
        if !x.value.is_finite() || x.value < 0.0 {
            error(
                c,
                Some("value"),
                format!("kế hoạch của '{code}' năm {} phải là số không âm", x.year),
            );
        }
        if !seen.insert((code.clone(), x.year)) {
            error(
                c,
                Some(code),
                format!("kế hoạch của '{code}' năm {} ghi hai lần", x.year),
            );
        }
    }
}

/// A basis as written in the seeds.
fn basis_code(b: crate::model::programme::Basis) -> String {
    serde_json::to_value(b)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
