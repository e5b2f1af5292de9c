//! One audience-display frame at 1920×1080 with a long question and eight teams: the CPU time to
//! lay it out (egui) and tessellate it into triangles, as the app does every time the display
//! changes. The glyphs are rasterised once in a warm-up frame, as in the app.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dangshi_quiz::app::competition_flow::DisplaySettings;
use dangshi_quiz::core::bank::Kind;
use dangshi_quiz::core::competition::{Card, Event, Game, Plan, PublicView, Stamped};
use eframe::egui;

fn view() -> PublicView {
    let teams: Vec<String> = (1..=8).map(|i| format!("机关第{i}党支部")).collect();
    let mut game = Game::new(Plan::usual("2026年度全市机关党史知识竞赛决赛", &teams));
    let card = Card {
        bank_id: "bench".into(),
        id: "long".into(),
        kind: Kind::Multiple,
        category: "党的创建".into(),
        stem: "1921年7月23日，中国共产党第一次全国代表大会在上海法租界望志路106号开幕，后因遭法租界巡捕搜查，最后一天的会议转移到浙江嘉兴南湖的一艘游船上举行。关于这次大会，下列说法正确的有哪些？请结合大会通过的纲领和决议作答。".into(),
        options: vec![
            "大会确定党的名称为“中国共产党”，通过了党的第一个纲领".into(),
            "大会通过了关于当前实际工作的决议，确定党成立后的中心任务是组织工人阶级".into(),
            "大会选举产生了党的中央领导机构中央局，陈独秀任书记".into(),
            "大会决定立即与国民党建立革命统一战线，实行党内合作".into(),
        ],
        answer: "A. …".into(),
        explanation: None,
        image: None,
    };
    let at = 1_700_000_000_000;
    for event in [Event::StartRound, Event::Show { card }] {
        game.apply(Stamped { at_ms: at, event })
            .expect("a question on show");
    }
    PublicView::of(&game, at + 3_000)
}

fn display_frame(c: &mut Criterion) {
    let ctx = egui::Context::default();
    dangshi_quiz::ui::fonts::install(&ctx);
    let view = view();
    assert!(
        view.stem.is_some() && view.teams.len() == 8,
        "a question on show"
    );
    let settings = DisplaySettings::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1920.0, 1080.0),
        )),
        ..Default::default()
    };
    // Warm-up: fonts loaded, glyphs rasterised into the atlas.
    for _ in 0..3 {
        let out = ctx.run_ui(input(), |ui| {
            dangshi_quiz::ui::display::display_ui(ui, &view, &settings, None);
        });
        ctx.tessellate(out.shapes, out.pixels_per_point);
    }
    // The clock ticking over a question already on show: egui reuses the laid-out text.
    c.bench_function("display frame 1920x1080, long question, 8 teams", |b| {
        b.iter(|| {
            let out = ctx.run_ui(input(), |ui| {
                dangshi_quiz::ui::display::display_ui(ui, &view, &settings, None);
            });
            black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
        })
    });
    // A new question: the stem and every option laid out afresh (their text differs each frame).
    let mut n = 0u64;
    c.bench_function("display frame 1920x1080, new long question, 8 teams", |b| {
        b.iter(|| {
            n += 1;
            let mut fresh = view.clone();
            fresh.stem = fresh.stem.map(|s| format!("{s}{n}"));
            fresh
                .options
                .iter_mut()
                .for_each(|o| o.push_str(&n.to_string()));
            let out = ctx.run_ui(input(), |ui| {
                dangshi_quiz::ui::display::display_ui(ui, &fresh, &settings, None);
            });
            black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
        })
    });
}

criterion_group!(benches, display_frame);
criterion_main!(benches);
