//! The audience display never hides or clips anything: the longest question in the bundled banks
//! and made-up worst cases (long stem, eight options, long explanation, a picture, eight or twelve
//! teams, every press shown) at 1024×768, 1366×768 and 1920×1080, at every text size the host can
//! pick. Every text on the display lies inside the screen and overlaps no other, and within what
//! a bank question holds no text is smaller than the floor.

use std::cell::Cell;
use std::rc::Rc;

use dangshi_quiz::app::competition_flow::DisplaySettings;
use dangshi_quiz::core::competition::{Clock, PressLine, PublicView, Stage, TeamLine};
use dangshi_quiz::storage::load_library;
use dangshi_quiz::ui::display::{DisplayFit, FLOOR_SHARE, display_ui};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};

const SCREENS: [[f32; 2]; 3] = [[1024.0, 768.0], [1366.0, 768.0], [1920.0, 1080.0]];

fn teams(names: &[&str]) -> Vec<TeamLine> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| TeamLine {
            name: name.to_string(),
            score: 100 + 10 * i as i32,
            place: i + 1,
            answering: i == 1,
            out: i == 2,
        })
        .collect()
}

const EIGHT: [&str; 8] = [
    "第一党支部",
    "第二党支部",
    "机关第一党支部（综合办公室）",
    "离退休干部党支部",
    "气象台党支部",
    "气候中心党支部",
    "信息中心党支部",
    "后勤服务中心党支部",
];

fn question(stem: &str, options: Vec<String>, answer: Option<(&str, &str)>) -> PublicView {
    PublicView {
        title: "XX市气象局2026年“学党史、悟思想”党史知识竞赛".into(),
        round: Some("抢答题".into()),
        number: Some(10),
        stage: Stage::Question,
        kind: Some("单选题"),
        stem: Some(stem.into()),
        options,
        image: None,
        answering: Some(EIGHT[1].into()),
        presses: EIGHT
            .iter()
            .enumerate()
            .map(|(i, team)| PressLine {
                team: team.to_string(),
                text: if i == 0 {
                    "抢到".into()
                } else {
                    format!("慢 0.{i}7 秒")
                },
            })
            .collect(),
        status: Some("回答错误 -10，其他队可以抢答！".into()),
        clock: Some(Clock {
            secs: 15,
            buzzing: true,
            paused: false,
        }),
        answer: answer.map(|(a, _)| a.to_string()),
        explanation: answer.map(|(_, e)| e.to_string()),
        teams: teams(&EIGHT),
    }
}

fn long(unit: &str, chars: usize) -> String {
    unit.chars().cycle().take(chars).collect()
}

/// The made-up worst case within what a bank question holds: a 120-character stem, eight options
/// of 16 characters, a 150-character explanation (and a picture, eight teams, eight presses).
fn worst(revealed: bool) -> PublicView {
    let stem = long(
        "中国共产党第一次全国代表大会在上海召开后转移到浙江嘉兴南湖的一艘游船上继续举行，",
        120,
    );
    let options = (0..8)
        .map(|i| {
            format!(
                "{}. {}",
                (b'A' + i as u8) as char,
                long("党的历史是最生动最有说服力的教科书，", 16)
            )
        })
        .collect();
    let explanation = long(
        "一九二一年七月，中国共产党第一次全国代表大会召开，宣告了中国共产党的成立。",
        150,
    );
    question(
        &stem,
        options,
        revealed.then_some((
            "C. 党的历史是最生动最有说服力的教科书党的历史是",
            explanation.as_str(),
        )),
    )
}

/// The longest question (stem, options and explanation) of the bundled banks.
fn longest_bundled(revealed: bool) -> PublicView {
    let library = load_library(None);
    let question_text = library
        .iter()
        .filter_map(|entry| entry.bank())
        .flat_map(|bank| bank.questions.iter())
        .max_by_key(|q| {
            q.stem.chars().count()
                + q.options.iter().map(|o| o.chars().count()).sum::<usize>()
                + q.explanation.as_deref().map_or(0, |e| e.chars().count())
        })
        .expect("bundled questions")
        .clone();
    let options = question_text
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{}. {o}", (b'A' + i as u8) as char))
        .collect();
    let answer = question_text.answer_display();
    let explanation = question_text.explanation.clone().unwrap_or_default();
    question(
        &question_text.stem,
        options,
        revealed.then_some((answer.as_str(), explanation.as_str())),
    )
}

fn podium(n: usize) -> PublicView {
    let names: Vec<String> = (0..n)
        .map(|i| format!("{}（第{}组）", EIGHT[i % 8], i + 1))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    PublicView {
        stage: Stage::Podium,
        round: None,
        number: None,
        kind: None,
        stem: None,
        options: vec![],
        answering: None,
        presses: vec![],
        status: None,
        clock: None,
        answer: None,
        explanation: None,
        teams: teams(&names),
        ..question("", vec![], None)
    }
}

fn round_intro() -> PublicView {
    PublicView {
        stage: Stage::RoundIntro {
            rules: "共 10 题，主持人宣布开始后抢答，答对 +10 分，答错 -10 分；提前按键扣 10 分；答错后其他队可在 5 秒内抢答".into(),
            note: Some(format!("{} 并列第一，进行加时赛", EIGHT.join("、"))),
        },
        stem: None,
        options: vec![],
        presses: vec![],
        status: None,
        ..question("", vec![], None)
    }
}

/// Draws `view` on a screen of `size` at `scale`; checks every text on it; returns the fit.
fn check(
    view: &PublicView,
    size: [f32; 2],
    scale: f32,
    image: Option<&std::path::Path>,
) -> DisplayFit {
    let fit: Rc<Cell<Option<DisplayFit>>> = Rc::default();
    let seen = fit.clone();
    let view = view.clone();
    let image = image.map(std::path::Path::to_path_buf);
    let settings = DisplaySettings {
        scale,
        ..DisplaySettings::default()
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .with_context_setup(|ctx| {
            dangshi_quiz::ui::fonts::install(ctx);
            egui_extras::install_image_loaders(ctx);
        })
        .build_ui(move |ui| {
            egui::CentralPanel::no_frame().show(ui, |ui| {
                let at = display_ui(ui, &view, &settings, image.as_deref());
                seen.set(Some(at));
            });
        });
    harness.run();
    let fit = fit.get().expect("drawn");
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size.into());
    let texts: Vec<(String, egui::Rect)> = harness
        .query_all(by().role(egui::accesskit::Role::Label))
        .map(|node| {
            (
                node.accesskit_node().label().unwrap_or_default(),
                node.rect(),
            )
        })
        .collect();
    assert!(texts.len() > 3, "the display has texts: {texts:?}");
    if std::env::var("SHOW_TEXTS").is_ok() {
        for (text, rect) in &texts {
            eprintln!(
                "{:>6.1} {:>6.1} {:>6.1} {:>6.1} {}",
                rect.min.x,
                rect.min.y,
                rect.width(),
                rect.height(),
                text.chars().take(20).collect::<String>()
            );
        }
        eprintln!("{fit:?}");
    }
    let at = format!("{}×{} at {:.0} %", size[0], size[1], scale * 100.0);
    for (text, rect) in &texts {
        assert!(
            screen.expand(0.5).contains_rect(*rect),
            "{at}: “{text}” {rect:?} is off the screen"
        );
    }
    for (i, (a, ra)) in texts.iter().enumerate() {
        for (b, rb) in &texts[i + 1..] {
            let overlap = ra.shrink(1.0).intersect(rb.shrink(1.0));
            assert!(
                !overlap.is_positive(),
                "{at}: “{a}” {ra:?} overlaps “{b}” {rb:?}"
            );
        }
    }
    assert!(fit.used <= fit.height + 0.5, "{at}: {fit:?}");
    let floor = fit.height.min(size[0] * 0.75) * FLOOR_SHARE;
    assert!((fit.floor - floor).abs() < 0.01, "{at}: {fit:?}");
    fit
}

#[test]
fn the_longest_bundled_question_fits_at_every_size_without_going_under_the_floor() {
    for revealed in [false, true] {
        let view = longest_bundled(revealed);
        for size in SCREENS {
            for scale in DisplaySettings::SCALES {
                let fit = check(&view, size, scale, None);
                assert!(!fit.below_floor(), "{size:?} {scale}: {fit:?}");
                if scale <= 1.0 && !revealed {
                    assert!(
                        fit.kind.body >= fit.floor * 1.15,
                        "room to spare at the usual size: {fit:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_worst_case_question_with_a_picture_fits_at_every_size_at_or_above_the_floor() {
    if std::env::var("SHOW_TEXTS").is_ok() {
        check(&worst(false), [1024.0, 768.0], 1.0, None);
        check(&worst(true), [1024.0, 768.0], 1.0, None);
    }
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("图.png");
    image::RgbImage::from_pixel(400, 300, image::Rgb([200, 16, 46]))
        .save(&picture)
        .unwrap();
    // Long options (27 characters, one per line) without a picture, too.
    let mut long_options = worst(false);
    for option in &mut long_options.options {
        option.push_str("，一九二一年");
        option.push_str(&long("党的历史是最生动最有说服力的教科书，", 5));
    }
    for size in SCREENS {
        let fit = check(&long_options, size, 2.0, None);
        assert!(!fit.below_floor(), "{size:?}: {fit:?}");
    }
    for revealed in [false, true] {
        let view = worst(revealed);
        for size in SCREENS {
            for scale in DisplaySettings::SCALES {
                let fit = check(&view, size, scale, Some(&picture));
                assert!(!fit.below_floor(), "{size:?} {scale}: {fit:?}");
            }
        }
    }
}

#[test]
fn text_beyond_any_bank_question_goes_under_the_floor_rather_than_off_the_screen() {
    let stem = long(
        "这是一道超出常规长度的题目，用来检验大屏在极端情况下也不会把文字切掉。",
        500,
    );
    let explanation = long("解析同样很长，", 700);
    let view = question(
        &stem,
        vec!["A. 对".into(), "B. 错".into()],
        Some(("A. 对", &explanation)),
    );
    let fit = check(&view, [1024.0, 768.0], 2.0, None);
    assert!(fit.below_floor(), "{fit:?}");
    assert!(fit.kind.compact);
}

#[test]
fn podium_intro_and_stake_fit_with_twelve_teams() {
    for size in SCREENS {
        for scale in [0.8, 1.0, 1.5, 2.0] {
            let fit = check(&podium(12), size, scale, None);
            assert!(!fit.below_floor(), "{size:?} {scale}: {fit:?}");
            let fit = check(&round_intro(), size, scale, None);
            assert!(!fit.below_floor(), "{size:?} {scale}: {fit:?}");
            let stake = PublicView {
                stage: Stage::Stake {
                    team: EIGHT[2].into(),
                    values: vec![10, 20, 30, 40, 50, 60],
                    chosen: Some(30),
                },
                ..round_intro()
            };
            let fit = check(&stake, size, scale, None);
            assert!(!fit.below_floor(), "{size:?} {scale}: {fit:?}");
        }
    }
}
