//! Files from outside the workspace (imports, previews, attachments) are hostile: a
//! "notes.txt" can be /dev/zero, a pipe that never ends, or a 100 GB file. They are read
//! as regular files only, with the size checked before any byte is read or copied and the
//! reading itself stopped at the limit (a file can grow while it is read).
//! The workspace's own small files are written here too, whole or not at all (`write_whole`).

use crate::error::{Error, ErrorCode, Result};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

/// `path` opened for reading, and its size, when it is a regular file.
pub(crate) fn open_regular(path: &Path) -> Result<(File, u64)> {
    let shown = path.display().to_string();
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Opening a FIFO blocks until something writes to it; without blocking, the
        // check below refuses it instead.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| Error::from(e).context(&shown))?;
    let meta = file
        .metadata()
        .map_err(|e| Error::from(e).context(&shown))?;
    if !meta.is_file() {
        return Err(Error::invalid(
            "path",
            format!(
                "{shown} is not a regular file (a folder, device or pipe); Groundwork reads only ordinary files"
            ),
        ));
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file at `path`, refused with `too_large(size)` when it holds
/// more than `limit` bytes — before reading, and again if it grew while being read.
pub(crate) fn read_limited(
    path: &Path,
    limit: u64,
    too_large: impl Fn(u64) -> Error,
) -> Result<Vec<u8>> {
    let (file, len) = open_regular(path)?;
    if len > limit {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::from(e).context(path.display()))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Copy `from` (already opened by `open_regular`) to a new file at `to`, at most `limit`
/// bytes: a source that turns out longer is refused with `too_large` and the partial copy
/// removed. Answers the bytes copied.
pub(crate) fn copy_limited(
    from: File,
    to: &Path,
    limit: u64,
    too_large: impl Fn(u64) -> Error,
) -> Result<u64> {
    let copied = (|| -> Result<u64> {
        let mut out = File::create_new(to)?;
        let copied = std::io::copy(&mut from.take(limit + 1), &mut out)?;
        if copied > limit {
            return Err(too_large(copied));
        }
        out.flush()?;
        out.sync_all()?;
        Ok(copied)
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(to);
    }
    copied
}

/// A `too_large` error: "NAME is N MB; LIMIT".
pub(crate) fn too_large(name: &str, size: u64, what: &str) -> Error {
    const MB: u64 = 1_000_000;
    Error::new(
        ErrorCode::TooLarge,
        format!("{name} is {} MB; {what}", size.div_ceil(MB)),
    )
}

/// Write a small file of the workspace's own whole: written beside it and renamed into
/// place, so another thread or process reading it never sees it empty or half written.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::from(e).context(path.display().to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_outgrows_the_limit_while_copied_is_cut_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("grows.bin");
        std::fs::write(&src, vec![7u8; 10_000]).unwrap();
        let (file, len) = open_regular(&src).unwrap();
        assert_eq!(len, 10_000);
        // The size was fine when checked; the copy still stops at the limit.
        let dest = dir.path().join("copy.bin");
        let e =
            copy_limited(file, &dest, 4_096, |n| too_large("grows.bin", n, "too big")).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge);
        assert!(!dest.exists(), "the partial copy is removed");
        let (file, _) = open_regular(&src).unwrap();
        assert_eq!(
            copy_limited(file, &dest, 10_000, |_| unreachable!()).unwrap(),
            10_000
        );
        assert_eq!(std::fs::read(&dest).unwrap().len(), 10_000);
    }

    #[test]
    fn reading_stops_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.txt");
        std::fs::write(&src, "0123456789").unwrap();
        assert_eq!(
            read_limited(&src, 10, |_| unreachable!()).unwrap().len(),
            10
        );
        let e = read_limited(&src, 9, |n| too_large("a.txt", n, "limit")).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge);
        let e = read_limited(dir.path(), 9, |_| unreachable!()).unwrap_err();
        assert_eq!(e.code, ErrorCode::Invalid);
        assert!(e.message.contains("not a regular file"), "{}", e.message);
    }
}
