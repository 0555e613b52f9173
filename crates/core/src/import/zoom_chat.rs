//! Zoom meeting chat exports (.txt): one message per line, `HH:MM:SS<TAB>Name:<TAB>message`.
//! Replies and multi-line messages continue on the following lines without a time; they
//! belong to the message above. Reactions ("Reacted to "gm" with ❤️", "Removed a 👍
//! reaction from …") are not something anyone said: they are left out.
//! The older export style `HH:MM:SS From Name : message` is read too.

use super::ParsedSegment;
use super::timecode::parse_timestamp;
use crate::error::{Error, Result};

struct ChatLine<'a> {
    start_ms: i64,
    speaker: &'a str,
    message: &'a str,
}

fn chat_line(line: &str) -> Option<ChatLine<'_>> {
    let sep = line.find(['\t', ' '])?;
    let (time, rest) = (&line[..sep], &line[sep + 1..]);
    let start_ms = parse_timestamp(time)?;
    let (speaker, message) = if line[sep..].starts_with('\t') {
        // Current format: "Name:\tmessage" after the time and its tab.
        rest.split_once('\t')?
    } else {
        // Old format: "From Name : message" or "From Name to Everyone: message".
        let from = rest.trim_start().strip_prefix("From ")?;
        from.split_once(" : ").or_else(|| from.split_once(": "))?
    };
    let speaker = clean_speaker(speaker);
    if speaker.is_empty() {
        return None;
    }
    Some(ChatLine {
        start_ms,
        speaker,
        message: message.trim(),
    })
}

fn clean_speaker(s: &str) -> &str {
    let s = s.trim().trim_end_matches(':').trim();
    let s = s.strip_prefix("From ").unwrap_or(s).trim();
    // "Name to Everyone" / "Name to Everyone(Privately)": the audience is not the speaker.
    match s.find(" to Everyone") {
        Some(p) => s[..p].trim(),
        None => s,
    }
}

/// True when the first non-blank line is a chat message line.
pub(crate) fn looks_like_chat(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| chat_line(l).is_some())
}

/// An emoji reaction to another message, which Zoom writes into the chat as a message:
/// "Reacted to <message> with <emoji>" (the emoji sometimes quoted, or a `:code:`), or
/// "Removed a <emoji> reaction from <message>".
fn is_reaction(message: &str) -> bool {
    let emoji_like = |s: &str| {
        let s = s.trim().trim_matches(['"', '“', '”']);
        let code = s.len() > 2 && s.starts_with(':') && s.ends_with(':');
        !s.is_empty() && s.chars().count() <= 16 && (code || !s.chars().any(char::is_alphabetic))
    };
    if let Some(rest) = message.strip_prefix("Reacted to ") {
        return rest
            .rsplit_once(" with ")
            .is_some_and(|(_, e)| emoji_like(e));
    }
    message
        .strip_prefix("Removed a ")
        .and_then(|rest| rest.split_once(" reaction from "))
        .is_some_and(|(e, _)| emoji_like(e))
}

pub(crate) fn parse(name: &str, text: &str) -> Result<Vec<ParsedSegment>> {
    let mut segments: Vec<ParsedSegment> = Vec::new();
    // After a reaction, untimed lines belong to nothing (a reaction has no body).
    let mut in_reaction = false;
    for line in text.lines() {
        let chat = chat_line(line);
        if let Some(c) = &chat {
            in_reaction = is_reaction(c.message);
            if in_reaction {
                continue;
            }
        } else if in_reaction {
            continue;
        }
        match chat {
            Some(c) => segments.push(ParsedSegment {
                speaker: Some(c.speaker.to_string()),
                start_ms: Some(c.start_ms),
                end_ms: None,
                text: c.message.to_string(),
                ..Default::default()
            }),
            None => {
                // A continuation (reply body, multi-line message). Lines before the first
                // message have nothing to belong to and are skipped.
                if let Some(last) = segments.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(line.trim_end());
                }
            }
        }
    }
    for s in &mut segments {
        s.text = s.text.trim().to_string();
    }
    segments.retain(|s| !s.text.is_empty());
    if segments.is_empty() {
        return Err(Error::unsupported(format!(
            "{name}: contains no chat messages"
        )));
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_replies_and_reactions() {
        let src = "00:05:41\tSanggu Han:\tsounds great\n00:08:10\tEnrico Del Fante (tbenr):\tReacted to \"Kurtosis config with...\" with 🔥\n00:12:11\tJustin Traglia:\tReplying to \"Was there a decision...\"\n\nNo, the PR has not been merged yet.\n00:12:23\tToni Wahrstätter:\t👍 ok\n";
        let segs = parse("chat.txt", src).unwrap();
        // The reaction is not a message.
        assert_eq!(segs.len(), 3);
        assert_eq!(segs[0].speaker.as_deref(), Some("Sanggu Han"));
        assert_eq!(segs[0].start_ms, Some(341_000));
        assert_eq!(
            segs[1].text,
            "Replying to \"Was there a decision...\"\n\nNo, the PR has not been merged yet."
        );
        assert_eq!(segs[2].speaker.as_deref(), Some("Toni Wahrstätter"));
        assert!(is_reaction("Reacted to gm with \"❤️\""));
        assert!(is_reaction("Reacted to \"ship it\" with :+1:"));
        assert!(is_reaction("Removed a 👍 reaction from \"ship it\""));
        assert!(!is_reaction(
            "Reacted to the news with surprise? no: I reacted late"
        ));
        assert!(!is_reaction("Reacting to that: I agree with Ann"));
    }

    #[test]
    fn old_zoom_format() {
        let src = "15:02:44 From John Doe : Hello all\n15:03:01 From Ann to Everyone: hi\n";
        assert!(looks_like_chat(src));
        let segs = parse("c.txt", src).unwrap();
        assert_eq!(segs[0].speaker.as_deref(), Some("John Doe"));
        assert_eq!(segs[1].speaker.as_deref(), Some("Ann"));
        assert_eq!(segs[1].text, "hi");
    }

    #[test]
    fn not_chat() {
        assert!(!looks_like_chat("00:00:07 Hello and welcome\n"));
        assert!(!looks_like_chat("MEL: hi\n"));
        assert!(parse("c.txt", "just text\n").is_err());
    }
}
