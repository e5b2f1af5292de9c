//! A bank back to text: pretty RON in format v1 with readable Chinese (no `\u` escapes), as a
//! person would write it, so a bank saved by the app reads like one written by hand.

use std::fmt::Write as _;

use crate::core::bank::{Bank, FORMAT_VERSION, Question};

/// A RON string literal: only `"` and `\` (and control characters) are escaped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The bank as pretty RON, format v1.
pub fn to_ron(bank: &Bank) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// {}（格式 {FORMAT_VERSION}）", bank.title);
    out.push_str("(\n");
    let _ = writeln!(out, "    format: {FORMAT_VERSION},");
    let _ = writeln!(out, "    id: {},", quote(&bank.id));
    let _ = writeln!(out, "    title: {},", quote(&bank.title));
    if !bank.version.is_empty() {
        let _ = writeln!(out, "    version: {},", quote(&bank.version));
    }
    if !bank.description.is_empty() {
        let _ = writeln!(out, "    description: {},", quote(&bank.description));
    }
    out.push_str("    questions: [\n");
    for question in &bank.questions {
        question_ron(&mut out, question);
    }
    out.push_str("    ],\n)\n");
    out
}

fn question_ron(out: &mut String, q: &Question) {
    let field = |out: &mut String, name: &str, value: String| {
        let _ = writeln!(out, "            {name}: {value},");
    };
    out.push_str("        (\n");
    field(out, "id", quote(&q.id));
    field(out, "category", quote(&q.category));
    field(out, "kind", q.kind.file_name().to_owned());
    field(out, "stem", quote(&q.stem));
    if q.kind.has_options() {
        field(out, "options", list(&q.options));
    }
    field(out, "answer", quote(&q.answer_text));
    if let Some(explanation) = &q.explanation {
        field(out, "explanation", quote(explanation));
    }
    if let Some(source) = &q.source {
        field(out, "source", quote(source));
    }
    if let Some(difficulty) = q.difficulty {
        field(out, "difficulty", difficulty.to_string());
    }
    if !q.tags.is_empty() {
        field(out, "tags", list(&q.tags));
    }
    if let Some(image) = &q.image {
        field(out, "image", quote(image));
    }
    if let Some(points) = q.points {
        field(out, "points", points.to_string());
    }
    if let Some(secs) = q.time_limit_secs {
        field(out, "time_limit_secs", secs.to_string());
    }
    out.push_str("        ),\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::load::load_bank;

    #[test]
    fn quoting_escapes_only_what_ron_needs() {
        assert_eq!(quote("中共“一大”"), "\"中共“一大”\"");
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn the_sample_bank_survives_a_round_trip() {
        let text = include_str!("../../tests/fixtures/示例题库.ron");
        let bank = load_bank("示例题库.ron", text.as_bytes()).bank.unwrap();
        let written = to_ron(&bank);
        assert!(!written.contains("\\u"), "Chinese is written as is");
        let again = load_bank("again.ron", written.as_bytes());
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        let mut again = again.bank.unwrap();
        for (a, b) in again.questions.iter_mut().zip(&bank.questions) {
            a.line = b.line;
        }
        assert_eq!(again, bank);
    }
}
