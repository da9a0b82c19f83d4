//! Code frames: an error message with its file, line and column, the
//! source line and carets under the range. Used for syntax and type
//! errors alike.

use crate::text::{LineIndex, TextRange};
use std::fmt::Write as _;

/// Tabs in the shown line are expanded to this many columns, so that the
/// carets line up whatever the terminal's tab width.
const TAB_WIDTH: usize = 4;

/// Renders `message` at `range` of `source`:
///
/// ```text
/// FILE:LINE:COL: message
///    |
/// LL | source line
///    |    ^^^^
/// ```
///
/// The column counts characters from 1. The carets cover the range on its
/// first line (at least one caret, also for an empty range or one at the
/// end of the line). Offsets past the end or inside a character are
/// clamped, so any range can be rendered.
///
/// ```
/// use cfunc_python::render::code_frame;
/// use cfunc_python::text::TextRange;
///
/// let source = "x = 1\ny = f(x\n";
/// let frame = code_frame(source, "cb.py", TextRange::new(11, 12), "`(` was never closed");
/// assert_eq!(
///     frame,
///     "cb.py:2:6: `(` was never closed\n  |\n2 | y = f(x\n  |      ^\n"
/// );
/// ```
pub fn code_frame(source: &str, file_name: &str, range: TextRange, message: &str) -> String {
    let start = floor_char_boundary(source, range.start());
    let end = floor_char_boundary(source, range.end()).max(start);
    let position = LineIndex::new(source).line_column(start);
    let line_start = source[..start].rfind('\n').map_or(0, |newline| newline + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |newline| start + newline);
    let line = source[line_start..line_end].trim_end_matches('\r');

    let caret_start = display_width(&source[line_start..start]);
    let highlighted_end = end.min(line_start + line.len()).max(start);
    let caret_end = display_width(&source[line_start..highlighted_end]);
    let caret_count = caret_end.saturating_sub(caret_start).max(1);

    let number = position.line.to_string();
    let gutter = " ".repeat(number.len());
    let mut frame = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        frame,
        "{file_name}:{line}:{column}: {message}\n{gutter} |\n{number} | {text}\n{gutter} | {pad}{carets}\n",
        line = position.line,
        column = position.column,
        text = expand_tabs(line),
        pad = " ".repeat(caret_start),
        carets = "^".repeat(caret_count),
    );
    frame
}

fn floor_char_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Columns taken by `text` once tabs are expanded (one per character).
fn display_width(text: &str) -> usize {
    text.chars().fold(0, |column, c| match c {
        '\t' => (column / TAB_WIDTH + 1) * TAB_WIDTH,
        '\r' => column,
        _ => column + 1,
    })
}

fn expand_tabs(line: &str) -> String {
    let mut expanded = String::with_capacity(line.len());
    for c in line.chars() {
        if c == '\t' {
            let spaces = TAB_WIDTH - display_width(&expanded) % TAB_WIDTH;
            expanded.extend(std::iter::repeat_n(' ', spaces));
        } else {
            expanded.push(c);
        }
    }
    expanded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_cover_the_range() {
        let frame = code_frame("a = foo(1)\n", "m.py", TextRange::new(4, 10), "msg");
        assert_eq!(
            frame,
            "m.py:1:5: msg\n  |\n1 | a = foo(1)\n  |     ^^^^^^\n"
        );
    }

    #[test]
    fn tabs_expand_alike_in_line_and_carets() {
        let frame = code_frame("\tx\ty\n", "m.py", TextRange::new(3, 4), "msg");
        assert_eq!(frame, "m.py:1:4: msg\n  |\n1 |     x   y\n  |         ^\n");
    }

    #[test]
    fn empty_range_at_line_end_gets_one_caret() {
        let frame = code_frame("if x\n", "m.py", TextRange::new(4, 5), "msg");
        assert!(frame.ends_with("1 | if x\n  |     ^\n"), "{frame}");
    }

    #[test]
    fn multi_line_range_is_cut_at_the_first_line_end() {
        let frame = code_frame("s = '''ab\ncd'''\n", "m.py", TextRange::new(4, 15), "msg");
        assert!(frame.ends_with("1 | s = '''ab\n  |     ^^^^^\n"), "{frame}");
    }

    #[test]
    fn wide_gutter_for_two_digit_lines() {
        let source = "\n".repeat(11) + "oops\n";
        let frame = code_frame(&source, "m.py", TextRange::new(11, 15), "msg");
        assert_eq!(frame, "m.py:12:1: msg\n   |\n12 | oops\n   | ^^^^\n");
    }

    #[test]
    fn out_of_range_offsets_are_clamped() {
        let frame = code_frame("é", "m.py", TextRange::new(1, 99), "msg");
        assert!(frame.starts_with("m.py:1:1: msg\n"), "{frame}");
    }

    #[test]
    fn crlf_line_ends_are_not_shown() {
        let frame = code_frame("a\r\nbc\r\n", "m.py", TextRange::new(3, 5), "msg");
        assert_eq!(frame, "m.py:2:1: msg\n  |\n2 | bc\n  | ^^\n");
    }
}
