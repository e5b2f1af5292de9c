//! The `check` command as a bank author uses it: exit codes, located messages, the JSON shape.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dangshi-quiz"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("output is UTF-8")
}

#[test]
fn a_valid_bank_passes_with_exit_code_0() {
    let file = fixture("示例题库.ron");
    let output = run(&["check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("通过：可用 5 题（单选 1、多选 1、判断 1、填空 1、简答 1），编码 UTF-8，0 个错误，0 个警告"), "{text}");
}

#[test]
fn every_error_is_listed_with_file_line_and_column() {
    let file = fixture("有错误的题库.ron");
    let name = file.to_str().unwrap();
    let output = run(&["check", name]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines[0].starts_with(&format!(
            "{name}:12:13: 第1题(b-001): 错误：题目没有“anwser”这个字段，是不是“answer”？"
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!("{name}:7:9: 第1题(b-001): 错误：缺少 answer")),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with(&format!(
            "{name}:16:19: 第2题(b-002): 错误：未知的题型“Singel”。是不是“Single”？"
        )),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with(&format!(
            "{name}:26:21: 第3题(b-003): 错误：答案字母 E 超出了选项范围"
        )),
        "{}",
        lines[3]
    );
    assert!(lines[4].contains("未通过：可用 1 题"), "{}", lines[4]);
}

#[test]
fn a_syntax_error_names_the_place_and_the_fix() {
    let file = fixture("语法错误.ron");
    let name = file.to_str().unwrap();
    let output = run(&["check", name]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!("{name}:4:18: 错误：这里用了全角逗号")),
        "{text}"
    );
}

#[test]
fn json_has_exactly_the_documented_keys() {
    let good = fixture("示例题库.ron");
    let bad = fixture("有错误的题库.ron");
    let output = run(&[
        "check",
        "--json",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let objects: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(objects.len(), 2);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    for object in &objects {
        assert_eq!(
            keys(object),
            ["by_kind", "errors", "file", "ok", "questions", "warnings"]
        );
        assert_eq!(
            keys(&object["by_kind"]),
            ["blank", "multiple", "open", "single", "true_false"]
        );
    }
    let good = &objects[0];
    assert_eq!(good["ok"], true);
    assert_eq!(good["questions"], 5);
    assert_eq!(good["by_kind"]["true_false"], 1);
    assert_eq!(good["errors"].as_array().unwrap().len(), 0);

    let bad = &objects[1];
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["questions"], 1);
    let errors = bad["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 4);
    assert_eq!(
        keys(&errors[0]),
        ["column", "line", "message", "question_id", "question_index"]
    );
    assert_eq!(errors[0]["line"], 12);
    assert_eq!(errors[0]["column"], 13);
    assert_eq!(errors[0]["question_index"], 1);
    assert_eq!(errors[0]["question_id"], "b-001");
    assert!(errors[0]["message"].as_str().unwrap().contains("answer"));
}

#[test]
fn a_missing_file_is_an_error_in_chinese() {
    let output = run(&["check", "/nonexistent/题库.ron"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("/nonexistent/题库.ron: 错误：无法读取或写入“/nonexistent/题库.ron”：找不到这个文件或文件夹"),
        "{text}"
    );
    assert!(!text.contains("os error"), "{text}");
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--nonsense", "x.ron"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn export_reads_an_empty_data_folder_and_refuses_one_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("打错的文件夹");
    let out = dir.path().join("导出/答题记录.csv");
    let output = run(&[
        "export",
        "--data-dir",
        missing.to_str().unwrap(),
        "--what",
        "attempts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("不存在"), "{}", stdout(&output));
    assert!(!missing.exists(), "a mistyped folder is not created");
    let data = dir.path().join("新的数据文件夹");
    std::fs::create_dir(&data).unwrap();
    let output = run(&[
        "export",
        "--data-dir",
        data.to_str().unwrap(),
        "--what",
        "attempts",
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        std::fs::read_dir(&data).unwrap().next().is_none(),
        "reading writes nothing into the data folder"
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        &bytes[..3],
        &[0xEF, 0xBB, 0xBF],
        "Excel needs the BOM to read UTF-8"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("记录编号,姓名,党支部,工号,类型,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "only the header");
}

#[test]
fn export_writes_xlsx_for_participants_branches_and_competitions() {
    let dir = tempfile::tempdir().unwrap();
    for what in ["participants", "branches", "competitions"] {
        let out = dir.path().join(format!("{what}.xlsx"));
        let output = run(&[
            "export",
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--what",
            what,
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip file");
    }
    assert_eq!(
        run(&["export", "--what", "nothing", "--out", "x.csv"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn usage_mistakes_and_help_are_in_chinese() {
    let english = [
        "Usage",
        "error:",
        "Options",
        "Arguments",
        "Print help",
        "unexpected",
        "found",
    ];
    for (args, expected) in [
        (
            &["chek", "a.ron"][..],
            "没有“chek”这个命令。是不是“check”？",
        ),
        (&["check"][..], "缺少必需的参数"),
        (&["--bogus"][..], "不认识的参数“--bogus”"),
        (
            &["export", "--what", "scores", "--out", "x.csv"][..],
            "的值“scores”不可用",
        ),
        (&["records"][..], "缺少要执行的命令"),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = String::from_utf8(output.stderr).unwrap();
        assert!(text.contains(expected), "{args:?}: {text}");
        assert!(text.contains("用法："), "{text}");
        for word in english {
            assert!(!text.contains(word), "{args:?}: English “{word}” in {text}");
        }
    }
    for args in [
        &["--help"][..],
        &["check", "--help"][..],
        &["records", "merge", "--help"][..],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output);
        assert!(text.contains("用法：dangshi-quiz"), "{text}");
        for word in english {
            assert!(!text.contains(word), "{args:?}: English “{word}” in {text}");
        }
    }
}

#[test]
fn the_console_program_gives_the_same_answers_and_opens_no_window() {
    let cli = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dangshi-quiz-cli"))
            .args(args)
            .output()
            .expect("the console program runs")
    };
    for (bank, code) in [("示例题库.ron", 0), ("有错误的题库.ron", 1)] {
        let file = fixture(bank);
        let args = ["check", file.to_str().unwrap()];
        let (console, window) = (cli(&args), run(&args));
        assert_eq!(console.status.code(), Some(code), "{bank}");
        assert_eq!(stdout(&console), stdout(&window), "{bank}");
    }
    let bare = cli(&[]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bare.stderr).contains("党史知识竞赛.exe"));
}
