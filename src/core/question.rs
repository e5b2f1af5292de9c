//! The rules for one question of a bank: required fields, kind, options and answer.

use crate::core::bank::{Answer, DEFAULT_CATEGORY, Kind, Question};
use crate::core::load::{Fields, Reader, kinds_list};
use crate::core::syntax::{Field, Node, Value};
use crate::core::validate;

/// The most options a choice question may have (A–H).
pub const MAX_OPTIONS: usize = 8;

/// Reads one question, reporting every problem in it; `None` when it cannot be used.
pub(crate) fn read_question(reader: &mut Reader<'_>, node: &Node<'_>) -> Option<Question> {
    let Value::Struct { fields, .. } = &node.value else {
        let found = node.value.describe();
        reader.error_at(
            node.offset,
            format!("每道题应写成 ( id: …, kind: …, stem: …, answer: … ) 的形式，这里却是{found}"),
        );
        return None;
    };
    // Name the question in every message, including those about fields written before its id.
    if let Some(Field {
        value: Node {
            value: Value::Str(id),
            ..
        },
        ..
    }) = fields.iter().find(|f| f.name == "id")
    {
        reader.set_question_id(id.trim());
    }
    let fields = reader.question_fields(fields);
    let mut ok = true;

    let id = match reader.string(&fields, "id") {
        Some((id, _)) if !id.trim().is_empty() => {
            let id = id.trim().to_owned();
            reader.set_question_id(&id);
            Some(id)
        }
        Some((_, offset)) => {
            reader.error_at(offset, "题目编号 id 不能为空".to_owned());
            None
        }
        None => {
            if !fields.contains("id") {
                reader.error_at(
                    node.offset,
                    "缺少 id（题目编号，在本题库内不能重复）".to_owned(),
                );
            }
            None
        }
    };
    ok &= id.is_some();

    let kind = read_kind(reader, &fields, node.offset);
    ok &= kind.is_some();

    let stem = match reader.string(&fields, "stem") {
        Some((stem, _)) if !stem.trim().is_empty() => Some(stem.trim().to_owned()),
        Some((_, offset)) => {
            reader.error_at(offset, "题干 stem 是空的".to_owned());
            None
        }
        None => {
            if !fields.contains("stem") {
                reader.error_at(node.offset, "缺少 stem（题干）".to_owned());
            }
            None
        }
    };
    ok &= stem.is_some();

    let options = read_options(reader, &fields, kind);
    ok &= options.is_some();
    let options = options.unwrap_or_default();

    let answer = kind.and_then(|kind| {
        read_answer(
            reader,
            &fields,
            kind,
            &options,
            stem.as_deref(),
            node.offset,
        )
    });
    ok &= answer.is_some();

    let category = reader
        .string(&fields, "category")
        .map(|(c, _)| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| DEFAULT_CATEGORY.to_owned());
    let explanation = optional_text(reader, &fields, "explanation");
    let source = optional_text(reader, &fields, "source");
    let difficulty = ranged(
        reader,
        &fields,
        "difficulty",
        1,
        5,
        "难度 difficulty 应是 1 到 5 的整数",
    );
    let points = ranged(
        reader,
        &fields,
        "points",
        1,
        1000,
        "分值 points 应是 1 到 1000 的整数",
    );
    let time_limit_secs = ranged(
        reader,
        &fields,
        "time_limit_secs",
        1,
        3600,
        "限时 time_limit_secs 应是 1 到 3600 秒",
    );
    let tags = reader
        .strings(&fields, "tags")
        .map(|(tags, _)| tags.into_iter().map(|(t, _)| t.trim().to_owned()).collect())
        .unwrap_or_default();
    let image = match reader.string(&fields, "image") {
        Some((path, offset)) if !validate::image_path_is_safe(path) => {
            reader.error_at(
                offset,
                format!("图片路径“{path}”不可用：只能写题库文件所在文件夹里的相对路径，如 \"images/1.png\""),
            );
            ok = false;
            None
        }
        other => other.map(|(path, _)| path),
    };

    let (Some(id), Some(kind), Some((answer, answer_text)), Some(stem), true) =
        (id, kind, answer, stem, ok)
    else {
        return None;
    };
    Some(Question {
        id,
        category,
        kind,
        stem,
        options,
        answer,
        answer_text,
        explanation,
        source,
        difficulty: difficulty.map(|d| d as u8),
        tags,
        image: image.map(str::to_owned),
        points: points.map(|p| p as u32),
        time_limit_secs: time_limit_secs.map(|t| t as u32),
        line: Some(reader.line_of(node.offset)),
    })
}

fn read_kind(reader: &mut Reader<'_>, fields: &Fields<'_, '_>, at: usize) -> Option<Kind> {
    let Some(node) = reader.raw(fields, "kind") else {
        reader.error_at(
            at,
            format!("缺少 kind（题型）。可用的题型：{}", kinds_list()),
        );
        return None;
    };
    let written = match &node.value {
        Value::Ident(name) => (*name).to_owned(),
        Value::Str(name) => name.to_string(),
        other => {
            let found = other.describe();
            reader.error_at(
                node.offset,
                format!(
                    "题型 kind 写得不对（这里是{found}）。可用的题型：{}",
                    kinds_list()
                ),
            );
            return None;
        }
    };
    let kind = Kind::parse(&written);
    if kind.is_none() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.file_name()).collect();
        let hint = validate::closest(&written, &names)
            .map(|s| format!("是不是“{s}”？"))
            .unwrap_or_default();
        reader.error_at(
            node.offset,
            format!("未知的题型“{written}”。{hint}可用的题型：{}", kinds_list()),
        );
    }
    kind
}

/// The options, checked for the kind; `None` when they make the question unusable.
fn read_options(
    reader: &mut Reader<'_>,
    fields: &Fields<'_, '_>,
    kind: Option<Kind>,
) -> Option<Vec<String>> {
    let written = reader.strings(fields, "options");
    let Some(kind) = kind else {
        return Some(
            written
                .map(|(o, _)| o.into_iter().map(|(t, _)| t.to_owned()).collect())
                .unwrap_or_default(),
        );
    };
    if !kind.has_options() {
        if let Some((_, offset)) = written {
            reader.warn_at(offset, format!("{}不需要 options，已忽略", kind.label()));
        }
        return Some(Vec::new());
    }
    let Some((options, offset)) = written else {
        let at = fields.get("kind").map(|f| f.name_offset).unwrap_or(0);
        if !fields.contains("options") {
            reader.error_at(
                at,
                format!("{}缺少 options（2 到 {MAX_OPTIONS} 个选项）", kind.label()),
            );
        }
        return None;
    };
    let mut ok = true;
    if options.len() < 2 || options.len() > MAX_OPTIONS {
        reader.error_at(
            offset,
            format!(
                "选择题应有 2 到 {MAX_OPTIONS} 个选项，这里有 {} 个",
                options.len()
            ),
        );
        ok = false;
    }
    for (i, (text, at)) in options.iter().enumerate() {
        let letter = crate::core::bank::option_letter(i);
        if text.trim().is_empty() {
            reader.error_at(*at, format!("第 {} 个选项（{letter}）是空的", i + 1));
            ok = false;
        } else if let Some(first) = options[..i]
            .iter()
            .position(|(other, _)| other.trim() == text.trim())
        {
            let first_letter = crate::core::bank::option_letter(first);
            reader.warn_at(*at, format!("选项 {letter} 与选项 {first_letter} 相同"));
        }
    }
    ok.then(|| {
        options
            .into_iter()
            .map(|(t, _)| t.trim().to_owned())
            .collect()
    })
}

fn read_answer(
    reader: &mut Reader<'_>,
    fields: &Fields<'_, '_>,
    kind: Kind,
    options: &[String],
    stem: Option<&str>,
    at: usize,
) -> Option<(Answer, String)> {
    let Some(node) = reader.raw(fields, "answer") else {
        if kind == Kind::Open {
            reader.warn_at(at, "简答题没有参考答案 answer，评判时将无从对照".to_owned());
            return Some((Answer::Reference(String::new()), String::new()));
        }
        reader.error_at(at, format!("缺少 answer（{}的答案）", kind.label()));
        return None;
    };
    let text = match &node.value {
        Value::Str(text) => text.to_string(),
        Value::Bool(value) if kind == Kind::TrueFalse => {
            if *value { "对" } else { "错" }.to_owned()
        }
        Value::List(items) if kind == Kind::Multiple => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Str(s) => Some(s.as_ref()),
                _ => None,
            })
            .collect::<String>(),
        other => {
            let found = other.describe();
            reader.error_at(
                node.offset,
                format!("答案 answer 应写在英文双引号里，这里却是{found}"),
            );
            return None;
        }
    };
    let result = match kind {
        Kind::Single | Kind::Multiple => {
            if options.is_empty() {
                return None; // the options' own error already explains it
            }
            validate::choice_answer(&text, options.len(), kind == Kind::Single).map(|letters| {
                if kind == Kind::Multiple && letters.len() == 1 {
                    reader.warn_at(
                        node.offset,
                        "多选题只有一个正确答案：若确是如此，可改为单选题 Single".to_owned(),
                    );
                }
                Answer::Choice(letters)
            })
        }
        Kind::TrueFalse => validate::true_false_answer(&text).map(Answer::TrueFalse),
        Kind::Blank => validate::blank_answer(&text).map(|blanks| {
            let places = stem.map(validate::placeholder_count).unwrap_or(0);
            if places > 0 && places != blanks.len() {
                reader.warn_at(
                    node.offset,
                    format!(
                        "题干里有 {places} 处空（____），答案却有 {} 个空：多个空的答案用“；”分隔",
                        blanks.len()
                    ),
                );
            }
            Answer::Blanks(blanks)
        }),
        Kind::Open => {
            if text.trim().is_empty() {
                reader.warn_at(node.offset, "简答题的参考答案是空的".to_owned());
            }
            Ok(Answer::Reference(text.trim().to_owned()))
        }
    };
    match result {
        Ok(answer) => Some((answer, text)),
        Err(message) => {
            reader.error_at(node.offset, message);
            None
        }
    }
}

fn optional_text(reader: &mut Reader<'_>, fields: &Fields<'_, '_>, name: &str) -> Option<String> {
    reader
        .string(fields, name)
        .map(|(text, _)| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

fn ranged(
    reader: &mut Reader<'_>,
    fields: &Fields<'_, '_>,
    name: &str,
    min: i64,
    max: i64,
    message: &str,
) -> Option<i64> {
    let (value, offset) = reader.integer(fields, name)?;
    if (min..=max).contains(&value) {
        Some(value)
    } else {
        reader.error_at(offset, format!("{message}，这里是 {value}"));
        None
    }
}
