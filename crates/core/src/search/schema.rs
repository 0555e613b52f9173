//! The tantivy schema: one document per searchable thing (ARCHITECTURE.md §6).

use crate::model::ObjectKind;
use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// Bump when the schema or the analysis changes: an index of another version is rebuilt.
pub const INDEX_VERSION: u32 = 2;

/// Analyzer of `title` and `body`: words, lower-cased, accents folded, stemmed.
pub(crate) const TEXT_ANALYZER: &str = "gw_text";
/// The same without stemming: what the user is typing is compared to term prefixes with it.
pub(crate) const PREFIX_ANALYZER: &str = "gw_prefix";

#[derive(Clone)]
pub(crate) struct Fields {
    pub id: Field,
    pub kind: Field,
    pub parent: Field,
    pub title: Field,
    /// What a hit is called when that is not its own title (a segment: its interview).
    pub label: Field,
    pub body: Field,
    pub tags: Field,
    pub participants: Field,
    pub personas: Field,
    pub date: Field,
    pub start_ms: Field,
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        kind: b.add_u64_field("kind", INDEXED | FAST | STORED),
        parent: b.add_text_field("parent", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        label: b.add_text_field("label", STORED),
        body: b.add_text_field("body", text),
        tags: b.add_text_field("tags", STRING),
        participants: b.add_text_field("participants", STRING),
        personas: b.add_text_field("personas", STRING),
        date: b.add_date_field("date", INDEXED | FAST | STORED),
        start_ms: b.add_i64_field("start_ms", STORED),
    };
    (b.build(), fields)
}

pub(crate) fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        kind: f("kind")?,
        parent: f("parent")?,
        title: f("title")?,
        label: f("label")?,
        body: f("body")?,
        tags: f("tags")?,
        participants: f("participants")?,
        personas: f("personas")?,
        date: f("date")?,
        start_ms: f("start_ms")?,
    })
}

/// The search languages a workspace can choose (its `search_language` setting).
pub const LANGUAGES: &[(&str, Language)] = &[
    ("en", Language::English),
    ("de", Language::German),
    ("fr", Language::French),
    ("es", Language::Spanish),
    ("it", Language::Italian),
    ("pt", Language::Portuguese),
    ("nl", Language::Dutch),
    ("sv", Language::Swedish),
    ("da", Language::Danish),
    ("no", Language::Norwegian),
    ("fi", Language::Finnish),
];

pub(crate) fn register_analyzers(index: &Index, language: &str) {
    let lang = LANGUAGES
        .iter()
        .find(|(code, _)| *code == language)
        .map_or(Language::English, |(_, l)| *l);
    let text = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(lang))
        .build();
    let prefix = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(TEXT_ANALYZER, text);
    index.tokenizers().register(PREFIX_ANALYZER, prefix);
}

/// The `kind` field's value for an object kind.
pub(crate) fn kind_code(kind: ObjectKind) -> u64 {
    ObjectKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u64
}

pub(crate) fn kind_of_code(code: u64) -> Option<ObjectKind> {
    ObjectKind::ALL.get(code as usize).copied()
}
