use super::{interviews, notes, now, outbox, require_ref};
use crate::error::{Error, Result};
use crate::model::{AnchorState, Highlight, HighlightInput, ObjectKind, PASSAGE_JOIN, Segment};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str =
    "h.id, h.interview_id, h.note_id, h.segment_id, h.start, h.end, h.quote, h.comment,
    h.speaker, h.participant_id, h.start_ms, h.anchor, h.created_at, h.updated_at,
    h.end_segment_id, h.end_offset, h.feedback_id";
/// How many columns COLUMNS has: queries that add their own read from here on.
const NEXT: usize = 17;

/// The most passages one quote may run over: a sentence broken over caption cues takes a
/// handful; a selection over a whole transcript is not a quote.
pub(crate) const MAX_SPAN: usize = 200;

// A highlight is live while it and its source are.
const LIVE: &str = "h.deleted_at IS NULL
    AND (h.interview_id IS NULL OR EXISTS (SELECT 1 FROM interviews i WHERE i.id = h.interview_id AND i.deleted_at IS NULL))
    AND (h.note_id IS NULL OR EXISTS (SELECT 1 FROM notes n WHERE n.id = h.note_id AND n.deleted_at IS NULL))
    AND (h.feedback_id IS NULL OR EXISTS (SELECT 1 FROM feedback_items f WHERE f.id = h.feedback_id AND f.deleted_at IS NULL))";

fn from_row(r: &Row) -> rusqlite::Result<Highlight> {
    let end_segment_id: Option<String> = r.get(14)?;
    Ok(Highlight {
        id: r.get(0)?,
        end_offset: if end_segment_id.is_some() {
            r.get(15)?
        } else {
            None
        },
        input: HighlightInput {
            interview_id: r.get(1)?,
            note_id: r.get(2)?,
            feedback_id: r.get(16)?,
            segment_id: r.get(3)?,
            end_segment_id,
            start: r.get(4)?,
            end: r.get(5)?,
            quote: r.get(6)?,
            comment: r.get(7)?,
            tag_ids: Vec::new(),
        },
        speaker: r.get(8)?,
        participant_id: r.get(9)?,
        start_ms: r.get(10)?,
        anchor: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

fn tag_ids(conn: &Connection, id: &str) -> Result<Vec<String>> {
    super::ids(
        conn,
        "SELECT ht.tag_id FROM highlight_tags ht JOIN tags t ON t.id = ht.tag_id WHERE ht.highlight_id = ?1 AND t.deleted_at IS NULL ORDER BY t.name",
        id,
    )
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Highlight> {
    let mut h = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM highlights h WHERE h.id = ?1 AND {LIVE}"
        ))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("highlight", id))?;
    h.input.tag_ids = tag_ids(conn, id)?;
    Ok(h)
}

/// Whose highlights a list holds.
#[derive(Clone, Copy)]
pub(crate) enum Of<'a> {
    All,
    /// An interview's: its transcript's and its session notes'.
    Interview(&'a str),
    Note(&'a str),
}

impl<'a> Of<'a> {
    /// The condition on `h`, with the id bound as ?1. One statement per case, not
    /// `?1 IS NULL OR …`: SQLite plans a statement once, and that form kept it off
    /// `highlights_by_interview` — one interview's highlights scanned all of them (0.4–1 s
    /// at 100,000 highlights, before a transcript could show).
    fn condition(self) -> &'static str {
        match self {
            Of::All => "1",
            Of::Interview(_) => "h.interview_id = ?1",
            Of::Note(_) => "h.note_id = ?1",
        }
    }

    fn id(self) -> Option<&'a str> {
        match self {
            Of::All => None,
            Of::Interview(id) | Of::Note(id) => Some(id),
        }
    }
}

/// The live highlights of `of`, newest first: a transcript or a note should not pay for the
/// whole workspace's highlights when it opens.
pub(crate) fn list(conn: &Connection, of: Of<'_>) -> Result<Vec<Highlight>> {
    let mut tags = tags_by_highlight(conn, of)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM highlights h WHERE {LIVE} AND {}
         ORDER BY h.created_at DESC, h.id",
        of.condition()
    ))?;
    let mut out: Vec<Highlight> = match of.id() {
        Some(id) => stmt
            .query_map([id], from_row)?
            .collect::<rusqlite::Result<_>>(),
        None => stmt.query_map([], from_row)?.collect(),
    }?;
    for h in &mut out {
        h.input.tag_ids = tags.remove(&h.id).unwrap_or_default();
    }
    Ok(out)
}

/// The live tags of every highlight of `of`, each list by tag name: one query, where asking
/// per highlight made listing cost a query per highlight.
fn tags_by_highlight(
    conn: &Connection,
    of: Of<'_>,
) -> Result<std::collections::HashMap<String, Vec<String>>> {
    let mut tags: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT ht.highlight_id, ht.tag_id FROM highlight_tags ht
         JOIN tags t ON t.id = ht.tag_id
         JOIN highlights h ON h.id = ht.highlight_id
         WHERE t.deleted_at IS NULL AND {}
         ORDER BY t.name",
        of.condition()
    ))?;
    let row = |r: &rusqlite::Row<'_>| Ok((r.get::<_, String>(0)?, r.get(1)?));
    let rows: Vec<(String, String)> = match of.id() {
        Some(id) => stmt.query_map([id], row)?.collect::<rusqlite::Result<_>>(),
        None => stmt.query_map([], row)?.collect(),
    }?;
    for (h, t) in rows {
        tags.entry(h).or_default().push(t);
    }
    Ok(tags)
}

/// The text a highlight points into.
fn source_text(conn: &Connection, input: &HighlightInput) -> Result<String> {
    if let Some(seg_id) = &input.segment_id {
        return Ok(segment_of(conn, input, "segment_id", seg_id)?.text);
    }
    if let Some(i) = &input.interview_id {
        require_ref(conn, "interview_id", ObjectKind::Interview, i)?;
        return Ok(interviews::get(conn, i)?.input.notes);
    }
    if let Some(f) = &input.feedback_id {
        require_ref(conn, "feedback_id", ObjectKind::Feedback, f)?;
        return Ok(super::feedback::get(conn, f)?.input.text);
    }
    let note_id = input.note_id.as_deref().unwrap_or_default();
    require_ref(conn, "note_id", ObjectKind::Note, note_id)?;
    Ok(notes::get(conn, note_id)?.input.body)
}

/// A passage the input names, which must belong to the input's interview.
fn segment_of(conn: &Connection, input: &HighlightInput, field: &str, id: &str) -> Result<Segment> {
    let seg = interviews::segment(conn, id)
        .map_err(|_| Error::invalid(field, format!("no transcript segment with id {id}")))?;
    if Some(&seg.interview_id) != input.interview_id.as_ref() {
        return Err(Error::invalid(
            field,
            "the segment belongs to another interview",
        ));
    }
    Ok(seg)
}

/// Character offsets of `quote` in `text`: at the given place if it is still there, else
/// where it now is (the nearest occurrence), else None.
pub(crate) fn locate(text: &str, quote: &str, start: i64) -> Option<(i64, i64, AnchorState)> {
    let len = quote.chars().count() as i64;
    let at: String = text
        .chars()
        .skip(start.max(0) as usize)
        .take(len as usize)
        .collect();
    if at == quote {
        return Some((start, start + len, AnchorState::Ok));
    }
    let best = text
        .match_indices(quote)
        .map(|(byte, _)| text[..byte].chars().count() as i64)
        .min_by_key(|c| (c - start).abs())?;
    Some((best, best + len, AnchorState::Moved))
}

/// The passages a quote runs over, first to last, in transcript order.
struct Span {
    passages: Vec<Segment>,
}

impl Span {
    /// The passages from `first` to `last` of one interview; None when `last` comes before
    /// `first` or they are too many to be one quote.
    fn between(conn: &Connection, first: &Segment, last: &Segment) -> Result<Option<Span>> {
        if last.position <= first.position || (last.position - first.position) as usize >= MAX_SPAN
        {
            return Ok(None);
        }
        let passages =
            interviews::segments_between(conn, &first.interview_id, first.position, last.position)?;
        Ok(Some(Span { passages }))
    }

    /// Their texts joined, as the quote reads them.
    fn text(&self) -> String {
        self.passages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(PASSAGE_JOIN)
    }

    fn first_len(&self) -> i64 {
        self.passages[0].text.chars().count() as i64
    }

    /// Where the last passage starts in `text()`, in characters.
    fn last_at(&self) -> i64 {
        let join = PASSAGE_JOIN.chars().count() as i64;
        self.passages[..self.passages.len() - 1]
            .iter()
            .map(|p| p.text.chars().count() as i64 + join)
            .sum()
    }

    /// `(start, end, end_offset)` for a quote found at `[s, e)` of `text()`, when it begins in
    /// the first passage and ends in the last (else it is not a quote over this span).
    fn offsets(&self, s: i64, e: i64) -> Option<(i64, i64, i64)> {
        let last_at = self.last_at();
        (s < self.first_len() && e > last_at).then(|| (s, self.first_len(), e - last_at))
    }

    /// The one speaker of every passage, or an error naming them when there are more.
    fn speaker(&self) -> Result<(Option<String>, Option<String>)> {
        let mut who: Vec<(Option<String>, Option<String>)> = Vec::new();
        for p in &self.passages {
            let w = (p.speaker.clone(), p.participant_id.clone());
            if !who.contains(&w) {
                who.push(w);
            }
        }
        if who.len() == 1 {
            return Ok(who.remove(0));
        }
        let names: Vec<String> = who
            .iter()
            .map(|(s, _)| s.clone().unwrap_or_else(|| "an unnamed speaker".into()))
            .collect();
        Err(Error::invalid(
            "end_segment_id",
            format!(
                "the selection runs over the words of {}; a highlight quotes one speaker, so select what one of them said",
                names.join(" and ")
            ),
        ))
    }
}

/// Where a new or edited highlight sits: `(start, end, end_offset)` and, for transcript
/// quotes, the passage(s) it starts in (who said it and when).
struct Anchored {
    start: i64,
    end: i64,
    end_offset: Option<i64>,
    speaker: Option<String>,
    participant_id: Option<String>,
    start_ms: Option<i64>,
}

fn anchor(conn: &Connection, input: &HighlightInput) -> Result<Anchored> {
    let not_there = || Error::invalid("quote", "the quote does not appear in the selected text");
    if let (Some(first), Some(last)) = (&input.segment_id, &input.end_segment_id)
        && first != last
    {
        let first = segment_of(conn, input, "segment_id", first)?;
        let last = segment_of(conn, input, "end_segment_id", last)?;
        let span = Span::between(conn, &first, &last)?.ok_or_else(|| {
            Error::invalid(
                "end_segment_id",
                format!("a quote runs forwards over at most {MAX_SPAN} passages of one transcript"),
            )
        })?;
        let (speaker, participant_id) = span.speaker()?;
        let (s, e, _) = locate(&span.text(), &input.quote, input.start).ok_or_else(not_there)?;
        let (start, end, end_offset) = span.offsets(s, e).ok_or_else(|| {
            Error::invalid(
                "quote",
                "the quote does not run from the first selected passage to the last",
            )
        })?;
        return Ok(Anchored {
            start,
            end,
            end_offset: Some(end_offset),
            speaker,
            participant_id,
            // A merged caption passage: the second of the cue the quote starts in.
            start_ms: first.time_at(start),
        });
    }
    let text = source_text(conn, input)?;
    let (start, end, _) = locate(&text, &input.quote, input.start).ok_or_else(not_there)?;
    let (speaker, participant_id, start_ms) = match &input.segment_id {
        Some(s) => {
            let seg = interviews::segment(conn, s)?;
            let at = seg.time_at(start);
            (seg.speaker, seg.participant_id, at)
        }
        None => (None, None, None),
    };
    Ok(Anchored {
        start,
        end,
        end_offset: None,
        speaker,
        participant_id,
        start_ms,
    })
}

fn set_tags(conn: &Connection, id: &str, tag_ids: &[String]) -> Result<()> {
    for t in tag_ids {
        require_ref(conn, "tag_ids", ObjectKind::Tag, t)?;
    }
    conn.prepare_cached("DELETE FROM highlight_tags WHERE highlight_id = ?1")?
        .execute([id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id) VALUES (?1, ?2)",
    )?;
    for t in tag_ids {
        stmt.execute(params![id, t])?;
    }
    Ok(())
}

/// The last passage as stored: none when the quote ends in its first one.
fn end_segment(input: &HighlightInput) -> Option<&String> {
    input
        .end_segment_id
        .as_ref()
        .filter(|e| Some(*e) != input.segment_id.as_ref())
}

pub(crate) fn insert(conn: &Connection, input: &HighlightInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(
    conn: &Connection,
    s: &super::Stamp,
    input: &HighlightInput,
) -> Result<String> {
    let a = anchor(conn, input)?;
    let id = &s.id;
    conn.prepare_cached("INSERT INTO highlights (id, interview_id, note_id, segment_id, start, end, quote, comment, speaker, participant_id, start_ms, anchor, created_at, updated_at, end_segment_id, end_offset, feedback_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'ok', ?12, ?15, ?13, ?14, ?16)")?.execute(params![id, input.interview_id, input.note_id, input.segment_id, a.start, a.end, input.quote, input.comment, a.speaker, a.participant_id, a.start_ms, s.created_at, end_segment(input), a.end_offset, s.updated_at, input.feedback_id],
    )?;
    set_tags(conn, id, &input.tag_ids)?;
    outbox::push(conn, ObjectKind::Highlight, id)?;
    Ok(id.clone())
}

/// Update the comment, tags and (when the source is unchanged) the selection.
pub(crate) fn update(conn: &Connection, id: &str, input: &HighlightInput) -> Result<()> {
    let before = get(conn, id)?;
    if before.input.interview_id != input.interview_id
        || before.input.note_id != input.note_id
        || before.input.feedback_id != input.feedback_id
        || before.input.segment_id != input.segment_id
        || before.input.end_segment_id.as_ref() != end_segment(input)
    {
        return Err(Error::invalid(
            "segment_id",
            "a highlight cannot move to other passages or another source; make a new one",
        ));
    }
    let a = anchor(conn, input)?;
    conn.prepare_cached("UPDATE highlights SET start = ?2, end = ?3, end_offset = ?4, quote = ?5, comment = ?6, anchor = 'ok', updated_at = ?7 WHERE id = ?1")?.execute(params![id, a.start, a.end, a.end_offset, input.quote, input.comment, now()],
    )?;
    set_tags(conn, id, &input.tag_ids)?;
    outbox::push(conn, ObjectKind::Highlight, id)
}

/// Who said a highlight: its speaker's participant, else (for words no speaker label names,
/// such as session notes) its interview's participant when there is exactly one; None when
/// nobody can be named. A labelled speaker linked to no one is not taken for that
/// participant: they may be anyone else in the room.
pub(crate) fn participant_of(conn: &Connection, highlight_id: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(h.participant_id, CASE WHEN h.speaker IS NULL THEN (SELECT CASE WHEN count(*) = 1 THEN min(ip.participant_id) END FROM interview_participants ip WHERE ip.interview_id = h.interview_id) END)
         FROM highlights h WHERE h.id = ?1 AND h.deleted_at IS NULL",
    )?;
    Ok(stmt
        .query_row([highlight_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// Distinct participants behind a set of highlights: how strong evidence is. Two highlights
/// from one participant count once. A highlight whose speaker is known but linked to no
/// participant (a name left as written) counts as that speaker of that interview, so
/// evidence from a known speaker never counts 0; one nobody can be named for (no label, or
/// one such as "Speaker 2") counts for nobody.
pub(crate) fn distinct_participants(conn: &Connection, highlight_ids: &[String]) -> Result<i64> {
    distinct_people(conn, highlight_ids, &[])
}

/// `distinct_participants`, counting the customers of feedback too: a quote coded in a
/// feedback item, and a feedback item itself, count as its customer (`customer_key`), so
/// evidence from feedback is never "0 people".
pub(crate) fn distinct_people(
    conn: &Connection,
    highlight_ids: &[String],
    feedback_ids: &[String],
) -> Result<i64> {
    use crate::model::feedback::customer_key;
    let mut seen = std::collections::BTreeSet::new();
    let mut customer = conn.prepare_cached(
        "SELECT f.email, f.customer, f.id FROM feedback_items f
         WHERE f.id = coalesce((SELECT h.feedback_id FROM highlights h WHERE h.id = ?1 AND h.deleted_at IS NULL), ?2)
           AND f.deleted_at IS NULL",
    )?;
    let mut customer_of = |highlight: Option<&str>, item: Option<&str>| -> Result<Option<String>> {
        Ok(customer
            .query_row(params![highlight, item], |r| {
                Ok(customer_key(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                ))
            })
            .optional()?)
    };
    for id in feedback_ids {
        if let Some(k) = customer_of(None, Some(id))? {
            seen.insert(k);
        }
    }
    let mut speaker = conn.prepare_cached(
        "SELECT interview_id, speaker FROM highlights WHERE id = ?1 AND deleted_at IS NULL",
    )?;
    for id in highlight_ids {
        if let Some(p) = participant_of(conn, id)? {
            seen.insert(p);
            continue;
        }
        if let Some(k) = customer_of(Some(id), None)? {
            seen.insert(k);
            continue;
        }
        let row: Option<(Option<String>, Option<String>)> = speaker
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((Some(interview), Some(label))) = row
            && !crate::model::names::is_anonymous(&label)
        {
            let key = crate::model::names::person_key(&label);
            {
                seen.insert(format!("speaker:{interview}:{key}"));
            }
        }
    }
    Ok(seen.len() as i64)
}

/// Which text of a source highlights point into.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    Segment(&'a str),
    InterviewNotes(&'a str),
    Note(&'a str),
    Feedback(&'a str),
}

/// Where a quote is now, given where it was and whether it was found: in place (the state it
/// had, so a moved highlight stays marked moved), elsewhere (`moved`), or nowhere (`lost`,
/// offsets kept so the quote can still be shown). A lost quote that comes back is found again.
fn follow(
    found: Option<(i64, i64, AnchorState)>,
    was: AnchorState,
) -> Option<(i64, i64, AnchorState)> {
    match found {
        Some((s, e, AnchorState::Ok)) if was != AnchorState::Lost => Some((s, e, was)),
        Some((s, e, _)) => Some((s, e, AnchorState::Moved)),
        None => None,
    }
}

/// After the source text changed, find each highlight's quote again: where it was (anchor
/// unchanged), at the nearest occurrence to where it was (`moved`, offsets updated), or
/// nowhere (`lost`, offsets kept so the quote can still be shown). A lost quote that comes
/// back is found again. An edited passage also re-anchors the quotes that run over it.
/// Returns how many highlights changed.
pub(crate) fn reanchor(conn: &Connection, source: Source, text: &str) -> Result<usize> {
    let (sql, id) = match source {
        Source::Segment(id) => (
            "SELECT id, start, end, quote, anchor FROM highlights WHERE segment_id = ?1 AND end_segment_id IS NULL",
            id,
        ),
        Source::InterviewNotes(id) => (
            "SELECT id, start, end, quote, anchor FROM highlights WHERE interview_id = ?1 AND segment_id IS NULL",
            id,
        ),
        Source::Note(id) => (
            "SELECT id, start, end, quote, anchor FROM highlights WHERE note_id = ?1",
            id,
        ),
        Source::Feedback(id) => (
            "SELECT id, start, end, quote, anchor FROM highlights WHERE feedback_id = ?1",
            id,
        ),
    };
    let rows: Vec<(String, i64, i64, String, AnchorState)> = conn
        .prepare_cached(sql)?
        .query_map([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = 0;
    for (hid, start, end, quote, was) in rows {
        let (s, e, state) =
            follow(locate(text, &quote, start), was).unwrap_or((start, end, AnchorState::Lost));
        if (s, e, state) == (start, end, was) {
            continue;
        }
        conn.prepare_cached("UPDATE highlights SET start = ?2, end = ?3, anchor = ?4, updated_at = ?5 WHERE id = ?1")?.execute(params![hid, s, e, state, now()],
        )?;
        outbox::push(conn, ObjectKind::Highlight, &hid)?;
        changed += 1;
    }
    if let Source::Segment(id) = source {
        changed += reanchor_spans(conn, id)?;
    }
    Ok(changed)
}

/// Re-anchor the quotes over several passages that include passage `segment_id`: found in
/// their passages' joined text, beginning in the first and ending in the last, or lost.
fn reanchor_spans(conn: &Connection, segment_id: &str) -> Result<usize> {
    let rows: Vec<Highlight> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}
             FROM transcript_segments s
             JOIN highlights h ON h.interview_id = s.interview_id AND h.end_segment_id IS NOT NULL
             JOIN transcript_segments a ON a.id = h.segment_id
             JOIN transcript_segments b ON b.id = h.end_segment_id
             WHERE s.id = ?1 AND s.position BETWEEN a.position AND b.position"
        ))?
        .query_map([segment_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = 0;
    for h in rows {
        let (Some(first), Some(last)) = (&h.input.segment_id, &h.input.end_segment_id) else {
            continue;
        };
        let (start, end, end_offset, was) = (h.input.start, h.input.end, h.end_offset, h.anchor);
        let first = interviews::segment(conn, first)?;
        let last = interviews::segment(conn, last)?;
        let Some(span) = Span::between(conn, &first, &last)? else {
            continue;
        };
        let now_at = follow(locate(&span.text(), &h.input.quote, start), was)
            .and_then(|(s, e, state)| span.offsets(s, e).map(|o| (o, state)));
        let ((s, e, off), state) = match now_at {
            Some(found) => found,
            None => ((start, end, end_offset.unwrap_or(0)), AnchorState::Lost),
        };
        if (s, e, Some(off), state) == (start, end, end_offset, was) {
            continue;
        }
        conn.prepare_cached("UPDATE highlights SET start = ?2, end = ?3, end_offset = ?4, anchor = ?5, updated_at = ?6 WHERE id = ?1")?.execute(params![h.id, s, e, off, state, now()],
        )?;
        outbox::push(conn, ObjectKind::Highlight, &h.id)?;
        changed += 1;
    }
    Ok(changed)
}

/// A live highlight with who said it, where and when, for the highlights view.
pub(crate) struct Coded {
    pub highlight: Highlight,
    /// The segment's participant, else (no speaker label) the interview's only participant.
    pub participant_id: Option<String>,
    pub participant_name: Option<String>,
    pub source_title: String,
    pub date: String,
}

/// Every live highlight, newest first, with its tags (live ones) in two queries.
pub(crate) fn list_coded(conn: &Connection) -> Result<Vec<Coded>> {
    let mut tags = tags_by_highlight(conn, Of::All)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS},
             p.id, p.name, coalesce(i.title, n.title, nullif(f.title, ''), f.customer, ''),
             coalesce(i.date, substr(f.received_at, 1, 10), substr(h.created_at, 1, 10))
         FROM highlights h
         LEFT JOIN interviews i ON i.id = h.interview_id
         LEFT JOIN notes n ON n.id = h.note_id
         LEFT JOIN feedback_items f ON f.id = h.feedback_id
         LEFT JOIN participants p ON p.deleted_at IS NULL AND p.id = coalesce(h.participant_id,
             CASE WHEN h.speaker IS NULL THEN (SELECT CASE WHEN count(*) = 1 THEN min(ip.participant_id) END
              FROM interview_participants ip WHERE ip.interview_id = h.interview_id) END)
         WHERE {LIVE} ORDER BY h.created_at DESC, h.id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(Coded {
            highlight: from_row(r)?,
            participant_id: r.get(NEXT)?,
            participant_name: r.get(NEXT + 1)?,
            source_title: r.get(NEXT + 2)?,
            date: r.get(NEXT + 3)?,
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let mut c = row?;
        c.highlight.input.tag_ids = tags.remove(&c.highlight.id).unwrap_or_default();
        out.push(c);
    }
    Ok(out)
}

/// The highlights on the passages labelled `label` whose participant is not `participant`.
pub(crate) fn on_label_not_linked_to(
    conn: &Connection,
    interview_id: &str,
    label: &str,
    participant: Option<&str>,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.id FROM highlights h JOIN transcript_segments s ON s.id = h.segment_id
         WHERE s.interview_id = ?1 AND s.speaker = ?2 AND h.participant_id IS NOT ?3",
    )?;
    let rows = stmt.query_map(params![interview_id, label, participant], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Set who said a highlight, at `updated_at`. Callers push it to the outbox.
pub(crate) fn set_participant(
    conn: &Connection,
    id: &str,
    participant: Option<&str>,
    updated_at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE highlights SET participant_id = ?2, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![id, participant, updated_at])?;
    Ok(())
}

/// The highlights said by a participant (trashed ones too).
pub(crate) fn of_participant(conn: &Connection, participant_id: &str) -> Result<Vec<String>> {
    super::ids(
        conn,
        "SELECT id FROM highlights WHERE participant_id = ?1",
        participant_id,
    )
}

/// Credit what participant `from` said to `to`, at `updated_at`. Callers push the
/// highlights (`of_participant` before) to the outbox.
pub(crate) fn repoint_participant(
    conn: &Connection,
    from: &str,
    to: &str,
    updated_at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE highlights SET participant_id = ?2, updated_at = ?3 WHERE participant_id = ?1",
    )?
    .execute(params![from, to, updated_at])?;
    Ok(())
}

/// The live highlight that quotes the whole of a feedback item's text (what tagging the item
/// makes), if there is one.
pub(crate) fn whole_feedback(
    conn: &Connection,
    feedback_id: &str,
    len: i64,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM highlights WHERE feedback_id = ?1 AND deleted_at IS NULL AND start = 0 AND end = ?2
             ORDER BY created_at, id LIMIT 1",
        )?
        .query_row(params![feedback_id, len], |r| r.get(0))
        .optional()?)
}

/// The live highlights of one feedback item, in the order they appear in its text.
pub(crate) fn list_of_feedback(conn: &Connection, feedback_id: &str) -> Result<Vec<Highlight>> {
    let mut out: Vec<Highlight> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM highlights h WHERE h.feedback_id = ?1 AND {LIVE} ORDER BY h.start, h.id"
        ))?
        .query_map([feedback_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for h in &mut out {
        h.input.tag_ids = tag_ids(conn, &h.id)?;
    }
    Ok(out)
}
