//! The administrative frame of a report: letterhead, number, date, signature, recipients.

use crate::model::programme::Programme;
use crate::render::document::{Frame, Signature};
use crate::render::profile::{Profile, ProfileKind};

use super::Options;

/// The administrative frame of a report by `opts.profile`.
pub fn frame(
    p: &Programme,
    profile: &Profile,
    opts: &Options,
    doc_type: &str,
    abbreviation: &str,
    summary: &str,
    review: bool,
) -> Frame {
    let issuer = p.issuer(opts.profile);
    let mut recipients: Vec<String> = issuer
        .recipients
        .iter()
        .map(|r| match profile.kind() {
            ProfileKind::Dang => format!("- {r},"),
            ProfileKind::NhaNuoc => format!("- {r};"),
        })
        .collect();
    recipients.push(format!("- {}", issuer.archive));
    Frame {
        superior: issuer.superior.clone(),
        issuer_lines: issuer.name_lines.clone(),
        issuer_abbreviation: issuer.abbreviation.clone(),
        type_abbreviation: abbreviation.to_string(),
        number: opts.number,
        place: issuer.place.clone(),
        date: (!opts.open_date).then_some(opts.date),
        year: chrono::Datelike::year(&opts.date),
        doc_type: doc_type.to_string(),
        summary: summary.to_string(),
        draft: opts.draft,
        signature: Signature {
            authority: match (&issuer.review_authority, review) {
                (Some(a), true) => a.clone(),
                _ => issuer.authority.clone(),
            },
            titles: vec![issuer.signer_title.clone()],
            name: issuer.signer_name.clone(),
        },
        recipients,
    }
}
