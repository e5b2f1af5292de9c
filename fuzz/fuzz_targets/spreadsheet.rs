//! Any bytes as a spreadsheet bank: as an .xlsx (through calamine and its guard) and as a CSV in
//! any encoding. Problems are reported, never a panic or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["fuzz.xlsx", "fuzz.csv"] {
        let path = dir.path().join(name);
        std::fs::write(&path, data).expect("writes");
        let report = dangshi_quiz::storage::bank_files::read_bank(&path);
        for problem in &report.problems {
            let _ = problem.report_line(&report.file);
        }
    }
});
