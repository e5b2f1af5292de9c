//! 关于: the version, the data folder (shown, and opened on request) and the licences.

mod common;

use dangshi_quiz::app::{Action, Effect, Screen};
use egui_kittest::kittest::Queryable as _;

#[test]
fn about_shows_the_version_the_data_folder_and_the_licences() {
    let dir = tempfile::tempdir().unwrap();
    // Tall enough for the whole licence: what is scrolled out of sight is not in the tree.
    let mut harness = common::harness_sized(dir.path(), [1366.0, 4000.0]);
    harness.run();
    harness.get_by_label("关于").click();
    harness.run();
    assert_eq!(common::screen(&harness), Screen::About);
    harness.get_by_label(&format!("版本 {}", env!("CARGO_PKG_VERSION")));
    harness.get_by_label(&dir.path().display().to_string());
    harness
        .get_by_label("SIL Open Font License 1.1 全文")
        .click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("Reserved Font Name")
            .next()
            .is_some(),
        "the font's licence in full"
    );

    // The button asks the window to show the folder; the window does that, the state only asks.
    let effects = harness
        .state_mut()
        .state
        .handle(Action::OpenDataFolder, std::time::Duration::ZERO);
    assert!(
        matches!(effects.as_slice(), [Effect::OpenFolder(folder)] if folder == dir.path()),
        "{effects:?}"
    );
    harness.get_by_label("← 返回首页").click();
    harness.run();
    assert_eq!(common::screen(&harness), Screen::Home);
}
