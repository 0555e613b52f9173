//! Field-level checks that need no database. References to other objects are checked by
//! the store inside the write transaction, where they cannot change underneath.

use super::*;
use crate::error::{Error, Result};

const MAX_TITLE: usize = 500;
const MAX_TEXT: usize = 2 * 1024 * 1024;
/// Columns kept per feedback item beyond the mapped ones (a survey has a few dozen).
const MAX_FEEDBACK_ATTRIBUTES: usize = 500;

pub trait Validate {
    fn validate(&self) -> Result<()>;
}

fn required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, format!("{field} must not be empty")));
    }
    max_chars(field, value, MAX_TITLE)
}

fn max_chars(field: &str, value: &str, max: usize) -> Result<()> {
    // Byte length bounds the char count from above, so most strings skip the count.
    if value.len() > max && value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
    Ok(())
}

/// Titles and short fields are one line: outlines, the canvas and exports depend on it.
fn one_line(field: &str, value: &str) -> Result<()> {
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            format!("{field} must be one line, without line breaks or tabs"),
        ));
    }
    Ok(())
}

fn text(field: &str, value: &str) -> Result<()> {
    max_chars(field, value, MAX_TEXT)
}

/// Whether `c` is a colour as tags keep them: `#rrggbb`.
pub(crate) fn is_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

/// `YYYY-MM-DD`, a real calendar date.
pub(crate) fn date(field: &str, value: &Option<String>) -> Result<()> {
    let Some(v) = value else { return Ok(()) };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(v, &format).map(|_| ()).map_err(|_| {
        Error::invalid(
            field,
            format!("{field} '{v}' is not a date like 2026-03-31"),
        )
    })
}

fn timestamp(field: &str, value: &Option<String>) -> Result<()> {
    let Some(v) = value else { return Ok(()) };
    time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
        .map(|_| ())
        .map_err(|_| {
            Error::invalid(
                field,
                format!("{field} '{v}' is not a time like 2026-03-31T09:30:00Z"),
            )
        })
}

impl Validate for ParticipantInput {
    fn validate(&self) -> Result<()> {
        required("name", &self.name)?;
        for (f, v) in [
            ("role", &self.role),
            ("company", &self.company),
            ("segment", &self.segment),
            ("email", &self.email),
            ("phone", &self.phone),
            ("consent_scope", &self.consent_scope),
        ] {
            max_chars(f, v, MAX_TITLE)?;
        }
        if !self.email.is_empty() && !self.email.contains('@') {
            return Err(Error::invalid(
                "email",
                format!("email '{}' has no @", self.email),
            ));
        }
        date("consent_date", &self.consent_date)?;
        text("notes", &self.notes)
    }
}

impl Validate for InterviewInput {
    fn validate(&self) -> Result<()> {
        required("title", &self.title)?;
        date("date", &self.date)?;
        max_chars("interviewer", &self.interviewer, MAX_TITLE)?;
        max_chars("product_area", &self.product_area, MAX_TITLE)?;
        text("notes", &self.notes)
    }
}

impl Validate for SegmentInput {
    fn validate(&self) -> Result<()> {
        text("text", &self.text)?;
        if let Some(s) = &self.speaker {
            max_chars("speaker", s, MAX_TITLE)?;
        }
        match (self.start_ms, self.end_ms) {
            (Some(s), _) if s < 0 => {
                return Err(Error::invalid("start_ms", "start_ms must not be negative"));
            }
            (Some(s), Some(e)) if e < s => {
                return Err(Error::invalid(
                    "end_ms",
                    "end_ms must not be before start_ms",
                ));
            }
            _ => {}
        }
        let len = self.text.chars().count() as i64;
        let mut last: Option<&super::CueMark> = None;
        for c in self.cues.iter().flatten() {
            if c.at < 0 || c.at > len || c.ms < 0 {
                return Err(Error::invalid(
                    "cues",
                    "a cue must start inside the text, at a time not before 0",
                ));
            }
            if last.is_some_and(|l| l.at > c.at) {
                return Err(Error::invalid("cues", "cues must be in text order"));
            }
            last = Some(c);
        }
        Ok(())
    }
}

impl Validate for NoteInput {
    fn validate(&self) -> Result<()> {
        required("title", &self.title)?;
        text("body", &self.body)
    }
}

impl Validate for TagInput {
    fn validate(&self) -> Result<()> {
        required("name", &self.name)?;
        if self.name.contains('/') {
            return Err(Error::invalid(
                "name",
                "a tag name must not contain '/'; nest tags with a parent instead",
            ));
        }
        let c = &self.color;
        if !c.is_empty() && !is_color(c) {
            return Err(Error::invalid(
                "color",
                format!("color '{c}' is not like #3366ff"),
            ));
        }
        text("description", &self.description)
    }
}

impl Validate for HighlightInput {
    fn validate(&self) -> Result<()> {
        let sources = [&self.interview_id, &self.note_id, &self.feedback_id]
            .iter()
            .filter(|s| s.is_some())
            .count();
        if sources != 1 {
            return Err(Error::invalid(
                "interview_id",
                "a highlight belongs to exactly one interview, note or feedback item",
            ));
        }
        if self.segment_id.is_some() && self.interview_id.is_none() {
            return Err(Error::invalid(
                "segment_id",
                "a transcript segment belongs to an interview",
            ));
        }
        if self.end_segment_id.is_some() && self.segment_id.is_none() {
            return Err(Error::invalid(
                "end_segment_id",
                "a quote over several passages starts in a transcript passage (segment_id)",
            ));
        }
        if self.start < 0 || self.end < self.start {
            return Err(Error::invalid(
                "end",
                "the selection must run forwards from a start ≥ 0",
            ));
        }
        if self.quote.trim().is_empty() {
            return Err(Error::invalid("quote", "quote must not be empty"));
        }
        text("quote", &self.quote)?;
        text("comment", &self.comment)
    }
}

impl Validate for InsightInput {
    fn validate(&self) -> Result<()> {
        required("title", &self.title)?;
        text("body", &self.body)
    }
}

impl Validate for PersonaInput {
    fn validate(&self) -> Result<()> {
        required("name", &self.name)?;
        max_chars("role", &self.role, MAX_TITLE)?;
        text("summary", &self.summary)?;
        for (k, v) in &self.attributes {
            required("attributes", k)?;
            max_chars("attributes", v, super::MAX_ATTRIBUTE)?;
        }
        // A local image the UI scaled down and embedded, so the avatar travels with the
        // workspace and needs no file server.
        if let Some(a) = &self.avatar {
            let image = ["png", "jpeg", "webp", "gif"]
                .iter()
                .any(|t| a.starts_with(&format!("data:image/{t};base64,")));
            if !image {
                return Err(Error::invalid(
                    "avatar",
                    "the avatar must be a PNG, JPEG, WebP or GIF image",
                ));
            }
            if a.len() > 512 * 1024 {
                return Err(Error::invalid(
                    "avatar",
                    "the avatar image is too large (up to 512 KB once embedded)",
                ));
            }
        }
        Ok(())
    }
}

impl Validate for PersonaStatementInput {
    fn validate(&self) -> Result<()> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid("text", "text must not be empty"));
        }
        text("text", &self.text)
    }
}

impl Validate for TreeInput {
    fn validate(&self) -> Result<()> {
        required("title", &self.title)?;
        one_line("title", &self.title)?;
        for (f, v) in [
            ("metric", &self.metric),
            ("baseline", &self.baseline),
            ("target", &self.target),
        ] {
            max_chars(f, v, MAX_TITLE)?;
            one_line(f, v)?;
        }
        date("target_date", &self.target_date)?;
        text("description", &self.description)
    }
}

impl Validate for TreeNodeInput {
    fn validate(&self) -> Result<()> {
        required("title", &self.title)?;
        one_line("title", &self.title)?;
        text("description", &self.description)?;
        let test_status = matches!(
            self.status,
            NodeStatus::Planned
                | NodeStatus::Running
                | NodeStatus::Passed
                | NodeStatus::Failed
                | NodeStatus::Inconclusive
        );
        if (self.kind == NodeKind::AssumptionTest) != test_status {
            let allowed = if self.kind == NodeKind::AssumptionTest {
                "planned, running, passed, failed or inconclusive"
            } else {
                "open, done or dropped"
            };
            return Err(Error::invalid(
                "status",
                format!(
                    "status of a {} must be {allowed}",
                    self.kind.as_str().replace('_', " ")
                ),
            ));
        }
        self.details.check(self.kind)
    }
}

impl NodeDetails {
    /// Each field belongs to one kind of node and stays empty on the others; scores are in range.
    fn check(&self, kind: NodeKind) -> Result<()> {
        let owner_name = |k: &NodeKind| match k {
            NodeKind::Opportunity => "opportunities",
            NodeKind::Solution => "solutions",
            NodeKind::AssumptionTest => "assumption tests",
        };
        for (key, _) in self.filled() {
            let owners = NodeDetails::owners(key);
            if !owners.is_empty() && !owners.contains(&kind) {
                let names: Vec<&str> = owners.iter().map(owner_name).collect();
                return Err(Error::invalid(
                    &format!("details.{key}"),
                    format!(
                        "only {} have {}; this is a {}",
                        names.join(" and "),
                        key.replace('_', " "),
                        kind.as_str().replace('_', " ")
                    ),
                ));
            }
        }
        timestamp("details.shipped_at", &self.shipped_at)?;
        let scores = [
            ("frequency", self.frequency, 5),
            ("severity", self.severity, 5),
            ("reach", self.reach, 5),
            ("impact", self.impact, 10),
            ("confidence", self.confidence, 10),
            ("ease", self.ease, 10),
        ];
        for (key, v, max) in scores {
            if let Some(v) = v
                && !(1..=max).contains(&v)
            {
                return Err(Error::invalid(
                    &format!("details.{key}"),
                    format!("{key} must be a whole number from 1 to {max}, not {v}"),
                ));
            }
        }
        max_chars("details.score_note", &self.score_note, MAX_TITLE)?;
        for (key, v) in [
            ("details.assumption", &self.assumption),
            ("details.method", &self.method),
            ("details.success_criteria", &self.success_criteria),
            ("details.result", &self.result),
        ] {
            text(key, v)?;
        }
        Ok(())
    }
}

impl Validate for FeedbackInput {
    fn validate(&self) -> Result<()> {
        // A score alone is an answer (an NPS response without a comment).
        if self.text.trim().is_empty() && self.score.is_none() {
            return Err(Error::invalid(
                "text",
                "say what the customer said, or give their score",
            ));
        }
        text("text", &self.text)?;
        for (f, v) in [
            ("source", &self.source),
            ("title", &self.title),
            ("customer", &self.customer),
            ("email", &self.email),
            ("company", &self.company),
            ("segment", &self.segment),
        ] {
            max_chars(f, v, MAX_TITLE)?;
        }
        if self.attributes.len() > MAX_FEEDBACK_ATTRIBUTES {
            return Err(Error::invalid(
                "attributes",
                format!("at most {MAX_FEEDBACK_ATTRIBUTES} attributes"),
            ));
        }
        for a in &self.attributes {
            max_chars("attributes", &a.name, MAX_TITLE)?;
            text("attributes", &a.value)?;
        }
        if let Some(s) = self.score
            && !s.is_finite()
        {
            return Err(Error::invalid("score", "score must be a number"));
        }
        timestamp("received_at", &self.received_at)
    }
}
