//! Byte offsets (the compiler's spans) to editor positions and back. LSP counts
//! columns in UTF-16 code units unless the client agrees to UTF-8 bytes; treaty
//! texts hold `ü` and `’`, so the two differ and every conversion goes through
//! here. A position past a line's end or the text's end clamps, never panics.

use lsp_types::{Position, Range};

/// How columns are counted, as negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The start of every line of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The editor position of a byte offset (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(self.len).min(text.len());
        while !text.is_char_boundary(offset) && offset > 0 {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let prefix = text.get(start..offset).unwrap_or("");
        let column = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
        };
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of an editor position: a column past the line's end is its
    /// end, a line past the last is the text's end, and a column inside a
    /// character (half of a UTF-16 pair, a byte inside `ü`) is that character's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(start) = self.starts.get(position.line as usize).copied() else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let line = text.get(start..end.max(start)).unwrap_or("");
        let wanted = position.character as usize;
        let mut counted = 0;
        for (i, c) in line.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if counted + width > wanted {
                return start + i;
            }
            counted += width;
        }
        start + line.len()
    }

    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range {
            start: self.position(text, start, encoding),
            end: self.position(text, end, encoding),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "treaty t {\n  text \"Zürich’s\" x\n}\n";

    #[test]
    fn columns_count_utf16_units_or_bytes_as_negotiated() {
        let index = LineIndex::new(TEXT);
        let x = TEXT.find(" x").unwrap() + 1;
        // `ü` and `’` are one UTF-16 unit each, two and three bytes in UTF-8.
        assert_eq!(index.position(TEXT, x, Encoding::Utf16), Position::new(1, 18));
        assert_eq!(index.position(TEXT, x, Encoding::Utf8), Position::new(1, 21));
        assert_eq!(index.offset(TEXT, Position::new(1, 18), Encoding::Utf16), x);
        assert_eq!(index.offset(TEXT, Position::new(1, 21), Encoding::Utf8), x);
    }

    #[test]
    fn positions_outside_the_text_clamp() {
        let index = LineIndex::new(TEXT);
        assert_eq!(index.offset(TEXT, Position::new(0, 500), Encoding::Utf16), 10);
        assert_eq!(index.offset(TEXT, Position::new(99, 0), Encoding::Utf16), TEXT.len());
        assert_eq!(index.position(TEXT, 10_000, Encoding::Utf16), Position::new(3, 0));
        // A byte inside `ü` falls back to its start.
        let inside = TEXT.find('ü').unwrap() + 1;
        assert_eq!(index.position(TEXT, inside, Encoding::Utf8).character, 9);
        assert_eq!(index.offset(TEXT, Position::new(1, 10), Encoding::Utf8), inside - 1);
    }

    #[test]
    fn every_offset_round_trips_in_both_encodings() {
        let index = LineIndex::new(TEXT);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (offset, _) in TEXT.char_indices() {
                let p = index.position(TEXT, offset, encoding);
                assert_eq!(index.offset(TEXT, p, encoding), offset, "{offset} {encoding:?}");
            }
        }
    }
}
