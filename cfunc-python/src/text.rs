//! Byte ranges in the source, and turning them into lines and columns
//! (only when an error is rendered).

/// A half-open byte range `start..end` in the Python source.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct TextRange {
    /// The first byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl TextRange {
    /// `start..end`; offsets past `u32::MAX` saturate (no source is that
    /// long, and a wrong caret beats a panic).
    pub fn new(start: usize, end: usize) -> TextRange {
        debug_assert!(start <= end);
        TextRange {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: usize) -> TextRange {
        TextRange::new(offset, offset)
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The first byte, as an index.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// One past the last byte, as an index.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// The length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the range covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LineColumn {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

/// The start offsets of the lines of a source text.
pub struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `source`.
    pub fn new(source: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(
            source
                .char_indices()
                .filter(|&(_, c)| c == '\n')
                .map(|(offset, _)| offset + 1),
        );
        LineIndex {
            source,
            line_starts,
        }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .source
            .get(start..offset)
            .map_or(offset - start, |text| text.chars().count())
            + 1;
        LineColumn {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.source.len(), |&next| next);
        self.source[start..end].trim_end_matches(['\n', '\r'])
    }
}
