//! The records database on real SQLite files in a temp folder: pragmas, migrations from an older
//! schema, a damaged file, people, and answers that are on disk as soon as they are recorded.

use dangshi_quiz::core::grade::Response;
use dangshi_quiz::storage::attempts::Ended;
use dangshi_quiz::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use dangshi_quiz::storage::records::{
    BACKUPS_KEPT, DAILY_BACKUPS_KEPT, FILE_NAME, MIGRATIONS, OpenOutcome, Records, SCHEMA_VERSION,
};

const T0: i64 = 1_780_000_000_000;

fn exam(questions: usize) -> NewAttempt {
    NewAttempt {
        participant_id: None,
        mode: "exam",
        title: "标准模拟卷".into(),
        rules_json: Some("{}".into()),
        seed: Some(42),
        time_limit_secs: Some(600),
        questions: (0..questions)
            .map(|i| PaperEntry {
                bank_id: "bank".to_owned(),
                question_id: format!("q-{i}"),
                option_order: vec![1, 0, 2, 3],
                points: 2,
            })
            .collect(),
    }
}

#[test]
fn a_new_database_is_in_wal_mode_with_full_sync_at_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (records, outcome) = Records::open(dir.path(), T0).unwrap();
    assert_eq!(outcome, OpenOutcome::Created);
    assert_eq!(records.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        records
            .count("SELECT count(*) FROM pragma_journal_mode() WHERE journal_mode = 'wal'")
            .unwrap(),
        1
    );
    assert_eq!(
        records
            .count("SELECT synchronous FROM pragma_synchronous()")
            .unwrap(),
        2,
        "FULL is 2"
    );
    assert!(
        dir.path().join("backups").read_dir().unwrap().count() == 1,
        "a backup is taken at start"
    );
    drop(records);
    let (_, outcome) = Records::open(dir.path(), T0 + 1).unwrap();
    assert_eq!(outcome, OpenOutcome::Sound);
}

#[test]
fn an_older_schema_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO branches (name, created_ms) VALUES ('第一党支部', 1)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO attempts (uid, mode, title, started_ms, question_count) VALUES ('old-1', 'practice', '旧记录', 1, 5)",
            [],
        )
        .unwrap();
    }
    let (records, outcome) = Records::open(dir.path(), T0).unwrap();
    assert_eq!(outcome, OpenOutcome::Sound);
    assert_eq!(records.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(records.branches().unwrap()[0].name, "第一党支部");
    assert_eq!(
        records
            .count("SELECT count(*) FROM attempts WHERE uid = 'old-1' AND awaiting_grader = 0")
            .unwrap(),
        1
    );
    assert_eq!(
        records.count("SELECT count(*) FROM presets").unwrap(),
        0,
        "the new table exists"
    );
}

#[test]
fn a_database_from_a_newer_program_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let error = Records::open(dir.path(), T0)
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("更新版本的程序"), "{error}");
}

#[test]
fn a_damaged_database_is_kept_aside_and_the_latest_backup_restored() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (records, _) = Records::open(dir.path(), T0).unwrap();
        records.branch_named("机关党支部", T0).unwrap();
    }
    // The second start backs up the database with the branch in it.
    drop(Records::open(dir.path(), T0 + 1000).unwrap());
    let path = dir.path().join(FILE_NAME);
    std::fs::write(
        &path,
        b"SQLite format 3\0 but then the power went and this is all that is left",
    )
    .unwrap();

    let (records, outcome) = Records::open(dir.path(), T0 + 2000).unwrap();
    let OpenOutcome::Restored { damaged, backup } = &outcome else {
        panic!("{outcome:?}")
    };
    assert!(damaged.exists(), "the damaged file is kept");
    assert!(
        backup
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains(&format!("{:013}", T0 + 1000))
    );
    assert!(outcome.notice().unwrap().contains("已从最近的自动备份"));
    assert_eq!(records.branches().unwrap()[0].name, "机关党支部");
    assert!(records.integrity_ok());
}

#[test]
fn a_damaged_database_without_backup_starts_empty_and_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE_NAME), vec![0xAB; 4096]).unwrap();
    let (records, outcome) = Records::open(dir.path(), T0).unwrap();
    let OpenOutcome::DamagedWithoutBackup { damaged } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(std::fs::read(damaged).unwrap(), vec![0xAB; 4096]);
    assert!(outcome.notice().unwrap().contains("没有可用的自动备份"));
    assert_eq!(records.branches().unwrap(), []);
}

#[test]
fn backups_keep_the_last_starts_and_one_of_each_earlier_day() {
    const DAY: i64 = 86_400_000;
    let dir = tempfile::tempdir().unwrap();
    let count = || dir.path().join("backups").read_dir().unwrap().count();
    // Eight starts in one day: the newest five.
    for i in 0..8 {
        drop(Records::open(dir.path(), T0 + i * 1000).unwrap());
    }
    assert_eq!(count(), 5);
    // One start on each of ten later days, then a bad day of twenty starts: the twenty do not
    // rotate out the good days before them.
    for day in 1..=10 {
        drop(Records::open(dir.path(), T0 + day * DAY).unwrap());
    }
    for i in 0..20 {
        drop(Records::open(dir.path(), T0 + 11 * DAY + i * 1000).unwrap());
    }
    assert_eq!(count(), BACKUPS_KEPT + DAILY_BACKUPS_KEPT);
    // A clock set back a year: its backup is named after the newest, and kept.
    drop(Records::open(dir.path(), T0 - 365 * DAY).unwrap());
    let mut names: Vec<String> = dir
        .path()
        .join("backups")
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let newest: i64 = names.last().unwrap()["records-".len()..][..13]
        .parse()
        .unwrap();
    assert_eq!(newest, T0 + 11 * DAY + 19 * 1000 + 1);
}

#[test]
fn one_start_makes_one_backup_and_reading_makes_none() {
    let dir = tempfile::tempdir().unwrap();
    drop(Records::open(dir.path(), T0).unwrap());
    assert_eq!(dir.path().join("backups").read_dir().unwrap().count(), 1);
    let reader = Records::open_to_read(dir.path()).unwrap();
    assert_eq!(reader.branches().unwrap(), []);
    drop(Records::attach(dir.path()).unwrap());
    assert_eq!(dir.path().join("backups").read_dir().unwrap().count(), 1);
}

#[test]
fn an_empty_records_file_is_damage_and_a_busy_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    // Real records and their backup.
    {
        let (records, _) = Records::open(dir.path(), T0).unwrap();
        records
            .add_participant("刘晓梅", Some("第一党支部"), None, T0)
            .unwrap();
    }
    drop(Records::open(dir.path(), T0 + 1000).unwrap());
    // A records file emptied (a failed copy, a full disk): kept aside, the backup restored.
    std::fs::write(dir.path().join(FILE_NAME), b"").unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("{FILE_NAME}{side}")));
    }
    let (records, outcome) = Records::open(dir.path(), T0 + 2000).unwrap();
    assert!(
        matches!(outcome, OpenOutcome::Restored { .. }),
        "{outcome:?}"
    );
    assert_eq!(records.participants().unwrap().len(), 1);
    // Another program holds a write lock: opening waits, then says so, and renames nothing.
    drop(records);
    let holder = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
    holder
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
        .unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let started = std::time::Instant::now();
    let error = Records::open(dir.path(), T0 + 3000).err().expect("busy");
    assert!(
        error.to_string().contains("另一个程序正在使用成绩记录"),
        "{error}"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "it waited"
    );
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "nothing renamed, restored or made");
}

#[test]
fn people_are_added_once_renamed_moved_and_archived_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (records, _) = Records::open(dir.path(), T0).unwrap();
    let zhang = records
        .add_participant("张建国", Some("第一党支部"), Some("A0101"), T0)
        .unwrap();
    assert_eq!(
        records
            .add_participant("张建国（重名）", Some("第二党支部"), Some("A0101"), T0)
            .unwrap(),
        zhang,
        "same staff number"
    );
    let li = records
        .add_participant("李秀英", Some("第一党支部"), None, T0)
        .unwrap();
    assert_eq!(
        records
            .add_participant(" 李秀英 ", Some("第一党支部"), Some(""), T0)
            .unwrap(),
        li,
        "same name and branch"
    );
    let other_li = records
        .add_participant("李秀英", Some("第二党支部"), None, T0)
        .unwrap();
    assert_ne!(
        other_li, li,
        "same name in another branch is another person"
    );

    records.rename_participant(li, "李秀英（财务）").unwrap();
    let second = records.branch_named("第二党支部", T0).unwrap();
    records.move_participant(zhang, Some(second)).unwrap();
    records.set_participant_archived(other_li, true).unwrap();
    let first = records.branch_named("第一党支部", T0).unwrap();
    records.rename_branch(first, "第一党支部（综合）").unwrap();

    let people = records.participants().unwrap();
    assert_eq!(people.len(), 3);
    let find = |id| people.iter().find(|p| p.id == id).unwrap();
    assert_eq!(find(li).name, "李秀英（财务）");
    assert_eq!(find(li).branch_name.as_deref(), Some("第一党支部（综合）"));
    assert_eq!(find(zhang).branch_name.as_deref(), Some("第二党支部"));
    assert!(find(other_li).archived);
}

#[test]
fn answers_are_on_disk_when_recorded_and_an_unfinished_exam_can_be_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let (mut records, _) = Records::open(dir.path(), T0).unwrap();
        let id = records.start_attempt(&exam(4), T0).unwrap();
        let answer = |position, response, used| AnswerRecord {
            position,
            response: Some(response),
            correct: None,
            points: None,
            time_used_ms: used,
        };
        records
            .record_answer(id, &answer(0, Response::Choice(vec![1]), 5_000), T0 + 5_000)
            .unwrap();
        records
            .record_answer(id, &answer(2, Response::TrueFalse(true), 9_000), T0 + 9_000)
            .unwrap();
        records
            .record_answer(
                id,
                &answer(0, Response::Choice(vec![2]), 12_000),
                T0 + 12_000,
            )
            .unwrap();
        id
        // Dropped without finishing, as when the power goes.
    };
    let (mut records, _) = Records::open(dir.path(), T0 + 60_000).unwrap();
    let unfinished = records.unfinished_exams().unwrap();
    assert_eq!(unfinished.len(), 1);
    let exam = &unfinished[0];
    assert_eq!(exam.id, id);
    assert_eq!(exam.seed, Some(42));
    assert_eq!(exam.time_used_ms, 12_000);
    assert_eq!(exam.questions.len(), 4);
    assert_eq!(
        exam.questions[3],
        PaperEntry {
            bank_id: "bank".to_owned(),
            question_id: "q-3".to_owned(),
            option_order: vec![1, 0, 2, 3],
            points: 2,
        }
    );
    assert_eq!(
        exam.answers,
        [
            Some(Response::Choice(vec![2])),
            None,
            Some(Response::TrueFalse(true)),
            None
        ]
    );

    records
        .finish_attempt(
            id,
            &Ended {
                reason: "submitted",
                score: 4.0,
                max_score: 8.0,
                awaiting_grader: 0,
                time_used_ms: 60_000,
            },
            T0 + 70_000,
        )
        .unwrap();
    assert!(records.unfinished_exams().unwrap().is_empty());
}

#[test]
fn the_sample_participants_list_imports_and_a_second_import_adds_nobody() {
    use dangshi_quiz::storage::import::import_participants;
    let dir = tempfile::tempdir().unwrap();
    let (records, _) = Records::open(dir.path(), T0).unwrap();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/参加人员示例.csv");
    let report = import_participants(&records, &sample, T0).unwrap();
    assert_eq!(
        (report.read, report.added),
        (12, 12),
        "{:?}",
        report.problems
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let branches: Vec<String> = records
        .branches()
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(branches, ["机关党支部", "第一党支部", "第二党支部"]);
    let again = import_participants(&records, &sample, T0).unwrap();
    assert_eq!((again.read, again.added), (12, 0));
}

#[test]
fn gbk_csv_and_xlsx_lists_import_and_a_broken_workbook_is_an_error() {
    use dangshi_quiz::storage::import::import_participants;
    let dir = tempfile::tempdir().unwrap();
    let (records, _) = Records::open(dir.path(), T0).unwrap();

    let gbk = dir.path().join("名单.csv");
    let (bytes, _, _) =
        encoding_rs::GBK.encode("姓名,党支部,工号\r\n朱镕基,第一党支部,B01\r\n,第二党支部,\r\n");
    std::fs::write(&gbk, bytes).unwrap();
    let report = import_participants(&records, &gbk, T0).unwrap();
    assert_eq!((report.read, report.added), (1, 1));
    assert_eq!(report.problems, ["第 3 行没有姓名，已跳过"]);

    let xlsx = dir.path().join("名单.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in [
        ["党支部", "姓名", "工号"],
        ["机关党支部", "王海涛", "C01"],
        ["机关党支部", "刘晓梅", ""],
    ]
    .iter()
    .enumerate()
    {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    workbook.save(&xlsx).unwrap();
    let report = import_participants(&records, &xlsx, T0).unwrap();
    assert_eq!((report.read, report.added), (2, 2), "{:?}", report.problems);
    let people = records.participants().unwrap();
    assert!(people.iter().any(|p| p.name == "王海涛"
        && p.staff_no.as_deref() == Some("C01")
        && p.branch_name.as_deref() == Some("机关党支部")));

    let broken = dir.path().join("坏的.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
    let error = import_participants(&records, &broken, T0)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("无法读取表格") || error.contains("已损坏"),
        "{error}"
    );
    let unknown = dir.path().join("名单.docx");
    std::fs::write(&unknown, b"x").unwrap();
    assert!(
        import_participants(&records, &unknown, T0)
            .unwrap_err()
            .to_string()
            .contains("不支持“.docx”")
    );
}

#[test]
fn presets_round_trip_and_replace_by_name() {
    use dangshi_quiz::core::exam::PaperRules;
    use dangshi_quiz::core::scoring::PartialCredit;
    let dir = tempfile::tempdir().unwrap();
    let (records, _) = Records::open(dir.path(), T0).unwrap();
    let mut rules = PaperRules {
        name: "支部月考".into(),
        time_limit_secs: 900,
        per_question_secs: Some(45),
        ..PaperRules::default()
    };
    rules.categories.insert("党的创建".into());
    rules.partial_credit = PartialCredit::HalfForSubset;
    records.save_preset(&rules).unwrap();
    assert_eq!(records.presets().unwrap(), [rules.clone()]);
    rules.time_limit_secs = 1200;
    records.save_preset(&rules).unwrap();
    assert_eq!(records.presets().unwrap(), [rules], "same name replaces");
}

#[test]
fn branch_rank_counts_each_persons_best_exam_in_the_branch() {
    let dir = tempfile::tempdir().unwrap();
    let (mut records, _) = Records::open(dir.path(), T0).unwrap();
    let a = records
        .add_participant("甲", Some("第一党支部"), None, T0)
        .unwrap();
    let b = records
        .add_participant("乙", Some("第一党支部"), None, T0)
        .unwrap();
    let c = records
        .add_participant("丙", Some("第二党支部"), None, T0)
        .unwrap();
    for (who, score) in [(a, 60.0), (a, 90.0), (b, 80.0), (c, 100.0)] {
        let mut attempt = exam(1);
        attempt.participant_id = Some(who);
        let id = records.start_attempt(&attempt, T0).unwrap();
        answer_first(&mut records, id);
        records
            .finish_attempt(
                id,
                &Ended {
                    reason: "submitted",
                    score,
                    max_score: 100.0,
                    awaiting_grader: 0,
                    time_used_ms: 60_000,
                },
                T0 + 1,
            )
            .unwrap();
    }
    assert_eq!(
        records.branch_rank(b, 0.85).unwrap(),
        (2, 2),
        "乙 at 85% is behind 甲's best of 90%"
    );
    assert_eq!(records.branch_rank(b, 0.95).unwrap(), (1, 2));
    assert_eq!(
        records.branch_rank(c, 0.5).unwrap(),
        (1, 1),
        "丙's own best counts"
    );
}

/// Records an answer to the first question of attempt `id`.
fn answer_first(records: &mut Records, id: i64) {
    let answer = AnswerRecord {
        position: 0,
        response: Some(Response::Choice(vec![0])),
        correct: Some(true),
        points: Some(1.0),
        time_used_ms: 1000,
    };
    records.record_answer(id, &answer, T0).unwrap();
}

#[test]
fn an_attempt_without_an_answer_is_not_one_and_an_abandoned_exam_keeps_its_real_score() {
    let dir = tempfile::tempdir().unwrap();
    let (mut records, _) = Records::open(dir.path(), T0).unwrap();
    let who = records
        .add_participant("甲", Some("第一党支部"), None, T0)
        .unwrap();
    let mut attempt = exam(3);
    attempt.participant_id = Some(who);
    // Ended with no answer: gone.
    let empty = records.start_attempt(&attempt, T0).unwrap();
    records
        .finish_attempt(
            empty,
            &Ended {
                reason: "finished",
                score: 0.0,
                max_score: 3.0,
                awaiting_grader: 0,
                time_used_ms: 60_000,
            },
            T0 + 1,
        )
        .unwrap();
    assert_eq!(records.count("SELECT count(*) FROM attempts").unwrap(), 0);
    assert_eq!(
        records
            .count("SELECT count(*) FROM paper_questions")
            .unwrap(),
        0
    );
    // Given up after one right answer of three: its point of the paper's 6, not 0 of 0.
    let given_up = records.start_attempt(&attempt, T0).unwrap();
    answer_first(&mut records, given_up);
    records.abandon_attempt(given_up, T0 + 2).unwrap();
    assert_eq!(
        records
            .count("SELECT CAST(score AS INTEGER) FROM attempts WHERE end_reason = 'abandoned'")
            .unwrap(),
        1
    );
    assert_eq!(
        records
            .count("SELECT CAST(max_score AS INTEGER) FROM attempts WHERE end_reason = 'abandoned'")
            .unwrap(),
        6
    );
    // Given up with no answer: gone too.
    let nothing = records.start_attempt(&attempt, T0).unwrap();
    records.abandon_attempt(nothing, T0 + 3).unwrap();
    assert_eq!(records.count("SELECT count(*) FROM attempts").unwrap(), 1);
}

#[test]
fn a_first_start_cut_off_before_sqlite_wrote_a_byte_starts_afresh() {
    // A power cut in the first milliseconds of the first start: an empty file, no journal, no
    // backup. Nothing was ever kept, so nothing is damaged.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE_NAME), b"").unwrap();
    let (records, outcome) = Records::open(dir.path(), T0).unwrap();
    assert_eq!(outcome, OpenOutcome::Created);
    records
        .add_participant("刘晓梅", Some("第一党支部"), None, T0)
        .unwrap();
    assert_eq!(records.participants().unwrap().len(), 1);
    let kept_aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("damaged")
        })
        .count();
    assert_eq!(kept_aside, 0);
}
