//! Hostile and unlucky files, made here by code at test time: a pipe, a link to /dev/zero, zip
//! bombs and a sparse sheet, record packages with views, triggers and absurd values, a busy data
//! folder, outputs aimed at inputs. Each case runs the real program under a memory and time limit
//! (prlimit: 1.5 GB of address space, 20 s of CPU; 30 s of wall clock), expects its exit code and
//! a Chinese message, and compares the data folder before and after: it is exactly as it was.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dangshi_quiz::storage::records::Records;

/// Runs the program with `args` under the limits; returns the exit code and what it printed.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let program = env!("CARGO_BIN_EXE_dangshi-quiz");
    let limited = Path::new("/usr/bin/prlimit").exists();
    let mut command = if limited {
        let mut c = Command::new("/usr/bin/prlimit");
        c.args(["--as=1610612736", "--cpu=20", "--", program]);
        c
    } else {
        Command::new(program)
    };
    let mut child = command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("{args:?} hung past 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().expect("output");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (status.code(), text)
}

/// Every file of a data folder with a hash of its bytes (SQLite's shared-memory index aside: it is
/// not data).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("reads").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !path.to_string_lossy().ends_with("-shm") {
                use std::hash::{Hash, Hasher};
                let mut hasher = std::hash::DefaultHasher::new();
                std::fs::read(&path).unwrap_or_default().hash(&mut hasher);
                out.insert(
                    path.strip_prefix(dir).unwrap_or(&path).to_path_buf(),
                    hasher.finish(),
                );
            }
        }
    }
    out
}

/// A data folder with someone in the records.
fn data_folder(root: &Path) -> PathBuf {
    let dir = root.join("数据");
    let (records, _) = Records::open(&dir, 1_780_000_000_000).expect("records");
    records
        .add_participant(
            "张建国",
            Some("第一党支部"),
            Some("A0101"),
            1_780_000_000_000,
        )
        .expect("adds");
    dir
}

/// Runs a case that must fail with `code` and say `words`, leaving `data` as it was.
fn refused(args: &[&str], data: &Path, code: i32, words: &str) {
    let before = snapshot(data);
    let (exit, text) = run(args);
    assert_eq!(exit, Some(code), "{args:?}: {text}");
    assert!(
        text.contains(words),
        "{args:?}: expected “{words}” in {text}"
    );
    assert!(
        !text.is_ascii(),
        "{args:?}: the message is in Chinese: {text}"
    );
    for english in ["os error", "EOCD", "readonly database", "duplicate column"] {
        assert!(!text.contains(english), "{args:?}: {text}");
    }
    assert_eq!(snapshot(data), before, "{args:?}: the data folder changed");
}

fn zip(path: &Path, parts: &[(&str, &[u8])]) {
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).expect("creates"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        writer.start_file(*name, options).expect("starts");
        writer.write_all(bytes).expect("writes");
    }
    writer.finish().expect("finishes");
}

#[test]
fn special_files_and_bombs_are_refused_quickly_and_in_chinese() {
    let root = tempfile::tempdir().unwrap();
    let data = data_folder(root.path());
    let dir = root.path();
    let s = |p: &PathBuf| p.to_string_lossy().into_owned();
    let data_arg = s(&data);

    #[cfg(unix)]
    {
        let fifo = dir.join("管道.csv");
        let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
        refused(&["check", &s(&fifo)], &data, 1, "不是普通文件");
        refused(
            &["--data-dir", &data_arg, "records", "merge", &s(&fifo)],
            &data,
            1,
            "不是普通文件",
        );
        let zero = dir.join("零.ron");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        refused(&["check", &s(&zero)], &data, 1, "不是普通文件");
    }

    // A sheet with a cell at XFD1048576: 1.7 KB asking for the whole range between.
    let sparse = dir.join("稀疏.xlsx");
    zip(
        &sparse,
        &[
            ("[Content_Types].xml", b"<Types/>"),
            (
                "xl/worksheets/sheet1.xml",
                b"<worksheet><sheetData><row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>",
            ),
        ],
    );
    let (code, text) = run(&["check", &s(&sparse)]);
    assert_eq!(code, Some(1), "{text}");
    assert!(!text.is_ascii(), "{text}");
    // One cell of 200 MB, compressed to a few hundred kilobytes.
    let bomb = dir.join("炸弹.xlsx");
    let big = vec![b'a'; 200 * 1024 * 1024];
    zip(&bomb, &[("xl/sharedStrings.xml", &big)]);
    refused(&["check", &s(&bomb)], &data, 1, "解压后超过 128 MB");
    // A people list that is a bomb, through the app's import path (the same reader).
    let bomb_list = dir.join("名单.xlsx");
    std::fs::copy(&bomb, &bomb_list).unwrap();
    let error = dangshi_quiz::storage::import::read_rows(&bomb_list)
        .unwrap_err()
        .to_string();
    assert!(error.contains("解压后超过"), "{error}");
}

/// A package from a small records folder, changed with `sql` as someone hostile could.
fn package(root: &Path, name: &str, sql: &str) -> PathBuf {
    let source = root.join(format!("源-{name}"));
    let (records, _) = Records::open(&source, 1_780_000_000_000).expect("records");
    records
        .add_participant("李秀英", Some("第二党支部"), None, 1_780_000_000_000)
        .expect("adds");
    let path = root.join(format!("{name}.dqpack"));
    records.pack(&path).expect("packs");
    drop(records);
    let conn = rusqlite::Connection::open(&path).expect("opens");
    conn.execute_batch(sql).expect("doctors");
    path
}

#[test]
fn hostile_packages_change_nothing() {
    let root = tempfile::tempdir().unwrap();
    let data = data_folder(root.path());
    let data_arg = data.to_string_lossy().into_owned();
    for (name, sql, words) in [
        (
            "视图",
            "ALTER TABLE attempts RENAME TO a2; CREATE VIEW attempts AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT * FROM a2, n;",
            "含有视图",
        ),
        (
            "触发器",
            "CREATE TRIGGER t AFTER INSERT ON branches BEGIN INSERT INTO participants (name, created_ms) VALUES ('注入', 0); END;",
            "含有触发器",
        ),
        (
            "无穷",
            "INSERT INTO attempts (uid, mode, title, started_ms, score, max_score, question_count) VALUES ('x', 'exam', 't', 1, 9e999, 9e999, 1);",
            "超出了合理范围",
        ),
        (
            "长名",
            "UPDATE participants SET name = (SELECT hex(zeroblob(5000)));",
            "超过了 100 个",
        ),
        ("更新版本", "PRAGMA user_version = 99;", "更新版本"),
    ] {
        let path = package(root.path(), name, sql);
        let before = std::fs::read(&path).unwrap();
        refused(
            &[
                "--data-dir",
                &data_arg,
                "records",
                "merge",
                &path.to_string_lossy(),
            ],
            &data,
            1,
            words,
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{name}: the package is never written"
        );
    }
    let not_sqlite = root.path().join("假包.dqpack");
    std::fs::write(&not_sqlite, "这不是数据库").unwrap();
    refused(
        &[
            "--data-dir",
            &data_arg,
            "records",
            "merge",
            &not_sqlite.to_string_lossy(),
        ],
        &data,
        1,
        "不是成绩记录包",
    );
}

#[test]
fn a_busy_data_folder_is_said_to_be_busy_and_left_alone() {
    let root = tempfile::tempdir().unwrap();
    let data = data_folder(root.path());
    let path = package(root.path(), "正常", "SELECT 1;");
    let lock = dangshi_quiz::storage::lock::DataLock::acquire(&data).expect("the app holds it");
    refused(
        &[
            "--data-dir",
            &data.to_string_lossy(),
            "records",
            "merge",
            &path.to_string_lossy(),
        ],
        &data,
        1,
        "正在使用",
    );
    drop(lock);
}

#[test]
fn outputs_never_overwrite_inputs_or_the_records() {
    let root = tempfile::tempdir().unwrap();
    let data = data_folder(root.path());
    let data_arg = data.to_string_lossy().into_owned();
    let live = data.join("records.sqlite").to_string_lossy().into_owned();
    refused(
        &[
            "--data-dir",
            &data_arg,
            "export",
            "--what",
            "attempts",
            "--out",
            &live,
        ],
        &data,
        1,
        "本机的成绩记录",
    );
    refused(
        &["--data-dir", &data_arg, "records", "pack", "--out", &live],
        &data,
        1,
        "本机的成绩记录",
    );
    let xls = root.path().join("成绩.xls").to_string_lossy().into_owned();
    refused(
        &[
            "--data-dir",
            &data_arg,
            "export",
            "--what",
            "attempts",
            "--format",
            "xlsx",
            "--out",
            &xls,
        ],
        &data,
        1,
        ".xlsx",
    );
    // convert onto its own input: refused, the bank untouched.
    let bank = root.path().join("题库.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/示例题库.ron"),
        &bank,
    )
    .unwrap();
    let before = std::fs::read(&bank).unwrap();
    let bank_arg = bank.to_string_lossy().into_owned();
    let (code, text) = run(&["convert", &bank_arg, "-o", &bank_arg]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("就是要读取的文件"), "{text}");
    assert_eq!(std::fs::read(&bank).unwrap(), before);
    // A file that only shares a name with a temporary one is never touched.
    let keep = root.path().join("keep.csv.tmp");
    std::fs::write(&keep, "别人的文件").unwrap();
    let out = root.path().join("keep.csv").to_string_lossy().into_owned();
    let (code, text) = run(&["convert", &bank_arg, "-o", &out]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "别人的文件");
}
