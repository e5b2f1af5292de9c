//! A whole small competition through the real UI: three teams, one round of each kind, driven by
//! the host's keys and the teams' buzzer keys; then the results in the records.

use dangshi_quiz::app::Screen;
use dangshi_quiz::core::competition::Phase;
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::export::What;
use dangshi_quiz::storage::records::Records;
use eframe::egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

use common::{T0, app, harness, screen};

const PLAN: &str = r#"(
    title: "小型党史竞赛",
    teams: [(name: "第一党支部", key: "1"), (name: "第二党支部", key: "2"), (name: "机关党支部", key: "3")],
    rounds: [
        (kind: Required, questions: 1),
        (kind: Buzz, questions: 2),
        (kind: Risk, questions: 1),
        (kind: TieBreak, questions: 3),
    ],
)"#;

fn game<'a>(harness: &'a Harness<'_, QuizApp>) -> &'a dangshi_quiz::core::competition::Game {
    &app(harness)
        .competition
        .run
        .as_ref()
        .expect("a competition")
        .game
}

fn key(harness: &mut Harness<'_, QuizApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn set_time(harness: &mut Harness<'_, QuizApp>, secs: f64) {
    harness.input_mut().time = Some(secs);
    harness.step();
    harness.run();
}

#[test]
fn a_small_competition_by_keys_from_setup_to_podium_and_records() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("competitions")).unwrap();
    std::fs::write(dir.path().join("competitions/小型竞赛.ron"), PLAN).unwrap();
    {
        let (records, _) = Records::open(dir.path(), T0).unwrap();
        records
            .add_participant("张建国", Some("第一党支部"), Some("A0101"), T0)
            .unwrap();
        records
            .add_participant("李秀英", Some("第一党支部"), Some("A0102"), T0)
            .unwrap();
    }
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("现场竞赛").click();
    harness.run();
    harness.get_by_label("小型竞赛.ron").click();
    harness.run();
    harness.get_by_label_contains("2 人：张建国、李秀英");
    harness.get_by_label_contains("方案可以开始");
    harness.get_by_label("开始竞赛").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Host);

    // 必答: each team in turn; the first right, the second wrong, the third right.
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).phase, Phase::RoundIntro);
    for (turn, right) in [true, false, true].into_iter().enumerate() {
        key(&mut harness, Key::Space);
        assert!(matches!(game(&harness).phase, Phase::Answering { .. }));
        if turn == 0 {
            // The host notes who answered for the first branch, for the records.
            harness.get_by_label("答题人：").click();
            harness.run();
            harness.get_by_label("李秀英").click();
            harness.run();
        }
        key(&mut harness, if right { Key::J } else { Key::K });
        key(&mut harness, Key::R);
        assert_eq!(game(&harness).phase, Phase::Revealed);
    }
    assert_eq!(game(&harness).scores, vec![110, 100, 110]);

    // 抢答: team 2 presses early (-10), then after opening team 3 wins the press, team 1 is late.
    key(&mut harness, Key::Space);
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).phase, Phase::Reading);
    key(&mut harness, Key::Num2);
    assert_eq!(game(&harness).scores[1], 90, "early press costs 10");
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).phase, Phase::BuzzOpen);
    harness.key_press(Key::Num3);
    harness.key_press(Key::Num1);
    harness.run();
    assert_eq!(game(&harness).phase, Phase::Answering { team: 2 });
    assert!(
        harness.query_all_by_label_contains("第一党支部 慢").count() >= 1,
        "the late press is shown with its delay"
    );
    key(&mut harness, Key::J);
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).phase, Phase::Revealed);
    // The second question: nobody buzzes, and after 15 seconds it is void by itself.
    key(&mut harness, Key::Space);
    key(&mut harness, Key::Space);
    let now = harness.ctx.input(|i| i.time);
    set_time(&mut harness, now + 16.0);
    assert_eq!(game(&harness).phase, Phase::Voided);
    // Undoing the void brings the buzz window back, held at zero rather than voiding again.
    key(&mut harness, Key::Z);
    assert_eq!(game(&harness).phase, Phase::BuzzOpen);
    assert!(
        game(&harness)
            .timer
            .as_ref()
            .is_some_and(|t| !t.is_running())
    );
    key(&mut harness, Key::V);
    assert_eq!(game(&harness).phase, Phase::Voided);
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).scores, vec![110, 90, 120]);

    // 风险: the lowest score (team 2, 90) picks first, with F-keys.
    key(&mut harness, Key::Space);
    for (stake, right) in [(Key::F3, true), (Key::F1, false), (Key::F2, false)] {
        key(&mut harness, stake);
        assert!(matches!(game(&harness).phase, Phase::Staked { .. }));
        key(&mut harness, Key::Space);
        key(&mut harness, if right { Key::J } else { Key::K });
        key(&mut harness, Key::R);
    }
    // Team 2 +30 = 120; team 1 -10 = 100; team 3 -20 = 100.
    assert_eq!(game(&harness).scores, vec![100, 120, 100]);

    // A judging slip, undone with Z, and a manual adjustment with a reason: now tied at 120.
    for _ in 0..2 {
        harness.get_by_label("+10").click();
        harness.run();
    }
    common::type_into_labelled(&mut harness, "原因", "裁判组复核");
    harness.get_by_label("调整分数").click();
    harness.run();
    assert_eq!(game(&harness).scores, vec![120, 120, 100]);
    assert_eq!(
        harness
            .query_all_by_label_contains("手动调整 第一党支部 +20 分：裁判组复核")
            .count(),
        1,
        "the adjustment is in the audit log"
    );

    // 加时: only the tied leaders may buzz; team 3's press is ignored.
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).contenders, vec![0, 1]);
    key(&mut harness, Key::Space);
    key(&mut harness, Key::Space);
    key(&mut harness, Key::Num3);
    assert_eq!(game(&harness).phase, Phase::BuzzOpen);
    key(&mut harness, Key::Num1);
    key(&mut harness, Key::K);
    assert_eq!(game(&harness).scores[0], 110);
    key(&mut harness, Key::Z);
    assert_eq!(
        game(&harness).scores[0],
        120,
        "undo takes the wrong verdict back"
    );
    assert_eq!(game(&harness).phase, Phase::Answering { team: 0 });
    key(&mut harness, Key::J);
    key(&mut harness, Key::Space);
    assert!(game(&harness).round_complete());
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).phase, Phase::Finished);
    assert_eq!(game(&harness).scores, vec![130, 120, 100]);
    assert_eq!(
        harness.query_all_by_label("最终排名").count(),
        2,
        "the console and the display preview show the final table"
    );

    // The results are in the records, per team, with places.
    let (records, _) = Records::open(dir.path(), T0 + 10_000_000).unwrap();
    let table = records.table(What::Competitions).unwrap();
    let rows: Vec<String> = table.rows.iter().map(|r| format!("{:?}", r)).collect();
    assert_eq!(table.rows.len(), 4, "three teams and one member: {rows:?}");
    assert!(
        rows[3].contains("李秀英") && rows[3].contains("个人") && rows[3].contains("Number(10.0)"),
        "{rows:?}"
    );
    assert!(
        rows[0].contains("第一党支部") && rows[0].contains("Number(130.0)"),
        "{rows:?}"
    );
    assert!(
        rows[2].contains("机关党支部") && rows[2].contains("Number(3.0)"),
        "{rows:?}"
    );
}

/// How long until the app asks to be drawn again (`Duration::MAX`: not until something happens).
fn repaint_delay(harness: &Harness<'_, QuizApp>) -> std::time::Duration {
    harness
        .output()
        .viewport_output
        .get(&eframe::egui::ViewportId::ROOT)
        .map_or(std::time::Duration::MAX, |v| v.repaint_delay)
}

#[test]
fn the_console_sleeps_when_nothing_moves_and_wakes_once_a_second_for_the_countdown() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("现场竞赛").click();
    harness.run();
    harness.get_by_label("开始竞赛").click();
    harness.run();
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).phase, Phase::RoundIntro);
    assert_eq!(
        repaint_delay(&harness),
        std::time::Duration::MAX,
        "idle: no repaint asked for"
    );
    key(&mut harness, Key::Space);
    assert!(matches!(game(&harness).phase, Phase::Answering { .. }));
    // The next repaint is due when the shown seconds change: exactly when the time left reaches
    // the next whole second (plus 5 ms), never at once.
    let now_ms = T0 + (harness.ctx.input(|i| i.time) * 1000.0) as i64;
    let left = game(&harness).timer.as_ref().unwrap().remaining_ms(now_ms);
    let to_next_second = if left % 1000 == 0 { 1000 } else { left % 1000 };
    let delay = repaint_delay(&harness);
    assert!(
        delay > std::time::Duration::ZERO && delay <= std::time::Duration::from_millis(1005),
        "not continuous: {delay:?}"
    );
    assert!(
        (delay.as_millis() as i64 - (to_next_second + 5)).abs() <= 1,
        "at the next second ({to_next_second} ms away): {delay:?}"
    );
    key(&mut harness, Key::P);
    assert_eq!(
        repaint_delay(&harness),
        std::time::Duration::MAX,
        "paused: nothing moves"
    );
    key(&mut harness, Key::P);
    key(&mut harness, Key::J);
    assert_eq!(
        repaint_delay(&harness),
        std::time::Duration::MAX,
        "judged: nothing moves"
    );
}

#[test]
fn a_competition_under_way_is_where_its_button_leads_until_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("competitions")).unwrap();
    std::fs::write(dir.path().join("competitions/小型竞赛.ron"), PLAN).unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("现场竞赛").click();
    harness.run();
    harness.get_by_label("小型竞赛.ron").click();
    harness.run();
    harness.get_by_label("开始竞赛").click();
    harness.run();
    key(&mut harness, Key::Space);
    let id = app(&harness).competition.run.as_ref().unwrap().id;
    // Back home: the competition is not stranded.
    harness.get_by_label("← 返回首页").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Home);
    harness.get_by_label("现场竞赛（进行中）").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Host, "back to its console");
    assert_eq!(app(&harness).competition.run.as_ref().unwrap().id, id);
    assert_eq!(game(&harness).phase, Phase::RoundIntro, "where it was");
}

/// A key pressed on a keyboard: the key, then the text it types.
fn typed_key(harness: &mut Harness<'_, QuizApp>, key: Key, text: &str) {
    harness.key_press(key);
    harness
        .input_mut()
        .events
        .push(eframe::egui::Event::Text(text.into()));
    harness.run();
}

#[test]
fn with_the_cursor_in_a_field_buzzers_still_buzz_and_host_keys_type_until_esc() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("competitions")).unwrap();
    let plan = PLAN.replace("(kind: Required, questions: 1),", "");
    std::fs::write(dir.path().join("competitions/抢答.ron"), plan).unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("现场竞赛").click();
    harness.run();
    harness.get_by_label("抢答.ron").click();
    harness.run();
    harness.get_by_label("开始竞赛").click();
    harness.run();
    key(&mut harness, Key::Space);
    // A buzzer tried before the question: not counted, but in the log with why.
    typed_key(&mut harness, Key::Num1, "1");
    assert_eq!(
        harness
            .query_all_by_label_contains("第一党支部 按键未计入：现在不是抢答时间")
            .count(),
        1
    );
    key(&mut harness, Key::Space);
    key(&mut harness, Key::Space);
    assert_eq!(game(&harness).phase, Phase::BuzzOpen);

    common::type_into_labelled(&mut harness, "原因", "更正");
    harness.get_by_label_contains("正在输入文字：主持人快捷键暂停使用");
    typed_key(&mut harness, Key::Space, " ");
    assert_eq!(
        game(&harness).phase,
        Phase::BuzzOpen,
        "Space typed, not acted"
    );
    typed_key(&mut harness, Key::Num2, "2");
    assert_eq!(
        game(&harness).phase,
        Phase::Answering { team: 1 },
        "the buzz reached the competition"
    );
    let run = app(&harness).competition.run.as_ref().unwrap();
    assert_eq!(run.adjust.reason, "更正 ", "the buzzer key typed nothing");

    key(&mut harness, Key::Escape);
    assert!(
        harness
            .query_all_by_label_contains("正在输入文字")
            .next()
            .is_none(),
        "Esc left the field"
    );
    key(&mut harness, Key::K);
    assert_eq!(game(&harness).scores[1], 90, "host keys act again");
    assert!(game(&harness).others_may_buzz());
    harness.get_by_label_contains("回答错误 -10，其他队可以抢答！");
    typed_key(&mut harness, Key::Num2, "2");
    assert_eq!(
        harness
            .query_all_by_label_contains("第二党支部 按键未计入：本题已答错，不能再抢")
            .count(),
        1
    );
    typed_key(&mut harness, Key::Num3, "3");
    assert_eq!(game(&harness).phase, Phase::Answering { team: 2 });
}
