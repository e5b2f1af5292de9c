//! 关于: the version, where the records are kept (with a way to open the folder), and the
//! licences of the program and of what it carries.

use eframe::egui;
use egui::RichText;

use crate::app::{Action, AppState};

/// The bundled font's licence, shown in full as the OFL asks.
const FONT_LICENCE: &str = include_str!("../../assets/fonts/OFL.txt");

/// The parts the program is built from that a licence asks to name, with their licences.
const PARTS: [(&str, &str); 9] = [
    ("egui / eframe（界面）", "MIT 或 Apache-2.0"),
    (
        "SQLite（成绩数据库，经 rusqlite）",
        "公有领域；rusqlite 为 MIT",
    ),
    ("calamine（读取 Excel）", "MIT"),
    ("rust_xlsxwriter（写出 Excel）", "MIT 或 Apache-2.0"),
    ("ron、serde（题库格式）", "MIT 或 Apache-2.0"),
    (
        "encoding_rs（GBK 等编码）",
        "(Apache-2.0 或 MIT) 与 BSD-3-Clause",
    ),
    ("cpal（提示音）", "Apache-2.0"),
    ("rfd（文件对话框）", "MIT"),
    ("Rust 标准库", "MIT 或 Apache-2.0"),
];

/// The 关于 screen.
pub fn about_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    super::back_header_ui(ui, "about-top", "关于", actions);
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.heading(RichText::new("党史知识竞赛").strong());
                ui.label(format!("版本 {}", env!("CARGO_PKG_VERSION")));
                ui.label("题库、自主练习、模拟考试与现场知识竞赛；不联网也能使用。");
                ui.add_space(12.0);
                data_folder_ui(ui, state, actions);
                ui.add_space(12.0);
                ui.separator();
                licences_ui(ui);
            });
    });
}

/// Where the records live, and a button that shows the folder.
fn data_folder_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    ui.label(RichText::new("数据文件夹").strong());
    match &state.shared.data_dir {
        Some(dir) => {
            // Selectable, so the path can be copied into a message to a colleague.
            ui.add(egui::Label::new(dir.display().to_string()).selectable(true));
            ui.label(
                RichText::new(
                    "成绩记录（records.sqlite）、自动备份（backups）和导入的题库（banks）都在这里；\
                     换电脑时把整个文件夹复制过去即可。",
                )
                .color(super::style::SECONDARY_TEXT),
            );
            if ui.button("打开数据文件夹").clicked() {
                actions.push(Action::OpenDataFolder);
            }
        }
        None => {
            ui.colored_label(
                super::home::ERROR_COLOR,
                "没有可用的数据文件夹：成绩不会被保存。请用 --data-dir 指定一个可以写入的文件夹。",
            );
        }
    }
}

/// The program's licence, the parts it is made of, and the font's licence in full.
fn licences_ui(ui: &mut egui::Ui) {
    ui.label(RichText::new("许可").strong());
    ui.label("本程序以 MIT 或 Apache-2.0 许可发布，可自由使用、复制和分发。");
    ui.add_space(6.0);
    egui::Grid::new("about-parts")
        .num_columns(2)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for (part, licence) in PARTS {
                ui.label(part);
                ui.label(licence);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.label(
        "内置中文字体：Noto Sans CJK SC（思源黑体的子集），SIL Open Font License 1.1，全文如下。",
    );
    egui::CollapsingHeader::new("SIL Open Font License 1.1 全文")
        .id_salt("about-ofl")
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(FONT_LICENCE).small()).wrap());
        });
}
