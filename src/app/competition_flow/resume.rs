//! A competition cut off by a power cut or a closed window: taken up again where it stood, or ended
//! there with the scores reached.

use std::time::Duration;

use super::{CompetitionFlow, CompetitionRun, DisplaySettings, new_run};
use crate::app::effect::{Effect, Effects};
use crate::app::shared::Shared;
use crate::app::state::Screen;
use crate::core::competition::{Event, Pool, Stamped};
use crate::storage::competitions::SavedCompetition;

impl CompetitionFlow {
    /// Ends an interrupted competition without going on: the scores reached are written as its
    /// results (a host who gives up the rest keeps what was played), and it is marked abandoned.
    pub(super) fn end_where_it_stands(
        &mut self,
        id: i64,
        cx: &mut Shared,
        now: Duration,
    ) -> std::result::Result<Option<String>, String> {
        let Some(saved) = self.unfinished.iter().find(|c| c.id == id).cloned() else {
            return Ok(None);
        };
        let now_ms = cx.wall_ms(now);
        let run = replay_saved(&saved, cx).map_err(|e| format!("竞赛“{}”：{e}", saved.title))?;
        let Some(records) = &mut cx.records else {
            return Ok(None);
        };
        records
            .finish_competition(id, &run.game, now_ms)
            .and_then(|()| records.abandon_competition(id, now_ms))
            .map_err(|e| format!("竞赛“{}”的成绩未能写入：{e}", saved.title))?;
        // Said, with the scores, so the host knows what was kept and where to find it.
        let scores: Vec<String> = run
            .game
            .plan()
            .teams
            .iter()
            .zip(&run.game.scores)
            .map(|(team, score)| format!("{} {score} 分", team.name))
            .collect();
        Ok(Some(format!(
            "竞赛“{}”已结束，成绩按当时的比分记下：{}。可在“成绩记录”中导出。",
            saved.title,
            scores.join("，")
        )))
    }

    pub(super) fn resume(&mut self, id: i64, cx: &mut Shared, now: Duration, fx: &mut Effects) {
        let Some(saved) = self.unfinished.iter().find(|c| c.id == id).cloned() else {
            return;
        };
        match replay_saved(&saved, cx) {
            Ok(run) => {
                self.run = Some(run);
                self.unfinished.retain(|c| c.id != id);
                fx.push(Effect::Show(Screen::Host));
                // The countdown was running when the power went: it waits for the host now, with
                // the time that was left at the last recorded step.
                let running = self
                    .run
                    .as_ref()
                    .and_then(|r| r.game.timer.as_ref())
                    .is_some_and(|t| t.is_running());
                if running {
                    // The countdown stops where it was last seen running (written once a
                    // second), so the question goes on with the time that was left.
                    let last = saved.events.last().map_or(cx.wall_ms(now), |e| e.at_ms);
                    let last = saved.alive_ms.map_or(last, |alive| alive.max(last));
                    self.record_event(
                        Stamped {
                            at_ms: last,
                            event: Event::Pause,
                        },
                        cx,
                        fx,
                    );
                }
            }
            Err(error) => fx.push(Effect::Message(format!(
                "无法继续竞赛“{}”：{error}",
                saved.title
            ))),
        }
    }
}

fn replay_saved(
    saved: &SavedCompetition,
    cx: &Shared,
) -> crate::core::error::Result<CompetitionRun> {
    let game = saved.replay()?;
    let pool = Pool::new(&cx.usable_banks(), &saved.plan, saved.seed);
    let display = saved
        .display
        .as_deref()
        .map(DisplaySettings::from_json)
        .unwrap_or_default();
    let mut run = new_run(Some(saved.id), game, pool, display);
    run.display_saved = display;
    Ok(run)
}
