//! Loading and validating generated banks of 10,000 and 100,000 questions with realistic Chinese
//! text, beside a plain `ron::from_str` of the same text into serde structs.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dangshi_quiz::core::load::load_bank;
use serde::Deserialize;

/// The same shape as format v1, for the plain serde parse.
#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainBank {
    format: u32,
    id: String,
    title: String,
    version: String,
    description: String,
    questions: Vec<PlainQuestion>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
enum PlainKind {
    Single,
    Multiple,
    TrueFalse,
    Blank,
    Open,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainQuestion {
    id: String,
    category: Option<String>,
    kind: PlainKind,
    stem: String,
    #[serde(default)]
    options: Vec<String>,
    answer: String,
    explanation: Option<String>,
    source: Option<String>,
    difficulty: Option<u8>,
    #[serde(default)]
    tags: Vec<String>,
}

const STEMS: [&str; 4] = [
    "中国共产党第一次全国代表大会最后一天的会议转移到浙江嘉兴南湖的一艘游船上举行，这次会议通过了党的第一个纲领。下列说法正确的是",
    "遵义会议是党的历史上一个生死攸关的转折点，这次会议开始确立了以毛泽东同志为主要代表的马克思主义正确路线在党中央的领导地位",
    "党的十一届三中全会实现了新中国成立以来党的历史上具有深远意义的伟大转折，开启了改革开放和社会主义现代化建设新时期",
    "党史学习教育的总要求是学史明理、学史增信、学史崇德、学史力行，要求做到学党史、悟思想、办实事、开新局",
];

fn generated_bank(count: usize) -> String {
    let mut text = String::from(
        "// 生成的测试题库\n(\n    format: 1,\n    id: \"bench\",\n    title: \"性能测试题库\",\n    version: \"1\",\n    description: \"生成的题目\",\n    questions: [\n",
    );
    for i in 0..count {
        let stem = STEMS[i % STEMS.len()];
        let (kind, options, answer) = match i % 5 {
            0 => (
                "Single",
                "[\"1919年\", \"1921年\", \"1927年\", \"1935年\"]",
                "B",
            ),
            1 => (
                "Multiple",
                "[\"南昌起义\", \"秋收起义\", \"广州起义\", \"百色起义\"]",
                "ABC",
            ),
            2 => ("TrueFalse", "[]", "对"),
            3 => ("Blank", "[]", "南湖|嘉兴南湖"),
            _ => ("Open", "[]", "学史明理、学史增信、学史崇德、学史力行。"),
        };
        text.push_str(&format!(
            "        (\n            id: \"q-{i:06}\",\n            category: \"第{}类\",\n            kind: {kind},\n            stem: \"{stem}（第{i}题）\",\n            options: {options},\n            answer: \"{answer}\",\n            explanation: \"1921年7月23日，中国共产党第一次全国代表大会在上海开幕，最后一天的会议转移到浙江嘉兴南湖的游船上举行。\",\n            source: \"《中国共产党简史》第一章\",\n            difficulty: {},\n            tags: [\"一大\", \"建党\"],\n        ),\n",
            i % 7,
            i % 5 + 1
        ));
    }
    text.push_str("    ],\n)\n");
    text
}

fn bench(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        let text = generated_bank(count);
        let report = load_bank("bench.ron", text.as_bytes());
        assert!(report.is_ok(), "generated bank must be valid");
        assert_eq!(report.bank.map(|b| b.questions.len()), Some(count));
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        assert!(
            options.from_str::<PlainBank>(&text).is_ok(),
            "plain parse must accept it too"
        );

        let mut group = c.benchmark_group(format!("bank_{count}"));
        group.sample_size(if count > 10_000 { 10 } else { 20 });
        group.bench_function("load_and_validate", |b| {
            b.iter(|| black_box(load_bank("bench.ron", black_box(text.as_bytes()))))
        });
        group.bench_function("plain_ron_from_str", |b| {
            b.iter(|| black_box(options.from_str::<PlainBank>(black_box(&text)).ok()))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
