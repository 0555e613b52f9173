//! Workshops as they cross the API: the facilitator's whole board, and the one view a
//! participant's phone may see (`ParticipantView`), which holds nothing about anyone else —
//! no ids, no nicknames, no authors, and no totals before the reveal. Everything a phone
//! receives is built by `workshops::view`, from these types only.

use super::NodeKind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Recipe {
    /// How Might We notes on an opportunity.
    Hmw,
    NoteAndVote,
    /// Lightning Decision Jam: problems → vote → reframe as HMW → solutions → vote → 2×2.
    Ldj,
    /// The board seeded with a tree's nodes; the votes are written back onto them.
    PrioritiseTree,
}

impl Recipe {
    pub fn as_str(self) -> &'static str {
        match self {
            Recipe::Hmw => "hmw",
            Recipe::NoteAndVote => "note_and_vote",
            Recipe::Ldj => "ldj",
            Recipe::PrioritiseTree => "prioritise_tree",
        }
    }
    pub fn parse(s: &str) -> Option<Recipe> {
        [
            Recipe::Hmw,
            Recipe::NoteAndVote,
            Recipe::Ldj,
            Recipe::PrioritiseTree,
        ]
        .into_iter()
        .find(|r| r.as_str() == s || r.as_str().replace('_', "-") == s)
    }
    /// The steps the recipe runs, in order. `focus` is what the room works on (the seeded
    /// opportunity's title for How Might We).
    pub fn steps(self, focus: Option<&str>) -> Vec<WorkshopStep> {
        use Activity::*;
        let step = |board: &str, activity: Activity, prompt: String| WorkshopStep {
            board: board.to_string(),
            activity,
            prompt,
        };
        match self {
            Recipe::NoteAndVote => vec![
                step(
                    "ideas",
                    Write,
                    "Write your ideas, one per note. Nobody sees them until the time is up.".into(),
                ),
                step(
                    "ideas",
                    Group,
                    "Put notes that say the same thing together.".into(),
                ),
                step(
                    "ideas",
                    Vote,
                    "Put your dots on the ideas worth doing.".into(),
                ),
                step("ideas", Reveal, "The results.".into()),
                step("ideas", Decide, "The decider chooses.".into()),
            ],
            Recipe::Hmw => {
                let on = focus.map(|f| format!(" about “{f}”")).unwrap_or_default();
                vec![
                    step(
                        "hmw",
                        Write,
                        format!("Write “How might we…” questions{on}, one per note."),
                    ),
                    step(
                        "hmw",
                        Group,
                        "Put questions that ask the same thing together.".into(),
                    ),
                    step(
                        "hmw",
                        Vote,
                        "Put your dots on the questions worth answering.".into(),
                    ),
                    step("hmw", Reveal, "The results.".into()),
                ]
            }
            Recipe::Ldj => vec![
                step(
                    "problems",
                    Write,
                    "What is getting in our way? One problem per note.".into(),
                ),
                step(
                    "problems",
                    Group,
                    "Put problems that are the same together.".into(),
                ),
                step(
                    "problems",
                    Vote,
                    "Which problems matter most? Put your dots on them.".into(),
                ),
                step("problems", Reveal, "The problems the room chose.".into()),
                step(
                    "hmw",
                    Write,
                    "Reframe the top problems as “How might we…” questions.".into(),
                ),
                step(
                    "solutions",
                    Write,
                    "Write solutions to the questions, one per note.".into(),
                ),
                step(
                    "solutions",
                    Vote,
                    "Which solutions would you try? Put your dots on them.".into(),
                ),
                step(
                    "solutions",
                    Decide,
                    "The decider chooses the solutions to try.".into(),
                ),
                step(
                    "solutions",
                    Matrix,
                    "Effort and impact of the chosen solutions.".into(),
                ),
            ],
            Recipe::PrioritiseTree => vec![
                step(
                    "options",
                    Vote,
                    "Put your dots on what we should work on next.".into(),
                ),
                step("options", Reveal, "The results.".into()),
            ],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Recipe::Hmw => "How Might We",
            Recipe::NoteAndVote => "Note-and-Vote",
            Recipe::Ldj => "Lightning Decision Jam",
            Recipe::PrioritiseTree => "Prioritise a tree",
        }
    }
}

/// What a step asks of the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// Silent, anonymous notes: nobody sees anyone else's until the step is over.
    Write,
    Group,
    /// Dots; totals stay hidden.
    Vote,
    Reveal,
    /// Results, and the decider's supervotes.
    Decide,
    /// Results placed on an effort/impact 2×2 by the facilitator.
    Matrix,
}

impl Activity {
    /// Whether totals may be shown to the room.
    pub fn shows_results(self) -> bool {
        matches!(self, Activity::Reveal | Activity::Decide | Activity::Matrix)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkshopStep {
    /// The board the step works on: notes and groups belong to a board.
    pub board: String,
    pub activity: Activity,
    pub prompt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct WorkshopSettings {
    pub votes_per_person: u32,
    /// Extra dots the decider has in each vote step (the decider may get more).
    pub decider_votes: u32,
    /// Most dots one person may put on one item (1 when stacking is off).
    pub per_item_cap: u32,
    pub stacking: bool,
    /// The decider's supervotes in a decide step.
    pub supervotes: u32,
    /// Whether participants may group notes too (else only the facilitator).
    pub everyone_groups: bool,
    /// Whether people may still join once the first step is over.
    pub latecomers: bool,
    /// Most notes one person may write.
    pub max_notes: u32,
}

impl Default for WorkshopSettings {
    fn default() -> Self {
        WorkshopSettings {
            votes_per_person: 3,
            decider_votes: 0,
            per_item_cap: 3,
            stacking: true,
            supervotes: 1,
            everyone_groups: false,
            latecomers: true,
            max_notes: 50,
        }
    }
}

/// What the board starts with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct WorkshopSeed {
    pub tree_id: Option<String>,
    pub node_ids: Vec<String>,
    pub highlight_ids: Vec<String>,
    pub insight_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkshopInput {
    pub title: String,
    pub recipe: Recipe,
    /// `None`: the defaults.
    pub settings: Option<WorkshopSettings>,
    #[serde(default)]
    pub seed: WorkshopSeed,
}

/// One authoritative end time on the laptop. Running: `ends_at_ms` (Unix ms); paused:
/// `paused_left_ms`; neither: no timer. Clients compare with `server_now_ms`, so a phone
/// whose clock is wrong still shows the right time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkshopTimer {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub ends_at_ms: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub paused_left_ms: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TimerAction {
    Start { secs: u32 },
    Pause,
    Resume,
    Add { secs: u32 },
    Clear,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Workshop {
    pub id: String,
    pub title: String,
    pub recipe: Recipe,
    pub settings: WorkshopSettings,
    pub seed: WorkshopSeed,
    pub steps: Vec<WorkshopStep>,
    pub step: u32,
    pub locked: bool,
    pub timer: WorkshopTimer,
    /// Where the room joined last (reused on resume so phones keep their credential).
    pub listen_addr: Option<String>,
    pub participants: u32,
    pub notes: u32,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Workshop {
    pub fn current(&self) -> &WorkshopStep {
        &self.steps[(self.step as usize).min(self.steps.len() - 1)]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SeatRole {
    Participant,
    /// Has supervotes in a decide step.
    Decider,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardNote {
    pub id: String,
    pub group_id: String,
    pub board: String,
    pub text: String,
    pub hidden: bool,
    /// Seeded from the workspace (a highlight, an insight, a tree node).
    pub seeded: bool,
    pub by_facilitator: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardGroup {
    pub id: String,
    pub board: String,
    pub title: String,
    pub position: i64,
    pub notes: Vec<BoardNote>,
    pub votes: u32,
    pub supervotes: u32,
    /// How many people voted for it.
    pub voters: u32,
    pub effort: Option<u8>,
    pub impact: Option<u8>,
    /// The tree node a prioritise-tree group stands for.
    pub node_id: Option<String>,
}

impl BoardGroup {
    /// Its title, else its first visible note's text: how exports and promotions name it.
    pub fn name(&self) -> String {
        if !self.title.trim().is_empty() {
            return self.title.trim().to_string();
        }
        self.notes
            .iter()
            .find(|n| !n.hidden)
            .map(|n| n.text.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Seat {
    pub id: String,
    pub nickname: Option<String>,
    pub role: SeatRole,
    /// Said "I'm done" with the current step.
    pub done: bool,
    pub votes_used: u32,
    pub joined_at: String,
    pub removed: bool,
}

/// Everything, for the facilitator and the projector.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkshopBoard {
    pub workshop: Workshop,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub server_now_ms: i64,
    /// Every board's groups, by board and position.
    pub groups: Vec<BoardGroup>,
    pub seats: Vec<Seat>,
    /// How many present participants are done with the current step.
    pub done: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum PromoteTarget {
    TreeNode {
        tree_id: String,
        parent_id: Option<String>,
        kind: NodeKind,
    },
    Insight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WorkshopFormat {
    Md,
    Csv,
    Svg,
}

// ---- what a participant may see and do ----

/// Who a participant credential stands for; made only from a verified credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatKey {
    pub workshop_id: String,
    pub participant_id: String,
}

/// A phone's request (`POST /w/api`). It has no facilitator action: what a participant can
/// ask for is decided by this type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(
    tag = "cmd",
    content = "args",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum ParticipantRequest {
    State {},
    PutNote {
        client_key: String,
        text: String,
    },
    DeleteMyNote {
        client_key: String,
    },
    SetVote {
        group_id: String,
        count: u32,
        #[serde(default)]
        supervote: bool,
    },
    SetDone {
        done: bool,
    },
    MoveNote {
        note_id: String,
        group_id: Option<String>,
    },
    SetNickname {
        nickname: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyNote {
    pub id: String,
    pub client_key: String,
    pub text: String,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeenNote {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeenGroup {
    pub id: String,
    pub title: String,
    pub notes: Vec<SeenNote>,
    /// Only once results are shown.
    pub votes: Option<u32>,
    pub supervotes: Option<u32>,
}

/// A participant's own dots on a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MyDots {
    pub group_id: String,
    pub dots: u32,
    pub super_dots: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Me {
    pub id: String,
    pub nickname: Option<String>,
    pub role: SeatRole,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voting {
    pub votes_per_person: u32,
    pub votes_left: u32,
    pub per_item_cap: u32,
    pub stacking: bool,
    pub supervotes_left: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantView {
    pub workshop_id: String,
    pub title: String,
    pub step: u32,
    pub steps: u32,
    pub activity: Activity,
    pub board: String,
    pub prompt: String,
    pub locked: bool,
    pub ended: bool,
    pub timer: WorkshopTimer,
    pub server_now_ms: i64,
    pub me: Me,
    pub my_notes: Vec<MyNote>,
    /// The board as everyone sees it (the same for every phone; which notes are this
    /// phone's own is `my_notes`). `None` when it is the same as in the last view this phone
    /// was sent: a room of 50 votes on a board of 1,000 notes, and the board stays put.
    pub groups: Option<Vec<SeenGroup>>,
    /// This phone's own dots, per group that has any.
    pub my_dots: Vec<MyDots>,
    pub voting: Option<Voting>,
    pub ranked: Option<Vec<String>>,
    pub done_count: u32,
    pub participant_count: u32,
    pub everyone_groups: bool,
    pub rev: i64,
}
