//! Source files and byte spans.
//!
//! Every later stage refers to text through a `Span` (file and byte range); only
//! this module and the diagnostics renderer turn spans into lines and columns.

use codespan_reporting::files::{Files, SimpleFiles};
use serde::Serialize;

/// Identifies one file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub usize);

/// A byte range in one source file, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A map from spans, for what the resolver and the type checker record of each
/// reference and expression (a hundred thousand entries in a large treaty),
/// which later phases look up: a hash of the three numbers is one probe where a
/// `BTreeMap` compared spans at every level of its tree. Whatever walks one must
/// sort what it collects (the language server sorts `Resolution::references`),
/// for its order is the hash's; the hasher has no random seed, so even that
/// order is the same from run to run.
pub type SpanMap<V> = std::collections::HashMap<Span, V, std::hash::BuildHasherDefault<SpanHasher>>;

/// Mixes each word written into it by a multiply and a rotation (the Fx hash):
/// enough for spans, which are distinct small numbers, and no attacker chooses
/// them (a file's spans are its own byte offsets).
#[derive(Default)]
pub struct SpanHasher(u64);

impl std::hash::Hasher for SpanHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, word: u64) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }
}

/// A 1-based line and column, as editors count them (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The files of one compilation. A clone keeps every file's id, so that files
/// read later (a history) can be rendered beside the treaty's.
#[derive(Default, Clone)]
pub struct SourceMap {
    files: SimpleFiles<String, String>,
    count: usize,
}

impl std::fmt::Debug for SourceMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceMap").field("files", &self.count).finish()
    }
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.count += 1;
        FileId(self.files.add(name.into(), text.into()))
    }

    /// The id the next added file will get.
    pub fn next_id(&self) -> FileId {
        FileId(self.count)
    }

    pub fn name(&self, file: FileId) -> &str {
        self.files.get(file.0).map(|f| f.name().as_str()).unwrap_or("<unknown>")
    }

    pub fn text(&self, file: FileId) -> &str {
        self.files.get(file.0).map(|f| f.source().as_str()).unwrap_or("")
    }

    /// Line and column of a byte offset; offsets past the end clamp to the end.
    pub fn position(&self, file: FileId, offset: usize) -> Position {
        let text = self.text(file);
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.files.line_index(file.0, offset).unwrap_or(0);
        let column = self.files.column_number(file.0, line, offset).unwrap_or(1);
        Position { line: line + 1, column }
    }

    pub(crate) fn codespan(&self) -> &SimpleFiles<String, String> {
        &self.files
    }
}
