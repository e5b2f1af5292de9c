//! The people and records screens through the real UI: adding, archiving and importing people,
//! exporting for Excel, and grading an open answer.

use dangshi_quiz::app::Screen;
use dangshi_quiz::core::grade::Response;
use dangshi_quiz::storage::attempts::Ended;
use dangshi_quiz::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry};
use dangshi_quiz::storage::load_library;
use dangshi_quiz::storage::records::Records;
use eframe::egui;

use egui_kittest::kittest::Queryable as _;

mod common;

use common::{T0, harness, people, screen, type_into_focused, type_into_labelled};

#[test]
fn people_are_added_archived_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("人员管理").click();
    harness.run();
    assert_eq!(screen(&harness), Screen::People);
    harness.get_by_label("还没有人员。可在左侧添加，或把名单文件拖到窗口里导入。");

    type_into_labelled(&mut harness, "姓名", "赵文博");
    type_into_labelled(&mut harness, "党支部", "第二党支部");
    harness.get_by_label("添加").click();
    harness.run();
    harness.get_by_label("已添加“赵文博”");
    harness.get_by_label("共 1 人（已归档的不出现在考试名单中，成绩记录保留）");
    harness.get_by_label("归档").click();
    harness.run();
    harness.get_by_label("已归档");
    assert!(people(&harness)[0].archived);

    // Renaming a branch: type after the name, then Enter.
    // The add form keeps the branch typed; the branch list's field comes after it.
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .rfind(|field| field.value().as_deref() == Some("第二党支部"))
        .expect("the branch's name field")
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .rfind(|field| field.value().as_deref() == Some("第二党支部"))
        .expect("the branch's name field")
        .click();
    harness.run();
    harness.key_press(egui::Key::End);
    harness.run();
    type_into_focused(&mut harness, "（后勤）");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        people(&harness)[0].branch_name.as_deref(),
        Some("第二党支部（后勤）")
    );

    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/参加人员示例.csv");
    type_into_labelled(&mut harness, "或输入文件路径：", sample.to_str().unwrap());
    harness.get_by_label("导入").click();
    harness.run();
    harness.get_by_label_contains("读到 12 人，新增 12 人");
    assert_eq!(people(&harness).len(), 13);
}

#[test]
fn records_export_for_excel_and_open_answers_are_graded() {
    let dir = tempfile::tempdir().unwrap();
    let library = load_library(None);
    let open = library
        .iter()
        .filter_map(|e| e.bank())
        .flat_map(|b| b.questions.iter().map(move |q| (b, q)))
        .find(|(_, q)| q.kind == dangshi_quiz::core::bank::Kind::Open)
        .map(|(b, q)| (b.id.clone(), q.id.clone(), q.stem.clone()))
        .expect("an open question");
    let attempt_id = {
        let (mut records, _) = Records::open(dir.path(), T0).unwrap();
        let who = records
            .add_participant("陈志强", Some("第二党支部"), None, T0)
            .unwrap();
        let id = records
            .start_attempt(
                &NewAttempt {
                    participant_id: Some(who),
                    mode: "exam",
                    title: "简答卷".into(),
                    rules_json: None,
                    seed: Some(1),
                    time_limit_secs: Some(600),
                    questions: vec![PaperEntry {
                        bank_id: open.0.clone(),
                        question_id: open.1.clone(),
                        option_order: vec![],
                        points: 10,
                    }],
                },
                T0,
            )
            .unwrap();
        let answer = AnswerRecord {
            position: 0,
            response: Some(Response::Text("学史明理、学史增信".into())),
            correct: None,
            points: None,
            time_used_ms: 1000,
        };
        records.record_answer(id, &answer, T0 + 1000).unwrap();
        records
            .finish_attempt(
                id,
                &Ended {
                    reason: "submitted",
                    score: 0.0,
                    max_score: 10.0,
                    awaiting_grader: 1,
                    time_used_ms: 60_000,
                },
                T0 + 2000,
            )
            .unwrap();
        id
    };

    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("成绩记录").click();
    harness.run();
    harness.get_by_label("简答题评分（待评 1 道）");
    harness.get_by_label(&open.2);
    harness.get_by_label("考生回答：学史明理、学史增信");
    harness.get_by_label("确定评分").click();
    harness.run();
    harness.get_by_label("简答题评分（待评 0 道）");
    let records = Records::attach(dir.path()).unwrap();
    assert_eq!(
        records
            .count(&format!(
                "SELECT CAST(score AS INTEGER) FROM attempts WHERE id = {attempt_id}"
            ))
            .unwrap(),
        10
    );
    assert_eq!(
        records
            .count(&format!(
                "SELECT awaiting_grader FROM attempts WHERE id = {attempt_id}"
            ))
            .unwrap(),
        0
    );

    harness.get_by_label("导出人员成绩 Excel").click();
    harness.run();
    harness.get_by_label("导出答题记录 CSV").click();
    harness.run();
    harness.get_by_label_contains("已导出到");
    let exported: Vec<_> = std::fs::read_dir(dir.path().join("导出"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(exported.len(), 2);
    let csv = exported
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    let text = String::from_utf8(std::fs::read(csv).unwrap()[3..].to_vec()).unwrap();
    assert!(
        text.contains("陈志强,第二党支部,,模拟考试,简答卷"),
        "{text}"
    );
    assert!(text.contains(",交卷,"), "{text}");
}

#[test]
fn someone_already_there_is_named_the_list_keeps_its_order_and_templates_are_written() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (records, _) = dangshi_quiz::storage::records::Records::open(dir.path(), T0).unwrap();
        for (name, branch, staff) in [
            ("周卫国", "第一党支部", "A01"),
            ("吴秀兰", "第一党支部", "A02"),
            ("郑国强", "第二党支部", "B01"),
        ] {
            records
                .add_participant(name, Some(branch), Some(staff), T0)
                .unwrap();
        }
    }
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("人员管理").click();
    harness.run();
    // The same staff number again: nobody is added, and who has it is said.
    type_into_labelled(&mut harness, "姓名", "周卫东");
    type_into_labelled(&mut harness, "工号", "A01");
    harness.get_by_label("添加").click();
    harness.run();
    harness.get_by_label_contains("已有此人：周卫国（第一党支部，工号 A01），没有重复添加");
    assert_eq!(people(&harness).len(), 3);
    // Moving 周卫国 to the second branch keeps every row where it was.
    let order = |h: &egui_kittest::Harness<'_, dangshi_quiz::shell::QuizApp>| -> Vec<String> {
        let app = &h.state().state;
        app.people
            .listed(&app.shared.directory.people)
            .iter()
            .map(|p| p.name.clone())
            .collect()
    };
    let before = order(&harness);
    let zhou = people(&harness)
        .iter()
        .find(|p| p.name == "周卫国")
        .unwrap()
        .id;
    harness.state_mut().state.handle(
        dangshi_quiz::app::Action::People(dangshi_quiz::app::PeopleAction::Move(
            zhou,
            "第二党支部".into(),
        )),
        std::time::Duration::ZERO,
    );
    harness.run();
    assert_eq!(
        people(&harness)
            .iter()
            .find(|p| p.id == zhou)
            .unwrap()
            .branch_name
            .as_deref(),
        Some("第二党支部")
    );
    assert_eq!(order(&harness), before, "no row moved under the pointer");
    // Templates to fill in.
    harness.get_by_label("名单模板（Excel）").click();
    harness.run();
    harness.get_by_label("名单模板（CSV）").click();
    harness.run();
    let csv = std::fs::read_to_string(dir.path().join("导出/人员名单模板.csv")).unwrap();
    assert!(
        csv.trim_start_matches('\u{feff}')
            .starts_with("姓名,党支部,工号"),
        "{csv}"
    );
    assert!(dir.path().join("导出/人员名单模板.xlsx").is_file());
    // The template, filled in, imports.
    let filled = dir.path().join("填好的名单.csv");
    std::fs::write(&filled, "姓名,党支部,工号\n冯晓东,第三党支部,C01\n").unwrap();
    type_into_labelled(&mut harness, "或输入文件路径：", filled.to_str().unwrap());
    harness.get_by_label("导入").click();
    harness.run();
    harness.get_by_label_contains("新增 1 人");
}
