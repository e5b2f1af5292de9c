//! 题库编辑: a user bank's questions, the broken ones too; a form per question checked as it is
//! typed by the rules every bank is read by, each problem beside its field; a save that writes
//! only what changed (keeping the file as it was as `.bak`); and a question before anything
//! unsaved would be lost.

use std::path::PathBuf;

use crate::app::effect::{Effect, Effects, Notice};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::bank::{Kind, Question};
use crate::core::bank_edit::BankEdit;
use crate::core::error::Severity;
use crate::core::library::Origin;
use crate::core::rules::{self, RawQuestion, Report, Written, WrittenList};
use crate::storage::bank_files::{bank_bytes, install_bank, save_bank_text};

/// A field of the question form, where its problems are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormField {
    /// 编号.
    Id,
    /// 题型.
    Kind,
    /// 分类.
    Category,
    /// 题干.
    Stem,
    /// The options as a whole (how many).
    Options,
    /// Option `n`.
    Option(usize),
    /// 答案.
    Answer,
    /// 解析.
    Explanation,
    /// 出处.
    Source,
    /// 难度.
    Difficulty,
    /// 标签.
    Tags,
    /// 图片.
    Image,
    /// 分值.
    Points,
    /// 限时.
    TimeLimit,
    /// The question as a whole (what is missing).
    Question,
}

/// A problem of the form, at its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field.
    pub field: FormField,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, as `check` says it.
    pub message: String,
}

/// A question as it is being typed: every field of [`Question`] as text.
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
    /// 图片: a path beside the bank.
    pub image: String,
    /// 分值 (or empty).
    pub points: String,
    /// 限时（秒） (or empty).
    pub time_limit_secs: String,
}

/// The rules report into the form, field by field.
#[derive(Default)]
struct FormReport(Vec<FieldProblem>);

impl Report<FormField> for FormReport {
    fn error(&mut self, field: FormField, message: String) {
        self.0.push(FieldProblem {
            field,
            severity: Severity::Error,
            message,
        });
    }

    fn warn(&mut self, field: FormField, message: String) {
        self.0.push(FieldProblem {
            field,
            severity: Severity::Warning,
            message,
        });
    }
}

impl QuestionDraft {
    /// The draft of an existing question: every field, so none is lost when it is applied.
    pub fn of(q: &Question) -> Self {
        // Every field by name: a field added to `Question` cannot be forgotten here.
        let Question {
            id,
            category,
            kind,
            stem,
            options,
            answer: _, // edited as the author wrote it, `answer_text`
            answer_text,
            explanation,
            source,
            difficulty,
            tags,
            image,
            points,
            time_limit_secs,
            line: _,
        } = q;
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        Self {
            id: id.clone(),
            kind: Some(*kind),
            category: category.clone(),
            stem: stem.clone(),
            options: options.clone(),
            answer: answer_text.clone(),
            explanation: explanation.clone().unwrap_or_default(),
            source: source.clone().unwrap_or_default(),
            difficulty: number(difficulty.map(u32::from)),
            tags: tags.join("；"),
            image: image.clone().unwrap_or_default(),
            points: number(*points),
            time_limit_secs: number(*time_limit_secs),
        }
    }

    /// The draft as the rules read it.
    fn raw(&self) -> RawQuestion<'_, FormField> {
        fn text(value: &str, field: FormField) -> Option<Written<'_, FormField>> {
            Some(Written::new(value, field))
        }
        fn optional(value: &str, field: FormField) -> Option<Written<'_, FormField>> {
            (!value.trim().is_empty()).then(|| Written::new(value, field))
        }
        RawQuestion {
            id: text(&self.id, FormField::Id),
            kind: self
                .kind
                .map(|k| Written::new(k.file_name(), FormField::Kind)),
            stem: text(&self.stem, FormField::Stem),
            options: self.kind.filter(|k| k.has_options()).map(|_| WrittenList {
                items: self
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| Written::new(o.as_str(), FormField::Option(i)))
                    .collect(),
                at: FormField::Options,
            }),
            answer: Some(Written::new(self.answer.as_str(), FormField::Answer)),
            category: optional(&self.category, FormField::Category),
            explanation: optional(&self.explanation, FormField::Explanation),
            source: optional(&self.source, FormField::Source),
            difficulty: optional(&self.difficulty, FormField::Difficulty),
            tags: Some(WrittenList {
                items: self
                    .tags
                    .split(['；', ';'])
                    .map(|t| Written::new(t, FormField::Tags))
                    .collect(),
                at: FormField::Tags,
            }),
            image: optional(&self.image, FormField::Image),
            points: optional(&self.points, FormField::Points),
            time_limit_secs: optional(&self.time_limit_secs, FormField::TimeLimit),
            at: FormField::Question,
        }
    }

    /// Checks the draft by the rules every bank is read by: the question it makes (if it can be
    /// used) and every problem, each at its field.
    pub fn check(&self) -> (Option<Question>, Vec<FieldProblem>) {
        let mut report = FormReport::default();
        if self.kind.is_none() {
            report.error(FormField::Kind, "请选择题型".to_owned());
            return (None, report.0);
        }
        let question = rules::check(&self.raw(), &mut report);
        (question, report.0)
    }
}

/// What the user asked for that would lose unsaved work, waiting for their answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    /// Back to the home screen.
    Home,
    /// Close the window.
    Close,
    /// Show question `n`.
    Select(usize),
    /// Start a new question of this kind.
    New(Kind),
}

/// The editor's state.
#[derive(Clone, Debug)]
pub struct EditorState {
    /// The bank file being edited.
    pub path: PathBuf,
    /// The bank's title.
    pub title: String,
    /// The questions and what was changed.
    pub edit: BankEdit,
    /// The question in the form, by position in `edit.entries`.
    pub selected: Option<usize>,
    /// The form holds a new question, not yet in the bank.
    pub adding: bool,
    /// The form.
    pub draft: QuestionDraft,
    /// What is wrong with the form, field by field.
    pub problems: Vec<FieldProblem>,
    /// The text of a question that cannot be read, as it is being mended.
    pub text: String,
    /// Search text.
    pub search: String,
    /// Only this kind.
    pub kind_filter: Option<Kind>,
    /// Only this category.
    pub category_filter: Option<String>,
    /// Only this difficulty.
    pub difficulty_filter: Option<u8>,
    /// Only the questions with errors.
    pub broken_only: bool,
    /// The last save, copy or deletion, in words.
    pub notice: Option<Notice>,
    /// A step that would lose unsaved work, waiting for 保存 / 不保存 / 取消.
    pub asking: Option<Leave>,
    /// The question deleted last, which 撤销删除 brings back.
    pub undo: Option<usize>,
}

impl EditorState {
    /// The editor over `edit`, the bank in `path`.
    pub fn new(path: PathBuf, title: String, edit: BankEdit, notice: Option<Notice>) -> Self {
        Self {
            path,
            title,
            edit,
            selected: None,
            adding: false,
            draft: QuestionDraft::default(),
            problems: Vec::new(),
            text: String::new(),
            search: String::new(),
            kind_filter: None,
            category_filter: None,
            difficulty_filter: None,
            broken_only: false,
            notice,
            asking: None,
            undo: None,
        }
    }

    /// The positions of the questions that pass the search and filters (deleted ones left out).
    pub fn visible(&self) -> Vec<usize> {
        let needle = self.search.trim();
        (0..self.edit.entries.len())
            .filter(|&i| {
                let entry = &self.edit.entries[i];
                if entry.deleted || (self.broken_only && !entry.is_broken()) {
                    return false;
                }
                let Some(q) = &entry.question else {
                    // A question that cannot be read is found by its text, and passes filters.
                    return needle.is_empty() || entry.text.contains(needle);
                };
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

    /// The question in the form is being mended as text (it could not be read).
    pub fn editing_text(&self) -> bool {
        !self.adding
            && self
                .selected
                .and_then(|i| self.edit.entries.get(i))
                .is_some_and(|e| e.is_broken())
    }

    /// The form holds something the bank does not have yet.
    pub fn form_changed(&self) -> bool {
        if self.adding {
            return true;
        }
        let Some(entry) = self.selected.and_then(|i| self.edit.entries.get(i)) else {
            return false;
        };
        match &entry.question {
            Some(q) => self.draft != QuestionDraft::of(q),
            None => self.text != entry.text,
        }
    }

    /// Something would be lost if the editor closed now.
    pub fn unsaved(&self) -> bool {
        self.edit.is_changed() || self.form_changed()
    }

    /// Puts the form into the bank; false (with the problems at their fields) when it cannot be.
    fn apply(&mut self) -> bool {
        if self.editing_text() {
            if let Some(index) = self.selected {
                self.edit.set_text(index, self.text.clone());
                // Mended: the form shows it as a question now.
                if let Some(q) = &self.edit.entries[index].question {
                    self.draft = QuestionDraft::of(q);
                    self.problems.clear();
                }
            }
            return true;
        }
        let (question, mut problems) = self.draft.check();
        let id = self.draft.id.trim();
        let own = if self.adding { None } else { self.selected };
        if !id.is_empty() && self.edit.id_taken(id, own) {
            problems.push(FieldProblem {
                field: FormField::Id,
                severity: Severity::Error,
                message: format!("题目编号“{id}”已被本题库的另一道题使用"),
            });
        }
        let errors = problems.iter().any(|p| p.severity == Severity::Error);
        self.problems = problems;
        let Some(question) = question.filter(|_| !errors) else {
            return false;
        };
        let warnings = Vec::new();
        match self.selected {
            Some(index) if !self.adding => self.edit.set_question(index, question, warnings),
            _ => {
                self.selected = Some(self.edit.add(question));
                self.adding = false;
            }
        }
        true
    }

    fn select(&mut self, index: usize) {
        let Some(entry) = self.edit.entries.get(index) else {
            return;
        };
        self.selected = Some(index);
        self.adding = false;
        self.text = entry.text.clone();
        match &entry.question {
            Some(q) => {
                self.draft = QuestionDraft::of(q);
                self.problems = self.draft.check().1;
            }
            None => {
                self.draft = QuestionDraft::default();
                self.problems.clear();
            }
        }
    }

    fn start_new(&mut self, kind: Kind) {
        let id = (1..)
            .map(|n| format!("new-{n:03}"))
            .find(|id| !self.edit.id_taken(id, None))
            .unwrap_or_default();
        self.draft = QuestionDraft {
            id,
            kind: Some(kind),
            options: if kind.has_options() {
                vec![String::new(); 4]
            } else {
                Vec::new()
            },
            ..QuestionDraft::default()
        };
        self.problems = self.draft.check().1;
        self.selected = None;
        self.adding = true;
    }

    /// Writes the bank, the form's changes first; false (and why, in the notice) when it cannot.
    fn save(&mut self) -> bool {
        if self.form_changed() && !self.apply() {
            self.notice = Some(Notice::error(
                "这道题还有错误（见各栏旁的红字），改正或放弃修改后才能保存；题库文件没有改动",
            ));
            return false;
        }
        let text = self.edit.render();
        // What is written must read back as what the editor shows: never lose a question.
        let reread = BankEdit::open("", text.as_bytes());
        let expected = self.edit.entries.iter().filter(|e| !e.deleted).count();
        match reread {
            Ok(again) if again.entries.len() == expected => {}
            _ => {
                self.notice = Some(Notice::error(
                    "保存后的题库无法按原样读回，为免丢失题目，这次没有保存。请把情况告诉技术人员",
                ));
                return false;
            }
        }
        match save_bank_text(&self.path, &text) {
            Ok(()) => {
                let kept = expected;
                let broken = self
                    .edit
                    .entries
                    .iter()
                    .filter(|e| !e.deleted && e.is_broken())
                    .count();
                if let Ok(saved) = BankEdit::open("", text.as_bytes()) {
                    self.edit = saved;
                }
                self.selected = self.selected.filter(|&i| i < self.edit.entries.len());
                self.undo = None;
                let broken = if broken > 0 {
                    format!("，其中 {broken} 题仍有错误，已原样保留")
                } else {
                    String::new()
                };
                self.notice = Some(Notice::ok(format!(
                    "已保存 {kept} 题{broken}到 {}（上一版保留为 .bak）",
                    self.path.display()
                )));
                true
            }
            Err(error) => {
                self.notice = Some(Notice::error(error.to_string()));
                false
            }
        }
    }
}

/// The editor's flow: the bank open in it, if any.
#[derive(Clone, Debug, Default)]
pub struct EditorFlow {
    /// The bank being edited.
    pub editor: Option<EditorState>,
}

/// The editor actions.
#[derive(Clone, Debug)]
pub enum EditorAction {
    /// Edit library entry `n` (a built-in bank is copied into the data folder first).
    Open(usize),
    /// Search and filters changed.
    Filter(String, Option<Kind>, Option<String>, Option<u8>),
    /// Show only the questions with errors, or all.
    BrokenOnly(bool),
    /// Show question `n` in the form (asks first if the form has changes).
    Select(usize),
    /// The form was edited.
    Draft(Box<QuestionDraft>),
    /// The text of a question that cannot be read was edited.
    Text(String),
    /// Put the form's question into the bank.
    Apply,
    /// A new question of this kind (asks first if the form has changes).
    New(Kind),
    /// A copy of the selected question.
    Duplicate,
    /// Remove the selected question (until saved, 撤销删除 brings it back).
    Delete,
    /// Bring back the question deleted last.
    Undo,
    /// Write the bank to its file.
    Save,
    /// Leave the editor (asks first if something is unsaved).
    Leave(Leave),
    /// The answer to the question before leaving: save (true) or not (false).
    Answer(bool),
    /// Do not leave after all.
    Stay,
}

impl EditorFlow {
    /// Whether something would be lost if the editor closed now.
    pub fn unsaved(&self) -> bool {
        self.editor.as_ref().is_some_and(EditorState::unsaved)
    }

    /// Applies one action.
    pub fn handle(&mut self, action: EditorAction, cx: &mut Shared) -> Effects {
        let mut fx = Effects::new();
        if let EditorAction::Open(index) = action {
            self.open_editor(index, cx, &mut fx);
            return fx;
        }
        let Some(editor) = &mut self.editor else {
            if let EditorAction::Leave(Leave::Home) = action {
                fx.push(Effect::Show(Screen::Home));
            }
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
            EditorAction::BrokenOnly(only) => editor.broken_only = only,
            EditorAction::Select(index) => {
                if editor.selected == Some(index) && !editor.adding {
                } else if editor.form_changed() {
                    editor.asking = Some(Leave::Select(index));
                } else {
                    editor.select(index);
                }
            }
            EditorAction::Draft(draft) => {
                editor.problems = draft.check().1;
                editor.draft = *draft;
            }
            EditorAction::Text(text) => editor.text = text,
            EditorAction::Apply => {
                if editor.apply() {
                    editor.notice = None;
                }
            }
            EditorAction::New(kind) => {
                if editor.form_changed() {
                    editor.asking = Some(Leave::New(kind));
                } else {
                    editor.start_new(kind);
                }
            }
            EditorAction::Duplicate => {
                let copy = editor
                    .selected
                    .and_then(|i| editor.edit.entries.get(i))
                    .and_then(|e| e.question.clone());
                if let Some(mut copy) = copy {
                    let base = format!("{}-副本", copy.id);
                    copy.id = (1..)
                        .map(|n| {
                            if n == 1 {
                                base.clone()
                            } else {
                                format!("{base}{n}")
                            }
                        })
                        .find(|id| !editor.edit.id_taken(id, None))
                        .unwrap_or(base);
                    let index = editor.edit.add(copy);
                    editor.select(index);
                    editor.notice = Some(Notice::ok("已复制，副本加在题库末尾"));
                }
            }
            EditorAction::Delete => {
                if let Some(index) = editor.selected.take() {
                    if let Some(entry) = editor.edit.entries.get_mut(index) {
                        entry.deleted = true;
                    }
                    editor.undo = Some(index);
                    editor.adding = false;
                    editor.draft = QuestionDraft::default();
                    editor.problems.clear();
                    let id = editor.edit.entries[index].label_id().to_owned();
                    editor.notice = Some(Notice::ok(format!("已删除“{id}”（保存前可以撤销删除）")));
                }
            }
            EditorAction::Undo => {
                if let Some(index) = editor.undo.take() {
                    if let Some(entry) = editor.edit.entries.get_mut(index) {
                        entry.deleted = false;
                    }
                    editor.select(index);
                    editor.notice = Some(Notice::ok("已撤销删除"));
                }
            }
            EditorAction::Save => {
                if editor.save() {
                    fx.push(Effect::ReloadBanks);
                }
            }
            EditorAction::Leave(leave) => {
                if editor.unsaved() {
                    editor.asking = Some(leave);
                } else {
                    fx.extend(self.leave(leave));
                }
            }
            EditorAction::Answer(save) => {
                let Some(leave) = editor.asking.take() else {
                    return fx;
                };
                match leave {
                    Leave::Select(index) => {
                        if !save || editor.apply() {
                            editor.select(index);
                        }
                    }
                    Leave::New(kind) => {
                        if !save || editor.apply() {
                            editor.start_new(kind);
                        }
                    }
                    Leave::Home | Leave::Close => {
                        if save && !editor.save() {
                            return fx;
                        }
                        if save {
                            fx.push(Effect::ReloadBanks);
                        }
                        fx.extend(self.leave(leave));
                    }
                }
            }
            EditorAction::Stay => editor.asking = None,
        }
        fx
    }

    /// Leaves the editor (nothing unsaved, or the user said so).
    fn leave(&mut self, leave: Leave) -> Effects {
        match leave {
            Leave::Home => {
                self.editor = None;
                vec![Effect::Show(Screen::Home)]
            }
            Leave::Close => {
                self.editor = None;
                vec![Effect::CloseWindow]
            }
            Leave::Select(_) | Leave::New(_) => Effects::new(),
        }
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
                match crate::storage::bank_files::user_bank_with_id(&dir, &copy.id) {
                    Some((path, existing)) => {
                        let notice =
                            format!("打开之前复制的“{}”：{}", existing.title, path.display());
                        (path, Some(notice))
                    }
                    None => match install_bank(&dir, &copy, None) {
                        Ok(path) => {
                            fx.push(Effect::ReloadBanks);
                            let notice = format!(
                                "内置题库不能修改，已复制为“{}”供编辑：{}",
                                copy.title,
                                path.display()
                            );
                            (path, Some(notice))
                        }
                        Err(error) => {
                            fx.push(Effect::Message(error.to_string()));
                            return;
                        }
                    },
                }
            }
        };
        let opened = bank_bytes(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                BankEdit::open(&path.display().to_string(), &bytes).map_err(|report| {
                    let first = report
                        .problems
                        .first()
                        .map(|p| p.report_line(&report.file))
                        .unwrap_or_default();
                    format!("题库文件本身的结构有错误，无法逐题编辑，请先用记事本改正：{first}")
                })
            });
        match opened {
            Ok(edit) => {
                let title = bank.title.clone();
                self.editor = Some(EditorState::new(path, title, edit, notice.map(Notice::ok)));
                fx.push(Effect::Show(Screen::Editor));
            }
            Err(message) => fx.push(Effect::Message(message)),
        }
    }
}
