//! The app's state and the one place it changes: [`AppState::handle`]. Each flow owns its state
//! and its own `handle`; what a flow needs from outside comes back as an [`Effect`], applied here
//! (or, for the window's part, returned to the shell).

use std::time::Duration;

use crate::app::competition_flow::{CompetitionAction, CompetitionFlow};
use crate::app::editor_flow::{EditorAction, EditorFlow, Leave};
use crate::app::effect::{Effect, Effects};
use crate::app::exam_flow::{ExamAction, ExamFlow};
use crate::app::import_flow::{ImportAction, ImportFlow};
use crate::app::people_flow::{PeopleAction, PeopleFlow};
use crate::app::practice_flow::{PracticeAction, PracticeFlow};
use crate::app::shared::{Clock, Library, Shared};
use crate::app::standings_flow::{StandingsAction, StandingsFlow};
use crate::app::study_flow::{StudyAction, StudyFlow};
use crate::core::library::BankEntry;
use crate::storage::records::Records;
use crate::storage::writer::{Report, Writer};

/// The screen on show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// The banks and the practice setup.
    #[default]
    Home,
    /// A practice session.
    Practice,
    /// The result of a finished session.
    Summary,
    /// Importing banks, templates, exporting banks.
    Import,
    /// Editing a user bank.
    Editor,
    /// Branches and participants.
    People,
    /// Records: exports and grading.
    Records,
    /// Choosing who takes an exam and by which rules.
    ExamSetup,
    /// A timed exam.
    Exam,
    /// The score and review after an exam.
    ExamResult,
    /// Choosing and editing a competition plan.
    CompetitionSetup,
    /// The host console of a competition under way.
    Host,
    /// The study modes of one participant.
    Study,
    /// Leaderboards and charts.
    Standings,
    /// The version, the data folder and the licences.
    About,
}

/// Everything the user can do; views send these, [`AppState::handle`] applies them.
#[derive(Clone, Debug)]
pub enum Action {
    /// The background load of the banks finished.
    LibraryLoaded(Vec<BankEntry>),
    /// Back to the home screen.
    Home,
    /// Close the message box.
    DismissMessage,
    /// The user asked to close the window.
    CloseRequested,
    /// The answer to "close while an exam or a competition is under way?": close (true) or not.
    ConfirmClose(bool),
    /// Something on the home and practice screens.
    Practice(PracticeAction),
    /// Something on the exam screens.
    Exam(ExamAction),
    /// Something on the people or records screens.
    People(PeopleAction),
    /// Something on the import screen.
    Import(ImportAction),
    /// Something in the bank editor.
    Editor(EditorAction),
    /// Something in a live competition or its setup.
    Competition(CompetitionAction),
    /// Something on the study screen.
    Study(StudyAction),
    /// Something on the standings screen.
    Standings(StandingsAction),
    /// Show the 关于 screen.
    About,
    /// Show the data folder in the file manager.
    OpenDataFolder,
}

/// The state of the whole app.
#[derive(Default)]
pub struct AppState {
    /// The screen on show.
    pub screen: Screen,
    /// A message every screen shows until it is dismissed (errors the user must read).
    pub message: Option<String>,
    /// The window was asked to close while an exam or a competition is under way: what is
    /// running, for the question whether to close.
    pub closing: Option<&'static str>,
    /// The banks, records, people, data folder and clock.
    pub shared: Shared,
    /// Home and practice.
    pub practice: PracticeFlow,
    /// Exams.
    pub exam: ExamFlow,
    /// Live competitions.
    pub competition: CompetitionFlow,
    /// The study modes.
    pub study: StudyFlow,
    /// Standings.
    pub standings: StandingsFlow,
    /// Bank imports.
    pub import: ImportFlow,
    /// The bank editor.
    pub editor: EditorFlow,
    /// People and records.
    pub people: PeopleFlow,
}

impl AppState {
    /// A state with the banks still loading; `seed_base` varies the random order between runs.
    pub fn new(seed_base: u64) -> Self {
        let mut state = Self::default();
        state.shared.clock.seed_base = seed_base;
        state
    }

    /// Connects the records: the database, the writing thread, and the wall-clock time (ms since
    /// 1970) at `now` = 0. Interrupted exams and competitions are offered for resumption.
    pub fn attach_records(
        &mut self,
        records: Records,
        writer: Option<Writer>,
        wall_offset_ms: i64,
    ) {
        self.shared.clock = Clock {
            wall_offset_ms,
            ..self.shared.clock
        };
        let mut problems = Vec::new();
        if let Err(error) = self.exam.attach(&records) {
            problems.push(error.to_string());
        }
        if let Err(error) = self.competition.attach(&records) {
            problems.push(error.to_string());
        }
        self.shared.records = Some(records);
        self.shared.writer = writer;
        if let Err(error) = self.shared.reload_directory() {
            problems.push(error.to_string());
        }
        if !problems.is_empty() {
            self.message = Some(problems.join("\n"));
        }
    }

    /// What is under way that closing the window would interrupt: an exam or a competition.
    pub fn running(&self) -> Option<&'static str> {
        if self
            .exam
            .run
            .as_ref()
            .is_some_and(|run| run.attempt.ended().is_none())
        {
            Some("考试")
        } else if self.competition.is_under_way() {
            Some("竞赛")
        } else {
            None
        }
    }

    /// The loaded banks, empty while loading.
    pub fn entries(&self) -> &[BankEntry] {
        self.shared.entries()
    }

    /// Applies one action at time `now`; returns what only the window can do (load banks, open
    /// a dialog, play a sound).
    pub fn handle(&mut self, action: Action, now: Duration) -> Effects {
        let cx = &mut self.shared;
        let fx = match action {
            Action::LibraryLoaded(entries) => {
                cx.library = Some(Library::new(entries));
                let entries = cx.library.as_ref().map(Library::entries).unwrap_or(&[]);
                self.practice.library_loaded(entries, cx);
                self.exam.recount(cx);
                Effects::new()
            }
            Action::Home if self.screen == Screen::Editor => {
                self.editor.handle(EditorAction::Leave(Leave::Home), cx)
            }
            Action::Home => vec![Effect::Show(Screen::Home)],
            Action::CloseRequested => {
                if self.editor.unsaved() {
                    self.screen = Screen::Editor;
                    self.editor.handle(EditorAction::Leave(Leave::Close), cx)
                } else if let Some(running) = self.running() {
                    self.closing = Some(running);
                    Effects::new()
                } else {
                    vec![Effect::CloseWindow]
                }
            }
            Action::ConfirmClose(close) => {
                self.closing = None;
                if close {
                    vec![Effect::CloseWindow]
                } else {
                    Effects::new()
                }
            }
            Action::DismissMessage => {
                self.message = None;
                Effects::new()
            }
            Action::Practice(PracticeAction::Restart) if self.practice.study_mode().is_some() => {
                match self.study.running {
                    Some(mode) => self.study.handle(StudyAction::Start(mode), cx, now),
                    None => Effects::new(),
                }
            }
            Action::Practice(action) => self.practice.handle(action, cx, now),
            Action::Exam(action) => self.exam.handle(action, cx, now),
            Action::People(action) => self.people.handle(action, cx, now),
            Action::Import(action) => self.import.handle(action, cx),
            Action::Editor(action) => self.editor.handle(action, cx),
            Action::Competition(action) => self.competition.handle(action, cx, now),
            Action::Study(StudyAction::Open) => {
                let default = self.practice.setup.participant;
                let banks = self.practice.setup.banks.clone();
                self.study.open(default, banks, cx, now)
            }
            Action::Study(StudyAction::ToggleFavourite) => {
                let key = self.practice.session.as_ref().map(|s| {
                    let item = s.item();
                    (item.bank_id.clone(), item.question.id.clone())
                });
                self.study
                    .toggle_favourite(self.practice.participant, key, cx, now)
            }
            Action::Study(action) => self.study.handle(action, cx, now),
            Action::Standings(action) => self.standings.handle(action, cx, now),
            Action::About => vec![Effect::Show(Screen::About)],
            Action::OpenDataFolder => match &cx.data_dir {
                Some(dir) => vec![Effect::OpenFolder(dir.clone())],
                None => vec![Effect::Message("没有可用的数据文件夹".to_owned())],
            },
        };
        self.apply(fx, now)
    }

    /// Applies the effects the state can apply; returns the window's.
    fn apply(&mut self, effects: Effects, now: Duration) -> Effects {
        let mut outside = Effects::new();
        let mut queue = std::collections::VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Show(screen) => self.screen = screen,
                Effect::Message(text) => self.message = Some(text),
                Effect::PeopleChanged => {
                    if let Err(error) = self.shared.reload_directory() {
                        self.message = Some(error.to_string());
                    }
                }
                Effect::Practise(start) => {
                    let mut fx = Effects::new();
                    self.practice
                        .start_session(start, &mut self.shared, now, &mut fx);
                    queue.extend(fx);
                }
                Effect::Favourites(participant) => {
                    queue.extend(self.study.load_favourites(participant, &self.shared));
                }
                Effect::ReloadBanks
                | Effect::Pick(_)
                | Effect::Play(_)
                | Effect::OpenFolder(_)
                | Effect::CloseWindow => outside.push(effect),
            }
        }
        outside
    }

    /// Every frame: the clocks of the exam, the competition and a challenge, the records thread's
    /// reports, and the import's progress. Returns what only the window can do.
    pub fn tick(&mut self, now: Duration) -> Effects {
        let mut fx = Effects::new();
        let mut saved_any = false;
        if let Some(writer) = &self.shared.writer {
            for report in writer.reports() {
                match report {
                    Report::Saved { uid, .. } => {
                        saved_any = true;
                        self.exam.saved(&uid);
                    }
                    Report::Failed(message) => {
                        fx.push(Effect::Message(format!("保存失败：{message}")))
                    }
                }
            }
        }
        if saved_any && self.screen == Screen::Study {
            // The book and the review follow the answers just saved.
            fx.extend(self.study.refresh(&self.shared, now));
        }
        fx.extend(
            self.exam
                .tick(self.screen == Screen::Exam, &mut self.shared, now),
        );
        fx.extend(self.competition.tick(&mut self.shared, now));
        self.practice
            .tick(self.screen == Screen::Practice, &self.shared, now);
        fx.extend(self.import.tick(&mut self.shared));
        fx.extend(self.standings.tick(&self.shared, now));
        self.apply(fx, now)
    }

    /// How long the window may sleep before something on screen changes by itself: the next whole
    /// second of a countdown on show; none when nothing moves.
    pub fn repaint_after(&self, now: Duration) -> Option<Duration> {
        if self.standings.is_reading() || self.import.job.is_some() {
            // Work on another thread: look for its result now and then.
            return Some(Duration::from_millis(50));
        }
        match self.screen {
            Screen::Host => self.competition.repaint_after(&self.shared, now),
            Screen::Exam => self.exam.repaint_after(now),
            Screen::Practice => self.practice.repaint_after(now),
            _ => None,
        }
    }
}
