use super::*;
use crate::core::load::load_bank;

fn rows(text: &str) -> Vec<Vec<String>> {
    crate::core::roster::csv_rows(text)
}

#[test]
fn the_sample_bank_survives_rows_and_back() {
    let bank = load_bank("s.ron", include_bytes!("../../tests/fixtures/示例题库.ron"))
        .bank
        .unwrap();
    let (questions, problems) = from_rows("题目", &to_rows(&bank));
    assert!(problems.is_empty(), "{problems:?}");
    let again = bank_from(&info_rows(&bank), "x", questions);
    assert_eq!(again.id, bank.id);
    assert_eq!(again.title, bank.title);
    assert_eq!(again.questions.len(), bank.questions.len());
    for (a, b) in again.questions.iter().zip(&bank.questions) {
        let mut a = a.clone();
        a.line = b.line;
        assert_eq!(&a, b);
    }
}

#[test]
fn chinese_headers_in_any_order_english_aliases_and_generated_ids() {
    let (questions, problems) = from_rows(
        "Sheet1",
        &rows(
            "题干,题型,答案,选项A,选项B,选项C\n中共一大召开于哪一年？,单选,b,1919年,1921年,1927年\n遵义会议是转折点。,判断,√,,,\n",
        ),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(questions[0].answer, Answer::Choice(vec![1]));
    assert_eq!(
        questions[0].id,
        generated_id(Kind::Single, "中共一大召开于哪一年？")
    );
    assert!(questions[0].id.starts_with("q-"));
    assert_eq!(questions[1].answer, Answer::TrueFalse(true));
    let (english, problems) = from_rows(
        "s",
        &rows("id,type,question,a,b,answer\nx1,多选,题,甲,乙,AB\n"),
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(english[0].id, "x1");
}

#[test]
fn every_problem_names_its_row_and_column() {
    let (questions, problems) = from_rows(
        "题目",
        &rows(concat!(
            "编号,题型,题干,选项A,选项B,选项C,答案,难度\n",
            "a,单选,题一,甲,乙,,E,\n",
            "b,单选题,题二,甲,,丙,A,\n",
            "c,问答,题三,,,,x,\n",
            "d,判断,,,,,对,9\n",
            "f,填空,题六____,,,,南湖,2\n",
            "f,判断,题七,,,,对,\n",
        )),
    );
    let found: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    let expect = [
        "工作表“题目”第 2 行 G 列：答案字母 E 超出了选项范围",
        "工作表“题目”第 3 行 E 列：选项B是空的，后面却还有选项",
        "工作表“题目”第 4 行 B 列：未知的题型“问答”",
        "工作表“题目”第 5 行 C 列：题干 stem 是空的",
        "工作表“题目”第 5 行 H 列：难度 difficulty 应是 1 到 5 的整数，这里是“9”",
        "工作表“题目”第 7 行 A 列：题目编号“f”重复：第 5 题已经用过",
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (got, want) in found.iter().zip(expect) {
        assert!(got.starts_with(want), "{got} should start with {want}");
    }
    assert_eq!(problems[0].line, Some(2));
    assert_eq!(problems[0].column, Some(7));
    assert_eq!(problems[0].question_index, Some(1));
    assert_eq!(
        questions.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
        ["f"]
    );
}

#[test]
fn missing_columns_and_empty_sheets_are_reported() {
    let (_, problems) = from_rows("s", &rows("题干,答案\n题,A\n"));
    assert!(problems[0].message.contains("缺少“题型”列"), "{problems:?}");
    let (_, problems) = from_rows("s", &[]);
    assert!(problems[0].message.contains("表格是空的"));
}

#[test]
fn column_names_go_past_z() {
    assert_eq!(column_name(0), "A");
    assert_eq!(column_name(25), "Z");
    assert_eq!(column_name(26), "AA");
}

#[test]
fn a_row_with_mistakes_still_takes_its_id() {
    let (questions, problems) = from_rows(
        "题目",
        &rows(concat!(
            "编号,题型,题干,选项A,选项B,答案\n",
            "a,单选,题一,甲,乙,E\n",
            "b,判断,题二,,,对\n",
            "a,判断,题三,,,对\n",
        )),
    );
    let found: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    assert_eq!(questions.len(), 1, "{found:#?}");
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("工作表“题目”第 4 行 A 列：题目编号“a”重复：第 1 题已经用过")),
        "{found:#?}"
    );
}
