//! A competition interrupted (power cut, or the app closed) and resumed: the display comes back
//! as the host had it, and the countdown goes on with the time that was left.

use std::time::Duration;

use dangshi_quiz::app::competition_flow::{CompetitionAction, DisplaySettings, Theme, WindowPlace};
use dangshi_quiz::app::host_action::HostAction;
use dangshi_quiz::app::{Action, AppState, Screen};
use dangshi_quiz::core::competition::{Phase, Plan};
use dangshi_quiz::storage::load_library;
use dangshi_quiz::storage::records::Records;
use egui_kittest::kittest::Queryable as _;

mod common;

const WALL: i64 = 1_780_000_000_000;

fn state(dir: &std::path::Path, wall: i64) -> AppState {
    let mut state = AppState::new(7);
    state.handle(Action::LibraryLoaded(load_library(None)), Duration::ZERO);
    let (records, _) = Records::open(dir, wall).expect("records open");
    state.attach_records(records, None, wall);
    state
}

/// The sample competition started at 1 s, with its records in `dir`.
fn started(dir: &std::path::Path) -> AppState {
    let mut state = state(dir, WALL);
    state.competition.setup.plan =
        Some(Plan::from_ron(dangshi_quiz::storage::plans::SAMPLE.1).expect("the sample reads"));
    state.handle(
        Action::Competition(CompetitionAction::Start),
        Duration::from_secs(1),
    );
    state
}

fn host(state: &mut AppState, action: HostAction, now: Duration) {
    state.handle(Action::Competition(CompetitionAction::Host(action)), now);
}

#[test]
fn a_resumed_competition_shows_its_display_as_it_was_and_keeps_the_time_left() {
    let dir = tempfile::tempdir().unwrap();
    let shown = DisplaySettings {
        theme: Theme::RedGold,
        scale: 1.4,
        window: true,
        fullscreen: true,
        place: Some(WindowPlace {
            x: 1366.0,
            y: 0.0,
            width: 1024.0,
            height: 768.0,
        }),
        preview: false,
        audience_only: false,
    };
    {
        let mut state = started(dir.path());
        assert_eq!(state.screen, Screen::Host);
        state.handle(
            Action::Competition(CompetitionAction::Display(shown)),
            Duration::from_secs(2),
        );
        host(&mut state, HostAction::Next, Duration::from_secs(3));
        host(&mut state, HostAction::Next, Duration::from_secs(4));
        let run = state.competition.run.as_ref().unwrap();
        assert!(matches!(run.game.phase, Phase::Answering { .. }));
        // The app draws about once a second while the countdown runs; 12 s of the 30 pass.
        for secs in 5..=16 {
            state.tick(Duration::from_secs(secs));
        }
        // Power cut: the state is dropped without anything else.
    }
    let mut state = state(dir.path(), WALL + 60_000);
    let saved = state
        .competition
        .unfinished
        .first()
        .cloned()
        .expect("offered");
    state.handle(
        Action::Competition(CompetitionAction::Resume(saved.id)),
        Duration::ZERO,
    );
    let run = state.competition.run.as_ref().expect("resumed");
    assert_eq!(
        run.display, shown,
        "the display as it was: window, place, full screen"
    );
    let timer = run.game.timer.as_ref().expect("the countdown");
    assert!(!timer.is_running(), "paused for the host");
    let left = timer.remaining_ms(WALL + 60_000);
    assert!(
        (18_000..=19_000).contains(&left),
        "the time that was left at the cut, not the full 30 s: {left} ms"
    );
}

#[test]
fn reopening_the_app_during_a_competition_reopens_the_display_window() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut harness = common::harness(dir.path());
        harness.run();
        harness.get_by_label("现场竞赛").click();
        harness.run();
        harness.get_by_label("开始竞赛").click();
        harness.run();
        harness.get_by_label("大屏窗口").click();
        harness.run();
        harness.key_press(eframe::egui::Key::Equals);
        harness.run();
        // Settings are saved once they rest.
        let now = harness.ctx.input(|i| i.time);
        harness.input_mut().time = Some(now + 1.0);
        harness.step();
        harness.run();
        let run = common::app(&harness).competition.run.as_ref().unwrap();
        assert!((run.display.scale - 1.1).abs() < 0.001, "{:?}", run.display);
    }
    let mut harness = common::harness(dir.path());
    harness.run();
    harness.get_by_label("继续竞赛").click();
    harness.run();
    let run = common::app(&harness)
        .competition
        .run
        .as_ref()
        .expect("resumed");
    assert!(run.display.window);
    assert!((run.display.scale - 1.1).abs() < 0.001, "{:?}", run.display);
    assert!(
        harness
            .query_all_by_label_contains("· 大屏")
            .next()
            .is_some(),
        "the display window is open again"
    );
}

#[test]
fn ending_an_interrupted_competition_asks_first_and_keeps_the_scores_reached() {
    let dir = tempfile::tempdir().unwrap();
    let scores = {
        let mut state = started(dir.path());
        host(&mut state, HostAction::Next, Duration::from_secs(2));
        host(&mut state, HostAction::Next, Duration::from_secs(3));
        host(&mut state, HostAction::Right, Duration::from_secs(4));
        let scores = state.competition.run.as_ref().unwrap().game.scores.clone();
        assert!(scores.iter().any(|&s| s != 0), "a team scored: {scores:?}");
        scores
        // Power cut.
    };
    let mut harness = common::harness(dir.path());
    harness.run();
    harness.get_by_label("到此结束（按当前比分记成绩）").click();
    harness.run();
    assert_eq!(
        common::app(&harness).competition.unfinished.len(),
        1,
        "one click next to 继续竞赛 ends nothing"
    );
    harness.get_by_label("取消").click();
    harness.run();
    harness.get_by_label("到此结束（按当前比分记成绩）").click();
    harness.run();
    harness.get_by_label("确定结束").click();
    harness.run();
    assert!(common::app(&harness).competition.unfinished.is_empty());
    let said = common::app(&harness).message.clone().unwrap_or_default();
    assert!(said.contains("已结束") && said.contains("分"), "{said}");
    drop(harness);

    let db = rusqlite::Connection::open(dir.path().join("records.sqlite")).unwrap();
    let reason: String = db
        .query_row("SELECT end_reason FROM competitions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reason, "abandoned");
    let mut kept: Vec<(i64, i64)> = db
        .prepare("SELECT team_index, score FROM competition_results WHERE participant_id IS NULL ORDER BY team_index")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    kept.sort();
    let expected: Vec<(i64, i64)> = scores
        .iter()
        .enumerate()
        .map(|(i, &s)| (i as i64, s as i64))
        .collect();
    assert_eq!(kept, expected, "the scores reached are the results");
}
