//! The study modes through the real UI: a challenge that ends on a wrong answer, the wrong-answer
//! book re-practised until its question leaves it, and the standings with their charts.

use dangshi_quiz::storage::attempts::Ended;
use std::time::{Duration, Instant};

use dangshi_quiz::app::Screen;
use dangshi_quiz::core::bank::{Answer, Kind};
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::records::Records;
use eframe::egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

use common::{T0, app, harness, screen, standings, wait_for_standings};

fn key(harness: &mut Harness<'_, QuizApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

/// Answers the question on show by keys (typing for blanks), rightly or not, and submits.
fn answer(harness: &mut Harness<'_, QuizApp>, right: bool) {
    let question = app(harness)
        .practice
        .session
        .as_ref()
        .expect("a session")
        .item()
        .question
        .clone();
    match (&question.answer, question.kind) {
        (Answer::Choice(correct), _) => {
            let choose: Vec<usize> = if right {
                correct.clone()
            } else {
                vec![
                    (0..question.options.len())
                        .find(|i| !correct.contains(i))
                        .expect("a wrong option"),
                ]
            };
            for i in choose {
                key(harness, dangshi_quiz::ui::LETTER_KEYS[i]);
            }
        }
        (Answer::TrueFalse(truth), _) => {
            key(harness, if *truth == right { Key::T } else { Key::F })
        }
        (Answer::Blanks(blanks), _) => {
            for (i, alternatives) in blanks.iter().enumerate() {
                let text = if right {
                    alternatives[0].clone()
                } else {
                    "不知道".to_string()
                };
                let label = if blanks.len() > 1 {
                    format!("第 {} 空", i + 1)
                } else {
                    "答案".to_owned()
                };
                common::type_into_labelled(harness, &label, &text);
            }
        }
        (Answer::Reference(_), kind) => panic!("{kind:?} has no automatic answer"),
    }
    assert_ne!(question.kind, Kind::Open);
    key(harness, Key::Enter);
}

/// From a session's summary, home and into 每日学习 again.
fn back_to_study(harness: &mut Harness<'_, QuizApp>) {
    harness.get_by_label("返回每日学习").click();
    harness.run();
    assert_eq!(screen(harness), Screen::Study);
}

/// Steps until the study screen's figures show what the records now hold.
fn wait_until(harness: &mut Harness<'_, QuizApp>, what: &str, done: impl Fn(&QuizApp) -> bool) {
    let started = Instant::now();
    while !done(harness.state()) {
        assert!(started.elapsed() < Duration::from_secs(20), "never: {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

fn study_with_a_member(dir: &std::path::Path) -> Harness<'static, QuizApp> {
    {
        let (records, _) = Records::open(dir, T0).unwrap();
        records
            .add_participant("刘晓梅", Some("第一党支部"), Some("A0104"), T0)
            .unwrap();
        records
            .add_participant("陈志强", Some("第二党支部"), Some("A0201"), T0)
            .unwrap();
    }
    let mut harness = harness(dir);
    harness.run();
    harness.get_by_label("每日学习").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Study);
    harness.get_by_label("学习者").click();
    harness.run();
    harness.get_by_label("刘晓梅（第一党支部）").click();
    harness.run();
    harness
}

#[test]
fn a_challenge_ends_on_the_first_wrong_answer_and_sets_the_best_streak() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = study_with_a_member(dir.path());
    harness.get_by_label_contains("最佳纪录：连续答对 0 题");
    harness.get_by_label("开始挑战").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Practice);
    // 45 seconds, less the few frames the harness steps through.
    harness.get_by_label_contains("本题剩余 4");
    answer(&mut harness, true);
    harness.get_by_label_contains("已连续答对 1 题");
    key(&mut harness, Key::ArrowRight);
    answer(&mut harness, true);
    key(&mut harness, Key::ArrowRight);
    answer(&mut harness, false);
    harness.get_by_label("回答错误");
    harness.get_by_label("挑战结束");
    harness.get_by_label("查看结果（→）").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Summary);
    harness.get_by_label("连续答对 2 题");
    back_to_study(&mut harness);
    wait_until(&mut harness, "the challenge recorded", |app| {
        app.state.study.best_streak == 2
    });
    harness.get_by_label_contains("最佳纪录：连续答对 2 题");
    harness.get_by_label_contains("错题本共 1 题");
}

#[test]
fn a_challenge_question_left_to_run_out_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = study_with_a_member(dir.path());
    harness.get_by_label("开始挑战").click();
    harness.run();
    let now = harness.ctx.input(|i| i.time);
    harness.input_mut().time = Some(now + 46.0);
    harness.step();
    harness.run();
    harness.get_by_label("超时未答，计为答错");
    assert!(
        app(&harness)
            .practice
            .session
            .as_ref()
            .unwrap()
            .is_finished()
    );
}

#[test]
fn the_wrong_answer_book_is_practised_until_its_question_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = study_with_a_member(dir.path());
    harness.get_by_label_contains("错题本共 0 题");
    // A challenge missed at once puts that question in the book.
    harness.get_by_label("开始挑战").click();
    harness.run();
    let missed = app(&harness)
        .practice
        .session
        .as_ref()
        .unwrap()
        .item()
        .question
        .id
        .clone();
    answer(&mut harness, false);
    key(&mut harness, Key::ArrowRight);
    back_to_study(&mut harness);
    wait_until(&mut harness, "the miss in the book", |app| {
        app.state.study.wrong_book.len() == 1
    });
    assert_eq!(app(&harness).study.wrong_book[0].1, missed);
    for round in 1..=2 {
        harness.get_by_label("重练错题（1 题）").click();
        harness.run();
        assert_eq!(
            app(&harness)
                .practice
                .session
                .as_ref()
                .unwrap()
                .item()
                .question
                .id,
            missed
        );
        answer(&mut harness, true);
        harness.get_by_label_contains("回答正确");
        key(&mut harness, Key::ArrowRight);
        assert_eq!(screen(&harness), Screen::Summary);
        back_to_study(&mut harness);
        let left = if round == 1 { 1 } else { 0 };
        wait_until(&mut harness, "the book after a right answer", |app| {
            app.state.study.history.len() == 1 + round && app.state.study.wrong_book.len() == left
        });
    }
    harness.get_by_label_contains("错题本共 0 题");
    // Two rights in a row are also two reviews: the question is scheduled days ahead.
    harness.get_by_label_contains("今日待复习 0 题");
}

#[test]
fn the_standings_show_leaderboards_and_charts_after_some_study() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = study_with_a_member(dir.path());
    harness
        .get_by_label_contains("开始每日答题（5 题）")
        .click();
    harness.run();
    for i in 0..5 {
        let kind = app(&harness)
            .practice
            .session
            .as_ref()
            .unwrap()
            .item()
            .question
            .kind;
        if kind == Kind::Open {
            key(&mut harness, Key::Enter);
            key(&mut harness, Key::T);
        } else {
            answer(&mut harness, i % 2 == 0);
        }
        key(&mut harness, Key::ArrowRight);
    }
    assert_eq!(screen(&harness), Screen::Summary);
    back_to_study(&mut harness);
    wait_until(&mut harness, "the daily set recorded", |app| {
        app.state.study.daily_done
    });
    harness.get_by_label_contains("今日已完成");
    harness.get_by_label("← 返回首页").click();
    harness.run();
    harness.get_by_label("排行统计").click();
    wait_for_standings(&mut harness);
    assert_eq!(screen(&harness), Screen::Standings);
    let board = &standings(&harness).people;
    assert_eq!(board.len(), 1);
    assert_eq!(
        (board[0].name.as_str(), board[0].attempts, board[0].answered),
        ("刘晓梅", 1, 5)
    );
    harness.get_by_label("个人排行榜（1 人）");
    for chart in [
        "党支部平均得分率",
        "得分分布（人次）",
        "各分类正确率",
        "个人得分变化",
    ] {
        harness.get_by_label(chart);
    }
    let branch_line = format!("第一党支部 {:.1}%（参与率 100%）", board[0].average);
    harness.get_by_label_contains(&branch_line);
    harness.get_by_label_contains("第二党支部 0.0%（参与率 0%）");
    harness.get_by_label_contains("共 1 次：第一次");
    // Only exams: nobody has taken one.
    harness.get_by_label("方式").click();
    harness.run();
    harness.get_by_label("模拟考试").click();
    wait_for_standings(&mut harness);
    harness.get_by_label("个人排行榜（0 人）");
}

#[test]
fn a_package_dropped_on_the_standings_is_merged_once() {
    // Another PC: one member and one finished exam.
    let other = tempfile::tempdir().unwrap();
    let package = other.path().join("二支部.dqpack");
    {
        let (mut records, _) = Records::open(other.path(), T0).unwrap();
        let id = records
            .add_participant("陈志强", Some("第二党支部"), Some("A0201"), T0)
            .unwrap();
        let attempt = records
            .start_attempt(
                &dangshi_quiz::storage::attempts::NewAttempt {
                    participant_id: Some(id),
                    mode: "exam",
                    title: "模拟考试".into(),
                    rules_json: None,
                    seed: None,
                    time_limit_secs: None,
                    questions: vec![dangshi_quiz::storage::attempts::PaperEntry {
                        bank_id: "b".into(),
                        question_id: "q".into(),
                        option_order: vec![],
                        points: 10,
                    }],
                },
                T0,
            )
            .unwrap();
        // An answer: an attempt with none is not one.
        records
            .record_answer(
                attempt,
                &dangshi_quiz::storage::attempts::AnswerRecord {
                    position: 0,
                    response: Some(dangshi_quiz::core::grade::Response::TrueFalse(true)),
                    correct: Some(true),
                    points: Some(8.0),
                    time_used_ms: 30_000,
                },
                T0,
            )
            .unwrap();
        records
            .finish_attempt(
                attempt,
                &Ended {
                    reason: "submitted",
                    score: 8.0,
                    max_score: 10.0,
                    awaiting_grader: 0,
                    time_used_ms: 60_000,
                },
                T0 + 60_000,
            )
            .unwrap();
        records.pack(&package).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut harness = study_with_a_member(dir.path());
    harness.get_by_label("← 返回首页").click();
    harness.run();
    harness.get_by_label("排行统计").click();
    wait_for_standings(&mut harness);
    harness.get_by_label("个人排行榜（0 人）");
    for round in 0..2 {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(common::Dropped(package.clone())));
        wait_for_standings(&mut harness);
        let added = if round == 0 {
            "新增答题记录 1 次"
        } else {
            "新增答题记录 0 次"
        };
        harness.get_by_label_contains(added);
    }
    harness.get_by_label_contains("人员匹配 1 人、新增 0 人");
    harness.get_by_label("个人排行榜（1 人）");
    assert_eq!(standings(&harness).people[0].name, "陈志强");
    assert_eq!(standings(&harness).people[0].best.round(), 80.0);
}

#[test]
fn a_question_starred_in_a_session_is_in_the_favourites() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = study_with_a_member(dir.path());
    harness.get_by_label_contains("收藏共 0 题");
    harness.get_by_label("开始挑战").click();
    harness.run();
    harness.get_by_label("☆ 收藏").click();
    harness.run();
    harness.get_by_label("★ 已收藏");
    answer(&mut harness, false);
    key(&mut harness, Key::ArrowRight);
    back_to_study(&mut harness);
    harness.get_by_label_contains("收藏共 1 题");
    harness.get_by_label("练习收藏（1 题）").click();
    harness.run();
    harness.get_by_label("★ 已收藏").click();
    harness.run();
    harness.get_by_label("☆ 收藏");
}

#[test]
fn a_session_left_before_any_answer_is_no_attempt_and_leads_straight_back_to_study() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = study_with_a_member(dir.path());
    harness
        .get_by_label_contains("开始每日答题（5 题）")
        .click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Practice);
    key(&mut harness, Key::Escape);
    assert_eq!(
        screen(&harness),
        Screen::Study,
        "nothing answered, nothing to sum up"
    );
    // Nothing reached the records: a session with no answer is no attempt.
    for _ in 0..20 {
        harness.step();
    }
    let records = Records::attach(dir.path()).unwrap();
    assert_eq!(
        records.count("SELECT count(*) FROM attempts").unwrap(),
        0,
        "no answer, no attempt: it cannot drag anyone's average down"
    );
    harness.get_by_label_contains("今日未完成");
}
