//! Closing the loop: who is behind a tree node's evidence (through feedback items, quotes and
//! the insights resting on them), how much they want it (the node's demand), and, once it
//! has shipped, telling them ("Tell them") and showing what shipped ("You said, we did").
//!
//! One person is one entry however many sources reach them: their e-mail address when it is
//! known (a participant and a feedback item with the same address are one person), else the
//! participant, else the customer's name as given, else the speaker's label in its interview;
//! a feedback item that names nobody is a person of its own.

use crate::error::{Error, Result};
use crate::model::feedback::{
    AnonymousQuote, Demand, Said, SegmentCount, ShippedChange, Tally, TellList, TellPerson,
    customer_key, email_key,
};
use crate::model::{FeedbackItem, NodeKind, ObjectKind, ObjectRef, TreeNode};
use crate::pack::redact::{RedactOptions, Redactor};
use crate::store::{self, evidence, highlights, participants, trees};
use crate::workspace::Workspace;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The setting that holds the PM's message template.
const TEMPLATE_SETTING: &str = "feedback_tell_template";

pub const DEFAULT_TEMPLATE: &str = "Hi {{name}},\n\n\
You told us: “{{said}}”\n\n\
We listened. {{changed}} has shipped.\n\n\
{{details}}\n\n\
Thank you for taking the time to tell us — it shaped what we built.\n";

/// The longest a template may be: a message, not a document.
const MAX_TEMPLATE: usize = 20_000;

/// A person as their evidence shows them, while being gathered.
#[derive(Default)]
struct Person {
    key: String,
    name: String,
    email: String,
    company: String,
    segment: String,
    said: Vec<Said>,
    feedback: Vec<FeedbackItem>,
}

/// Everyone behind a set of evidence links, in the order first reached.
#[derive(Default)]
struct People {
    order: Vec<String>,
    by_key: BTreeMap<String, Person>,
    /// Objects already followed (an insight and a node can cite the same quote).
    seen: HashSet<(ObjectKind, String)>,
}

impl Person {
    /// Take what another source knows of this person where nothing is known yet.
    fn fill(&mut self, email: &str, company: &str, segment: &str) {
        for (mine, theirs) in [
            (&mut self.email, email),
            (&mut self.company, company),
            (&mut self.segment, segment),
        ] {
            if mine.is_empty() {
                *mine = theirs.trim().to_string();
            }
        }
    }
}

impl People {
    fn person(&mut self, key: String) -> &mut Person {
        if !self.by_key.contains_key(&key) {
            self.order.push(key.clone());
        }
        self.by_key.entry(key.clone()).or_insert_with(|| Person {
            key,
            ..Person::default()
        })
    }

    fn customer(&mut self, f: &FeedbackItem) -> &mut Person {
        let i = &f.input;
        let p = self.person(customer_key(&i.email, &i.customer, &f.id));
        if p.name.is_empty() {
            p.name = i.customer.trim().to_string();
        }
        p.fill(&i.email, &i.company, &i.segment);
        if !p.feedback.iter().any(|g| g.id == f.id) {
            p.feedback.push(f.clone());
        }
        p
    }

    fn participant(&mut self, conn: &Connection, id: &str) -> Result<Option<&mut Person>> {
        let Ok(pt) = participants::get(conn, id) else {
            return Ok(None);
        };
        let i = &pt.input;
        let key = email_key(&i.email).unwrap_or_else(|| format!("participant:{id}"));
        let p = self.person(key);
        if p.name.is_empty() || p.key.starts_with("email:") && p.name == p.email {
            p.name = i.name.clone();
        }
        p.fill(&i.email, &i.company, &i.segment);
        Ok(Some(p))
    }

    /// Follow one evidence link to the people behind it.
    fn follow(&mut self, conn: &Connection, to: &ObjectRef, depth: u8) -> Result<()> {
        if !self.seen.insert((to.kind, to.id.clone()))
            || store::require_live(conn, to.kind, &to.id).is_err()
        {
            return Ok(());
        }
        match to.kind {
            ObjectKind::Feedback => {
                let f = store::feedback::get(conn, &to.id)?;
                let said = Said {
                    text: f.input.text.clone(),
                    feedback_id: Some(f.id.clone()),
                    highlight_id: None,
                    source: f.input.label(),
                };
                self.customer(&f).said.push(said);
            }
            ObjectKind::Highlight => {
                let h = highlights::get(conn, &to.id)?;
                if let Some(fid) = &h.input.feedback_id {
                    let Ok(f) = store::feedback::get(conn, fid) else {
                        return Ok(());
                    };
                    let said = Said {
                        text: h.input.quote.clone(),
                        feedback_id: Some(f.id.clone()),
                        highlight_id: Some(h.id.clone()),
                        source: f.input.label(),
                    };
                    self.customer(&f).said.push(said);
                    return Ok(());
                }
                let source = match (&h.input.interview_id, &h.input.note_id) {
                    (Some(i), _) => store::interviews::get(conn, i)?.input.title,
                    (_, Some(n)) => store::notes::get(conn, n)?.input.title,
                    _ => String::new(),
                };
                let said = Said {
                    text: h.input.quote.clone(),
                    feedback_id: None,
                    highlight_id: Some(h.id.clone()),
                    source,
                };
                if let Some(pid) = highlights::participant_of(conn, &h.id)? {
                    if let Some(p) = self.participant(conn, &pid)? {
                        p.said.push(said);
                    }
                } else if let (Some(iv), Some(label)) = (&h.input.interview_id, &h.speaker)
                    && !crate::model::names::is_anonymous(label)
                {
                    let key = format!("speaker:{iv}:{}", crate::model::names::person_key(label));
                    let p = self.person(key);
                    if p.name.is_empty() {
                        p.name = label.clone();
                    }
                    p.said.push(said);
                }
            }
            ObjectKind::Insight if depth == 0 => {
                let from = ObjectRef {
                    kind: ObjectKind::Insight,
                    id: to.id.clone(),
                };
                for kind in [ObjectKind::Highlight, ObjectKind::Feedback] {
                    for id in evidence::targets(conn, &from, kind)? {
                        self.follow(conn, &ObjectRef { kind, id }, depth + 1)?;
                    }
                }
            }
            ObjectKind::Interview => {
                for pid in participants::of_interview(conn, &to.id)? {
                    self.participant(conn, &pid)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn into_people(mut self) -> Vec<Person> {
        self.order
            .iter()
            .filter_map(|k| self.by_key.remove(k))
            .collect()
    }
}

/// Each node's children, by parent id.
fn children_of(nodes: &[TreeNode]) -> HashMap<&str, Vec<&str>> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for n in nodes {
        if let Some(parent) = n.input.parent_id.as_deref() {
            children.entry(parent).or_default().push(&n.id);
        }
    }
    children
}

/// A node and everything under it, the node first.
fn subtree<'a>(children: &HashMap<&str, Vec<&'a str>>, id: &'a str) -> Vec<&'a str> {
    let mut ids = vec![id];
    let mut i = 0;
    while i < ids.len() {
        ids.extend(children.get(ids[i]).into_iter().flatten());
        i += 1;
    }
    ids
}

/// The nodes whose evidence stands behind `node`: itself, everything under it, and the
/// opportunities above it that it answers (a shipped solution tells those who asked for
/// its opportunity).
fn scope(conn: &Connection, node: &TreeNode, all: &[TreeNode]) -> Result<Vec<String>> {
    let mut ids: Vec<String> = subtree(&children_of(all), &node.id)
        .into_iter()
        .map(String::from)
        .collect();
    for above in trees::chain(conn, &node.id)?.into_iter().skip(1) {
        if above.input.kind == NodeKind::Opportunity {
            ids.push(above.id);
        }
    }
    Ok(ids)
}

/// Everyone behind the evidence of `nodes` (ids), given the tree's links.
fn people_behind(
    conn: &Connection,
    nodes: &[String],
    links: &BTreeMap<String, Vec<ObjectRef>>,
) -> Result<Vec<Person>> {
    let mut people = People::default();
    for n in nodes {
        for to in links.get(n).into_iter().flatten() {
            people.follow(conn, to, 0)?;
        }
    }
    Ok(people.into_people())
}

/// Demand over the people behind several nodes: each person (by key) once, each scored
/// feedback item once, whichever node reached them.
fn demand_of<'a>(people: impl Iterator<Item = &'a Person>) -> Demand {
    let mut keys = HashSet::new();
    let mut segments: BTreeMap<&str, i64> = BTreeMap::new();
    let mut tally = Tally::default();
    let mut scored = HashSet::new();
    for p in people {
        if keys.insert(p.key.as_str()) {
            *segments.entry(p.segment.as_str()).or_default() += 1;
        }
        for f in &p.feedback {
            if scored.insert(f.id.as_str()) && f.input.score.is_some() {
                tally.add(f.input.score_kind.map(|k| k.as_str()), f.input.score);
            }
        }
    }
    let mut segments: Vec<SegmentCount> = segments
        .into_iter()
        .map(|(s, n)| SegmentCount {
            segment: s.to_string(),
            customers: n,
        })
        .collect();
    segments.sort_by(|a, b| {
        b.customers
            .cmp(&a.customers)
            .then(a.segment.cmp(&b.segment))
    });
    let (_, nps, csat) = tally.finish();
    Demand {
        customers: keys.len() as i64,
        segments,
        nps,
        csat,
    }
}

/// For every node of a tree: how many people are behind its own evidence (its badge), and
/// the demand behind it and everything under it. Each node's evidence is followed once.
pub(crate) fn tree_people(
    conn: &Connection,
    nodes: &[TreeNode],
    links: &BTreeMap<String, Vec<ObjectRef>>,
) -> Result<HashMap<String, (i64, Demand)>> {
    let mut own: HashMap<&str, Vec<Person>> = HashMap::new();
    for n in nodes {
        own.insert(
            &n.id,
            people_behind(conn, std::slice::from_ref(&n.id), links)?,
        );
    }
    let children = children_of(nodes);
    Ok(nodes
        .iter()
        .map(|n| {
            let under = subtree(&children, &n.id);
            let demand = demand_of(under.iter().flat_map(|id| own[id].iter()));
            (n.id.clone(), (own[n.id.as_str()].len() as i64, demand))
        })
        .collect())
}

/// The first thing a person said, shortened for a message.
fn first_said(p: &Person) -> String {
    let text = p.said.first().map(|s| s.text.trim()).unwrap_or_default();
    let mut out: String = text.chars().take(280).collect();
    if text.chars().count() > 280 {
        out.push('…');
    }
    out
}

/// The template with this person's and this node's words in place of the placeholders.
/// Plain text in, plain text out: nothing in it is markup the app would run.
fn render(template: &str, p: &Person, node: &TreeNode) -> String {
    let first_name = p
        .name
        .split_whitespace()
        .next()
        .filter(|_| !p.key.starts_with("item:"))
        .unwrap_or("there");
    template
        .replace("{{name}}", first_name)
        .replace(
            "{{full_name}}",
            if p.name.is_empty() { "there" } else { &p.name },
        )
        .replace("{{said}}", &first_said(p))
        .replace("{{changed}}", node.input.title.trim())
        .replace("{{details}}", node.input.description.trim())
}

impl Workspace {
    pub fn tell_template(&self) -> Result<String> {
        Ok(store::get_setting(&*self.read()?, TEMPLATE_SETTING)?
            .unwrap_or_else(|| DEFAULT_TEMPLATE.to_string()))
    }

    /// Keep the PM's message template (empty: back to the default).
    pub fn set_tell_template(&self, template: &str) -> Result<String> {
        if template.len() > MAX_TEMPLATE {
            return Err(Error::invalid(
                "template",
                format!("a message template is at most {MAX_TEMPLATE} bytes"),
            ));
        }
        let conn = self.writer();
        if template.trim().is_empty() {
            store::delete_setting(&conn, TEMPLATE_SETTING)?;
        } else {
            store::set_setting(&conn, TEMPLATE_SETTING, template)?;
        }
        drop(conn);
        self.tell_template()
    }

    /// Everyone to tell about a node, one entry per person, with a message drafted for each.
    pub fn tell_list(&self, node_id: &str) -> Result<TellList> {
        let template = self.tell_template()?;
        let conn = self.read()?;
        let node = trees::node(&conn, node_id)?;
        let all = trees::nodes(&conn, &node.tree_id)?;
        let links = evidence::live_links_of_tree_nodes(&conn, &node.tree_id)?;
        let told = store::feedback::told(&conn, node_id)?;
        let people = people_behind(&conn, &scope(&conn, &node, &all)?, &links)?;
        Ok(TellList {
            node_id: node.id.clone(),
            tree_id: node.tree_id.clone(),
            title: node.input.title.clone(),
            shipped_at: node.input.details.shipped_at.clone(),
            people: people
                .iter()
                .map(|p| TellPerson {
                    key: p.key.clone(),
                    name: p.name.clone(),
                    email: p.email.clone(),
                    company: p.company.clone(),
                    segment: p.segment.clone(),
                    said: p.said.clone(),
                    feedback_ids: p.feedback.iter().map(|f| f.id.clone()).collect(),
                    told_at: told.get(&p.key).cloned(),
                    message: render(&template, p, &node),
                })
                .collect(),
            template,
        })
    }

    /// The list as CSV for a mail tool: one row per person, with their drafted message.
    pub fn tell_csv(&self, node_id: &str) -> Result<String> {
        use crate::pack::csv::{Cell, Table};
        let list = self.tell_list(node_id)?;
        let mut t = Table::new(&[
            "name", "email", "company", "segment", "said", "message", "told_at",
        ]);
        for p in &list.people {
            let said = p.said.first().map(|s| s.text.as_str()).unwrap_or_default();
            t.row(&[
                Cell::Text(p.name.clone()),
                Cell::Text(p.email.clone()),
                Cell::Text(p.company.clone()),
                Cell::Text(p.segment.clone()),
                Cell::Text(said.to_string()),
                Cell::Text(p.message.clone()),
                Cell::Plain(p.told_at.clone().unwrap_or_default()),
            ]);
        }
        String::from_utf8(t.bytes()?)
            .map_err(|e| Error::new(crate::ErrorCode::Internal, e.to_string()))
    }

    /// Mark people told about a shipped node: the date is kept per person and node, and
    /// their feedback items behind it are closed. One undoable change.
    pub fn mark_told(&self, node_id: &str, person_keys: &[String]) -> Result<TellList> {
        if person_keys.is_empty() {
            return Err(Error::invalid("person_keys", "choose at least one person"));
        }
        let list = self.tell_list(node_id)?;
        if list.shipped_at.is_none() {
            return Err(Error::invalid(
                "node_id",
                format!(
                    "“{}” has not shipped yet: mark it shipped first, then tell the people behind it",
                    list.title
                ),
            ));
        }
        let by_key: HashMap<&str, &TellPerson> =
            list.people.iter().map(|p| (p.key.as_str(), p)).collect();
        let mut items: Vec<String> = Vec::new();
        for key in person_keys {
            let p = by_key.get(key.as_str()).ok_or_else(|| {
                Error::invalid(
                    "person_keys",
                    format!("{key} is not one of the people behind “{}”", list.title),
                )
            })?;
            items.extend(p.feedback_ids.iter().cloned());
        }
        self.write("mark_told", |c| {
            store::feedback::mark_told(c, node_id, person_keys, &store::now())?;
            if !items.is_empty() {
                store::feedback::set_state(c, &items, crate::model::FeedbackState::Closed)?;
            }
            Ok(())
        })?;
        self.tell_list(node_id)
    }

    /// What shipped, newest first, with what customers said behind it, names left out.
    pub fn you_said_we_did(&self) -> Result<Vec<ShippedChange>> {
        let conn = self.read()?;
        let mut out = Vec::new();
        for tree in trees::list(&conn)? {
            let all = trees::nodes(&conn, &tree.id)?;
            if all.iter().all(|n| n.input.details.shipped_at.is_none()) {
                continue;
            }
            let links = evidence::live_links_of_tree_nodes(&conn, &tree.id)?;
            for n in all.iter() {
                let Some(shipped_at) = n.input.details.shipped_at.clone() else {
                    continue;
                };
                let people = people_behind(&conn, &scope(&conn, n, &all)?, &links)?;
                // Names, addresses and phone numbers inside what they said go too.
                let mut redactor = Redactor::new(RedactOptions {
                    names: true,
                    emails: true,
                    phones: true,
                    ..RedactOptions::default()
                });
                for p in &people {
                    redactor.add_name(&p.name, "[customer]", true);
                }
                let redactor = &redactor;
                let said = people
                    .iter()
                    .flat_map(|p| {
                        let who = if p.segment.is_empty() {
                            "a customer".to_string()
                        } else {
                            format!("a {} customer", p.segment)
                        };
                        p.said.iter().map(move |s| AnonymousQuote {
                            text: redactor.text(&s.text),
                            who: who.clone(),
                        })
                    })
                    .collect();
                out.push(ShippedChange {
                    node_id: n.id.clone(),
                    tree_id: tree.id.clone(),
                    tree_title: tree.input.title.clone(),
                    kind: n.input.kind,
                    title: n.input.title.clone(),
                    description: n.input.description.clone(),
                    shipped_at,
                    customers: people.len() as i64,
                    said,
                });
            }
        }
        out.sort_by(|a, b| b.shipped_at.cmp(&a.shipped_at).then(a.title.cmp(&b.title)));
        Ok(out)
    }
}
