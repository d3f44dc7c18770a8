//! Format profiles: the measurements of the administrative format (`dang` for Party documents,
//! `nha-nuoc` for State documents), read from `templates/profiles.toml` so an office can follow
//! a changed rule without a new build. Both renderers read the same profile.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use crate::model::programme::ProfileKind;

/// Page and text measurements of one profile. Lengths in millimetres, sizes in points.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(skip_deserializing)]
    pub kind: Option<ProfileKind>,
    pub font: String,
    pub margin_top: f64,
    pub margin_bottom: f64,
    pub margin_left: f64,
    pub margin_right: f64,
    /// Distance of the page number from the top edge.
    pub header_distance: f64,
    pub page_number_size: f64,
    pub body_size: f64,
    /// Exact line pitch of body text.
    pub line_spacing: f64,
    /// Space after each body paragraph.
    pub paragraph_spacing: f64,
    pub first_line_indent: f64,
    pub table_size: f64,
    pub letterhead_size: f64,
    /// "ĐẢNG CỘNG SẢN VIỆT NAM" / "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    pub national_size: f64,
    /// "Độc lập - Tự do - Hạnh phúc" (State only).
    pub motto_size: f64,
    pub number_size: f64,
    pub date_size: f64,
    pub doc_type_size: f64,
    pub summary_size: f64,
    pub signature_size: f64,
    pub recipients_title_size: f64,
    pub recipients_size: f64,
    /// "Số 12-BC/ĐU" (dang) or "Số: 45/BC-UBND" (nha-nuoc); `{number}`, `{type}`, `{issuer}`.
    pub number_format: String,
    /// Width kept for an open number or day when the clerk assigns them at issue.
    pub blank: String,
    /// Appendix numbering: "arabic" (Phụ lục 1) or "roman" (Phụ lục I).
    pub appendix_numbering: String,
}

impl Profile {
    /// The width between the side margins of an A4 page (210 × 297 mm), in points.
    pub fn content_width_pt(&self, landscape: bool) -> f64 {
        let page = if landscape { 297.0 } else { 210.0 };
        (page - self.margin_left - self.margin_right) * 72.0 / 25.4
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    dang: Profile,
    #[serde(rename = "nha-nuoc")]
    nha_nuoc: Profile,
}

/// Both profiles, as read from the profile file.
#[derive(Debug, Clone)]
pub struct Profiles {
    pub dang: Profile,
    pub nha_nuoc: Profile,
}

impl Profiles {
    pub fn load(path: &Path) -> Result<Profiles, crate::model::programme::LoadError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| crate::model::programme::LoadError {
                path: path.to_path_buf(),
                line: 0,
                column: 0,
                message: format!("không đọc được tệp thể thức: {e}"),
            })?;
        Self::parse(&text).map_err(
            |(line, column, message)| crate::model::programme::LoadError {
                path: path.to_path_buf(),
                line,
                column,
                message,
            },
        )
    }

    pub fn parse(text: &str) -> Result<Profiles, (usize, usize, String)> {
        let f: ProfilesFile = toml::from_str(text).map_err(|e| {
            let (l, c) = e
                .span()
                .map(|s| crate::model::programme::line_col(text, s.start))
                .unwrap_or((0, 0));
            (l, c, e.message().to_string())
        })?;
        let mut dang = f.dang;
        dang.kind = Some(ProfileKind::Dang);
        let mut nha_nuoc = f.nha_nuoc;
        nha_nuoc.kind = Some(ProfileKind::NhaNuoc);
        Ok(Profiles { dang, nha_nuoc })
    }

    pub fn get(&self, kind: ProfileKind) -> &Profile {
        match kind {
            ProfileKind::Dang => &self.dang,
            ProfileKind::NhaNuoc => &self.nha_nuoc,
        }
    }
}

impl Profile {
    pub fn kind(&self) -> ProfileKind {
        self.kind.unwrap_or(ProfileKind::Dang)
    }

    /// The document number line: "Số 12-BC/ĐU", "Số: 45/BC-UBND", or with the number left
    /// open for the records clerk.
    pub fn number_line(&self, number: Option<u32>, doc_type: &str, issuer: &str) -> String {
        let n = match number {
            Some(n) => format!("{n:02}"),
            None => self.blank.clone(),
        };
        self.number_format
            .replace("{number}", &n)
            .replace("{type}", doc_type)
            .replace("{issuer}", issuer)
    }
}
