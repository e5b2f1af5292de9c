//! Practice driven through the real UI with egui_kittest: from the home screen to the summary,
//! by clicking labels and pressing keys, with the bundled font as the only CJK font.

mod common;
use common::{app, screen};

use dangshi_quiz::app::Screen;
use dangshi_quiz::core::grade::Verdict;
use dangshi_quiz::core::library::{BankEntry, Origin};
use dangshi_quiz::core::load::load_bank;
use dangshi_quiz::shell::QuizApp;
use eframe::egui::{self, Key};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const SAMPLE: &[u8] = include_bytes!("fixtures/示例题库.ron");

fn harness(entries: Vec<BankEntry>) -> Harness<'static, QuizApp> {
    Harness::builder()
        // Background threads (bank loading, the records writer) may ask for a few more frames.
        .with_max_steps(64)
        .with_size([1024.0, 768.0])
        .with_context_setup(dangshi_quiz::ui::fonts::install)
        .build_eframe(move |cc| QuizApp::with_library(&cc.egui_ctx, entries))
}

fn sample_entry() -> BankEntry {
    BankEntry {
        origin: Origin::Bundled,
        report: load_bank("示例题库.ron", SAMPLE),
    }
}

fn last_verdict(harness: &Harness<'_, QuizApp>) -> Option<Verdict> {
    app(harness).practice.session.as_ref()?.outcome()?.verdict
}

#[test]
fn practice_from_home_to_summary_with_mouse_and_keys() {
    let mut harness = harness(vec![sample_entry()]);
    harness.run();
    harness.get_by_label("党史知识竞赛示例题库");
    harness.get_by_label("开始练习").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Practice);

    // 1. Single choice by key: B, Enter.
    harness.get_by_label("中国共产党第一次全国代表大会于哪一年召开？");
    harness.key_press(Key::B);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(last_verdict(&harness), Some(Verdict::Correct));
    harness.get_by_label("✓ 回答正确");
    harness.get_by_label_contains("正确答案：\u{200a}B. 1921年");
    harness.get_by_label_contains("解析：\u{200a}1921年7月23日");
    harness.key_press(Key::ArrowRight);
    harness.run();

    // 2. Multiple choice by mouse, one option short: wrong, and the right answer is shown.
    harness.get_by_label("A. 南昌起义").click();
    harness.run();
    harness.get_by_label("B. 秋收起义").click();
    harness.run();
    harness.get_by_label("提交（Enter）").click();
    harness.run();
    assert_eq!(last_verdict(&harness), Some(Verdict::Wrong));
    harness.get_by_label("回答错误");
    harness.get_by_label_contains("A. 南昌起义；\u{200a}B. 秋收起义；\u{200a}C. 广州起义");
    harness.get_by_label("下一题（→）").click();
    harness.run();

    // 3. True/false by key.
    harness.key_press(Key::T);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(last_verdict(&harness), Some(Verdict::Correct));
    harness.key_press(Key::N);
    harness.run();

    // 4. A blank, typed with a space and full-width punctuation: still right.
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("南 湖。");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(last_verdict(&harness), Some(Verdict::Correct));
    harness.key_press(Key::Enter);
    harness.run();

    // 5. Open: the reference is shown, then the learner judges.
    harness.get_by_label("提交（Enter）").click();
    harness.run();
    harness.get_by_label_contains("参考答案：学史明理、学史增信、学史崇德、学史力行。");
    harness.key_press(Key::T);
    harness.run();
    assert_eq!(last_verdict(&harness), Some(Verdict::Correct));
    harness.get_by_label("完成（→）").click();
    harness.run();

    assert_eq!(screen(&harness), Screen::Summary);
    harness.get_by_label("答对 4 / 5 题");
    harness.get_by_label_contains("正确率 80%");
    harness.get_by_label("答错的题目（1 道）");
    harness.get_by_label(&dangshi_quiz::ui::typeset::flow(
        "下列属于1927年党领导的武装起义的有（ ）。",
    ));

    harness.get_by_label("返回首页").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Home);
}

#[test]
fn filters_on_the_home_screen_choose_the_questions() {
    let mut harness = harness(vec![sample_entry()]);
    harness.run();
    harness.get_by_label("判断题（1）").click();
    harness.run();
    harness.get_by_label("符合条件的题目：1 题");
    harness.get_by_label("填空题（1）").click();
    harness.run();
    harness.get_by_label("符合条件的题目：2 题");
    harness.get_by_label("党的创建（2）").click();
    harness.run();
    harness.get_by_label("符合条件的题目：1 题");
    harness.get_by_label("开始练习").click();
    harness.run();
    let session = app(&harness)
        .practice
        .session
        .as_ref()
        .expect("a session started");
    assert_eq!(session.len(), 1);
    assert_eq!(session.item().question.id, "s-004");
}

#[test]
fn a_broken_bank_is_listed_with_its_errors_and_the_rest_still_load() {
    let broken = BankEntry {
        origin: Origin::Bundled,
        report: load_bank("坏题库.ron", "(\n  format: 1，\n)".as_bytes()),
    };
    let mut harness = harness(vec![broken, sample_entry()]);
    harness.run();
    harness.get_by_label("坏题库.ron");
    harness.get_by_label_contains("2:12: 错误：这里用了全角逗号");
    harness.get_by_label("党史知识竞赛示例题库");
    harness.get_by_label("开始练习").click();
    harness.run();
    assert_eq!(
        app(&harness).practice.session.as_ref().map(|s| s.len()),
        Some(5)
    );
}

#[test]
fn every_problem_of_a_bank_can_be_read_on_the_home_screen() {
    let mut text =
        String::from("(format: 1, id: \"many\", title: \"错误很多的题库\", questions: [\n");
    for i in 1..=15 {
        text.push_str(&format!(
            "(id: \"q{i}\", kind: TrueFalse, stem: \"第{i}题\", answer: \"不确定\"),\n"
        ));
    }
    text.push_str("])");
    let broken = BankEntry {
        origin: Origin::Bundled,
        report: load_bank("many.ron", text.as_bytes()),
    };
    assert_eq!(broken.report.errors().count(), 15);
    let mut harness = harness(vec![broken]);
    // Tall enough that the unfolded list is on screen (the test tree leaves out what is not).
    harness.set_size(eframe::egui::vec2(1024.0, 1600.0));
    harness.run();
    harness.get_by_label_contains("第12题(q12)");
    assert!(
        harness.query_by_label_contains("第15题(q15)").is_none(),
        "folded away at first"
    );
    harness.get_by_label("其余 3 个问题").click();
    harness.run();
    harness.get_by_label_contains("第15题(q15): 错误：判断题的答案“不确定”无法识别");
}

#[test]
fn the_summary_and_the_records_count_what_was_answered_not_the_whole_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::harness(dir.path());
    harness.run();
    harness.get_by_label("开始练习").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Practice);
    let total = app(&harness).practice.session.as_ref().unwrap().len();
    assert!(total > 800, "every bundled question: {total}");
    let mut categories = std::collections::BTreeSet::new();
    for _ in 0..5 {
        let session = app(&harness).practice.session.as_ref().unwrap();
        let question = &session.item().question;
        categories.insert(question.category.clone());
        let kind = question.kind;
        match kind {
            dangshi_quiz::core::bank::Kind::Open => {}
            dangshi_quiz::core::bank::Kind::Blank => {
                harness
                    .query_all_by_role(egui::accesskit::Role::TextInput)
                    .chain(harness.query_all_by_role(egui::accesskit::Role::MultilineTextInput))
                    .next()
                    .expect("a field")
                    .type_text("不知道");
                harness.run();
            }
            dangshi_quiz::core::bank::Kind::TrueFalse => harness.key_press(Key::T),
            _ => harness.key_press(Key::A),
        }
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
        if kind == dangshi_quiz::core::bank::Kind::Open {
            harness.key_press(Key::F);
            harness.run();
        }
        harness.key_press(Key::N);
        harness.run();
    }
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(screen(&harness), Screen::Summary);
    let summary = app(&harness)
        .practice
        .session
        .as_ref()
        .unwrap()
        .summary(std::time::Duration::from_secs(3600));
    assert_eq!(summary.answered, 5);
    harness.get_by_label(&format!("答对 {} / 5 题", summary.correct));
    harness.get_by_label_contains(&format!("本次共抽 {total} 题，答了 5 题"));
    assert_eq!(
        summary.by_category.len(),
        categories.len(),
        "only the categories answered in: {categories:?}"
    );
    for category in &categories {
        harness.get_by_label(category);
    }
    // The stored attempt says the same: right of 5.
    let started = std::time::Instant::now();
    loop {
        harness.step();
        let records = dangshi_quiz::storage::records::Records::attach(dir.path()).unwrap();
        let done = records
            .count("SELECT count(*) FROM attempts WHERE mode = 'practice' AND ended_ms IS NOT NULL AND max_score = 5")
            .unwrap();
        if done == 1 {
            let right = records
                .count(&format!(
                    "SELECT count(*) FROM attempts WHERE score = {}",
                    summary.correct
                ))
                .unwrap();
            assert_eq!(right, 1);
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "never stored"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
