//! A question with a picture: the picture beside the bank is shown in practice; a missing one does
//! not stop the practice.

mod common;

use common::{T0, app, screen};
use dangshi_quiz::app::Screen;
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::load_library;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const BANK: &str = r#"(
    format: 1,
    id: "pictures",
    title: "图片题库",
    questions: [
        (id: "p-1", kind: Single, stem: "图中的红船停泊在哪里？", options: ["南湖", "西湖"], answer: "A", image: "images/红船.png"),
        (id: "p-2", kind: TrueFalse, stem: "这张图片不存在。", answer: "对", image: "images/不存在.png"),
    ],
)"#;

#[test]
fn a_picture_beside_the_bank_is_shown_and_a_missing_one_does_no_harm() {
    let dir = tempfile::tempdir().unwrap();
    let banks = dir.path().join("banks");
    std::fs::create_dir_all(banks.join("images")).unwrap();
    std::fs::write(banks.join("图片题库.ron"), BANK).unwrap();
    image::RgbImage::from_pixel(40, 30, image::Rgb([200, 16, 46]))
        .save(banks.join("images/红船.png"))
        .unwrap();

    let entries: Vec<_> = load_library(Some(dir.path()))
        .into_iter()
        .filter(|e| e.title() == "图片题库")
        .collect();
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].report.is_ok(),
        "{:?}",
        entries[0].report.problems
    );
    let data = dir.path().to_path_buf();
    let mut harness = Harness::builder()
        // Background threads (bank loading, the records writer) may ask for a few more frames.
        .with_max_steps(64)
        .with_size([1024.0, 768.0])
        .with_context_setup(dangshi_quiz::ui::fonts::install)
        .build_eframe(move |cc| {
            QuizApp::with_library_and_records(&cc.egui_ctx, entries, &data, T0)
        });
    harness.run();
    let expected = banks.join("images/红船.png");
    assert_eq!(
        app(&harness)
            .shared
            .image_path("pictures", Some("images/红船.png")),
        Some(expected)
    );
    assert_eq!(
        app(&harness)
            .shared
            .image_path("pictures", Some("../secret.png")),
        None,
        "never outside the bank's folder"
    );
    // Nor through a link that points out of it.
    #[cfg(unix)]
    {
        let outside = dir.path().join("外面.png");
        std::fs::copy(banks.join("images/红船.png"), &outside).unwrap();
        std::os::unix::fs::symlink(&outside, banks.join("images/链接.png")).unwrap();
        assert_eq!(
            app(&harness)
                .shared
                .image_path("pictures", Some("images/链接.png")),
            None,
            "a link out of the bank's folder is refused"
        );
    }
    harness.get_by_label("开始练习").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Practice);
    harness.get_by_label("图中的红船停泊在哪里？");
    harness.get_by_label("题目图片");
    harness.key_press(eframe::egui::Key::ArrowRight);
    harness.run();
    harness.get_by_label("这张图片不存在。");
    harness.get_by_label_contains("本题的图片“images/不存在.png”找不到");
    harness.key_press(eframe::egui::Key::T);
    harness.run();
    harness.key_press(eframe::egui::Key::Enter);
    harness.run();
    harness.get_by_label("✓ 回答正确");
}
