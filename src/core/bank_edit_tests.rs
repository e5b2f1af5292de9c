use super::*;
use crate::core::bank::Kind;
use crate::core::load::load_bank;

const BANK: &str = "// 我们支部的题库（注释要保留）\n(\n    format: 1,\n    id: \"t\",\n    title: \"测试\",\n    questions: [\n        // 第一题\n        (\n            id: \"a\",\n            kind: TrueFalse,\n            stem: \"题一\",\n            answer: \"对\",\n        ),\n\n        (id: \"b\", kind: Open, stem: \"题二\", answer: \"参考\"),\n        (\n            id: \"c\",\n            kind: TrueFalse,\n            stem: \"题三\",\n            answer: \"对\",   // 行尾注释\n        ),\n    ],\n)\n";

/// Two questions that cannot be read: a full-width comma, and an answer letter with no option.
const BROKEN: &str = "(\n    format: 1,\n    id: \"t\",\n    title: \"测试\",\n    questions: [\n        (\n            id: \"a\"，\n            kind: TrueFalse,\n            stem: \"题一\",\n            answer: \"对\",\n        ),\n        (\n            id: \"b\",\n            kind: Single,\n            stem: \"题二\",\n            options: [\"甲\", \"乙\"],\n            answer: \"D\",\n        ),\n        (\n            id: \"c\",\n            kind: TrueFalse,\n            stem: \"题三\",\n            answer: \"对\",\n        ),\n    ],\n)\n";

fn every_field() -> Question {
    let mut q = load_bank(
        "x.ron",
        "(format: 1, id: \"x\", title: \"x\", questions: [(id: \"b\", kind: Single, stem: \"新题二\", options: [\"甲\", \"乙\", \"丙\"], answer: \"C\", category: \"分类\", explanation: \"解析\", source: \"出处\", difficulty: 4, tags: [\"一\", \"二\"], image: \"images/b.png\", points: 5, time_limit_secs: 90)])".as_bytes(),
    )
    .bank
    .unwrap()
    .questions
    .remove(0);
    q.line = None;
    q
}

#[test]
fn an_edit_changes_only_its_question_and_keeps_every_field() {
    let mut edit = BankEdit::open("t.ron", BANK.as_bytes()).unwrap();
    assert_eq!(edit.entries.len(), 3);
    assert!(!edit.is_changed());
    assert_eq!(edit.render(), BANK, "nothing changed, nothing moves");
    let question = every_field();
    edit.set_question(1, question.clone(), Vec::new());
    assert!(edit.is_changed());
    let saved = edit.render();
    let span = edit.entries[1].span.clone().unwrap();
    assert!(saved.starts_with(&BANK[..span.start]), "{saved}");
    assert!(saved.ends_with(&BANK[span.end..]), "{saved}");
    let mut again = load_bank("t.ron", saved.as_bytes());
    assert!(again.problems.is_empty(), "{:#?}", again.problems);
    let mut reread = again.bank.take().unwrap().questions.remove(1);
    reread.line = None;
    assert_eq!(reread, question);
    assert_eq!(reread.kind, Kind::Single);
}

#[test]
fn questions_that_cannot_be_read_are_shown_and_never_dropped() {
    let mut edit = BankEdit::open("t.ron", BROKEN.as_bytes()).unwrap();
    assert_eq!(edit.entries.len(), 3);
    assert!(edit.entries[0].is_broken());
    assert!(edit.entries[0].problems[0].message.contains("全角逗号"));
    assert_eq!(edit.entries[0].label_id(), "a");
    assert!(edit.entries[1].is_broken());
    assert!(edit.entries[1].problems[0].message.contains("D"));
    let mut third = edit.entries[2].question.clone().unwrap();
    third.stem = "题三（改）".into();
    edit.set_question(2, third, Vec::new());
    let saved = edit.render();
    let first = edit.entries[0].span.clone().unwrap();
    let second = edit.entries[1].span.clone().unwrap();
    assert_eq!(
        &saved[..second.end],
        &BROKEN[..second.end],
        "both kept byte for byte"
    );
    assert!(saved[first.clone()].contains("\"a\"，"));
    let reread = BankEdit::open("t.ron", saved.as_bytes()).unwrap();
    assert_eq!(reread.entries.len(), 3);
    assert_eq!(
        reread.entries[2].question.as_ref().unwrap().stem,
        "题三（改）"
    );
}

#[test]
fn a_broken_question_mended_as_text_becomes_usable() {
    let mut edit = BankEdit::open("t.ron", BROKEN.as_bytes()).unwrap();
    let mended = edit.entries[0].text.replace('，', ",");
    edit.set_text(0, mended);
    assert!(
        !edit.entries[0].is_broken(),
        "{:#?}",
        edit.entries[0].problems
    );
    let still = edit.entries[1].text.replace("\"D\"", "\"E\"");
    edit.set_text(1, still);
    assert!(edit.entries[1].problems[0].message.contains("E"));
    let saved = edit.render();
    let report = load_bank("t.ron", saved.as_bytes());
    assert_eq!(report.bank.unwrap().questions.len(), 2, "{saved}");
    assert_eq!(report.error_count, 1, "only the still broken one: {saved}");
}

#[test]
fn deleting_takes_out_the_question_and_its_line_only() {
    let mut edit = BankEdit::open("t.ron", BANK.as_bytes()).unwrap();
    edit.entries[1].deleted = true;
    let saved = edit.render();
    assert_eq!(
        saved,
        BANK.replace(
            "        (id: \"b\", kind: Open, stem: \"题二\", answer: \"参考\"),\n",
            ""
        )
    );
    let mut broken = BankEdit::open("t.ron", BROKEN.as_bytes()).unwrap();
    broken.entries[0].deleted = true;
    let saved = broken.render();
    let report = load_bank("t.ron", saved.as_bytes());
    assert_eq!(report.error_count, 1, "{saved}");
    assert_eq!(report.bank.unwrap().questions.len(), 1);
}

#[test]
fn added_questions_go_before_the_end_of_the_list() {
    let mut edit = BankEdit::open("t.ron", BANK.as_bytes()).unwrap();
    let mut new = every_field();
    new.id = "d".into();
    edit.add(new.clone());
    new.id = "e".into();
    edit.add(new);
    let saved = edit.render();
    let end = BANK.find("    ],").unwrap();
    assert!(saved.starts_with(&BANK[..end]), "{saved}");
    let bank = load_bank("t.ron", saved.as_bytes()).bank.unwrap();
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    // A list written on one line, with no comma after its last question.
    let compact = "(format: 1, id: \"t\", title: \"t\", questions: [(id: \"a\", kind: Open, stem: \"题\", answer: \"x\")])";
    let mut edit = BankEdit::open("t.ron", compact.as_bytes()).unwrap();
    let mut new = every_field();
    new.id = "d".into();
    edit.add(new);
    let bank = load_bank("t.ron", edit.render().as_bytes()).bank.unwrap();
    assert_eq!(bank.questions.len(), 2, "{}", edit.render());
}
