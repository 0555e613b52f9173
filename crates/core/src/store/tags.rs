use super::{now, outbox, require_ref, unique_conflict};
use crate::error::{Error, Result};
use crate::model::{ObjectKind, Tag, TagInput};
use rusqlite::{Connection, OptionalExtension, Row, params};

// Paths come from a recursive walk up the parents; usage counts only live highlights.
const SELECT: &str = "
WITH RECURSIVE up(start, id, parent_id, path, depth) AS (
    SELECT t.id, t.id, t.parent_id, t.name, 0 FROM tags t WHERE t.deleted_at IS NULL
    UNION ALL
    SELECT up.start, p.id, p.parent_id, p.name || ' / ' || up.path, up.depth + 1
    FROM up JOIN tags p ON p.id = up.parent_id WHERE up.depth < 64
)
SELECT t.id, t.name, t.parent_id, t.color, t.description, t.created_at, t.updated_at,
    (SELECT path FROM up WHERE up.start = t.id ORDER BY depth DESC LIMIT 1),
    (SELECT count(*) FROM highlight_tags ht JOIN highlights h ON h.id = ht.highlight_id
     WHERE ht.tag_id = t.id AND h.deleted_at IS NULL),
    (WITH RECURSIVE down(id, depth) AS (
         SELECT t.id, 0
         UNION ALL SELECT c.id, down.depth + 1 FROM tags c JOIN down ON c.parent_id = down.id
         WHERE c.deleted_at IS NULL AND down.depth < 64)
     SELECT count(DISTINCT ht.highlight_id) FROM highlight_tags ht JOIN highlights h ON h.id = ht.highlight_id
     WHERE ht.tag_id IN (SELECT id FROM down) AND h.deleted_at IS NULL)
FROM tags t WHERE t.deleted_at IS NULL";

fn from_row(r: &Row) -> rusqlite::Result<Tag> {
    Ok(Tag {
        id: r.get(0)?,
        input: TagInput {
            name: r.get(1)?,
            parent_id: r.get(2)?,
            color: r.get(3)?,
            description: r.get(4)?,
        },
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        path: r.get(7)?,
        usage_count: r.get(8)?,
        total_count: r.get(9)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Tag> {
    conn.prepare_cached(&format!("{SELECT} AND t.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("tag", id))
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY 8 COLLATE NOCASE"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tag and all its ancestors, nearest first.
pub(crate) fn ancestors_and_self(conn: &Connection, id: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE up(id, name, parent_id, depth) AS (
             SELECT id, name, parent_id, 0 FROM tags WHERE id = ?1
             UNION ALL SELECT t.id, t.name, t.parent_id, up.depth + 1 FROM tags t JOIN up ON t.id = up.parent_id WHERE up.depth < 64
         ) SELECT id, name FROM up ORDER BY depth",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn check_parent(conn: &Connection, id: Option<&str>, parent_id: &Option<String>) -> Result<()> {
    let Some(parent) = parent_id else {
        return Ok(());
    };
    require_ref(conn, "parent_id", ObjectKind::Tag, parent)?;
    if let Some(id) = id
        && ancestors_and_self(conn, parent)?
            .iter()
            .any(|(a, _)| a == id)
    {
        return Err(Error::invalid(
            "parent_id",
            "a tag cannot be moved under itself or its own children",
        ));
    }
    Ok(())
}

fn name_taken(input: &TagInput) -> impl FnOnce() -> String + '_ {
    move || {
        format!(
            "a tag named '{}' already exists at that level",
            input.name.trim()
        )
    }
}

pub(crate) fn insert(conn: &Connection, input: &TagInput) -> Result<String> {
    insert_as(conn, &super::Stamp::fresh(), input)
}

pub(crate) fn insert_as(conn: &Connection, s: &super::Stamp, input: &TagInput) -> Result<String> {
    check_parent(conn, None, &input.parent_id)?;
    conn.prepare_cached("INSERT INTO tags (id, parent_id, name, color, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(params![s.id, input.parent_id, input.name.trim(), input.color, input.description, s.created_at, s.updated_at],
    )
    .map_err(|e| unique_conflict(e, name_taken(input)))?;
    outbox::push(conn, ObjectKind::Tag, &s.id)?;
    Ok(s.id.clone())
}

pub(crate) fn update(conn: &Connection, id: &str, input: &TagInput) -> Result<()> {
    let before = get(conn, id)?;
    check_parent(conn, Some(id), &input.parent_id)?;
    conn.prepare_cached("UPDATE tags SET parent_id = ?2, name = ?3, color = ?4, description = ?5, updated_at = ?6 WHERE id = ?1")?.execute(params![id, input.parent_id, input.name.trim(), input.color, input.description, now()],
    )
    .map_err(|e| unique_conflict(e, name_taken(input)))?;
    outbox::push(conn, ObjectKind::Tag, id)?;
    if before.input.name != input.name.trim() || before.input.parent_id != input.parent_id {
        reindex_tagged(conn, id)?;
        reindex_subtree(conn, id)?;
    }
    Ok(())
}

/// A tag's own search document shows its path and names its parent: its descendants'
/// documents follow a rename or a move.
pub(crate) fn reindex_subtree(conn: &Connection, id: &str) -> Result<()> {
    outbox::push_query(
        conn,
        ObjectKind::Tag,
        "WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT t.id, down.depth + 1 FROM tags t JOIN down ON t.parent_id = down.id WHERE down.depth < 64)
         SELECT id FROM down",
        id,
    )
}

/// Highlights carrying this tag or any tag below it index its name as a filter value.
pub(crate) fn reindex_tagged(conn: &Connection, id: &str) -> Result<()> {
    outbox::push_query(
        conn,
        ObjectKind::Highlight,
        "WITH RECURSIVE down(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT t.id, down.depth + 1 FROM tags t JOIN down ON t.parent_id = down.id WHERE down.depth < 64)
         SELECT DISTINCT ht.highlight_id FROM highlight_tags ht JOIN down ON ht.tag_id = down.id",
        id,
    )
}

/// The highlights carrying a tag (not those under its children), trashed ones included.
pub(crate) fn highlight_ids(conn: &Connection, tag_id: &str) -> Result<Vec<String>> {
    super::ids(
        conn,
        "SELECT highlight_id FROM highlight_tags WHERE tag_id = ?1",
        tag_id,
    )
}

/// A tag's child tags, trashed ones included.
pub(crate) fn child_ids(conn: &Connection, tag_id: &str) -> Result<Vec<String>> {
    super::ids(conn, "SELECT id FROM tags WHERE parent_id = ?1", tag_id)
}

/// Move a tag's child tags (live and trashed) under `to`; a live child whose name is taken
/// there is merged into the tag that has it.
fn adopt_children(conn: &Connection, from: &str, to: Option<&str>) -> Result<()> {
    let children: Vec<(String, String, bool)> = conn
        .prepare_cached("SELECT id, name, deleted_at IS NULL FROM tags WHERE parent_id = ?1")?
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (child, name, live) in children {
        let twin: Option<String> = if live {
            conn.prepare_cached("SELECT id FROM tags WHERE ifnull(parent_id, '') = ifnull(?1, '') AND name = ?2 COLLATE NOCASE
                 AND deleted_at IS NULL AND id <> ?3")?.query_row(params![to, name, child],
                |r| r.get(0),
            )
            .optional()?
        } else {
            None
        };
        match twin {
            Some(twin) => merge(conn, &child, &twin)?,
            None => {
                conn.prepare_cached(
                    "UPDATE tags SET parent_id = ?2, updated_at = ?3 WHERE id = ?1",
                )?
                .execute(params![child, to, now()])?;
                reindex_tagged(conn, &child)?;
                reindex_subtree(conn, &child)?;
            }
        }
    }
    Ok(())
}

/// Merge `source` into `target`: its highlights carry the target instead (a highlight with
/// both keeps one), its child tags move under the target, and the source is removed.
pub(crate) fn merge(conn: &Connection, source: &str, target: &str) -> Result<()> {
    if source == target {
        return Err(Error::invalid(
            "target_id",
            "a tag cannot be merged into itself",
        ));
    }
    let from = get(conn, source)?;
    require_ref(conn, "target_id", ObjectKind::Tag, target)?;
    if ancestors_and_self(conn, target)?
        .iter()
        .any(|(a, _)| a == source)
    {
        return Err(Error::invalid(
            "target_id",
            format!(
                "'{}' cannot be merged into a tag below it; move that tag out first",
                from.input.name
            ),
        ));
    }
    reindex_tagged(conn, source)?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag_id)
         SELECT highlight_id, ?2 FROM highlight_tags WHERE tag_id = ?1",
    )?
    .execute(params![source, target])?;
    conn.prepare_cached("DELETE FROM highlight_tags WHERE tag_id = ?1")?
        .execute([source])?;
    // Out of the live set first, so a child with the source's own name does not meet it.
    conn.prepare_cached("UPDATE tags SET deleted_at = ?2 WHERE id = ?1")?
        .execute(params![source, now()])?;
    adopt_children(conn, source, Some(target))?;
    conn.prepare_cached("DELETE FROM tags WHERE id = ?1")?
        .execute([source])?;
    conn.prepare_cached("DELETE FROM trash WHERE kind = 'tag' AND id = ?1")?
        .execute([source])?;
    outbox::push(conn, ObjectKind::Tag, source)?;
    outbox::push(conn, ObjectKind::Tag, target)?;
    reindex_tagged(conn, target)
}

/// Delete a tag: with `reassign_to`, its highlights and children go to that tag (a merge);
/// without, its children move up to its parent and it goes to the trash with its
/// highlights' tagging kept, so restoring brings it back as it was.
pub(crate) fn delete(conn: &Connection, id: &str, reassign_to: Option<&str>) -> Result<()> {
    if let Some(target) = reassign_to {
        return merge(conn, id, target);
    }
    let tag = get(conn, id)?;
    adopt_children(conn, id, tag.input.parent_id.as_deref())?;
    super::trash::trash(conn, ObjectKind::Tag, id)?;
    Ok(())
}
