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
        out.push_str("        ");
        out.push_str(&question_ron(question, "        "));
        out.push_str(",\n");
    }
    out.push_str("    ],\n)\n");
    out
}

/// One question as RON, from its `(` to its `)`, its fields indented by `indent` and four more
/// spaces: the one writer of a question, for whole banks and for the editor's saves alike.
pub fn question_ron(q: &Question, indent: &str) -> String {
    // Every field by name, so a field added to `Question` cannot be forgotten here.
    let Question {
        id,
        category,
        kind,
        stem,
        options,
        answer: _, // written as the author wrote it, `answer_text`
        answer_text,
        explanation,
        source,
        difficulty,
        tags,
        image,
        points,
        time_limit_secs,
        line: _,
    } = q;
    let mut out = String::from("(\n");
    let mut field = |name: &str, value: String| {
        let _ = writeln!(out, "{indent}    {name}: {value},");
    };
    field("id", quote(id));
    field("category", quote(category));
    field("kind", kind.file_name().to_owned());
    field("stem", quote(stem));
    if kind.has_options() {
        field("options", list(options));
    }
    field("answer", quote(answer_text));
    if let Some(explanation) = explanation {
        field("explanation", quote(explanation));
    }
    if let Some(source) = source {
        field("source", quote(source));
    }
    if let Some(difficulty) = difficulty {
        field("difficulty", difficulty.to_string());
    }
    if !tags.is_empty() {
        field("tags", list(tags));
    }
    if let Some(image) = image {
        field("image", quote(image));
    }
    if let Some(points) = points {
        field("points", points.to_string());
    }
    if let Some(secs) = time_limit_secs {
        field("time_limit_secs", secs.to_string());
    }
    out.push_str(indent);
    out.push(')');
    out
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
