//! The study modes (挑战答题, 每日答题, 错题本, 收藏, 间隔复习) for one participant: what their
//! history says is due, and starting a session of each, recorded like practice under its own mode.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use crate::app::effect::{Effect, Effects, SessionStart};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::bank::Kind;
use crate::core::practice::Item;
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
pub struct StudyFlow {
    /// The banks studied from: those chosen on the home screen when the study screen opened.
    pub banks: BTreeSet<usize>,
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

impl StudyFlow {
    /// Opens the study screen over the home screen's `banks`, for `default` if nobody is chosen yet.
    pub fn open(
        &mut self,
        default: Option<i64>,
        banks: BTreeSet<usize>,
        cx: &Shared,
        now: Duration,
    ) -> Effects {
        if self.participant.is_none() {
            self.participant = default;
        }
        self.banks = banks;
        let mut fx = self.refresh(cx, now);
        fx.push(Effect::Show(Screen::Study));
        fx
    }

    /// Applies one action at `now`.
    pub fn handle(&mut self, action: StudyAction, cx: &mut Shared, now: Duration) -> Effects {
        match action {
            StudyAction::Open | StudyAction::ToggleFavourite => Effects::new(),
            StudyAction::Participant(id) => {
                self.participant = id;
                self.refresh(cx, now)
            }
            StudyAction::Start(mode) => self.start(mode, cx, now),
        }
    }

    /// Adds the question `key` on show to `person`'s favourites, or takes it out.
    pub fn toggle_favourite(
        &mut self,
        person: Option<i64>,
        key: Option<Key>,
        cx: &Shared,
        now: Duration,
    ) -> Effects {
        let mut fx = Effects::new();
        let (Some(records), Some(person), Some(key)) = (&cx.records, person, key) else {
            return fx;
        };
        match records.toggle_favourite(person, &key, cx.wall_ms(now)) {
            Ok(true) => self.favourites.insert(0, key),
            Ok(false) => self.favourites.retain(|k| *k != key),
            Err(error) => fx.push(Effect::Message(error.to_string())),
        }
        fx
    }

    /// Reads only the favourites of whoever practises from the home screen, for the ☆ button; the
    /// rest of the study figures are read when the study screen opens.
    pub fn load_favourites(&mut self, person: Option<i64>, cx: &Shared) -> Effects {
        let mut fx = Effects::new();
        self.favourites = match (&cx.records, person) {
            (Some(records), Some(person)) => records.favourites(person).unwrap_or_else(|error| {
                fx.push(Effect::Message(error.to_string()));
                Vec::new()
            }),
            _ => Vec::new(),
        };
        fx
    }

    /// Reads the participant's history again and works out the book, the review and today's set.
    pub fn refresh(&mut self, cx: &Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        let now_ms = cx.wall_ms(now);
        let (Some(records), Some(person)) = (&cx.records, self.participant) else {
            *self = StudyFlow {
                participant: self.participant,
                running: self.running,
                banks: std::mem::take(&mut self.banks),
                ..StudyFlow::default()
            };
            return fx;
        };
        let zone = cx.clock.zone;
        let day = zone.day_of(now_ms);
        let day_start = zone.day_start(day);
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
                fx.push(Effect::Message(error.to_string()));
                return fx;
            }
        };
        let present = self.question_index(cx);
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
        let due = known(review::due_today(&review::schedule(&history), now_ms, zone));
        let daily = study::daily_set(
            &candidates,
            &history,
            study::DAILY_SIZE,
            study::daily_seed(person, day),
            day_start,
        );
        self.wrong_book = wrong_book;
        self.favourites = favourites;
        self.due = due;
        self.daily = daily;
        self.daily_done = daily_done;
        self.best_streak = best_streak;
        self.history = history;
        fx
    }

    /// Every usable question of the banks studied, by key.
    fn question_index<'a>(
        &'a self,
        cx: &'a Shared,
    ) -> HashMap<Key, (&'a crate::core::bank::Bank, &'a crate::core::bank::Question)> {
        cx.library
            .as_ref()
            .map(|l| l.chosen_banks(&self.banks))
            .unwrap_or_default()
            .into_iter()
            .flat_map(|bank| {
                bank.questions
                    .iter()
                    .map(move |q| ((bank.id.clone(), q.id.clone()), (bank, q)))
            })
            .collect()
    }

    fn items_for(&self, keys: &[Key], cx: &Shared) -> Vec<Item> {
        let index = self.question_index(cx);
        keys.iter()
            .filter_map(|key| index.get(key))
            .map(|(bank, question)| Item {
                bank_id: bank.id.clone(),
                bank_title: bank.title.clone(),
                question: (*question).clone(),
            })
            .collect()
    }

    fn start(&mut self, mode: StudyMode, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = self.refresh(cx, now);
        let seed = cx.clock.next_seed();
        let keys: Vec<Key> = match mode {
            StudyMode::Daily => self.daily.clone(),
            StudyMode::WrongBook => self.wrong_book.clone(),
            StudyMode::Favourites => self.favourites.clone(),
            StudyMode::Review => self.due.clone(),
            StudyMode::Challenge => {
                let mut keys: Vec<Key> = self
                    .question_index(cx)
                    .into_iter()
                    .filter(|(_, (_, q))| q.kind != Kind::Open)
                    .map(|(k, _)| k)
                    .collect();
                keys.sort();
                fastrand::Rng::with_seed(seed).shuffle(&mut keys);
                keys
            }
        };
        let items = self.items_for(&keys, cx);
        if items.is_empty() {
            self.notice = Some(match mode {
                StudyMode::WrongBook => "错题本是空的：答错的题会自动收进来".into(),
                StudyMode::Favourites => "还没有收藏的题：练习时点“收藏”即可".into(),
                StudyMode::Review => "今天没有要复习的题".into(),
                _ => "所选题库中没有可用的题目".into(),
            });
            return fx;
        }
        self.notice = None;
        self.running = Some(mode);
        fx.push(Effect::Practise(SessionStart {
            items,
            mode: mode.as_str(),
            title: mode.label().to_owned(),
            participant: self.participant,
            challenge_secs: matches!(mode, StudyMode::Challenge).then_some(study::CHALLENGE_SECS),
        }));
        fx
    }
}
