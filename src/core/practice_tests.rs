use std::time::Duration;

use super::*;
use crate::core::bank::{Answer, Bank, Kind, Question};
use crate::core::grade::Verdict;

fn question(id: &str, category: &str, kind: Kind, answer: Answer) -> Question {
    Question::for_test(id, category, kind, answer)
}

fn bank() -> Bank {
    Bank {
        format: 1,
        id: "b".into(),
        title: "测试题库".into(),
        version: String::new(),
        description: String::new(),
        questions: vec![
            question("q1", "甲类", Kind::Single, Answer::Choice(vec![1])),
            question("q2", "乙类", Kind::Multiple, Answer::Choice(vec![0, 2])),
            question("q3", "甲类", Kind::TrueFalse, Answer::TrueFalse(true)),
            question(
                "q4",
                "乙类",
                Kind::Blank,
                Answer::Blanks(vec![vec!["南湖".into()], vec!["1921".into()]]),
            ),
            question("q5", "甲类", Kind::Open, Answer::Reference("参考".into())),
        ],
    }
}

fn ids(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.question.id.as_str()).collect()
}

#[test]
fn selection_filters_by_kind_and_category() {
    let bank = bank();
    let mut selection = Selection::default();
    assert_eq!(
        ids(&select(&[&bank], &selection).unwrap()),
        ["q1", "q2", "q3", "q4", "q5"]
    );
    selection.categories.insert("甲类".into());
    assert_eq!(
        ids(&select(&[&bank], &selection).unwrap()),
        ["q1", "q3", "q5"]
    );
    selection.kinds.insert(Kind::TrueFalse);
    assert_eq!(ids(&select(&[&bank], &selection).unwrap()), ["q3"]);
    selection.kinds = [Kind::Blank].into();
    assert!(matches!(
        select(&[&bank], &selection),
        Err(Error::NoQuestions(_))
    ));
    assert!(matches!(
        select(&[], &Selection::default()),
        Err(Error::NoQuestions(_))
    ));
}

#[test]
fn random_order_is_a_permutation_fixed_by_the_seed() {
    let bank = bank();
    let random = |seed| Selection {
        order: Order::Random { seed },
        ..Selection::default()
    };
    let a = ids(&select(&[&bank], &random(7)).unwrap()).join(",");
    let b = ids(&select(&[&bank], &random(7)).unwrap()).join(",");
    assert_eq!(a, b);
    let mut sorted: Vec<&str> = a.split(',').collect();
    sorted.sort_unstable();
    assert_eq!(sorted, ["q1", "q2", "q3", "q4", "q5"]);
    let orders: std::collections::BTreeSet<String> = (0..20)
        .map(|seed| ids(&select(&[&bank], &random(seed)).unwrap()).join(","))
        .collect();
    assert!(
        orders.len() > 1,
        "different seeds should give different orders"
    );
}

#[test]
fn a_whole_session_is_graded_and_summarised() {
    let bank = bank();
    let items = select(&[&bank], &Selection::default()).unwrap();
    let mut session = Session::new(items, Duration::from_secs(100));

    // q1 single: choosing replaces the earlier choice.
    assert!(!session.can_submit());
    session.choose(0);
    session.choose(1);
    assert_eq!(session.draft().choices, [1]);
    assert_eq!(
        session.submit(Duration::from_secs(105)).unwrap().verdict,
        Some(Verdict::Correct)
    );
    session.choose(2); // ignored once submitted
    assert_eq!(session.draft().choices, [1]);

    // q2 multiple: toggling; one right option of two is wrong.
    assert!(session.go_next());
    session.choose(0);
    session.choose(3);
    session.choose(3);
    assert_eq!(session.draft().choices, [0]);
    assert_eq!(
        session.submit(Duration::from_secs(110)).unwrap().verdict,
        Some(Verdict::Wrong)
    );

    // q3 true/false.
    assert!(session.go_next());
    session.choose(0); // not a choice question: ignored
    assert!(!session.can_submit());
    session.choose_truth(true);
    assert_eq!(
        session.submit(Duration::from_secs(115)).unwrap().verdict,
        Some(Verdict::Correct)
    );

    // q4 two blanks, graded leniently.
    assert!(session.go_next());
    assert_eq!(session.draft().blanks.len(), 2);
    session.set_blank(0, " 南湖 ".into());
    session.set_blank(1, "１９２１".into());
    assert_eq!(
        session.submit(Duration::from_secs(120)).unwrap().verdict,
        Some(Verdict::Correct)
    );

    // q5 open: submit shows the reference, the learner judges.
    assert!(session.go_next());
    assert!(session.is_last());
    assert!(session.can_submit());
    assert_eq!(
        session.submit(Duration::from_secs(125)).unwrap().verdict,
        None
    );
    assert_eq!(session.summary(Duration::from_secs(126)).answered, 4);
    session.judge(false, Duration::from_secs(130));
    assert_eq!(session.outcome().unwrap().verdict, Some(Verdict::Wrong));
    assert!(!session.go_next());

    session.finish(Duration::from_secs(160));
    session.finish(Duration::from_secs(999)); // the first finish counts
    let summary = session.summary(Duration::from_secs(999));
    assert_eq!(
        (summary.total, summary.answered, summary.correct),
        (5, 5, 3)
    );
    assert_eq!(summary.elapsed, Duration::from_secs(60));
    let by_category: Vec<(&str, usize, usize)> = summary
        .by_category
        .iter()
        .map(|c| (c.category.as_str(), c.total, c.correct))
        .collect();
    assert_eq!(by_category, [("甲类", 3, 2), ("乙类", 2, 1)]);
}

#[test]
fn moving_back_keeps_answers_and_unanswered_questions_do_not_count() {
    let bank = bank();
    let items = select(&[&bank], &Selection::default()).unwrap();
    let mut session = Session::new(items, Duration::ZERO);
    assert!(!session.go_previous());
    session.choose(1);
    session.submit(Duration::from_secs(1));
    assert!(session.go_next());
    assert!(session.go_previous());
    assert_eq!(session.outcome().unwrap().verdict, Some(Verdict::Correct));
    let summary = session.summary(Duration::from_secs(30));
    assert_eq!((summary.answered, summary.correct), (1, 1));
    assert_eq!(summary.elapsed, Duration::from_secs(30));
    let answered_in = &session.items()[0].question.category;
    assert_eq!(
        summary
            .by_category
            .iter()
            .map(|c| c.category.as_str())
            .collect::<Vec<_>>(),
        [answered_in.as_str()],
        "only the categories answered in"
    );
}

#[test]
fn nothing_changes_after_finish() {
    let bank = bank();
    let items = select(&[&bank], &Selection::default()).unwrap();
    let mut session = Session::new(items, Duration::ZERO);
    session.finish(Duration::from_secs(5));
    session.choose(1);
    assert!(session.submit(Duration::from_secs(6)).is_none());
    assert_eq!(session.summary(Duration::from_secs(9)).answered, 0);
}

fn sequential(bank: &Bank) -> Vec<Item> {
    select(&[bank], &Selection::default()).unwrap()
}

#[test]
fn a_challenge_ends_at_the_first_wrong_answer_with_the_streak_before_it() {
    let bank = bank();
    let t = Duration::from_secs;
    let mut session = Session::challenge(sequential(&bank), t(45), t(0));
    assert!(session.is_challenge());
    session.choose(1);
    session.submit(t(3));
    assert!(!session.is_finished());
    assert!(session.go_next());
    session.tick(t(4));
    session.choose(0);
    session.submit(t(10));
    assert!(
        session.is_finished(),
        "q2 wrong (only A of A and C): the challenge is over"
    );
    assert_eq!(session.streak(), 1);
    assert!(!session.go_next() || session.outcome().is_none());
}

#[test]
fn a_challenge_question_left_to_run_out_counts_as_wrong() {
    let bank = bank();
    let t = Duration::from_secs;
    let mut session = Session::challenge(sequential(&bank), t(45), t(100));
    session.choose(1);
    session.submit(t(110));
    session.go_next();
    assert!(
        !session.tick(t(120)),
        "the clock of q2 starts when it is shown"
    );
    assert_eq!(session.question_remaining(t(150)), Some(t(15)));
    assert!(session.tick(t(165)));
    assert!(session.is_finished());
    assert_eq!(session.outcome().unwrap().verdict, Some(Verdict::Wrong));
    assert_eq!(
        session.outcome().unwrap().response,
        None,
        "nothing was answered"
    );
    assert_eq!(session.streak(), 1);
    // An ordinary practice has no time limit.
    let mut practice = Session::new(sequential(&bank), t(0));
    assert!(!practice.tick(t(10_000)));
    assert_eq!(practice.question_remaining(t(10_000)), None);
}
