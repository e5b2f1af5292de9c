//! dangshi-quiz: 党史知识竞赛 — question banks, practice and (later) live competitions.
//!
//! `core` is the study logic with no UI, clock or disk; `storage` is the only code touching disk;
//! `app` and `ui` are the egui front end; `cli` is the command line.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod core;
#[cfg(feature = "gui")]
pub mod shell;
pub mod storage;
#[cfg(feature = "gui")]
pub mod ui;
