//! The app's state and the one place it changes: [`AppState::handle`].

use std::collections::BTreeSet;
use std::time::Duration;

use crate::app::competition_flow::{CompetitionAction, CompetitionRun, CompetitionSetup};
use crate::app::editor_flow::{EditorAction, EditorState};
use crate::app::exam_flow::{ExamAction, ExamRun, ExamSetup};
use crate::app::import_flow::{ImportAction, ImportState};
use crate::app::people_flow::{PeopleAction, PeopleForm};
use crate::app::standings_flow::{StandingsAction, StandingsState};
use crate::app::study_flow::{StudyAction, StudyState};
use crate::core::bank::{Bank, Kind};
use crate::core::exam::PaperRules;
use crate::core::library::BankEntry;
use crate::core::practice::{self, Order, Selection, Session};
use crate::storage::attempts::{AnswerRecord, NewAttempt, PaperEntry, Unfinished};
use crate::storage::grading::Ungraded;
use crate::storage::people::{Branch, Participant};
use crate::storage::records::Records;
use crate::storage::writer::Job;
use crate::storage::writer::Writer;

/// The screen on show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The banks and the practice setup.
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
}

/// What the user chose on the home screen for the next practice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PracticeSetup {
    /// Indices into the library of the banks to practise.
    pub banks: BTreeSet<usize>,
    /// Categories to include (empty: all).
    pub categories: BTreeSet<String>,
    /// Kinds to include (empty: all).
    pub kinds: BTreeSet<Kind>,
    /// Shuffle the questions.
    pub random: bool,
    /// Who practises, for the records; none for anonymous practice.
    pub participant: Option<i64>,
}

/// Everything the user can do; views send these, [`AppState::handle`] applies them.
#[derive(Clone, Debug)]
pub enum Action {
    /// The background load of the banks finished.
    LibraryLoaded(Vec<BankEntry>),
    /// Select or unselect a bank for practice.
    ToggleBank(usize),
    /// Include or exclude a category.
    ToggleCategory(String),
    /// Include or exclude a kind.
    ToggleKind(Kind),
    /// Sequential or random order.
    SetRandom(bool),
    /// Who practises (none: anonymous).
    SetPracticeParticipant(Option<i64>),
    /// Start practising the selection.
    StartPractice,
    /// Choose (or, for multiple choice, toggle) an option.
    Choose(usize),
    /// Answer a true/false question.
    ChooseTruth(bool),
    /// Type into a blank.
    SetBlank(usize, String),
    /// Submit the current answer.
    Submit,
    /// Judge one's own answer to an open question.
    Judge(bool),
    /// Go to the next question.
    Next,
    /// Go back a question.
    Previous,
    /// End the session and show the summary.
    Finish,
    /// Practise the same selection again.
    Restart,
    /// Back to the home screen.
    Home,
    /// Close the message box.
    DismissMessage,
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
}

/// The state of the whole app.
pub struct AppState {
    /// The banks, once loaded (loading happens off the UI thread).
    pub library: Option<Vec<BankEntry>>,
    /// The screen on show.
    pub screen: Screen,
    /// The practice setup on the home screen.
    pub setup: PracticeSetup,
    /// The running or last session.
    pub session: Option<Session>,
    /// A message for the user (an error to read), shown until dismissed.
    pub message: Option<String>,
    /// The records database (reads and the rare user-initiated write), if it could be opened.
    pub records: Option<Records>,
    /// The thread that writes answers, so no write stalls a frame.
    pub writer: Option<Writer>,
    /// Everyone in the records, for choosing who takes an exam.
    pub people: Vec<Participant>,
    /// The branches in the records.
    pub branches: Vec<Branch>,
    /// Open answers waiting for a grader (read when the records screen opens).
    pub ungraded: Vec<Ungraded>,
    /// Saved exam presets.
    pub presets: Vec<PaperRules>,
    /// The exam setup.
    pub exam_setup: ExamSetup,
    /// The running or last exam.
    pub exam: Option<ExamRun>,
    /// Exams interrupted by a crash or power cut, offered for resumption.
    pub unfinished: Vec<Unfinished>,
    /// Bank imports.
    pub import: ImportState,
    /// The bank being edited.
    pub editor: Option<EditorState>,
    /// The data folder, where imported banks are saved.
    pub data_dir: Option<std::path::PathBuf>,
    /// The banks changed on disk: load them again.
    pub reload_requested: bool,
    /// What is typed on the people screen, and the last import or export result.
    pub people_form: PeopleForm,
    /// The competition setup screen.
    pub competition_setup: CompetitionSetup,
    /// The competition under way (or just finished).
    pub competition: Option<CompetitionRun>,
    /// Competitions interrupted by a crash or power cut, offered for resumption.
    pub unfinished_competitions: Vec<crate::storage::competitions::SavedCompetition>,
    /// The study screen.
    pub study: StudyState,
    /// The standings screen.
    pub standings: StandingsState,
    /// The practice session being recorded, by the name the records thread knows it by.
    practice_uid: Option<String>,
    /// Counts sessions, so each random session or paper gets its own seed.
    pub(crate) sessions_started: u64,
    /// The seed of the first random session, from the clock at start (passed in, not read here).
    pub(crate) seed_base: u64,
    /// Wall-clock milliseconds at `now` = 0, to stamp records with dates.
    wall_offset_ms: i64,
}

impl AppState {
    /// A state with the banks still loading; `seed_base` varies the random order between runs.
    pub fn new(seed_base: u64) -> Self {
        Self {
            library: None,
            screen: Screen::Home,
            setup: PracticeSetup::default(),
            session: None,
            message: None,
            records: None,
            writer: None,
            people: Vec::new(),
            branches: Vec::new(),
            ungraded: Vec::new(),
            presets: Vec::new(),
            exam_setup: ExamSetup::default(),
            exam: None,
            unfinished: Vec::new(),
            practice_uid: None,
            people_form: PeopleForm::default(),
            competition_setup: CompetitionSetup::default(),
            competition: None,
            unfinished_competitions: Vec::new(),
            study: StudyState::default(),
            standings: StandingsState::default(),
            import: ImportState::default(),
            editor: None,
            data_dir: None,
            reload_requested: false,
            sessions_started: 0,
            seed_base,
            wall_offset_ms: 0,
        }
    }

    /// Connects the records: the database, the writing thread, and the wall-clock time (ms since
    /// 1970) at `now` = 0. Interrupted exams are offered for resumption.
    pub fn attach_records(
        &mut self,
        records: Records,
        writer: Option<Writer>,
        wall_offset_ms: i64,
    ) {
        self.people = records.participants().unwrap_or_default();
        self.branches = records.branches().unwrap_or_default();
        self.presets = records.presets().unwrap_or_default();
        match records.unfinished_exams() {
            Ok(unfinished) => self.unfinished = unfinished,
            Err(error) => self.message = Some(error.to_string()),
        }
        match records.unfinished_competitions() {
            Ok(unfinished) => self.unfinished_competitions = unfinished,
            Err(error) => self.message = Some(error.to_string()),
        }
        self.records = Some(records);
        self.writer = writer;
        self.wall_offset_ms = wall_offset_ms;
    }

    /// The picture of a question of bank `bank_id`, if it has one and the bank is a file in the
    /// data folder (its `image` path is relative to the bank's folder and cannot leave it).
    pub fn image_path(&self, bank_id: &str, image: Option<&str>) -> Option<std::path::PathBuf> {
        let image = image.filter(|i| crate::core::validate::image_path_is_safe(i))?;
        self.entries()
            .iter()
            .find_map(|entry| match (&entry.origin, entry.bank()) {
                (crate::core::library::Origin::User(path), Some(bank)) if bank.id == bank_id => {
                    Some(path.parent()?.join(image.replace('\\', "/")))
                }
                _ => None,
            })
    }

    /// Wall-clock milliseconds at `now`.
    pub fn wall_ms(&self, now: Duration) -> i64 {
        self.wall_offset_ms + now.as_millis() as i64
    }

    /// The loaded banks, empty while loading.
    pub fn entries(&self) -> &[BankEntry] {
        self.library.as_deref().unwrap_or(&[])
    }

    /// The banks chosen for practice that can be used.
    pub fn selected_banks(&self) -> Vec<&Bank> {
        self.setup
            .banks
            .iter()
            .filter_map(|&i| self.entries().get(i))
            .filter(|entry| entry.is_usable())
            .filter_map(BankEntry::bank)
            .collect()
    }

    /// The categories of the chosen banks with their question counts, in first-seen order.
    pub fn available_categories(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for bank in self.selected_banks() {
            for (category, count) in bank.count_by_category() {
                match out.iter_mut().find(|(c, _)| *c == category) {
                    Some((_, total)) => *total += count,
                    None => out.push((category, count)),
                }
            }
        }
        out
    }

    /// Applies one action at time `now`.
    pub fn handle(&mut self, action: Action, now: Duration) {
        match action {
            Action::LibraryLoaded(entries) => {
                // Preselect every usable bank: the common case is "practise everything".
                self.setup.banks = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.is_usable())
                    .map(|(i, _)| i)
                    .collect();
                self.library = Some(entries);
            }
            Action::ToggleBank(index) => {
                toggle(&mut self.setup.banks, index);
                let available: BTreeSet<String> = self
                    .available_categories()
                    .into_iter()
                    .map(|(c, _)| c)
                    .collect();
                self.setup.categories.retain(|c| available.contains(c));
            }
            Action::ToggleCategory(category) => toggle(&mut self.setup.categories, category),
            Action::ToggleKind(kind) => toggle(&mut self.setup.kinds, kind),
            Action::SetRandom(random) => self.setup.random = random,
            Action::SetPracticeParticipant(id) => self.setup.participant = id,
            Action::StartPractice => self.start(now),
            Action::Restart => match self.study.running {
                Some(mode) => self.handle_study(StudyAction::Start(mode), now),
                None => self.start(now),
            },
            Action::Choose(index) => self.with_session(|s| s.choose(index)),
            Action::ChooseTruth(truth) => self.with_session(|s| s.choose_truth(truth)),
            Action::SetBlank(index, text) => self.with_session(|s| s.set_blank(index, text)),
            Action::Submit => {
                self.with_session(|s| {
                    s.submit(now);
                });
                self.record_practice_answer(now);
                self.record_practice_end_if_over(now);
            }
            Action::Judge(right) => {
                self.with_session(|s| s.judge(right, now));
                self.record_practice_answer(now);
                self.record_practice_end_if_over(now);
            }
            Action::Next | Action::Previous
                if self.session.as_ref().is_some_and(|s| {
                    s.is_challenge()
                        && !s.is_finished()
                        && (s.outcome().is_none() || matches!(action, Action::Previous))
                }) =>
            {
                // A challenge goes forward only, and only once the question is answered.
            }
            Action::Next if self.session.as_ref().is_some_and(Session::is_finished) => {
                // A challenge ended at a wrong answer: the next step is its summary.
                self.screen = Screen::Summary;
            }
            Action::Next => {
                if let Some(session) = &mut self.session
                    && !session.go_next()
                    && session.outcome().is_some_and(|o| o.verdict.is_some())
                {
                    session.finish(now);
                    self.screen = Screen::Summary;
                    self.record_practice_end(now);
                }
            }
            Action::Previous => self.with_session(|s| {
                s.go_previous();
            }),
            Action::Finish => {
                if let Some(session) = &mut self.session {
                    session.finish(now);
                    self.screen = Screen::Summary;
                    self.record_practice_end(now);
                }
            }
            Action::Home => self.screen = Screen::Home,
            Action::DismissMessage => self.message = None,
            Action::Exam(action) => self.handle_exam(action, now),
            Action::People(action) => self.handle_people(action, now),
            Action::Import(action) => self.handle_import(action),
            Action::Editor(action) => self.handle_editor(action),
            Action::Competition(action) => self.handle_competition(action, now),
            Action::Study(action) => self.handle_study(action, now),
            Action::Standings(action) => self.handle_standings(action, now),
        }
    }

    fn with_session(&mut self, f: impl FnOnce(&mut Session)) {
        if let Some(session) = &mut self.session {
            f(session);
        }
    }

    fn start(&mut self, now: Duration) {
        self.sessions_started += 1;
        let order = if self.setup.random {
            Order::Random {
                seed: self.seed_base.wrapping_add(self.sessions_started),
            }
        } else {
            Order::Sequential
        };
        let selection = Selection {
            categories: self.setup.categories.clone(),
            kinds: self.setup.kinds.clone(),
            order,
        };
        match practice::select(&self.selected_banks(), &selection) {
            Ok(items) => {
                self.study.running = None;
                self.load_favourites();
                let titles: BTreeSet<&str> = items.iter().map(|i| i.bank_title.as_str()).collect();
                let title = titles.into_iter().collect::<Vec<_>>().join("、");
                self.record_practice_start_as("practice", &title, &items, now);
                self.session = Some(Session::new(items, now));
                self.screen = Screen::Practice;
            }
            Err(error) => self.message = Some(error.to_string()),
        }
    }
}

impl AppState {
    /// Practice (and each study mode, under its own `mode`) is recorded like an exam: the session,
    /// then each judged answer as it is given.
    pub(crate) fn record_practice_start_as(
        &mut self,
        mode: &'static str,
        title: &str,
        items: &[practice::Item],
        now: Duration,
    ) {
        self.practice_uid = None;
        let Some(writer) = &self.writer else { return };
        let uid = format!(
            "{:x}-p{:x}",
            self.wall_ms(now),
            self.seed_base.wrapping_add(self.sessions_started)
        );
        let attempt = NewAttempt {
            participant_id: self.setup.participant,
            mode,
            title: title.to_string(),
            rules_json: None,
            seed: None,
            time_limit_secs: None,
            questions: items
                .iter()
                .map(|i| PaperEntry {
                    bank_id: i.bank_id.clone(),
                    question_id: i.question.id.clone(),
                    option_order: Vec::new(),
                    points: 1,
                })
                .collect(),
        };
        if writer.send(Job::Start {
            uid: uid.clone(),
            attempt,
            now_ms: self.wall_ms(now),
        }) {
            self.practice_uid = Some(uid);
        }
    }

    fn record_practice_answer(&mut self, now: Duration) {
        let (Some(writer), Some(uid), Some(session)) =
            (&self.writer, &self.practice_uid, &self.session)
        else {
            return;
        };
        let Some(outcome) = session.outcome() else {
            return;
        };
        let Some(verdict) = outcome.verdict else {
            return;
        };
        let answer = AnswerRecord {
            position: session.position(),
            response: outcome.response.clone(),
            correct: Some(verdict.is_correct()),
            points: Some(if verdict.is_correct() { 1.0 } else { 0.0 }),
            time_used_ms: session.summary(now).elapsed.as_millis() as i64,
        };
        writer.send(Job::Answer {
            uid: uid.clone(),
            answer,
            now_ms: self.wall_ms(now),
        });
    }

    /// A challenge that ended (wrong answer or time) is recorded as ended at once.
    fn record_practice_end_if_over(&mut self, now: Duration) {
        if self.session.as_ref().is_some_and(Session::is_finished) {
            self.record_practice_end(now);
        }
    }

    /// The session's clock: a challenge question left to run out is wrong and ends the challenge.
    pub(crate) fn tick_practice(&mut self, now: Duration) {
        if self.screen == Screen::Practice
            && let Some(session) = &mut self.session
            && session.tick(now)
        {
            self.record_practice_answer(now);
            self.record_practice_end(now);
        }
    }

    fn record_practice_end(&mut self, now: Duration) {
        let (Some(writer), Some(uid), Some(session)) =
            (&self.writer, self.practice_uid.take(), &self.session)
        else {
            return;
        };
        let summary = session.summary(now);
        writer.send(Job::TimeUsed {
            uid: uid.clone(),
            ms: summary.elapsed.as_millis() as i64,
        });
        writer.send(Job::Finish {
            uid,
            reason: "finished",
            score: summary.correct as f64,
            // A challenge is scored over the questions it reached, not the whole bank it drew from.
            max_score: if session.is_challenge() {
                summary.answered as f64
            } else {
                summary.total as f64
            },
            awaiting_grader: 0,
            now_ms: self.wall_ms(now),
        });
    }
}

fn toggle<T: Ord>(set: &mut BTreeSet<T>, value: T) {
    if !set.remove(&value) {
        set.insert(value);
    }
}
