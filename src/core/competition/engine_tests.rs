//! Rules of every round, undo and replay, with time passed in.

use super::*;
use crate::core::bank::Kind;

fn card(n: usize) -> Card {
    Card {
        bank_id: "b".into(),
        id: format!("q{n}"),
        kind: Kind::Single,
        category: "党史".into(),
        stem: format!("第 {n} 题题干"),
        options: vec!["甲".into(), "乙".into()],
        answer: format!("A. 答案{n}"),
        explanation: None,
        image: None,
    }
}

fn plan(rounds: Vec<RoundPlan>) -> Plan {
    let mut plan = Plan::usual("测试", &["一支部".into(), "二支部".into(), "三支部".into()]);
    plan.rounds = rounds;
    plan
}

/// A game and a clock: each step moves time on by one second.
struct Run {
    game: Game,
    now: i64,
    shown: usize,
}

impl Run {
    fn new(plan: Plan) -> Self {
        Self {
            game: Game::new(plan),
            now: 1_000_000,
            shown: 0,
        }
    }

    fn at(&mut self, event: Event, after_ms: i64) -> Result<(), Refusal> {
        self.now += after_ms;
        self.game.apply(Stamped {
            at_ms: self.now,
            event,
        })
    }

    fn ok(&mut self, event: Event) {
        let what = format!("{event:?}");
        self.at(event, 1000)
            .unwrap_or_else(|r| panic!("{what} refused: {r:?}"));
    }

    fn show(&mut self) {
        self.shown += 1;
        self.ok(Event::Show {
            card: card(self.shown),
        });
    }

    fn judge(&mut self, right: bool) {
        self.ok(Event::Judge {
            right,
            member: None,
        });
    }

    fn next(&mut self) {
        match self.game.next_step() {
            Some(NextStep::StartRound) => self.ok(Event::StartRound),
            Some(NextStep::ShowQuestion) => self.show(),
            Some(NextStep::OpenBuzzing) => self.ok(Event::OpenBuzzing),
            Some(NextStep::Reveal) => self.ok(Event::Reveal),
            Some(NextStep::Finish) => self.ok(Event::Finish),
            None => panic!("no next step in {:?}", self.game.phase),
        }
    }

    /// Enters a 必答 round and plays one question per team with these verdicts, each revealed.
    fn play_required(&mut self, verdicts: &[bool]) {
        self.next();
        for &right in verdicts {
            self.next();
            self.judge(right);
            self.next();
        }
    }

    fn buzz(&mut self, team: usize, after_ms: i64) -> Result<(), Refusal> {
        self.at(Event::Buzz { team }, after_ms)
    }
}

fn required(per_team: u32) -> RoundPlan {
    RoundPlan {
        questions: per_team,
        ..RoundPlan::new(RoundKind::Required)
    }
}

fn buzz(questions: u32) -> RoundPlan {
    RoundPlan {
        questions,
        ..RoundPlan::new(RoundKind::Buzz)
    }
}

#[test]
fn required_round_gives_each_team_its_turn_and_scores_right_only() {
    let mut run = Run::new(plan(vec![required(1)]));
    run.next();
    assert_eq!(run.game.phase, Phase::RoundIntro);
    for (team, right) in [(0, true), (1, false), (2, true)] {
        run.next();
        assert_eq!(run.game.phase, Phase::Answering { team });
        assert!(
            run.game
                .timer
                .as_ref()
                .is_some_and(|t| t.limit_ms == 30_000)
        );
        run.judge(right);
        run.next();
        assert_eq!(run.game.phase, Phase::Revealed);
    }
    assert_eq!(run.game.scores, vec![110, 100, 110]);
    assert!(run.game.round_complete());
    assert_eq!(run.game.next_step(), Some(NextStep::Finish));
    run.next();
    assert_eq!(run.game.phase, Phase::Finished);
    assert_eq!(run.game.standings(), vec![(1, 0), (1, 2), (3, 1)]);
}

#[test]
fn judging_needs_an_answering_team_and_reveal_needs_a_verdict() {
    let mut run = Run::new(plan(vec![buzz(1)]));
    run.next();
    run.show();
    assert!(matches!(
        run.at(
            Event::Judge {
                right: true,
                member: None
            },
            0
        ),
        Err(Refusal::NotNow(_))
    ));
    assert!(matches!(run.at(Event::Reveal, 0), Err(Refusal::NotNow(_))));
    assert_eq!(run.game.events().len(), 2, "refused events are not logged");
}

#[test]
fn buzz_round_first_press_wins_later_presses_show_their_delay() {
    let mut run = Run::new(plan(vec![buzz(1)]));
    run.next();
    run.show();
    run.next();
    assert_eq!(run.game.phase, Phase::BuzzOpen);
    run.buzz(1, 400).unwrap();
    run.buzz(2, 230).unwrap();
    assert!(
        matches!(run.buzz(2, 10), Err(Refusal::Ignored(_))),
        "one late press per team"
    );
    assert_eq!(run.game.phase, Phase::Answering { team: 1 });
    assert_eq!(
        run.game.presses,
        vec![
            Press {
                team: 1,
                kind: PressKind::First,
                delay_ms: Some(400)
            },
            Press {
                team: 2,
                kind: PressKind::Late,
                delay_ms: Some(630)
            },
        ]
    );
    let view = PublicView::of(&run.game, run.game.events().last().unwrap().at_ms);
    assert_eq!(view.presses[1].text, "慢 0.23 秒");
    run.judge(true);
    assert_eq!(run.game.scores, vec![100, 110, 100]);
}

#[test]
fn wrong_answer_shuts_the_team_out_and_others_may_buzz_again_when_the_host_opens() {
    let mut round = buzz(1);
    round.after_wrong = AfterWrong::HostOpens;
    let mut run = Run::new(plan(vec![round]));
    run.next();
    run.show();
    run.next();
    run.buzz(0, 100).unwrap();
    run.judge(false);
    assert_eq!(run.game.scores[0], 90, "抢答 wrong is -10");
    assert_eq!(run.game.next_step(), Some(NextStep::OpenBuzzing));
    run.next();
    assert!(
        matches!(run.buzz(0, 50), Err(Refusal::Ignored(_))),
        "team 0 answered wrong"
    );
    run.buzz(2, 50).unwrap();
    run.judge(false);
    run.next();
    run.buzz(1, 50).unwrap();
    run.judge(false);
    assert_eq!(
        run.game.next_step(),
        Some(NextStep::Reveal),
        "no team left to buzz: the answer is next"
    );
    assert_eq!(run.game.scores, vec![90, 90, 90]);
}

#[test]
fn early_press_costs_points_once_per_question() {
    let mut run = Run::new(plan(vec![buzz(2)]));
    run.next();
    run.show();
    run.buzz(2, 100).unwrap();
    assert!(matches!(run.buzz(2, 100), Err(Refusal::Ignored(_))));
    assert_eq!(run.game.scores[2], 90);
    assert_eq!(run.game.changes.last().unwrap().reason, "抢答题提前按键");
    run.next();
    run.buzz(2, 100).unwrap();
    assert_eq!(
        run.game.phase,
        Phase::Answering { team: 2 },
        "with a penalty, the team may still buzz once open"
    );
}

#[test]
fn early_press_can_lock_the_team_out_instead() {
    let mut round = buzz(1);
    round.early_lockout = true;
    let mut run = Run::new(plan(vec![round]));
    run.next();
    run.show();
    run.buzz(0, 100).unwrap();
    assert_eq!(run.game.scores[0], 100, "no points taken");
    run.next();
    assert!(
        matches!(run.buzz(0, 100), Err(Refusal::Ignored(_))),
        "locked out"
    );
    run.buzz(1, 100).unwrap();
    assert_eq!(run.game.phase, Phase::Answering { team: 1 });
}

#[test]
fn no_press_in_time_voids_the_question() {
    let mut run = Run::new(plan(vec![buzz(1)]));
    run.next();
    run.show();
    run.next();
    let opened = run.now;
    assert_eq!(run.game.due(opened + 14_999), None);
    assert_eq!(run.game.due(opened + 15_000), Some(Event::Void));
    run.at(Event::Pause, 5_000).unwrap();
    assert_eq!(
        run.game.due(opened + 60_000),
        None,
        "paused: nothing runs out"
    );
    run.at(Event::Resume, 50_000).unwrap();
    let void = run.game.due(run.now + 10_000).unwrap();
    run.at(void, 10_000).unwrap();
    assert_eq!(run.game.phase, Phase::Voided);
    assert_eq!(
        run.game.scores,
        vec![100; 3],
        "a void question scores nothing"
    );
    run.next();
    assert_eq!(run.game.phase, Phase::Revealed);
}

#[test]
fn presses_outside_buzz_rounds_are_ignored() {
    let mut run = Run::new(plan(vec![required(1)]));
    run.next();
    run.show();
    assert!(matches!(run.buzz(1, 10), Err(Refusal::Ignored(_))));
    assert_eq!(run.game.events().len(), 2);
}

#[test]
fn risk_lowest_score_picks_first_and_stake_is_won_or_lost() {
    let mut run = Run::new(plan(vec![required(1), RoundPlan::new(RoundKind::Risk)]));
    run.play_required(&[true, false, true]);
    run.ok(Event::Adjust {
        team: 2,
        delta: 5,
        reason: "裁判组更正".into(),
    });
    assert_eq!(run.game.scores, vec![110, 100, 115]);
    run.next();
    assert_eq!(run.game.order, vec![1, 0, 2], "lowest score first");
    assert_eq!(run.game.next_step(), None, "a stake must be chosen");
    assert!(matches!(
        run.at(Event::Stake { value: 25 }, 0),
        Err(Refusal::NotNow(_))
    ));
    for (team, value, right) in [(1, 30, true), (0, 20, false), (2, 10, true)] {
        run.ok(Event::Stake { value });
        assert_eq!(run.game.phase, Phase::Staked { team, value });
        run.next();
        assert_eq!(run.game.phase, Phase::Answering { team });
        run.judge(right);
        run.next();
    }
    assert_eq!(run.game.scores, vec![90, 130, 125]);
}

#[test]
fn tie_break_is_sudden_death_among_the_tied_leaders() {
    let mut run = Run::new(plan(vec![required(1), RoundPlan::new(RoundKind::TieBreak)]));
    run.play_required(&[true, true, false]);
    run.next();
    assert_eq!(run.game.contenders, vec![0, 1]);
    let view = PublicView::of(&run.game, run.now);
    assert!(
        matches!(view.stage, Stage::RoundIntro { note: Some(ref n), .. } if n.contains("一支部、二支部"))
    );
    run.next();
    run.next();
    assert!(
        matches!(run.buzz(2, 10), Err(Refusal::Ignored(_))),
        "third place is not in the tie-break"
    );
    run.buzz(1, 10).unwrap();
    run.judge(true);
    run.next();
    assert!(
        run.game.round_complete(),
        "the tie is broken after one right answer"
    );
    run.next();
    assert_eq!(run.game.phase, Phase::Finished);
    assert_eq!(run.game.standings()[0], (1, 1));
}

#[test]
fn tie_break_goes_on_while_the_tie_stands_and_is_skipped_without_one() {
    let mut run = Run::new(plan(vec![required(1), RoundPlan::new(RoundKind::TieBreak)]));
    run.play_required(&[true, true, false]);
    run.next();
    run.next();
    run.next();
    let void = run.game.due(run.now + 15_000).unwrap();
    run.at(void, 15_000).unwrap();
    run.next();
    assert!(
        !run.game.round_complete(),
        "still tied after a void question"
    );
    assert_eq!(run.game.next_step(), Some(NextStep::ShowQuestion));

    let mut clear = Run::new(plan(vec![required(1), RoundPlan::new(RoundKind::TieBreak)]));
    clear.play_required(&[true, false, false]);
    clear.next();
    assert!(clear.game.contenders.is_empty());
    assert_eq!(
        clear.game.next_step(),
        Some(NextStep::Finish),
        "no tie: nothing to play"
    );
}

#[test]
fn timer_can_be_paused_resumed_and_extended() {
    let mut run = Run::new(plan(vec![required(1)]));
    run.next();
    run.show();
    let shown = run.now;
    run.at(Event::Pause, 10_000).unwrap();
    run.at(Event::AddTime { secs: 15 }, 60_000).unwrap();
    run.at(Event::Resume, 1_000).unwrap();
    let timer = run.game.timer.clone().unwrap();
    assert_eq!(timer.remaining_ms(run.now), 35_000);
    assert!(run.now > shown + 60_000);
    let view = PublicView::of(&run.game, run.now + 31_000);
    assert_eq!(view.clock.map(|c| (c.secs, c.warning())), Some((4, true)));
    assert_eq!(
        PublicView::of(&run.game, run.now + 40_000)
            .status
            .as_deref(),
        Some("时间到")
    );
}

/// A scripted competition touching every kind of event, with its events.
fn scripted() -> Run {
    let mut run = Run::new(plan(vec![
        required(1),
        buzz(2),
        RoundPlan::new(RoundKind::Risk),
        RoundPlan::new(RoundKind::TieBreak),
    ]));
    run.next();
    run.next();
    run.ok(Event::Pause);
    run.ok(Event::AddTime { secs: 10 });
    run.ok(Event::Resume);
    run.judge(true);
    run.next();
    run.next();
    run.judge(false);
    run.next();
    run.next();
    run.judge(true);
    run.next();
    run.next();
    run.show();
    run.buzz(1, 10).unwrap();
    run.next();
    run.buzz(0, 10).unwrap();
    run.buzz(2, 10).unwrap();
    run.judge(false);
    run.ok(Event::Uncounted {
        team: 0,
        why: "本题已答错，不能再抢".into(),
    });
    run.buzz(2, 10).unwrap();
    run.judge(true);
    run.next();
    run.next();
    run.next();
    let void = run.game.due(run.now + 20_000).unwrap();
    run.at(void, 20_000).unwrap();
    run.next();
    run.ok(Event::Adjust {
        team: 1,
        delta: -5,
        reason: "违规".into(),
    });
    run.next();
    for value in [10, 20, 30] {
        run.ok(Event::Stake { value });
        run.next();
        run.judge(value != 20);
        run.next();
    }
    run.next();
    while run.game.phase != Phase::Finished {
        match run.game.next_step() {
            Some(_) => run.next(),
            None if run.game.phase == Phase::BuzzOpen => {
                let team = run.game.contenders[0];
                run.buzz(team, 10).unwrap();
            }
            None => run.judge(true),
        }
    }
    run
}

/// The state without the log, for comparing a game with one that reached it another way.
fn state(game: &Game) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        game.scores,
        game.round,
        game.phase,
        game.card,
        game.asked,
        game.presses,
        game.shut_out,
        game.contenders,
        game.order,
        game.timer,
        game.changes,
        game.answers
    )
}

#[test]
fn replaying_the_log_gives_the_same_state_at_every_step() {
    let run = scripted();
    let events = run.game.events();
    assert!(events.len() > 40);
    for n in 0..=events.len() {
        let mut live = Game::new(run.game.plan().clone());
        for e in &events[..n] {
            live.apply(e.clone()).unwrap();
        }
        let replayed = Game::replay(run.game.plan().clone(), &events[..n]).unwrap();
        assert_eq!(state(&live), state(&replayed), "after {n} events");
    }
}

#[test]
fn undo_of_any_event_gives_the_state_before_it() {
    let run = scripted();
    let events = run.game.events().to_vec();
    for n in 1..=events.len() {
        if matches!(events[n - 1].event, Event::Uncounted { .. }) {
            // A trace, not a step: undo passes over it (tested on its own).
            continue;
        }
        let before = Game::replay(run.game.plan().clone(), &events[..n - 1]).unwrap();
        let mut undone = Game::replay(run.game.plan().clone(), &events[..n]).unwrap();
        undone
            .apply(Stamped {
                at_ms: 0,
                event: Event::Undo,
            })
            .unwrap();
        assert_eq!(
            state(&before),
            state(&undone),
            "undoing event {n}: {:?}",
            events[n - 1]
        );
        assert!(undone.is_cancelled(n - 1));
        assert!(undone.audit().last().unwrap().text.starts_with("撤销："));
    }
}

#[test]
fn undo_twice_takes_back_two_events_and_the_log_keeps_all() {
    let mut run = Run::new(plan(vec![required(1)]));
    run.next();
    run.show();
    run.judge(true);
    assert_eq!(run.game.scores[0], 110);
    run.ok(Event::Undo);
    assert_eq!(run.game.scores[0], 100);
    assert_eq!(run.game.phase, Phase::Answering { team: 0 });
    run.ok(Event::Undo);
    assert_eq!(run.game.phase, Phase::RoundIntro);
    assert_eq!(run.game.events().len(), 5);
    let audit = run.game.audit();
    assert!(audit[2].undone && audit[1].undone && !audit[0].undone);
    assert_eq!(audit[3].text, "撤销：判定：回答正确");
    let mut fresh = Run::new(plan(vec![required(1)]));
    assert!(matches!(fresh.at(Event::Undo, 0), Err(Refusal::NotNow(_))));
}

#[test]
fn manual_adjustment_needs_a_reason_and_is_in_the_audit_log() {
    let mut run = Run::new(plan(vec![required(1)]));
    assert!(matches!(
        run.at(
            Event::Adjust {
                team: 0,
                delta: 5,
                reason: " ".into()
            },
            0
        ),
        Err(Refusal::NotNow(_))
    ));
    run.ok(Event::Adjust {
        team: 0,
        delta: 5,
        reason: "补录".into(),
    });
    assert_eq!(run.game.scores[0], 105);
    assert_eq!(run.game.audit()[0].text, "手动调整 一支部 +5 分：补录");
}

#[test]
fn the_answer_is_in_the_public_view_only_after_reveal() {
    let mut run = Run::new(plan(vec![required(1)]));
    run.next();
    run.show();
    let answer = run.game.card.clone().unwrap().answer;
    for _ in 0..2 {
        let view = PublicView::of(&run.game, run.now);
        assert_eq!(view.answer, None);
        assert!(!format!("{view:?}").contains(&answer));
        run.next_or_judge();
    }
    let view = PublicView::of(&run.game, run.now);
    assert_eq!(view.answer.as_deref(), Some(answer.as_str()));
}

impl Run {
    fn next_or_judge(&mut self) {
        if self.game.next_step().is_some() {
            self.next();
        } else {
            self.judge(true);
        }
    }
}

#[test]
fn by_default_the_others_may_buzz_at_once_after_a_wrong_answer_in_a_short_window() {
    let mut run = Run::new(plan(vec![buzz(1)]));
    run.next();
    run.show();
    run.next();
    run.buzz(0, 100).unwrap();
    run.judge(false);
    let judged = run.now;
    assert_eq!(
        run.game.phase,
        Phase::BuzzOpen,
        "open again without the host"
    );
    assert!(run.game.others_may_buzz());
    let timer = run.game.timer.clone().unwrap();
    assert_eq!(timer.purpose, Purpose::Buzzing);
    assert_eq!(timer.remaining_ms(judged), 5_000, "a fresh 5-second window");
    let view = PublicView::of(&run.game, judged);
    assert_eq!(
        view.status.as_deref(),
        Some("回答错误 -10，其他队可以抢答！")
    );
    assert!(view.teams[0].out, "the team that answered is shown out");
    let refused = run.buzz(0, 100);
    assert!(
        matches!(&refused, Err(Refusal::Ignored(why)) if why.contains("已答错")),
        "{refused:?}"
    );
    run.buzz(2, 300).unwrap();
    assert_eq!(run.game.phase, Phase::Answering { team: 2 });
    run.judge(false);
    assert_eq!(
        run.game.phase,
        Phase::BuzzOpen,
        "the last team may still buzz"
    );
    let void = run.game.due(run.now + 5_000).expect("the window runs out");
    run.at(void, 5_000).unwrap();
    let view = PublicView::of(&run.game, run.now);
    assert_eq!(view.status.as_deref(), Some("回答错误 -10，其他队未抢答"));
    assert_eq!(run.game.scores, vec![90, 100, 90]);
}

#[test]
fn during_the_second_window_the_host_may_reveal_and_a_plan_may_end_the_question_instead() {
    let mut run = Run::new(plan(vec![buzz(1)]));
    run.next();
    run.show();
    run.next();
    run.buzz(1, 100).unwrap();
    run.judge(false);
    run.ok(Event::Reveal);
    assert_eq!(run.game.phase, Phase::Revealed);

    let mut round = buzz(1);
    round.after_wrong = AfterWrong::Reveal;
    let mut run = Run::new(plan(vec![round]));
    run.next();
    run.show();
    run.next();
    run.buzz(1, 100).unwrap();
    run.judge(false);
    assert_eq!(
        run.game.phase,
        Phase::Judged {
            team: 1,
            right: false
        }
    );
    assert_eq!(run.game.next_step(), Some(NextStep::Reveal));
    assert!(matches!(run.buzz(2, 100), Err(Refusal::Ignored(_))));
}

#[test]
fn presses_that_count_for_nothing_are_logged_with_why_and_undo_passes_over_them() {
    let mut run = Run::new(plan(vec![buzz(1)]));
    run.next();
    run.show();
    run.buzz(2, 100).unwrap();
    let early = run.game.events().len() - 1;
    assert_eq!(
        run.game.describe(early),
        "三支部 提前按键；-10 分（抢答题提前按键）"
    );
    let view = PublicView::of(&run.game, run.now);
    assert_eq!(
        view.presses[0].text, "提前按键 -10 分",
        "the penalty is shown"
    );
    run.next();
    run.buzz(0, 250).unwrap();
    assert_eq!(
        run.game.describe(early + 2),
        "一支部 抢到（开始后 0.25 秒）"
    );
    run.ok(Event::Uncounted {
        team: 1,
        why: "已按过键".into(),
    });
    let trace = run.game.events().len() - 1;
    assert_eq!(run.game.describe(trace), "二支部 按键未计入：已按过键");
    run.ok(Event::Undo);
    assert!(
        run.game.is_cancelled(early + 2),
        "the undo took back the press"
    );
    assert!(!run.game.is_cancelled(trace), "not the trace");
    assert_eq!(run.game.phase, Phase::BuzzOpen);
    let replayed = Game::replay(run.game.plan().clone(), run.game.events()).unwrap();
    assert_eq!(replayed.phase, run.game.phase);
    assert_eq!(replayed.scores, run.game.scores);
}

#[test]
fn a_log_stored_before_the_rebuzz_rule_replays_by_the_old_rule() {
    let mut plan = plan(vec![buzz(1)]);
    let text = plan.to_ron().replace("after_wrong: OthersBuzz,", "");
    assert!(!text.contains("after_wrong"));
    let stored = Plan::from_stored_ron(&text).unwrap();
    assert_eq!(stored.rounds[0].after_wrong, AfterWrong::HostOpens);
    plan.rounds[0].after_wrong = AfterWrong::HostOpens;
    let mut run = Run::new(plan);
    run.next();
    run.show();
    run.next();
    run.buzz(0, 100).unwrap();
    run.judge(false);
    run.next();
    run.buzz(1, 100).unwrap();
    let replayed = Game::replay(stored, run.game.events()).expect("the old log replays");
    assert_eq!(replayed.phase, Phase::Answering { team: 1 });
    assert_eq!(
        Plan::from_ron(&text).unwrap().rounds[0].after_wrong,
        AfterWrong::OthersBuzz,
        "a plan file that leaves it out takes the usual rule"
    );
}
