//! The pack as a Markdown vault (a folder Obsidian and other note tools open): `README.md`
//! as the index, one file per interview, note, insight, persona and tree, the codebook and
//! the feedback. YAML front matter carries ids, dates, participants and tags; wiki links join
//! the files, and each highlight and passage has a block id (`^h-…`, `^p-…`) that links land on.
//!
//! Text that came from files (transcripts, quotes, feedback) is escaped so it reads as
//! written and cannot turn into markup; what the user wrote as Markdown (notes, insight
//! bodies, descriptions) stays Markdown.

use super::contents::Contents;
use super::redact::Redactor;
use super::{PackFile, Pages, clock};
use crate::model::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

pub(super) fn write(c: &Contents, r: &Redactor, pages: &Pages) -> Vec<PackFile> {
    let vault = Vault {
        c,
        r,
        file: &pages.path,
        pages,
    };

    let mut files = vec![PackFile {
        path: "README.md".into(),
        bytes: vault.index().into_bytes(),
    }];
    for (interview, segments) in &c.interviews {
        files.push(PackFile {
            path: format!("{}.md", vault.file[&interview.id]),
            bytes: vault.interview(interview, segments).into_bytes(),
        });
    }
    for note in &c.notes {
        files.push(PackFile {
            path: format!("{}.md", vault.file[&note.id]),
            bytes: vault.note(note).into_bytes(),
        });
    }
    for insight in &c.insights {
        files.push(PackFile {
            path: format!("{}.md", vault.file[&insight.id]),
            bytes: vault.insight(insight).into_bytes(),
        });
    }
    for persona in &c.personas {
        files.push(PackFile {
            path: format!("{}.md", vault.file[&persona.id]),
            bytes: vault.persona(persona).into_bytes(),
        });
    }
    for (tree, nodes, evidence) in &c.trees {
        files.push(PackFile {
            path: format!("{}.md", vault.file[&tree.id]),
            bytes: vault.tree(tree, nodes, evidence).into_bytes(),
        });
    }
    files.push(PackFile {
        path: "codebook.md".into(),
        bytes: vault.codebook().into_bytes(),
    });
    if !c.feedback.is_empty() {
        files.push(PackFile {
            path: "feedback.md".into(),
            bytes: vault.feedback().into_bytes(),
        });
    }
    if !c.shipped.is_empty() {
        files.push(PackFile {
            path: "you-said-we-did.md".into(),
            bytes: vault.you_said_we_did().into_bytes(),
        });
    }
    if !c.workshops.is_empty() {
        // Each workshop's results as `groundwork workshop export` writes them, one level down.
        let mut md = "---\nkind: workshops\n---\n# Workshops\n".to_string();
        for b in &c.workshops {
            md.push('\n');
            for line in crate::workshops::markdown(b, &[]).lines() {
                if line.starts_with('#') {
                    md.push('#');
                }
                md.push_str(&vault.r.text(line));
                md.push('\n');
            }
        }
        files.push(PackFile {
            path: "workshops.md".into(),
            bytes: md.into_bytes(),
        });
    }
    files
}

struct Vault<'a> {
    c: &'a Contents,
    r: &'a Redactor,
    /// Each page's file (`folder/slug`, no `.md`), by object id.
    file: &'a HashMap<String, String>,
    pages: &'a Pages,
}

impl Vault<'_> {
    fn index(&self) -> String {
        let (c, r) = (self.c, self.r);
        let mut md = String::new();
        let o = r.options();
        let redaction: Vec<&str> = [
            (o.names, "names"),
            (o.emails, "emails"),
            (o.phones, "phone numbers"),
            (o.urls, "links"),
            (!o.words.is_empty(), "a word list"),
        ]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect();
        let _ = writeln!(
            md,
            "---\nkind: research_pack\nredacted: {}\n---",
            !redaction.is_empty()
        );
        md.push_str("# Research pack\n\n");
        if redaction.is_empty() {
            md.push_str("Not redacted: names and contact details are as recorded.\n\n");
        } else {
            let _ = writeln!(md, "Redacted: {}.\n", redaction.join(", "));
        }
        for l in &c.left_out {
            let why = if l.reason == "consent_withdrawn" {
                "withdrew consent"
            } else {
                "have not given consent"
            };
            let _ = writeln!(
                md,
                "Left out: what {} participant(s) who {why} said ({} passages, {} highlights).\n",
                l.participants, l.passages, l.highlights
            );
        }
        let _ = writeln!(
            md,
            "- [[codebook|Codebook]] ({} tags, {} highlights)",
            c.tags.len(),
            c.highlights.len()
        );
        if !c.feedback.is_empty() {
            let _ = writeln!(md, "- [[feedback|Feedback]] ({} items)", c.feedback.len());
        }
        if !c.shipped.is_empty() {
            let _ = writeln!(
                md,
                "- [[you-said-we-did|You said, we did]] ({} shipped)",
                c.shipped.len()
            );
        }
        let mut section = |title: &str, links: Vec<(String, String)>| {
            if links.is_empty() {
                return;
            }
            let _ = writeln!(md, "\n## {title}\n");
            for (file, label) in links {
                let _ = writeln!(md, "- {}", wiki(&file, &label));
            }
        };
        section(
            "Interviews",
            c.interviews
                .iter()
                .map(|(i, _)| {
                    let date = i
                        .input
                        .date
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    (
                        self.file[&i.id].clone(),
                        format!("{}{date}", r.text(&i.input.title)),
                    )
                })
                .collect(),
        );
        section(
            "Insights",
            c.insights
                .iter()
                .map(|i| (self.file[&i.id].clone(), r.text(&i.input.title)))
                .collect(),
        );
        section(
            "Personas",
            c.personas
                .iter()
                .map(|p| (self.file[&p.id].clone(), c.persona_name(r, p)))
                .collect(),
        );
        section(
            "Opportunity solution trees",
            c.trees
                .iter()
                .map(|(t, _, _)| (self.file[&t.id].clone(), r.text(&t.input.title)))
                .collect(),
        );
        section(
            "Notes",
            c.notes
                .iter()
                .map(|n| (self.file[&n.id].clone(), r.text(&n.input.title)))
                .collect(),
        );
        if !c.participants.is_empty() {
            md.push_str("\n## Participants\n\n| Participant | Role | Company | Segment | Consent |\n|---|---|---|---|---|\n");
            for p in &c.participants {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    cell(&c.participant_name(r, &p.id)),
                    cell(&r.text(&p.input.role)),
                    cell(&r.text(&p.input.company)),
                    cell(&r.text(&p.input.segment)),
                    p.input.consent.as_str()
                );
            }
        }
        md
    }

    fn tags_of<'h>(&'h self, h: &'h Highlight) -> Vec<&'h str> {
        self.c.tag_paths(h).collect()
    }

    /// A highlight as a block quote: the quote, who said it and when, its tags, and a link
    /// to the passage (or to the highlight, from another file).
    fn quote(&self, h: &Highlight, from_elsewhere: bool) -> String {
        let (c, r) = (self.c, self.r);
        let mut md = String::new();
        for line in r.text(&h.input.quote).lines() {
            let _ = writeln!(md, "> {}", escape(line));
        }
        let mut by = Vec::new();
        if let Some(p) = &h.participant_id {
            by.push(escape(&c.participant_name(r, p)));
        } else if let Some(s) = &h.speaker {
            by.push(escape(&r.text(s)));
        }
        let file = h
            .input
            .interview_id
            .as_deref()
            .and_then(|i| self.file.get(i))
            .or_else(|| h.input.note_id.as_deref().and_then(|n| self.file.get(n)));
        let target = match (&h.input.segment_id, from_elsewhere) {
            (_, true) => Some(format!("#^{}", block_id("h", &h.id))),
            (Some(s), false) => Some(format!("#^{}", block_id("p", s))),
            (None, false) => None,
        };
        match (file, target) {
            (Some(f), Some(t)) => {
                let when = h.start_ms.map(clock).unwrap_or_else(|| "passage".into());
                let label = if from_elsewhere {
                    let source = h
                        .input
                        .interview_id
                        .as_deref()
                        .or(h.input.note_id.as_deref());
                    let title = source.map_or("", |s| self.pages.title(s));
                    format!("{title} {when}")
                } else {
                    when
                };
                by.push(wiki(
                    &format!("{}{t}", if from_elsewhere { f.as_str() } else { "" }),
                    &label,
                ));
            }
            _ => {
                if let Some(ms) = h.start_ms {
                    by.push(clock(ms));
                }
            }
        }
        let tags: Vec<String> = self.tags_of(h).iter().map(|t| tag(t)).collect();
        if !tags.is_empty() {
            by.push(tags.join(" "));
        }
        if !by.is_empty() {
            let _ = writeln!(md, "> — {}", by.join(" · "));
        }
        if !h.input.comment.trim().is_empty() {
            let _ = writeln!(md, ">\n> *{}*", escape(&r.text(&h.input.comment)));
        }
        if !from_elsewhere {
            // Obsidian wants a quote's block id on a line of its own after a blank one.
            let _ = writeln!(md, "\n^{}", block_id("h", &h.id));
        }
        md
    }

    fn interview(&self, i: &Interview, segments: &[Segment]) -> String {
        let (c, r) = (self.c, self.r);
        let highlights: Vec<&Highlight> = c
            .highlights
            .iter()
            .filter(|h| h.input.interview_id.as_deref() == Some(i.id.as_str()))
            .collect();
        let people: Vec<String> = i
            .input
            .participant_ids
            .iter()
            .filter(|p| c.participants.iter().any(|x| &x.id == *p))
            .map(|p| c.participant_name(r, p))
            .collect();
        let tags: HashSet<&str> = highlights.iter().flat_map(|h| self.tags_of(h)).collect();
        let mut tags: Vec<&str> = tags.into_iter().collect();
        tags.sort();
        let interviewer = if r.options().names && !i.input.interviewer.trim().is_empty() {
            "Interviewer".to_string()
        } else {
            r.text(&i.input.interviewer)
        };
        let mut md = front_matter(&[
            ("id", yaml(&i.id)),
            ("kind", "interview".into()),
            ("title", yaml(&r.text(&i.input.title))),
            (
                "date",
                i.input
                    .date
                    .as_deref()
                    .map(yaml)
                    .unwrap_or_else(|| "null".into()),
            ),
            ("method", i.input.method.as_str().into()),
            ("interviewer", yaml(&interviewer)),
            ("participants", yaml_list(&people)),
            (
                "tags",
                yaml_list(
                    &tags
                        .iter()
                        .map(|t| tag(t)[1..].to_string())
                        .collect::<Vec<_>>(),
                ),
            ),
            (
                "codes",
                yaml_list(&tags.iter().map(|t| r.text(t)).collect::<Vec<_>>()),
            ),
        ]);
        let _ = writeln!(md, "# {}\n", escape(&r.text(&i.input.title)));
        let mut facts = Vec::new();
        if let Some(d) = &i.input.date {
            facts.push(format!("**Date** {d}"));
        }
        if !people.is_empty() {
            facts.push(format!("**Participants** {}", escape(&people.join(", "))));
        }
        facts.push(format!(
            "**Method** {}",
            i.input.method.as_str().replace('_', " ")
        ));
        let _ = writeln!(md, "{}\n", facts.join(" · "));
        if !i.input.notes.trim().is_empty() {
            let _ = writeln!(md, "## Notes\n\n{}\n", r.text(i.input.notes.trim()));
        }
        if !highlights.is_empty() {
            md.push_str("## Highlights\n\n");
            for h in &highlights {
                md.push_str(&self.quote(h, false));
                md.push('\n');
            }
        }
        if !segments.is_empty() {
            md.push_str("## Transcript\n\n");
            for s in segments {
                let mut head = Vec::new();
                let who = c.speaker(r, i, s);
                if !who.is_empty() {
                    head.push(format!("**{}**", escape(&who)));
                }
                if let Some(ms) = s.start_ms {
                    head.push(clock(ms));
                }
                if !head.is_empty() {
                    let _ = writeln!(md, "{}  ", head.join(" · "));
                }
                let text = r.text(&s.text);
                let lines: Vec<String> = text.lines().map(escape).collect();
                let _ = writeln!(md, "{} ^{}\n", lines.join("  \n"), block_id("p", &s.id));
            }
        }
        md
    }

    fn note(&self, n: &Note) -> String {
        let r = self.r;
        let mut md = front_matter(&[
            ("id", yaml(&n.id)),
            ("kind", "note".into()),
            ("title", yaml(&r.text(&n.input.title))),
            ("updated", yaml(&n.updated_at)),
        ]);
        let _ = writeln!(
            md,
            "# {}\n\n{}\n",
            escape(&r.text(&n.input.title)),
            r.text(n.input.body.trim())
        );
        let highlights: Vec<&Highlight> = self
            .c
            .highlights
            .iter()
            .filter(|h| h.input.note_id.as_deref() == Some(n.id.as_str()))
            .collect();
        if !highlights.is_empty() {
            md.push_str("## Highlights\n\n");
            for h in highlights {
                md.push_str(&self.quote(h, false));
                md.push('\n');
            }
        }
        md
    }

    fn evidence_quotes(&self, ids: &[String]) -> String {
        let mut md = String::new();
        for h in ids.iter().filter_map(|id| self.c.highlight(id)) {
            md.push_str(&self.quote(h, true));
            md.push('\n');
        }
        md
    }

    fn insight(&self, i: &Insight) -> String {
        let r = self.r;
        let mut md = front_matter(&[
            ("id", yaml(&i.id)),
            ("kind", "insight".into()),
            ("title", yaml(&r.text(&i.input.title))),
            ("created", yaml(&i.created_at)),
            ("updated", yaml(&i.updated_at)),
            ("evidence", i.input.highlight_ids.len().to_string()),
            ("people", i.strength.to_string()),
        ]);
        let _ = writeln!(md, "# {}\n", escape(&r.text(&i.input.title)));
        if !i.input.body.trim().is_empty() {
            let _ = writeln!(md, "{}\n", r.text(i.input.body.trim()));
        }
        let _ = writeln!(
            md,
            "## Evidence\n\n{} highlight(s) from {} participant(s).\n",
            i.input.highlight_ids.len(),
            i.strength
        );
        md.push_str(&self.evidence_quotes(&i.input.highlight_ids));
        md
    }

    fn persona(&self, p: &Persona) -> String {
        let (c, r) = (self.c, self.r);
        let members: Vec<String> = p
            .input
            .participant_ids
            .iter()
            .map(|id| c.participant_name(r, id))
            .collect();
        let name = c.persona_name(r, p);
        let mut md = front_matter(&[
            ("id", yaml(&p.id)),
            ("kind", "persona".into()),
            ("name", yaml(&name)),
            ("role", yaml(&r.text(&p.input.role))),
            ("participants", yaml_list(&members)),
        ]);
        let _ = writeln!(md, "# {}\n", escape(&name));
        if !p.input.role.trim().is_empty() {
            let _ = writeln!(md, "*{}*\n", escape(&r.text(&p.input.role)));
        }
        if !p.input.summary.trim().is_empty() {
            let _ = writeln!(md, "{}\n", r.text(p.input.summary.trim()));
        }
        for (k, v) in &p.input.attributes {
            let _ = writeln!(md, "- **{}**: {}", escape(&r.text(k)), escape(&r.text(v)));
        }
        if !p.input.attributes.is_empty() {
            md.push('\n');
        }
        for kind in StatementKind::ALL {
            let statements: Vec<&PersonaStatement> =
                p.statements.iter().filter(|s| s.kind == *kind).collect();
            if statements.is_empty() {
                continue;
            }
            let _ = writeln!(md, "## {}\n", super::statement_heading(*kind));
            for s in statements {
                let _ = writeln!(
                    md,
                    "### {}\n\nEvidence: {} highlight(s), {} participant(s).\n",
                    escape(&r.text(&s.text)),
                    s.highlight_ids.len(),
                    s.strength
                );
                md.push_str(&self.evidence_quotes(&s.highlight_ids));
            }
        }
        md
    }

    fn tree(
        &self,
        t: &Tree,
        nodes: &[TreeNode],
        evidence: &HashMap<String, Vec<ObjectRef>>,
    ) -> String {
        let (c, r) = (self.c, self.r);
        let mut md = front_matter(&[
            ("id", yaml(&t.id)),
            ("kind", "tree".into()),
            ("outcome", yaml(&r.text(&t.input.title))),
            ("metric", yaml(&r.text(&t.input.metric))),
            ("baseline", yaml(&r.text(&t.input.baseline))),
            ("target", yaml(&r.text(&t.input.target))),
            (
                "target_date",
                t.input
                    .target_date
                    .as_deref()
                    .map(yaml)
                    .unwrap_or_else(|| "null".into()),
            ),
        ]);
        let _ = writeln!(md, "# {}\n", escape(&r.text(&t.input.title)));
        if !t.input.description.trim().is_empty() {
            let _ = writeln!(md, "{}\n", r.text(t.input.description.trim()));
        }
        let mut children: HashMap<Option<&str>, Vec<&TreeNode>> = HashMap::new();
        for n in nodes {
            children
                .entry(n.input.parent_id.as_deref())
                .or_default()
                .push(n);
        }
        for list in children.values_mut() {
            list.sort_by_key(|n| n.input.position);
        }
        let mut stack: Vec<(&TreeNode, usize)> = children
            .get(&None)
            .map(|l| l.iter().rev().map(|n| (*n, 0)).collect())
            .unwrap_or_default();
        while let Some((n, depth)) = stack.pop() {
            if depth >= MAX_DEPTH {
                continue;
            }
            let indent = "  ".repeat(depth);
            let kind = super::node_label(n.input.kind);
            let score = n.score.map(|s| format!(" · score {s}")).unwrap_or_default();
            let _ = writeln!(
                md,
                "{indent}- **{kind}**: {} ({}{score})",
                escape(&r.text(&n.input.title)),
                n.input.status.as_str()
            );
            for e in evidence.get(&n.id).map(Vec::as_slice).unwrap_or_default() {
                let link = match e.kind {
                    ObjectKind::Highlight => c.highlight(&e.id).map(|h| {
                        let quote: String = r.text(&h.input.quote).chars().take(120).collect();
                        let file = h
                            .input
                            .interview_id
                            .as_deref()
                            .and_then(|i| self.file.get(i))
                            .or_else(|| h.input.note_id.as_deref().and_then(|n| self.file.get(n)));
                        match file {
                            Some(f) => format!(
                                "“{}” {}",
                                escape(&quote),
                                wiki(&format!("{f}#^{}", block_id("h", &h.id)), "↗")
                            ),
                            None => format!("“{}”", escape(&quote)),
                        }
                    }),
                    ObjectKind::Insight | ObjectKind::Persona | ObjectKind::Interview => {
                        self.file.get(&e.id).map(|f| {
                            format!("{} {}", e.kind.as_str(), wiki(f, self.pages.title(&e.id)))
                        })
                    }
                    ObjectKind::Feedback => c.feedback.iter().find(|f| f.id == e.id).map(|f| {
                        format!(
                            "feedback: “{}”",
                            escape(&r.text(&f.input.text).chars().take(120).collect::<String>())
                        )
                    }),
                    _ => None,
                };
                if let Some(link) = link {
                    let _ = writeln!(md, "{indent}  - {link}");
                }
            }
            if let Some(kids) = children.get(&Some(n.id.as_str())) {
                stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
            }
        }
        md
    }

    fn codebook(&self) -> String {
        let (c, r) = (self.c, self.r);
        let mut md = "---\nkind: codebook\n---\n# Codebook\n\n".to_string();
        let mut tags: Vec<&Tag> = c.tags.iter().collect();
        tags.sort_by(|a, b| a.path.cmp(&b.path));
        for t in tags {
            let coded: Vec<&Highlight> = c
                .highlights
                .iter()
                .filter(|h| h.input.tag_ids.contains(&t.id))
                .collect();
            let _ = writeln!(md, "## {} {}\n", escape(&r.text(&t.path)), tag(&t.path));
            if !t.input.description.trim().is_empty() {
                let _ = writeln!(md, "{}\n", escape(&r.text(&t.input.description)));
            }
            let _ = writeln!(md, "{} highlight(s).\n", coded.len());
            for h in coded {
                md.push_str(&self.quote(h, true));
                md.push('\n');
            }
        }
        md
    }

    fn feedback(&self) -> String {
        let (c, r) = (self.c, self.r);
        let mut md = "---\nkind: feedback\n---\n# Feedback\n\n| Received | Source | Customer | Score | Feedback |\n|---|---|---|---|---|\n".to_string();
        for f in &c.feedback {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                cell(f.input.received_at.as_deref().unwrap_or("")),
                cell(&r.text(&f.input.source)),
                cell(&c.customer(r, &f.input.customer)),
                f.input.score.map(|s| s.to_string()).unwrap_or_default(),
                cell(&r.text(&f.input.text)),
            );
        }
        md
    }

    /// What shipped and what customers said behind it (already without names; the pack's
    /// own redaction runs over it too).
    fn you_said_we_did(&self) -> String {
        let r = self.r;
        let mut md = "---\nkind: you-said-we-did\n---\n# You said, we did\n".to_string();
        for s in &self.c.shipped {
            let _ = writeln!(
                md,
                "\n## {}\n\nShipped {} · {} · {} {}\n",
                escape(&r.text(&s.title)),
                &s.shipped_at[..s.shipped_at.len().min(10)],
                escape(&r.text(&s.tree_title)),
                s.customers,
                if s.customers == 1 {
                    "customer"
                } else {
                    "customers"
                }
            );
            if !s.description.trim().is_empty() {
                let _ = writeln!(md, "{}\n", escape(&r.text(&s.description)));
            }
            for q in &s.said {
                let _ = writeln!(
                    md,
                    "> {} — {}\n",
                    escape(&r.text(&q.text)).replace('\n', " "),
                    escape(&q.who)
                );
            }
        }
        md
    }
}

fn front_matter(fields: &[(&str, String)]) -> String {
    let mut md = "---\n".to_string();
    for (k, v) in fields {
        let _ = writeln!(md, "{k}: {v}");
    }
    md.push_str("---\n");
    md
}

/// A YAML scalar: JSON's double-quoted string is one.
fn yaml(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn yaml_list<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| yaml(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

fn wiki(target: &str, label: &str) -> String {
    let label: String = label.chars().filter(|c| !"[]|".contains(*c)).collect();
    format!("[[{target}|{label}]]")
}

/// An Obsidian block id: letters, digits and dashes.
fn block_id(prefix: &str, id: &str) -> String {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{prefix}-{id}")
}

/// A tag path as an Obsidian tag: `Pain / Onboarding` → `#pain/onboarding`.
fn tag(path: &str) -> String {
    let parts: Vec<String> = path
        .split('/')
        .map(|p| {
            let mut s = String::new();
            for ch in p.trim().chars() {
                if ch.is_alphanumeric() || ch == '_' {
                    s.extend(ch.to_lowercase());
                } else if !s.ends_with('-') && !s.is_empty() {
                    s.push('-');
                }
            }
            s.trim_end_matches('-').to_string()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let t = parts.join("/");
    // A tag of digits only is not a tag in Obsidian.
    if t.chars().all(|c| c.is_ascii_digit() || c == '/') {
        format!("#tag-{t}")
    } else {
        format!("#{t}")
    }
}

/// Text from a file, shown as written: Markdown's and Obsidian's markup characters are
/// backslash-escaped (CommonMark lets any ASCII punctuation be), and a line cannot start a
/// heading, list or quote.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if "\\`*_[]<>#|~=$%^".contains(ch) {
            out.push('\\');
        }
        if ch == '\n' || ch == '\r' {
            out.push(' ');
            continue;
        }
        out.push(ch);
    }
    match out.chars().next() {
        Some('-' | '+') => format!("\\{out}"),
        Some(d) if d.is_ascii_digit() => {
            // "1. " would start a numbered list.
            match out.find(|c: char| !c.is_ascii_digit()) {
                Some(i) if out[i..].starts_with(". ") || out[i..].starts_with(") ") => {
                    format!("{}\\{}", &out[..i], &out[i..])
                }
                _ => out,
            }
        }
        _ => out,
    }
}

/// A table cell: escaped, on one line.
fn cell(text: &str) -> String {
    escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Names;

    #[test]
    fn file_text_cannot_become_markup() {
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("- no list"), "\\- no list");
        assert_eq!(escape("1. no list"), "1\\. no list");
        assert_eq!(
            escape("<script>x</script> [[link]] a|b"),
            "\\<script\\>x\\</script\\> \\[\\[link\\]\\] a\\|b"
        );
        assert_eq!(escape("two\nlines"), "two lines");
    }

    #[test]
    fn tags_and_names() {
        assert_eq!(tag("Pain / Onboarding flow"), "#pain/onboarding-flow");
        assert_eq!(tag("2024"), "#tag-2024");
        let mut n = Names::default();
        assert_eq!(
            n.file("interviews", "Call with Ana!", "abc"),
            "interviews/call-with-ana"
        );
        assert_eq!(
            n.file("interviews", "call with ana", "abd"),
            "interviews/call-with-ana-2"
        );
        assert_eq!(
            n.file("interviews", "!!!", "0123456789"),
            "interviews/interview-01234567"
        );
    }
}
