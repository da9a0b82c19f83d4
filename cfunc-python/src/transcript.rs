//! Interactive transcripts (`>>> ` prompts, as in doctests and IPython
//! sessions pasted from documentation): the code is taken out of the
//! prompts, and output lines are left out, so that such a block compiles
//! as it was written.

/// Code taken out of a transcript, and where each of its lines came from.
pub struct Extracted {
    pub code: String,
    /// (offset of a line in `code`, offset of the same text in the
    /// original), in order.
    lines: Vec<(usize, usize)>,
    /// The original text's length: the code ends each line with a newline,
    /// which the original's last line may lack.
    source_len: usize,
}

impl Extracted {
    /// The offset in the original text of `offset` in the code.
    pub fn original(&self, offset: usize) -> usize {
        let index = self.lines.partition_point(|&(start, _)| start <= offset);
        match index.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&(start, original)) => (original + (offset - start)).min(self.source_len),
            None => offset.min(self.source_len),
        }
    }
}

/// The prompt a line starts with, and how long it is (with its space).
fn prompt_length(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    for prompt in [">>> ", "... "] {
        if line.starts_with(prompt) {
            return Some(prompt.len());
        }
    }
    if line == ">>>" || line == "..." {
        return Some(3);
    }
    // IPython's continuation prompt: `   ...: `.
    if let Some(rest) = trimmed.strip_prefix("...:") {
        return Some(indent + 4 + usize::from(rest.starts_with(' ')));
    }
    None
}

/// `Some` when `source` is a transcript: its first non-blank line starts
/// with `>>>`.
pub fn extract(source: &str) -> Option<Extracted> {
    let first = source.lines().find(|line| !line.trim().is_empty())?;
    if !first.trim_start().starts_with(">>>") {
        return None;
    }
    let mut code = String::new();
    let mut lines = Vec::new();
    let mut offset = 0;
    // Inside a compound statement, lines may carry no prompt (the seeds'
    // pasted IPython sessions indent the body without `...:`).
    let mut in_block = false;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let kept = match prompt_length(content) {
            Some(length) => {
                let text = &content[length.min(content.len())..];
                if text.trim_start().starts_with('%') || text.trim_start().starts_with('!') {
                    None // IPython magics and shell escapes
                } else {
                    Some((length, text))
                }
            }
            None if in_block && content.starts_with([' ', '\t']) => Some((0, content)),
            None => None,
        };
        match kept {
            Some((length, text)) => {
                lines.push((code.len(), offset + length));
                code.push_str(text);
                let trimmed = text.trim_end();
                if trimmed.ends_with(':') {
                    in_block = true;
                } else if !text.starts_with([' ', '\t']) && !trimmed.is_empty() {
                    in_block = false;
                }
            }
            None => {
                if !content.trim().is_empty() {
                    in_block = false;
                }
            }
        }
        code.push('\n');
        offset += line.len();
    }
    Some(Extracted {
        code,
        lines,
        source_len: source.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::extract;

    #[test]
    fn prompts_and_output_are_removed() {
        let source = ">>> import numpy as np\n>>> def f(t):\n        return t\n   ...:\n>>> f(1)\n1\n>>> %timeit f(1)\n";
        let extracted = extract(source).unwrap();
        assert_eq!(
            extracted.code,
            "import numpy as np\ndef f(t):\n        return t\n\nf(1)\n\n\n"
        );
        let offset = extracted.code.find("return").unwrap();
        assert_eq!(&source[extracted.original(offset)..][..6], "return");
    }

    #[test]
    fn the_end_of_the_code_maps_inside_a_source_without_a_final_newline() {
        let source = ">>> def f(t):\n        return t";
        let extracted = extract(source).unwrap();
        assert_eq!(extracted.original(extracted.code.len()), source.len());
    }

    #[test]
    fn ordinary_code_is_not_a_transcript() {
        assert!(extract("import math\n").is_none());
    }
}
