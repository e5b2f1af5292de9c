use std::collections::BTreeSet;
use std::time::Duration;

use super::*;
use crate::core::bank::{Answer, Bank, Kind, Question};
use crate::core::grade::Response;

fn question(id: &str, category: &str, kind: Kind) -> Question {
    let answer = match kind {
        Kind::Single => Answer::Choice(vec![1]),
        Kind::Multiple => Answer::Choice(vec![0, 2]),
        Kind::TrueFalse => Answer::TrueFalse(true),
        Kind::Blank => Answer::Blanks(vec![vec!["南湖".into()]]),
        Kind::Open => Answer::Reference("参考".into()),
    };
    Question::for_test(id, category, kind, answer)
}

fn bank(id: &str, per_kind: usize) -> Bank {
    let mut questions = Vec::new();
    for kind in Kind::ALL {
        for i in 0..per_kind {
            let category = if i % 2 == 0 { "甲类" } else { "乙类" };
            questions.push(question(
                &format!("{id}-{}-{i}", kind.json_key()),
                category,
                kind,
            ));
        }
    }
    Bank {
        format: 1,
        id: id.into(),
        title: id.into(),
        version: String::new(),
        description: String::new(),
        questions,
    }
}

fn rules(single: usize, multiple: usize, open: usize) -> PaperRules {
    PaperRules {
        name: "测试".into(),
        banks: BTreeSet::new(),
        categories: BTreeSet::new(),
        kinds: vec![
            KindRule {
                kind: Kind::Single,
                count: single,
                points: 2,
            },
            KindRule {
                kind: Kind::Multiple,
                count: multiple,
                points: 4,
            },
            KindRule {
                kind: Kind::Open,
                count: open,
                points: 10,
            },
        ],
        time_limit_secs: 600,
        per_question_secs: None,
        shuffle_questions: true,
        shuffle_options: true,
        partial_credit: PartialCredit::AllOrNothing,
    }
}

fn ids(paper: &Paper) -> Vec<String> {
    paper
        .questions
        .iter()
        .map(|q| q.question.id.clone())
        .collect()
}

#[test]
fn a_paper_meets_its_rules() {
    let (a, b) = (bank("a", 10), bank("b", 10));
    let mut r = rules(5, 3, 1);
    r.banks = ["b".to_owned()].into();
    r.categories = ["甲类".to_owned()].into();
    let paper = draw(&[&a, &b], &r, 1).unwrap();
    let count = |kind| {
        paper
            .questions
            .iter()
            .filter(|q| q.question.kind == kind)
            .count()
    };
    assert_eq!(
        (
            count(Kind::Single),
            count(Kind::Multiple),
            count(Kind::Open)
        ),
        (5, 3, 1)
    );
    assert!(
        paper
            .questions
            .iter()
            .all(|q| q.bank_id == "b" && q.question.category == "甲类")
    );
    let distinct: BTreeSet<String> = ids(&paper).into_iter().collect();
    assert_eq!(distinct.len(), 9, "no question twice");
    assert_eq!(paper.total_points(), 5 * 2 + 3 * 4 + 10);
}

#[test]
fn the_same_seed_gives_the_same_paper_and_another_seed_another() {
    let a = bank("a", 20);
    let r = rules(10, 5, 0);
    assert_eq!(draw(&[&a], &r, 42).unwrap(), draw(&[&a], &r, 42).unwrap());
    let papers: BTreeSet<Vec<String>> = (0..10)
        .map(|seed| ids(&draw(&[&a], &r, seed).unwrap()))
        .collect();
    assert!(papers.len() > 1);
}

#[test]
fn asking_for_too_many_names_every_kind_that_is_short() {
    let a = bank("a", 4);
    let error = draw(&[&a], &rules(5, 3, 6), 1).unwrap_err().to_string();
    assert!(
        error.contains("单选题需要 5 道，所选范围只有 4 道"),
        "{error}"
    );
    assert!(
        error.contains("简答题需要 6 道，所选范围只有 4 道"),
        "{error}"
    );
    assert!(!error.contains("多选题"), "{error}");
    assert!(matches!(
        draw(&[&a], &rules(0, 0, 0), 1),
        Err(Error::NoQuestions(_))
    ));
}

#[test]
fn shuffled_options_keep_the_same_right_answers() {
    let a = bank("a", 20);
    let paper = draw(&[&a], &rules(20, 20, 0), 3).unwrap();
    let mut moved = 0;
    for q in &paper.questions {
        let original = a.questions.iter().find(|o| o.id == q.question.id).unwrap();
        let (Answer::Choice(shown), Answer::Choice(right)) = (&q.question.answer, &original.answer)
        else {
            panic!()
        };
        let shown_texts: BTreeSet<&String> =
            shown.iter().map(|&i| &q.question.options[i]).collect();
        let right_texts: BTreeSet<&String> = right.iter().map(|&i| &original.options[i]).collect();
        assert_eq!(shown_texts, right_texts, "{}", q.question.id);
        moved += usize::from(q.option_order != [0, 1, 2, 3]);
    }
    assert!(moved > 0, "options were shuffled");
}

#[test]
fn unshuffled_papers_keep_kinds_together_in_rule_order() {
    let a = bank("a", 10);
    let mut r = rules(3, 2, 1);
    r.shuffle_questions = false;
    r.shuffle_options = false;
    let kinds: Vec<Kind> = draw(&[&a], &r, 9)
        .unwrap()
        .questions
        .iter()
        .map(|q| q.question.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            Kind::Single,
            Kind::Single,
            Kind::Single,
            Kind::Multiple,
            Kind::Multiple,
            Kind::Open
        ]
    );
}

fn attempt(per_question_secs: Option<u32>) -> Attempt {
    let a = bank("a", 10);
    let mut r = rules(2, 1, 1);
    r.shuffle_questions = false;
    r.shuffle_options = false;
    r.per_question_secs = per_question_secs;
    let paper = draw(&[&a], &r, 5).unwrap();
    Attempt::start(paper, r, Duration::from_secs(1000))
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn the_countdown_ends_the_attempt_at_zero() {
    let mut a = attempt(None);
    assert_eq!(a.remaining(secs(1000)), secs(600));
    assert!(!a.tick(secs(1599)));
    assert_eq!(a.remaining(secs(1599)), secs(1));
    assert!(a.answer(0, Some(Response::Choice(vec![1]))));
    assert!(a.tick(secs(1600)));
    assert_eq!(a.ended(), Some(EndReason::TimeUp));
    assert!(
        !a.answer(1, Some(Response::Choice(vec![1]))),
        "no answers after time is up"
    );
    assert_eq!(a.used(secs(5000)), secs(600));
    assert_eq!(
        a.total(),
        (2.0, 0),
        "an unanswered open question scores nothing"
    );
}

#[test]
fn a_late_tick_still_ends_at_the_limit() {
    let mut a = attempt(None);
    assert!(a.tick(secs(9999)));
    assert_eq!(a.used(secs(9999)), secs(600));
}

#[test]
fn a_resumed_attempt_keeps_its_answers_and_the_time_that_was_left() {
    let a = attempt(None);
    let paper = a.paper().clone();
    let saved = vec![
        Some(Response::Choice(vec![1])),
        None,
        Some(Response::Choice(vec![0, 2])),
    ];
    let mut resumed = Attempt::resume(paper, a.rules().clone(), saved, secs(450), secs(20));
    assert_eq!(resumed.remaining(secs(20)), secs(150));
    assert_eq!(resumed.unanswered(), [1, 3]);
    assert!(!resumed.tick(secs(169)));
    assert!(resumed.tick(secs(170)));
    assert_eq!(resumed.ended(), Some(EndReason::TimeUp));
    assert_eq!(resumed.total(), (2.0 + 4.0, 0));
}

#[test]
fn a_per_question_limit_moves_on_and_locks_the_question() {
    let mut a = attempt(Some(30));
    assert_eq!(a.question_remaining(secs(1010)), Some(secs(20)));
    assert!(a.tick(secs(1030)));
    assert_eq!(a.position(), 1);
    assert!(a.is_locked(0));
    assert!(!a.answer(0, Some(Response::Choice(vec![1]))));
    assert!(a.answer(1, Some(Response::Choice(vec![1]))));
    a.go_to(3, secs(1040));
    assert!(a.tick(secs(1070)));
    assert_eq!(
        a.ended(),
        Some(EndReason::Submitted),
        "time up on the last question ends the paper"
    );
}

#[test]
fn marking_submitting_and_grading() {
    let mut a = attempt(None);
    a.toggle_mark(2);
    assert!(a.is_marked(2));
    a.toggle_mark(2);
    assert!(!a.is_marked(2));
    a.answer(0, Some(Response::Choice(vec![1])));
    a.answer(2, Some(Response::Choice(vec![0])));
    a.answer(3, Some(Response::Text("学史明理".into())));
    assert_eq!(a.unanswered(), [1]);
    a.submit(secs(1100));
    assert_eq!(a.ended(), Some(EndReason::Submitted));
    assert_eq!(a.used(secs(2000)), secs(100));
    assert_eq!(a.total(), (2.0, 1), "the open question waits for a grader");
    a.grade(3, 7.5);
    assert_eq!(a.total(), (9.5, 0));
    a.grade(3, 99.0);
    assert_eq!(
        a.total(),
        (12.0, 0),
        "a grade is capped at the question's points"
    );
}

#[test]
fn a_recorded_paper_is_rebuilt_exactly() {
    let a = bank("a", 10);
    let paper = draw(&[&a], &rules(5, 3, 1), 77).unwrap();
    let entries: Vec<(String, String, Vec<usize>, u32)> = paper
        .questions
        .iter()
        .map(|q| {
            (
                q.bank_id.clone(),
                q.question.id.clone(),
                q.option_order.clone(),
                q.points,
            )
        })
        .collect();
    let rebuilt = rebuild(
        &[&a],
        77,
        entries
            .iter()
            .map(|(b, q, o, p)| (b.as_str(), q.as_str(), o.as_slice(), *p)),
    )
    .unwrap();
    assert_eq!(rebuilt, paper);
    let missing = rebuild(&[&a], 1, [("a", "不存在", &[][..], 1)])
        .unwrap_err()
        .to_string();
    assert!(missing.contains("“不存在”"), "{missing}");
}
