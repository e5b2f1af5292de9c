//! The standings screen's state: leaderboards and chart figures for the filter chosen, read when
//! the screen opens or the filter changes (never per frame); and merging records from other PCs.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::app::effect::{Effect, Effects, Notice, Pick};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::error::Result;
use crate::core::time::{DAY_MS, Zone};
use crate::storage::export::{Format, What};
use crate::storage::records::Records;
use crate::storage::standings::{BranchRow, Filter, ParticipantRow, QuestionStat};

/// The date ranges offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Range {
    /// Everything.
    #[default]
    All,
    /// Today.
    Today,
    /// The last 7 days.
    Week,
    /// The last 30 days.
    Month,
    /// This year.
    Year,
}

impl Range {
    /// All ranges.
    pub const ALL: [Range; 5] = [
        Range::All,
        Range::Today,
        Range::Week,
        Range::Month,
        Range::Year,
    ];

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            Range::All => "全部日期",
            Range::Today => "今天",
            Range::Week => "近 7 天",
            Range::Month => "近 30 天",
            Range::Year => "今年",
        }
    }

    /// The first millisecond it covers, at `now_ms` (days turn at local midnight).
    pub fn from_ms(self, now_ms: i64, zone: Zone) -> Option<i64> {
        let today = zone.day_start(zone.day_of(now_ms));
        match self {
            Range::All => None,
            Range::Today => Some(today),
            Range::Week => Some(today - 6 * DAY_MS),
            Range::Month => Some(today - 29 * DAY_MS),
            Range::Year => Some(zone.year_start(now_ms)),
        }
    }
}

/// A question missed often: where it is, its stem, and how many got it right.
#[derive(Clone, Debug, PartialEq)]
pub struct Missed {
    /// The bank's title.
    pub bank: String,
    /// The question's id.
    pub id: String,
    /// The stem.
    pub stem: String,
    /// The share right (0–1).
    pub facility: f64,
    /// Judged answers.
    pub answers: i64,
}

/// What the standings screen shows.
#[derive(Clone, Debug, Default)]
pub struct StandingsState {
    /// The filter as chosen.
    pub filter: Filter,
    /// The date range chosen (sets the filter's dates).
    pub range: Range,
    /// The participant leaderboard.
    pub people: Vec<ParticipantRow>,
    /// The branch leaderboard.
    pub branches: Vec<BranchRow>,
    /// Attempts per 10 % band.
    pub distribution: [i64; 10],
    /// Per category: (category, share right, answers).
    pub categories: Vec<(String, f64, i64)>,
    /// The questions missed most, lowest facility first.
    pub missed: Vec<Missed>,
    /// Whose progress is charted.
    pub progress_of: Option<i64>,
    /// Their scores over time: (ms, percent).
    pub progress: Vec<(i64, f64)>,
    /// The last merge, pack or export, in words.
    pub report: Option<Notice>,
    /// The figures are being read (off the UI thread).
    pub loading: bool,
    /// A package's path typed in, to merge.
    pub typed_path: String,
}

/// The figures read for one filter, on the thread that reads them.
struct Figures {
    people: Vec<ParticipantRow>,
    branches: Vec<BranchRow>,
    distribution: [i64; 10],
    stats: Vec<QuestionStat>,
    progress_of: Option<i64>,
    progress: Vec<(i64, f64)>,
}

/// The standings flow: what is shown, and the read under way.
#[derive(Default)]
pub struct StandingsFlow {
    /// What the screen shows.
    pub state: StandingsState,
    reading: Option<Receiver<Result<Figures>>>,
    /// The filter changed while a read was under way: read again when it ends.
    stale: bool,
}

/// The standings actions.
#[derive(Clone, Debug)]
pub enum StandingsAction {
    /// Open the screen.
    Open,
    /// Only this bank (none: all).
    Bank(Option<String>),
    /// Only this mode (none: all).
    Mode(Option<String>),
    /// This date range.
    Range(Range),
    /// Chart this participant's progress.
    ProgressOf(Option<i64>),
    /// Choose packages with the file dialog.
    PickPackages,
    /// A package's path was typed.
    TypedPath(String),
    /// Merge these packages.
    Merge(Vec<PathBuf>),
    /// Write a package of this PC's records to the export folder.
    Pack,
    /// Export a leaderboard.
    Export(What, Format),
}

/// How many of the questions missed most are listed.
pub const MISSED_SHOWN: usize = 10;

/// A question needs this many answers before its facility means anything.
pub const MISSED_MIN_ANSWERS: i64 = 3;

impl StandingsFlow {
    /// Applies one action at `now`.
    pub fn handle(&mut self, action: StandingsAction, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        let state = &mut self.state;
        match action {
            StandingsAction::Open => {
                fx.push(Effect::Show(Screen::Standings));
                state.report = None;
            }
            StandingsAction::Bank(bank) => state.filter.bank = bank,
            StandingsAction::Mode(mode) => state.filter.mode = mode,
            StandingsAction::Range(range) => state.range = range,
            StandingsAction::ProgressOf(id) => state.progress_of = id,
            StandingsAction::PickPackages => {
                fx.push(Effect::Pick(Pick::Packages));
                return fx;
            }
            StandingsAction::TypedPath(path) => {
                state.typed_path = path;
                return fx;
            }
            StandingsAction::Merge(files) => {
                if files.is_empty() {
                    return fx;
                }
                self.merge_packages(files, cx, &mut fx);
            }
            StandingsAction::Pack => self.pack_records(cx, now, &mut fx),
            StandingsAction::Export(what, format) => {
                self.state.report = Some(self.export_leaderboard(what, format, cx, now, &mut fx));
                return fx;
            }
        }
        self.refresh(cx, now);
        fx
    }

    /// Starts reading the leaderboards and chart figures for the current filter on a thread of
    /// its own (a million answers take a quarter of a second); the screen stays usable meanwhile.
    pub fn refresh(&mut self, cx: &Shared, now: Duration) {
        let (true, Some(dir)) = (cx.records.is_some(), cx.data_dir.clone()) else {
            return;
        };
        if self.reading.is_some() {
            self.stale = true;
            return;
        }
        let state = &mut self.state;
        state.filter.from_ms = state.range.from_ms(cx.wall_ms(now), cx.clock.zone);
        state.filter.to_ms = None;
        let filter = state.filter.clone();
        let progress_of = state.progress_of;
        // The reading thread opens its own connection to the database this one has checked.
        let (sender, receiver) = channel();
        let spawned = std::thread::Builder::new()
            .name("standings".into())
            .spawn(move || {
                let figures = Records::attach(&dir)
                    .and_then(|records| read_figures(&records, &filter, progress_of));
                let _ = sender.send(figures);
            });
        match spawned {
            Ok(_) => {
                self.reading = Some(receiver);
                self.state.loading = true;
            }
            Err(error) => {
                self.state.report = Some(Notice::error(format!("无法开始统计：{error}")));
            }
        }
    }

    /// Every frame while a read is under way: takes its figures when they are ready.
    pub fn tick(&mut self, cx: &Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        let Some(receiver) = &self.reading else {
            return fx;
        };
        let Ok(result) = receiver.try_recv() else {
            return fx;
        };
        self.reading = None;
        self.state.loading = false;
        match result {
            Ok(figures) => {
                let (categories, missed) = question_figures(cx, &figures.stats);
                let state = &mut self.state;
                state.people = figures.people;
                state.branches = figures.branches;
                state.distribution = figures.distribution;
                state.progress_of = figures.progress_of;
                state.progress = figures.progress;
                state.categories = categories;
                state.missed = missed;
            }
            Err(error) => fx.push(Effect::Message(error.to_string())),
        }
        if std::mem::take(&mut self.stale) {
            self.refresh(cx, now);
        }
        fx
    }

    /// Whether figures are being read (the window keeps polling then).
    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    fn merge_packages(&mut self, files: Vec<PathBuf>, cx: &mut Shared, fx: &mut Effects) {
        let Some(records) = &mut cx.records else {
            return;
        };
        let mut lines = Vec::new();
        let mut failed = false;
        for file in files {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            lines.push(match records.merge(&file) {
                Ok(report) => format!("“{name}”{}", report.describe()),
                Err(error) => {
                    failed = true;
                    error.to_string()
                }
            });
        }
        fx.push(Effect::PeopleChanged);
        let text = lines.join("\n");
        self.state.report = Some(if failed {
            Notice::error(text)
        } else {
            Notice::ok(text)
        });
    }

    fn pack_records(&mut self, cx: &Shared, now: Duration, fx: &mut Effects) {
        let (Some(records), Some(folder)) = (&cx.records, cx.export_folder()) else {
            return;
        };
        let date = cx.clock.zone.date(cx.wall_ms(now));
        let file = folder.join(format!("成绩记录包-{date}.dqpack"));
        self.state.report = Some(match records.pack(&file) {
            Ok(()) => {
                fx.push(Effect::OpenFolder(folder.clone()));
                Notice::ok(format!(
                    "已打包本机成绩记录：{}（拷到汇总的电脑上，在此页点“合并记录包”）",
                    file.display()
                ))
            }
            Err(error) => Notice::error(error.to_string()),
        });
    }

    fn export_leaderboard(
        &self,
        what: What,
        format: Format,
        cx: &Shared,
        now: Duration,
        fx: &mut Effects,
    ) -> Notice {
        let (Some(records), Some(folder)) = (&cx.records, cx.export_folder()) else {
            return Notice::error("没有数据文件夹，无法导出");
        };
        let table = match what {
            What::BranchLeaderboard => records.branch_leaderboard_table(&self.state.filter),
            _ => records.leaderboard_table(&self.state.filter),
        };
        let extension = match format {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        };
        let date = cx.clock.zone.date(cx.wall_ms(now));
        let file = folder.join(format!("{}-{date}.{extension}", what.label()));
        match table
            .and_then(|t| crate::storage::export::write(&t, format, &file).map(|()| t.rows.len()))
        {
            Ok(rows) => {
                fx.push(Effect::OpenFolder(folder.clone()));
                Notice::ok(format!("已导出 {rows} 行到 {}", file.display()))
            }
            Err(error) => Notice::error(error.to_string()),
        }
    }
}

fn read_figures(records: &Records, filter: &Filter, progress_of: Option<i64>) -> Result<Figures> {
    let (people, branches) = records.leaderboards(filter)?;
    let distribution = records.score_distribution(filter)?;
    let stats = records.question_stats(filter)?;
    let progress_of = progress_of.or_else(|| people.first().map(|p| p.id));
    let progress = match progress_of {
        Some(id) => records.progress(id, filter)?,
        None => Vec::new(),
    };
    Ok(Figures {
        people,
        branches,
        distribution,
        stats,
        progress_of,
        progress,
    })
}

/// Accuracy per category and the questions missed most, from per-question counts and the
/// loaded banks (the records keep question ids, the banks their categories and stems).
fn question_figures(cx: &Shared, stats: &[QuestionStat]) -> (Vec<(String, f64, i64)>, Vec<Missed>) {
    let mut questions = std::collections::HashMap::new();
    for bank in cx.entries().iter().filter_map(|e| e.bank()) {
        for question in &bank.questions {
            questions.insert((bank.id.as_str(), question.id.as_str()), (bank, question));
        }
    }
    let mut by_category: Vec<(String, i64, i64)> = Vec::new();
    let mut missed = Vec::new();
    for stat in stats {
        let Some((bank, question)) =
            questions.get(&(stat.bank_id.as_str(), stat.question_id.as_str()))
        else {
            continue;
        };
        match by_category
            .iter_mut()
            .find(|(c, _, _)| *c == question.category)
        {
            Some((_, answers, right)) => {
                *answers += stat.answers;
                *right += stat.right;
            }
            None => by_category.push((question.category.clone(), stat.answers, stat.right)),
        }
        if stat.answers >= MISSED_MIN_ANSWERS && stat.right < stat.answers {
            missed.push(Missed {
                bank: bank.title.clone(),
                id: question.id.clone(),
                stem: question.stem.clone(),
                facility: stat.facility(),
                answers: stat.answers,
            });
        }
    }
    missed.sort_by(|a, b| {
        a.facility
            .total_cmp(&b.facility)
            .then(b.answers.cmp(&a.answers))
    });
    missed.truncate(MISSED_SHOWN);
    let mut categories: Vec<(String, f64, i64)> = by_category
        .into_iter()
        .map(|(c, answers, right)| (c, right as f64 / answers.max(1) as f64, answers))
        .collect();
    categories.sort_by(|a, b| a.1.total_cmp(&b.1));
    (categories, missed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_begin_at_local_midnight() {
        // 2026-11-29 10:00 in China.
        let now = 20_786 * DAY_MS + 2 * 3_600_000;
        assert_eq!(
            Zone::CHINA.date(Range::Year.from_ms(now, Zone::CHINA).unwrap()),
            "2026-01-01"
        );
        assert_eq!(
            Range::Today.from_ms(now, Zone::CHINA),
            Some(20_786 * DAY_MS - 8 * 3_600_000)
        );
        assert_eq!(
            Range::Week.from_ms(now, Zone { offset_ms: 0 }),
            Some(20_780 * DAY_MS)
        );
        assert_eq!(Range::All.from_ms(now, Zone::CHINA), None);
    }
}
