//! The answer never reaches the audience display before the host reveals it: walking every phase
//! of every round kind, the display's rendered text and its accessibility tree hold neither the
//! answer nor the explanation, and are exactly the same for a twin question whose answer differs
//! (so no highlight or colour gives it away either). After the reveal both are there.

use dangshi_quiz::app::competition_flow::DisplaySettings;
use dangshi_quiz::core::bank::Kind;
use dangshi_quiz::core::competition::{
    Card, Event, Game, NextStep, Phase, Plan, PublicView, RoundKind, RoundPlan, Stamped,
};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::NodeT as _;

fn card(n: usize, twin: bool) -> Card {
    let kinds = [
        Kind::Single,
        Kind::Blank,
        Kind::Multiple,
        Kind::Open,
        Kind::TrueFalse,
    ];
    let kind = kinds[n % kinds.len()];
    let options = if matches!(kind, Kind::Single | Kind::Multiple) {
        vec![
            "遵义会议".into(),
            "古田会议".into(),
            "洛川会议".into(),
            "八七会议".into(),
        ]
    } else {
        vec![]
    };
    let answer = match (kind, twin) {
        (Kind::Single | Kind::Multiple, false) => "A. 遵义会议".to_string(),
        (Kind::Single | Kind::Multiple, true) => "C. 洛川会议".to_string(),
        (Kind::TrueFalse, false) => "对".to_string(),
        (Kind::TrueFalse, true) => "错".to_string(),
        (_, false) => format!("标准答案甲{n}"),
        (_, true) => format!("标准答案乙{n}"),
    };
    Card {
        bank_id: "b".into(),
        id: format!("q{n}"),
        kind,
        category: "党史".into(),
        stem: format!("第{n}道竞赛题的题干"),
        options,
        answer,
        explanation: Some(format!("解析文字{}{n}", if twin { "乙" } else { "甲" })),
        image: None,
    }
}

/// Everything the display drew as text, and everything it put in the accessibility tree.
fn rendered(
    harness: &mut Harness<'_, PublicView>,
    view: PublicView,
) -> (Vec<String>, Vec<String>, String) {
    *harness.state_mut() = view;
    harness.run();
    let mut texts = Vec::new();
    let mut stack: Vec<&egui::Shape> = harness.output().shapes.iter().map(|c| &c.shape).collect();
    while let Some(shape) = stack.pop() {
        match shape {
            egui::Shape::Text(text) => texts.push(text.galley.text().to_string()),
            egui::Shape::Vec(shapes) => stack.extend(shapes.iter()),
            _ => {}
        }
    }
    let nodes = harness
        .root()
        .children_recursive()
        .map(|n| {
            let a = n.accesskit_node();
            format!("{:?} {:?} {:?}", a.label(), a.value(), a.description())
        })
        .collect();
    // What is drawn: placeholders that draw nothing (left by layouts measured unseen) aside.
    let drawn: Vec<&egui::epaint::ClippedShape> = harness
        .output()
        .shapes
        .iter()
        .filter(|c| !matches!(c.shape, egui::Shape::Noop))
        .collect();
    let shapes = format!("{drawn:?}");
    (texts, nodes, shapes)
}

struct Twins {
    games: [Game; 2],
    now: i64,
    shown: usize,
}

impl Twins {
    fn apply(&mut self, event: impl Fn(bool) -> Event) {
        self.now += 700;
        for (i, game) in self.games.iter_mut().enumerate() {
            game.apply(Stamped {
                at_ms: self.now,
                event: event(i == 1),
            })
            .unwrap_or_else(|r| panic!("refused: {r:?}"));
        }
    }

    fn step(&mut self) -> bool {
        let game = &self.games[0];
        let event = match game.next_step() {
            Some(NextStep::StartRound) => Event::StartRound,
            Some(NextStep::OpenBuzzing) => Event::OpenBuzzing,
            Some(NextStep::Reveal) => Event::Reveal,
            Some(NextStep::Finish) => Event::Finish,
            Some(NextStep::ShowQuestion) => {
                self.shown += 1;
                let n = self.shown;
                self.apply(|twin| Event::Show {
                    card: card(n, twin),
                });
                return true;
            }
            None => match game.phase {
                Phase::Finished => return false,
                Phase::BuzzOpen if self.shown.is_multiple_of(4) => {
                    // Nobody presses: the window runs out and the question is void.
                    let late = self.now + 16_000;
                    let void = game.due(late).expect("void when the window ran out");
                    self.now = late - 700;
                    void
                }
                Phase::BuzzOpen => {
                    let free: Vec<usize> = game
                        .contenders
                        .iter()
                        .copied()
                        .filter(|&t| !game.shut_out[t])
                        .collect();
                    Event::Buzz {
                        team: free[self.shown % free.len()],
                    }
                }
                Phase::Answering { .. } => Event::Judge {
                    right: self.shown % 3 != 1,
                    member: None,
                },
                _ => Event::Stake {
                    value: game.round_plan().unwrap().values[self.shown % 3],
                },
            },
        };
        self.apply(|_| event.clone());
        true
    }
}

#[test]
fn the_display_shows_nothing_of_the_answer_before_reveal_in_any_phase() {
    let mut plan = Plan::usual(
        "党史知识竞赛",
        &["一支部".into(), "二支部".into(), "三支部".into()],
    );
    plan.rounds = vec![
        RoundPlan {
            questions: 2,
            ..RoundPlan::new(RoundKind::Required)
        },
        RoundPlan {
            questions: 3,
            ..RoundPlan::new(RoundKind::Buzz)
        },
        RoundPlan::new(RoundKind::Risk),
        RoundPlan::new(RoundKind::TieBreak),
    ];
    let mut twins = Twins {
        games: [Game::new(plan.clone()), Game::new(plan)],
        now: 1_700_000_000_000,
        shown: 0,
    };
    let settings = DisplaySettings::default();
    let mut harness = Harness::builder()
        .with_size([1920.0, 1080.0])
        .with_context_setup(dangshi_quiz::ui::fonts::install)
        .build_ui_state(
            move |ui, view: &mut PublicView| {
                dangshi_quiz::ui::display::display_ui(ui, view, &settings, None);
            },
            PublicView::of(&twins.games[0], 0),
        );
    let mut phases = std::collections::BTreeSet::new();
    let mut reveals = 0;
    // An early press in the buzz round, and a tie for the tie-break, so those phases are walked too.
    let mut pressed_early = false;
    loop {
        let game = &twins.games[0];
        let phase = format!("{:?}", game.phase);
        let phase = phase.split([' ', '{']).next().unwrap_or("").to_string();
        phases.insert(format!("{:?}/{phase}", game.round_plan().map(|r| r.kind)));
        let views = [
            PublicView::of(&twins.games[0], twins.now),
            PublicView::of(&twins.games[1], twins.now),
        ];
        let (texts, nodes, shapes) = rendered(&mut harness, views[0].clone());
        let (twin_texts, twin_nodes, twin_shapes) = rendered(&mut harness, views[1].clone());
        // The text as written: the display adds hair spaces and no-break spaces for line breaks.
        let all = format!("{texts:?} {nodes:?}")
            .replace("\\u{200a}", "")
            .replace("\\u{a0}", " ")
            .replace('\u{200a}', "")
            .replace('\u{a0}', " ");
        if let Some(card) = twins.games[0]
            .card
            .clone()
            .filter(|_| game.phase != Phase::Revealed)
        {
            let twin = twins.games[1].card.clone().unwrap();
            assert_eq!(
                texts, twin_texts,
                "rendered text depends on the answer in {:?}",
                game.phase
            );
            assert_eq!(
                nodes, twin_nodes,
                "accessibility tree depends on the answer in {:?}",
                game.phase
            );
            assert_eq!(
                shapes, twin_shapes,
                "drawing depends on the answer in {:?}",
                game.phase
            );
            for secret in [
                &card.answer,
                &twin.answer,
                card.explanation.as_ref().unwrap(),
            ] {
                let options_show_it = card.options.iter().any(|o| secret.ends_with(o.as_str()));
                if !options_show_it && secret.chars().count() > 1 {
                    assert!(
                        !all.contains(secret.as_str()),
                        "{secret} shown in {:?}: {all}",
                        game.phase
                    );
                }
            }
            assert!(
                !all.contains("答案"),
                "the answer box is shown in {:?}",
                game.phase
            );
        }
        if game.phase == Phase::Revealed && game.card.is_some() {
            let card = game.card.clone().unwrap();
            assert!(
                all.contains(&format!("答案：{}", card.answer)),
                "revealed but not shown: {all}"
            );
            assert!(all.contains(card.explanation.as_deref().unwrap()));
            reveals += 1;
        }
        if game.phase == Phase::Reading && !pressed_early {
            pressed_early = true;
            twins.apply(|_| Event::Buzz { team: 0 });
            continue;
        }
        if game.phase == Phase::RoundIntro
            && game
                .round_plan()
                .is_some_and(|r| r.kind == RoundKind::TieBreak)
        {
            assert!(
                game.contenders.len() >= 2,
                "the walk made a tie, so the tie-break is played"
            );
        }
        if game.phase == Phase::Revealed
            && game.round_complete()
            && game.round_plan().is_some_and(|r| r.kind == RoundKind::Risk)
        {
            // Make a tie for first so that the tie-break is played.
            let top = *game.scores.iter().max().unwrap();
            let (a, b) = (0, 1);
            let (da, db) = (top - game.scores[a], top - game.scores[b]);
            for (team, delta) in [(a, da), (b, db)] {
                if delta != 0 {
                    twins.apply(|_| Event::Adjust {
                        team,
                        delta,
                        reason: "制造并列".into(),
                    });
                }
            }
            let game = &twins.games[0];
            if game.leaders().len() < 2 {
                twins.apply(|_| Event::Adjust {
                    team: a,
                    delta: 1,
                    reason: "制造并列".into(),
                });
                twins.apply(|_| Event::Adjust {
                    team: b,
                    delta: 1,
                    reason: "制造并列".into(),
                });
            }
        }
        if !twins.step() {
            break;
        }
    }
    assert!(reveals >= 10, "only {reveals} reveals walked");
    for needed in [
        "Some(Required)/Answering",
        "Some(Required)/Judged",
        "Some(Buzz)/Reading",
        "Some(Buzz)/BuzzOpen",
        "Some(Buzz)/Answering",
        "Some(Buzz)/Voided",
        "Some(Risk)/Staked",
        "Some(Risk)/Judged",
        "Some(TieBreak)/RoundIntro",
        "Some(TieBreak)/BuzzOpen",
        "Some(TieBreak)/Judged",
        "Some(TieBreak)/Revealed",
        "Some(TieBreak)/Finished",
    ] {
        assert!(phases.contains(needed), "{needed} not walked: {phases:?}");
    }
}
