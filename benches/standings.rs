//! Standings over a million recorded answers (the leaderboards must stay under 50 ms), the chart
//! figures over the same, and merging a package of 100,000 answers from another PC.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dangshi_quiz::storage::records::{FILE_NAME, Records};
use dangshi_quiz::storage::standings::Filter;
use rusqlite::{Connection, params};

const QUESTIONS_PER_ATTEMPT: usize = 20;
const BANKS: [&str; 5] = ["xmz", "shjs", "ggkf", "xsd", "dsxx"];

/// A records folder with `answers` answers: 600 people in 12 branches, attempts of 20 questions
/// in every mode, written straight into SQLite in one transaction (setting up is not measured).
fn records_with(dir: &Path, answers: usize, uid_prefix: &str) {
    drop(Records::open(dir, 1).expect("records open"));
    let mut conn = Connection::open(dir.join(FILE_NAME)).expect("opens");
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("pragma");
    let tx = conn.transaction().expect("transaction");
    for b in 0..12 {
        tx.execute(
            "INSERT OR IGNORE INTO branches (name, created_ms) VALUES (?1, 0)",
            params![format!("第{b}党支部")],
        )
        .expect("branch");
    }
    for p in 0..600i64 {
        tx.execute(
            "INSERT INTO participants (name, branch_id, staff_no, created_ms) VALUES (?1, ?2, ?3, 0)",
            params![format!("党员{p}"), p % 12 + 1, format!("{uid_prefix}{p:05}")],
        )
        .expect("participant");
    }
    let modes = ["exam", "practice", "challenge", "daily", "review"];
    let mut rng = fastrand::Rng::with_seed(7);
    {
        let mut attempt = tx
            .prepare(
                "INSERT INTO attempts (uid, participant_id, mode, title, started_ms, ended_ms, end_reason, time_used_ms,
                                       score, max_score, question_count, answered, correct_count, banks)
                 VALUES (?1, ?2, ?3, '基准', ?4, ?5, 'finished', ?6, ?7, ?8, ?9, ?9, ?7, ?10)",
            )
            .expect("prepare");
        let mut answer = tx
            .prepare(
                "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct, points, max_points, answered_ms)
                 VALUES (?1, ?2, ?3, ?4, 'null', ?5, ?5, 1, ?6)",
            )
            .expect("prepare");
        for a in 0..answers / QUESTIONS_PER_ATTEMPT {
            let bank = BANKS[a % BANKS.len()];
            let started = 1_750_000_000_000 + a as i64 * 60_000;
            let rights: Vec<bool> = (0..QUESTIONS_PER_ATTEMPT)
                .map(|_| rng.u8(0..10) < 7)
                .collect();
            let score = rights.iter().filter(|r| **r).count() as i64;
            attempt
                .execute(params![
                    format!("{uid_prefix}-{a}"),
                    rng.i64(1..=600),
                    modes[a % modes.len()],
                    started,
                    started + 600_000,
                    rng.i64(60_000..900_000),
                    score,
                    QUESTIONS_PER_ATTEMPT as i64,
                    QUESTIONS_PER_ATTEMPT as i64,
                    bank
                ])
                .expect("attempt");
            let id = tx.last_insert_rowid();
            for (position, right) in rights.iter().enumerate() {
                answer
                    .execute(params![
                        id,
                        position as i64,
                        bank,
                        format!("{bank}-{:03}", rng.u32(0..110)),
                        *right as i64,
                        started
                    ])
                    .expect("answer");
            }
        }
    }
    tx.commit().expect("commit");
}

fn standings(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    records_with(dir.path(), 1_000_000, "p");
    let (records, _) = Records::open(dir.path(), 2).expect("opens");
    assert_eq!(
        records
            .count("SELECT count(*) FROM answers")
            .expect("counts"),
        1_000_000
    );
    let all = Filter::default();
    let narrow = Filter {
        bank: Some("xsd".into()),
        mode: Some("exam".into()),
        from_ms: Some(1_750_000_000_000 + 10_000 * 60_000),
        to_ms: None,
    };
    let mut group = c.benchmark_group("standings over 1,000,000 answers");
    group.sample_size(20);
    group.bench_function("participant leaderboard, all", |b| {
        b.iter(|| black_box(records.participant_leaderboard(&all).expect("reads")))
    });
    group.bench_function("branch leaderboard, all", |b| {
        b.iter(|| black_box(records.branch_leaderboard(&all).expect("reads")))
    });
    group.bench_function("participant leaderboard, bank+mode+dates", |b| {
        b.iter(|| black_box(records.participant_leaderboard(&narrow).expect("reads")))
    });
    group.bench_function("score distribution, all", |b| {
        b.iter(|| black_box(records.score_distribution(&all).expect("reads")))
    });
    group.sample_size(10);
    group.bench_function("per-question figures (charts), all", |b| {
        b.iter(|| black_box(records.question_stats(&all).expect("reads")))
    });
    group.finish();
}

fn merge(c: &mut Criterion) {
    let source = tempfile::tempdir().expect("temp dir");
    records_with(source.path(), 100_000, "m");
    let package = source.path().join("package.dqpack");
    Records::open(source.path(), 2)
        .expect("opens")
        .0
        .pack(&package)
        .expect("packs");
    let mut group = c.benchmark_group("records merge");
    group.sample_size(10);
    group.bench_function(
        "merge a package of 100,000 answers into empty records",
        |b| {
            b.iter_batched(
                || {
                    let hub = tempfile::tempdir().expect("temp dir");
                    let records = Records::open(hub.path(), 3).expect("opens").0;
                    (hub, records)
                },
                |(hub, mut records)| {
                    let report = records.merge(&package).expect("merges");
                    assert_eq!(report.answers_added, 100_000);
                    (hub, records)
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

criterion_group!(benches, standings, merge);
criterion_main!(benches);
