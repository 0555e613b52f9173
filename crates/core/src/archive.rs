//! Reading an archive from elsewhere (a REFI-QDA project, later a Groundwork pack): every
//! entry is checked before any is read, against allow-lists, so a crafted archive ends in an
//! error naming the entry and nothing is written.
//!
//! - Names: relative paths of plain components (letters, digits, space and `._-()+,`), no
//!   `..`, no absolute path or drive letter, no backslash, each name once.
//! - Kinds: regular files and folders only (a symlink is refused), stored or deflated, not
//!   encrypted.
//! - Sizes: at most `MAX_ENTRIES` entries, each at most `MAX_ENTRY_BYTES` and all together at
//!   most `MAX_TOTAL_BYTES` inflated, and no entry inflating more than `MAX_RATIO` times its
//!   compressed size (a zip bomb). Sizes are checked as declared and again while inflating,
//!   since a declared size can lie. The `zip` crate checks each entry's CRC.

use crate::error::{Error, ErrorCode, Result};
use std::collections::HashSet;
use std::io::Read;

pub const MAX_ENTRIES: usize = 20_000;
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Text compresses about 3–10 times; 200 leaves room for very repetitive transcripts.
pub const MAX_RATIO: u64 = 200;

/// An archive whose entries all passed the checks.
pub struct Archive<'a> {
    name: String,
    zip: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    /// The entries that are files, in archive order.
    files: Vec<String>,
    read_so_far: u64,
}

impl<'a> Archive<'a> {
    /// Check every entry of the archive `bytes`, called `name` in messages.
    pub fn open(name: &str, bytes: &'a [u8]) -> Result<Archive<'a>> {
        let bad = |why: String| Error::unsupported(format!("{name}: {why}"));
        if !bytes.starts_with(b"PK\x03\x04") && !bytes.starts_with(b"PK\x05\x06") {
            return Err(bad("it is not a ZIP archive".into()));
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| bad(format!("the archive is damaged ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(too_large(format!(
                "{name}: it holds {} entries; at most {MAX_ENTRIES} can be read",
                zip.len()
            )));
        }
        let mut seen = HashSet::new();
        let mut files = Vec::new();
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| bad(format!("entry {} cannot be read ({e})", i + 1)))?;
            let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let at = |why: &str| bad(format!("entry \"{}\": {why}", printable(&raw)));
            let entry_name =
                std::str::from_utf8(entry.name_raw()).map_err(|_| at("its name is not UTF-8"))?;
            let dir = entry_name.ends_with('/');
            let path = entry_name.trim_end_matches('/');
            check_name(path).map_err(|why| at(&why))?;
            if !seen.insert(path.to_lowercase()) {
                return Err(at("the name appears twice in the archive"));
            }
            if entry.is_symlink() {
                return Err(at("it is a symbolic link, which an archive must not hold"));
            }
            if let Some(mode) = entry.unix_mode() {
                let kind = mode & 0o170000;
                if kind != 0 && kind != 0o100000 && kind != 0o040000 {
                    return Err(at("it is not a regular file or folder"));
                }
            }
            if entry.encrypted() {
                return Err(at("it is encrypted"));
            }
            match entry.compression() {
                zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated => {}
                m => return Err(at(&format!("it uses compression {m}, which is not read"))),
            }
            let size = entry.size();
            if size > MAX_ENTRY_BYTES {
                return Err(too_large(format!(
                    "{name}: entry \"{path}\" inflates to {size} bytes; at most {MAX_ENTRY_BYTES} are read"
                )));
            }
            if size > 1024 * 1024 && size / entry.compressed_size().max(1) > MAX_RATIO {
                return Err(too_large(format!(
                    "{name}: entry \"{path}\" inflates {} times its size, like a zip bomb",
                    size / entry.compressed_size().max(1)
                )));
            }
            total += size;
            if total > MAX_TOTAL_BYTES {
                return Err(too_large(format!(
                    "{name}: its entries inflate to more than {MAX_TOTAL_BYTES} bytes"
                )));
            }
            if !dir {
                files.push(path.to_string());
            }
        }
        Ok(Archive {
            name: name.to_string(),
            zip,
            files,
            read_so_far: 0,
        })
    }

    /// The files in the archive, in order (folders left out).
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Whether the archive holds the file `path` (compared without regard to case).
    pub fn find(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.eq_ignore_ascii_case(path))
            .map(String::as_str)
    }

    /// The inflated bytes of file `path`, never more than its declared size.
    pub fn read(&mut self, path: &str) -> Result<Vec<u8>> {
        let name = &self.name;
        let mut entry = self.zip.by_name(path).map_err(|e| {
            Error::unsupported(format!("{name}: entry \"{path}\" cannot be read ({e})"))
        })?;
        let size = entry.size();
        let mut out = Vec::with_capacity(size.min(MAX_ENTRY_BYTES) as usize);
        (&mut entry)
            .take(size + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                Error::unsupported(format!("{name}: entry \"{path}\" is damaged ({e})"))
            })?;
        if out.len() as u64 > size {
            return Err(too_large(format!(
                "{name}: entry \"{path}\" inflates past the size it declares"
            )));
        }
        self.read_so_far += out.len() as u64;
        if self.read_so_far > MAX_TOTAL_BYTES {
            return Err(too_large(format!(
                "{name}: its entries inflate to more than {MAX_TOTAL_BYTES} bytes"
            )));
        }
        Ok(out)
    }

    /// File `path` as UTF-8 text (a byte-order mark dropped).
    pub fn read_text(&mut self, path: &str) -> Result<String> {
        let bytes = self.read(path)?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            Error::unsupported(format!(
                "{}: entry \"{path}\" is not UTF-8 text (byte {})",
                self.name,
                e.utf8_error().valid_up_to() + 1
            ))
        })
    }
}

fn too_large(message: String) -> Error {
    Error::new(ErrorCode::TooLarge, message)
}

/// A name as a message may show it: control characters escaped.
fn printable(s: &str) -> String {
    s.chars().flat_map(char::escape_debug).take(200).collect()
}

/// Why an entry's name is refused, if it is: the allow-list of the module's doc.
fn check_name(path: &str) -> std::result::Result<(), String> {
    if path.is_empty() {
        return Err("its name is empty".into());
    }
    if path.len() > 400 {
        return Err("its name is longer than 400 bytes".into());
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err("its name leaves the archive's folder (an empty, `.` or `..` part, or an absolute path)".into());
        }
        let allowed = |c: char| c.is_alphanumeric() || " ._-()+,".contains(c);
        if let Some(c) = part.chars().find(|c| !allowed(*c)) {
            return Err(format!(
                "its name holds {:?}, which a name in an archive may not",
                c
            ));
        }
        if part.starts_with(' ') || part.ends_with(' ') || part.ends_with('.') {
            return Err("a part of its name starts or ends with a space or dot".into());
        }
    }
    Ok(())
}

/// A ZIP archive of `files` (path, bytes), deflated, for tests and writers.
pub(crate) fn zip_files<'f>(
    files: impl IntoIterator<Item = (&'f str, &'f [u8])>,
) -> Result<Vec<u8>> {
    use std::io::Write;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let failed = |e: zip::result::ZipError| Error::new(ErrorCode::Io, e.to_string());
    for (path, bytes) in files {
        zip.start_file(path, options).map_err(failed)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn refused(bytes: &[u8]) -> String {
        match Archive::open("x.qdpx", bytes) {
            Ok(_) => panic!("the archive was accepted"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        for name in [
            "../evil.txt",
            "sources/../../evil.txt",
            "/etc/passwd",
            "C:/Windows/evil.txt",
            "sources\\..\\evil.txt",
            "a/./b.txt",
            "a//b.txt",
        ] {
            let zip = zip_files([(name, &b"x"[..])]).unwrap();
            let why = refused(&zip);
            assert!(why.contains("entry"), "{name}: {why}");
        }
        let ok = zip_files([(
            "sources/3F2504E0-4F89-11D3-9A0C-0305E82C3301.txt",
            &b"x"[..],
        )])
        .unwrap();
        assert!(Archive::open("x.qdpx", &ok).is_ok());
    }

    #[test]
    fn duplicates_symlinks_and_bombs_are_refused() {
        // Two entries of one name (the zip crate writes them when asked nicely).
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("project.qde", o).unwrap();
        w.write_all(b"a").unwrap();
        w.start_file("sources/a.txt", o).unwrap();
        w.start_file("Project.QDE", o).unwrap();
        w.write_all(b"b").unwrap();
        let dup = w.finish().unwrap().into_inner();
        assert!(refused(&dup).contains("twice"));

        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.add_symlink("sources/link.txt", "/etc/passwd", o).unwrap();
        let link = w.finish().unwrap().into_inner();
        assert!(refused(&link).contains("symbolic link"));

        let zeros = vec![0u8; 50 * 1024 * 1024];
        let bomb = zip_files([("project.qde", &zeros[..])]).unwrap();
        assert!(refused(&bomb).contains("zip bomb"));
    }

    #[test]
    fn an_entry_is_read_whole_and_text_must_be_utf8() {
        let zip = zip_files([
            ("a.txt", &b"\xEF\xBB\xBFh\xC3\xA9"[..]),
            ("b.txt", &b"\xFF"[..]),
        ])
        .unwrap();
        let mut a = Archive::open("x.zip", &zip).unwrap();
        assert_eq!(a.files(), ["a.txt", "b.txt"]);
        assert_eq!(a.read_text("a.txt").unwrap(), "hé");
        assert!(
            a.read_text("b.txt")
                .unwrap_err()
                .message
                .contains("not UTF-8")
        );
        assert!(refused(b"not a zip at all").contains("not a ZIP"));
    }
}
