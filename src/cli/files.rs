//! Reading inputs and writing outputs without surprises.
//!
//! Inputs: `-` is standard input; wherever a file is read, a pipe works as well
//! (`/dev/stdin`, a FIFO, `<(...)`): a regular file is measured and read up to a
//! size cap, a stream has no size and is read up to the cap plus one byte, so that
//! `/dev/zero` or an endless pipe is refused, never read for ever. A stream is
//! read once, and its bytes (or the reason they could not be read) answer every
//! later read of it in the same run: naming a pipe twice, or a command that
//! reads its facts once per scenario, sees the same text, never an empty one. A
//! directory or a socket is refused. Outputs: `-` is
//! standard output; a regular file (or a new one) is written to an unpredictable
//! temporary file created exclusively beside it, then renamed over it, keeping its
//! permissions, owner and group; a read-only file or one with several hard links
//! is refused (replacing it would ignore the permission or split the links); a
//! symbolic link is followed and its target replaced; a device or a FIFO that
//! someone reads is written into directly, never replaced by a regular file, and
//! a FIFO no one reads is refused rather than waited on.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The default cap on an input file: no real treaty or facts table comes near it.
pub const DEFAULT_INPUT_LIMIT: u64 = 64 * 1024 * 1024;

/// The path that names standard input or output.
pub fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The input cap: `TREATYC_MAX_INPUT_BYTES` when set to a number, else 64 MiB.
pub fn input_limit() -> Result<u64, String> {
    match std::env::var("TREATYC_MAX_INPUT_BYTES") {
        Err(_) => Ok(DEFAULT_INPUT_LIMIT),
        Ok(v) => v.trim().parse::<u64>().map_err(|_| {
            format!(
                "TREATYC_MAX_INPUT_BYTES=`{v}` is not a number of bytes; unset it or write a number such as 67108864"
            )
        }),
    }
}

/// Reads a whole input: a regular file, a stream (a pipe, a FIFO, a device) or
/// `-` (standard input), at most the cap.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    read_within(path, input_limit()?)
}

/// Whether `path` names a stream rather than a regular file: `-`, a pipe, a
/// FIFO or a device. Such an input has no place to be written back to.
pub fn is_stream(path: &Path) -> bool {
    is_stdio(path) || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn read_within(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    if is_stdio(path) {
        let stdin = std::io::stdin();
        let mut keys = vec![Stream::StandardInput];
        // Standard input that is a pipe is the same stream as `/dev/stdin`.
        let meta = std::os::fd::AsFd::as_fd(&stdin)
            .try_clone_to_owned()
            .and_then(|fd| File::from(fd).metadata())
            .ok();
        if let Some(meta) = meta.filter(|m| !m.is_file()) {
            keys.push(Stream::of(&meta));
        }
        return read_once(&keys, || read_capped(stdin.lock(), limit, "standard input"));
    }
    let shown = path.display().to_string();
    // `metadata` follows links: `/dev/stdin` and `/dev/fd/63` are the pipe they name.
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    if meta.is_dir() {
        return Err(format!(
            "cannot read `{shown}`: it is a directory; name the files in it"
        ));
    }
    if std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()) {
        return Err(format!(
            "cannot read `{shown}`: it is a socket; pass what it sends on standard input with `-`"
        ));
    }
    if meta.is_file() {
        if meta.len() > limit {
            return Err(too_large(&shown, limit));
        }
        let file = File::open(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        return read_capped(file, limit, &shown);
    }
    // A pipe, FIFO or device: looked up before opening, because opening a FIFO
    // whose writer has finished would wait for a writer that never comes.
    read_once(&[Stream::of(&meta)], || {
        let file = File::open(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        read_capped(file, limit, &shown)
    })
}

/// A stream that can be read only once: standard input, or the pipe, FIFO or
/// device with this device and inode number.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stream {
    StandardInput,
    Node(u64, u64),
}

impl Stream {
    fn of(meta: &Metadata) -> Stream {
        use std::os::unix::fs::MetadataExt;
        Stream::Node(meta.dev(), meta.ino())
    }
}

/// What each stream read in this run gave, so that a second read of it gets the
/// same answer instead of what is left of it (nothing, or the rest of a stream
/// refused as too large).
type StreamsRead = Vec<(Vec<Stream>, Result<Vec<u8>, String>)>;

static STREAMS_READ: std::sync::Mutex<StreamsRead> = std::sync::Mutex::new(Vec::new());

/// Reads a stream known by `keys` with `read`, the first time only. The lock
/// is held while reading, so that two threads never share one stream.
fn read_once(keys: &[Stream], read: impl FnOnce() -> Result<Vec<u8>, String>) -> Result<Vec<u8>, String> {
    let mut streams = STREAMS_READ.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, answer)) = streams.iter().find(|(known, _)| known.iter().any(|k| keys.contains(k))) {
        return answer.clone();
    }
    let answer = read();
    streams.push((keys.to_vec(), answer.clone()));
    answer
}

fn too_large(what: &str, limit: u64) -> String {
    format!(
        "`{what}` is larger than the input limit of {limit} bytes; set TREATYC_MAX_INPUT_BYTES to raise it if the input is really meant"
    )
}

/// Reads at most `limit` bytes; one more means the input is too large (a file
/// can grow after it was measured, and standard input has no size).
fn read_capped(reader: impl Read, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read `{what}`: {e}"))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(too_large(what, limit));
    }
    Ok(bytes)
}

/// A file a treaty names (a scenario's `facts "PATH"`), which must lie inside
/// the treaty's own folder tree: an absolute path, or one that climbs out with
/// `..` or through a link, is refused, so that running a treaty's scenarios
/// cannot read (and print) files elsewhere on the machine.
pub fn inside_folder_of(treaty: &Path, named: &str) -> Result<PathBuf, String> {
    let relative = Path::new(named);
    let refuse = || {
        format!(
            "`{named}` is outside the folder of `{}`: a scenario reads only files in its treaty's folder tree",
            treaty.display()
        )
    };
    if relative.is_absolute() {
        return Err(refuse());
    }
    let dir = match treaty.parent() {
        Some(p) if !p.as_os_str().is_empty() && !is_stdio(treaty) => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let root = std::fs::canonicalize(&dir).map_err(|e| format!("cannot read the folder `{}`: {e}", dir.display()))?;
    let joined = dir.join(relative);
    let real = std::fs::canonicalize(&joined).map_err(|e| format!("cannot read `{}`: {e}", joined.display()))?;
    if !real.starts_with(&root) {
        return Err(refuse());
    }
    Ok(joined)
}

/// The path a symbolic link finally names (relative links resolved against the
/// link's folder), or the path itself. A loop is an error.
fn final_target(path: &Path) -> Result<PathBuf, String> {
    let mut current = path.to_path_buf();
    // The kernel's own limit on links followed in one lookup.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)
                    .map_err(|e| format!("cannot follow the link `{}`: {e}", current.display()))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(format!("`{}`: too many levels of symbolic links", path.display()))
}

/// Writes `bytes` to `path` (see the module comment): a reader never sees half a
/// file, a failure leaves neither the target changed nor a temporary file behind.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    if is_stdio(path) {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => super::report::output_lost(),
            other => other.map_err(|e| format!("cannot write to standard output: {e}")),
        };
    }
    // The kernel resolves the path first, so that links the file system cannot
    // read back as paths (`/dev/stdout` -> `/proc/self/fd/1` -> `pipe:[...]`) work.
    let (target, existing) = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(format!("cannot write `{shown}`: it is a directory")),
        Ok(meta) if !meta.is_file() => {
            // A device or FIFO is written into, never replaced.
            let mut file = open_special(path, &meta)?;
            return file
                .write_all(bytes)
                .and_then(|()| file.flush())
                .map_err(|e| format!("cannot write `{shown}`: {e}"));
        }
        Ok(meta) => {
            refuse_to_replace(path, &meta)?;
            (
                std::fs::canonicalize(path).map_err(|e| format!("cannot write `{shown}`: {e}"))?,
                Some(meta),
            )
        }
        // A new file, or a link to one that does not exist yet: create what it names.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (final_target(path)?, None),
        Err(e) => return Err(format!("cannot write `{shown}`: {e}")),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    // Created with O_EXCL under a random name: a link planted at a predictable
    // name cannot redirect the write. Dropped on any error, so nothing is left.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| {
            format!(
                "cannot write `{shown}`: cannot create a temporary file in `{}`: {e}",
                dir.display()
            )
        })?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("cannot write `{shown}`: {e}"))?;
    if let Some(meta) = &existing {
        keep_owner(temp.as_file(), meta).map_err(|e| {
            format!(
                "cannot write `{shown}`: it belongs to user {} and group {}, and the new file cannot be given to them ({e}); nothing was written",
                std::os::unix::fs::MetadataExt::uid(meta),
                std::os::unix::fs::MetadataExt::gid(meta)
            )
        })?;
    }
    // After the owner: changing the owner clears the set-user-id and set-group-id bits.
    let permissions = match &existing {
        Some(meta) => meta.permissions(),
        None => {
            use std::os::unix::fs::PermissionsExt;
            // What creating the file directly would give: 0666 less the umask.
            std::fs::Permissions::from_mode(0o666 & !current_umask())
        }
    };
    std::fs::set_permissions(temp.path(), permissions).map_err(|e| format!("cannot write `{shown}`: {e}"))?;
    temp.persist(&target)
        .map_err(|e| format!("cannot write `{shown}`: {}", e.error))?;
    Ok(())
}

/// Opens a device or FIFO for writing. A FIFO is opened without blocking, which
/// fails at once when no one reads it (instead of waiting for a reader that may
/// never come), then set back to blocking so that every byte is written.
fn open_special(path: &Path, meta: &Metadata) -> Result<File, String> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let shown = path.display();
    if !meta.file_type().is_fifo() {
        return OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| format!("cannot write `{shown}`: {e}"));
    }
    let nonblocking = rustix::fs::OFlags::NONBLOCK;
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(i32::try_from(nonblocking.bits()).unwrap_or(0))
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) {
                format!("cannot write `{shown}`: it is a FIFO (named pipe) that no one is reading; start its reader first, or name a file")
            } else {
                format!("cannot write `{shown}`: {e}")
            }
        })?;
    let flags = rustix::fs::fcntl_getfl(&file).map_err(|e| format!("cannot write `{shown}`: {e}"))?;
    rustix::fs::fcntl_setfl(&file, flags - nonblocking).map_err(|e| format!("cannot write `{shown}`: {e}"))?;
    Ok(file)
}

/// A regular file that replacing would wrong: a read-only one (its permission
/// says not to write it, even to root), or one with several hard links (the new
/// file would be a name of its own, and the other names would keep the old text).
fn refuse_to_replace(path: &Path, meta: &Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let shown = path.display();
    if meta.permissions().readonly() {
        return Err(format!(
            "cannot write `{shown}`: it is read-only; make it writable first (`chmod u+w`) if it is to be replaced"
        ));
    }
    if meta.nlink() > 1 {
        return Err(format!(
            "cannot write `{shown}`: it has {} hard links, and replacing it would leave the other names with the old text; write to another file and copy it over (`cp` writes through the links)",
            meta.nlink()
        ));
    }
    Ok(())
}

/// Gives the new file the owner and group of the file it replaces, where they
/// differ (a file root writes for a user stays the user's).
fn keep_owner(file: &File, original: &Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = file.metadata()?;
    let uid = (now.uid() != original.uid()).then(|| original.uid());
    let gid = (now.gid() != original.gid()).then(|| original.gid());
    if uid.is_none() && gid.is_none() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, uid, gid)
}

/// The process's file-creation mask, read without changing it from
/// `/proc/self/status`; 022 (the usual default) where that is not available.
fn current_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_symlink_is_followed_and_its_target_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_output(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(write_output(&sub, b"x").unwrap_err().contains("directory"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dangling_link_gets_its_target_created() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("new.json", &link).unwrap();
        write_output(&link, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("new.json")).unwrap(), "x");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }

    #[test]
    fn devices_are_written_into_not_replaced() {
        write_output(Path::new("/dev/null"), b"x").unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file());
    }

    #[test]
    fn a_scenario_reads_only_inside_its_treaty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("t");
        std::fs::create_dir_all(sub.join("data")).unwrap();
        std::fs::write(sub.join("data/f.csv"), "id\n").unwrap();
        std::fs::write(dir.path().join("secret"), "x").unwrap();
        std::os::unix::fs::symlink("../secret", sub.join("link")).unwrap();
        let treaty = sub.join("x.treaty");
        assert!(inside_folder_of(&treaty, "data/f.csv").is_ok());
        for bad in ["../secret", "/etc/passwd", "link", "data/../../secret"] {
            let e = inside_folder_of(&treaty, bad).unwrap_err();
            assert!(e.contains("outside the folder"), "{bad}: {e}");
        }
    }

    #[test]
    fn endless_and_special_inputs_are_refused() {
        // An endless device is read up to the cap and refused, not read for ever.
        let e = read_within(Path::new("/dev/zero"), 1000).unwrap_err();
        assert!(
            e.contains("`/dev/zero` is larger than the input limit of 1000 bytes"),
            "{e}"
        );
        // Read once: the second read gives the same answer.
        assert_eq!(read_within(Path::new("/dev/zero"), 1000).unwrap_err(), e);
        assert!(read_within(Path::new("/dev/null"), 1000).unwrap().is_empty());
        let dir = tempfile::tempdir().unwrap();
        let e = read_within(dir.path(), 1000).unwrap_err();
        assert!(e.contains("it is a directory"), "{e}");
        let e = read_capped(std::io::repeat(0), 1000, "x").unwrap_err();
        assert!(e.contains("larger than the input limit of 1000 bytes"), "{e}");
    }
}
