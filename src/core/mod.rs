//! The study logic: banks, validation, grading and practice. No UI, no clock, no disk.

pub mod bank;
pub mod bank_diff;
pub mod bank_edit;
pub mod competition;
pub mod decode;
pub mod error;
pub mod exam;
pub mod grade;
pub mod library;
pub mod load;
pub mod practice;
pub mod review;
pub mod roster;
pub mod rules;
pub mod scoring;
pub mod sheet;
pub mod study;
pub mod syntax;
pub mod time;
pub mod validate;
pub mod write;
