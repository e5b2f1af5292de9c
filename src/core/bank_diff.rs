//! What changes when a bank replaces an older version of itself: questions added, changed, removed.

use crate::core::bank::{Bank, Question};

/// The difference between two versions of a bank, by question id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankDiff {
    /// Ids only in the new version.
    pub added: Vec<String>,
    /// Ids in both whose question differs.
    pub changed: Vec<String>,
    /// Ids only in the old version.
    pub removed: Vec<String>,
}

impl BankDiff {
    /// Compares `old` with `new`; where a question stands in its file does not count as a change.
    pub fn between(old: &Bank, new: &Bank) -> Self {
        let same = |a: &Question, b: &Question| {
            Question {
                line: None,
                ..a.clone()
            } == Question {
                line: None,
                ..b.clone()
            }
        };
        let mut diff = BankDiff::default();
        for q in &new.questions {
            match old.questions.iter().find(|o| o.id == q.id) {
                None => diff.added.push(q.id.clone()),
                Some(o) if !same(o, q) => diff.changed.push(q.id.clone()),
                Some(_) => {}
            }
        }
        diff.removed = old
            .questions
            .iter()
            .filter(|o| !new.questions.iter().any(|q| q.id == o.id))
            .map(|o| o.id.clone())
            .collect();
        diff
    }

    /// `新增 3 题，修改 1 题，删除 2 题`.
    pub fn summary(&self) -> String {
        format!(
            "新增 {} 题，修改 {} 题，删除 {} 题",
            self.added.len(),
            self.changed.len(),
            self.removed.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::{Answer, Kind};

    fn bank(questions: Vec<Question>) -> Bank {
        Bank {
            format: 1,
            id: "b".into(),
            title: "t".into(),
            version: String::new(),
            description: String::new(),
            questions,
        }
    }

    #[test]
    fn added_changed_and_removed_are_counted_by_id() {
        let q = |id: &str, answer| {
            Question::for_test(id, "c", Kind::TrueFalse, Answer::TrueFalse(answer))
        };
        let old = bank(vec![q("a", true), q("b", true), q("c", true)]);
        let mut moved = q("a", true);
        moved.line = Some(99);
        let new = bank(vec![q("d", true), moved, q("b", false)]);
        let diff = BankDiff::between(&old, &new);
        assert_eq!(diff.added, ["d"]);
        assert_eq!(diff.changed, ["b"]);
        assert_eq!(diff.removed, ["c"]);
        assert_eq!(diff.summary(), "新增 1 题，修改 1 题，删除 1 题");
    }
}
