//! One question of a RON bank as the rules read it: the struct's fields, their RON types checked
//! (text in quotes, lists in brackets, `Some(…)`/`None`), turned into a [`RawQuestion`] whose
//! places are byte offsets. The rules themselves are [`crate::core::rules`], shared with the
//! spreadsheet reader and the editor.

use std::borrow::Cow;

use super::{Fields, Reader};
use crate::core::bank::Question;
use crate::core::rules::{self, RawQuestion, Report, Written, WrittenList};
use crate::core::syntax::{Field, Node, Value};

/// The rules report through the reader, at byte offsets.
impl Report<usize> for Reader<'_> {
    fn error(&mut self, at: usize, message: String) {
        self.error_at(at, message);
    }

    fn warn(&mut self, at: usize, message: String) {
        self.warn_at(at, message);
    }
}

/// The id written in a question, if it has one that is text.
pub(super) fn question_id<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    let Value::Struct { fields, .. } = &node.value else {
        return None;
    };
    match fields.iter().find(|f| f.name == "id") {
        Some(Field {
            value: Node {
                value: Value::Str(id),
                ..
            },
            ..
        }) => Some(id.trim()).filter(|id| !id.is_empty()),
        _ => None,
    }
}

/// Reads one question, reporting every problem in it; `None` when it cannot be used.
pub(super) fn read_question(reader: &mut Reader<'_>, node: &Node<'_>) -> Option<Question> {
    let Value::Struct { fields, .. } = &node.value else {
        let found = node.value.describe();
        reader.error_at(
            node.offset,
            format!("每道题应写成 ( id: …, kind: …, stem: …, answer: … ) 的形式，这里却是{found}"),
        );
        return None;
    };
    // Name the question in every message, including those about fields written before its id.
    if let Some(id) = question_id(node) {
        reader.set_question_id(id);
    }
    let fields = reader.question_fields(fields);
    let text = |reader: &mut Reader<'_>, name: &str| {
        reader
            .string(&fields, name)
            .map(|(text, at)| Written::new(text, at))
    };
    let mut raw = RawQuestion::at(node.offset);
    raw.id = text(reader, "id");
    raw.stem = text(reader, "stem");
    raw.category = text(reader, "category");
    raw.explanation = text(reader, "explanation");
    raw.source = text(reader, "source");
    raw.image = text(reader, "image");
    raw.kind = kind(reader, &fields);
    raw.answer = answer(reader, &fields);
    for (name, slot) in [
        ("difficulty", &mut raw.difficulty),
        ("points", &mut raw.points),
        ("time_limit_secs", &mut raw.time_limit_secs),
    ] {
        *slot = reader
            .integer(&fields, name)
            .map(|(n, at)| Written::new(n.to_string(), at));
    }
    raw.options = list(reader, &fields, "options");
    raw.tags = list(reader, &fields, "tags");
    // A field of the wrong type was reported as it was read: the question is unusable, but the
    // rules still run so that every other problem in it is found too.
    let checked = rules::verify(&raw, reader);
    let typed = std::mem::replace(&mut reader.types_ok, true);
    let checked = checked.filter(|_| typed)?;
    // The id's first use, and the count; a check stops here, with nothing copied.
    if !reader.accept(&checked, node.offset) {
        return None;
    }
    let mut question = checked.into_question();
    question.line = Some(reader.line_of(node.offset));
    Some(question)
}

/// `kind`: a bare name (`Single`) or text (`"单选"`).
fn kind<'n>(reader: &mut Reader<'_>, fields: &Fields<'n, '_>) -> Option<Written<'n, usize>> {
    let node = reader.raw(fields, "kind")?;
    match &node.value {
        Value::Ident(name) => Some(Written::new(*name, node.offset)),
        Value::Str(name) => Some(Written::new(name.as_ref(), node.offset)),
        other => {
            let found = other.describe();
            reader.type_error(
                node.offset,
                format!(
                    "题型 kind 写得不对（这里是{found}）。可用的题型：{}",
                    rules::kinds_list()
                ),
            );
            None
        }
    }
}

/// `answer` as text: `true`/`false` unquoted for true/false, a list of letters for multiple.
fn answer<'n>(reader: &mut Reader<'_>, fields: &Fields<'n, '_>) -> Option<Written<'n, usize>> {
    let node = reader.raw(fields, "answer")?;
    let text: Cow<'n, str> = match &node.value {
        Value::Str(text) => Cow::Borrowed(text.as_ref()),
        Value::Bool(value) => Cow::Borrowed(if *value { "对" } else { "错" }),
        Value::List(items) => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Str(s) => Some(s.as_ref()),
                _ => None,
            })
            .collect::<String>()
            .into(),
        other => {
            let found = other.describe();
            reader.type_error(
                node.offset,
                format!("答案 answer 应写在英文双引号里，这里却是{found}"),
            );
            return None;
        }
    };
    Some(Written {
        text,
        at: node.offset,
    })
}

fn list<'n>(
    reader: &mut Reader<'_>,
    fields: &Fields<'n, '_>,
    name: &str,
) -> Option<WrittenList<'n, usize>> {
    let (items, at) = reader.strings(fields, name)?;
    Some(WrittenList {
        items: items
            .into_iter()
            .map(|(text, at)| Written::new(text, at))
            .collect(),
        at,
    })
}
