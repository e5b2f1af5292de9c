//! Power cuts: a child process answering an exam is killed with SIGKILL at random moments. After
//! each kill every answer it had acknowledged is in the database, and the database is sound.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::Duration;

use dangshi_quiz::core::grade::Response;
use dangshi_quiz::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use dangshi_quiz::storage::records::{OpenOutcome, Records};

const QUESTIONS: usize = 30;
const ROUNDS: u64 = 20;

/// The child: answers question after question forever, printing `ACK attempt position sequence`
/// once each answer is committed. Run only by `power_cuts_lose_no_acknowledged_answer`.
#[test]
#[ignore = "the child process of the crash test"]
fn crash_child() {
    let dir = std::env::var("CRASH_DATA_DIR").expect("run by the crash test");
    let (mut records, _) = Records::open(std::path::Path::new(&dir), 1).expect("opens");
    let attempt = NewAttempt {
        participant_id: None,
        mode: "exam",
        title: "断电测试".into(),
        rules_json: None,
        seed: Some(1),
        time_limit_secs: Some(600),
        questions: (0..QUESTIONS)
            .map(|i| PaperEntry {
                bank_id: "b".into(),
                question_id: format!("q{i}"),
                option_order: vec![],
                points: 1,
            })
            .collect(),
    };
    let id = records.start_attempt(&attempt, 2).expect("starts");
    let mut out = std::io::stdout().lock();
    for sequence in 0u64.. {
        let position = (sequence as usize * 7) % QUESTIONS;
        let answer = AnswerRecord {
            position,
            response: Some(Response::Blanks(vec![sequence.to_string()])),
            correct: None,
            points: None,
            time_used_ms: sequence as i64,
        };
        records
            .record_answer(id, &answer, 3 + sequence as i64)
            .expect("records");
        writeln!(out, "ACK {id} {position} {sequence}").expect("parent reads");
        out.flush().expect("parent reads");
    }
}

#[test]
fn power_cuts_lose_no_acknowledged_answer() {
    let exe = std::env::current_exe().expect("test binary");
    let mut rng = fastrand::Rng::with_seed(2026);
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(&exe)
            .args([
                "crash_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("CRASH_DATA_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("child starts");
        let stdout = child.stdout.take().expect("piped");
        let reader = std::thread::spawn(move || {
            let mut acked: HashMap<(i64, usize), u64> = HashMap::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let parts: Vec<&str> = line.split_whitespace().collect();
                if let ["ACK", id, position, sequence] = parts[..] {
                    acked.insert(
                        (id.parse().unwrap(), position.parse().unwrap()),
                        sequence.parse().unwrap(),
                    );
                }
            }
            acked
        });
        // Kill at a random moment: early ones hit the start, later ones the middle of a commit.
        std::thread::sleep(Duration::from_millis(rng.u64(0..300)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        let acked = reader.join().expect("reader");

        let (records, outcome) = Records::open(dir.path(), 10).expect("reopens");
        if !acked.is_empty() {
            assert_ne!(
                outcome,
                OpenOutcome::Created,
                "round {round}: the database survived"
            );
        }
        assert!(
            !matches!(
                outcome,
                OpenOutcome::Restored { .. } | OpenOutcome::DamagedWithoutBackup { .. }
            ),
            "round {round}: {outcome:?}"
        );
        assert!(records.integrity_ok(), "round {round}: integrity check");
        for ((id, position), sequence) in &acked {
            let saved = records.answers_of(*id, QUESTIONS).expect("reads")[*position].clone();
            let Some(Response::Blanks(values)) = saved else {
                panic!("round {round}: acknowledged answer {position} of attempt {id} is missing")
            };
            let saved: u64 = values[0].parse().expect("a sequence number");
            // A later answer may have been committed just before the kill, but never an earlier one.
            assert!(
                saved >= *sequence,
                "round {round}: answer {position} went back from {sequence} to {saved}"
            );
        }
        let answers = acked.values().max().map_or(0, |last| last + 1);
        eprintln!(
            "round {round}: killed after {answers} acknowledged answers; {} positions checked",
            acked.len()
        );
    }
}
