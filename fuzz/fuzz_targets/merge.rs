//! Any bytes as a records package: merging it either adds records or is refused with a message,
//! never a panic, an abort or a hang; a refused package changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let package = dir.path().join("fuzz.dqpack");
    // Most inputs start as a real SQLite file, so the fuzzer reaches past the header check.
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend_from_slice(data);
    std::fs::write(&package, if data.starts_with(b"SQLite") { data } else { &bytes })
        .expect("writes");
    let data_dir = dir.path().join("records");
    let Ok((mut records, _)) = dangshi_quiz::storage::records::Records::open(&data_dir, 1) else {
        return;
    };
    if records.merge(&package).is_err() {
        let people = records
            .count("SELECT count(*) FROM participants")
            .expect("the records read");
        assert_eq!(people, 0, "a refused package adds nothing");
    }
});
