//! Importing banks: a 10,000-row Excel workbook in the template's form, and a 100,000-question RON
//! bank, each read and checked from disk as the import screen does.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dangshi_quiz::core::bank::{Answer, Bank, Kind, Question};
use dangshi_quiz::storage::bank_files::{read_bank, write_bank};

fn bank(count: usize) -> Bank {
    let questions = (0..count)
        .map(|i| {
            let kind = [Kind::Single, Kind::Multiple, Kind::TrueFalse, Kind::Blank, Kind::Open][i % 5];
            let (answer, answer_text) = match kind {
                Kind::Single => (Answer::Choice(vec![1]), "B"),
                Kind::Multiple => (Answer::Choice(vec![0, 1, 2]), "ABC"),
                Kind::TrueFalse => (Answer::TrueFalse(true), "对"),
                Kind::Blank => (Answer::Blanks(vec![vec!["南湖".into(), "嘉兴南湖".into()]]), "南湖|嘉兴南湖"),
                Kind::Open => (Answer::Reference("学史明理、学史增信、学史崇德、学史力行。".into()), "学史明理、学史增信、学史崇德、学史力行。"),
            };
            Question {
                id: format!("q-{i:06}"),
                category: format!("第{}类", i % 7),
                kind,
                stem: format!("中国共产党第一次全国代表大会最后一天的会议转移到浙江嘉兴南湖的游船上举行（第{i}题）____"),
                options: if kind.has_options() {
                    vec!["南昌起义".into(), "秋收起义".into(), "广州起义".into(), "百色起义".into()]
                } else {
                    vec![]
                },
                answer,
                answer_text: answer_text.into(),
                explanation: Some("1921年7月23日，中国共产党第一次全国代表大会在上海开幕。".into()),
                source: Some("《中国共产党简史》第一章".into()),
                difficulty: Some((i % 5 + 1) as u8),
                tags: vec!["一大".into()],
                image: None,
                points: None,
                time_limit_secs: None,
                line: None,
            }
        })
        .collect();
    Bank {
        format: 1,
        id: "bench".into(),
        title: "性能测试".into(),
        version: "1".into(),
        description: String::new(),
        questions,
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = dir.path().join("10000.xlsx");
    write_bank(&bank(10_000), &xlsx).expect("writes");
    let ron = dir.path().join("100000.ron");
    write_bank(&bank(100_000), &ron).expect("writes");
    for path in [&xlsx, &ron] {
        let report = read_bank(path);
        assert!(report.is_ok(), "{:?}", report.problems.first());
    }
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("xlsx_10000_rows", |b| {
        b.iter(|| black_box(read_bank(black_box(&xlsx))))
    });
    group.bench_function("ron_100000_questions", |b| {
        b.iter(|| black_box(read_bank(black_box(&ron))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
