//! The study modes (挑战答题, 每日答题, 错题本, 收藏, 间隔复习) for one participant: what their
//! history says is due, and starting a session of each, recorded like practice under its own mode.

use std::collections::HashMap;
use std::time::Duration;

use crate::app::state::{AppState, Screen};
use crate::core::bank::Kind;
use crate::core::practice::{Item, Session};
use crate::core::review;
use crate::core::study::{self, Key, Seen};

/// A study mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StudyMode {
    /// Until the first wrong answer, 45 s a question.
    Challenge,
    /// Today's five questions.
    Daily,
    /// The wrong-answer book.
    WrongBook,
    /// Favourites.
    Favourites,
    /// Today's spaced review.
    Review,
}

impl StudyMode {
    /// The mode as recorded in the attempts.
    pub fn as_str(self) -> &'static str {
        match self {
            StudyMode::Challenge => "challenge",
            StudyMode::Daily => "daily",
            StudyMode::WrongBook => "wrongbook",
            StudyMode::Favourites => "favourites",
            StudyMode::Review => "review",
        }
    }

    /// The name people know, as the records show it ("错题重练").
    pub fn label(self) -> &'static str {
        crate::storage::study::mode_label(self.as_str())
    }

    /// The heading of its card on the study screen ("错题本").
    pub fn title(self) -> &'static str {
        match self {
            StudyMode::WrongBook => "错题本",
            StudyMode::Favourites => "收藏",
            other => other.label(),
        }
    }
}

/// What the study screen shows for the chosen participant.
#[derive(Clone, Debug, Default)]
pub struct StudyState {
    /// Who studies.
    pub participant: Option<i64>,
    /// Their judged answers.
    pub history: Vec<Seen>,
    /// The wrong-answer book, most recently missed first.
    pub wrong_book: Vec<Key>,
    /// Favourites, newest first.
    pub favourites: Vec<Key>,
    /// Questions due for review today.
    pub due: Vec<Key>,
    /// Today's set.
    pub daily: Vec<Key>,
    /// Today's set is done.
    pub daily_done: bool,
    /// Longest challenge so far.
    pub best_streak: usize,
    /// The mode of the session under way, if it is a study mode.
    pub running: Option<StudyMode>,
    /// Why the last start failed.
    pub notice: Option<String>,
}

/// The study actions.
#[derive(Clone, Debug)]
pub enum StudyAction {
    /// Open the study screen.
    Open,
    /// Choose who studies.
    Participant(Option<i64>),
    /// Start a session of a mode.
    Start(StudyMode),
    /// Add the question on show to favourites, or take it out.
    ToggleFavourite,
}

impl AppState {
    pub(crate) fn handle_study(&mut self, action: StudyAction, now: Duration) {
        match action {
            StudyAction::Open => {
                if self.study.participant.is_none() {
                    self.study.participant = self.setup.participant;
                }
                self.refresh_study(now);
                self.screen = Screen::Study;
            }
            StudyAction::Participant(id) => {
                self.study.participant = id;
                self.setup.participant = id;
                self.refresh_study(now);
            }
            StudyAction::Start(mode) => self.start_study(mode, now),
            StudyAction::ToggleFavourite => {
                let (Some(records), Some(person), Some(session)) =
                    (&self.records, self.setup.participant, &self.session)
                else {
                    return;
                };
                let item = session.item();
                let key = (item.bank_id.clone(), item.question.id.clone());
                match records.toggle_favourite(person, &key, self.wall_ms(now)) {
                    Ok(true) => self.study.favourites.insert(0, key),
                    Ok(false) => self.study.favourites.retain(|k| *k != key),
                    Err(error) => self.message = Some(error.to_string()),
                }
            }
        }
    }

    /// Reads only the favourites of whoever practises from the home screen, for the ☆ button; the
    /// rest of the study figures are read when the study screen opens.
    pub(crate) fn load_favourites(&mut self) {
        self.study.participant = self.setup.participant;
        self.study.favourites = match (&self.records, self.setup.participant) {
            (Some(records), Some(person)) => records.favourites(person).unwrap_or_else(|error| {
                self.message = Some(error.to_string());
                Vec::new()
            }),
            _ => Vec::new(),
        };
    }

    /// Reads the participant's history again and works out the book, the review and today's set.
    pub(crate) fn refresh_study(&mut self, now: Duration) {
        let now_ms = self.wall_ms(now);
        let (Some(records), Some(person)) = (&self.records, self.study.participant) else {
            self.study = StudyState {
                participant: self.study.participant,
                running: self.study.running,
                ..StudyState::default()
            };
            return;
        };
        let day = study::day_of(now_ms);
        let day_start = day * review::DAY_MS - 8 * 3_600_000;
        let loaded = records.history(person).and_then(|history| {
            Ok((
                history,
                records.favourites(person)?,
                records.best_streak(person)?,
                records.daily_done(person, day_start, day_start + review::DAY_MS)?,
            ))
        });
        let (history, favourites, best_streak, daily_done) = match loaded {
            Ok(loaded) => loaded,
            Err(error) => {
                self.message = Some(error.to_string());
                return;
            }
        };
        let present = self.question_index();
        let known = |keys: Vec<Key>| -> Vec<Key> {
            keys.into_iter()
                .filter(|k| present.contains_key(k))
                .collect()
        };
        let candidates: Vec<Key> = present
            .iter()
            .filter(|(_, (_, q))| q.kind != Kind::Open)
            .map(|(k, _)| k.clone())
            .collect();
        let wrong_book = known(study::wrong_book(&history, study::WRONG_BOOK_EXIT));
        let favourites = known(favourites);
        let due = known(review::due_today(&review::schedule(&history), now_ms));
        let daily = study::daily_set(
            &candidates,
            &history,
            study::DAILY_SIZE,
            study::daily_seed(person, day),
        );
        let state = &mut self.study;
        state.wrong_book = wrong_book;
        state.favourites = favourites;
        state.due = due;
        state.daily = daily;
        state.daily_done = daily_done;
        state.best_streak = best_streak;
        state.history = history;
    }

    /// Every usable question of the banks chosen on the home screen, by key.
    fn question_index(
        &self,
    ) -> HashMap<Key, (&crate::core::bank::Bank, &crate::core::bank::Question)> {
        self.selected_banks()
            .into_iter()
            .flat_map(|bank| {
                bank.questions
                    .iter()
                    .map(move |q| ((bank.id.clone(), q.id.clone()), (bank, q)))
            })
            .collect()
    }

    fn items_for(&self, keys: &[Key]) -> Vec<Item> {
        let index = self.question_index();
        keys.iter()
            .filter_map(|key| index.get(key))
            .map(|(bank, question)| Item {
                bank_id: bank.id.clone(),
                bank_title: bank.title.clone(),
                question: (*question).clone(),
            })
            .collect()
    }

    fn start_study(&mut self, mode: StudyMode, now: Duration) {
        self.refresh_study(now);
        self.sessions_started += 1;
        let keys: Vec<Key> = match mode {
            StudyMode::Daily => self.study.daily.clone(),
            StudyMode::WrongBook => self.study.wrong_book.clone(),
            StudyMode::Favourites => self.study.favourites.clone(),
            StudyMode::Review => self.study.due.clone(),
            StudyMode::Challenge => {
                let mut keys: Vec<Key> = self
                    .question_index()
                    .into_iter()
                    .filter(|(_, (_, q))| q.kind != Kind::Open)
                    .map(|(k, _)| k)
                    .collect();
                keys.sort();
                fastrand::Rng::with_seed(self.seed_base.wrapping_add(self.sessions_started))
                    .shuffle(&mut keys);
                keys
            }
        };
        let items = self.items_for(&keys);
        if items.is_empty() {
            self.study.notice = Some(match mode {
                StudyMode::WrongBook => "错题本是空的：答错的题会自动收进来".into(),
                StudyMode::Favourites => "还没有收藏的题：练习时点“收藏”即可".into(),
                StudyMode::Review => "今天没有要复习的题".into(),
                _ => "所选题库中没有可用的题目".into(),
            });
            return;
        }
        self.study.notice = None;
        self.study.running = Some(mode);
        self.setup.participant = self.study.participant;
        self.record_practice_start_as(mode.as_str(), mode.label(), &items, now);
        self.session = Some(match mode {
            StudyMode::Challenge => {
                Session::challenge(items, Duration::from_secs(study::CHALLENGE_SECS), now)
            }
            _ => Session::new(items, now),
        });
        self.screen = Screen::Practice;
    }
}
