//! The pack as a static site that opens by double-click from the file system in any modern
//! browser: no server, no network (no CDN, no web font, relative links only, a strict CSP in
//! every page), everything readable without JavaScript. Search is the one script: its index
//! is a plain `<script>` file (`search-index.js`), because `fetch` and ES modules do not work
//! from `file://`.
//!
//! Pages: the index (scope, date, redaction, counts, a tag frequency chart), one page per
//! interview (the transcript with speakers, times, highlights marked and their tags as
//! chips), the codebook (every highlight per tag), insights and personas with their evidence
//! linked to the exact passage, trees as an outline and as the canvas drawing, feedback as a
//! table, and a method and consent page. A print stylesheet makes each page a handout.

use super::contents::Contents;
use super::redact::Redactor;
use super::{PackFile, Pages, clock};
use crate::model::*;
use crate::trees::NodeEvidence as Badge;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const STYLE: &str = include_str!("site/style.css");
const SEARCH: &str = include_str!("site/search.js");

/// Scripts and styles from the pack's own folder only; nothing else, anywhere, and no inline
/// script or style (charts are SVG attributes). (`file:` is named because browsers differ on
/// whether `'self'` covers a file URL.)
const CSP: &str = "default-src 'none'; script-src 'self' file:; style-src 'self' file:; \
                   img-src 'self' file: data:; base-uri 'none'; form-action 'none'";

pub(super) fn write(c: &Contents, r: &Redactor, pages: &Pages, created: &str) -> Vec<PackFile> {
    let mut site = Site {
        c,
        r,
        page: &pages.path,
        title: &pages.title,
        docs: Vec::new(),
    };
    let mut files = Vec::new();
    for (interview, segments) in &c.interviews {
        files.push(site.interview(interview, segments));
    }
    for note in &c.notes {
        files.push(site.note(note));
    }
    for insight in &c.insights {
        files.push(site.insight(insight));
    }
    for persona in &c.personas {
        files.push(site.persona(persona));
    }
    for (tree, nodes, evidence) in &c.trees {
        files.push(site.tree(tree, nodes, evidence));
    }
    files.push(site.codebook());
    if !c.feedback.is_empty() {
        files.push(site.feedback());
    }
    if !c.shipped.is_empty() {
        files.push(site.you_said_we_did());
    }
    if !c.workshops.is_empty() {
        files.push(site.workshops());
    }
    files.push(site.method(created));
    files.push(site.index(created));
    files.push(PackFile {
        path: "style.css".into(),
        bytes: STYLE.as_bytes().to_vec(),
    });
    files.push(PackFile {
        path: "search.js".into(),
        bytes: SEARCH.as_bytes().to_vec(),
    });
    files.push(PackFile {
        path: "search-index.js".into(),
        bytes: site.search_index().into_bytes(),
    });
    files
}

/// One entry of the search index: a page (and place in it) and its text.
struct Doc {
    url: String,
    kind: &'static str,
    title: String,
    text: String,
}

struct Site<'a> {
    c: &'a Contents,
    r: &'a Redactor,
    /// Page path (from the pack's root, no extension) by object id.
    page: &'a HashMap<String, String>,
    title: &'a HashMap<String, String>,
    docs: Vec<Doc>,
}

impl<'a> Site<'a> {
    /// A link from a page one folder down (`interviews/x.html`) to an object's page.
    fn href(&self, id: &str, fragment: Option<&str>) -> Option<String> {
        self.page.get(id).map(|p| match fragment {
            Some(f) => format!("../{p}.html#{f}"),
            None => format!("../{p}.html"),
        })
    }

    fn tags_of<'h>(&'h self, h: &'h Highlight) -> Vec<&'h str> {
        self.c.tag_paths(h).collect()
    }

    fn chips(&self, h: &Highlight) -> String {
        let mut out = String::new();
        for t in self.tags_of(h) {
            let _ = write!(out, "<span class=\"chip\">{}</span>", esc(&self.r.text(t)));
        }
        out
    }

    fn who(&self, h: &Highlight) -> String {
        match (&h.participant_id, &h.speaker) {
            (Some(p), _) => self.c.participant_name(self.r, p),
            (None, Some(s)) => self.r.text(s),
            _ => String::new(),
        }
    }

    /// A highlight quoted on another page, linking to its passage.
    fn quote(&self, h: &Highlight) -> String {
        let source = h
            .input
            .interview_id
            .as_deref()
            .or(h.input.note_id.as_deref())
            .unwrap_or("");
        let mut by = Vec::new();
        let who = self.who(h);
        if !who.is_empty() {
            by.push(esc(&who));
        }
        if let Some(href) = self.href(source, Some(&format!("h-{}", h.id))) {
            let when = h
                .start_ms
                .map(|ms| format!(" at {}", clock(ms)))
                .unwrap_or_default();
            let t = self.title.get(source).map_or("", String::as_str);
            by.push(format!("<a href=\"{}\">{}{when}</a>", esc(&href), esc(t)));
        }
        format!(
            "<blockquote class=\"quote\"><p>{}</p><footer>{} {}</footer></blockquote>\n",
            esc(&self.r.text(&h.input.quote)),
            by.join(" · "),
            self.chips(h)
        )
    }

    fn interview(&mut self, i: &Interview, segments: &[Segment]) -> PackFile {
        let (c, r) = (self.c, self.r);
        let path = self.page[&i.id].clone();
        let title = self.title[&i.id].clone();
        let highlights: Vec<&Highlight> = c
            .highlights
            .iter()
            .filter(|h| h.input.interview_id.as_deref() == Some(i.id.as_str()))
            .collect();
        let ranges = c.passage_ranges(&highlights, segments);
        let people: Vec<String> = i
            .input
            .participant_ids
            .iter()
            .filter(|p| c.participants.iter().any(|x| &x.id == *p))
            .map(|p| c.participant_name(r, p))
            .collect();
        let mut body = format!("<h1>{}</h1>\n<p class=\"facts\">", esc(&title));
        let mut facts = Vec::new();
        if let Some(d) = &i.input.date {
            facts.push(format!("<time>{}</time>", esc(d)));
        }
        facts.push(esc(&i.input.method.as_str().replace('_', " ")));
        if !people.is_empty() {
            facts.push(esc(&people.join(", ")));
        }
        facts.push(format!("{} highlights", highlights.len()));
        body.push_str(&facts.join(" · "));
        body.push_str("</p>\n");
        if !i.input.notes.trim().is_empty() {
            let _ = writeln!(
                body,
                "<section><h2>Notes</h2><div class=\"notes\">{}</div></section>",
                paragraphs(&r.text(&i.input.notes))
            );
        }
        if !highlights.is_empty() {
            body.push_str("<section><h2>Highlights</h2>\n");
            for h in &highlights {
                let _ = writeln!(
                    body,
                    "<blockquote class=\"quote\"><p><a href=\"#h-{}\">{}</a></p><footer>{}{} {}</footer></blockquote>",
                    esc(&h.id),
                    esc(&r.text(&h.input.quote)),
                    esc(&self.who(h)),
                    h.start_ms
                        .map(|ms| format!(" · {}", clock(ms)))
                        .unwrap_or_default(),
                    self.chips(h)
                );
            }
            body.push_str("</section>\n");
        }
        if !segments.is_empty() {
            body.push_str("<section><h2>Transcript</h2>\n<div class=\"transcript\">\n");
            for (n, s) in segments.iter().enumerate() {
                let who = c.speaker(r, i, s);
                let red = r.redact(&s.text);
                let marks: Vec<(usize, usize, &Highlight)> = ranges
                    .get(&n)
                    .map(|v| {
                        v.iter()
                            .map(|(a, b, h)| (red.map(*a, false), red.map(*b, true), *h))
                            .collect()
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    body,
                    "<div class=\"passage\" id=\"p-{}\"><div class=\"who\">{}{}</div><p>{}</p></div>",
                    esc(&s.id),
                    esc(&who),
                    s.start_ms
                        .map(|ms| format!(" <time>{}</time>", clock(ms)))
                        .unwrap_or_default(),
                    marked(&red.text, &marks, |h| self
                        .tags_of(h)
                        .iter()
                        .map(|t| r.text(t))
                        .collect::<Vec<_>>()
                        .join(", "))
                );
                self.docs.push(Doc {
                    url: format!("{path}.html#p-{}", s.id),
                    kind: "passage",
                    title: format!("{title} — {who}"),
                    text: red.text.clone(),
                });
            }
            body.push_str("</div></section>\n");
        }
        self.docs.push(Doc {
            url: format!("{path}.html"),
            kind: "interview",
            title: title.clone(),
            text: r.text(&i.input.notes),
        });
        for h in &highlights {
            self.docs.push(Doc {
                url: format!("{path}.html#h-{}", h.id),
                kind: "highlight",
                title: format!("{} — {}", self.who(h), title),
                text: r.text(&h.input.quote),
            });
        }
        page(&path, &title, &body)
    }

    fn note(&mut self, n: &Note) -> PackFile {
        let path = self.page[&n.id].clone();
        let title = self.title[&n.id].clone();
        let mut body = format!(
            "<h1>{}</h1>\n<div class=\"notes\">{}</div>\n",
            esc(&title),
            paragraphs(&self.r.text(&n.input.body))
        );
        let highlights: Vec<&Highlight> = self
            .c
            .highlights
            .iter()
            .filter(|h| h.input.note_id.as_deref() == Some(n.id.as_str()))
            .collect();
        if !highlights.is_empty() {
            body.push_str("<section><h2>Highlights</h2>\n");
            for h in highlights {
                let _ = writeln!(body, "<div id=\"h-{}\">{}</div>", esc(&h.id), self.quote(h));
            }
            body.push_str("</section>\n");
        }
        self.docs.push(Doc {
            url: format!("{path}.html"),
            kind: "note",
            title: title.clone(),
            text: self.r.text(&n.input.body),
        });
        page(&path, &title, &body)
    }

    fn evidence(&self, ids: &[String]) -> String {
        let mut out = String::new();
        for h in ids.iter().filter_map(|id| self.c.highlight(id)) {
            out.push_str(&self.quote(h));
        }
        out
    }

    fn insight(&mut self, i: &Insight) -> PackFile {
        let path = self.page[&i.id].clone();
        let title = self.title[&i.id].clone();
        let mut body = format!("<h1>{}</h1>\n", esc(&title));
        if !i.input.body.trim().is_empty() {
            let _ = writeln!(
                body,
                "<div class=\"notes\">{}</div>",
                paragraphs(&self.r.text(&i.input.body))
            );
        }
        let _ = writeln!(
            body,
            "<section><h2>Evidence</h2><p class=\"facts\">{} highlights from {} participants</p>\n{}</section>",
            i.input.highlight_ids.len(),
            i.strength,
            self.evidence(&i.input.highlight_ids)
        );
        self.docs.push(Doc {
            url: format!("{path}.html"),
            kind: "insight",
            title: title.clone(),
            text: self.r.text(&i.input.body),
        });
        page(&path, &title, &body)
    }

    fn persona(&mut self, p: &Persona) -> PackFile {
        let (c, r) = (self.c, self.r);
        let path = self.page[&p.id].clone();
        let title = self.title[&p.id].clone();
        let mut body = format!("<h1>{}</h1>\n", esc(&title));
        if !p.input.role.trim().is_empty() {
            let _ = writeln!(
                body,
                "<p class=\"facts\">{}</p>",
                esc(&r.text(&p.input.role))
            );
        }
        if !p.input.summary.trim().is_empty() {
            let _ = writeln!(
                body,
                "<div class=\"notes\">{}</div>",
                paragraphs(&r.text(&p.input.summary))
            );
        }
        if !p.input.attributes.is_empty() {
            body.push_str("<dl class=\"attributes\">");
            for (k, v) in &p.input.attributes {
                let _ = write!(
                    body,
                    "<dt>{}</dt><dd>{}</dd>",
                    esc(&r.text(k)),
                    esc(&r.text(v))
                );
            }
            body.push_str("</dl>\n");
        }
        let mut text = r.text(&p.input.summary);
        for kind in StatementKind::ALL {
            let statements: Vec<&PersonaStatement> =
                p.statements.iter().filter(|s| s.kind == *kind).collect();
            if statements.is_empty() {
                continue;
            }
            let _ = writeln!(
                body,
                "<section><h2>{}</h2>",
                super::statement_heading(*kind)
            );
            for s in statements {
                let strength = match s.strength {
                    0 => "no evidence".to_string(),
                    1 => "1 participant".to_string(),
                    n => format!("{n} participants"),
                };
                let _ = writeln!(
                    body,
                    "<h3>{} <span class=\"strength s{}\">{strength}</span></h3>\n{}",
                    esc(&r.text(&s.text)),
                    s.strength.min(3),
                    self.evidence(&s.highlight_ids)
                );
                text.push('\n');
                text.push_str(&r.text(&s.text));
            }
            body.push_str("</section>\n");
        }
        let members: Vec<String> = p
            .input
            .participant_ids
            .iter()
            .map(|id| c.participant_name(r, id))
            .collect();
        if !members.is_empty() {
            let _ = writeln!(
                body,
                "<section><h2>Participants</h2><p>{}</p></section>",
                esc(&members.join(", "))
            );
        }
        self.docs.push(Doc {
            url: format!("{path}.html"),
            kind: "persona",
            title: title.clone(),
            text,
        });
        page(&path, &title, &body)
    }

    fn tree(
        &mut self,
        t: &Tree,
        nodes: &[TreeNode],
        evidence: &super::contents::NodeEvidence,
    ) -> PackFile {
        let (c, r) = (self.c, self.r);
        let path = self.page[&t.id].clone();
        let title = self.title[&t.id].clone();
        let mut body = format!("<h1>{}</h1>\n<p class=\"facts\">", esc(&title));
        let facts: Vec<String> = [
            ("Metric", &t.input.metric),
            ("Baseline", &t.input.baseline),
            ("Target", &t.input.target),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}: {}", esc(&r.text(v))))
        .chain(t.input.target_date.iter().map(|d| format!("by {}", esc(d))))
        .collect();
        body.push_str(&facts.join(" · "));
        body.push_str("</p>\n");
        if !t.input.description.trim().is_empty() {
            let _ = writeln!(
                body,
                "<div class=\"notes\">{}</div>",
                paragraphs(&r.text(&t.input.description))
            );
        }
        let mut children: BTreeMap<Option<&str>, Vec<&TreeNode>> = BTreeMap::new();
        for n in nodes {
            children
                .entry(n.input.parent_id.as_deref())
                .or_default()
                .push(n);
        }
        for list in children.values_mut() {
            list.sort_by_key(|n| n.input.position);
        }
        body.push_str("<section><h2>Outline</h2>\n");
        let mut text = String::new();
        self.outline(&children, None, evidence, &mut body, &mut text, 0);
        body.push_str("</section>\n");
        // The canvas drawing, from the same redacted titles.
        let redacted: Vec<TreeNode> = nodes
            .iter()
            .map(|n| {
                let mut n = n.clone();
                n.input.title = r.text(&n.input.title);
                n.input.description = r.text(&n.input.description);
                n
            })
            .collect();
        let mut outcome = t.clone();
        outcome.input.title = title.clone();
        for f in [
            &mut outcome.input.metric,
            &mut outcome.input.baseline,
            &mut outcome.input.target,
            &mut outcome.input.description,
        ] {
            *f = r.text(f);
        }
        let badges: Vec<Badge> = nodes
            .iter()
            .map(|n| {
                let refs = evidence.get(&n.id).map(Vec::as_slice).unwrap_or_default();
                let mut counts = KindCounts::new();
                for e in refs {
                    *counts.entry(e.kind.as_str().to_string()).or_default() += 1;
                }
                let people: std::collections::HashSet<&str> = refs
                    .iter()
                    .filter_map(|e| c.highlight(&e.id))
                    .filter_map(|h| h.participant_id.as_deref())
                    .collect();
                Badge {
                    node_id: n.id.clone(),
                    counts,
                    total: refs.len() as i64,
                    participants: people.len() as i64,
                    persona_ids: refs
                        .iter()
                        .filter(|e| e.kind == ObjectKind::Persona)
                        .map(|e| e.id.clone())
                        .collect(),
                    // A pack's drawing shows the evidence badges, not demand.
                    demand: Default::default(),
                }
            })
            .collect();
        let svg = crate::trees::svg::render(
            &crate::trees::layout::layout(&outcome, &redacted, &[]),
            &redacted,
            &badges,
        );
        let _ = writeln!(
            body,
            "<section class=\"canvas\"><h2>Canvas</h2><div class=\"svg\">{svg}</div></section>"
        );
        self.docs.push(Doc {
            url: format!("{path}.html"),
            kind: "tree",
            title: title.clone(),
            text,
        });
        page(&path, &title, &body)
    }

    fn outline(
        &self,
        children: &BTreeMap<Option<&str>, Vec<&TreeNode>>,
        parent: Option<&str>,
        evidence: &super::contents::NodeEvidence,
        body: &mut String,
        text: &mut String,
        depth: usize,
    ) {
        let Some(kids) = children.get(&parent) else {
            return;
        };
        if depth >= MAX_DEPTH {
            return;
        }
        let (c, r) = (self.c, self.r);
        body.push_str("<ul class=\"outline\">\n");
        for n in kids {
            let kind = super::node_label(n.input.kind);
            let node_title = r.text(&n.input.title);
            text.push_str(&node_title);
            text.push('\n');
            let score = n.score.map(|s| format!(" · score {s}")).unwrap_or_default();
            let _ = write!(
                body,
                "<li id=\"n-{}\"><span class=\"kind {}\">{kind}</span> {} <span class=\"facts\">{}{score}</span>",
                esc(&n.id),
                n.input.kind.as_str(),
                esc(&node_title),
                n.input.status.as_str()
            );
            let refs = evidence.get(&n.id).map(Vec::as_slice).unwrap_or_default();
            if !refs.is_empty() {
                body.push_str("<ul class=\"evidence\">");
                for e in refs {
                    let item = match e.kind {
                        ObjectKind::Highlight => c.highlight(&e.id).map(|h| {
                            let source = h
                                .input
                                .interview_id
                                .as_deref()
                                .or(h.input.note_id.as_deref())
                                .unwrap_or("");
                            let quote = esc(&r.text(&h.input.quote));
                            match self.href(source, Some(&format!("h-{}", h.id))) {
                                Some(href) => format!(
                                    "“<a href=\"{}\">{quote}</a>” — {}",
                                    esc(&href),
                                    esc(&self.who(h))
                                ),
                                None => format!("“{quote}”"),
                            }
                        }),
                        ObjectKind::Insight | ObjectKind::Persona | ObjectKind::Interview => {
                            self.href(&e.id, None).map(|href| {
                                format!(
                                    "{} <a href=\"{}\">{}</a>",
                                    e.kind.as_str(),
                                    esc(&href),
                                    esc(self.title.get(&e.id).map_or("", String::as_str))
                                )
                            })
                        }
                        ObjectKind::Feedback => c.feedback.iter().find(|f| f.id == e.id).map(|f| {
                            format!(
                                "feedback <a href=\"../feedback.html#f-{}\">“{}”</a>",
                                esc(&f.id),
                                esc(&r.text(&f.input.text).chars().take(140).collect::<String>())
                            )
                        }),
                        _ => None,
                    };
                    if let Some(item) = item {
                        let _ = write!(body, "<li>{item}</li>");
                    }
                }
                body.push_str("</ul>");
            }
            self.outline(
                children,
                Some(n.id.as_str()),
                evidence,
                body,
                text,
                depth + 1,
            );
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
    }

    fn codebook(&mut self) -> PackFile {
        let (c, r) = (self.c, self.r);
        let mut tags: Vec<&Tag> = c.tags.iter().collect();
        tags.sort_by(|a, b| a.path.cmp(&b.path));
        let mut body = String::from("<h1>Codebook</h1>\n<ul class=\"toc\">");
        let count = |t: &Tag| {
            c.highlights
                .iter()
                .filter(|h| h.input.tag_ids.contains(&t.id))
                .count()
        };
        for t in &tags {
            let _ = write!(
                body,
                "<li><a href=\"#t-{}\">{}</a> ({})</li>",
                esc(&t.id),
                esc(&r.text(&t.path)),
                count(t)
            );
        }
        body.push_str("</ul>\n");
        for t in &tags {
            let _ = writeln!(
                body,
                "<section id=\"t-{}\"><h2><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"{}\"/></svg>{}</h2>",
                esc(&t.id),
                color(&t.input.color),
                esc(&r.text(&t.path))
            );
            if !t.input.description.trim().is_empty() {
                let _ = writeln!(body, "<p>{}</p>", esc(&r.text(&t.input.description)));
            }
            for h in c
                .highlights
                .iter()
                .filter(|h| h.input.tag_ids.contains(&t.id))
            {
                body.push_str(&self.quote(h).replace("href=\"../", "href=\""));
            }
            body.push_str("</section>\n");
            self.docs.push(Doc {
                url: format!("codebook.html#t-{}", t.id),
                kind: "tag",
                title: r.text(&t.path),
                text: r.text(&t.input.description),
            });
        }
        page("codebook", "Codebook", &body)
    }

    fn feedback(&mut self) -> PackFile {
        let (c, r) = (self.c, self.r);
        let mut body = String::from(
            "<h1>Feedback</h1>\n<table class=\"feedback\"><thead><tr><th>Received</th><th>Source</th><th>Customer</th><th>Score</th><th>Feedback</th></tr></thead><tbody>\n",
        );
        for f in &c.feedback {
            let text = r.text(&f.input.text);
            let _ = writeln!(
                body,
                "<tr id=\"f-{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                esc(&f.id),
                esc(f
                    .input
                    .received_at
                    .as_deref()
                    .map(|d| &d[..d.len().min(10)])
                    .unwrap_or("")),
                esc(&r.text(&f.input.source)),
                esc(&c.customer(r, &f.input.customer)),
                f.input.score.map(|s| s.to_string()).unwrap_or_default(),
                esc(&text)
            );
            self.docs.push(Doc {
                url: format!("feedback.html#f-{}", f.id),
                kind: "feedback",
                title: format!("Feedback from {}", c.customer(r, &f.input.customer)),
                text,
            });
        }
        body.push_str("</tbody></table>\n");
        page("feedback", "Feedback", &body)
    }

    /// What shipped and what customers said behind it, names already left out.
    fn you_said_we_did(&mut self) -> PackFile {
        let (c, r) = (self.c, self.r);
        let mut body = String::from("<h1>You said, we did</h1>\n");
        for s in &c.shipped {
            let _ = writeln!(
                body,
                "<section id=\"shipped-{}\"><h2>{}</h2>\n<p class=\"facts\">Shipped <time>{}</time> · {} · {} {}</p>",
                esc(&s.node_id),
                esc(&r.text(&s.title)),
                esc(&s.shipped_at[..s.shipped_at.len().min(10)]),
                esc(&r.text(&s.tree_title)),
                s.customers,
                if s.customers == 1 {
                    "customer"
                } else {
                    "customers"
                }
            );
            if !s.description.trim().is_empty() {
                let _ = writeln!(body, "<p>{}</p>", esc(&r.text(&s.description)));
            }
            for q in &s.said {
                let _ = writeln!(
                    body,
                    "<blockquote>{}<footer>{}</footer></blockquote>",
                    esc(&r.text(&q.text)),
                    esc(&q.who)
                );
            }
            body.push_str("</section>\n");
            self.docs.push(Doc {
                url: format!("you-said-we-did.html#shipped-{}", s.node_id),
                kind: "shipped",
                title: format!("Shipped: {}", r.text(&s.title)),
                text: s
                    .said
                    .iter()
                    .map(|q| r.text(&q.text))
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
        page("you-said-we-did", "You said, we did", &body)
    }

    /// Workshops' results: each board's groups best first, with their votes and notes.
    fn workshops(&mut self) -> PackFile {
        let (c, r) = (self.c, self.r);
        let mut body = String::from("<h1>Workshops</h1>\n");
        for b in &c.workshops {
            let w = &b.workshop;
            let _ = writeln!(
                body,
                "<section id=\"workshop-{}\"><h2>{}</h2>\n<p class=\"facts\">{} · {} notes</p>",
                esc(&w.id),
                esc(&r.text(&w.title)),
                esc(w.recipe.label()),
                w.notes
            );
            let mut text = Vec::new();
            for name in crate::workshops::boards(b) {
                let groups = crate::workshops::ranked(b, &name);
                if groups.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    body,
                    "<h3>{}</h3>\n<ol>",
                    esc(&crate::workshops::board_title(&name))
                );
                for g in groups {
                    let _ = write!(
                        body,
                        "<li><strong>{}</strong> <span class=\"facts\">{} votes{}</span><ul>",
                        esc(&r.text(&g.name())),
                        g.votes,
                        if g.supervotes > 0 {
                            format!(", {} supervotes", g.supervotes)
                        } else {
                            String::new()
                        }
                    );
                    for n in g.notes.iter().filter(|n| !n.hidden) {
                        let _ = write!(body, "<li>{}</li>", esc(&r.text(&n.text)));
                        text.push(r.text(&n.text));
                    }
                    body.push_str("</ul></li>\n");
                }
                body.push_str("</ol>\n");
            }
            body.push_str("</section>\n");
            self.docs.push(Doc {
                url: format!("workshops.html#workshop-{}", w.id),
                kind: "workshop",
                title: r.text(&w.title),
                text: text.join(" "),
            });
        }
        page("workshops", "Workshops", &body)
    }

    fn method(&self, created: &str) -> PackFile {
        let (c, r) = (self.c, self.r);
        let o = r.options();
        let mut body = String::from("<h1>Method and consent</h1>\n");
        let _ = writeln!(
            body,
            "<p>This pack was made with Groundwork on <time>{}</time>. It holds {} interviews with {} participants.</p>",
            esc(created),
            c.interviews.len(),
            c.participants.len()
        );
        body.push_str("<h2>Consent</h2>\n");
        if c.left_out.is_empty() {
            body.push_str("<p>Nothing was left out for consent.</p>\n");
        }
        for l in &c.left_out {
            let why = if l.reason == "consent_withdrawn" {
                "withdrew their consent"
            } else {
                "have not given consent"
            };
            let _ = writeln!(
                body,
                "<p>What {} participant(s) who {why} said is left out: {} passages and {} highlights.</p>",
                l.participants, l.passages, l.highlights
            );
        }
        let mut consent: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &c.participants {
            *consent.entry(p.input.consent.as_str()).or_default() += 1;
        }
        body.push_str("<table><thead><tr><th>Consent of the participants in this pack</th><th>Participants</th></tr></thead><tbody>");
        for (k, n) in consent {
            let _ = write!(body, "<tr><td>{k}</td><td class=\"num\">{n}</td></tr>");
        }
        body.push_str("</tbody></table>\n<h2>Redaction</h2>\n");
        let parts: Vec<&str> = [
            (
                o.names,
                "participants' and personas' names replaced by pseudonyms (P01, P02 …)",
            ),
            (o.emails, "email addresses"),
            (o.phones, "phone numbers"),
            (o.urls, "the paths and queries of links"),
            (!o.words.is_empty(), "a list of words"),
        ]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect();
        if parts.is_empty() {
            body.push_str("<p>Not redacted: names and contact details are as recorded.</p>\n");
        } else {
            let _ = writeln!(body, "<p>Redacted: {}.</p>", esc(&parts.join("; ")));
        }
        if !c.participants.is_empty() {
            body.push_str("<h2>Participants</h2>\n<table><thead><tr><th>Participant</th><th>Role</th><th>Company</th><th>Segment</th></tr></thead><tbody>");
            for p in &c.participants {
                let _ = write!(
                    body,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&c.participant_name(r, &p.id)),
                    esc(&r.text(&p.input.role)),
                    esc(&r.text(&p.input.company)),
                    esc(&r.text(&p.input.segment))
                );
            }
            body.push_str("</tbody></table>\n");
        }
        page("method", "Method and consent", &body)
    }

    fn index(&self, created: &str) -> PackFile {
        let (c, r) = (self.c, self.r);
        let mut body = String::from("<h1>Research pack</h1>\n");
        let o = r.options();
        let _ = writeln!(
            body,
            "<p class=\"facts\">Made <time>{}</time> · {} · <a href=\"method.html\">method and consent</a></p>",
            esc(created),
            if o.any() { "redacted" } else { "not redacted" }
        );
        body.push_str("<form class=\"search\" role=\"search\"><label for=\"q\">Search this pack</label> <input id=\"q\" type=\"search\" autocomplete=\"off\" placeholder=\"Search quotes, transcripts, insights…\"><output id=\"results\" for=\"q\"></output><noscript><p>Search needs JavaScript; everything else works without it.</p></noscript></form>\n");
        let counts = [
            ("interviews", c.interviews.len()),
            ("highlights", c.highlights.len()),
            ("insights", c.insights.len()),
            ("personas", c.personas.len()),
            ("trees", c.trees.len()),
            ("feedback items", c.feedback.len()),
            ("participants", c.participants.len()),
        ];
        body.push_str("<ul class=\"counts\">");
        for (k, n) in counts.iter().filter(|(_, n)| *n > 0) {
            let _ = write!(body, "<li><strong>{n}</strong> {k}</li>");
        }
        body.push_str("</ul>\n");
        // Tag frequency, as a bar chart drawn here (no script).
        let mut freq: Vec<(String, usize, String)> = c
            .tags
            .iter()
            .map(|t| {
                (
                    r.text(&t.path),
                    c.highlights
                        .iter()
                        .filter(|h| h.input.tag_ids.contains(&t.id))
                        .count(),
                    t.id.clone(),
                )
            })
            .filter(|(_, n, _)| *n > 0)
            .collect();
        freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if let Some(max) = freq.first().map(|f| f.1) {
            body.push_str("<section><h2>Tags by highlights</h2><table class=\"chart\"><tbody>\n");
            for (name, n, id) in &freq {
                let _ = writeln!(
                    body,
                    "<tr><th scope=\"row\"><a href=\"codebook.html#t-{}\">{}</a></th><td><svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect width=\"{}\" height=\"10\"/></svg> {n}</td></tr>",
                    esc(id),
                    esc(name),
                    (n * 100 / max).max(1)
                );
            }
            body.push_str("</tbody></table></section>\n");
        }
        let mut list = |heading: &str, items: Vec<(String, String, String)>| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(body, "<section><h2>{heading}</h2><ul>");
            for (href, title, extra) in items {
                let _ = writeln!(
                    body,
                    "<li><a href=\"{}.html\">{}</a>{}</li>",
                    esc(&href),
                    esc(&title),
                    extra
                );
            }
            body.push_str("</ul></section>\n");
        };
        let item = |id: &str, extra: String| (self.page[id].clone(), self.title[id].clone(), extra);
        list(
            "Insights",
            c.insights
                .iter()
                .map(|i| {
                    item(
                        &i.id,
                        format!(
                            " <span class=\"facts\">{} highlights, {} participants</span>",
                            i.input.highlight_ids.len(),
                            i.strength
                        ),
                    )
                })
                .collect(),
        );
        list(
            "Interviews",
            c.interviews
                .iter()
                .map(|(i, _)| {
                    item(
                        &i.id,
                        i.input
                            .date
                            .as_deref()
                            .map(|d| format!(" <span class=\"facts\">{}</span>", esc(d)))
                            .unwrap_or_default(),
                    )
                })
                .collect(),
        );
        list(
            "Personas",
            c.personas
                .iter()
                .map(|p| item(&p.id, String::new()))
                .collect(),
        );
        list(
            "Opportunity solution trees",
            c.trees
                .iter()
                .map(|(t, _, _)| item(&t.id, String::new()))
                .collect(),
        );
        list(
            "Notes",
            c.notes.iter().map(|n| item(&n.id, String::new())).collect(),
        );
        let mut more = vec![(
            "codebook".to_string(),
            "Codebook".to_string(),
            String::new(),
        )];
        if !c.feedback.is_empty() {
            more.push((
                "feedback".into(),
                "Feedback".into(),
                format!(" <span class=\"facts\">{} items</span>", c.feedback.len()),
            ));
        }
        if !c.shipped.is_empty() {
            more.push((
                "you-said-we-did".into(),
                "You said, we did".into(),
                format!(" <span class=\"facts\">{} shipped</span>", c.shipped.len()),
            ));
        }
        if !c.workshops.is_empty() {
            more.push((
                "workshops".into(),
                "Workshops".into(),
                format!(" <span class=\"facts\">{}</span>", c.workshops.len()),
            ));
        }
        more.push(("method".into(), "Method and consent".into(), String::new()));
        list("More", more);
        let mut file = page("index", "Research pack", &body);
        // The index page runs the search.
        let html = String::from_utf8(std::mem::take(&mut file.bytes)).unwrap_or_default();
        file.bytes = html
            .replace("</body>", "<script src=\"search-index.js\"></script><script src=\"search.js\"></script></body>")
            .into_bytes();
        file
    }

    /// `window.GROUNDWORK_PACK = [[url, kind, title, text], …]` as a plain script.
    fn search_index(&self) -> String {
        let rows: Vec<[&str; 4]> = self
            .docs
            .iter()
            .map(|d| [d.url.as_str(), d.kind, d.title.as_str(), d.text.as_str()])
            .collect();
        // JSON inside a script: `</script>` and `<!--` in a text must not end it.
        let json = serde_json::to_string(&rows)
            .unwrap_or_else(|_| "[]".into())
            .replace('<', "\\u003c");
        format!("window.GROUNDWORK_PACK = {json};\n")
    }
}

/// The largest single-page pack: past it a browser crawls, and the site (a folder) is the
/// right form.
pub(super) const MAX_ONE_PAGE: usize = 25 * 1024 * 1024;

/// The site as one HTML file, for a small scope: every page's content in a section of its
/// own, in the site's order with the index first, links between pages turned into links
/// within the page (the anchors they point at are object ids, unique across the site), the
/// stylesheet inline under a CSP that allows only it (by hash) and no script at all (the
/// browser's find takes the place of search).
pub(super) fn one_page(files: &[PackFile], title: &str) -> crate::Result<PackFile> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let pages: Vec<(&str, &str)> = files
        .iter()
        .filter_map(|f| {
            let path = f.path.strip_suffix(".html")?;
            let html = std::str::from_utf8(&f.bytes).ok()?;
            let start = html.find("<main>\n")? + "<main>\n".len();
            let end = html.rfind("</main>")?;
            Some((path, &html[start..end]))
        })
        .collect();
    let order = |p: &str| match p {
        "index" => 0,
        "codebook" => 2,
        "feedback" => 3,
        "you-said-we-did" => 3,
        "workshops" => 3,
        "method" => 4,
        _ => 1,
    };
    let mut pages = pages;
    pages.sort_by_key(|(p, _)| order(p));
    let mut body = String::new();
    for (path, content) in &pages {
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        let _ = write!(
            body,
            "<section class=\"page\" id=\"{}\">\n{}</section>\n",
            esc(path),
            within(content, folder)
        );
    }
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE.as_bytes()));
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{hash}'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header class=\"top\"><a href=\"#index\">Research pack</a> · <a href=\"#codebook\">Codebook</a> · <a href=\"#method\">Method</a></header>\n\
         <main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    );
    if html.len() > MAX_ONE_PAGE {
        return Err(crate::Error::new(
            crate::ErrorCode::TooLarge,
            format!(
                "this pack is {} MB as one page, more than a browser opens comfortably ({} MB): choose the website (a folder) or narrow what goes in",
                html.len() / (1024 * 1024),
                MAX_ONE_PAGE / (1024 * 1024)
            ),
        ));
    }
    Ok(PackFile {
        path: "research-pack.html".into(),
        bytes: html.into_bytes(),
    })
}

/// A page's content with its links between pages turned into links within one page: to a
/// place (`x.html#h-1` → `#h-1`) or to the page's section (`../interviews/a.html` →
/// `#interviews/a`). The search form goes (one page has no script; the browser finds).
fn within(content: &str, folder: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(at) = rest.find("href=\"") {
        let (before, after) = rest.split_at(at + "href=\"".len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let target = &after[..end];
        let local = !target.starts_with('#')
            && !target.contains(':')
            && (target.contains(".html") || target.is_empty());
        if local {
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            if !fragment.is_empty() {
                let _ = write!(out, "#{fragment}");
            } else {
                let mut parts: Vec<&str> = if folder.is_empty() {
                    Vec::new()
                } else {
                    folder.split('/').collect()
                };
                for part in file.trim_end_matches(".html").split('/') {
                    match part {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        p => parts.push(p),
                    }
                }
                let _ = write!(out, "#{}", parts.join("/"));
            }
        } else {
            out.push_str(target);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    match (out.find("<form class=\"search\""), out.find("</form>")) {
        (Some(a), Some(b)) if b > a => {
            out.replace_range(a..b + "</form>".len(), "");
            out
        }
        _ => out,
    }
}

/// A whole page: the strict CSP, the stylesheet, a header back to the index.
fn page(path: &str, title: &str, body: &str) -> PackFile {
    let up = "../".repeat(path.matches('/').count());
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{up}style.css\">\n</head>\n<body>\n\
         <header class=\"top\"><a href=\"{up}index.html\">Research pack</a> · <a href=\"{up}codebook.html\">Codebook</a> · <a href=\"{up}method.html\">Method</a></header>\n\
         <main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    );
    PackFile {
        path: format!("{path}.html"),
        bytes: html.into_bytes(),
    }
}

/// Text for HTML: `&`, `<`, `>` and both quotes escaped, so it is inert in text and in
/// attribute values alike.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the user wrote as Markdown (notes, insight bodies, summaries, descriptions) as HTML.
/// Raw HTML in it is shown as text, a link keeps its target only on the allow-list (http,
/// https, mailto, a place in the page), and an image becomes its description: a pack loads
/// nothing from anywhere.
fn paragraphs(text: &str) -> String {
    use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
    let safe = |url: &str| {
        let lower = url.trim().to_ascii_lowercase();
        ["http://", "https://", "mailto:", "#"]
            .iter()
            .any(|p| lower.starts_with(p))
    };
    let events = Parser::new_ext(
        text,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
    )
    .map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image { .. }) => Event::Text(CowStr::Borrowed("[image: ")),
        Event::End(TagEnd::Image) => Event::Text(CowStr::Borrowed("]")),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// A tag colour as CSS, only when it is one (`#rrggbb`); anything else is grey.
fn color(c: &str) -> String {
    if crate::model::is_color(c) {
        c.to_string()
    } else {
        "#999".to_string()
    }
}

/// A passage's text with its highlighted ranges (characters, already carried over any
/// redaction) marked; overlapping highlights share marks, and each highlight's start holds
/// its anchor (`id="h-…"`) that links land on.
fn marked(
    text: &str,
    ranges: &[(usize, usize, &Highlight)],
    tags: impl Fn(&Highlight) -> String,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut cuts: Vec<usize> = vec![0, chars.len()];
    for (a, b, _) in ranges {
        cuts.push((*a).min(chars.len()));
        cuts.push((*b).min(chars.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        for (s, _, h) in ranges {
            if *s == a {
                let _ = write!(
                    out,
                    "<span class=\"anchor\" id=\"h-{}\"></span>",
                    esc(&h.id)
                );
            }
        }
        let piece: String = chars[a..b].iter().collect();
        let covering: Vec<&&Highlight> = ranges
            .iter()
            .filter(|(s, e, _)| *s <= a && b <= *e && s < e)
            .map(|(_, _, h)| h)
            .collect();
        if covering.is_empty() {
            out.push_str(&esc(&piece));
        } else {
            let title: Vec<String> = covering
                .iter()
                .map(|h| tags(h))
                .filter(|t| !t.is_empty())
                .collect();
            let _ = write!(
                out,
                "<mark title=\"{}\">{}</mark>",
                esc(&title.join(" · ")),
                esc(&piece)
            );
        }
    }
    // A highlight that starts at the very end (an empty range) still gets its anchor.
    for (s, _, h) in ranges {
        if *s >= chars.len() {
            let _ = write!(
                out,
                "<span class=\"anchor\" id=\"h-{}\"></span>",
                esc(&h.id)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(id: &str) -> Highlight {
        Highlight {
            id: id.into(),
            input: HighlightInput::default(),
            speaker: None,
            participant_id: None,
            start_ms: None,
            end_offset: None,
            anchor: AnchorState::Ok,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn text_is_inert_in_text_and_attributes() {
        assert_eq!(
            esc(r#"<img src=x onerror="a('1')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn overlapping_highlights_share_marks_and_each_has_its_anchor() {
        let (a, b) = (highlight("a"), highlight("b"));
        let html = marked("one two three <x>", &[(0, 7, &a), (4, 13, &b)], |h| {
            h.id.clone()
        });
        assert_eq!(
            html,
            "<span class=\"anchor\" id=\"h-a\"></span><mark title=\"a\">one </mark>\
             <span class=\"anchor\" id=\"h-b\"></span><mark title=\"a · b\">two</mark>\
             <mark title=\"b\"> three</mark> &lt;x&gt;"
        );
    }

    #[test]
    fn markdown_renders_and_nothing_in_it_runs_or_loads() {
        let html = paragraphs(
            "**Goal:** one invoice\n\n- <script>x()</script>\n- [a](javascript:alert(1)) [b](https://ok.example)\n\n![logo](https://cdn.example/x.png)",
        );
        assert!(html.contains("<strong>Goal:</strong>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://ok.example\""), "{html}");
        assert!(
            !html.contains("<img") && html.contains("[image: logo]"),
            "{html}"
        );
    }

    #[test]
    fn links_between_pages_become_links_within_one_page() {
        let content = "<a href=\"../interviews/a.html#h-1\">q</a> <a href=\"../personas/b.html\">p</a> \
                       <a href=\"#p-2\">here</a> <a href=\"https://x.example/a.html\">out</a> \
                       <form class=\"search\"><input id=\"q\"></form>";
        assert_eq!(
            within(content, "insights"),
            "<a href=\"#h-1\">q</a> <a href=\"#personas/b\">p</a> <a href=\"#p-2\">here</a> \
             <a href=\"https://x.example/a.html\">out</a> "
        );
        assert_eq!(
            within("<a href=\"codebook.html\">c</a>", ""),
            "<a href=\"#codebook\">c</a>"
        );
    }

    #[test]
    fn a_colour_is_a_colour_or_grey() {
        assert_eq!(color("#a1b2c3"), "#a1b2c3");
        assert_eq!(color("red\" onload=\"x"), "#999");
    }
}
