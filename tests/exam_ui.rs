//! The timed exam through the real UI: choosing a participant, answering, the clock reaching zero
//! and submitting by itself, the review; and resuming an exam a power cut interrupted.

use std::time::{Duration, Instant};

use dangshi_quiz::app::Screen;
use dangshi_quiz::core::bank::{Kind, kind_index};
use dangshi_quiz::core::exam::{self, PaperRules};
use dangshi_quiz::core::grade::Response;
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use dangshi_quiz::storage::load_library;
use dangshi_quiz::storage::records::Records;
use eframe::egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

use common::{T0, app, exam, harness, screen, type_into_labelled, wait_for_saves};

fn remaining(harness: &Harness<'_, QuizApp>) -> Duration {
    let now = Duration::from_secs_f64(harness.ctx.input(|i| i.time));
    exam(harness).attempt.remaining(now)
}

fn set_time(harness: &mut Harness<'_, QuizApp>, secs: f64) {
    harness.input_mut().time = Some(secs);
    harness.step();
    harness.run();
}

#[test]
fn an_exam_from_choosing_a_participant_to_the_review_ends_itself_at_zero() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("模拟考试").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::ExamSetup);

    // A new participant, typed and added with their branch.
    type_into_labelled(&mut harness, "输入姓名查找：", "张建国");
    harness.run();
    harness.get_by_label("名单中没有“张建国”，可新增：");
    type_into_labelled(&mut harness, "所在党支部：", "第一党支部");
    harness.run();
    harness.get_by_label("新增考生“张建国”").click();
    harness.run();
    harness.get_by_label("已选：张建国（第一党支部）");
    harness.get_by_label_contains("共 30 题，满分 100 分，限时 20 分钟");
    harness.get_by_label("开始考试").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Exam);
    let left = remaining(&harness);
    assert!(left > Duration::from_secs(19 * 60 + 50), "{left:?}");
    harness.get_by_label_contains("剩余 19:5");

    // Answer the first question right by key, mark the second, leave the rest.
    let right = {
        let run = exam(&harness);
        match &run.attempt.paper().questions[0].question.answer {
            dangshi_quiz::core::bank::Answer::Choice(c) => c.clone(),
            dangshi_quiz::core::bank::Answer::TrueFalse(t) => vec![usize::from(!*t)],
            other => panic!("unexpected first question {other:?}"),
        }
    };
    let first_kind = exam(&harness).attempt.paper().questions[0].question.kind;
    for &i in &right {
        let key = dangshi_quiz::ui::LETTER_KEYS[i];
        harness.key_press(key);
        harness.run();
    }
    assert!(
        exam(&harness).attempt.response(0).is_some(),
        "{first_kind:?} answered"
    );
    // Let the records thread acknowledge first, so nothing changes under the next clicks.
    wait_for_saves(&mut harness);
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(exam(&harness).attempt.position(), 1, "→ moves on");
    harness.get_by_label("标记此题，稍后检查").click();
    harness.run();
    assert!(exam(&harness).attempt.is_marked(1));
    wait_for_saves(&mut harness);

    // The last minute turns the clock to the warning colour; zero submits by itself.
    let now = harness.ctx.input(|i| i.time);
    let left = remaining(&harness).as_secs_f64();
    set_time(&mut harness, now + left - 30.5);
    assert!(remaining(&harness) < dangshi_quiz::ui::exam::WARNING_BELOW);
    harness.get_by_label_contains("剩余 00:");
    set_time(&mut harness, now + left + 5.0);
    assert_eq!(screen(&harness), Screen::ExamResult);
    harness.get_by_label("考试结束（时间到，已自动交卷）");
    let (score, _) = exam(&harness).attempt.total();
    assert!(score > 0.0, "the first answer was right");
    harness.get_by_label_contains("得分 ");
    harness.get_by_label_contains("在第一党支部中暂列第 1 名（共 1 人参加）");
    harness.get_by_label_contains("第 1 题（");
    assert_eq!(
        harness.get_all_by_label_contains("你的答案：").count(),
        30,
        "every question is reviewed"
    );
    assert_eq!(harness.get_all_by_label("你的答案：未作答").count(), 29);
    wait_for_saves(&mut harness);

    // What the records say.
    let records = Records::attach(dir.path()).unwrap();
    assert_eq!(
        records
            .count("SELECT count(*) FROM attempts WHERE end_reason = 'time_up' AND mode = 'exam'")
            .unwrap(),
        1
    );
    assert_eq!(
        records
            .count("SELECT count(*) FROM answers WHERE position = 0 AND correct = 1")
            .unwrap(),
        1
    );
    assert_eq!(
        records
            .count("SELECT count(*) FROM participants WHERE name = '张建国'")
            .unwrap(),
        1
    );
}

#[test]
fn an_interrupted_exam_is_offered_and_resumed_with_its_answers_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let entries = load_library(None);
    let banks: Vec<_> = entries.iter().filter_map(|e| e.bank()).collect();
    let rules = PaperRules {
        shuffle_questions: false,
        ..PaperRules::default()
    };
    let paper = exam::draw(&banks, &rules, 9).unwrap();
    {
        let (mut records, _) = Records::open(dir.path(), T0).unwrap();
        let zhang = records
            .add_participant("李秀英", Some("第二党支部"), None, T0)
            .unwrap();
        let attempt = NewAttempt {
            participant_id: Some(zhang),
            mode: "exam",
            title: rules.name.clone(),
            rules_json: serde_json::to_string(&rules).ok(),
            seed: Some(9),
            time_limit_secs: Some(rules.time_limit_secs),
            questions: paper.questions.iter().map(PaperEntry::from).collect(),
        };
        let id = records.start_attempt(&attempt, T0).unwrap();
        let answer = AnswerRecord {
            position: 0,
            response: Some(Response::Choice(vec![0])),
            correct: None,
            points: None,
            time_used_ms: 90_000,
        };
        records.record_answer(id, &answer, T0 + 90_000).unwrap();
        // The examinee moved on to question 8 before the power went.
        records.record_progress(id, 95_000, 7).unwrap();
        // The power goes here.
    }

    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("发现未完成的考试");
    harness.get_by_label_contains("李秀英 · 标准模拟卷 · 已答 1/30 题 · 已用时 01:35");
    harness.get_by_label("继续考试").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Exam);
    harness.get_by_label_contains("剩余 18:2");
    let run = exam(&harness);
    assert_eq!(run.attempt.response(0), Some(&Response::Choice(vec![0])));
    assert_eq!(run.attempt.paper(), &paper);
    assert_eq!(run.attempt.position(), 7, "reopened where the examinee was");
    harness.get_by_label_contains("第 8 题 · ");

    harness.get_by_label("交卷").click();
    harness.run();
    harness.get_by_label("确定交卷吗？");
    // Typeset: each number may start a line, none is cut.
    let list = dangshi_quiz::ui::typeset::flow("还有 29 题未作答：第 2、3、4");
    assert!(list.contains("、\u{200a}3"));
    harness.get_by_label_contains(&list);
    harness.get_by_label("确定交卷").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::ExamResult);
    harness.get_by_label("考试结束（已交卷）");
    wait_for_saves(&mut harness);
    let records = Records::attach(dir.path()).unwrap();
    assert_eq!(
        records
            .count("SELECT count(*) FROM attempts WHERE end_reason = 'submitted'")
            .unwrap(),
        1
    );
    assert!(records.unfinished_exams().unwrap().is_empty());
}

#[test]
fn practice_sessions_are_recorded_too() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (records, _) = Records::open(dir.path(), T0).unwrap();
        records
            .add_participant("王海涛", Some("机关党支部"), None, T0)
            .unwrap();
    }
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("练习者").click();
    harness.run();
    harness.get_by_label("王海涛（机关党支部）").click();
    harness.run();
    let true_false: usize = app(&harness)
        .shared
        .usable_banks()
        .iter()
        .map(|b| b.count_by_kind()[kind_index(Kind::TrueFalse)])
        .sum();
    harness
        .get_by_label(&format!("判断题（{true_false}）"))
        .click();
    harness.run();
    harness.get_by_label("开始练习").click();
    harness.run();
    for _ in 0..3 {
        harness.key_press(Key::T);
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    harness.get_by_label("结束练习（Esc）").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Summary);
    let correct = app(&harness)
        .practice
        .session
        .as_ref()
        .unwrap()
        .summary(Duration::ZERO)
        .correct;

    let records = Records::attach(dir.path()).unwrap();
    let started = Instant::now();
    while records
        .count("SELECT count(*) FROM attempts WHERE mode = 'practice' AND end_reason = 'finished'")
        .unwrap()
        == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the practice was never recorded"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        records
            .count("SELECT count(*) FROM answers WHERE response IS NOT NULL")
            .unwrap(),
        3
    );
    assert_eq!(
        records
            .count("SELECT count(*) FROM answers WHERE correct = 1")
            .unwrap(),
        correct as i64
    );
    assert_eq!(
        records
            .count("SELECT question_count FROM attempts WHERE mode = 'practice'")
            .unwrap(),
        true_false as i64
    );
    assert_eq!(
        records.count("SELECT count(*) FROM attempts a JOIN participants p ON p.id = a.participant_id WHERE p.name = '王海涛'").unwrap(),
        1,
        "the practice is the chosen member's"
    );
}

#[test]
fn closing_the_window_during_an_exam_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("模拟考试").click();
    harness.run();
    harness.get_by_label("开始考试").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Exam);
    let effects = harness
        .state_mut()
        .state
        .handle(dangshi_quiz::app::Action::CloseRequested, Duration::ZERO);
    assert!(effects.is_empty(), "not closed: {effects:?}");
    harness.run();
    harness.get_by_label("考试正在进行，要关闭程序吗？");
    harness.get_by_label("继续").click();
    harness.run();
    assert!(app(&harness).closing.is_none());
    assert_eq!(screen(&harness), Screen::Exam);
    harness
        .state_mut()
        .state
        .handle(dangshi_quiz::app::Action::CloseRequested, Duration::ZERO);
    harness.run();
    harness.get_by_label("关闭程序").click();
    harness.run();
    // The answers are saved as they are given; the exam is offered again at the next start.
    wait_for_saves(&mut harness);
    let records = Records::attach(dir.path()).unwrap();
    assert_eq!(records.unfinished_exams().unwrap().len(), 1);
}

#[test]
fn the_exam_moves_on_with_n_shows_its_keys_and_records_the_time_shown_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("模拟考试").click();
    harness.run();
    harness.get_by_label("开始考试").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Exam);
    let kind = exam(&harness).attempt.paper().questions[0].question.kind;
    harness.get_by_label_contains(&dangshi_quiz::ui::answer_keys::help(kind, false));
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(
        exam(&harness).attempt.position(),
        1,
        "N moves on, as in practice"
    );
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(exam(&harness).attempt.position(), 0);
    let right = match &exam(&harness).attempt.paper().questions[0].question.answer {
        dangshi_quiz::core::bank::Answer::Choice(c) => c[0],
        dangshi_quiz::core::bank::Answer::TrueFalse(t) => usize::from(!*t),
        other => panic!("unexpected first question {other:?}"),
    };
    harness.key_press(dangshi_quiz::ui::LETTER_KEYS[right]);
    harness.run();
    // 40.7 seconds after the start (a periodic save came at 35), the examinee submits.
    let now = harness.ctx.input(|i| i.time);
    let used = exam(&harness)
        .attempt
        .used(Duration::from_secs_f64(now))
        .as_secs_f64();
    let started = now - used;
    set_time(&mut harness, started + 35.2);
    set_time(&mut harness, started + 40.7);
    harness.get_by_label("交卷").click();
    harness.run();
    harness.get_by_label("确定交卷").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::ExamResult);
    let shown: Vec<String> = harness
        .query_all_by_label_contains("用时")
        .map(|n| format!("{n:?}"))
        .collect();
    assert!(harness.query_by_label("用时 00:40").is_some(), "{shown:?}");
    wait_for_saves(&mut harness);
    let records = Records::attach(dir.path()).unwrap();
    let used = records
        .count("SELECT time_used_ms FROM attempts WHERE mode = 'exam'")
        .unwrap();
    assert!((40_000..41_000).contains(&used), "recorded {used} ms");
    let table = records
        .table(dangshi_quiz::storage::export::What::Attempts)
        .unwrap();
    let column = table
        .headers
        .iter()
        .position(|h| h == "用时秒")
        .expect("a time column");
    assert_eq!(
        format!("{:?}", table.rows[0][column]),
        "Number(40.0)",
        "the export says what the screen said"
    );
}

#[test]
fn the_exam_countdown_draws_once_each_shown_second_and_not_between() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("模拟考试").click();
    harness.run();
    harness.get_by_label("开始考试").click();
    harness.run();
    for offset in [0.25, 0.5, 0.9] {
        let now = harness.ctx.input(|i| i.time);
        set_time(&mut harness, now.floor() + 1.0 + offset);
        let delay = harness
            .output()
            .viewport_output
            .get(&eframe::egui::ViewportId::ROOT)
            .map_or(Duration::MAX, |v| v.repaint_delay);
        let left = remaining(&harness).as_millis() as u64;
        let to_next = if left.is_multiple_of(1000) {
            1000
        } else {
            left % 1000
        };
        assert!(
            (delay.as_millis() as i64 - (to_next as i64 + 5)).abs() <= 1,
            "the next draw is when the shown second changes ({to_next} ms away), not sooner: {delay:?}"
        );
    }
}
