//! The banks shipped in `questions/`: they all load cleanly, the bundled font draws every character
//! in them, they are all built into the binary, and together they meet the content rules.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use dangshi_quiz::core::bank::{Kind, kind_index};
use dangshi_quiz::core::load::LoadReport;
use dangshi_quiz::core::validate::fold_width;
use dangshi_quiz::storage::{BUNDLED_BANKS, load_bank_file};
use dangshi_quiz::ui::fonts::bundled_font_has;

fn bank_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("questions/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "questions/ holds the sample and the starter banks"
    );
    files
}

fn reports() -> Vec<LoadReport> {
    bank_files()
        .iter()
        .map(|path| load_bank_file(path))
        .collect()
}

#[test]
fn every_bank_loads_with_no_error_and_no_warning() {
    for report in reports() {
        let problems: Vec<String> = report
            .problems
            .iter()
            .map(|p| p.report_line(&report.file))
            .collect();
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(
            report
                .bank
                .as_ref()
                .is_some_and(|b| !b.questions.is_empty()),
            "{}",
            report.file
        );
    }
}

#[test]
fn every_bank_file_is_built_into_the_binary() {
    let files: Vec<String> = bank_files()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let bundled: Vec<String> = BUNDLED_BANKS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(files, bundled);
    for (path, (_, bytes)) in bank_files().iter().zip(BUNDLED_BANKS) {
        assert_eq!(
            &std::fs::read(path).unwrap(),
            bytes,
            "{} is stale in the binary",
            path.display()
        );
    }
}

#[test]
fn the_bundled_font_has_every_character_of_every_bank() {
    let mut missing: BTreeMap<char, String> = BTreeMap::new();
    for path in bank_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for c in text
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
        {
            if !bundled_font_has(c) {
                missing
                    .entry(c)
                    .or_insert_with(|| path.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "characters with no glyph in the bundled font: {missing:?}"
    );
}

#[test]
fn the_sample_bank_is_kept_exactly_as_specified() {
    let shipped =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questions/00-示例题库.ron"))
            .unwrap();
    let fixture = include_bytes!("fixtures/示例题库.ron");
    assert_eq!(shipped, fixture);
}

#[test]
fn the_kinds_are_shared_as_the_content_rules_require() {
    let mut counts = [0usize; 5];
    for report in reports() {
        for question in report.bank.expect("loads").questions {
            counts[kind_index(question.kind)] += 1;
        }
    }
    let total: usize = counts.iter().sum();
    let share = |kind: Kind| counts[kind_index(kind)] as f64 / total as f64;
    assert!(total >= 800, "at least 800 questions, found {total}");
    assert!(share(Kind::Single) >= 0.50, "single {counts:?}");
    assert!(share(Kind::Multiple) >= 0.15, "multiple {counts:?}");
    assert!(share(Kind::TrueFalse) >= 0.15, "true/false {counts:?}");
    assert!(share(Kind::Blank) >= 0.05, "blank {counts:?}");
    assert!(counts[kind_index(Kind::Open)] > 0, "open {counts:?}");
}

#[test]
fn every_starter_question_has_category_difficulty_explanation_and_source() {
    let mut difficulties = std::collections::BTreeSet::new();
    for report in reports()
        .into_iter()
        .filter(|r| !r.file.contains("示例题库"))
    {
        for q in report.bank.expect("loads").questions {
            let where_ = format!("{} {}", report.file, q.id);
            assert_ne!(q.category, "未分类", "{where_}");
            assert!(q.explanation.is_some(), "{where_} has no explanation");
            assert!(q.source.is_some(), "{where_} has no source");
            difficulties.insert(
                q.difficulty
                    .unwrap_or_else(|| panic!("{where_} has no difficulty")),
            );
        }
    }
    assert!(
        difficulties.len() >= 4,
        "difficulties are spread: {difficulties:?}"
    );
}

/// A stem reduced to its words: no punctuation or spaces, half width, lower case.
fn normalise(stem: &str) -> String {
    fold_width(stem)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn no_id_or_stem_appears_twice_across_banks() {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut stems: HashMap<String, String> = HashMap::new();
    let mut duplicates = Vec::new();
    for report in reports() {
        for q in report.bank.expect("loads").questions {
            let here = format!("{} {}", report.file, q.id);
            if let Some(first) = ids.insert(q.id.clone(), here.clone()) {
                duplicates.push(format!("id {} in {first} and {here}", q.id));
            }
            if let Some(first) = stems.insert(normalise(&q.stem), here.clone()) {
                duplicates.push(format!("stem of {here} repeats {first}"));
            }
        }
    }
    assert!(duplicates.is_empty(), "{duplicates:#?}");
}

#[test]
fn normalising_stems_ignores_punctuation_spaces_and_width() {
    assert_eq!(
        normalise("遵义会议是 转折点。"),
        normalise("遵义会议是转折点")
    );
    assert_eq!(normalise("ＷＴＯ（ ）"), normalise("wto()"));
    assert_ne!(normalise("1921年"), normalise("1927年"));
}
