//! 题库编辑: the questions of a bank (those with errors marked and kept) with search and filters,
//! a form that fits each kind with every problem beside its field, the text of a question that
//! cannot be read to mend it, and the question 保存 / 不保存 / 取消 before work would be lost.

use eframe::egui;
use egui::RichText;

use crate::app::Action;
use crate::app::editor_flow::{
    EditorAction, EditorState, FieldProblem, FormField, Leave, QuestionDraft,
};
use crate::core::bank::{Kind, option_letter};
use crate::core::error::Severity;
use crate::ui::home::{ERROR_COLOR, PRIMARY_COLOR, WARNING_COLOR};

fn send(actions: &mut Vec<Action>, action: EditorAction) {
    actions.push(Action::Editor(action));
}

/// The editor screen.
pub fn editor_ui(ui: &mut egui::Ui, editor: &EditorState, actions: &mut Vec<Action>) {
    egui::Panel::top("editor-top").show(ui, |ui| {
        ui.add_space(4.0);
        super::row_ui(ui, |ui| {
            if ui.button("← 返回首页").clicked() {
                send(actions, EditorAction::Leave(Leave::Home));
            }
            ui.heading(format!("编辑：{}", editor.title));
            let save = egui::Button::new(
                RichText::new("保存题库")
                    .strong()
                    .color(egui::Color32::WHITE),
            )
            .fill(PRIMARY_COLOR);
            if ui.add_enabled(editor.unsaved(), save).clicked() {
                send(actions, EditorAction::Save);
            }
            if editor.unsaved() {
                ui.label(RichText::new("有未保存的修改").color(ERROR_COLOR));
            }
            if editor.undo.is_some() && ui.button("撤销删除").clicked() {
                send(actions, EditorAction::Undo);
            }
        });
        if let Some(notice) = &editor.notice {
            super::notice_ui(ui, notice);
        }
        for problem in &editor.edit.header_problems {
            ui.label(RichText::new(problem.to_string()).color(ERROR_COLOR));
        }
        ui.add_space(2.0);
    });
    egui::Panel::left("editor-list")
        .resizable(false)
        .exact_size(360.0)
        .show(ui, |ui| list_ui(ui, editor, actions));
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                if editor.editing_text() {
                    text_ui(ui, editor, actions);
                } else if editor.selected.is_some() || editor.adding {
                    form_ui(ui, editor, actions);
                } else {
                    ui.label("在左侧选择一道题进行修改，或新增一道题。");
                }
            });
    });
    if let Some(leave) = editor.asking {
        ask_ui(ui, leave, actions);
    }
}

/// 保存 / 不保存 / 取消: for leaving the editor with unsaved changes, or leaving a question whose
/// form has changes not yet applied.
fn ask_ui(ui: &mut egui::Ui, leave: Leave, actions: &mut Vec<Action>) {
    let (heading, text, yes, no) = match leave {
        Leave::Home | Leave::Close => (
            "题库有未保存的修改",
            "离开前要保存这些修改吗？不保存，修改就会丢失。",
            "保存",
            "不保存",
        ),
        Leave::Select(_) | Leave::New(_) => (
            "这道题的修改还没有应用",
            "要先把表单里的修改应用到题库吗？不应用，这些修改就会丢失。",
            "应用修改",
            "放弃修改",
        ),
    };
    let modal = egui::Modal::new(egui::Id::unique("editor-ask")).show(ui.ctx(), |ui| {
        ui.set_max_width(520.0);
        ui.heading(heading);
        ui.label(text);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let primary =
                egui::Button::new(RichText::new(yes).strong().color(egui::Color32::WHITE))
                    .fill(PRIMARY_COLOR);
            if ui.add(primary).clicked() {
                send(actions, EditorAction::Answer(true));
            }
            if ui.button(no).clicked() {
                send(actions, EditorAction::Answer(false));
            }
            if ui.button("取消").clicked() {
                send(actions, EditorAction::Stay);
            }
        });
    });
    if modal.should_close() {
        send(actions, EditorAction::Stay);
    }
}

fn list_ui(ui: &mut egui::Ui, editor: &EditorState, actions: &mut Vec<Action>) {
    let (mut search, mut kind, mut category, mut difficulty) = (
        editor.search.clone(),
        editor.kind_filter,
        editor.category_filter.clone(),
        editor.difficulty_filter,
    );
    let label = ui.label("查找（题干、编号、选项）：");
    ui.add(egui::TextEdit::singleline(&mut search).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    ui.horizontal(|ui| {
        egui::ComboBox::new("kind-filter", "题型")
            .selected_text(kind.map_or("全部", |k| k.label()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut kind, None, "全部");
                for k in Kind::ALL {
                    ui.selectable_value(&mut kind, Some(k), k.label());
                }
            });
        egui::ComboBox::new("difficulty-filter", "难度")
            .selected_text(difficulty.map_or("全部".to_owned(), |d| d.to_string()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut difficulty, None, "全部");
                for d in 1..=5 {
                    ui.selectable_value(&mut difficulty, Some(d), d.to_string());
                }
            });
    });
    let mut categories: Vec<&str> = Vec::new();
    for q in editor
        .edit
        .entries
        .iter()
        .filter_map(|e| e.question.as_ref())
    {
        if !categories.contains(&q.category.as_str()) {
            categories.push(&q.category);
        }
    }
    egui::ComboBox::new("category-filter", "分类")
        .selected_text(category.clone().unwrap_or_else(|| "全部".to_owned()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut category, None, "全部".to_owned());
            for c in categories {
                ui.selectable_value(&mut category, Some(c.to_owned()), c);
            }
        });
    if (search.as_str(), kind, category.as_ref(), difficulty)
        != (
            editor.search.as_str(),
            editor.kind_filter,
            editor.category_filter.as_ref(),
            editor.difficulty_filter,
        )
    {
        send(
            actions,
            EditorAction::Filter(search, kind, category, difficulty),
        );
    }
    let broken = editor
        .edit
        .entries
        .iter()
        .filter(|e| !e.deleted && e.is_broken())
        .count();
    if broken > 0 {
        let mut only = editor.broken_only;
        let text = RichText::new(format!("只看有错误的题（{broken} 题）")).color(ERROR_COLOR);
        if ui.checkbox(&mut only, text).changed() {
            send(actions, EditorAction::BrokenOnly(only));
        }
    }
    super::row_ui(ui, |ui| {
        ui.label("新增：");
        for k in Kind::ALL {
            if ui.small_button(k.label()).clicked() {
                send(actions, EditorAction::New(k));
            }
        }
    });
    ui.separator();
    let visible = editor.visible();
    let shown = editor.edit.entries.iter().filter(|e| !e.deleted).count();
    ui.label(format!("显示 {} / {shown} 题", visible.len()));
    egui::ScrollArea::vertical().show(ui, |ui| {
        for index in visible {
            let entry = &editor.edit.entries[index];
            let text = match &entry.question {
                Some(q) => {
                    let stem: String = q.stem.chars().take(22).collect();
                    RichText::new(format!("{} · {} · {stem}", q.id, q.kind.label()))
                }
                None => RichText::new(format!("【有错误】{}", entry.label_id())).color(ERROR_COLOR),
            };
            if ui
                .selectable_label(editor.selected == Some(index) && !editor.adding, text)
                .clicked()
            {
                send(actions, EditorAction::Select(index));
            }
        }
    });
}

/// A question that could not be read: its problems and its text, to mend where it is.
fn text_ui(ui: &mut egui::Ui, editor: &EditorState, actions: &mut Vec<Action>) {
    let Some(entry) = editor.selected.and_then(|i| editor.edit.entries.get(i)) else {
        return;
    };
    ui.label(
        RichText::new("这道题有错误，程序读不出来：它会原样保留在题库里。可直接在下面改正原文。")
            .strong(),
    );
    for problem in &entry.problems {
        let color = match problem.severity {
            Severity::Error => ERROR_COLOR,
            Severity::Warning => WARNING_COLOR,
        };
        ui.label(RichText::new(problem.to_string()).color(color));
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                editor.form_changed(),
                egui::Button::new(RichText::new("应用修改").strong()),
            )
            .clicked()
        {
            send(actions, EditorAction::Apply);
        }
        if ui.button("删除此题").clicked() {
            send(actions, EditorAction::Delete);
        }
    });
    let mut text = editor.text.clone();
    let label = ui.label("原文");
    ui.add(
        egui::TextEdit::multiline(&mut text)
            .code_editor()
            .desired_rows(14)
            .desired_width(f32::INFINITY)
            .id_salt("broken-text"),
    )
    .labelled_by(label.id);
    if text != editor.text {
        send(actions, EditorAction::Text(text));
    }
}

/// The problems of one field, beside it: errors in red, warnings in amber.
fn field_problems_ui(ui: &mut egui::Ui, problems: &[FieldProblem], field: FormField) {
    for problem in problems.iter().filter(|p| p.field == field) {
        let (color, label) = match problem.severity {
            Severity::Error => (ERROR_COLOR, "错误"),
            Severity::Warning => (WARNING_COLOR, "提醒"),
        };
        ui.label(RichText::new(format!("{label}：{}", problem.message)).color(color));
    }
}

fn form_ui(ui: &mut egui::Ui, editor: &EditorState, actions: &mut Vec<Action>) {
    let mut draft: QuestionDraft = editor.draft.clone();
    // Fit a 1024-pixel projector as well as a wide screen: the labels take about 140 pixels.
    let width = (ui.available_width() - 80.0).clamp(220.0, 560.0);
    let errors = editor
        .problems
        .iter()
        .any(|p| p.severity == Severity::Error);
    ui.horizontal(|ui| {
        let apply = if editor.adding {
            "加入题库"
        } else {
            "应用修改"
        };
        if ui
            .add_enabled(
                !errors && editor.form_changed(),
                egui::Button::new(RichText::new(apply).strong()),
            )
            .clicked()
        {
            send(actions, EditorAction::Apply);
        }
        if !editor.adding {
            if ui.button("复制此题").clicked() {
                send(actions, EditorAction::Duplicate);
            }
            if ui.button("删除此题").clicked() {
                send(actions, EditorAction::Delete);
            }
        }
        if errors {
            ui.label(RichText::new("有错误，见各栏下方").color(ERROR_COLOR));
        }
    });
    field_problems_ui(ui, &editor.problems, FormField::Question);
    egui::Grid::new("question-form")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let row = |ui: &mut egui::Ui,
                       name: &str,
                       value: &mut String,
                       multiline: bool,
                       field: FormField| {
                let label = ui.label(name);
                ui.vertical(|ui| {
                    let edit = if multiline {
                        egui::TextEdit::multiline(value).desired_rows(3)
                    } else {
                        egui::TextEdit::singleline(value)
                    };
                    let hint = match field {
                        FormField::Difficulty => "1 到 5，可不填",
                        FormField::Tags => "多个标签用“；”分隔",
                        FormField::Image => "题库文件旁的图片，如 images/1.png，可不填",
                        FormField::Points => "本题分值，可不填",
                        FormField::TimeLimit => "本题限时（秒），可不填",
                        _ => "",
                    };
                    // Named ids: a problem appearing below a field must not move the focus.
                    ui.add(
                        edit.desired_width(width)
                            .hint_text(hint)
                            .id_salt(("draft-field", name)),
                    )
                    .labelled_by(label.id);
                    field_problems_ui(ui, &editor.problems, field);
                });
                ui.end_row();
            };
            row(ui, "编号", &mut draft.id, false, FormField::Id);
            let kind_label = ui.label("题型");
            ui.vertical(|ui| {
                let combo = egui::ComboBox::from_id_salt("draft-kind")
                    .selected_text(draft.kind.map_or("请选择", |k| k.label()))
                    .show_ui(ui, |ui| {
                        for k in Kind::ALL {
                            ui.selectable_value(&mut draft.kind, Some(k), k.label());
                        }
                    });
                combo.response.labelled_by(kind_label.id);
                field_problems_ui(ui, &editor.problems, FormField::Kind);
            });
            ui.end_row();
            row(ui, "分类", &mut draft.category, false, FormField::Category);
            row(ui, "题干", &mut draft.stem, true, FormField::Stem);
            if draft.kind.is_some_and(Kind::has_options) {
                if draft.options.is_empty() {
                    draft.options = vec![String::new(); 2];
                }
                let mut remove = None;
                for (i, option) in draft.options.iter_mut().enumerate() {
                    let label = ui.label(format!("选项{}", option_letter(i)));
                    ui.vertical(|ui| {
                        ui.horizontal(|ui| {
                            ui.add(
                                egui::TextEdit::singleline(option)
                                    .desired_width(width - 120.0)
                                    .id_salt(("draft-option", i)),
                            )
                            .labelled_by(label.id);
                            if ui.small_button("删除").clicked() {
                                remove = Some(i);
                            }
                        });
                        field_problems_ui(ui, &editor.problems, FormField::Option(i));
                    });
                    ui.end_row();
                }
                if let Some(i) = remove {
                    draft.options.remove(i);
                }
                ui.label("");
                ui.vertical(|ui| {
                    if draft.options.len() < 8 && ui.small_button("添加选项").clicked() {
                        draft.options.push(String::new());
                    }
                    field_problems_ui(ui, &editor.problems, FormField::Options);
                });
                ui.end_row();
            }
            // An open question's reference answer can be long: more than one line.
            let long_answer = draft.kind == Some(Kind::Open);
            row(
                ui,
                "答案",
                &mut draft.answer,
                long_answer,
                FormField::Answer,
            );
            row(
                ui,
                "解析",
                &mut draft.explanation,
                true,
                FormField::Explanation,
            );
            row(ui, "出处", &mut draft.source, false, FormField::Source);
            row(
                ui,
                "难度",
                &mut draft.difficulty,
                false,
                FormField::Difficulty,
            );
            row(ui, "标签", &mut draft.tags, false, FormField::Tags);
            row(ui, "图片", &mut draft.image, false, FormField::Image);
            row(ui, "分值", &mut draft.points, false, FormField::Points);
            row(
                ui,
                "限时（秒）",
                &mut draft.time_limit_secs,
                false,
                FormField::TimeLimit,
            );
        });
    ui.label(RichText::new(answer_hint(draft.kind)).small());
    if draft != editor.draft {
        send(actions, EditorAction::Draft(Box::new(draft)));
    }
}

fn answer_hint(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Single) => "答案写一个选项字母，如 B",
        Some(Kind::Multiple) => "答案把正确选项的字母连写，如 ABD",
        Some(Kind::TrueFalse) => "答案写“对”或“错”",
        Some(Kind::Blank) => "多个空用“；”分隔，同一空的几种答案用“|”分隔，如 南湖|嘉兴南湖",
        Some(Kind::Open) => "答案写参考答案",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;
    use crate::core::bank_edit::BankEdit;

    /// The editor screen alone, over a one-question bank, the draft's answer emptied.
    #[test]
    fn each_problem_shows_beside_its_field_and_apply_waits_for_a_fix() {
        let text = "(format: 1, id: \"t\", title: \"测试\", questions: [(id: \"a\", kind: Single, stem: \"题\", options: [\"甲\", \"乙\"], answer: \"A\")])";
        let edit = BankEdit::open("t.ron", text.as_bytes()).expect("opens");
        let mut editor = EditorState::new("t.ron".into(), "测试".into(), edit, None);
        let question = editor.edit.entries[0].question.clone().expect("usable");
        editor.selected = Some(0);
        editor.draft = QuestionDraft::of(&question);
        editor.draft.answer = "E".into();
        editor.draft.points = "5000".into();
        editor.problems = editor.draft.check().1;
        let mut harness = Harness::builder()
            .with_size([1024.0, 768.0])
            .with_context_setup(crate::ui::fonts::install)
            .build_ui_state(
                |ui, (editor, actions): &mut (EditorState, Vec<Action>)| {
                    editor_ui(ui, editor, actions);
                },
                (editor, Vec::new()),
            );
        harness.run();
        let answer = harness.get_by_label_contains("错误：答案字母 E 超出了选项范围");
        let points = harness.get_by_label_contains("错误：分值 points 应是 1 到 1000 的整数");
        // Under their own fields: the answer's message above the points' one, both in the form.
        assert!(answer.rect().top() < points.rect().top());
        harness.get_by_label("有错误，见各栏下方");
        harness.get_by_label("应用修改").click();
        harness.run();
        assert!(
            harness.state().1.is_empty(),
            "apply is disabled while the form has errors"
        );
    }
}
