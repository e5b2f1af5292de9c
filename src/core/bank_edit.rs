//! A bank file under edit: its text as read, each question in it (the broken ones too), and what
//! was changed. Saving writes only what changed: every other byte (comments, blank lines, the
//! layout of untouched questions) stays as it was, and no question is ever dropped because it
//! could not be read.

use std::ops::Range;

use crate::core::bank::Question;
use crate::core::error::{Problem, Severity};
use crate::core::load::{Pieces, load_pieces};
use crate::core::write::question_ron;

/// One question of the bank under edit.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Where it is in the original text; none for a question added in the editor.
    pub span: Option<Range<usize>>,
    /// The question, when it can be used.
    pub question: Option<Question>,
    /// Its text as it will be written, for a question that cannot be read (the user mends it
    /// there); for the others, what was read.
    pub text: String,
    /// Its problems.
    pub problems: Vec<Problem>,
    /// Changed since it was read (or added).
    pub changed: bool,
    /// Deleted (kept until saved, so it can be brought back).
    pub deleted: bool,
    /// Its span runs to the line where the next question starts (its syntax could not be read,
    /// so where its `)` is, if anywhere, is unknown).
    pub whole_lines: bool,
    /// Last changed as text (written as typed), not through the form.
    pub as_text: bool,
}

impl Entry {
    /// Whether it has an error (it cannot be used as it is).
    pub fn is_broken(&self) -> bool {
        self.question.is_none()
    }

    /// The id to show: the question's, else the one written in its text, else "?".
    pub fn label_id(&self) -> &str {
        self.question
            .as_ref()
            .map(|q| q.id.as_str())
            .or_else(|| self.problems.iter().find_map(|p| p.question_id.as_deref()))
            .unwrap_or("?")
    }
}

/// The bank under edit.
#[derive(Clone, Debug)]
pub struct BankEdit {
    /// The file's text as read.
    original: String,
    /// Where the questions list's `]` is.
    list_end: usize,
    /// Every question: those read, in file order, then those added.
    pub entries: Vec<Entry>,
    /// Problems of the file outside any question (its header).
    pub header_problems: Vec<Problem>,
}

impl BankEdit {
    /// Opens `bytes` (a RON bank named `file`) for editing; the report when it cannot be, because
    /// the file's own structure (not a question) is broken.
    pub fn open(file: &str, bytes: &[u8]) -> Result<Self, Box<crate::core::load::LoadReport>> {
        let Pieces {
            text,
            report,
            pieces,
            list_end,
        } = load_pieces(file, bytes)?;
        let entries = pieces
            .into_iter()
            .map(|piece| {
                let written = &text[piece.span.clone()];
                // A broken question's span ends with its comma and line break: its text, without.
                let own = if piece.whole_lines {
                    written.trim_end().trim_end_matches(',').trim_end()
                } else {
                    written
                };
                Entry {
                    whole_lines: piece.whole_lines,
                    text: own.to_owned(),
                    span: Some(piece.span),
                    question: piece.question,
                    problems: piece.problems,
                    changed: false,
                    deleted: false,
                    as_text: false,
                }
            })
            .collect();
        Ok(Self {
            list_end: list_end.unwrap_or(text.len()),
            original: text,
            entries,
            header_problems: report.problems,
        })
    }

    /// Whether anything differs from the file as read.
    pub fn is_changed(&self) -> bool {
        self.entries.iter().any(|e| match e.span {
            None => !e.deleted,
            Some(_) => e.changed || e.deleted,
        })
    }

    /// Replaces the question of entry `index` (its warnings in `problems`).
    pub fn set_question(&mut self, index: usize, question: Question, problems: Vec<Problem>) {
        if let Some(entry) = self.entries.get_mut(index) {
            entry.question = Some(question);
            entry.problems = problems;
            entry.changed = true;
            entry.as_text = false;
        }
    }

    /// Adds `question` at the end of the list; its index.
    pub fn add(&mut self, question: Question) -> usize {
        self.entries.push(Entry {
            span: None,
            text: String::new(),
            question: Some(question),
            problems: Vec::new(),
            changed: true,
            deleted: false,
            whole_lines: false,
            as_text: false,
        });
        self.entries.len() - 1
    }

    /// Sets the text of entry `index` that cannot be read, and reads it again: it becomes usable
    /// when the text now reads as a question. Either way the text is what will be written.
    pub fn set_text(&mut self, index: usize, text: String) {
        let (question, problems) = read_one(&text);
        if let Some(entry) = self.entries.get_mut(index) {
            entry.question = question;
            entry.problems = problems;
            entry.text = text;
            entry.changed = true;
            entry.as_text = true;
        }
    }

    /// The ids used by entries other than `index`, not deleted.
    pub fn id_taken(&self, id: &str, index: Option<usize>) -> bool {
        self.entries.iter().enumerate().any(|(i, e)| {
            Some(i) != index && !e.deleted && e.question.as_ref().is_some_and(|q| q.id == id)
        })
    }

    /// The file's text with the changes: untouched bytes as they were read.
    pub fn render(&self) -> String {
        let text = self.original.as_str();
        let mut out = String::with_capacity(text.len() + 1024);
        let mut cursor = 0;
        let mut read: Vec<&Entry> = self.entries.iter().filter(|e| e.span.is_some()).collect();
        read.sort_by_key(|e| e.span.as_ref().map(|s| s.start));
        for entry in read {
            let Some(span) = entry.span.clone() else {
                continue;
            };
            let span = span.start.max(cursor)..span.end.max(cursor);
            out.push_str(&text[cursor..span.start]);
            cursor = span.end;
            if entry.deleted {
                cursor = if entry.whole_lines {
                    // Its span already ends at the start of the next question's line.
                    let line = out.rfind('\n').map_or(0, |n| n + 1);
                    if out[line..].chars().all(|c| c == ' ' || c == '\t') {
                        out.truncate(line);
                    }
                    span.end
                } else {
                    drop_line(text, &mut out, span.end)
                };
                continue;
            }
            if !entry.changed {
                out.push_str(&text[span]);
                continue;
            }
            match (&entry.question, entry.as_text) {
                (Some(question), false) => {
                    out.push_str(&question_ron(question, &indent_before(text, span.start)));
                }
                _ => out.push_str(entry.text.trim()),
            }
            // A question that could not be read ran to the next line, its comma and line break
            // included.
            if entry.whole_lines {
                out.push_str(",\n");
            }
        }
        let added: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.span.is_none() && !e.deleted)
            .collect();
        let end = self.list_end.max(cursor).min(text.len());
        if added.is_empty() {
            out.push_str(&text[cursor..]);
            return out;
        }
        let line_start = text[..end].rfind('\n').map_or(0, |n| n + 1);
        let own_line = text[line_start..end].trim().is_empty() && line_start >= cursor;
        let insert_at = if own_line { line_start } else { end };
        out.push_str(&text[cursor..insert_at]);
        // The item before needs its comma.
        if let Some(last) = out.trim_end().chars().next_back()
            && last != ','
            && last != '['
        {
            let trimmed = out.trim_end().len();
            out.insert(trimmed, ',');
        }
        if !own_line {
            out.push('\n');
        }
        let indent = self.item_indent();
        for entry in added {
            out.push_str(&indent);
            match (&entry.question, entry.as_text) {
                (Some(question), false) => out.push_str(&question_ron(question, &indent)),
                _ => out.push_str(entry.text.trim()),
            }
            out.push_str(",\n");
        }
        if !own_line {
            out.push_str(&indent_before(text, line_start));
        }
        out.push_str(&text[insert_at..]);
        out
    }

    /// The indentation of the questions as written (eight spaces when there are none).
    fn item_indent(&self) -> String {
        self.entries
            .iter()
            .find_map(|e| e.span.as_ref())
            .map(|span| indent_before(&self.original, span.start))
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| "        ".to_owned())
    }
}

/// The blanks before `at` on its line, when nothing else is before it.
fn indent_before(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = &text[line_start..at];
    if before.chars().all(|c| c == ' ' || c == '\t') {
        before.to_owned()
    } else {
        String::new()
    }
}

/// Leaves out a deleted question's line: its indentation already written to `out` and the rest
/// of its line after `end` (the comma), when the line held only the question; returns where
/// copying goes on.
fn drop_line(text: &str, out: &mut String, end: usize) -> usize {
    let rest = &text[end..];
    let line_end = rest.find('\n').map_or(text.len(), |n| end + n + 1);
    let tail = &text[end..line_end];
    let tail_is_comma = tail.trim().is_empty() || tail.trim() == ",";
    let written_line = out.rfind('\n').map_or(0, |n| n + 1);
    let head_is_blank = out[written_line..].chars().all(|c| c == ' ' || c == '\t');
    if tail_is_comma && head_is_blank {
        out.truncate(written_line);
        line_end
    } else {
        // Shared with something else: take out the question and its comma only.
        text[end..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .filter(|(_, c)| *c == ',')
            .map_or(end, |(i, _)| end + i + 1)
    }
}

/// Reads `text` as one question, with the rules every bank is read by.
fn read_one(text: &str) -> (Option<Question>, Vec<Problem>) {
    let wrapped = format!("(format: 1, id: \"编辑\", title: \"编辑\", questions: [\n{text}\n])");
    match load_pieces("", wrapped.as_bytes()) {
        Ok(mut pieces) if pieces.pieces.len() == 1 => {
            let piece = pieces.pieces.remove(0);
            let mut problems = piece.problems;
            for problem in &mut problems {
                // Lines of the question's own text, not of the wrapper.
                problem.line = problem.line.map(|l| l.saturating_sub(1));
            }
            (piece.question, problems)
        }
        Ok(pieces) => {
            let message = if pieces.pieces.is_empty() {
                "这里没有一道完整的题：应写成 ( id: …, kind: …, stem: …, answer: … )"
            } else {
                "这里写了不止一道题：一次只能修改一道"
            };
            (None, vec![form_error(message)])
        }
        Err(report) => (None, report.problems),
    }
}

fn form_error(message: &str) -> Problem {
    Problem {
        severity: Severity::Error,
        line: None,
        column: None,
        question_index: None,
        question_id: None,
        message: message.to_owned(),
    }
}

#[cfg(test)]
#[path = "bank_edit_tests.rs"]
mod tests;
