//! Every screen at every zoom step the app offers, on a 1024×768 projector and a 1366×768 laptop:
//! nothing overlaps anything else, and nothing runs off the side of the window.

use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::shell::zoom;
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;

/// The widgets a user reads or presses.
const ROLES: [Role; 9] = [
    Role::Label,
    Role::Button,
    Role::CheckBox,
    Role::RadioButton,
    Role::TextInput,
    Role::MultilineTextInput,
    Role::ComboBox,
    Role::SpinButton,
    Role::Slider,
];

/// What is wrong with the screen on show: widgets overlapping others of their panel, or off the
/// side. (Panels never overlap each other; what scrolls out of one runs on unseen under the next,
/// so only widgets of one panel or dialog are compared.)
fn problems(harness: &Harness<'_, QuizApp>, size: egui::Vec2) -> Vec<String> {
    let widgets: Vec<(String, String, egui::Rect)> = harness
        .root()
        .children_recursive()
        .filter(|n| ROLES.contains(&n.accesskit_node().role()))
        .map(|n| {
            let a = n.accesskit_node();
            let name = a.label().or(a.value()).unwrap_or_default();
            let mut panel = String::new();
            let mut up = n.parent();
            while let Some(parent) = up {
                if matches!(parent.accesskit_node().role(), Role::Pane | Role::Dialog) {
                    panel = format!("{:?}", parent.accesskit_node().id());
                    break;
                }
                up = parent.parent();
            }
            let what = format!(
                "{:?} “{}”",
                a.role(),
                name.chars().take(24).collect::<String>()
            );
            (what, panel, n.rect())
        })
        .filter(|(_, _, r)| r.is_positive())
        .collect();
    assert!(widgets.len() > 5, "a screen with widgets: {widgets:?}");
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    let mut out = Vec::new();
    for (name, _, rect) in &widgets {
        if rect.max.x > screen.max.x + 1.0 || rect.min.x < -1.0 {
            out.push(format!("{name} {rect:?} runs off the side"));
        }
    }
    for (i, (a, pa, ra)) in widgets.iter().enumerate() {
        for (b, pb, rb) in &widgets[i + 1..] {
            if pa != pb || ra.contains_rect(*rb) || rb.contains_rect(*ra) {
                continue;
            }
            let overlap = ra.shrink(1.0).intersect(rb.shrink(1.0));
            if overlap.is_positive() {
                out.push(format!("{a} {ra:?} overlaps {b} {rb:?}"));
            }
        }
    }
    out
}

/// The screens reached from the home screen by one button, and back.
const SCREENS: [&str; 8] = [
    "导入题库",
    "人员管理",
    "成绩记录",
    "模拟考试",
    "现场竞赛",
    "每日学习",
    "排行统计",
    "关于",
];

#[test]
fn every_screen_at_every_offered_zoom_on_a_projector_and_a_laptop() {
    let mut seen = Vec::new();
    for physical in [egui::vec2(1024.0, 768.0), egui::vec2(1366.0, 768.0)] {
        for step in zoom::offered(physical) {
            let size = physical / step;
            let dir = tempfile::tempdir().unwrap();
            let mut harness = common::harness_sized(dir.path(), [size.x, size.y]);
            harness.run();
            let at = format!("{}×{} at {:.0} %", physical.x, physical.y, step * 100.0);
            let mut all = Vec::new();
            all.extend(
                problems(&harness, size)
                    .into_iter()
                    .map(|p| format!("{at} 首页: {p}")),
            );
            for screen in SCREENS {
                harness.get_by_label(screen).click();
                harness.run();
                all.extend(
                    problems(&harness, size)
                        .into_iter()
                        .map(|p| format!("{at} {screen}: {p}")),
                );
                if let Some(back) = harness.query_by_label("← 返回首页") {
                    back.click();
                    harness.run();
                }
            }
            // The screens further in: practice, an exam and its result, the host's console
            // with a question on show, the bank editor.
            let mut check = |harness: &mut Harness<'_, QuizApp>, what: &str| {
                harness.run();
                all.extend(
                    problems(harness, size)
                        .into_iter()
                        .map(|p| format!("{at} {what}: {p}")),
                );
            };
            harness.get_by_label("开始练习").click();
            check(&mut harness, "练习");
            harness.key_press(egui::Key::Enter);
            harness.run();
            harness.key_press(egui::Key::A);
            harness.run();
            harness.key_press(egui::Key::Enter);
            harness.run();
            harness.key_press(egui::Key::Escape);
            check(&mut harness, "练习小结");
            harness.get_by_label("返回首页").click();
            harness.run();
            harness.get_by_label("模拟考试").click();
            harness.run();
            harness.get_by_label("开始考试").click();
            check(&mut harness, "考试");
            harness.get_by_label("交卷").click();
            check(&mut harness, "交卷确认");
            harness.get_by_label("确定交卷").click();
            check(&mut harness, "考试结果");
            harness.get_by_label("返回首页").click();
            harness.run();
            harness.get_by_label("现场竞赛").click();
            harness.run();
            harness.get_by_label("开始竞赛").click();
            harness.run();
            for _ in 0..2 {
                harness.key_press(egui::Key::Space);
                harness.run();
            }
            check(&mut harness, "主持人控制台");
            assert!(
                harness
                    .query_all_by_label_contains("第 1 题")
                    .next()
                    .is_some(),
                "a question on show"
            );
            harness.get_by_label("← 返回首页").click();
            harness.run();
            harness
                .get_all_by_label("复制后编辑")
                .next()
                .expect("a bank")
                .click();
            check(&mut harness, "题库编辑");
            seen.push(at);
            assert!(all.is_empty(), "{}", all.join("\n"));
        }
    }
    assert!(seen.len() >= 6, "{seen:?}");
}
