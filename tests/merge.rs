//! Records from several PCs: packing, merging the same package twice, two PCs with people in
//! common, and packages that must be refused (damaged, not a package, from a newer program).

use dangshi_quiz::storage::attempts::Ended;
use std::path::Path;
use std::process::Command;

use dangshi_quiz::core::grade::Response;
use dangshi_quiz::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use dangshi_quiz::storage::records::{Records, SCHEMA_VERSION};
use dangshi_quiz::storage::standings::Filter;

/// Records an ended attempt of `person` with `answers` (right or wrong) on questions q0, q1…
fn attempt(records: &mut Records, person: i64, mode: &'static str, answers: &[bool], at: i64) {
    let questions = (0..answers.len())
        .map(|i| PaperEntry {
            bank_id: "党史".into(),
            question_id: format!("q{i}"),
            option_order: vec![],
            points: 1,
        })
        .collect();
    let id = records
        .start_attempt(
            &NewAttempt {
                participant_id: Some(person),
                mode,
                title: "测试".into(),
                rules_json: None,
                seed: None,
                time_limit_secs: None,
                questions,
            },
            at,
        )
        .unwrap();
    for (position, right) in answers.iter().enumerate() {
        let answer = AnswerRecord {
            position,
            response: Some(Response::TrueFalse(*right)),
            correct: Some(*right),
            points: Some(if *right { 1.0 } else { 0.0 }),
            time_used_ms: 1000 * position as i64,
        };
        records
            .record_answer(id, &answer, at + position as i64)
            .unwrap();
    }
    let right = answers.iter().filter(|r| **r).count() as f64;
    records
        .finish_attempt(
            id,
            &Ended {
                reason: "finished",
                score: right,
                max_score: answers.len() as f64,
                awaiting_grader: 0,
                time_used_ms: 60_000,
            },
            at + 100,
        )
        .unwrap();
}

fn open(dir: &Path) -> Records {
    Records::open(dir, 1).unwrap().0
}

/// PC A: the first branch's two members and one exam each.
fn pc_a(dir: &Path) -> Records {
    let mut records = open(dir);
    let zhang = records
        .add_participant("张建国", Some("第一党支部"), Some("A0101"), 1)
        .unwrap();
    let li = records
        .add_participant("李秀英", Some("第一党支部"), None, 1)
        .unwrap();
    attempt(&mut records, zhang, "exam", &[true, true, false], 1_000);
    attempt(&mut records, li, "exam", &[true, false, false], 2_000);
    records
}

#[test]
fn merging_the_same_package_twice_adds_nothing_the_second_time() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let package = a.path().join("一支部.dqpack");
    pc_a(a.path()).pack(&package).unwrap();
    let mut hub = open(b.path());
    let first = hub.merge(&package).unwrap();
    assert_eq!(
        (
            first.attempts_added,
            first.answers_added,
            first.people_added
        ),
        (2, 6, 2)
    );
    assert_eq!(first.branches_added, 1);
    let second = hub.merge(&package).unwrap();
    assert_eq!(
        (
            second.attempts_added,
            second.answers_added,
            second.attempts_known
        ),
        (0, 0, 2)
    );
    assert_eq!(
        (
            second.people_matched,
            second.people_added,
            second.branches_added
        ),
        (2, 0, 0)
    );
    assert_eq!(hub.count("SELECT count(*) FROM attempts").unwrap(), 2);
    assert_eq!(hub.count("SELECT count(*) FROM answers").unwrap(), 6);
    assert!(second.describe().contains("新增答题记录 0 次"));
}

#[test]
fn two_pcs_with_people_in_common_merge_into_one_leaderboard() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let hub_dir = tempfile::tempdir().unwrap();
    pc_a(a.path()).pack(&a.path().join("a.pack")).unwrap();
    {
        // PC B knows 张建国 by staff number (typed with another branch), 李秀英 by name and branch,
        // and has a member of its own.
        let mut records = open(b.path());
        let zhang = records
            .add_participant("张建国", Some("机关党支部"), Some("A0101"), 1)
            .unwrap();
        let li = records
            .add_participant("李秀英", Some("第一党支部"), None, 1)
            .unwrap();
        let wang = records
            .add_participant("王海涛", Some("机关党支部"), Some("A0301"), 1)
            .unwrap();
        attempt(
            &mut records,
            zhang,
            "challenge",
            &[true, true, true, true],
            3_000,
        );
        attempt(&mut records, li, "exam", &[true, true, true], 4_000);
        attempt(&mut records, wang, "exam", &[false, false, true], 5_000);
        records.pack(&b.path().join("b.pack")).unwrap();
    }
    let mut hub = open(hub_dir.path());
    hub.merge(&a.path().join("a.pack")).unwrap();
    let report = hub.merge(&b.path().join("b.pack")).unwrap();
    assert_eq!(
        (report.people_matched, report.people_added),
        (2, 1),
        "{report:?}"
    );
    assert_eq!(report.attempts_added, 3);
    assert_eq!(
        hub.participants().unwrap().len(),
        3,
        "张建国 and 李秀英 once each"
    );
    let board = hub.participant_leaderboard(&Filter::default()).unwrap();
    let li = board.iter().find(|r| r.name == "李秀英").unwrap();
    assert_eq!(
        (li.attempts, li.best.round(), li.answered),
        (2, 100.0, 6),
        "both PCs' attempts"
    );
    let zhang = board.iter().find(|r| r.name == "张建国").unwrap();
    assert_eq!(
        (zhang.best_streak, zhang.attempts),
        (4, 2),
        "the challenge from PC B counts for him"
    );
    assert_eq!(board[0].place, 1);
    // Per question, across both PCs: q0 was answered five times, four of them right.
    let stats = hub.question_stats(&Filter::default()).unwrap();
    let q0 = stats.iter().find(|s| s.question_id == "q0").unwrap();
    assert_eq!((q0.answers, q0.right), (5, 4));
    assert!((q0.facility() - 0.8).abs() < 1e-9);
    let q3 = stats.iter().find(|s| s.question_id == "q3").unwrap();
    assert_eq!(
        (q3.answers, q3.right),
        (1, 1),
        "only the challenge reached q3"
    );
    let exams_only = Filter {
        mode: Some("exam".into()),
        ..Filter::default()
    };
    assert!(
        hub.question_stats(&exams_only)
            .unwrap()
            .iter()
            .all(|s| s.question_id != "q3")
    );
}

#[test]
fn damaged_foreign_and_newer_packages_are_refused_and_change_nothing() {
    let a = tempfile::tempdir().unwrap();
    let hub_dir = tempfile::tempdir().unwrap();
    let package = a.path().join("a.pack");
    pc_a(a.path()).pack(&package).unwrap();
    let mut hub = open(hub_dir.path());

    let garbage = a.path().join("garbage.pack");
    std::fs::write(&garbage, "这不是数据库".repeat(500)).unwrap();
    let error = hub.merge(&garbage).unwrap_err().to_string();
    assert!(
        error.contains("garbage.pack") && error.contains("不是成绩记录包"),
        "{error}"
    );

    // A package cut short in the middle, as a failed copy to a USB stick leaves it.
    let bytes = std::fs::read(&package).unwrap();
    let cut = a.path().join("cut.pack");
    let mut damaged = bytes.clone();
    for b in &mut damaged[bytes.len() / 2..] {
        *b = 0xA5;
    }
    std::fs::write(&cut, &damaged).unwrap();
    let error = hub.merge(&cut).unwrap_err().to_string();
    assert!(error.contains("无法合并"), "{error}");

    let foreign = a.path().join("foreign.sqlite");
    rusqlite_like_foreign(&foreign);
    let error = hub.merge(&foreign).unwrap_err().to_string();
    assert!(error.contains("不是本程序的成绩记录包"), "{error}");

    let newer = a.path().join("newer.pack");
    std::fs::copy(&package, &newer).unwrap();
    set_user_version(&newer, SCHEMA_VERSION + 1);
    let error = hub.merge(&newer).unwrap_err().to_string();
    assert!(
        error.contains("更新版本") && error.contains("请先升级"),
        "{error}"
    );

    assert_eq!(
        hub.count("SELECT count(*) FROM attempts").unwrap(),
        0,
        "nothing merged"
    );
    assert_eq!(
        hub.merge(&package).unwrap().attempts_added,
        2,
        "a sound package still merges"
    );
}

/// A SQLite file of some other program.
fn rusqlite_like_foreign(path: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let records = open(dir.path());
    records.pack(path).unwrap();
    set_user_version(path, 0);
}

fn set_user_version(path: &Path, version: u32) {
    // The header's user_version is 4 big-endian bytes at offset 60.
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&version.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn the_command_line_packs_and_merges() {
    let a = tempfile::tempdir().unwrap();
    let hub = tempfile::tempdir().unwrap();
    drop(pc_a(a.path()));
    let package = a.path().join("包/一支部.dqpack");
    let exe = env!("CARGO_BIN_EXE_dangshi-quiz");
    let run = |args: &[&str]| {
        let output = Command::new(exe).args(args).output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, text) = run(&[
        "records",
        "pack",
        "--data-dir",
        a.path().to_str().unwrap(),
        "--out",
        package.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{text}");
    let merge = [
        "records",
        "merge",
        "--data-dir",
        hub.path().to_str().unwrap(),
        package.to_str().unwrap(),
    ];
    let (code, text) = run(&merge);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("新增答题记录 2 次"), "{text}");
    let (code, text) = run(&merge);
    assert_eq!(code, Some(0));
    assert!(
        text.contains("新增答题记录 0 次") && text.contains("跳过 2 次"),
        "{text}"
    );
    let (code, text) = run(&[
        "records",
        "merge",
        "--data-dir",
        hub.path().to_str().unwrap(),
        "没有这个文件.dqpack",
    ]);
    assert_eq!(code, Some(1), "{text}");
    let out = hub.path().join("排行榜.csv");
    let (code, text) = run(&[
        "export",
        "--data-dir",
        hub.path().to_str().unwrap(),
        "--what",
        "leaderboard",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{text}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.contains("名次,姓名,党支部") && csv.contains("1,张建国,第一党支部"),
        "{csv}"
    );
}

/// A package from PC A, then changed by hand with `sql` as someone hostile could.
fn doctored(dir: &Path, sql: &str) -> std::path::PathBuf {
    let source = dir.join("源");
    std::fs::create_dir_all(&source).unwrap();
    let records = pc_a(&source);
    let package = dir.join("改过的.dqpack");
    records.pack(&package).unwrap();
    drop(records);
    let conn = rusqlite::Connection::open(&package).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    package
}

fn hash(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Merges `package` into an empty hub; returns the error, after checking nothing changed.
fn refused(package: &Path) -> String {
    let hub_dir = tempfile::tempdir().unwrap();
    let mut hub = open(hub_dir.path());
    let before = hash(package);
    let beside: Vec<_> = std::fs::read_dir(package.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let error = hub.merge(package).unwrap_err().to_string();
    assert_eq!(hash(package), before, "the package is never written");
    let after: Vec<_> = std::fs::read_dir(package.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, after, "nothing is left beside the package");
    for table in ["participants", "attempts", "answers", "branches"] {
        assert_eq!(
            hub.count(&format!("SELECT count(*) FROM {table}")).unwrap(),
            0,
            "{table}: a refused package adds nothing"
        );
    }
    assert!(!error.is_ascii(), "{error}");
    error
}

#[test]
fn views_and_triggers_in_a_package_are_refused_without_running_them() {
    let dir = tempfile::tempdir().unwrap();
    let endless = doctored(
        dir.path(),
        "ALTER TABLE answers RENAME TO answers_real;
         CREATE VIEW answers AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
             SELECT 0 AS attempt_id, i AS position, 'b' AS bank_id, 'q' AS question_id, NULL AS response,
                    NULL AS correct, NULL AS points, 1.0 AS max_points, 0 AS answered_ms FROM n;",
    );
    let error = refused(&endless);
    assert!(error.contains("含有视图“answers”"), "{error}");
    let dir = tempfile::tempdir().unwrap();
    let trigger = doctored(
        dir.path(),
        "CREATE TRIGGER grow AFTER INSERT ON participants BEGIN
             INSERT INTO participants (name, created_ms) VALUES ('注入', 0);
         END;",
    );
    let error = refused(&trigger);
    assert!(error.contains("含有触发器“grow”"), "{error}");
}

#[test]
fn absurd_values_are_refused_naming_their_row() {
    for (sql, expected) in [
        (
            "UPDATE attempts SET score = 1e308 WHERE id = 1",
            "答题记录表第 1 行的得分",
        ),
        (
            "UPDATE attempts SET score = 9e999 WHERE id = 2",
            "答题记录表第 2 行的得分",
        ),
        (
            "UPDATE attempts SET score = 5, max_score = 3 WHERE id = 1",
            "高于满分",
        ),
        (
            "UPDATE participants SET name = (SELECT group_concat('名', '') FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 200) SELECT i FROM n)) WHERE id = 1",
            "人员表第 1 行的姓名有 200 个字",
        ),
        (
            "UPDATE attempts SET title = x'00ff' WHERE id = 1",
            "答题记录表第 1 行的内容不是文字",
        ),
        (
            "UPDATE answers SET points = -1 WHERE rowid = 1",
            "作答表第 1 行的得分",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let error = refused(&doctored(dir.path(), sql));
        assert!(error.contains(expected), "{sql}: {error}");
    }
}

#[test]
fn a_package_is_opened_read_only_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let package = doctored(dir.path(), "SELECT 1;");
    let before = hash(&package);
    let hub_dir = tempfile::tempdir().unwrap();
    let mut hub = open(hub_dir.path());
    let report = hub.merge(&package).unwrap();
    assert_eq!(report.attempts_added, 2);
    assert_eq!(hash(&package), before);
    let left: Vec<_> = std::fs::read_dir(hub_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("merge-"))
        .collect();
    assert!(left.is_empty(), "no temporary copies: {left:?}");
    // What the attempts count is worked out here, not taken from the package.
    let answered = hub.count("SELECT sum(answered) FROM attempts").unwrap();
    assert_eq!(answered, 6);
}
