use super::*;

fn value(text: &str) -> Value<'_> {
    parse(text)
        .unwrap_or_else(|e| panic!("{text}: {}", e.message))
        .value
}

#[test]
fn reads_the_values_banks_use() {
    assert_eq!(value("\"党史\""), Value::Str("党史".into()));
    assert_eq!(
        value(r#""a\"b\\c\n\u{515A}""#),
        Value::Str("a\"b\\c\n党".into())
    );
    assert_eq!(value("r#\"不\"转义\"#"), Value::Str("不\"转义".into()));
    assert_eq!(value("-12"), Value::Int(-12));
    assert_eq!(value("1_000"), Value::Int(1000));
    assert_eq!(value("0x1F"), Value::Int(31));
    assert_eq!(value("2.5"), Value::Float(2.5));
    assert_eq!(value("true"), Value::Bool(true));
    assert_eq!(value("Single"), Value::Ident("Single"));
    assert_eq!(value("[]"), Value::List(vec![]));
    assert!(
        matches!(value("Some(3)"), Value::Tuple { name: Some(n), items } if n == "Some" && items.len() == 1)
    );
    assert!(matches!(value("{\"a\": 1}"), Value::Map(entries) if entries.len() == 1));
}

#[test]
fn structs_keep_field_positions_and_allow_trailing_commas_and_comments() {
    let text = "Bank( // 题库\n  a: 1,\n  /* 注释 /* 嵌套 */ */ b: [\"x\", ],\n)";
    let node = parse(text).unwrap();
    let Value::Struct { name, fields } = node.value else {
        panic!("not a struct")
    };
    assert_eq!(name, Some("Bank"));
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[1].name, "b");
    let lines = LineIndex::new(text);
    assert_eq!(lines.locate(text, fields[0].name_offset), (2, 3));
    assert_eq!(lines.locate(text, fields[1].name_offset), (3, 21));
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "(\n  题干: 1)";
    let lines = LineIndex::new(text);
    let offset = text.find(':').unwrap();
    assert_eq!(lines.locate(text, offset), (2, 5));
}

#[test]
fn errors_point_at_the_problem() {
    let cases = [
        ("(a: 1 b: 2)", 5, "缺少半角逗号"),
        ("[(a: 1, b: 2,\n(a: 3)]", 12, "缺少右括号"),
        ("[\"a\" \"b\"]", 4, "缺少半角逗号"),
        ("(a: 1,, )", 6, "字段名"),
        ("[1, 2", 0, "没有对应"),
        ("(a: \"x)", 4, "字符串没有结束"),
        ("(a: \"\\q\")", 5, "无效的转义"),
        ("(a: 1) x", 7, "后面不应再有内容"),
        ("（a: 1)", 0, "全角括号"),
        ("(a: 1)\u{3000}", 6, "全角空格"),
        ("/* open", 0, "块注释"),
        ("(a: 题)", 4, "英文双引号"),
    ];
    for (text, offset, expected) in cases {
        let error = parse(text).unwrap_err();
        assert_eq!(error.offset, offset, "{text}: {}", error.message);
        assert!(
            error.message.contains(expected),
            "{text}: {}",
            error.message
        );
    }
}

#[test]
fn nesting_is_limited_instead_of_overflowing_the_stack() {
    let deep = "(".repeat(MAX_DEPTH + 1);
    assert!(parse(&deep).unwrap_err().message.contains("嵌套"));
    let ok = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
}
