//! Points for an answer in a timed exam, under the multiple-choice rule the secretary chose.

use crate::core::bank::{Answer, Question};
use crate::core::grade::{Response, normalize_blank};

/// How multiple-choice (and multi-blank) answers score.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum PartialCredit {
    /// Full points for exactly the right set, otherwise nothing (全对才得分).
    #[default]
    AllOrNothing,
    /// Full points for the right set, half for some right options and no wrong one (少选得一半).
    HalfForSubset,
    /// A share of the points for each right option (or blank) when no wrong option was chosen
    /// (按比例得分，错选不得分).
    Proportional,
}

impl PartialCredit {
    /// Every rule, for a setting's choices.
    pub const ALL: [PartialCredit; 3] = [
        PartialCredit::AllOrNothing,
        PartialCredit::HalfForSubset,
        PartialCredit::Proportional,
    ];

    /// The rule in words.
    pub fn label(self) -> &'static str {
        match self {
            PartialCredit::AllOrNothing => "全部选对才得分",
            PartialCredit::HalfForSubset => "少选得一半分，错选不得分",
            PartialCredit::Proportional => "按选对的比例得分，错选不得分",
        }
    }
}

/// The score of one answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Score {
    /// Points earned (0 up to the question's points).
    Points(f64),
    /// An open question waiting for a grader.
    AwaitingGrader,
}

/// Scores `response` to `question` worth `points`; no response scores 0.
///
/// Open answers are never auto-scored: they wait for a grader, who gives `Response::Judged` (full
/// or nothing) or a number of points through [`graded`].
pub fn score(
    question: &Question,
    response: Option<&Response>,
    points: u32,
    rule: PartialCredit,
) -> Score {
    let full = f64::from(points);
    let Some(response) = response else {
        return Score::Points(0.0);
    };
    let share = match (&question.answer, response) {
        (Answer::Choice(right), Response::Choice(chosen)) => choice_share(right, chosen, rule),
        (Answer::TrueFalse(right), Response::TrueFalse(chosen)) => {
            f64::from(u8::from(right == chosen))
        }
        (Answer::Blanks(right), Response::Blanks(typed)) => blank_share(right, typed, rule),
        (Answer::Reference(_), Response::Judged(right)) => f64::from(u8::from(*right)),
        (Answer::Reference(_), _) => return Score::AwaitingGrader,
        _ => 0.0,
    };
    Score::Points(full * share)
}

/// A grader's points for an open question, kept within 0 and the question's points.
pub fn graded(points_given: f64, points: u32) -> Score {
    Score::Points(points_given.clamp(0.0, f64::from(points)))
}

fn choice_share(right: &[usize], chosen: &[usize], rule: PartialCredit) -> f64 {
    let mut chosen = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen == right {
        return 1.0;
    }
    let wrong_pick = chosen.iter().any(|c| !right.contains(c));
    if chosen.is_empty() || wrong_pick || right.is_empty() {
        return 0.0;
    }
    match rule {
        PartialCredit::AllOrNothing => 0.0,
        PartialCredit::HalfForSubset => 0.5,
        PartialCredit::Proportional => chosen.len() as f64 / right.len() as f64,
    }
}

fn blank_share(right: &[Vec<String>], typed: &[String], rule: PartialCredit) -> f64 {
    if right.is_empty() {
        return 0.0;
    }
    let filled_right = right
        .iter()
        .zip(typed)
        .filter(|(alternatives, typed)| {
            let typed = normalize_blank(typed);
            !typed.is_empty() && alternatives.iter().any(|a| normalize_blank(a) == typed)
        })
        .count();
    if filled_right == right.len() {
        1.0
    } else if rule == PartialCredit::Proportional {
        filled_right as f64 / right.len() as f64
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::Kind;

    fn question(kind: Kind, answer: Answer) -> Question {
        Question::for_test("q", "c", kind, answer)
    }

    fn points(score: Score) -> f64 {
        match score {
            Score::Points(p) => p,
            Score::AwaitingGrader => panic!("not scored"),
        }
    }

    #[test]
    fn multiple_choice_under_each_rule() {
        let q = question(Kind::Multiple, Answer::Choice(vec![0, 1, 2]));
        let cases: [(&[usize], [f64; 3]); 6] = [
            (&[0, 1, 2], [4.0, 4.0, 4.0]),
            (&[2, 1, 0], [4.0, 4.0, 4.0]),
            (&[0, 1], [0.0, 2.0, 4.0 * 2.0 / 3.0]),
            (&[0], [0.0, 2.0, 4.0 / 3.0]),
            (&[0, 3], [0.0, 0.0, 0.0]),
            (&[], [0.0, 0.0, 0.0]),
        ];
        for (chosen, expected) in cases {
            for (rule, want) in PartialCredit::ALL.into_iter().zip(expected) {
                let got = points(score(&q, Some(&Response::Choice(chosen.to_vec())), 4, rule));
                assert!(
                    (got - want).abs() < 1e-9,
                    "{chosen:?} under {rule:?}: {got} != {want}"
                );
            }
        }
    }

    #[test]
    fn single_true_false_and_missing_answers() {
        let single = question(Kind::Single, Answer::Choice(vec![2]));
        for rule in PartialCredit::ALL {
            assert_eq!(
                points(score(&single, Some(&Response::Choice(vec![2])), 2, rule)),
                2.0
            );
            assert_eq!(
                points(score(&single, Some(&Response::Choice(vec![1])), 2, rule)),
                0.0
            );
            assert_eq!(points(score(&single, None, 2, rule)), 0.0);
        }
        let tf = question(Kind::TrueFalse, Answer::TrueFalse(false));
        assert_eq!(
            points(score(
                &tf,
                Some(&Response::TrueFalse(false)),
                1,
                PartialCredit::AllOrNothing
            )),
            1.0
        );
        assert_eq!(
            points(score(
                &tf,
                Some(&Response::TrueFalse(true)),
                1,
                PartialCredit::Proportional
            )),
            0.0
        );
        assert_eq!(
            points(score(
                &tf,
                Some(&Response::Choice(vec![0])),
                1,
                PartialCredit::Proportional
            )),
            0.0
        );
    }

    #[test]
    fn blanks_score_per_blank_only_when_proportional() {
        let q = question(
            Kind::Blank,
            Answer::Blanks(vec![vec!["实事求是".into()], vec!["群众路线".into()]]),
        );
        let half = Response::Blanks(vec!["实事求是".into(), "独立自主".into()]);
        assert_eq!(
            points(score(&q, Some(&half), 4, PartialCredit::AllOrNothing)),
            0.0
        );
        assert_eq!(
            points(score(&q, Some(&half), 4, PartialCredit::HalfForSubset)),
            0.0
        );
        assert_eq!(
            points(score(&q, Some(&half), 4, PartialCredit::Proportional)),
            2.0
        );
        let full = Response::Blanks(vec!["实事求是".into(), " 群众路线 ".into()]);
        assert_eq!(
            points(score(&q, Some(&full), 4, PartialCredit::AllOrNothing)),
            4.0
        );
    }

    #[test]
    fn open_questions_wait_for_a_grader() {
        let q = question(Kind::Open, Answer::Reference("学史明理".into()));
        assert_eq!(
            score(&q, None, 10, PartialCredit::AllOrNothing),
            Score::Points(0.0),
            "no answer, nothing to grade"
        );
        assert_eq!(
            score(
                &q,
                Some(&Response::Text("我的回答".into())),
                10,
                PartialCredit::AllOrNothing
            ),
            Score::AwaitingGrader
        );
        assert_eq!(
            score(
                &q,
                Some(&Response::Judged(true)),
                10,
                PartialCredit::AllOrNothing
            ),
            Score::Points(10.0)
        );
        assert_eq!(graded(7.5, 10), Score::Points(7.5));
        assert_eq!(graded(12.0, 10), Score::Points(10.0));
        assert_eq!(graded(-1.0, 10), Score::Points(0.0));
    }
}
