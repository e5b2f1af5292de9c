//! What happens in a competition, as events: the log is the competition. Replaying it gives the
//! same state, which is how a crash is survived and how undo works.

use serde::{Deserialize, Serialize};

use crate::core::bank::{Kind, Question};

/// A question as the competition shows it: a copy taken when it is drawn, so the log replays the
/// same even if the bank is edited or removed later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// The bank the question came from.
    pub bank_id: String,
    /// The question's id in its bank.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its category.
    pub category: String,
    /// The stem.
    pub stem: String,
    /// The options, without letters.
    pub options: Vec<String>,
    /// The answer as a host reads it out ("B. 遵义会议", "对", "南昌；八一").
    pub answer: String,
    /// The explanation, if any.
    pub explanation: Option<String>,
    /// A picture beside the bank, if any.
    pub image: Option<String>,
}

impl Card {
    /// The card of `question` from bank `bank_id`.
    pub fn of(bank_id: &str, question: &Question) -> Self {
        Self {
            bank_id: bank_id.to_string(),
            id: question.id.clone(),
            kind: question.kind,
            category: question.category.clone(),
            stem: question.stem.clone(),
            options: question.options.clone(),
            answer: question.answer_display(),
            explanation: question.explanation.clone(),
            image: question.image.clone(),
        }
    }

    /// The key that tells cards apart across banks.
    pub fn key(&self) -> (String, String) {
        (self.bank_id.clone(), self.id.clone())
    }
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// Go to the next round (or the first, from the start).
    StartRound,
    /// 风险: the team whose turn it is stakes `value`.
    Stake {
        /// The value chosen.
        value: i32,
    },
    /// Show a question.
    Show {
        /// The question.
        card: Card,
    },
    /// 抢答: buzzing opens.
    OpenBuzzing,
    /// A team pressed its buzzer.
    Buzz {
        /// The team, by its index in the plan.
        team: usize,
    },
    /// A buzzer press that counted for nothing (shut out, pressed twice, no buzzing now), kept
    /// so the log shows every press; it changes nothing and undo passes over it.
    Uncounted {
        /// The team, by its index in the plan.
        team: usize,
        /// Why it did not count, in words.
        why: String,
    },
    /// The host judges the answering team.
    Judge {
        /// Whether the answer was right.
        right: bool,
        /// The participant (records id) who answered for the team, if the host said.
        member: Option<i64>,
    },
    /// The question counts for nobody (no one buzzed in time, or the host voided it).
    Void,
    /// The answer goes on the display.
    Reveal,
    /// The countdown stops.
    Pause,
    /// The countdown goes on.
    Resume,
    /// The countdown gets more time.
    AddTime {
        /// Seconds added.
        secs: u32,
    },
    /// The host changes a score by hand.
    Adjust {
        /// The team.
        team: usize,
        /// Points added (negative: taken).
        delta: i32,
        /// Why, for the audit log.
        reason: String,
    },
    /// The last event still in force is taken back.
    Undo,
    /// The competition ends: podium.
    Finish,
}

/// An event with the wall-clock time (ms since 1970) it happened at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped {
    /// When.
    pub at_ms: i64,
    /// What.
    pub event: Event,
}
