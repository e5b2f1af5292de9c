//! Writes answers on a thread of their own, so a slow disk never stalls a frame, in the order they
//! were given. Each write is committed (and fsynced) before it is acknowledged.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::storage::attempts::Ended;
use crate::storage::attempts::{AnswerRecord, NewAttempt};
use crate::storage::records::Records;

/// A write for the records thread. Attempts are named by a uid the caller makes up, so it need not
/// wait for the database to hand out a row id.
#[derive(Clone, Debug)]
pub enum Job {
    /// An attempt starts.
    Start {
        /// The caller's name for it.
        uid: String,
        /// What it is.
        attempt: NewAttempt,
        /// When, in milliseconds since 1970.
        now_ms: i64,
    },
    /// An answer was given (or changed).
    Answer {
        /// The attempt.
        uid: String,
        /// The answer.
        answer: AnswerRecord,
        /// When.
        now_ms: i64,
    },
    /// Time has passed on an exam, or the examinee moved to another question.
    TimeUsed {
        /// The attempt.
        uid: String,
        /// Time used, in milliseconds.
        ms: i64,
        /// The question on show, so a resumed exam reopens there.
        position: usize,
    },
    /// The attempt ended.
    Finish {
        /// The attempt.
        uid: String,
        /// `submitted`, `time_up` or `finished`.
        reason: &'static str,
        /// Points.
        score: f64,
        /// Most points possible.
        max_score: f64,
        /// Open questions waiting for a grader.
        awaiting_grader: usize,
        /// The time used, as the examinee saw it at the end.
        time_used_ms: i64,
        /// When.
        now_ms: i64,
    },
    /// An interrupted attempt goes on under a new uid.
    Adopt {
        /// The name to use from now on.
        uid: String,
        /// Its row id.
        id: i64,
    },
}

/// What the records thread reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum Report {
    /// The job for this attempt (and position, for answers) is safely on disk.
    Saved {
        /// The attempt.
        uid: String,
        /// The answer's position, for answers.
        position: Option<usize>,
        /// The attempt's row id.
        id: i64,
    },
    /// A write failed; the message says why, in Chinese.
    Failed(String),
}

/// The sending end of the records thread.
pub struct Writer {
    jobs: Sender<Job>,
    reports: Receiver<Report>,
}

impl Writer {
    /// Starts the records thread on the database in `data_dir`, which [`Records::open`] opened first.
    pub fn spawn(data_dir: PathBuf, wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (jobs, inbox) = channel::<Job>();
        let (outbox, reports) = channel();
        std::thread::Builder::new()
            .name("records-writer".into())
            .spawn(move || {
                // The app opened (checked, migrated, backed up) the database already.
                let mut records = match Records::attach(&data_dir) {
                    Ok(records) => records,
                    Err(error) => {
                        let _ = outbox.send(Report::Failed(error.to_string()));
                        wake();
                        return;
                    }
                };
                let mut ids: HashMap<String, i64> = HashMap::new();
                for job in inbox {
                    let report = apply(&mut records, &mut ids, job);
                    if let Some(report) = report {
                        if outbox.send(report).is_err() {
                            break;
                        }
                        wake();
                    }
                }
            })?;
        Ok(Self { jobs, reports })
    }

    /// Queues a write.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// The reports that arrived since the last call.
    pub fn reports(&self) -> Vec<Report> {
        self.reports.try_iter().collect()
    }
}

fn apply(records: &mut Records, ids: &mut HashMap<String, i64>, job: Job) -> Option<Report> {
    let unknown = |uid: &str| Report::Failed(format!("内部错误：找不到答题记录 {uid}"));
    match job {
        Job::Start {
            uid,
            attempt,
            now_ms,
        } => Some(match records.start_attempt(&attempt, now_ms) {
            Ok(id) => {
                ids.insert(uid.clone(), id);
                Report::Saved {
                    uid,
                    position: None,
                    id,
                }
            }
            Err(error) => Report::Failed(error.to_string()),
        }),
        Job::Adopt { uid, id } => {
            ids.insert(uid, id);
            None
        }
        Job::Answer {
            uid,
            answer,
            now_ms,
        } => {
            let Some(&id) = ids.get(&uid) else {
                return Some(unknown(&uid));
            };
            Some(match records.record_answer(id, &answer, now_ms) {
                Ok(()) => Report::Saved {
                    uid,
                    position: Some(answer.position),
                    id,
                },
                Err(error) => Report::Failed(error.to_string()),
            })
        }
        Job::TimeUsed { uid, ms, position } => {
            let id = *ids.get(&uid)?;
            records
                .record_progress(id, ms, position)
                .err()
                .map(|e| Report::Failed(e.to_string()))
        }
        Job::Finish {
            uid,
            reason,
            score,
            max_score,
            awaiting_grader,
            time_used_ms,
            now_ms,
        } => {
            let Some(&id) = ids.get(&uid) else {
                return Some(unknown(&uid));
            };
            let ended = Ended {
                reason,
                score,
                max_score,
                awaiting_grader,
                time_used_ms,
            };
            Some(match records.finish_attempt(id, &ended, now_ms) {
                Ok(()) => Report::Saved {
                    uid,
                    position: None,
                    id,
                },
                Err(error) => Report::Failed(error.to_string()),
            })
        }
    }
}
