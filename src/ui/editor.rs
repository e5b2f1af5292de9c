//! 题库编辑: the questions of a bank with search and filters, and a form that fits each kind,
//! checked as it is typed with the same messages as `check`.

use eframe::egui;
use egui::RichText;

use crate::app::Action;
use crate::app::editor_flow::{EditorAction, EditorState, QuestionDraft};
use crate::core::bank::{Kind, option_letter};
use crate::ui::home::{ERROR_COLOR, PRIMARY_COLOR};

fn send(actions: &mut Vec<Action>, action: EditorAction) {
    actions.push(Action::Editor(action));
}

/// The editor screen.
pub fn editor_ui(ui: &mut egui::Ui, editor: &EditorState, actions: &mut Vec<Action>) {
    egui::Panel::top("editor-top").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui.button("← 返回首页").clicked() {
                actions.push(Action::Home);
            }
            ui.heading(format!("编辑：{}", editor.bank.title));
            let save = egui::Button::new(
                RichText::new("保存题库")
                    .strong()
                    .color(egui::Color32::WHITE),
            )
            .fill(PRIMARY_COLOR);
            if ui.add_enabled(editor.dirty, save).clicked() {
                send(actions, EditorAction::Save);
            }
            if editor.dirty {
                ui.label(RichText::new("有未保存的修改").color(ERROR_COLOR));
            }
        });
        if let Some(notice) = &editor.notice {
            ui.label(RichText::new(notice).small());
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
                if editor.selected.is_some() || editor.adding {
                    form_ui(ui, editor, actions);
                } else {
                    ui.label("在左侧选择一道题进行修改，或新增一道题。");
                }
            });
    });
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
    for q in &editor.bank.questions {
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
    ui.horizontal_wrapped(|ui| {
        ui.label("新增：");
        for k in Kind::ALL {
            if ui.small_button(k.label()).clicked() {
                send(actions, EditorAction::New(k));
            }
        }
    });
    ui.separator();
    let visible = editor.visible();
    ui.label(format!(
        "显示 {} / {} 题",
        visible.len(),
        editor.bank.questions.len()
    ));
    egui::ScrollArea::vertical().show(ui, |ui| {
        for index in visible {
            let q = &editor.bank.questions[index];
            let stem: String = q.stem.chars().take(22).collect();
            let text = format!("{} · {} · {stem}", q.id, q.kind.label());
            if ui
                .selectable_label(editor.selected == Some(index), text)
                .clicked()
            {
                send(actions, EditorAction::Select(index));
            }
        }
    });
}

fn form_ui(ui: &mut egui::Ui, editor: &EditorState, actions: &mut Vec<Action>) {
    let mut draft: QuestionDraft = editor.draft.clone();
    // Fit a 1024-pixel projector as well as a wide screen: the labels take about 140 pixels.
    let width = (ui.available_width() - 80.0).clamp(220.0, 560.0);
    // The buttons and what is wrong come first: a long form must not hide them below the fold.
    for problem in &editor.problems {
        ui.label(
            RichText::new(format!("{}：{}", problem.severity_label(), problem.message))
                .color(ERROR_COLOR),
        );
    }
    ui.horizontal(|ui| {
        let apply = if editor.adding {
            "加入题库"
        } else {
            "应用修改"
        };
        if ui
            .add_enabled(
                editor.problems.is_empty(),
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
    });
    egui::Grid::new("question-form")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let row = |ui: &mut egui::Ui, name: &str, value: &mut String, multiline: bool| {
                let label = ui.label(name);
                let edit = if multiline {
                    egui::TextEdit::multiline(value).desired_rows(3)
                } else {
                    egui::TextEdit::singleline(value)
                };
                // Named ids: the problems shown above the form must not move the focus out of a field.
                let hint = match name {
                    "难度" => "1 到 5，可不填",
                    "标签" => "多个标签用“；”分隔",
                    _ => "",
                };
                ui.add(
                    edit.desired_width(width)
                        .hint_text(hint)
                        .id_salt(("draft-field", name)),
                )
                .labelled_by(label.id);
                ui.end_row();
            };
            row(ui, "编号", &mut draft.id, false);
            let kind_label = ui.label("题型");
            let combo = egui::ComboBox::from_id_salt("draft-kind")
                .selected_text(draft.kind.map_or("请选择", |k| k.label()))
                .show_ui(ui, |ui| {
                    for k in Kind::ALL {
                        ui.selectable_value(&mut draft.kind, Some(k), k.label());
                    }
                });
            combo.response.labelled_by(kind_label.id);
            ui.end_row();
            row(ui, "分类", &mut draft.category, false);
            row(ui, "题干", &mut draft.stem, true);
            if draft.kind.is_some_and(Kind::has_options) {
                if draft.options.is_empty() {
                    draft.options = vec![String::new(); 2];
                }
                let mut remove = None;
                for (i, option) in draft.options.iter_mut().enumerate() {
                    let label = ui.label(format!("选项{}", option_letter(i)));
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
                    ui.end_row();
                }
                if let Some(i) = remove {
                    draft.options.remove(i);
                }
                ui.label("");
                if draft.options.len() < 8 && ui.small_button("添加选项").clicked() {
                    draft.options.push(String::new());
                }
                ui.end_row();
            }
            row(ui, "答案", &mut draft.answer, false);
            row(ui, "解析", &mut draft.explanation, true);
            row(ui, "出处", &mut draft.source, false);
            row(ui, "难度", &mut draft.difficulty, false);
            row(ui, "标签", &mut draft.tags, false);
        });
    ui.label(RichText::new(answer_hint(draft.kind)).small().weak());
    if draft != editor.draft {
        send(actions, EditorAction::Draft(draft));
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
