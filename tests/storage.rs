//! The data folder on real files: user banks load beside the built-in ones, a broken or oversized
//! file is reported instead of crashing, and the app loads everything off the UI thread.

mod common;
use common::app;

use std::time::{Duration, Instant};

use dangshi_quiz::core::library::Origin;
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::{BUNDLED_BANKS, banks_dir, load_bank_file, load_library};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const SAMPLE: &str = include_str!("fixtures/示例题库.ron");

fn data_dir_with_user_banks() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let banks = banks_dir(dir.path());
    std::fs::create_dir_all(&banks).unwrap();
    let own = SAMPLE
        .replace("dangshi-sample", "branch-1")
        .replace("党史知识竞赛示例题库", "第一党支部自编题库");
    std::fs::write(banks.join("a-自编.ron"), own).unwrap();
    std::fs::write(banks.join("b-坏的.ron"), "(format: 1，)").unwrap();
    std::fs::write(banks.join("说明.txt"), "不是题库").unwrap();
    dir
}

#[test]
fn user_banks_load_after_the_built_in_ones() {
    let dir = data_dir_with_user_banks();
    let entries = load_library(Some(dir.path()));
    assert_eq!(
        entries.len(),
        BUNDLED_BANKS.len() + 2,
        "the .txt file is not a bank"
    );
    assert!(
        entries[..BUNDLED_BANKS.len()]
            .iter()
            .all(|e| e.origin == Origin::Bundled && e.report.is_ok())
    );
    let own = &entries[BUNDLED_BANKS.len()];
    assert!(matches!(&own.origin, Origin::User(path) if path.ends_with("a-自编.ron")));
    assert_eq!(own.title(), "第一党支部自编题库");
    let broken = &entries[BUNDLED_BANKS.len() + 1];
    assert!(!broken.is_usable());
    let error = broken.report.errors().next().expect("an error");
    assert_eq!((error.line, error.column), (Some(1), Some(11)));
    assert!(error.message.contains("全角逗号"));
}

#[test]
fn a_missing_data_folder_means_just_the_built_in_banks() {
    let dir = tempfile::tempdir().unwrap();
    let entries = load_library(Some(&dir.path().join("没有这个文件夹")));
    assert_eq!(entries.len(), BUNDLED_BANKS.len());
}

#[test]
fn a_file_of_hundreds_of_megabytes_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("巨大.ron");
    // A sparse file: its size is real, but it takes no disk and no time to make.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(600 * 1024 * 1024)
        .unwrap();
    let report = load_bank_file(&path);
    assert!(report.bank.is_none());
    let message = &report.errors().next().expect("an error").message;
    assert!(
        message.contains("600.0 MB") && message.contains("上限 256 MB"),
        "{message}"
    );
}

#[test]
fn the_app_loads_banks_in_the_background_and_shows_them() {
    let dir = data_dir_with_user_banks();
    let data_dir = dir.path().to_path_buf();
    let mut harness = Harness::builder()
        // Background threads (bank loading, the records writer) may ask for a few more frames.
        .with_max_steps(64)
        .with_size([1024.0, 768.0])
        .build_eframe(move |cc| QuizApp::new(&cc.egui_ctx, Some(data_dir), None));
    let started = Instant::now();
    while app(&harness).shared.library.is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "banks never finished loading"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run();
    harness.get_by_label("第一党支部自编题库");
    harness.get_by_label("b-坏的.ron");
    assert_eq!(app(&harness).entries().len(), BUNDLED_BANKS.len() + 2);
}

#[test]
fn a_second_copy_on_the_same_data_folder_says_so_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = common::harness(dir.path());
    first.run();
    assert!(common::app(&first).shared.records.is_some());
    let before: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let mut second = common::harness(dir.path());
    second.run();
    second.get_by_label_contains("另一个“党史知识竞赛”窗口正在使用数据文件夹");
    assert!(
        common::app(&second).shared.records.is_none(),
        "it records nothing"
    );
    let after: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "no backup of its own either");
    // Once the first closes, the folder is free again.
    drop(first);
    let mut third = common::harness(dir.path());
    third.run();
    assert!(common::app(&third).shared.records.is_some());
}

#[test]
fn a_merge_from_the_command_line_waits_for_no_app_it_says_it_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("包.dqpack");
    let other = tempfile::tempdir().unwrap();
    let (records, _) = dangshi_quiz::storage::records::Records::open(other.path(), 1).unwrap();
    records.pack(&package).unwrap();
    drop(records);
    let mut app = common::harness(dir.path());
    app.run();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dangshi-quiz"))
        .args(["records", "merge", "--data-dir"])
        .arg(dir.path())
        .arg(&package)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("正在使用数据文件夹"), "{text}");
    // A read works alongside.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dangshi-quiz"))
        .args(["export", "--what", "participants", "--data-dir"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("名单.csv"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
