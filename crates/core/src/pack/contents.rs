//! What a pack holds: the objects its scope takes, with what participants withdrew (or never
//! gave) consent for left out of everything, and every link narrowed to what is in the pack.

use super::PackScope;
use crate::error::Result;
use crate::model::*;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// Something left out of a pack, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LeftOut {
    /// `consent_withdrawn` or `consent_unknown`.
    pub reason: String,
    pub participants: u64,
    pub passages: u64,
    pub highlights: u64,
}

/// The evidence of each node of a tree that is in the pack, by node id.
pub(crate) type NodeEvidence = HashMap<String, Vec<ObjectRef>>;

/// A name and what replaces it.
pub(crate) struct Alias {
    pub name: String,
    pub pseudonym: String,
    /// Whether each part of it is a name too ("Ana" of "Ana Lima").
    pub parts: bool,
    /// Replaced whether or not names are redacted: someone whose words are left out.
    pub always: bool,
}

pub(crate) struct Contents {
    pub participants: Vec<Participant>,
    pub interviews: Vec<(Interview, Vec<Segment>)>,
    pub notes: Vec<Note>,
    pub tags: Vec<Tag>,
    pub highlights: Vec<Highlight>,
    /// Evidence narrowed to the highlights in the pack.
    pub insights: Vec<Insight>,
    pub personas: Vec<Persona>,
    /// Each tree with its nodes and, per node, the evidence in the pack.
    pub trees: Vec<(Tree, Vec<TreeNode>, NodeEvidence)>,
    pub feedback: Vec<FeedbackItem>,
    /// What shipped in the pack's trees, with the feedback behind it, names left out ("You
    /// said, we did"); only when the pack takes feedback.
    pub shipped: Vec<crate::model::feedback::ShippedChange>,
    /// Workshops' boards: groups, their notes and totals (no participant is in a board).
    pub workshops: Vec<crate::model::workshop::WorkshopBoard>,
    pub left_out: Vec<LeftOut>,
    /// Everyone a pack may name, in a fixed order.
    pub pseudonyms: Vec<Alias>,
    participant_pseudonym: HashMap<String, String>,
    speaker_pseudonym: HashMap<String, String>,
    customer_pseudonym: HashMap<String, String>,
    persona_pseudonym: HashMap<String, String>,
    participant_names: HashMap<String, String>,
    consented_only: bool,
    /// Position of each highlight in `highlights`, by id.
    highlight_at: HashMap<String, usize>,
    /// Position of each tag in `tags`, by id.
    tag_at: HashMap<String, usize>,
}

impl Contents {
    pub fn gather(ws: &Workspace, scope: &PackScope) -> Result<Contents> {
        let in_range = |date: Option<&str>| {
            let day = date.map(|d| &d[..d.len().min(10)]);
            match (&scope.from, &scope.to, day) {
                (None, None, _) => true,
                (_, _, None) => false,
                (from, to, Some(d)) => {
                    from.as_deref().is_none_or(|f| d >= f) && to.as_deref().is_none_or(|t| d <= t)
                }
            }
        };
        let wanted = |ids: &[String], id: &str| ids.is_empty() || ids.iter().any(|i| i == id);

        // Consent: who is left out, and why.
        let all_participants = ws.participants()?;
        let excluded: HashMap<&str, Consent> = all_participants
            .iter()
            .filter(|p| {
                p.input.consent == Consent::Withdrawn
                    || (scope.consented_only && p.input.consent == Consent::Unknown)
            })
            .map(|p| (p.id.as_str(), p.input.consent))
            .collect();
        let left: RefCell<HashMap<Consent, LeftOut>> = RefCell::default();
        let count = |consent: Consent, what: fn(&mut LeftOut)| {
            let mut left = left.borrow_mut();
            what(left.entry(consent).or_insert_with(|| LeftOut {
                reason: format!("consent_{}", consent.as_str()),
                participants: 0,
                passages: 0,
                highlights: 0,
            }));
        };
        let said_by_excluded =
            |pid: &Option<String>| pid.as_deref().and_then(|p| excluded.get(p).copied());

        // "Only published": the evidence of the published insights and personas, and the
        // interviews it comes from.
        let published: Option<(HashSet<String>, HashSet<String>)> = if scope.published_only {
            let mut evidence: HashSet<String> = HashSet::new();
            for i in ws.insights()?.into_iter().filter(|i| i.published) {
                if wanted(&scope.insight_ids, &i.id) {
                    evidence.extend(i.input.highlight_ids);
                }
            }
            for p in ws.personas()?.into_iter().filter(|p| p.published) {
                if wanted(&scope.persona_ids, &p.id) {
                    evidence.extend(p.statements.into_iter().flat_map(|s| s.highlight_ids));
                }
            }
            let sources = ws
                .highlights()?
                .into_iter()
                .filter(|h| evidence.contains(&h.id))
                .filter_map(|h| h.input.interview_id)
                .collect();
            Some((evidence, sources))
        } else {
            None
        };
        let interviews: Vec<Interview> = ws
            .interviews()?
            .into_iter()
            .filter(|i| {
                published
                    .as_ref()
                    .is_none_or(|(_, from)| from.contains(&i.id))
            })
            .filter(|i| wanted(&scope.interview_ids, &i.id) && in_range(i.input.date.as_deref()))
            .filter(|i| {
                scope.participant_ids.is_empty()
                    || i.input
                        .participant_ids
                        .iter()
                        .any(|p| scope.participant_ids.contains(p))
            })
            .collect();
        let interview_ids: HashSet<&str> = interviews.iter().map(|i| i.id.as_str()).collect();
        let whole = scope.interview_ids.is_empty()
            && !scope.published_only
            && scope.participant_ids.is_empty()
            && scope.from.is_none()
            && scope.to.is_none();

        let all_tags = ws.tags()?;
        let tag_filter: Option<HashSet<String>> =
            (!scope.tag_ids.is_empty()).then(|| descendants(&all_tags, &scope.tag_ids));

        let mut with_segments = Vec::with_capacity(interviews.len());
        for interview in interviews.iter() {
            let segments = ws
                .segments(&interview.id)?
                .into_iter()
                .filter(|s| match said_by_excluded(&s.participant_id) {
                    Some(c) => {
                        count(c, |l| l.passages += 1);
                        false
                    }
                    None => true,
                })
                .filter(|s| {
                    scope.participant_ids.is_empty()
                        || s.participant_id
                            .as_ref()
                            .is_none_or(|p| scope.participant_ids.contains(p))
                })
                .collect();
            with_segments.push((interview.clone(), segments));
        }
        let notes: Vec<Note> = if whole { ws.notes()? } else { Vec::new() };
        let note_ids: HashSet<&str> = notes.iter().map(|n| n.id.as_str()).collect();

        let highlights: Vec<Highlight> = ws
            .highlights()?
            .into_iter()
            .filter(|h| {
                h.input
                    .interview_id
                    .as_deref()
                    .is_some_and(|i| interview_ids.contains(i))
                    || h.input
                        .note_id
                        .as_deref()
                        .is_some_and(|n| note_ids.contains(n))
            })
            .filter(|h| match said_by_excluded(&h.participant_id) {
                Some(c) => {
                    count(c, |l| l.highlights += 1);
                    false
                }
                None => true,
            })
            .filter(|h| {
                scope.participant_ids.is_empty()
                    || h.participant_id
                        .as_ref()
                        .is_some_and(|p| scope.participant_ids.contains(p))
            })
            .filter(|h| {
                tag_filter
                    .as_ref()
                    .is_none_or(|t| h.input.tag_ids.iter().any(|id| t.contains(id)))
            })
            .filter(|h| published.as_ref().is_none_or(|(e, _)| e.contains(&h.id)))
            .collect();
        let highlight_ids: HashSet<&str> = highlights.iter().map(|h| h.id.as_str()).collect();

        // The codebook: the chosen tags (and those below), or every tag.
        let tags: Vec<Tag> = all_tags
            .into_iter()
            .filter(|t| tag_filter.as_ref().is_none_or(|f| f.contains(&t.id)))
            .collect();

        let participants: Vec<Participant> = {
            let mentioned: HashSet<&str> = with_segments
                .iter()
                .flat_map(|(i, _)| i.input.participant_ids.iter().map(String::as_str))
                .chain(
                    highlights
                        .iter()
                        .filter_map(|h| h.participant_id.as_deref()),
                )
                .collect();
            all_participants
                .iter()
                .filter(|p| !excluded.contains_key(p.id.as_str()))
                .filter(|p| wanted(&scope.participant_ids, &p.id))
                .filter(|p| whole || mentioned.contains(p.id.as_str()))
                .cloned()
                .collect()
        };
        for p in &all_participants {
            if let Some(c) = excluded.get(p.id.as_str()) {
                count(*c, |l| l.participants += 1);
            }
        }
        let participant_ids: HashSet<&str> = participants.iter().map(|p| p.id.as_str()).collect();

        let narrow = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .filter(|id| highlight_ids.contains(id.as_str()))
                .cloned()
                .collect()
        };
        let insights: Vec<Insight> = ws
            .insights()?
            .into_iter()
            .filter(|i| wanted(&scope.insight_ids, &i.id))
            .filter(|i| !scope.published_only || i.published)
            .map(|mut i| {
                i.input.highlight_ids = narrow(&i.input.highlight_ids);
                i.strength = distinct_people(&highlights, &i.input.highlight_ids);
                i
            })
            .collect();
        let personas: Vec<Persona> = ws
            .personas()?
            .into_iter()
            .filter(|p| wanted(&scope.persona_ids, &p.id))
            .filter(|p| !scope.published_only || p.published)
            .map(|mut p| {
                p.input
                    .participant_ids
                    .retain(|id| participant_ids.contains(id.as_str()));
                for s in &mut p.statements {
                    s.highlight_ids = narrow(&s.highlight_ids);
                    s.strength = distinct_people(&highlights, &s.highlight_ids);
                }
                p
            })
            .collect();
        let feedback: Vec<FeedbackItem> = if scope.feedback && !scope.published_only {
            ws.feedback()?
                .into_iter()
                .filter(|f| in_range(f.input.received_at.as_deref()))
                .collect()
        } else {
            Vec::new()
        };

        let shipped = if scope.feedback && !scope.published_only {
            ws.you_said_we_did()?
                .into_iter()
                .filter(|s| wanted(&scope.tree_ids, &s.tree_id))
                .collect()
        } else {
            Vec::new()
        };

        let workshops = if scope.workshops && !scope.published_only {
            ws.workshops()?
                .into_iter()
                .filter(|w| w.notes > 0)
                .map(|w| ws.workshop_board(&w.id))
                .collect::<crate::Result<Vec<_>>>()?
        } else {
            Vec::new()
        };

        let insight_ids: HashSet<&str> = insights.iter().map(|i| i.id.as_str()).collect();
        let persona_ids: HashSet<&str> = personas.iter().map(|p| p.id.as_str()).collect();
        let feedback_ids: HashSet<&str> = feedback.iter().map(|f| f.id.as_str()).collect();
        let in_pack = |r: &ObjectRef| match r.kind {
            ObjectKind::Highlight => highlight_ids.contains(r.id.as_str()),
            ObjectKind::Insight => insight_ids.contains(r.id.as_str()),
            ObjectKind::Persona => persona_ids.contains(r.id.as_str()),
            ObjectKind::Interview => interview_ids.contains(r.id.as_str()),
            ObjectKind::Feedback => feedback_ids.contains(r.id.as_str()),
            _ => false,
        };
        let mut trees = Vec::new();
        for tree in ws
            .trees()?
            .into_iter()
            .filter(|t| wanted(&scope.tree_ids, &t.id))
            .filter(|_| !scope.published_only)
        {
            let nodes = ws.tree_nodes(&tree.id)?;
            let mut evidence = HashMap::new();
            for n in &nodes {
                let refs: Vec<ObjectRef> = ws
                    .evidence(&ObjectRef {
                        kind: ObjectKind::TreeNode,
                        id: n.id.clone(),
                    })?
                    .into_iter()
                    .map(|e| e.to)
                    .filter(|r| in_pack(r))
                    .collect();
                evidence.insert(n.id.clone(), refs);
            }
            trees.push((tree, nodes, evidence));
        }

        let mut contents = Contents {
            participants,
            interviews: with_segments,
            notes,
            tags,
            highlights,
            insights,
            personas,
            trees,
            feedback,
            shipped,
            workshops,
            left_out: {
                let mut l: Vec<LeftOut> = left.into_inner().into_values().collect();
                l.sort_by(|a, b| a.reason.cmp(&b.reason));
                l
            },
            pseudonyms: Vec::new(),
            participant_pseudonym: HashMap::new(),
            speaker_pseudonym: HashMap::new(),
            customer_pseudonym: HashMap::new(),
            persona_pseudonym: HashMap::new(),
            participant_names: all_participants
                .iter()
                .map(|p| (p.id.clone(), p.input.name.clone()))
                .collect(),
            consented_only: scope.consented_only,
            highlight_at: HashMap::new(),
            tag_at: HashMap::new(),
        };
        contents.tag_at = contents
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        contents.highlight_at = contents
            .highlights
            .iter()
            .enumerate()
            .map(|(i, h)| (h.id.clone(), i))
            .collect();
        contents.name_pseudonyms(&all_participants);
        Ok(contents)
    }

    /// P01 … for every participant of the workspace (so the same person has the same
    /// pseudonym in every pack of it, and a withdrawn participant's name is caught in what
    /// others said), then for speakers who are nobody's participant; C01 … for feedback
    /// customers; Persona A … for personas. Interviewers are "Interviewer".
    fn name_pseudonyms(&mut self, all: &[Participant]) {
        let mut sorted: Vec<&Participant> = all.iter().collect();
        sorted.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
        let mut n = 0;
        for p in sorted {
            n += 1;
            let left_out = match p.input.consent {
                Consent::Withdrawn => Some("[withdrawn]"),
                Consent::Unknown if self.consented_only => Some("[no consent]"),
                _ => None,
            };
            let alias = match left_out {
                Some(l) => l.to_string(),
                None => format!("P{n:02}"),
            };
            self.pseudonyms.push(Alias {
                name: p.input.name.clone(),
                pseudonym: alias.clone(),
                parts: true,
                always: left_out.is_some(),
            });
            self.participant_pseudonym.insert(p.id.clone(), alias);
        }
        for (interview, segments) in &self.interviews {
            let host = interview.input.interviewer.trim();
            if !host.is_empty() {
                self.pseudonyms.push(Alias::person(host, "Interviewer"));
            }
            for s in segments {
                let Some(label) = s.speaker.as_deref().map(str::trim) else {
                    continue;
                };
                if s.participant_id.is_some()
                    || label.is_empty()
                    || label.eq_ignore_ascii_case(host)
                    || self.speaker_pseudonym.contains_key(label)
                {
                    continue;
                }
                n += 1;
                let alias = format!("P{n:02}");
                self.pseudonyms.push(Alias::person(label, &alias));
                self.speaker_pseudonym.insert(label.to_string(), alias);
            }
        }
        let mut c = 0;
        for f in &self.feedback {
            let name = f.input.customer.trim();
            if name.is_empty() || self.customer_pseudonym.contains_key(name) {
                continue;
            }
            c += 1;
            let alias = format!("C{c:02}");
            // Often a company: only the whole name ("Acme Co", not every "Co").
            self.pseudonyms.push(Alias {
                parts: false,
                ..Alias::person(name, &alias)
            });
            self.customer_pseudonym.insert(name.to_string(), alias);
        }
        for (i, p) in self.personas.iter().enumerate() {
            let alias = format!("Persona {}", letters(i));
            self.pseudonyms.push(Alias {
                name: p.input.name.clone(),
                pseudonym: alias.clone(),
                parts: false,
                always: false,
            });
            self.persona_pseudonym.insert(p.id.clone(), alias);
        }
    }

    /// A participant's name as the pack shows it (their pseudonym when names are redacted).
    pub fn participant_name(&self, r: &super::Redactor, id: &str) -> String {
        let name = self.participant_names.get(id).map_or("", String::as_str);
        match self.participant_pseudonym.get(id) {
            Some(alias) if r.options().names => r.name(name, alias),
            _ => r.text(name),
        }
    }

    /// Who said a passage, as the pack shows it.
    pub fn speaker(&self, r: &super::Redactor, interview: &Interview, s: &Segment) -> String {
        if let Some(pid) = &s.participant_id {
            return self.participant_name(r, pid);
        }
        let label = s.speaker.as_deref().unwrap_or("").trim();
        if !r.options().names || label.is_empty() {
            return r.text(label);
        }
        if label.eq_ignore_ascii_case(interview.input.interviewer.trim()) {
            return r.name(label, "Interviewer");
        }
        match self.speaker_pseudonym.get(label) {
            Some(alias) => r.name(label, alias),
            None => r.text(label),
        }
    }

    pub fn customer(&self, r: &super::Redactor, name: &str) -> String {
        match self.customer_pseudonym.get(name.trim()) {
            Some(alias) if r.options().names => r.name(name, alias),
            _ => r.text(name),
        }
    }

    pub fn persona_name(&self, r: &super::Redactor, p: &Persona) -> String {
        match self.persona_pseudonym.get(&p.id) {
            Some(alias) if r.options().names => r.name(&p.input.name, alias),
            _ => r.text(&p.input.name),
        }
    }

    pub fn counts(&self) -> KindCounts {
        let mut c = KindCounts::new();
        let mut put = |k: ObjectKind, n: usize| {
            c.insert(k.as_str().to_string(), n as i64);
        };
        put(ObjectKind::Participant, self.participants.len());
        put(ObjectKind::Interview, self.interviews.len());
        put(
            ObjectKind::Segment,
            self.interviews.iter().map(|(_, s)| s.len()).sum(),
        );
        put(ObjectKind::Note, self.notes.len());
        put(ObjectKind::Tag, self.tags.len());
        put(ObjectKind::Highlight, self.highlights.len());
        put(ObjectKind::Insight, self.insights.len());
        put(ObjectKind::Persona, self.personas.len());
        put(ObjectKind::Tree, self.trees.len());
        put(
            ObjectKind::TreeNode,
            self.trees.iter().map(|(_, n, _)| n.len()).sum(),
        );
        put(ObjectKind::Feedback, self.feedback.len());
        put(ObjectKind::Workshop, self.workshops.len());
        c
    }

    /// The paths (`Pain / Onboarding`) of a highlight's tags that are in the pack.
    pub fn tag_paths<'a>(&'a self, h: &'a Highlight) -> impl Iterator<Item = &'a str> + 'a {
        h.input
            .tag_ids
            .iter()
            .filter_map(|id| self.tag_at.get(id).map(|i| self.tags[*i].path.as_str()))
    }

    pub fn highlight(&self, id: &str) -> Option<&Highlight> {
        self.highlight_at.get(id).map(|i| &self.highlights[*i])
    }

    /// Whether the tag `id` is in the pack's codebook.
    pub fn has_tag(&self, id: &str) -> bool {
        self.tag_at.contains_key(id)
    }

    /// Where `highlights` (of one interview) sit in its passages `segments`: per passage
    /// (by position), the ranges in characters of its original text, with the highlight.
    /// A quote over several passages has a range in each.
    pub fn passage_ranges<'h>(
        &self,
        highlights: &[&'h Highlight],
        segments: &[Segment],
    ) -> HashMap<usize, Vec<(usize, usize, &'h Highlight)>> {
        let position: HashMap<&str, usize> = segments
            .iter()
            .enumerate()
            .map(|(n, s)| (s.id.as_str(), n))
            .collect();
        let mut ranges: HashMap<usize, Vec<(usize, usize, &Highlight)>> = HashMap::new();
        for h in highlights {
            let Some(&first) = h.input.segment_id.as_deref().and_then(|s| position.get(s)) else {
                continue;
            };
            let last = h
                .input
                .end_segment_id
                .as_deref()
                .and_then(|s| position.get(s))
                .copied()
                .unwrap_or(first)
                .max(first);
            for (n, segment) in segments.iter().enumerate().take(last + 1).skip(first) {
                let len = segment.text.chars().count();
                let start = if n == first {
                    h.input.start.max(0) as usize
                } else {
                    0
                };
                let end = if n == last && last != first {
                    h.end_offset.unwrap_or(len as i64).max(0) as usize
                } else if n == first && last == first {
                    h.input.end.max(0) as usize
                } else {
                    len
                };
                ranges
                    .entry(n)
                    .or_default()
                    .push((start.min(len), end.min(len), h));
            }
        }
        ranges
    }
}

impl Alias {
    fn person(name: &str, pseudonym: &str) -> Alias {
        Alias {
            name: name.to_string(),
            pseudonym: pseudonym.to_string(),
            parts: true,
            always: false,
        }
    }
}

/// The tags named and every tag below them.
fn descendants(tags: &[Tag], roots: &[String]) -> HashSet<String> {
    let mut set: HashSet<String> = roots.iter().cloned().collect();
    loop {
        let before = set.len();
        for t in tags {
            if t.input.parent_id.as_ref().is_some_and(|p| set.contains(p)) {
                set.insert(t.id.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

fn distinct_people(highlights: &[Highlight], ids: &[String]) -> i64 {
    let people: HashSet<&str> = highlights
        .iter()
        .filter(|h| ids.contains(&h.id))
        .filter_map(|h| h.participant_id.as_deref())
        .collect();
    people.len() as i64
}

/// A, B, … Z, AA, AB …
fn letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push((b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().collect()
}
