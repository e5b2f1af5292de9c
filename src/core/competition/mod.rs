//! The live competition: plan, event log, engine, question pool and the audience's view.
//!
//! Pure like the rest of `core`: time comes in as wall-clock milliseconds on each event.

mod audit;
mod engine;
mod event;
mod plan;
mod pool;
mod rules;
mod timer;
mod view;

#[cfg(test)]
mod engine_tests;

pub use audit::AuditLine;
pub use engine::{Answered, Game, NextStep, Phase, Press, PressKind, Refusal, ScoreChange};
pub use event::{Card, Event, Stamped};
pub use plan::{AfterWrong, DEFAULT_KEYS, Plan, RoundKind, RoundPlan, TeamPlan};
pub use pool::Pool;
pub use timer::{Countdown, Purpose};
pub use view::{Clock, PressLine, PublicView, Stage, TeamLine, rules_line};
