//! Editing a bank through the real UI: a built-in bank is copied first; a question is changed with
//! the form checked as it is typed, and the bank is saved with the previous file kept as `.bak`.

mod common;

use common::{T0, app, harness, screen, type_into_focused, type_into_labelled, wait_for_bank};
use dangshi_quiz::app::Screen;
use dangshi_quiz::app::editor_flow::EditorState;
use dangshi_quiz::core::load::load_bank;
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::load_library;
use eframe::egui;
use egui_kittest::Harness;
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
    assert_eq!(question_count(&harness), 4);
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
    assert_eq!(question_count(&harness), 4);
}

/// The questions in the editor, deleted ones left out.
fn question_count(harness: &Harness<'_, QuizApp>) -> usize {
    editor(harness)
        .edit
        .entries
        .iter()
        .filter(|e| !e.deleted)
        .count()
}

fn editor<'a>(harness: &'a Harness<'_, QuizApp>) -> &'a EditorState {
    app(harness).editor.editor.as_ref().expect("the editor")
}

/// A user bank with a comment, a question that cannot be read (a full-width comma), a question
/// with every optional field, and a question with a wrong answer letter.
const USER_BANK: &str = "// 第一党支部自编题库：注释和排版要保留\n(\n    format: 1,\n    id: \"branch-1\",\n    title: \"支部自编题库\",\n    questions: [\n        (\n            id: \"z-1\"，\n            kind: TrueFalse,\n            stem: \"坏题一\",\n            answer: \"对\",\n        ),\n        // 下面这道题所有字段都有\n        (\n            id: \"z-2\",\n            category: \"党的创建\",\n            kind: Single,\n            stem: \"中共一大在哪一年召开？\",\n            options: [\"1919年\", \"1921年\", \"1927年\"],\n            answer: \"B\",\n            explanation: \"1921年7月召开。\",\n            source: \"《中国共产党简史》\",\n            difficulty: 2,\n            tags: [\"一大\", \"建党\"],\n            image: \"images/nanhu.png\",\n            points: 5,\n            time_limit_secs: 60,\n        ),\n        (id: \"z-3\", kind: Single, stem: \"坏题三\", options: [\"甲\", \"乙\"], answer: \"E\"),\n    ],\n)\n";

/// The app with `USER_BANK` in its data folder, on the editor of that bank.
fn editing_user_bank(dir: &std::path::Path) -> (Harness<'static, QuizApp>, std::path::PathBuf) {
    let banks = dir.join("banks");
    std::fs::create_dir_all(&banks).unwrap();
    let path = banks.join("branch-1.ron");
    std::fs::write(&path, USER_BANK).unwrap();
    let dir = dir.to_path_buf();
    let mut harness = Harness::builder()
        .with_max_steps(64)
        // Tall enough that the user bank, listed after the built-in ones, is on screen.
        .with_size([1366.0, 3000.0])
        .with_context_setup(dangshi_quiz::ui::fonts::install)
        .build_eframe(move |cc| {
            QuizApp::with_library_and_records(&cc.egui_ctx, load_library(Some(&dir)), &dir, T0)
        });
    harness.run();
    harness.get_by_label("编辑").click();
    harness.run();
    assert_eq!(
        screen(&harness),
        Screen::Editor,
        "{:?} {:?}",
        app(&harness).message,
        app(&harness).editor.editor.as_ref().map(|e| e.path.clone())
    );
    (harness, path)
}

#[test]
fn saving_keeps_broken_questions_comments_and_every_untouched_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = editing_user_bank(dir.path());
    // Both broken questions are listed, marked, not dropped.
    harness.get_by_label("只看有错误的题（2 题）");
    harness.get_by_label("【有错误】z-1").click();
    harness.run();
    harness.get_by_label_contains("全角逗号");
    // Change the stem of the question with every field, and save without pressing 应用修改:
    // saving applies the form.
    harness.get_by_label_contains("z-2 · 单选题").click();
    harness.run();
    type_into_labelled(&mut harness, "题干", "（修订）");
    harness.get_by_label("保存题库").click();
    harness.run();
    harness.get_by_label_contains("已保存 3 题，其中 2 题仍有错误，已原样保留");

    let saved = std::fs::read_to_string(&path).unwrap();
    let start = USER_BANK
        .find("        (\n            id: \"z-2\"")
        .unwrap();
    let end = USER_BANK.find("        (id: \"z-3\"").unwrap();
    assert_eq!(
        &saved[..start],
        &USER_BANK[..start],
        "the comment and the broken question before"
    );
    assert!(
        saved.ends_with(&USER_BANK[end..]),
        "the broken question after: {saved}"
    );
    let report = load_bank("x.ron", saved.as_bytes());
    let mut edited = report.bank.unwrap().questions.remove(0);
    let mut original = load_bank("x.ron", USER_BANK.as_bytes())
        .bank
        .unwrap()
        .questions
        .remove(0);
    assert_eq!(edited.stem, "中共一大在哪一年召开？（修订）");
    edited.stem = original.stem.clone();
    edited.line = None;
    original.line = None;
    assert_eq!(edited, original, "every other field as it was");
    assert_eq!(report.error_count, 2, "the broken ones are still there");
    assert_eq!(
        std::fs::read_to_string(path.with_extension("ron.bak")).unwrap(),
        USER_BANK
    );
}

#[test]
fn a_broken_question_is_mended_in_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = editing_user_bank(dir.path());
    harness.get_by_label("【有错误】z-1").click();
    harness.run();
    let text = editor(&harness).text.replace('，', ",");
    harness.get_by_label("原文").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    type_into_focused(&mut harness, &text);
    harness.get_by_label("应用修改").click();
    harness.run();
    assert!(!editor(&harness).edit.entries[0].is_broken());
    harness.get_by_label("保存题库").click();
    harness.run();
    let report = load_bank("x.ron", &std::fs::read(&path).unwrap());
    assert_eq!(report.bank.unwrap().questions.len(), 2);
    assert_eq!(report.error_count, 1);
}

#[test]
fn leaving_with_unsaved_work_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, path) = editing_user_bank(dir.path());
    harness.get_by_label_contains("z-2 · 单选题").click();
    harness.run();
    type_into_labelled(&mut harness, "出处", "（第二版）");
    // Another question: the form's change would be lost, so it asks.
    harness.get_by_label("【有错误】z-1").click();
    harness.run();
    harness.get_by_label("这道题的修改还没有应用");
    harness.get_by_label("取消").click();
    harness.run();
    assert!(editor(&harness).form_changed(), "the typing is still there");
    // Home: asks; 取消 stays, 不保存 leaves and the file is as it was.
    harness.get_by_label("← 返回首页").click();
    harness.run();
    harness.get_by_label("题库有未保存的修改");
    harness.get_by_label("取消").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Editor);
    harness.get_by_label("← 返回首页").click();
    harness.run();
    harness.get_by_label("不保存").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Home);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), USER_BANK);
    // Closing the window with unsaved work asks the same; 保存 saves, then closes.
    harness.get_by_label("编辑").click();
    harness.run();
    harness.get_by_label_contains("z-2 · 单选题").click();
    harness.run();
    harness.get_by_label("删除此题").click();
    harness.run();
    harness.get_by_label_contains("已删除“z-2”");
    harness.get_by_label("撤销删除").click();
    harness.run();
    assert_eq!(question_count(&harness), 3);
    harness.get_by_label("删除此题").click();
    harness.run();
    harness
        .input_mut()
        .events
        .push(egui::Event::WindowFocused(true));
    let effects = harness.state_mut().state.handle(
        dangshi_quiz::app::Action::CloseRequested,
        std::time::Duration::ZERO,
    );
    assert!(effects.is_empty(), "not closed yet: {effects:?}");
    harness.run();
    harness.get_by_label("题库有未保存的修改");
    harness.get_by_label("保存").click();
    harness.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains("z-2"), "{saved}");
    assert!(saved.contains("坏题一") && saved.contains("坏题三"));
}
