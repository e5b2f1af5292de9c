//! Editing a bank through the real UI: a built-in bank is copied first; a question is changed with
//! the form checked as it is typed, and the bank is saved with the previous file kept as `.bak`.

mod common;

use common::{app, harness, screen, type_into_focused, wait_for_bank};
use dangshi_quiz::app::Screen;
use dangshi_quiz::core::load::load_bank;
use eframe::egui;
use egui_kittest::kittest::Queryable as _;

#[test]
fn a_copied_bank_is_edited_checked_as_typed_and_saved_with_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    // The first bank is the built-in sample: it is copied into the data folder to be edited.
    harness
        .get_all_by_label("复制后编辑")
        .next()
        .expect("an edit button")
        .click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Editor);
    harness.get_by_label_contains("内置题库不能修改，已复制为“党史知识竞赛示例题库（副本）”");
    let path = app(&harness).editor.editor.as_ref().unwrap().path.clone();
    assert!(path.starts_with(dir.path().join("banks")));

    // Search narrows the list; choose the true/false question.
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .next()
        .unwrap()
        .click();
    harness.run();
    type_into_focused(&mut harness, "遵义");
    harness.get_by_label("显示 1 / 5 题");
    harness.get_by_label_contains("s-003 · 判断题").click();
    harness.run();

    // Clear the answer: the form says what is wrong, in the words of `check`, and cannot be applied.
    let answer_field = |h: &egui_kittest::Harness<'_, dangshi_quiz::shell::QuizApp>| {
        h.get_all_by_role(egui::accesskit::Role::TextInput)
            .find(|n| n.value().as_deref() == Some("对"))
            .is_some()
    };
    assert!(answer_field(&harness));
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.value().as_deref() == Some("对"))
        .unwrap()
        .click();
    harness.run();
    harness.key_press(egui::Key::Backspace);
    harness.key_press(egui::Key::Delete);
    harness.run();
    harness.get_by_label_contains("判断题的答案“”无法识别");
    type_into_focused(&mut harness, "错");
    harness.run();
    assert!(
        app(&harness)
            .editor
            .editor
            .as_ref()
            .unwrap()
            .problems
            .is_empty()
    );
    harness.get_by_label("应用修改").click();
    harness.run();
    harness.get_by_label("有未保存的修改");
    harness.get_by_label("保存题库").click();
    harness.run();
    harness.get_by_label_contains("已保存 5 题到");

    let saved = load_bank("x.ron", &std::fs::read(&path).unwrap());
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    let q = saved
        .bank
        .unwrap()
        .questions
        .into_iter()
        .find(|q| q.id == "s-003")
        .unwrap();
    assert_eq!(q.answer, dangshi_quiz::core::bank::Answer::TrueFalse(false));
    let backup = path.with_extension("ron.bak");
    let old = load_bank("x.ron", &std::fs::read(&backup).unwrap())
        .bank
        .unwrap();
    assert_eq!(
        old.questions
            .iter()
            .find(|q| q.id == "s-003")
            .unwrap()
            .answer,
        dangshi_quiz::core::bank::Answer::TrueFalse(true)
    );

    // The edited bank is loaded again and listed.
    wait_for_bank(&mut harness, "党史知识竞赛示例题库（副本）");
}

#[test]
fn editing_a_built_in_bank_again_opens_the_earlier_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness
        .get_all_by_label("复制后编辑")
        .next()
        .unwrap()
        .click();
    harness.run();
    // Delete a question and save: the copy now has 4 questions.
    harness.get_by_label_contains("s-001 · 单选题").click();
    harness.run();
    harness.get_by_label("删除此题").click();
    harness.run();
    assert_eq!(
        app(&harness)
            .editor
            .editor
            .as_ref()
            .unwrap()
            .bank
            .questions
            .len(),
        4
    );
    harness.get_by_label("保存题库").click();
    harness.run();
    harness.get_by_label_contains("已保存 4 题到");
    harness.get_by_label("← 返回首页").click();
    harness.run();
    // Editing the built-in bank again opens that copy instead of copying over it.
    harness
        .get_all_by_label("复制后编辑")
        .next()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label_contains("打开之前复制的“党史知识竞赛示例题库（副本）”");
    assert_eq!(
        app(&harness)
            .editor
            .editor
            .as_ref()
            .unwrap()
            .bank
            .questions
            .len(),
        4
    );
}
