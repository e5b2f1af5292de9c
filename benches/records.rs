//! Drawing a 200-question paper from a 100,000-question bank, and committing one answer to the
//! records database (WAL, synchronous=FULL) on this machine's disk.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dangshi_quiz::core::bank::{Answer, Bank, Kind, Question};
use dangshi_quiz::core::exam::{DrawIndex, KindRule, PaperRules, draw, draw_indexed};
use dangshi_quiz::core::grade::Response;
use dangshi_quiz::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use dangshi_quiz::storage::records::Records;

fn big_bank(count: usize) -> Bank {
    let questions = (0..count)
        .map(|i| {
            let kind = [
                Kind::Single,
                Kind::Single,
                Kind::Multiple,
                Kind::TrueFalse,
                Kind::Blank,
            ][i % 5];
            Question {
                id: format!("q-{i:06}"),
                category: format!("第{}类", i % 7),
                kind,
                stem: format!("中国共产党第一次全国代表大会于哪一年召开？（第{i}题）"),
                options: if kind.has_options() {
                    vec![
                        "1919年".into(),
                        "1921年".into(),
                        "1927年".into(),
                        "1935年".into(),
                    ]
                } else {
                    vec![]
                },
                answer: match kind {
                    Kind::Single => Answer::Choice(vec![1]),
                    Kind::Multiple => Answer::Choice(vec![0, 1]),
                    Kind::TrueFalse => Answer::TrueFalse(true),
                    _ => Answer::Blanks(vec![vec!["南湖".into()]]),
                },
                answer_text: String::new(),
                explanation: Some("1921年7月，中共一大在上海开幕。".into()),
                source: Some("《中国共产党简史》".into()),
                difficulty: Some(2),
                tags: vec![],
                image: None,
                points: None,
                time_limit_secs: None,
                line: None,
            }
        })
        .collect();
    Bank {
        format: 1,
        id: "big".into(),
        title: "大题库".into(),
        version: String::new(),
        description: String::new(),
        questions,
    }
}

fn bench(c: &mut Criterion) {
    let bank = big_bank(100_000);
    let rules = PaperRules {
        kinds: vec![
            KindRule {
                kind: Kind::Single,
                count: 120,
                points: 1,
            },
            KindRule {
                kind: Kind::Multiple,
                count: 40,
                points: 2,
            },
            KindRule {
                kind: Kind::TrueFalse,
                count: 40,
                points: 1,
            },
        ],
        ..PaperRules::default()
    };
    assert_eq!(
        draw(&[&bank], &rules, 1).map(|p| p.questions.len()).ok(),
        Some(200)
    );
    let index = DrawIndex::new(&[&bank]);
    let mut seed = 0;
    c.bench_function("draw_200_from_100000", |b| {
        b.iter(|| {
            seed += 1;
            black_box(draw_indexed(&index, black_box(&rules), seed))
        })
    });
    c.bench_function("index_100000_then_draw_200", |b| {
        b.iter(|| {
            seed += 1;
            black_box(draw(&[&bank], black_box(&rules), seed))
        })
    });

    let dir = tempfile::tempdir().expect("temp dir");
    let (mut records, _) = Records::open(dir.path(), 1).expect("opens");
    let attempt = NewAttempt {
        participant_id: None,
        mode: "exam",
        title: "性能测试".into(),
        rules_json: None,
        seed: Some(1),
        time_limit_secs: Some(600),
        questions: (0..200)
            .map(|i| PaperEntry {
                bank_id: "big".into(),
                question_id: format!("q-{i:06}"),
                option_order: vec![],
                points: 1,
            })
            .collect(),
    };
    let id = records.start_attempt(&attempt, 2).expect("starts");
    let mut n = 0u64;
    c.bench_function("commit_one_answer", |b| {
        b.iter(|| {
            n += 1;
            let answer = AnswerRecord {
                position: (n % 200) as usize,
                response: Some(Response::Choice(vec![(n % 4) as usize])),
                correct: Some(n.is_multiple_of(2)),
                points: Some(1.0),
                time_used_ms: n as i64,
            };
            records
                .record_answer(id, &answer, n as i64)
                .expect("commits");
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
