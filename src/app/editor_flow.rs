//! 题库编辑: a user bank's questions, a form per question checked as it is typed (with the same
//! messages as `check`), and an atomic save that keeps the previous file as `.bak`.

use std::path::PathBuf;

use crate::app::effect::{Effect, Effects};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::bank::{Bank, Kind, Question};
use crate::core::error::Problem;
use crate::core::library::Origin;
use crate::core::load::load_bank;
use crate::core::write::quote;
use crate::storage::bank_files::install_bank;

/// A question as it is being typed: every field as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionDraft {
    /// 编号.
    pub id: String,
    /// 题型.
    pub kind: Option<Kind>,
    /// 分类.
    pub category: String,
    /// 题干.
    pub stem: String,
    /// 选项, for choice kinds.
    pub options: Vec<String>,
    /// 答案, as in the bank format.
    pub answer: String,
    /// 解析.
    pub explanation: String,
    /// 出处.
    pub source: String,
    /// 难度 (1–5 or empty).
    pub difficulty: String,
    /// 标签, separated by `；`.
    pub tags: String,
}

impl QuestionDraft {
    /// The draft of an existing question.
    pub fn of(q: &Question) -> Self {
        Self {
            id: q.id.clone(),
            kind: Some(q.kind),
            category: q.category.clone(),
            stem: q.stem.clone(),
            options: q.options.clone(),
            answer: q.answer_text.clone(),
            explanation: q.explanation.clone().unwrap_or_default(),
            source: q.source.clone().unwrap_or_default(),
            difficulty: q.difficulty.map(|d| d.to_string()).unwrap_or_default(),
            tags: q.tags.join("；"),
        }
    }

    /// The draft as one question of a RON bank, so the loader checks it with its usual messages.
    fn to_ron(&self) -> String {
        let mut fields = vec![
            format!("id: {}", quote(&self.id)),
            format!("stem: {}", quote(&self.stem)),
        ];
        if let Some(kind) = self.kind {
            fields.push(format!("kind: {}", kind.file_name()));
            if kind.has_options() {
                let options: Vec<String> = self.options.iter().map(|o| quote(o)).collect();
                fields.push(format!("options: [{}]", options.join(", ")));
            }
        }
        fields.push(format!("answer: {}", quote(&self.answer)));
        for (name, value) in [
            ("category", &self.category),
            ("explanation", &self.explanation),
            ("source", &self.source),
        ] {
            if !value.trim().is_empty() {
                fields.push(format!("{name}: {}", quote(value)));
            }
        }
        if !self.difficulty.trim().is_empty() {
            fields.push(format!("difficulty: {}", quote(self.difficulty.trim())));
        }
        let tags: Vec<String> = self
            .tags
            .split(['；', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(quote)
            .collect();
        if !tags.is_empty() {
            fields.push(format!("tags: [{}]", tags.join(", ")));
        }
        format!(
            "(format: 1, id: \"draft\", title: \"draft\", questions: [(\n{}\n)])",
            fields.join(",\n")
        )
    }

    /// Checks the draft: the question it makes, or every problem with it.
    pub fn check(&self) -> Result<Question, Vec<Problem>> {
        if self.kind.is_none() {
            return Err(vec![form_problem("请选择题型".to_owned())]);
        }
        let mut report = load_bank("draft", self.to_ron().as_bytes());
        match report.bank.as_mut().and_then(|b| b.questions.pop()) {
            Some(question) if report.errors().next().is_none() => Ok(question),
            _ => Err(report.problems),
        }
    }
}

/// A problem of the form itself (it has no line in any file).
fn form_problem(message: String) -> Problem {
    Problem {
        severity: crate::core::error::Severity::Error,
        line: None,
        column: None,
        question_index: None,
        question_id: None,
        message,
    }
}

/// The editor's state.
#[derive(Clone, Debug)]
pub struct EditorState {
    /// The bank file being edited.
    pub path: PathBuf,
    /// The working copy.
    pub bank: Bank,
    /// The question in the form, by position.
    pub selected: Option<usize>,
    /// The form holds a new question, not yet in the bank.
    pub adding: bool,
    /// The form.
    pub draft: QuestionDraft,
    /// What is wrong with the form, as `check` would say it.
    pub problems: Vec<Problem>,
    /// Search text.
    pub search: String,
    /// Only this kind.
    pub kind_filter: Option<Kind>,
    /// Only this category.
    pub category_filter: Option<String>,
    /// Only this difficulty.
    pub difficulty_filter: Option<u8>,
    /// Changes not yet saved.
    pub dirty: bool,
    /// The last save or copy, in words.
    pub notice: Option<String>,
}

impl EditorState {
    /// The positions of the questions that pass the search and filters.
    pub fn visible(&self) -> Vec<usize> {
        let needle = self.search.trim();
        (0..self.bank.questions.len())
            .filter(|&i| {
                let q = &self.bank.questions[i];
                (needle.is_empty()
                    || q.stem.contains(needle)
                    || q.id.contains(needle)
                    || q.options.iter().any(|o| o.contains(needle)))
                    && self.kind_filter.is_none_or(|k| q.kind == k)
                    && self
                        .category_filter
                        .as_ref()
                        .is_none_or(|c| &q.category == c)
                    && self
                        .difficulty_filter
                        .is_none_or(|d| q.difficulty == Some(d))
            })
            .collect()
    }
}

/// The editor actions.
#[derive(Clone, Debug)]
pub enum EditorAction {
    /// Edit library entry `n` (a built-in bank is copied into the data folder first).
    Open(usize),
    /// Search and filters changed.
    Filter(String, Option<Kind>, Option<String>, Option<u8>),
    /// Show question `n` in the form.
    Select(usize),
    /// The form was edited.
    Draft(QuestionDraft),
    /// Put the form's question into the bank.
    Apply,
    /// A new question of this kind.
    New(Kind),
    /// A copy of the selected question.
    Duplicate,
    /// Remove the selected question.
    Delete,
    /// Write the bank to its file.
    Save,
}

/// The editor's flow: the bank open in it, if any.
#[derive(Clone, Debug, Default)]
pub struct EditorFlow {
    /// The bank being edited.
    pub editor: Option<EditorState>,
}

impl EditorFlow {
    /// Applies one action.
    pub fn handle(&mut self, action: EditorAction, cx: &mut Shared) -> Effects {
        let mut fx = Effects::new();
        if let EditorAction::Open(index) = action {
            self.open_editor(index, cx, &mut fx);
            return fx;
        }
        let Some(editor) = &mut self.editor else {
            return fx;
        };
        match action {
            EditorAction::Open(_) => {}
            EditorAction::Filter(search, kind, category, difficulty) => {
                editor.search = search;
                editor.kind_filter = kind;
                editor.category_filter = category;
                editor.difficulty_filter = difficulty;
            }
            EditorAction::Select(index) => {
                if let Some(q) = editor.bank.questions.get(index) {
                    editor.selected = Some(index);
                    editor.adding = false;
                    editor.draft = QuestionDraft::of(q);
                    editor.problems.clear();
                }
            }
            EditorAction::Draft(draft) => {
                editor.problems = draft.check().err().unwrap_or_default();
                let id = draft.id.trim();
                if editor
                    .bank
                    .questions
                    .iter()
                    .enumerate()
                    .any(|(i, q)| q.id == id && Some(i) != editor.selected)
                {
                    editor.problems.push(form_problem(format!(
                        "题目编号“{id}”已被本题库的另一道题使用"
                    )));
                }
                editor.draft = draft;
            }
            EditorAction::Apply => {
                if let (Ok(question), true) = (editor.draft.check(), editor.problems.is_empty()) {
                    match editor.selected {
                        Some(index) if !editor.adding => editor.bank.questions[index] = question,
                        _ => {
                            editor.bank.questions.push(question);
                            editor.selected = Some(editor.bank.questions.len() - 1);
                            editor.adding = false;
                        }
                    }
                    editor.dirty = true;
                }
            }
            EditorAction::New(kind) => {
                let id = (1..)
                    .map(|n| format!("new-{n:03}"))
                    .find(|id| !editor.bank.questions.iter().any(|q| &q.id == id))
                    .unwrap_or_default();
                let draft = QuestionDraft {
                    id,
                    kind: Some(kind),
                    options: if kind.has_options() {
                        vec![String::new(); 4]
                    } else {
                        Vec::new()
                    },
                    ..QuestionDraft::default()
                };
                editor.problems = draft.check().err().unwrap_or_default();
                editor.draft = draft;
                editor.selected = None;
                editor.adding = true;
            }
            EditorAction::Duplicate => {
                if let Some(index) = editor.selected {
                    let mut copy = editor.bank.questions[index].clone();
                    copy.id = format!("{}-副本", copy.id);
                    editor.bank.questions.insert(index + 1, copy);
                    editor.selected = Some(index + 1);
                    editor.draft = QuestionDraft::of(&editor.bank.questions[index + 1]);
                    editor.dirty = true;
                }
            }
            EditorAction::Delete => {
                if let Some(index) = editor.selected.take() {
                    editor.bank.questions.remove(index);
                    editor.draft = QuestionDraft::default();
                    editor.problems.clear();
                    editor.dirty = true;
                }
            }
            EditorAction::Save => self.save_editor(cx, &mut fx),
        }
        fx
    }

    fn open_editor(&mut self, index: usize, cx: &Shared, fx: &mut Effects) {
        let Some(entry) = cx.entries().get(index) else {
            return;
        };
        let Some(bank) = entry.bank().cloned() else {
            return;
        };
        let (path, notice) = match &entry.origin {
            Origin::User(path) => (path.clone(), None),
            Origin::Bundled => {
                // Built-in banks are read-only: edit a copy in the data folder.
                let Some(dir) = cx.data_dir.clone() else {
                    return;
                };
                let mut copy = bank.clone();
                copy.id = format!("{}-copy", bank.id);
                copy.title = format!("{}（副本）", bank.title);
                // A copy made before (and perhaps edited since) is opened, never copied over.
                if let Some((path, existing)) =
                    crate::storage::bank_files::user_bank_with_id(&dir, &copy.id)
                {
                    let notice = format!("打开之前复制的“{}”：{}", existing.title, path.display());
                    self.open_editor_on(path, existing, Some(notice), fx);
                    return;
                }
                match install_bank(&dir, &copy, None) {
                    Ok(path) => {
                        fx.push(Effect::ReloadBanks);
                        let notice = format!(
                            "内置题库不能修改，已复制为“{}”供编辑：{}",
                            copy.title,
                            path.display()
                        );
                        self.editor = None;
                        self.open_editor_on(path, copy, Some(notice), fx);
                        return;
                    }
                    Err(error) => {
                        fx.push(Effect::Message(error.to_string()));
                        return;
                    }
                }
            }
        };
        self.open_editor_on(path, bank, notice, fx);
    }

    fn open_editor_on(
        &mut self,
        path: PathBuf,
        bank: Bank,
        notice: Option<String>,
        fx: &mut Effects,
    ) {
        self.editor = Some(EditorState {
            path,
            bank,
            selected: None,
            adding: false,
            draft: QuestionDraft::default(),
            problems: Vec::new(),
            search: String::new(),
            kind_filter: None,
            category_filter: None,
            difficulty_filter: None,
            dirty: false,
            notice,
        });
        fx.push(Effect::Show(Screen::Editor));
    }

    fn save_editor(&mut self, cx: &Shared, fx: &mut Effects) {
        let (Some(editor), Some(dir)) = (&mut self.editor, cx.data_dir.clone()) else {
            return;
        };
        match install_bank(&dir, &editor.bank, Some(&editor.path)) {
            Ok(path) => {
                editor.dirty = false;
                editor.notice = Some(format!(
                    "已保存 {} 题到 {}（上一版保留为 .bak）",
                    editor.bank.questions.len(),
                    path.display()
                ));
                fx.push(Effect::ReloadBanks);
            }
            Err(error) => editor.notice = Some(error.to_string()),
        }
    }
}
