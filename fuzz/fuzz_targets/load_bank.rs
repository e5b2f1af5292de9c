//! Any bytes as a bank file: the loader reports problems, never panics, hangs or aborts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = dangshi_quiz::core::load::load_bank("fuzz.ron", data);
    // Every problem must be printable with its place, as `check` prints it.
    for problem in &report.problems {
        let _ = problem.report_line(&report.file);
    }
    // A bank that loaded must survive being written and read again.
    if let Some(bank) = report.bank.filter(|_| report.problems.is_empty()) {
        let text = dangshi_quiz::core::write::to_ron(&bank);
        let again = dangshi_quiz::core::load::load_bank("again.ron", text.as_bytes());
        assert!(
            again.errors().next().is_none(),
            "a written bank reloads cleanly"
        );
    }
});
