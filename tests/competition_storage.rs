//! Competition plans on disk and competitions in the records: saving, listing (with located
//! problems in Chinese), the event log and the results.

use dangshi_quiz::core::competition::{Event, Game, Plan, Stamped};
use dangshi_quiz::storage::export::{Cell, What};
use dangshi_quiz::storage::plans::{SAMPLE, list_plans, save_plan};
use dangshi_quiz::storage::records::Records;

#[test]
fn plans_are_saved_listed_and_a_broken_one_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let plans = list_plans(Some(dir.path()));
    assert_eq!(plans.len(), 1, "only the sample");
    let sample = plans[0].plan.clone().expect("the sample is sound");
    assert_eq!(sample.teams.len(), 3);
    assert_eq!(sample.rounds.len(), 4);

    let mut mine = sample.clone();
    mine.title = "机关党委党史竞赛".into();
    let path = save_plan(dir.path(), "机关/决赛:方案", &mine).unwrap();
    assert_eq!(
        path.file_name().unwrap(),
        "机关_决赛_方案.ron",
        "no path separators in a name"
    );
    std::fs::write(
        dir.path().join("competitions/坏方案.ron"),
        "(title: \"x\",\n  teams: [(name: \"甲\", key: \"1\")，],\n rounds: [])",
    )
    .unwrap();
    // A plan saved by Notepad in GBK reads too.
    let text = SAMPLE
        .1
        .replace("title: \"党史知识竞赛\"", "title: \"GBK 竞赛\"");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(dir.path().join("competitions/记事本.ron"), gbk).unwrap();

    let plans = list_plans(Some(dir.path()));
    let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "示例竞赛.ron",
            "坏方案.ron",
            "机关_决赛_方案.ron",
            "记事本.ron"
        ]
    );
    assert_eq!(plans[2].plan.as_ref().unwrap(), &mine);
    let problem = plans[1].plan.clone().unwrap_err();
    assert!(
        problem.contains("坏方案.ron")
            && problem.contains("第 2 行")
            && problem.contains("中文标点“，”"),
        "{problem}"
    );
    assert_eq!(plans[3].plan.as_ref().unwrap().title, "GBK 竞赛");
}

#[test]
fn events_are_stored_in_order_and_results_written_once_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let (mut records, _) = Records::open(dir.path(), 1).unwrap();
    records.branch_named("第一党支部", 1).unwrap();
    let member = records
        .add_participant("王海涛", Some("第一党支部"), None, 1)
        .unwrap();
    let plan = Plan::from_ron(SAMPLE.1).unwrap();
    let id = records.start_competition(&plan, 42, 1000).unwrap();
    let mut game = Game::new(plan.clone());
    let card = dangshi_quiz::core::competition::Card {
        bank_id: "b".into(),
        id: "q1".into(),
        kind: dangshi_quiz::core::bank::Kind::Blank,
        category: "党的创建".into(),
        stem: "中共一大在何处闭幕？".into(),
        options: vec![],
        answer: "嘉兴南湖".into(),
        explanation: None,
        image: None,
    };
    let events = [
        Event::StartRound,
        Event::Show { card },
        Event::Judge {
            right: true,
            member: Some(member),
        },
        Event::Reveal,
        Event::Adjust {
            team: 2,
            delta: -5,
            reason: "违反纪律".into(),
        },
        Event::Undo,
        Event::Finish,
    ];
    for (seq, event) in events.into_iter().enumerate() {
        let stamped = Stamped {
            at_ms: 2000 + seq as i64,
            event,
        };
        game.apply(stamped.clone()).unwrap();
        records.append_event(id, seq, &stamped).unwrap();
    }
    assert_eq!(records.unfinished_competitions().unwrap().len(), 1);
    let saved = records.competition(id).unwrap();
    assert_eq!(saved.seed, 42);
    assert_eq!(saved.events, game.events());
    assert_eq!(
        saved.replay().unwrap().scores,
        vec![110, 100, 100],
        "the undone adjustment is gone"
    );
    assert!(
        records.append_event(id, 3, &game.events()[3]).is_err(),
        "a step is never written twice"
    );

    records.finish_competition(id, &game, 9000).unwrap();
    assert!(records.unfinished_competitions().unwrap().is_empty());
    let table = records.table(What::Competitions).unwrap();
    assert_eq!(table.headers[..4], ["竞赛", "日期", "类型", "队伍"]);
    assert_eq!(table.rows.len(), 4);
    assert_eq!(table.rows[0][3], Cell::Text("第一党支部".into()));
    assert_eq!(table.rows[0][6], Cell::Number(1.0), "first place");
    assert_eq!(table.rows[3][4], Cell::Text("王海涛".into()));
    // The host undoes the end: the results go and the competition is resumable again.
    records.reopen_competition(id).unwrap();
    assert!(records.table(What::Competitions).unwrap().rows.is_empty());
    assert_eq!(records.unfinished_competitions().unwrap().len(), 1);
    records.finish_competition(id, &game, 9000).unwrap();
    // Written again (a second finish), the results replace the first ones rather than doubling.
    records.finish_competition(id, &game, 9001).unwrap();
    assert_eq!(records.table(What::Competitions).unwrap().rows.len(), 4);
}
