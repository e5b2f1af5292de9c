//! The competition part of [`AppState`]: choosing and editing a plan, running it from the host
//! console, writing every event to the records the moment it happens, resuming after a crash.

use std::time::Duration;

mod resume;

pub use crate::app::display_settings::{Cue, DisplaySettings, Theme, WindowPlace};
use crate::app::effect::{Effect, Effects, Notice};
use crate::app::host_action::HostAction;
pub use crate::app::host_action::{buzzer_key, key_conflicts};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::competition::{
    Event, Game, NextStep, Phase, Plan, Pool, PublicView, Refusal, Stamped,
};
use crate::storage::competitions::SavedCompetition;
use crate::storage::plans::{self, PlanFile};
use crate::storage::records::Records;

/// How long the display's settings rest before they are saved.
const DISPLAY_REST: Duration = Duration::from_millis(300);

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
    pub report: Option<Notice>,
}

/// The manual adjustment form. The points are set with buttons, not typed: buzzer boxes type
/// digits, and during a competition a digit key is always a buzz.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdjustForm {
    /// The team.
    pub team: usize,
    /// The points to add (negative: take).
    pub delta: i32,
    /// Why.
    pub reason: String,
}

/// Reasons the host can pick instead of typing one.
pub const ADJUST_REASONS: [&str; 4] = ["评委复核更正", "判分失误更正", "违反竞赛纪律", "计分补录"];

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
    /// The display's settings as the records have them.
    display_saved: DisplaySettings,
    /// When the display's settings last changed: they are saved once they rest (a window being
    /// dragged changes them every frame).
    display_changed: Duration,
    /// Sounds off.
    pub muted: bool,
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

/// The competition flow: the setup, the competition under way, and those a crash left.
#[derive(Default)]
pub struct CompetitionFlow {
    /// The setup screen.
    pub setup: CompetitionSetup,
    /// The competition under way (or just finished).
    pub run: Option<CompetitionRun>,
    /// Competitions interrupted by a crash or power cut, offered for resumption.
    pub unfinished: Vec<SavedCompetition>,
    /// The interrupted competition the host asked to end, until that is confirmed or taken back.
    pub ending: Option<i64>,
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
    /// Ask before ending interrupted competition `id` (true), or take the question back (false).
    AskDiscard(i64, bool),
    /// End interrupted competition `id` where it stands: the scores so far become its results.
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
    /// The display's settings were changed in the console.
    Display(DisplaySettings),
    /// The display window was moved or resized to here.
    DisplayPlace(WindowPlace),
    /// The display window was opened or closed.
    DisplayWindow(bool),
    /// The display window was put in or out of full screen.
    DisplayFullscreen(bool),
    /// Sounds on or off.
    Mute(bool),
    /// End the competition now (podium), after a confirmation in the console.
    Finish,
    /// Back to the home screen; the competition stays resumable.
    Leave,
    /// Back to the console of the competition under way.
    Return,
}

impl CompetitionFlow {
    /// Whether a competition is under way (started and not finished).
    pub fn is_under_way(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|run| run.game.phase != Phase::Finished)
    }

    /// Reads the competitions a crash left unfinished.
    pub fn attach(&mut self, records: &Records) -> crate::core::error::Result<()> {
        self.unfinished = records.unfinished_competitions()?;
        Ok(())
    }

    /// Applies one action at `now`.
    pub fn handle(&mut self, action: CompetitionAction, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        match action {
            // A competition under way is where 现场竞赛 leads, until it ends: never stranded.
            CompetitionAction::Setup if self.is_under_way() => {
                fx.push(Effect::Show(Screen::Host));
            }
            CompetitionAction::Setup => {
                self.setup.plans = plans::list_plans(cx.data_dir.as_deref());
                if self.setup.plan.is_none() {
                    self.choose_plan(0);
                }
                fx.push(Effect::Show(Screen::CompetitionSetup));
            }
            CompetitionAction::ChoosePlan(n) => self.choose_plan(n),
            CompetitionAction::Edit(plan) => self.setup.plan = Some(plan),
            CompetitionAction::Name(name) => self.setup.name = name,
            CompetitionAction::SavePlan => self.save_plan(cx),
            CompetitionAction::Start => self.start(cx, now, &mut fx),
            CompetitionAction::Resume(id) => self.resume(id, cx, now, &mut fx),
            CompetitionAction::AskDiscard(id, ask) => self.ending = ask.then_some(id),
            CompetitionAction::Discard(id) => {
                self.ending = None;
                match self.end_where_it_stands(id, cx, now) {
                    Ok(Some(done)) | Err(done) => fx.push(Effect::Message(done)),
                    Ok(None) => {}
                }
                self.unfinished.retain(|c| c.id != id);
            }
            CompetitionAction::Host(host) => self.host(host, cx, now, &mut fx),
            CompetitionAction::Buzz(team) => {
                self.event(Event::Buzz { team }, cx, now, &mut fx);
            }
            CompetitionAction::Member(member) => self.with_run(|run| run.member = member),
            CompetitionAction::AdjustForm(form) => self.with_run(|run| run.adjust = form),
            CompetitionAction::Adjust => {
                let Some(run) = &mut self.run else {
                    return fx;
                };
                let form = run.adjust.clone();
                if form.delta == 0 || form.reason.trim().is_empty() {
                    run.notice =
                        Some("手动调整：请用按钮设定不为 0 的分数，并选择或填写原因".into());
                    return fx;
                }
                let event = Event::Adjust {
                    team: form.team,
                    delta: form.delta,
                    reason: form.reason.trim().to_string(),
                };
                if self.event(event, cx, now, &mut fx) {
                    self.with_run(|run| {
                        run.adjust = AdjustForm {
                            team: form.team,
                            ..AdjustForm::default()
                        }
                    });
                }
            }
            CompetitionAction::Display(display) => self.with_run(|run| {
                run.display = display;
                run.display_changed = now;
            }),
            CompetitionAction::DisplayPlace(place) => self.with_run(|run| {
                run.display.place = Some(place);
                run.display_changed = now;
            }),
            CompetitionAction::DisplayWindow(open) => self.with_run(|run| {
                run.display.window = open;
                run.display.fullscreen &= open;
                run.display_changed = now;
            }),
            CompetitionAction::DisplayFullscreen(full) => self.with_run(|run| {
                run.display.fullscreen = full && run.display.window;
                run.display_changed = now;
            }),
            CompetitionAction::Mute(muted) => self.with_run(|run| run.muted = muted),
            CompetitionAction::Finish => {
                self.event(Event::Finish, cx, now, &mut fx);
            }
            CompetitionAction::Leave => fx.push(Effect::Show(Screen::Home)),
            CompetitionAction::Return => {
                if self.run.is_some() {
                    fx.push(Effect::Show(Screen::Host));
                }
            }
        }
        fx
    }

    fn with_run(&mut self, f: impl FnOnce(&mut CompetitionRun)) {
        if let Some(run) = &mut self.run {
            f(run);
        }
    }

    fn choose_plan(&mut self, n: usize) {
        let setup = &mut self.setup;
        let Some(file) = setup.plans.get(n) else {
            return;
        };
        match &file.plan {
            Ok(plan) => {
                setup.plan = Some(plan.clone());
                setup.name = file.name.trim_end_matches(".ron").to_string();
                setup.report = None;
            }
            Err(problem) => {
                setup.report = Some(Notice::error(format!(
                    "方案“{}”有错误：{problem}",
                    file.name
                )))
            }
        }
    }

    fn save_plan(&mut self, cx: &Shared) {
        let setup = &mut self.setup;
        let (Some(dir), Some(plan)) = (&cx.data_dir, &setup.plan) else {
            setup.report = Some(Notice::error("没有数据文件夹，无法保存方案"));
            return;
        };
        setup.report = Some(match plans::save_plan(dir, &setup.name, plan) {
            Ok(path) => Notice::ok(format!("方案已保存到“{}”", path.display())),
            Err(error) => Notice::error(error.to_string()),
        });
        setup.plans = plans::list_plans(Some(dir));
    }

    fn start(&mut self, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        let Some(plan) = self.setup.plan.clone() else {
            return;
        };
        if self.is_under_way() {
            // Never orphan a competition: it is ended (or given up) from its console first.
            self.setup.report = Some(Notice::error(
                "有一场竞赛还在进行：请回到主持人控制台结束它，再开始新的竞赛",
            ));
            fx.push(Effect::Show(Screen::Host));
            return;
        }
        let mut problems = plan.problems();
        problems.extend(key_conflicts(&plan));
        let seed = cx.clock.next_seed();
        let pool = Pool::new(&cx.usable_banks(), &plan, seed);
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
            self.setup.report = Some(Notice::error(format!("无法开始：{}", problems.join("；"))));
            return;
        }
        let id = match &cx.records {
            Some(records) => match records.start_competition(&plan, seed, cx.wall_ms(now)) {
                Ok(id) => Some(id),
                Err(error) => {
                    self.setup.report = Some(Notice::error(format!("无法开始：{error}")));
                    return;
                }
            },
            None => None,
        };
        // The display as the host set it for the last competition: usually the same room.
        let display = self.run.as_ref().map(|r| r.display).unwrap_or_default();
        self.run = Some(new_run(id, Game::new(plan), pool, display));
        fx.push(Effect::Show(Screen::Host));
    }

    fn host(&mut self, action: HostAction, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        let Some(run) = &mut self.run else {
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
                if self.event(Event::Undo, cx, now, fx) {
                    // Undoing a void that the clock made brings back a buzz window that has run
                    // out: hold it, so the host can add time instead of seeing it void at once.
                    let now_ms = cx.wall_ms(now);
                    if self
                        .run
                        .as_ref()
                        .is_some_and(|r| r.game.due(now_ms).is_some())
                    {
                        self.event(Event::Pause, cx, now, fx);
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
                let step = if action == HostAction::Bigger { 1 } else { -1 };
                run.display.scale = run.display.stepped(step);
                run.display_changed = now;
                return;
            }
        };
        self.event(event, cx, now, fx);
    }

    /// Applies `event` at `now` if the rules allow it, and records it; true if it was applied.
    fn event(&mut self, event: Event, cx: &mut Shared, now: Duration, fx: &mut Effects) -> bool {
        let stamped = Stamped {
            at_ms: cx.wall_ms(now),
            event,
        };
        self.record_event(stamped, cx, fx)
    }

    /// The one door every competition event goes through: checked against the rules on a copy,
    /// committed to the records, and only then made the state. A failed write changes nothing.
    fn record_event(&mut self, stamped: Stamped, cx: &mut Shared, fx: &mut Effects) -> bool {
        let Some(run) = &mut self.run else {
            return false;
        };
        let mut next = run.game.clone();
        match next.apply(stamped.clone()) {
            Ok(()) => {}
            Err(Refusal::Ignored(why)) => {
                // A press that counts for nothing still goes in the log, with why.
                if let Event::Buzz { team } = stamped.event {
                    let trace = Stamped {
                        at_ms: stamped.at_ms,
                        event: Event::Uncounted { team, why },
                    };
                    self.record_event(trace, cx, fx);
                }
                return false;
            }
            Err(Refusal::NotNow(why)) => {
                run.notice = Some(why);
                return false;
            }
        }
        if let (Some(records), Some(id)) = (&cx.records, run.id)
            && let Err(error) = records.append_event(id, run.game.events().len(), &stamped)
        {
            run.notice = Some(format!("未能保存这一步，请重试：{error}"));
            return false;
        }
        run.notice = None;
        let cue = match (&stamped.event, next.phase) {
            (Event::Buzz { .. }, Phase::Answering { .. })
                if !matches!(run.game.phase, Phase::Answering { .. }) =>
            {
                Some(Cue::Buzz)
            }
            (Event::Judge { right: true, .. }, _) => Some(Cue::Right),
            (Event::Judge { right: false, .. }, _) => Some(Cue::Wrong),
            _ => None,
        };
        if let Some(cue) = cue.filter(|_| !run.muted) {
            fx.push(Effect::Play(cue));
        }
        if matches!(stamped.event, Event::Judge { .. } | Event::Show { .. }) {
            run.member = None;
        }
        let reopened = run.game.phase == Phase::Finished && next.phase != Phase::Finished;
        run.game = next;
        if reopened
            && let (Some(records), Some(id)) = (&mut cx.records, run.id)
            && let Err(error) = records.reopen_competition(id)
        {
            run.notice = Some(format!("成绩记录未能撤回：{error}"));
        }
        if run.game.phase == Phase::Finished
            && let (Some(records), Some(id)) = (&mut cx.records, run.id)
            && let Err(error) = records.finish_competition(id, &run.game, stamped.at_ms)
        {
            run.notice = Some(format!("成绩未能写入记录：{error}"));
        }
        true
    }

    /// The clock's part: the last five seconds tick, zero sounds, and a buzz window that ran out
    /// voids the question.
    pub fn tick(&mut self, cx: &mut Shared, now: Duration) -> Effects {
        let mut fx = Effects::new();
        let now_ms = cx.wall_ms(now);
        let Some(run) = &mut self.run else {
            return fx;
        };
        let secs = run
            .game
            .timer
            .as_ref()
            .filter(|t| t.is_running())
            .map(|t| ((t.remaining_ms(now_ms) + 999) / 1000) as u32);
        if let (Some(secs), Some(last)) = (secs, run.last_secs)
            && secs < last
            && !run.muted
        {
            match secs {
                0 => fx.push(Effect::Play(Cue::TimeUp)),
                1..=5 => fx.push(Effect::Play(Cue::Tick)),
                _ => {}
            }
        }
        if secs.is_some()
            && secs != run.last_secs
            && let (Some(records), Some(id)) = (&cx.records, run.id)
            && let Err(error) = records.competition_alive(id, now_ms)
        {
            log::warn!("{error}");
        }
        run.last_secs = secs;
        if run.display != run.display_saved
            && now.saturating_sub(run.display_changed) >= DISPLAY_REST
        {
            run.display_saved = run.display;
            if let (Some(records), Some(id)) = (&cx.records, run.id)
                && let Err(error) = records.save_competition_display(id, &run.display.to_json())
            {
                run.notice = Some(format!("大屏设置未能保存：{error}"));
            }
        }
        if let Some(event) = run.game.due(now_ms) {
            self.record_event(
                Stamped {
                    at_ms: now_ms,
                    event,
                },
                cx,
                &mut fx,
            );
        }
        fx
    }

    /// When the display next changes by itself (the countdown's next whole second), if anything
    /// runs: the app repaints then and otherwise sleeps.
    pub fn repaint_after(&self, cx: &Shared, now: Duration) -> Option<Duration> {
        let run = self.run.as_ref()?;
        let save = (run.display != run.display_saved)
            .then(|| (run.display_changed + DISPLAY_REST).saturating_sub(now));
        let timer = run.game.timer.as_ref().filter(|t| t.is_running());
        let tick = timer.and_then(|timer| {
            let left = timer.remaining_ms(cx.wall_ms(now));
            crate::app::practice_flow::next_second(Duration::from_millis(left.max(0) as u64))
        });
        match (save, tick) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn new_run(id: Option<i64>, game: Game, pool: Pool, display: DisplaySettings) -> CompetitionRun {
    CompetitionRun {
        id,
        game,
        pool,
        member: None,
        adjust: AdjustForm::default(),
        display,
        // Not saved yet: the first tick writes it, so a crash at once still reopens it.
        display_saved: DisplaySettings {
            scale: 0.0,
            ..display
        },
        display_changed: Duration::ZERO,
        muted: false,
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
