//! The competition part of [`AppState`]: choosing and editing a plan, running it from the host
//! console, writing every event to the records the moment it happens, resuming after a crash.

use std::time::Duration;

pub use crate::app::display_settings::{Cue, DisplaySettings, Theme};
use crate::app::host_action::HostAction;
pub use crate::app::host_action::{buzzer_key, key_conflicts};
use crate::app::state::{AppState, Screen};
use crate::core::bank::Bank;
use crate::core::competition::{
    Event, Game, NextStep, Phase, Plan, Pool, PublicView, Refusal, Stamped,
};
use crate::storage::competitions::SavedCompetition;
use crate::storage::plans::{self, PlanFile};

/// The setup screen's state.
#[derive(Clone, Debug, Default)]
pub struct CompetitionSetup {
    /// The plans found: the sample and the host's own.
    pub plans: Vec<PlanFile>,
    /// The plan being edited.
    pub plan: Option<Plan>,
    /// The name to save it under.
    pub name: String,
    /// What went wrong, or was done, last.
    pub report: Option<String>,
}

/// What is typed in the manual adjustment form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdjustForm {
    /// The team.
    pub team: usize,
    /// The points, as typed.
    pub delta: String,
    /// Why.
    pub reason: String,
}

/// A competition under way.
pub struct CompetitionRun {
    /// Its row in the records; none when the records could not be opened (then nothing is saved,
    /// and the console says so).
    pub id: Option<i64>,
    /// The state.
    pub game: Game,
    /// The questions it draws from.
    pub pool: Pool,
    /// Who answers for the team, for the records (chosen before judging).
    pub member: Option<i64>,
    /// The adjustment form.
    pub adjust: AdjustForm,
    /// The display's settings.
    pub display: DisplaySettings,
    /// Sounds off.
    pub muted: bool,
    /// Sounds waiting to be played (the app plays and clears them).
    pub cues: Vec<Cue>,
    /// The last thing refused or failed, for the host.
    pub notice: Option<String>,
    /// The whole seconds left at the last frame, to tick once per second.
    last_secs: Option<u32>,
}

impl CompetitionRun {
    /// What the display shows at `now_ms`.
    pub fn view(&self, now_ms: i64) -> PublicView {
        PublicView::of(&self.game, now_ms)
    }
}

/// The competition actions.
#[derive(Clone, Debug)]
pub enum CompetitionAction {
    /// Open the setup screen.
    Setup,
    /// Edit plan number `n` of the list.
    ChoosePlan(usize),
    /// The plan was edited.
    Edit(Plan),
    /// The name to save under was edited.
    Name(String),
    /// Save the plan in the data folder.
    SavePlan,
    /// Start the plan being edited.
    Start,
    /// Resume competition `id` from the records.
    Resume(i64),
    /// Give up competition `id` without results.
    Discard(i64),
    /// A host action from a button or key.
    Host(HostAction),
    /// A team's buzzer.
    Buzz(usize),
    /// Who answers for the team.
    Member(Option<i64>),
    /// The adjustment form was edited.
    AdjustForm(AdjustForm),
    /// Apply the adjustment form.
    Adjust,
    /// The display's settings were changed.
    Display(DisplaySettings),
    /// Sounds on or off.
    Mute(bool),
    /// End the competition now (podium), after a confirmation in the console.
    Finish,
    /// Back to the home screen; the competition stays resumable.
    Leave,
    /// Back to the console of the competition under way.
    Return,
}

impl AppState {
    pub(crate) fn handle_competition(&mut self, action: CompetitionAction, now: Duration) {
        match action {
            CompetitionAction::Setup => {
                self.competition_setup.plans = plans::list_plans(self.data_dir.as_deref());
                if self.competition_setup.plan.is_none() {
                    self.choose_plan(0);
                }
                self.screen = Screen::CompetitionSetup;
            }
            CompetitionAction::ChoosePlan(n) => self.choose_plan(n),
            CompetitionAction::Edit(plan) => self.competition_setup.plan = Some(plan),
            CompetitionAction::Name(name) => self.competition_setup.name = name,
            CompetitionAction::SavePlan => self.save_plan(),
            CompetitionAction::Start => self.start_competition(now),
            CompetitionAction::Resume(id) => self.resume_competition(id, now),
            CompetitionAction::Discard(id) => {
                if let Some(records) = &self.records
                    && let Err(error) = records.abandon_competition(id, self.wall_ms(now))
                {
                    self.message = Some(error.to_string());
                }
                self.unfinished_competitions.retain(|c| c.id != id);
            }
            CompetitionAction::Host(host) => self.host(host, now),
            CompetitionAction::Buzz(team) => {
                self.competition_event(Event::Buzz { team }, now);
            }
            CompetitionAction::Member(member) => self.with_run(|run| run.member = member),
            CompetitionAction::AdjustForm(form) => self.with_run(|run| run.adjust = form),
            CompetitionAction::Adjust => {
                let Some(run) = &mut self.competition else {
                    return;
                };
                let form = run.adjust.clone();
                match form
                    .delta
                    .trim()
                    .replace('＋', "+")
                    .replace('－', "-")
                    .parse::<i32>()
                {
                    Ok(delta) if delta != 0 && !form.reason.trim().is_empty() => {
                        let event = Event::Adjust {
                            team: form.team,
                            delta,
                            reason: form.reason.trim().to_string(),
                        };
                        if self.competition_event(event, now) {
                            self.with_run(|run| {
                                run.adjust = AdjustForm {
                                    team: form.team,
                                    ..AdjustForm::default()
                                }
                            });
                        }
                    }
                    _ => {
                        run.notice =
                            Some("手动调整：请填写不为 0 的分数（如 5 或 -5）和调整原因".into())
                    }
                }
            }
            CompetitionAction::Display(display) => self.with_run(|run| run.display = display),
            CompetitionAction::Mute(muted) => self.with_run(|run| run.muted = muted),
            CompetitionAction::Finish => {
                self.competition_event(Event::Finish, now);
            }
            CompetitionAction::Leave => self.screen = Screen::Home,
            CompetitionAction::Return => {
                if self.competition.is_some() {
                    self.screen = Screen::Host;
                }
            }
        }
    }

    fn with_run(&mut self, f: impl FnOnce(&mut CompetitionRun)) {
        if let Some(run) = &mut self.competition {
            f(run);
        }
    }

    fn choose_plan(&mut self, n: usize) {
        let setup = &mut self.competition_setup;
        let Some(file) = setup.plans.get(n) else {
            return;
        };
        match &file.plan {
            Ok(plan) => {
                setup.plan = Some(plan.clone());
                setup.name = file.name.trim_end_matches(".ron").to_string();
                setup.report = None;
            }
            Err(problem) => setup.report = Some(format!("方案“{}”有错误：{problem}", file.name)),
        }
    }

    fn save_plan(&mut self) {
        let setup = &mut self.competition_setup;
        let (Some(dir), Some(plan)) = (&self.data_dir, &setup.plan) else {
            setup.report = Some("没有数据文件夹，无法保存方案".into());
            return;
        };
        setup.report = Some(match plans::save_plan(dir, &setup.name, plan) {
            Ok(path) => format!("方案已保存到“{}”", path.display()),
            Err(error) => error.to_string(),
        });
        setup.plans = plans::list_plans(Some(dir));
    }

    /// The usable banks, for drawing questions.
    fn all_banks(&self) -> Vec<&Bank> {
        self.entries()
            .iter()
            .filter(|e| e.is_usable())
            .filter_map(|e| e.bank())
            .collect()
    }

    fn start_competition(&mut self, now: Duration) {
        let Some(plan) = self.competition_setup.plan.clone() else {
            return;
        };
        let mut problems = plan.problems();
        problems.extend(key_conflicts(&plan));
        self.sessions_started += 1;
        let seed = self.seed_base.wrapping_add(self.sessions_started);
        let pool = Pool::new(&self.all_banks(), &plan, seed);
        for round in &plan.rounds {
            let needed = match round.kind {
                crate::core::competition::RoundKind::Required
                | crate::core::competition::RoundKind::Risk => {
                    round.questions as usize * plan.teams.len()
                }
                _ => round.questions as usize,
            };
            if pool.count_for(round) < needed.min(pool.len()) || pool.is_empty() {
                problems.push(format!(
                    "“{}”需要 {needed} 道题，所选题库中合适的只有 {} 道",
                    round.title,
                    pool.count_for(round)
                ));
            }
        }
        if pool.len() < plan.questions_needed() {
            problems.push(format!(
                "整场最多需要 {} 道题，所选题库和分类只有 {} 道",
                plan.questions_needed(),
                pool.len()
            ));
        }
        if !problems.is_empty() {
            self.competition_setup.report = Some(format!("无法开始：{}", problems.join("；")));
            return;
        }
        let id = match &self.records {
            Some(records) => match records.start_competition(&plan, seed, self.wall_ms(now)) {
                Ok(id) => Some(id),
                Err(error) => {
                    self.competition_setup.report = Some(format!("无法开始：{error}"));
                    return;
                }
            },
            None => None,
        };
        self.competition = Some(new_run(id, Game::new(plan), pool));
        self.screen = Screen::Host;
    }

    fn resume_competition(&mut self, id: i64, now: Duration) {
        let Some(saved) = self
            .unfinished_competitions
            .iter()
            .find(|c| c.id == id)
            .cloned()
        else {
            return;
        };
        match self.replay_saved(&saved) {
            Ok(run) => {
                self.competition = Some(run);
                self.unfinished_competitions.retain(|c| c.id != id);
                self.screen = Screen::Host;
                // The countdown was running when the power went: it waits for the host now, with
                // the time that was left at the last recorded step.
                let running = self
                    .competition
                    .as_ref()
                    .and_then(|r| r.game.timer.as_ref())
                    .is_some_and(|t| t.is_running());
                if running {
                    let last = saved.events.last().map_or(self.wall_ms(now), |e| e.at_ms);
                    self.record_event(Stamped {
                        at_ms: last,
                        event: Event::Pause,
                    });
                }
            }
            Err(error) => self.message = Some(format!("无法继续竞赛“{}”：{error}", saved.title)),
        }
    }

    fn replay_saved(&self, saved: &SavedCompetition) -> crate::core::error::Result<CompetitionRun> {
        let game = saved.replay()?;
        let pool = Pool::new(&self.all_banks(), &saved.plan, saved.seed);
        Ok(new_run(Some(saved.id), game, pool))
    }

    fn host(&mut self, action: HostAction, now: Duration) {
        let Some(run) = &mut self.competition else {
            return;
        };
        let event = match action {
            HostAction::Next => match run.game.next_step() {
                Some(NextStep::StartRound) => Event::StartRound,
                Some(NextStep::OpenBuzzing) => Event::OpenBuzzing,
                Some(NextStep::Reveal) => Event::Reveal,
                Some(NextStep::Finish) => Event::Finish,
                Some(NextStep::ShowQuestion) => {
                    let Some(round) = run.game.round_plan() else {
                        return;
                    };
                    match run.pool.next(round, run.game.events()) {
                        Some(card) => Event::Show { card },
                        None => {
                            run.notice = Some("题目已用完：请撤销后换一个环节，或结束竞赛".into());
                            return;
                        }
                    }
                }
                None => {
                    run.notice = Some(waiting_for(&run.game).into());
                    return;
                }
            },
            HostAction::Right | HostAction::Wrong => Event::Judge {
                right: action == HostAction::Right,
                member: run.member,
            },
            HostAction::Reveal => Event::Reveal,
            HostAction::Pause => match &run.game.timer {
                Some(timer) if !timer.is_running() => Event::Resume,
                _ => Event::Pause,
            },
            HostAction::AddTime => Event::AddTime {
                secs: HostAction::ADD_SECS,
            },
            HostAction::Void => Event::Void,
            HostAction::Undo => {
                if self.competition_event(Event::Undo, now) {
                    // Undoing a void that the clock made brings back a buzz window that has run
                    // out: hold it, so the host can add time instead of seeing it void at once.
                    let now_ms = self.wall_ms(now);
                    if self
                        .competition
                        .as_ref()
                        .is_some_and(|r| r.game.due(now_ms).is_some())
                    {
                        self.competition_event(Event::Pause, now);
                    }
                }
                return;
            }
            HostAction::Stake(i) => {
                let Some(value) = run.game.round_plan().and_then(|r| r.values.get(i).copied())
                else {
                    return;
                };
                Event::Stake { value }
            }
            HostAction::Bigger | HostAction::Smaller => {
                let step = if action == HostAction::Bigger {
                    0.1
                } else {
                    -0.1
                };
                run.display.scale = (run.display.scale + step).clamp(0.5, 2.5);
                return;
            }
        };
        self.competition_event(event, now);
    }

    /// Applies `event` at `now` if the rules allow it, and records it; true if it was applied.
    fn competition_event(&mut self, event: Event, now: Duration) -> bool {
        let stamped = Stamped {
            at_ms: self.wall_ms(now),
            event,
        };
        self.record_event(stamped)
    }

    /// The one door every competition event goes through: checked against the rules on a copy,
    /// committed to the records, and only then made the state. A failed write changes nothing.
    fn record_event(&mut self, stamped: Stamped) -> bool {
        let Some(run) = &mut self.competition else {
            return false;
        };
        let mut next = run.game.clone();
        match next.apply(stamped.clone()) {
            Ok(()) => {}
            Err(Refusal::Ignored) => return false,
            Err(Refusal::NotNow(why)) => {
                run.notice = Some(why);
                return false;
            }
        }
        if let (Some(records), Some(id)) = (&self.records, run.id)
            && let Err(error) = records.append_event(id, run.game.events().len(), &stamped)
        {
            run.notice = Some(format!("未能保存这一步，请重试：{error}"));
            return false;
        }
        run.notice = None;
        match (&stamped.event, next.phase) {
            (Event::Buzz { .. }, Phase::Answering { .. })
                if !matches!(run.game.phase, Phase::Answering { .. }) =>
            {
                run.cues.push(Cue::Buzz)
            }
            (Event::Judge { right: true, .. }, _) => run.cues.push(Cue::Right),
            (Event::Judge { right: false, .. }, _) => run.cues.push(Cue::Wrong),
            _ => {}
        }
        if matches!(stamped.event, Event::Judge { .. } | Event::Show { .. }) {
            run.member = None;
        }
        let reopened = run.game.phase == Phase::Finished && next.phase != Phase::Finished;
        run.game = next;
        if reopened
            && let (Some(records), Some(id)) = (&mut self.records, run.id)
            && let Err(error) = records.reopen_competition(id)
        {
            run.notice = Some(format!("成绩记录未能撤回：{error}"));
        }
        if run.game.phase == Phase::Finished
            && let (Some(records), Some(id)) = (&mut self.records, run.id)
            && let Err(error) = records.finish_competition(id, &run.game, stamped.at_ms)
        {
            run.notice = Some(format!("成绩未能写入记录：{error}"));
        }
        true
    }

    /// The clock's part: the last five seconds tick, zero sounds, and a buzz window that ran out
    /// voids the question.
    pub(crate) fn tick_competition(&mut self, now: Duration) {
        let now_ms = self.wall_ms(now);
        let Some(run) = &mut self.competition else {
            return;
        };
        let secs = run
            .game
            .timer
            .as_ref()
            .filter(|t| t.is_running())
            .map(|t| ((t.remaining_ms(now_ms) + 999) / 1000) as u32);
        if let (Some(secs), Some(last)) = (secs, run.last_secs)
            && secs < last
        {
            match secs {
                0 => run.cues.push(Cue::TimeUp),
                1..=5 => run.cues.push(Cue::Tick),
                _ => {}
            }
        }
        run.last_secs = secs;
        if let Some(event) = run.game.due(now_ms) {
            self.record_event(Stamped {
                at_ms: now_ms,
                event,
            });
        }
    }

    /// When the display next changes by itself (the countdown's next whole second), if anything
    /// runs: the app repaints then and otherwise sleeps.
    pub fn competition_repaint_after(&self, now: Duration) -> Option<Duration> {
        let run = self
            .competition
            .as_ref()
            .filter(|_| self.screen == Screen::Host)?;
        let timer = run.game.timer.as_ref().filter(|t| t.is_running())?;
        let left = timer.remaining_ms(self.wall_ms(now));
        if left == 0 {
            return None;
        }
        let to_next_second = match left % 1000 {
            0 => 1000,
            rest => rest,
        };
        Some(Duration::from_millis(to_next_second as u64 + 5))
    }
}

fn new_run(id: Option<i64>, game: Game, pool: Pool) -> CompetitionRun {
    CompetitionRun {
        id,
        game,
        pool,
        member: None,
        adjust: AdjustForm::default(),
        display: DisplaySettings::default(),
        muted: false,
        cues: Vec::new(),
        notice: None,
        last_secs: None,
    }
}

/// What the host must do when "next" has nothing to do.
fn waiting_for(game: &Game) -> &'static str {
    match game.phase {
        Phase::BuzzOpen => "正在等待抢答",
        Phase::Answering { .. } => "请先判定答对（J）或答错（K）",
        Phase::RoundIntro | Phase::Revealed => "请先为轮到的队伍选择分值（F1、F2…）",
        Phase::Finished => "竞赛已结束",
        _ => "现在没有下一步",
    }
}
