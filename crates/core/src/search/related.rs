//! "More like this" (`any_word`), what suggested evidence asks: hits with any of the words,
//! ranked by how many and how rare. Each word also stands for what a PM would count as the
//! same thing: the indexed words its stem starts ("burned" → "burnout", as the palette finds
//! "burnout" for "burn"), and, when it names a tag, what the codebook files under that tag:
//! its child tags' words and the highlights tagged with it or a child.

use super::query::{
    Clause, Clauses, Parsed, TITLE_BOOST, analyze, either_field, expand_prefix, term_query,
    tokens_query,
};
use super::schema::{self, Fields, TEXT_ANALYZER};
use crate::error::Result;
use crate::model::ObjectKind;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Index, Searcher, TantivyDocument, Term};

/// How many indexed words a stem stands for besides itself, the most frequent first.
const EXPANSIONS: usize = 8;
/// Those words, and child tags' words, count half as much as the word itself.
const NEAR_BOOST: f32 = 0.5;
/// A highlight coded under the tag a word names: as much as a fairly rare word.
const TAGGED_SCORE: f32 = 2.0;
/// Stems shorter than this start too many unrelated words ("car" → "career").
const MIN_EXPANDED: usize = 4;
const MAX_TAGS: usize = 16;
const MAX_CHILDREN: usize = 64;

pub(super) fn text_query(
    index: &Index,
    searcher: &Searcher,
    f: &Fields,
    parsed: &Parsed,
) -> Result<(Clauses, Vec<String>)> {
    let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut highlight = Vec::new();
    for clause in &parsed.must {
        let stems = match clause {
            Clause::Words { stems, .. } => stems,
            Clause::Prefix { full, .. } => full,
            Clause::Phrase(tokens) => {
                highlight.extend(tokens.iter().cloned());
                words.push((
                    Occur::Should,
                    either_field(f, |field| tokens_query(field, tokens)),
                ));
                continue;
            }
        };
        if stems.len() > 1 {
            highlight.extend(stems.iter().cloned());
            words.push((
                Occur::Should,
                either_field(f, |field| tokens_query(field, stems)),
            ));
            continue;
        }
        let stem = &stems[0];
        let mut alternatives: Vec<(String, f32)> = vec![(stem.clone(), 1.0)];
        if stem.chars().count() >= MIN_EXPANDED {
            let near = expand_prefix(searcher, f.body, stem)?;
            for w in near.into_iter().filter(|w| w != stem).take(EXPANSIONS) {
                alternatives.push((w, NEAR_BOOST));
            }
        }
        let named: Vec<&str> = alternatives.iter().map(|(t, _)| t.as_str()).collect();
        let tags = tags_named(searcher, f, &named)?;
        for child in children(searcher, f, &tags)? {
            for t in analyze(index, TEXT_ANALYZER, &child) {
                if !alternatives.iter().any(|(a, _)| *a == t) {
                    alternatives.push((t, NEAR_BOOST));
                }
            }
        }
        let mut union: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (t, boost) in &alternatives {
            highlight.push(t.clone());
            union.push((
                Occur::Should,
                Box::new(BoostQuery::new(term_query(f.title, t), TITLE_BOOST * boost)),
            ));
            union.push((
                Occur::Should,
                Box::new(BoostQuery::new(term_query(f.body, t), *boost)),
            ));
        }
        for id in &tags {
            // A highlight's `tags` values hold its tags' ancestors too: a child counts.
            union.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.tags, id),
                        IndexRecordOption::Basic,
                    )),
                    TAGGED_SCORE,
                )),
            ));
        }
        words.push((Occur::Should, Box::new(BooleanQuery::new(union))));
    }
    let mut clauses: Clauses = Vec::new();
    if !words.is_empty() {
        // One required clause of optional words: at least one must match.
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(words))));
    }
    for tokens in &parsed.must_not {
        clauses.push((
            Occur::MustNot,
            either_field(f, |field| tokens_query(field, tokens)),
        ));
    }
    highlight.sort();
    highlight.dedup();
    Ok((clauses, highlight))
}

fn is_tag(f: &Fields) -> (Occur, Box<dyn Query>) {
    (
        Occur::Must,
        Box::new(TermQuery::new(
            Term::from_field_u64(f.kind, schema::kind_code(ObjectKind::Tag)),
            IndexRecordOption::Basic,
        )),
    )
}

/// Stored `field` of the tag documents matching any of `terms` in `matched`.
fn tag_docs(
    searcher: &Searcher,
    f: &Fields,
    matched: Field,
    terms: &[&str],
    stored: Field,
    limit: usize,
) -> Result<Vec<String>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let any: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .map(|t| {
            (
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(matched, t),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            )
        })
        .collect();
    let query = BooleanQuery::new(vec![
        is_tag(f),
        (Occur::Must, Box::new(BooleanQuery::new(any))),
    ]);
    let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
    let mut out = Vec::new();
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        if let Some(v) = doc.get_first(stored).and_then(|v| v.as_str()) {
            out.push(v.to_string());
        }
    }
    Ok(out)
}

/// Ids of the tags whose name holds one of `stems`.
fn tags_named(searcher: &Searcher, f: &Fields, stems: &[&str]) -> Result<Vec<String>> {
    tag_docs(searcher, f, f.title, stems, f.id, MAX_TAGS)
}

/// Names of the child tags of `ids`.
fn children(searcher: &Searcher, f: &Fields, ids: &[String]) -> Result<Vec<String>> {
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    tag_docs(searcher, f, f.parent, &ids, f.title, MAX_CHILDREN)
}
