//! `check` of a bank of 100,000 questions beside Python's `json.load` of the same questions as
//! JSON, measured side by side in one run, with each one's peak memory; and the app's own load of
//! that bank, to the counts the home screen shows.
//!
//! `cargo bench --bench bank_check` (Python 3 on the PATH for the comparison).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use dangshi_quiz::app::shared::Library;
use dangshi_quiz::core::library::{BankEntry, Origin};
use dangshi_quiz::core::load::Keep;
use dangshi_quiz::storage::bank_files::read_bank_as;

const QUESTIONS: usize = 100_000;
const ROUNDS: usize = 9;

const STEMS: [&str; 4] = [
    "中国共产党第一次全国代表大会最后一天的会议转移到浙江嘉兴南湖的一艘游船上举行，这次会议通过了党的第一个纲领。下列说法正确的是",
    "遵义会议是党的历史上一个生死攸关的转折点，这次会议开始确立了以毛泽东同志为主要代表的马克思主义正确路线在党中央的领导地位",
    "党的十一届三中全会实现了新中国成立以来党的历史上具有深远意义的伟大转折，开启了改革开放和社会主义现代化建设新时期",
    "党史学习教育的总要求是学史明理、学史增信、学史崇德、学史力行，要求做到学党史、悟思想、办实事、开新局",
];

/// The same questions as RON (format v1) and as JSON.
fn generated(count: usize) -> (String, String) {
    let mut ron = String::from(
        "// 生成的测试题库\n(\n    format: 1,\n    id: \"bench\",\n    title: \"性能测试题库\",\n    version: \"1\",\n    description: \"生成的题目\",\n    questions: [\n",
    );
    let mut questions = Vec::with_capacity(count);
    for i in 0..count {
        let stem = format!("{}（第{i}题）", STEMS[i % STEMS.len()]);
        let (kind, options, answer): (&str, &[&str], &str) = match i % 5 {
            0 => ("Single", &["1919年", "1921年", "1927年", "1935年"], "B"),
            1 => (
                "Multiple",
                &["南昌起义", "秋收起义", "广州起义", "百色起义"],
                "ABC",
            ),
            2 => ("TrueFalse", &[], "对"),
            3 => ("Blank", &[], "南湖|嘉兴南湖"),
            _ => ("Open", &[], "学史明理、学史增信、学史崇德、学史力行。"),
        };
        let explanation = "1921年7月23日，中国共产党第一次全国代表大会在上海开幕，最后一天的会议转移到浙江嘉兴南湖的游船上举行。";
        let source = "《中国共产党简史》第一章";
        let quoted: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
        ron.push_str(&format!(
            "        (\n            id: \"q-{i:06}\",\n            category: \"第{}类\",\n            kind: {kind},\n            stem: \"{stem}\",\n            options: [{}],\n            answer: \"{answer}\",\n            explanation: \"{explanation}\",\n            source: \"{source}\",\n            difficulty: {},\n            tags: [\"一大\", \"建党\"],\n        ),\n",
            i % 7,
            quoted.join(", "),
            i % 5 + 1
        ));
        questions.push(serde_json::json!({
            "id": format!("q-{i:06}"), "category": format!("第{}类", i % 7), "kind": kind,
            "stem": stem, "options": options, "answer": answer, "explanation": explanation,
            "source": source, "difficulty": i % 5 + 1, "tags": ["一大", "建党"],
        }));
    }
    ron.push_str("    ],\n)\n");
    let json = serde_json::json!({
        "format": 1, "id": "bench", "title": "性能测试题库", "questions": questions,
    });
    (ron, serde_json::to_string(&json).unwrap_or_default())
}

/// Runs `command`; its wall time and standard output, when it succeeds.
fn measure(command: &mut Command) -> Option<(Duration, String)> {
    let started = Instant::now();
    let output = command.output().ok()?;
    let elapsed = started.elapsed();
    output.status.success().then_some(())?;
    Some((
        elapsed,
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}

/// This process's peak memory in KB, as Linux counts it for its own memory since it started
/// (`VmHWM`; the rusage of a child would include what its parent held when it was forked).
fn own_peak_kb() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn main() {
    // A child: check the bank, or load it as the app does, and end (its peak memory is read by
    // the parent).
    let mut args = std::env::args().skip(1);
    if let (Some(mode), Some(path)) = (args.next(), args.next())
        && (mode == "child-check" || mode == "child-load")
    {
        child(&mode, Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (ron, json) = generated(QUESTIONS);
    let ron_path = dir.path().join("bank.ron");
    let json_path = dir.path().join("bank.json");
    std::fs::write(&ron_path, &ron).expect("written");
    std::fs::write(&json_path, &json).expect("written");
    println!(
        "bank: {QUESTIONS} questions, RON {:.1} MB, JSON {:.1} MB",
        ron.len() as f64 / 1e6,
        json.len() as f64 / 1e6
    );
    drop((ron, json));

    let exe = std::env::current_exe().expect("this bench");
    let python = "import json, sys, time\nt = time.perf_counter()\nwith open(sys.argv[1], encoding='utf-8') as f:\n    json.load(f)\nt = time.perf_counter() - t\nhwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\nprint(t, hwm)\n";
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut check_peak = 0;
    let mut python_peak = 0;
    // Interleaved, so both see the same machine.
    for _ in 0..ROUNDS {
        if let Some((time, out)) = measure(Command::new(&exe).arg("child-check").arg(&ron_path)) {
            ours.push(time);
            check_peak = check_peak.max(out.trim().parse().unwrap_or(0));
        }
        if let Some((_, out)) =
            measure(Command::new("python3").args(["-c", python]).arg(&json_path))
            && let Some((secs, peak)) = out.trim().split_once(' ')
            && let Ok(secs) = secs.parse::<f64>()
        {
            theirs.push(Duration::from_secs_f64(secs));
            python_peak = python_peak.max(peak.parse().unwrap_or(0));
        }
    }
    let file_kb = std::fs::metadata(&ron_path).map_or(1, |m| m.len() as i64 / 1024);
    if let Some(min) = ours.iter().min() {
        let ours_median = median(ours.clone());
        println!(
            "check (whole command, reading the file):  median {:.0} ms, best {:.0} ms, peak {:.0} MB = {:.2} × the file",
            ours_median.as_secs_f64() * 1e3,
            min.as_secs_f64() * 1e3,
            check_peak as f64 / 1024.0,
            check_peak as f64 / file_kb as f64
        );
        if let Some(their_min) = theirs.iter().min() {
            let theirs_median = median(theirs.clone());
            println!(
                "python3 json.load of the same as JSON:     median {:.0} ms, best {:.0} ms (peak of the python process {:.0} MB)",
                theirs_median.as_secs_f64() * 1e3,
                their_min.as_secs_f64() * 1e3,
                python_peak as f64 / 1024.0
            );
            println!(
                "check is {:.2}× as fast as json.load by the medians, {:.2}× by the best runs",
                theirs_median.as_secs_f64() / ours_median.as_secs_f64(),
                their_min.as_secs_f64() / min.as_secs_f64()
            );
        } else {
            println!("python3 not found: no comparison");
        }
    }
    let mut loads = Vec::new();
    let mut load_peak = 0;
    for _ in 0..3 {
        if let Some((time, out)) = measure(Command::new(&exe).arg("child-load").arg(&ron_path)) {
            loads.push(time);
            load_peak = load_peak.max(out.trim().parse().unwrap_or(0));
        }
    }
    if !loads.is_empty() {
        println!(
            "the app's load of the bank to the home screen's counts: median {:.0} ms, peak {:.0} MB = {:.2} × the file",
            median(loads).as_secs_f64() * 1e3,
            load_peak as f64 / 1024.0,
            load_peak as f64 / file_kb as f64
        );
    }
}

fn child(mode: &str, path: &Path) {
    load(mode, path);
    println!("{}", own_peak_kb());
}

fn load(mode: &str, path: &Path) {
    if mode == "child-check" {
        let report = read_bank_as(path, Keep::Counts);
        assert_eq!(
            report.usable_total(),
            QUESTIONS,
            "{:?}",
            report.problems.first()
        );
    } else {
        let report = read_bank_as(path, Keep::Questions);
        let library = Library::new(vec![BankEntry {
            origin: Origin::User(path.to_path_buf()),
            report,
        }]);
        assert_eq!(
            library.counts(0).map(|c| c.kinds.iter().sum()),
            Some(QUESTIONS)
        );
    }
}
