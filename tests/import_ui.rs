//! Importing banks through the real UI: files dropped on the window, every problem of a bad file
//! shown with its place, a good workbook saved into the data folder, and a newer version of a bank
//! replacing the old one only after its changes were shown.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Dropped, app, harness, screen, wait_for_bank};
use dangshi_quiz::app::Screen;
use dangshi_quiz::core::load::load_bank;
use dangshi_quiz::shell::QuizApp;
use dangshi_quiz::storage::bank_files::write_bank;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn drop_files(harness: &mut Harness<'_, QuizApp>, paths: &[&Path]) {
    for path in paths {
        harness
            .input_mut()
            .dropped_files
            .push(Arc::new(Dropped(path.to_path_buf())));
    }
    harness.step();
    let started = Instant::now();
    while app(harness).import.job.is_some() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "import never finished"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

#[test]
fn dropped_banks_are_checked_saved_and_replaced_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("导入题库").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::Import);

    // A spreadsheet with mistakes: every one is listed with its row and column, nothing is saved.
    let bad = files.path().join("有错的题库.csv");
    std::fs::write(
        &bad,
        "题型,题干,选项A,选项B,答案\n单选,题一,甲,乙,C\n判断,题二,,,也许\n",
    )
    .unwrap();
    drop_files(&mut harness, &[&bad]);
    harness.get_by_label("有 2 个问题，未导入（编码 UTF-8）");
    harness.get_by_label_contains("工作表“CSV”第 2 行 E 列：答案字母 C 超出了选项范围");
    harness.get_by_label_contains("工作表“CSV”第 3 行 E 列：判断题的答案“也许”无法识别");

    // A good workbook is saved into the data folder and appears among the banks.
    let sample = load_bank("s.ron", include_bytes!("fixtures/示例题库.ron"))
        .bank
        .unwrap();
    let mut mine = sample.clone();
    mine.id = "branch-1".into();
    mine.title = "第一党支部题库".into();
    let workbook = files.path().join("第一党支部题库.xlsx");
    write_bank(&mine, &workbook).unwrap();
    drop_files(&mut harness, &[&workbook]);
    harness.get_by_label_contains("已导入 5 题");
    wait_for_bank(&mut harness, "第一党支部题库");
    let saved = dir.path().join("banks/branch-1.ron");
    assert!(saved.exists());

    // A newer version: the changes are shown, and the old file is kept as .bak once confirmed.
    let mut newer = mine.clone();
    newer.questions.remove(4);
    newer.questions[0].stem = "中共一大于哪一年召开？".into();
    let mut added = newer.questions[1].clone();
    added.id = "s-101".into();
    added.stem = "下列属于1929年党领导的武装起义的有（ ）。".into();
    newer.questions.push(added);
    let newer_file = files.path().join("第一党支部题库-新版.ron");
    write_bank(&newer, &newer_file).unwrap();
    drop_files(&mut harness, &[&newer_file]);
    harness.get_by_label("替换已有的题库？");
    harness.get_by_label("新增 1 题，修改 1 题，删除 1 题");
    harness.get_by_label("替换").click();
    harness.run();
    harness.get_by_label_contains("已替换旧版（新增 1 题，修改 1 题，删除 1 题）");
    assert!(dir.path().join("banks/branch-1.ron.bak").exists());
    let now = load_bank("x.ron", &std::fs::read(&saved).unwrap())
        .bank
        .unwrap();
    assert_eq!(now.questions.len(), 5);
    assert_eq!(now.questions[0].stem, "中共一大于哪一年召开？");
    let old = load_bank(
        "x.ron",
        &std::fs::read(dir.path().join("banks/branch-1.ron.bak")).unwrap(),
    )
    .bank
    .unwrap();
    assert_eq!(old.questions[0].stem, sample.questions[0].stem);

    // The blank template is written for authors to fill in.
    harness.get_by_label("导出空白模板（Excel）").click();
    harness.run();
    let template = dir.path().join("导出/题库模板.xlsx");
    assert!(template.exists());
    let report = dangshi_quiz::storage::bank_files::read_bank(&template);
    assert!(report.is_ok(), "{:?}", report.problems);
}

/// Waits for the import under way, if any, to end.
fn wait_for_import(harness: &mut Harness<'_, QuizApp>) {
    let started = Instant::now();
    harness.step();
    while app(harness).import.job.is_some() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "import never finished"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run();
}

#[test]
fn where_no_system_dialog_opens_files_are_chosen_inside_the_window_or_typed() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/示例题库.ron");
    let mut text = std::fs::read_to_string(&sample).unwrap();
    text = text.replace("dangshi-sample", "picked-bank");
    std::fs::write(files.path().join("选来的题库.ron"), &text).unwrap();
    std::fs::write(files.path().join("别的文件.txt"), "不是题库").unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("导入题库").click();
    harness.run();
    // The dialog inside the window, in Chinese, shows only banks.
    harness.state_mut().open_in_app_dialog(
        dangshi_quiz::app::Pick::Banks,
        Some(files.path().to_path_buf()),
    );
    harness.run();
    harness.get_by_label("取消");
    assert!(harness.query_by_label_contains("别的文件.txt").is_none());
    harness.get_by_label("选来的题库.ron").click();
    harness.run();
    harness.get_by_label("打开（已选 1 个）").click();
    wait_for_import(&mut harness);
    harness.get_by_label_contains("已导入 5 题");

    // A typed path works as well.
    text = text.replace("picked-bank", "typed-bank");
    let typed = files.path().join("输入路径的题库.ron");
    std::fs::write(&typed, &text).unwrap();
    common::type_into_labelled(&mut harness, "或输入文件路径：", typed.to_str().unwrap());
    harness.get_by_label("读取").click();
    wait_for_import(&mut harness);
    harness.get_by_label_contains("输入路径的题库.ron");
    assert_eq!(
        std::fs::read_dir(dir.path().join("banks")).unwrap().count(),
        2,
        "both banks saved"
    );
}
