//! `dangshi-quiz convert` between RON, XLSX and CSV: round trips keep every field, Chinese
//! encodings are read, and a bank with errors is reported like `check` does and not written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dangshi_quiz::core::bank::Bank;
use dangshi_quiz::storage::bank_files::read_bank;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dangshi-quiz"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn bundled(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("questions")
        .join(name)
}

fn convert(from: &Path, to: &Path) -> Output {
    run(&[
        "convert",
        from.to_str().unwrap(),
        "-o",
        to.to_str().unwrap(),
    ])
}

fn load(path: &Path) -> Bank {
    let report = read_bank(path);
    assert!(report.is_ok(), "{:#?}", report.problems);
    let mut bank = report.bank.expect("a bank");
    for q in &mut bank.questions {
        q.line = None;
    }
    bank
}

#[test]
fn ron_to_xlsx_to_ron_keeps_every_field_of_every_bundled_bank() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "00-示例题库.ron",
        "01-新民主主义革命时期.ron",
        "05-党史学习教育与党的建设.ron",
    ] {
        let xlsx = dir.path().join(name.replace(".ron", ".xlsx"));
        let back = dir.path().join(name);
        let output = convert(&bundled(name), &xlsx);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        assert!(text(&output).contains("已转换"), "{}", text(&output));
        let output = convert(&xlsx, &back);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        assert_eq!(load(&back), load(&bundled(name)), "{name}");
    }
}

#[test]
fn ron_to_csv_keeps_every_question() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("题库.csv");
    assert_eq!(
        convert(&bundled("02-社会主义革命和建设时期.ron"), &csv)
            .status
            .code(),
        Some(0)
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "Excel reads it as UTF-8");
    let back = dir.path().join("题库.ron");
    assert_eq!(convert(&csv, &back).status.code(), Some(0));
    assert_eq!(
        load(&back).questions,
        load(&bundled("02-社会主义革命和建设时期.ron")).questions
    );
}

#[test]
fn gbk_and_utf16_csv_from_chinese_excel_and_notepad_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "编号,题型,题干,选项A,选项B,选项C,选项D,答案,解析\r\nz-1,单选,朱镕基同志曾任国务院总理。下列表述正确的是,甲,乙,丙,丁,C,镕字不能显示为方框\r\nz-2,判断,遵义会议于1935年召开。,,,,,对,\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(csv);
    assert!(!unmappable);
    let gbk_file = dir.path().join("gbk.csv");
    std::fs::write(&gbk_file, &gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in csv.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let utf16_file = dir.path().join("utf16.csv");
    std::fs::write(&utf16_file, utf16).unwrap();
    for (file, encoding) in [(&gbk_file, "GBK/GB18030"), (&utf16_file, "UTF-16 LE")] {
        let out = dir.path().join("out.ron");
        let output = convert(file, &out);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        assert!(
            text(&output).contains(&format!("编码 {encoding}")),
            "{}",
            text(&output)
        );
        let bank = load(&out);
        assert_eq!(bank.questions.len(), 2);
        assert!(bank.questions[0].stem.starts_with("朱镕基"));
    }
}

#[test]
fn a_bank_with_errors_is_reported_by_row_and_column_and_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("有错.csv");
    std::fs::write(
        &bad,
        "题型,题干,选项A,选项B,答案\n单选,题一,甲,乙,C\n判断,题二,,,也许\n",
    )
    .unwrap();
    let out = dir.path().join("out.ron");
    let output = convert(&bad, &out);
    assert_eq!(output.status.code(), Some(1));
    let report = text(&output);
    assert!(report.contains(":2:5: 第1题(q-"), "{report}");
    assert!(
        report.contains("工作表“CSV”第 2 行 E 列：答案字母 C 超出了选项范围"),
        "{report}"
    );
    assert!(
        report.contains("工作表“CSV”第 3 行 E 列：判断题的答案“也许”无法识别"),
        "{report}"
    );
    assert!(report.contains("有错误，未转换"), "{report}");
    assert!(!out.exists());

    let check = run(&["check", bad.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1), "check reads spreadsheets too");
    assert_eq!(
        convert(&bundled("00-示例题库.ron"), &dir.path().join("x.docx"))
            .status
            .code(),
        Some(2)
    );
}
