//! Grading: is a response right, for each kind of question.

use crate::core::bank::{Answer, Question};
use crate::core::validate::fold_width;

/// What a learner answered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Response {
    /// The chosen options, as indices from 0.
    Choice(Vec<usize>),
    /// True or false.
    TrueFalse(bool),
    /// What was typed into each blank.
    Blanks(Vec<String>),
    /// An open answer, judged by the learner (or a host) against the reference: right or not.
    Judged(bool),
    /// An open answer as written in an exam, waiting for a grader.
    Text(String),
}

/// One thing a learner does to an answer, the same in practice, an exam or a study mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Choose option `n`: replaces the choice of a single-choice question, toggles it for multiple.
    Choose(usize),
    /// Answer a true/false question.
    Truth(bool),
    /// Type into blank `n`.
    Blank(usize, String),
    /// Write the answer to an open question.
    Text(String),
}

/// The answer to `question` after `input` on the `current` one: `None` when the input does not
/// fit the question (an option it does not have, a blank of a choice question), so it is ignored;
/// `Some(None)` when nothing is left chosen or typed.
pub fn edit(
    question: &Question,
    current: Option<&Response>,
    input: Input,
) -> Option<Option<Response>> {
    use crate::core::bank::Kind;
    let response = match (input, question.kind) {
        (Input::Choose(i), Kind::Single) if i < question.options.len() => {
            Some(Response::Choice(vec![i]))
        }
        (Input::Choose(i), Kind::Multiple) if i < question.options.len() => {
            let mut chosen = match current {
                Some(Response::Choice(chosen)) => chosen.clone(),
                _ => Vec::new(),
            };
            match chosen.iter().position(|&c| c == i) {
                Some(at) => {
                    chosen.remove(at);
                }
                None => chosen.push(i),
            }
            chosen.sort_unstable();
            (!chosen.is_empty()).then_some(Response::Choice(chosen))
        }
        (Input::Truth(truth), Kind::TrueFalse) => Some(Response::TrueFalse(truth)),
        (Input::Blank(i, text), Kind::Blank) => {
            let mut blanks = match current {
                Some(Response::Blanks(blanks)) => blanks.clone(),
                _ => vec![String::new(); question.blank_count()],
            };
            *blanks.get_mut(i)? = text;
            blanks
                .iter()
                .any(|b| !b.trim().is_empty())
                .then_some(Response::Blanks(blanks))
        }
        (Input::Text(text), Kind::Open) => {
            (!text.trim().is_empty()).then_some(Response::Text(text))
        }
        _ => return None,
    };
    Some(response)
}

/// The verdict on a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Fully right.
    Correct,
    /// Wrong or incomplete.
    Wrong,
}

impl Verdict {
    /// True for [`Verdict::Correct`].
    pub fn is_correct(self) -> bool {
        self == Verdict::Correct
    }
}

/// Grades a response; a response of the wrong shape for the question is wrong.
///
/// Blanks are graded leniently: spaces, full/half width, case and punctuation at either end do
/// not matter, and any of the `|` alternatives is accepted.
pub fn grade(question: &Question, response: &Response) -> Verdict {
    let correct = match (&question.answer, response) {
        (Answer::Choice(expected), Response::Choice(given)) => {
            let mut given = given.clone();
            given.sort_unstable();
            given.dedup();
            &given == expected
        }
        (Answer::TrueFalse(expected), Response::TrueFalse(given)) => expected == given,
        (Answer::Blanks(expected), Response::Blanks(given)) => {
            expected.len() == given.len()
                && expected.iter().zip(given).all(|(alternatives, typed)| {
                    let typed = normalize_blank(typed);
                    !typed.is_empty() && alternatives.iter().any(|a| normalize_blank(a) == typed)
                })
        }
        (Answer::Reference(_), Response::Judged(right)) => *right,
        _ => false,
    };
    if correct {
        Verdict::Correct
    } else {
        Verdict::Wrong
    }
}

/// The form a blank answer is compared in: no spaces, half width, lower case, no end punctuation.
pub fn normalize_blank(text: &str) -> String {
    let folded: String = fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .trim_matches(|c: char| {
            c.is_ascii_punctuation() || "。，、；：！？“”‘’《》（）…—·".contains(c)
        })
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::Kind;

    fn question(kind: Kind, answer: Answer) -> Question {
        Question::for_test("q", "c", kind, answer)
    }

    #[test]
    fn single_choice() {
        let q = question(Kind::Single, Answer::Choice(vec![1]));
        assert_eq!(grade(&q, &Response::Choice(vec![1])), Verdict::Correct);
        assert_eq!(grade(&q, &Response::Choice(vec![0])), Verdict::Wrong);
        assert_eq!(grade(&q, &Response::Choice(vec![])), Verdict::Wrong);
    }

    #[test]
    fn multiple_choice_needs_exactly_the_right_set() {
        let q = question(Kind::Multiple, Answer::Choice(vec![0, 1, 2]));
        assert_eq!(
            grade(&q, &Response::Choice(vec![2, 0, 1])),
            Verdict::Correct
        );
        assert_eq!(grade(&q, &Response::Choice(vec![0, 1])), Verdict::Wrong);
        assert_eq!(
            grade(&q, &Response::Choice(vec![0, 1, 2, 3])),
            Verdict::Wrong
        );
    }

    #[test]
    fn true_false() {
        let q = question(Kind::TrueFalse, Answer::TrueFalse(false));
        assert_eq!(grade(&q, &Response::TrueFalse(false)), Verdict::Correct);
        assert_eq!(grade(&q, &Response::TrueFalse(true)), Verdict::Wrong);
        assert_eq!(grade(&q, &Response::Choice(vec![1])), Verdict::Wrong);
    }

    #[test]
    fn blanks_are_lenient_about_form_but_not_content() {
        let q = question(
            Kind::Blank,
            Answer::Blanks(vec![vec!["南湖".into(), "嘉兴南湖".into()]]),
        );
        for typed in ["南湖", " 南 湖 ", "嘉兴南湖。", "“南湖”"] {
            assert_eq!(
                grade(&q, &Response::Blanks(vec![typed.into()])),
                Verdict::Correct,
                "{typed}"
            );
        }
        for typed in ["", "西湖", "南"] {
            assert_eq!(
                grade(&q, &Response::Blanks(vec![typed.into()])),
                Verdict::Wrong,
                "{typed}"
            );
        }
    }

    #[test]
    fn blanks_fold_width_and_case() {
        let q = question(
            Kind::Blank,
            Answer::Blanks(vec![vec!["WTO".into()], vec!["2001".into()]]),
        );
        let typed = Response::Blanks(vec!["ｗｔｏ".into(), "２００１".into()]);
        assert_eq!(grade(&q, &typed), Verdict::Correct);
        let one_missing = Response::Blanks(vec!["wto".into()]);
        assert_eq!(grade(&q, &one_missing), Verdict::Wrong);
    }

    #[test]
    fn open_questions_take_the_judgement() {
        let q = question(Kind::Open, Answer::Reference("学史明理".into()));
        assert_eq!(grade(&q, &Response::Judged(true)), Verdict::Correct);
        assert_eq!(grade(&q, &Response::Judged(false)), Verdict::Wrong);
    }
}
