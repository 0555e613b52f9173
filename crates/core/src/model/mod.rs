//! The objects of ARCHITECTURE.md §1 as the engine hands them out, the inputs that create and
//! update them, and their validation. Inputs carry every editable field (an update replaces
//! them all), so one validation covers create and update.

pub mod feedback;
pub mod names;
mod speakers;
pub(crate) mod validate;
pub mod workshop;

pub use speakers::{PreviousImport, SpeakerTarget};

pub use validate::Validate;
pub(crate) use validate::date as validate_date;
pub(crate) use validate::is_color;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most levels of nodes under the outcome. Far more than a tree anyone reads, and a
/// bound for everything that walks a tree: an outline ~2,800 levels deep (it fits under
/// the outline size limit) once overflowed the stack.
pub const MAX_DEPTH: usize = 100;

/// Every object kind that has an id, for trash, evidence links and search hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Participant,
    Interview,
    Segment,
    Note,
    Tag,
    Highlight,
    Insight,
    Persona,
    PersonaStatement,
    Tree,
    TreeNode,
    Feedback,
    Workshop,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 13] = [
        ObjectKind::Participant,
        ObjectKind::Interview,
        ObjectKind::Segment,
        ObjectKind::Note,
        ObjectKind::Tag,
        ObjectKind::Highlight,
        ObjectKind::Insight,
        ObjectKind::Persona,
        ObjectKind::PersonaStatement,
        ObjectKind::Tree,
        ObjectKind::TreeNode,
        ObjectKind::Feedback,
        ObjectKind::Workshop,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Participant => "participant",
            ObjectKind::Interview => "interview",
            ObjectKind::Segment => "segment",
            ObjectKind::Note => "note",
            ObjectKind::Tag => "tag",
            ObjectKind::Highlight => "highlight",
            ObjectKind::Insight => "insight",
            ObjectKind::Persona => "persona",
            ObjectKind::PersonaStatement => "persona_statement",
            ObjectKind::Tree => "tree",
            ObjectKind::TreeNode => "tree_node",
            ObjectKind::Feedback => "feedback",
            ObjectKind::Workshop => "workshop",
        }
    }

    pub fn parse(s: &str) -> Option<ObjectKind> {
        ObjectKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The table holding objects of this kind.
    pub(crate) fn table(self) -> &'static str {
        match self {
            ObjectKind::Participant => "participants",
            ObjectKind::Interview => "interviews",
            ObjectKind::Segment => "transcript_segments",
            ObjectKind::Note => "notes",
            ObjectKind::Tag => "tags",
            ObjectKind::Highlight => "highlights",
            ObjectKind::Insight => "insights",
            ObjectKind::Persona => "personas",
            ObjectKind::PersonaStatement => "persona_statements",
            ObjectKind::Tree => "trees",
            ObjectKind::TreeNode => "tree_nodes",
            ObjectKind::Feedback => "feedback_items",
            ObjectKind::Workshop => "workshops",
        }
    }

    /// Kinds that go to the trash (and can be restored) rather than being deleted outright.
    pub fn is_trashable(self) -> bool {
        !matches!(self, ObjectKind::Segment | ObjectKind::PersonaStatement)
    }
}

impl std::fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A typed reference to any object: the ends of an evidence link, a trash entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ObjectRef {
    pub kind: ObjectKind,
    pub id: String,
}

/// A closed set of values stored as text; the first variant is the default.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $first:ident = $first_s:literal $(, $variant:ident = $s:literal)* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { #[default] $first $(, $variant)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$name::$first $(, $name::$variant)*];
            pub fn as_str(self) -> &'static str {
                match self { $name::$first => $first_s $(, $name::$variant => $s)* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }
        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} '{s}'", stringify!($name)).into()))
            }
        }
    };
}

string_enum!(
    /// Whether a participant agreed to their words being used.
    Consent { Unknown = "unknown", Given = "given", Withdrawn = "withdrawn" }
);
string_enum!(
    InterviewMethod { Interview = "interview", UsabilityTest = "usability_test", Survey = "survey", SupportCall = "support_call", SalesCall = "sales_call" }
);
string_enum!(
    InterviewStatus { Done = "done", Planned = "planned", Synthesised = "synthesised" }
);
string_enum!(
    /// Whether a highlight's anchor still points at its quote after edits of the source.
    AnchorState { Ok = "ok", Moved = "moved", Lost = "lost" }
);
string_enum!(
    StatementKind { Goal = "goal", Pain = "pain", Job = "job", Behaviour = "behaviour", Quote = "quote" }
);
string_enum!(
    NodeKind { Opportunity = "opportunity", Solution = "solution", AssumptionTest = "assumption_test" }
);
string_enum!(
    /// Assumption tests use planned..inconclusive; opportunities and solutions open/done/dropped.
    NodeStatus { Open = "open", Planned = "planned", Running = "running", Passed = "passed", Failed = "failed", Inconclusive = "inconclusive", Done = "done", Dropped = "dropped" }
);
string_enum!(
    /// What an assumption test checks (Torres' five kinds of assumption).
    TestCategory { Desirability = "desirability", Viability = "viability", Feasibility = "feasibility", Usability = "usability", Ethics = "ethics" }
);

impl From<crate::import::StatementKind> for StatementKind {
    fn from(k: crate::import::StatementKind) -> Self {
        use crate::import::StatementKind as K;
        match k {
            K::Goal => StatementKind::Goal,
            K::Pain => StatementKind::Pain,
            K::Job => StatementKind::Job,
            K::Behaviour => StatementKind::Behaviour,
            K::Quote => StatementKind::Quote,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Participant {
    pub id: String,
    #[serde(flatten)]
    pub input: ParticipantInput,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct ParticipantInput {
    pub name: String,
    pub role: String,
    pub company: String,
    pub segment: String,
    /// Personal data: redacted on export when asked.
    pub email: String,
    /// Personal data: redacted on export when asked.
    pub phone: String,
    pub consent: Consent,
    pub consent_date: Option<String>,
    pub consent_scope: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Interview {
    pub id: String,
    #[serde(flatten)]
    pub input: InterviewInput,
    /// The file it was imported from, if any.
    pub source_file: Option<String>,
    pub segment_count: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct InterviewInput {
    pub title: String,
    /// `YYYY-MM-DD`
    pub date: Option<String>,
    pub interviewer: String,
    pub method: InterviewMethod,
    pub product_area: String,
    pub status: InterviewStatus,
    /// Markdown.
    pub notes: String,
    pub participant_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Segment {
    pub id: String,
    pub interview_id: String,
    pub position: i64,
    pub speaker: Option<String>,
    pub participant_id: Option<String>,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub text: String,
    /// A passage merged from several caption cues: where each cue starts in the text and
    /// in the recording, so a click on a word can seek to its second. Empty otherwise.
    pub cues: Vec<CueMark>,
}

/// The longest value of a persona's custom field (`attributes`), in characters.
pub const MAX_ATTRIBUTE: usize = 500;

impl Segment {
    /// When the words `offset` characters into the passage were said: the start of the cue
    /// they are in (a merged passage), else the passage's start.
    pub fn time_at(&self, offset: i64) -> Option<i64> {
        self.cues
            .iter()
            .take_while(|c| c.at <= offset)
            .last()
            .map(|c| c.ms)
            .or(self.start_ms)
    }
}

/// One caption cue inside a merged passage: it starts `at` characters (Unicode scalar
/// values, as highlight offsets count) into the passage's text, `ms` into the recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CueMark {
    pub at: i64,
    pub ms: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct SegmentInput {
    pub speaker: Option<String>,
    pub participant_id: Option<String>,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub text: String,
    /// The cue times of a merged passage (see `Segment::cues`). Absent on an update: the
    /// passage keeps the ones it has (those past the end of a shortened text are dropped).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cues: Option<Vec<CueMark>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Note {
    pub id: String,
    #[serde(flatten)]
    pub input: NoteInput,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct NoteInput {
    pub title: String,
    /// Markdown.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tag {
    pub id: String,
    #[serde(flatten)]
    pub input: TagInput,
    /// Names from the root down to this tag, joined with " / ".
    pub path: String,
    /// Highlights carrying this tag (not counting children).
    pub usage_count: i64,
    /// Highlights carrying this tag or any tag below it, each counted once.
    pub total_count: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TagInput {
    pub name: String,
    pub parent_id: Option<String>,
    /// `#rrggbb`
    pub color: String,
    pub description: String,
}

/// What goes between the texts of passages a quote runs over.
pub const PASSAGE_JOIN: &str = " ";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Highlight {
    pub id: String,
    #[serde(flatten)]
    pub input: HighlightInput,
    /// Taken from the segment at creation: who said it and when.
    pub speaker: Option<String>,
    pub participant_id: Option<String>,
    pub start_ms: Option<i64>,
    /// For a quote over several passages: where it ends in its last passage
    /// (`end_segment_id`), in characters; None for a quote within one passage.
    pub end_offset: Option<i64>,
    pub anchor: AnchorState,
    pub created_at: String,
    pub updated_at: String,
}

/// Where a highlight sits: a transcript segment of an interview, the notes of an
/// interview, a note, or a feedback item's text; `start`/`end` are character offsets into that text.
///
/// A quote may run on over the following passages of a transcript (a sentence broken over
/// caption cues): then `end_segment_id` is its last passage, `start` is where it begins in the
/// first one, `end` is the end of the first passage's text and the highlight's `end_offset`
/// says where it stops in the last. Its `quote` is the passages' text from `start` to there,
/// joined by one space (`PASSAGE_JOIN`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct HighlightInput {
    pub interview_id: Option<String>,
    pub note_id: Option<String>,
    /// A quote from a feedback item's text (coded like a transcript).
    pub feedback_id: Option<String>,
    pub segment_id: Option<String>,
    /// The last passage of a quote over several; None when it ends in `segment_id`.
    pub end_segment_id: Option<String>,
    pub start: i64,
    pub end: i64,
    pub quote: String,
    pub comment: String,
    pub tag_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Insight {
    pub id: String,
    #[serde(flatten)]
    pub input: InsightInput,
    /// Distinct people behind its evidence: the participants who said its quotes and the
    /// customers of its feedback (items, and quotes coded in them).
    pub strength: i64,
    /// Marked ready for stakeholders: a research pack can take only what is published.
    #[serde(default)]
    pub published: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct InsightInput {
    pub title: String,
    pub body: String,
    pub highlight_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Persona {
    pub id: String,
    #[serde(flatten)]
    pub input: PersonaInput,
    pub statements: Vec<PersonaStatement>,
    /// Marked ready for stakeholders: a research pack can take only what is published.
    #[serde(default)]
    pub published: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PersonaInput {
    pub name: String,
    pub role: String,
    pub summary: String,
    /// A small image as a `data:image/…;base64,` URL, or none for generated initials.
    pub avatar: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string>"))]
    pub attributes: BTreeMap<String, String>,
    pub participant_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonaStatement {
    pub id: String,
    pub persona_id: String,
    pub kind: StatementKind,
    pub text: String,
    pub position: i64,
    /// Highlights linked as evidence.
    pub highlight_ids: Vec<String>,
    /// Distinct participants behind `highlight_ids`.
    pub strength: i64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PersonaStatementInput {
    pub kind: StatementKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tree {
    pub id: String,
    #[serde(flatten)]
    pub input: TreeInput,
    pub created_at: String,
    pub updated_at: String,
}

/// A tree's root is its desired outcome.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TreeInput {
    pub title: String,
    pub metric: String,
    pub baseline: String,
    pub target: String,
    /// `YYYY-MM-DD`
    pub target_date: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TreeNode {
    pub id: String,
    pub tree_id: String,
    #[serde(flatten)]
    pub input: TreeNodeInput,
    pub created_at: String,
    pub updated_at: String,
    /// Opportunities: frequency × severity × reach; solutions: ICE, impact × confidence ×
    /// ease. None until all three are scored.
    #[serde(default)]
    pub score: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TreeNodeInput {
    /// None: directly under the outcome.
    pub parent_id: Option<String>,
    pub kind: NodeKind,
    pub title: String,
    pub description: String,
    pub position: i64,
    pub status: NodeStatus,
    /// Kind-specific fields; those of another kind must stay empty.
    pub details: NodeDetails,
}

/// The fields only some kinds of node have, stored as the node's `details` JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct NodeDetails {
    // Opportunity: how often, how badly and how many customers it hurts, 1–5 each.
    pub frequency: Option<i64>,
    pub severity: Option<i64>,
    pub reach: Option<i64>,
    /// Why the scores are what they are.
    pub score_note: String,
    /// The opportunity the team has chosen to pursue; at most one per tree.
    pub target: bool,
    // Solution: ICE, 1–10 each.
    pub impact: Option<i64>,
    pub confidence: Option<i64>,
    pub ease: Option<i64>,
    // Assumption test (its status is the node's status).
    pub assumption: String,
    pub category: Option<TestCategory>,
    pub method: String,
    pub success_criteria: String,
    pub result: String,
    /// Opportunity or solution: when it shipped (RFC 3339); the people behind its evidence
    /// can then be told ("Tell them").
    pub shipped_at: Option<String>,
    /// Opportunity or solution: the dots a prioritise-tree workshop gave it.
    pub votes: Option<i64>,
}

impl NodeDetails {
    /// The keys `details` may have, in the order exports write them.
    pub const KEYS: &'static [&'static str] = &[
        "frequency",
        "severity",
        "reach",
        "score_note",
        "target",
        "impact",
        "confidence",
        "ease",
        "assumption",
        "category",
        "method",
        "success_criteria",
        "result",
        "shipped_at",
        "votes",
    ];

    /// Which kinds of node may carry `key` (empty for a key that is not one).
    pub fn owners(key: &str) -> &'static [NodeKind] {
        match key {
            "frequency" | "severity" | "reach" | "score_note" | "target" => {
                &[NodeKind::Opportunity]
            }
            "impact" | "confidence" | "ease" => &[NodeKind::Solution],
            "assumption" | "category" | "method" | "success_criteria" | "result" => {
                &[NodeKind::AssumptionTest]
            }
            "shipped_at" | "votes" => &[NodeKind::Opportunity, NodeKind::Solution],
            _ => &[],
        }
    }

    /// The keys that hold a value, as (key, value as text), in `KEYS` order.
    pub fn filled(&self) -> Vec<(&'static str, String)> {
        let num = |v: Option<i64>| v.map(|v| v.to_string());
        let text = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
        let values = [
            num(self.frequency),
            num(self.severity),
            num(self.reach),
            text(&self.score_note),
            self.target.then(|| "yes".to_string()),
            num(self.impact),
            num(self.confidence),
            num(self.ease),
            text(&self.assumption),
            self.category.map(|c| c.as_str().to_string()),
            text(&self.method),
            text(&self.success_criteria),
            text(&self.result),
            self.shipped_at.clone(),
            num(self.votes),
        ];
        Self::KEYS
            .iter()
            .zip(values)
            .filter_map(|(k, v)| v.map(|v| (*k, v)))
            .collect()
    }

    /// Frequency × severity × reach for opportunities, impact × confidence × ease for
    /// solutions, once all three are set.
    pub fn score(&self, kind: NodeKind) -> Option<i64> {
        let [a, b, c] = match kind {
            NodeKind::Opportunity => [self.frequency, self.severity, self.reach],
            NodeKind::Solution => [self.impact, self.confidence, self.ease],
            NodeKind::AssumptionTest => return None,
        };
        Some(a? * b? * c?)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evidence {
    pub id: String,
    pub from: ObjectRef,
    pub to: ObjectRef,
    pub comment: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeedbackItem {
    pub id: String,
    #[serde(flatten)]
    pub input: FeedbackInput,
    /// Where it is in triage: new → reviewed → linked (evidence for a decision) → closed.
    #[serde(default)]
    pub state: FeedbackState,
    /// When the state last changed (RFC 3339).
    #[serde(default)]
    pub state_changed_at: Option<String>,
    /// When it was closed (the customer was told, or it needs nothing more).
    #[serde(default)]
    pub closed_at: Option<String>,
    /// Another live item with the same text from the same customer, if any.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FeedbackInput {
    /// Where it came from: a file name, "support", "app store", …
    pub source: String,
    /// A one-line summary: the ticket's subject, the review's title, a survey's most telling answer.
    pub title: String,
    pub customer: String,
    pub email: String,
    pub company: String,
    /// The customer's plan, segment or tier, as the export names it.
    pub segment: String,
    pub score: Option<f64>,
    /// What the score measures, when it is known: NPS (0–10) or CSAT (1–5).
    pub score_kind: Option<ScoreKind>,
    pub text: String,
    /// When the customer said it (RFC 3339), if known.
    pub received_at: Option<String>,
    /// Every other column of the row it came from, in the file's order.
    pub attributes: Vec<Attribute>,
}

impl FeedbackInput {
    /// What a list or a quote's source line calls the item: its title, else who said it.
    pub fn label(&self) -> String {
        [&self.title, &self.customer, &self.source]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| "Feedback".into())
    }
}

/// One more thing a feedback export said about an item: a column and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attribute {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    /// "How likely are you to recommend …", 0–10.
    Nps,
    /// Satisfaction or a star rating, 1–5.
    Csat,
}

impl ScoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreKind::Nps => "nps",
            ScoreKind::Csat => "csat",
        }
    }
    pub fn parse(s: &str) -> Option<ScoreKind> {
        match s {
            "nps" => Some(ScoreKind::Nps),
            "csat" => Some(ScoreKind::Csat),
            _ => None,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackState {
    #[default]
    New,
    Reviewed,
    Linked,
    Closed,
}

impl FeedbackState {
    pub const ALL: [FeedbackState; 4] = [
        FeedbackState::New,
        FeedbackState::Reviewed,
        FeedbackState::Linked,
        FeedbackState::Closed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackState::New => "new",
            FeedbackState::Reviewed => "reviewed",
            FeedbackState::Linked => "linked",
            FeedbackState::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<FeedbackState> {
        FeedbackState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrashEntry {
    pub kind: ObjectKind,
    pub id: String,
    pub title: String,
    pub deleted_at: String,
}

/// Counts per object kind (live objects only), as `groundwork stats` shows them.
pub type KindCounts = BTreeMap<String, i64>;
