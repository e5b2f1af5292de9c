use super::*;
use crate::core::bank::{Answer, Kind};

const SAMPLE: &str = include_str!("../../../tests/fixtures/示例题库.ron");

/// A bank with the given questions, each written as the inside of `( … )`.
fn bank_with(questions: &[&str]) -> String {
    let mut text =
        String::from("(\n    format: 1,\n    id: \"t\",\n    title: \"测试\",\n    questions: [\n");
    for q in questions {
        text.push_str("        (");
        text.push_str(q);
        text.push_str("),\n");
    }
    text.push_str("    ],\n)\n");
    text
}

fn messages(report: &LoadReport) -> Vec<String> {
    report.problems.iter().map(|p| p.to_string()).collect()
}

fn only_error(report: &LoadReport) -> &Problem {
    let errors: Vec<&Problem> = report.errors().collect();
    assert_eq!(errors.len(), 1, "{:#?}", messages(report));
    errors[0]
}

#[test]
fn the_sample_bank_loads_exactly_as_written() {
    let report = load_bank("示例题库.ron", SAMPLE.as_bytes());
    assert!(report.problems.is_empty(), "{:#?}", messages(&report));
    let bank = report.bank.unwrap();
    assert_eq!(bank.id, "dangshi-sample");
    assert_eq!(bank.title, "党史知识竞赛示例题库");
    assert_eq!(bank.version, "2021.1");
    assert_eq!(bank.count_by_kind(), [1, 1, 1, 1, 1]);
    let q = &bank.questions;
    assert_eq!(q[0].answer, Answer::Choice(vec![1]));
    assert_eq!(q[0].difficulty, Some(1));
    assert_eq!(q[0].tags, ["一大"]);
    assert_eq!(q[0].line, Some(11));
    assert_eq!(q[1].answer, Answer::Choice(vec![0, 1, 2]));
    assert_eq!(q[1].category, "新民主主义革命时期");
    assert_eq!(q[2].answer, Answer::TrueFalse(true));
    assert_eq!(
        q[3].answer,
        Answer::Blanks(vec![vec!["南湖".into(), "嘉兴南湖".into()]])
    );
    assert_eq!(q[4].kind, Kind::Open);
    assert_eq!(
        q[4].answer,
        Answer::Reference("学史明理、学史增信、学史崇德、学史力行。".into())
    );
}

#[test]
fn bom_and_crlf_load_with_the_same_lines() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(SAMPLE.replace('\n', "\r\n").as_bytes());
    let report = load_bank("crlf.ron", &bytes);
    assert!(report.problems.is_empty(), "{:#?}", messages(&report));
    assert_eq!(report.bank.unwrap().questions[0].line, Some(11));
}

#[test]
fn answers_as_chinese_authors_type_them() {
    let text = bank_with(&[
        r#"id: "a", kind: Single, stem: "题", options: ["甲", "乙", "丙"], answer: "ｂ""#,
        r#"id: "b", kind: Multiple, stem: "题", options: ["甲", "乙", "丙"], answer: "a c""#,
        r#"id: "c", kind: TrueFalse, stem: "题", answer: "√""#,
        r#"id: "d", kind: TrueFalse, stem: "题", answer: "错误""#,
        r#"id: "e", kind: TrueFalse, stem: "题", answer: "F""#,
        r#"id: "f", kind: TrueFalse, stem: "题", answer: "×""#,
        r#"id: "g", kind: Single, stem: "题", options: ["甲", "乙"], answer: "Ａ", difficulty: Some(3)"#,
    ]);
    let report = load_bank("t.ron", text.as_bytes());
    assert!(report.problems.is_empty(), "{:#?}", messages(&report));
    let answers: Vec<Answer> = report
        .bank
        .unwrap()
        .questions
        .into_iter()
        .map(|q| q.answer)
        .collect();
    assert_eq!(
        answers,
        [
            Answer::Choice(vec![1]),
            Answer::Choice(vec![0, 2]),
            Answer::TrueFalse(true),
            Answer::TrueFalse(false),
            Answer::TrueFalse(false),
            Answer::TrueFalse(false),
            Answer::Choice(vec![0]),
        ]
    );
}

#[test]
fn an_unknown_field_names_the_closest_known_one() {
    let text =
        bank_with(&[r#"id: "a", kind: Single, stem: "题", options: ["甲", "乙"], anwser: "A""#]);
    let report = load_bank("t.ron", text.as_bytes());
    let problem = report.errors().next().unwrap();
    assert!(problem.message.contains("“anwser”"), "{problem}");
    assert!(problem.message.contains("是不是“answer”"), "{problem}");
    assert_eq!((problem.line, problem.column), (Some(6), Some(65)));
    assert_eq!(problem.question_index, Some(1));
    assert_eq!(problem.question_id.as_deref(), Some("a"));
}

#[test]
fn a_wrong_kind_lists_the_valid_ones() {
    let text =
        bank_with(&[r#"id: "a", kind: Singel, stem: "题", options: ["甲", "乙"], answer: "A""#]);
    let report = load_bank("t.ron", text.as_bytes());
    let problem = only_error(&report);
    assert!(problem.message.contains("“Singel”"), "{problem}");
    assert!(problem.message.contains("是不是“Single”"), "{problem}");
    for kind in ["Single", "Multiple", "TrueFalse", "Blank", "Open"] {
        assert!(problem.message.contains(kind), "{problem}");
    }
    assert_eq!((problem.line, problem.column), (Some(6), Some(25)));
}

#[test]
fn full_width_comma_in_the_syntax_gets_a_hint_where_it_is() {
    let text = "(\n    format: 1，\n    id: \"t\",\n)";
    let report = load_bank("t.ron", text.as_bytes());
    let problem = only_error(&report);
    assert!(problem.message.contains("全角逗号"), "{problem}");
    assert_eq!((problem.line, problem.column), (Some(2), Some(14)));
    assert!(report.bank.is_none());
}

#[test]
fn curly_quotes_in_the_syntax_get_a_hint() {
    let text = "(\n    format: 1,\n    id: “t”,\n)";
    let problem = only_error(&load_bank("t.ron", text.as_bytes())).clone();
    assert!(problem.message.contains("中文引号"), "{problem}");
    assert_eq!((problem.line, problem.column), (Some(3), Some(9)));
}

#[test]
fn full_width_colon_gets_a_hint() {
    let text = "(\n    format：1,\n)";
    let problem = only_error(&load_bank("t.ron", text.as_bytes())).clone();
    assert!(problem.message.contains("全角冒号"), "{problem}");
    assert_eq!((problem.line, problem.column), (Some(2), Some(11)));
}

#[test]
fn an_ascii_quote_inside_a_string_is_explained() {
    let text = bank_with(&[r#"id: "a", kind: Open, stem: "他说"你好"", answer: "x""#]);
    let problem = only_error(&load_bank("t.ron", text.as_bytes())).clone();
    assert!(problem.message.contains("中文引号"), "{problem}");
}

#[test]
fn every_semantic_error_is_reported_with_its_question() {
    let text = "(\n    format: 2,\n    id: \"t\",\n    title: \"测试\",\n    questions: [\n"
        .to_owned()
        + "        (id: \"q1\", kind: Single, stem: \"题\", options: [\"甲\", \"乙\"], answer: \"C\"),\n"
        + "        (id: \"q2\", kind: Single, stem: \"题\", options: [\"甲\", \"乙\"], answer: \"AB\"),\n"
        + "        (id: \"q3\", kind: Multiple, stem: \"题\", options: [\"甲\", \"乙\"], answer: \"\"),\n"
        + "        (id: \"q4\", kind: TrueFalse, stem: \"题\", answer: \"也许\"),\n"
        + "        (id: \"q5\", kind: Single, stem: \"题\", options: [\"甲\", \" \"], answer: \"A\"),\n"
        + "        (id: \"q6\", kind: Open, stem: \"题\", answer: \"x\"),\n"
        + "        (id: \"q6\", kind: Open, stem: \"题\", answer: \"y\"),\n"
        + "        (id: \"q8\", kind: Open, answer: \"z\"),\n"
        + "        (id: \"q9\", kind: Blank, stem: \"题____\", answer: \"甲|\", difficulty: 9),\n"
        + "    ],\n)\n";
    let report = load_bank("t.ron", text.as_bytes());
    let errors: Vec<&Problem> = report.errors().collect();
    let expect = [
        (2, None, "不支持的题库格式 2"),
        (6, Some((1, "q1")), "超出了选项范围"),
        (7, Some((2, "q2")), "只能有一个答案"),
        (8, Some((3, "q3")), "多选题的答案是空的"),
        (9, Some((4, "q4")), "判断题的答案“也许”无法识别"),
        (10, Some((5, "q5")), "第 2 个选项（B）是空的"),
        (12, Some((7, "q6")), "题目编号“q6”重复：第 6 题已经用过"),
        (13, Some((8, "q8")), "缺少 stem"),
        (14, Some((9, "q9")), "第 1 空的答案里有空白项"),
        (14, Some((9, "q9")), "难度 difficulty 应是 1 到 5 的整数"),
    ];
    assert_eq!(errors.len(), expect.len(), "{:#?}", messages(&report));
    for (problem, (line, question, text)) in errors.iter().zip(expect) {
        assert_eq!(problem.line, Some(line), "{problem}");
        assert_eq!(
            problem.question_index.zip(problem.question_id.as_deref()),
            question,
            "{problem}"
        );
        assert!(
            problem.message.contains(text),
            "{problem} should say {text}"
        );
    }
    assert!(!report.is_ok());
    // The one good question still loads, so a bank with a typo is still usable.
    let bank = report.bank.unwrap();
    assert_eq!(
        bank.questions
            .iter()
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>(),
        ["q6"]
    );
}

#[test]
fn warnings_do_not_stop_a_question() {
    let text = bank_with(&[
        r#"id: "a", kind: Multiple, stem: "题", options: ["甲", "乙", "甲"], answer: "A""#,
        r#"id: "b", kind: TrueFalse, stem: "题", options: ["对", "错"], answer: "对""#,
        r#"id: "c", kind: Blank, stem: "____和____", answer: "甲""#,
    ]);
    let report = load_bank("t.ron", text.as_bytes());
    assert_eq!(report.errors().count(), 0, "{:#?}", messages(&report));
    let warnings: Vec<String> = report.warnings().map(|w| w.message.clone()).collect();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warnings[0].contains("选项 C 与选项 A 相同"));
    assert!(warnings[1].contains("只有一个正确答案"));
    assert!(warnings[2].contains("判断题不需要 options"));
    assert!(warnings[3].contains("2 处空"));
    assert!(report.is_ok());
    assert_eq!(report.bank.unwrap().questions.len(), 3);
}

#[test]
fn missing_header_fields_are_errors() {
    let report = load_bank("t.ron", b"(questions: [])");
    let text: Vec<String> = report.errors().map(|p| p.message.clone()).collect();
    assert!(text.iter().any(|m| m.contains("format")), "{text:#?}");
    assert!(text.iter().any(|m| m.contains("缺少 id")), "{text:#?}");
    assert!(text.iter().any(|m| m.contains("缺少 title")), "{text:#?}");
}

#[test]
fn hostile_input_is_an_error_not_a_crash() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "空的"),
        ("comments only", b"// nothing\n/* here */".to_vec(), "空的"),
        (
            "binary",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0x1A],
            "不是文本文件",
        ),
        (
            "invalid utf-8",
            vec![b'(', 0xC3, 0x28, 0xA0, 0xA1, 0xFF],
            "UTF-8",
        ),
        ("deep nesting", "[".repeat(100_000).into_bytes(), "嵌套"),
        ("unclosed", b"(format: 1, questions: [".to_vec(), "没有对应"),
        (
            "unterminated string",
            b"(id: \"abc".to_vec(),
            "字符串没有结束",
        ),
        ("not a struct", b"[1, 2, 3]".to_vec(), "应以"),
        (
            "bad number",
            b"(format: 99999999999999999999)".to_vec(),
            "不是有效的数字",
        ),
    ];
    for (name, bytes, expected) in cases {
        let report = load_bank(name, &bytes);
        assert!(!report.is_ok(), "{name}");
        let first = report
            .errors()
            .next()
            .unwrap_or_else(|| panic!("{name}: no error"));
        assert!(first.message.contains(expected), "{name}: {first}");
    }
}

#[test]
fn a_gbk_bank_loads_with_a_warning_naming_the_encoding() {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(SAMPLE);
    assert!(!unmappable);
    let report = load_bank("gbk.ron", &bytes);
    assert_eq!(report.encoding, Some(Encoding::Gb18030));
    assert_eq!(report.errors().count(), 0, "{:#?}", messages(&report));
    assert!(report.warnings().next().unwrap().message.contains("GBK"));
    assert_eq!(report.bank.unwrap().questions.len(), 5);
}

#[test]
fn a_syntax_error_in_one_question_does_not_hide_the_others() {
    let text = bank_with(&[
        r#"id: "a", kind: Single, stem: "题一", options: ["甲", "乙"], answer: "A""#,
        // A full-width comma in the syntax.
        r#"id: "b"， kind: Single, stem: "题二", options: ["甲", "乙"], answer: "A""#,
        r#"id: "c", kind: Single, stem: "题三", options: ["甲", "乙"], answer: "C""#,
        // A missing comma after a string.
        "id: \"d\", kind: Open, stem: \"题四\"\n answer: \"参考\"",
        r#"id: "e", kind: TrueFalse, stem: "题五", answer: "对""#,
    ]);
    let report = load_bank("t.ron", text.as_bytes());
    let errors: Vec<&Problem> = report.errors().collect();
    assert_eq!(errors.len(), 3, "{:#?}", messages(&report));
    assert_eq!(errors[0].question_index, Some(2));
    assert_eq!(errors[0].question_id.as_deref(), Some("b"));
    assert!(errors[0].message.contains("全角逗号"), "{}", errors[0]);
    // A content check still runs on the questions that parsed.
    assert_eq!(errors[1].question_id.as_deref(), Some("c"));
    assert!(errors[1].message.contains("C"), "{}", errors[1]);
    assert_eq!(errors[2].question_index, Some(4));
    assert!(errors[2].message.contains("缺少半角逗号"), "{}", errors[2]);
    // Said at the end of the stem, where the comma belongs.
    assert_eq!(errors[2].line, Some(9));
    let bank = report
        .bank
        .expect("the header and the good questions still load");
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["a", "e"]);
}

#[test]
fn a_missing_closing_bracket_is_named_where_it_belongs() {
    let text = "(\n    format: 1,\n    id: \"t\",\n    title: \"测试\",\n    questions: [\n        (\n            id: \"a\",\n            kind: TrueFalse,\n            stem: \"题一\",\n            answer: \"对\",\n        \n        (\n            id: \"b\",\n            kind: TrueFalse,\n            stem: \"题二\",\n            answer: \"错\",\n        ),\n    ],\n)\n";
    let report = load_bank("t.ron", text.as_bytes());
    let problem = only_error(&report);
    assert!(problem.message.contains("缺少右括号“)”"), "{problem}");
    assert_eq!((problem.line, problem.column), (Some(10), Some(24)));
    assert_eq!(problem.question_id.as_deref(), Some("a"));
    let bank = report.bank.expect("the rest loads");
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(bank.questions[0].id, "b");
}

#[test]
fn a_field_is_suggested_only_when_it_is_a_likely_typo_of_the_same_kind() {
    let hint = bank_with(&[r#"id: "a", kind: Open, stem: "题", answer: "x", hint: "提示""#]);
    let problem = only_error(&load_bank("t.ron", hint.as_bytes())).clone();
    assert!(!problem.message.contains("是不是"), "{problem}");
    assert!(problem.message.contains("可用的字段"), "{problem}");
    let swapped = bank_with(&[r#"id: "a", kind: Open, stme: "题", answer: "x""#]);
    let report = load_bank("t.ron", swapped.as_bytes());
    assert!(
        messages(&report).iter().any(|m| m.contains("是不是“stem”")),
        "{:#?}",
        messages(&report)
    );
    // `tags` takes a list: a string in a field called `tag` is not a misspelt `tags`… but a list is.
    let tag = bank_with(&[r#"id: "a", kind: Open, stem: "题", answer: "x", tag: ["一"]"#]);
    let report = load_bank("t.ron", tag.as_bytes());
    assert!(
        messages(&report).iter().any(|m| m.contains("是不是“tags”")),
        "{:#?}",
        messages(&report)
    );
}

#[test]
fn problems_past_the_cap_are_counted_not_kept() {
    let broken: Vec<String> = (0..250)
        .map(|i| format!(r#"id: "q{i}", kind: Sngle, stem: "题{i}", answer: "A""#))
        .collect();
    let refs: Vec<&str> = broken.iter().map(String::as_str).collect();
    let text = bank_with(&refs);
    let report = load_bank("t.ron", text.as_bytes());
    assert_eq!(report.error_count, 250);
    assert_eq!(report.problems.len(), MAX_PROBLEMS);
    assert_eq!(report.omitted(), 150);
    // The first ones in the file, in order.
    assert_eq!(report.problems[0].question_id.as_deref(), Some("q0"));
    assert_eq!(report.problems[99].question_id.as_deref(), Some("q99"));
    assert!(!report.is_ok());
}

#[test]
fn a_huge_id_is_shortened_in_messages() {
    let id = "x".repeat(100_000);
    let text = bank_with(&[
        &format!(r#"id: "{id}", kind: Open, stem: "题一", answer: "a""#),
        &format!(r#"id: "{id}", kind: Open, stem: "题二", answer: "b""#),
    ]);
    let report = load_bank("t.ron", text.as_bytes());
    let problem = only_error(&report);
    assert!(problem.message.contains("重复"), "{}", problem.message);
    assert!(problem.to_string().chars().count() < 200, "{}", problem);
}

#[test]
fn columns_on_one_long_line_are_right() {
    let one_line: Vec<String> = (0..30)
        .map(|i| format!(r#"(id: "q{i}", kind: Sngle, stem: "题{i}", answer: "A")"#))
        .collect();
    let text = format!(
        "(format: 1, id: \"t\", title: \"测试\", questions: [{}])",
        one_line.join(", ")
    );
    let report = load_bank("t.ron", text.as_bytes());
    assert_eq!(report.error_count, 30);
    for (i, problem) in report.problems.iter().enumerate() {
        let at = text.find(&format!("\"q{i}\"")).unwrap() + format!("\"q{i}\", kind: ").len();
        let column = text[..at].chars().count() + 1;
        assert_eq!(
            (problem.line, problem.column),
            (Some(1), Some(column)),
            "{problem}"
        );
    }
}

#[test]
fn a_check_counts_the_questions_without_keeping_them() {
    let kept = load_bank("t.ron", SAMPLE.as_bytes());
    let checked = check_bank("t.ron", SAMPLE.as_bytes());
    assert_eq!(checked.usable, kept.usable);
    assert_eq!(checked.usable_total(), 5);
    assert!(checked.bank.as_ref().unwrap().questions.is_empty());
    assert_eq!(checked.problems, kept.problems);
}

#[test]
fn a_question_with_mistakes_still_takes_its_id() {
    let text = bank_with(&[
        r#"id: "a", kind: Single, stem: "甲", options: ["1", "2"], answer: "E""#,
        r#"id: "b", kind: TrueFalse, stem: "乙", answer: "对""#,
        r#"id: "a", kind: TrueFalse, stem: "丙", answer: "对""#,
    ]);
    let report = load_bank("t.ron", text.as_bytes());
    let found = messages(&report);
    assert_eq!(report.error_count, 2, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|m| m.contains("题目编号“a”重复：第 1 题已经用过")),
        "{found:#?}"
    );
    assert_eq!(report.bank.map(|b| b.questions.len()), Some(1));
}

#[test]
fn a_large_bank_read_on_two_threads_reads_as_in_order() {
    // Over the size read on two threads, with errors in both halves, a warning, and ids used in
    // the first half again in the second.
    let mut questions: Vec<String> = (0..20_000)
        .map(|i| {
            format!(
                r#"id: "q{i}", kind: Single, stem: "第{i}题：中国共产党第一次全国代表大会在哪一年召开，会议最后一天转移到哪里举行？", options: ["1919年", "1921年", "1927年"], answer: "B", explanation: "1921年7月，中共一大在上海召开，最后一天的会议转移到浙江嘉兴南湖的游船上举行。""#
            )
        })
        .collect();
    questions[10] =
        r#"id: "bad-a", kind: Single, stem: "甲", options: ["1", "2"], answer: "E""#.into();
    questions[15_000] = r#"id: "q3", kind: TrueFalse, stem: "重复", answer: "对""#.into();
    questions[18_000] =
        r#"id: "bad-b", kind: Multiple, stem: "乙", options: ["1", "2"], answer: "A""#.into();
    questions[19_000] = r#"id: "q7", kind: Open, stem: "又重复", answer: "x""#.into();
    // Broken questions take their ids too, in either half.
    questions[20] =
        r#"id: "dup-a", kind: Single, stem: "丙", options: ["1", "2"], answer: "E""#.into();
    questions[16_000] = r#"id: "dup-a", kind: TrueFalse, stem: "丁", answer: "对""#.into();
    questions[17_000] =
        r#"id: "q5", kind: Single, stem: "戊", options: ["1", "2"], answer: "E""#.into();
    let refs: Vec<&str> = questions.iter().map(String::as_str).collect();
    let text = bank_with(&refs);
    assert!(text.len() > PARALLEL_TEXT_BYTES);
    for keep in [Keep::Questions, Keep::Counts] {
        let (halves, met) = halves("t.ron", &text, Encoding::Utf8, keep).expect("read in halves");
        assert!(met, "the two readers met in the middle");
        let in_order = load_in_order("t.ron", &text, Encoding::Utf8, keep);
        assert_eq!(halves.problems, in_order.problems);
        assert_eq!(
            (halves.error_count, halves.warning_count, halves.usable),
            (
                in_order.error_count,
                in_order.warning_count,
                in_order.usable
            )
        );
        assert_eq!(halves.bank, in_order.bank);
        assert_eq!(halves.error_count, 7, "{:#?}", messages(&halves));
        let found = messages(&halves);
        for repeat in [
            "题目编号“dup-a”重复：第 21 题已经用过",
            "题目编号“q5”重复：第 6 题已经用过",
        ] {
            assert!(
                found.iter().any(|m| m.contains(repeat)),
                "{repeat}: {found:#?}"
            );
        }
    }
    // The whole path takes the two threads and gives the same.
    assert_eq!(
        load_bank("t.ron", text.as_bytes()).problems,
        load_in_order("t.ron", &text, Encoding::Utf8, Keep::Questions).problems
    );
}

#[test]
fn a_wrong_guess_of_the_middle_is_read_in_order() {
    // A text that spans lines, one of which looks like the start of a question, in the middle.
    let long = "长".repeat(2_000_000);
    let tricky =
        format!("id: \"a\", kind: Open, stem: \"{long}\\n\n(id: \\\"x\\\", 假的\", answer: \"x\"");
    let mut questions = vec![tricky];
    questions
        .extend((0..100).map(|i| format!(r#"id: "q{i}", kind: Open, stem: "题{i}", answer: "x""#)));
    let refs: Vec<&str> = questions.iter().map(String::as_str).collect();
    let text = bank_with(&refs);
    let in_order = load_in_order("t.ron", &text, Encoding::Utf8, Keep::Questions);
    assert!(in_order.is_ok(), "{:#?}", messages(&in_order));
    if let Some((report, _)) = halves("t.ron", &text, Encoding::Utf8, Keep::Questions) {
        assert_eq!(report.bank, in_order.bank);
        assert_eq!(report.problems, in_order.problems);
    }
    assert_eq!(load_bank("t.ron", text.as_bytes()).bank, in_order.bank);
}
