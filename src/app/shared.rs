//! What every flow may read and use: the banks, the records and their writing thread, the people,
//! the data folder and the clock. Flows get it as `&mut Shared` next to their own state, so no flow
//! reaches into another's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::core::bank::{Bank, kind_index};
use crate::core::error::Result;
use crate::core::library::{BankEntry, Origin};
use crate::storage::people::{Branch, Participant};
use crate::storage::records::Records;
use crate::storage::writer::{Job, Writer};

/// The banks, loaded off the UI thread, with their counts worked out once per load.
#[derive(Debug, Default)]
pub struct Library {
    entries: Vec<BankEntry>,
    counts: Vec<BankCounts>,
}

/// A bank's questions counted by kind and by category, in first-seen order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankCounts {
    /// Questions by kind, in the order of [`crate::core::bank::Kind::ALL`].
    pub kinds: [usize; 5],
    /// Questions by category, in first-seen order, and within each by kind.
    pub categories: Vec<(String, [usize; 5])>,
}

impl Library {
    /// The library of `entries`, counted.
    pub fn new(entries: Vec<BankEntry>) -> Self {
        let counts = entries
            .iter()
            .map(|entry| entry.bank().map(count).unwrap_or_default())
            .collect();
        Self { entries, counts }
    }

    /// Every bank file, in load order.
    pub fn entries(&self) -> &[BankEntry] {
        &self.entries
    }

    /// The counts of entry `index`.
    pub fn counts(&self, index: usize) -> Option<&BankCounts> {
        self.counts.get(index)
    }

    /// The banks that loaded with at least one usable question.
    pub fn usable_banks(&self) -> Vec<&Bank> {
        self.entries
            .iter()
            .filter(|e| e.is_usable())
            .filter_map(BankEntry::bank)
            .collect()
    }

    /// The usable banks among entries `chosen`.
    pub fn chosen_banks<'a>(
        &'a self,
        chosen: impl IntoIterator<Item = &'a usize>,
    ) -> Vec<&'a Bank> {
        chosen
            .into_iter()
            .filter_map(|&i| self.entries.get(i))
            .filter(|entry| entry.is_usable())
            .filter_map(BankEntry::bank)
            .collect()
    }

    /// The categories of entries `chosen` with their question counts, in first-seen order; from
    /// the counts made at load, so a bank of a hundred thousand questions costs nothing per frame.
    pub fn categories_of<'a>(
        &self,
        chosen: impl IntoIterator<Item = &'a usize>,
    ) -> Vec<(String, usize)> {
        let mut order: Vec<String> = Vec::new();
        let mut totals: BTreeMap<String, usize> = BTreeMap::new();
        for &i in chosen {
            let (Some(entry), Some(counts)) = (self.entries.get(i), self.counts.get(i)) else {
                continue;
            };
            if !entry.is_usable() {
                continue;
            }
            for (category, by_kind) in &counts.categories {
                let total = totals.entry(category.clone()).or_insert_with(|| {
                    order.push(category.clone());
                    0
                });
                *total += by_kind.iter().sum::<usize>();
            }
        }
        order
            .into_iter()
            .map(|c| {
                let n = totals.get(&c).copied().unwrap_or(0);
                (c, n)
            })
            .collect()
    }

    /// The questions by kind of the usable banks with these ids (all when none) in these
    /// categories (all when none), and every category of those banks in first-seen order: what the
    /// exam setup shows, worked out when its choice changes.
    pub fn scope(
        &self,
        bank_ids: &std::collections::BTreeSet<String>,
        categories: &std::collections::BTreeSet<String>,
    ) -> ([usize; 5], Vec<String>) {
        let mut available = [0; 5];
        let mut names: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (entry, counts) in self.entries.iter().zip(&self.counts) {
            let Some(bank) = entry.bank().filter(|_| entry.is_usable()) else {
                continue;
            };
            if !bank_ids.is_empty() && !bank_ids.contains(&bank.id) {
                continue;
            }
            for (category, by_kind) in &counts.categories {
                if seen.insert(category.clone()) {
                    names.push(category.clone());
                }
                if categories.is_empty() || categories.contains(category) {
                    for (total, n) in available.iter_mut().zip(by_kind) {
                        *total += n;
                    }
                }
            }
        }
        (available, names)
    }

    /// Questions of one kind over entries `chosen`.
    pub fn kind_total<'a>(
        &self,
        chosen: impl IntoIterator<Item = &'a usize>,
        kind: crate::core::bank::Kind,
    ) -> usize {
        chosen
            .into_iter()
            .filter(|&&i| self.entries.get(i).is_some_and(BankEntry::is_usable))
            .filter_map(|&i| self.counts.get(i))
            .map(|c| c.kinds[kind_index(kind)])
            .sum()
    }
}

/// Counts one bank's questions, once, when the banks are loaded.
fn count(bank: &Bank) -> BankCounts {
    let mut counts = BankCounts::default();
    let mut position: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for question in &bank.questions {
        let kind = kind_index(question.kind);
        counts.kinds[kind] += 1;
        let at = *position.entry(&question.category).or_insert_with(|| {
            counts.categories.push((question.category.clone(), [0; 5]));
            counts.categories.len() - 1
        });
        counts.categories[at].1[kind] += 1;
    }
    counts
}

/// Everyone in the records, and their branches: read once per change, never per frame.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// Every participant, archived ones included.
    pub people: Vec<Participant>,
    /// Every branch.
    pub branches: Vec<Branch>,
}

impl Directory {
    /// Participant `id`.
    pub fn person(&self, id: i64) -> Option<&Participant> {
        self.people.iter().find(|p| p.id == id)
    }
}

/// The clock and the seeds: wall time at `now` = 0 (passed in, never read here), and a counter
/// that gives every random session or paper its own seed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    /// Wall-clock milliseconds (since 1970) at `now` = 0.
    pub wall_offset_ms: i64,
    /// The seed of the first random session, from the clock at start.
    pub seed_base: u64,
    /// How many sessions have drawn a seed.
    pub sessions_started: u64,
    /// The PC's time zone, for days, dates and clocks.
    pub zone: crate::core::time::Zone,
}

impl Clock {
    /// Wall-clock milliseconds at `now`.
    pub fn wall_ms(&self, now: Duration) -> i64 {
        self.wall_offset_ms + now.as_millis() as i64
    }

    /// A fresh seed for a session or paper.
    pub fn next_seed(&mut self) -> u64 {
        self.sessions_started += 1;
        self.seed()
    }

    /// The seed last handed out.
    pub fn seed(&self) -> u64 {
        self.seed_base.wrapping_add(self.sessions_started)
    }

    /// A name for an attempt that no other attempt, here or on another PC, is likely to have.
    pub fn uid(&self, now: Duration, tag: &str) -> String {
        format!("{:x}-{tag}{:x}", self.wall_ms(now), self.seed())
    }
}

/// What every flow shares.
#[derive(Default)]
pub struct Shared {
    /// The banks, once loaded.
    pub library: Option<Library>,
    /// The records database, if it could be opened.
    pub records: Option<Records>,
    /// The thread that writes answers, so no write stalls a frame.
    pub writer: Option<Writer>,
    /// People and branches.
    pub directory: Directory,
    /// The data folder.
    pub data_dir: Option<PathBuf>,
    /// Time and seeds.
    pub clock: Clock,
}

impl Shared {
    /// The loaded banks, none while loading.
    pub fn entries(&self) -> &[BankEntry] {
        self.library.as_ref().map_or(&[], Library::entries)
    }

    /// Every usable bank.
    pub fn usable_banks(&self) -> Vec<&Bank> {
        self.library
            .as_ref()
            .map(Library::usable_banks)
            .unwrap_or_default()
    }

    /// Wall-clock milliseconds at `now`.
    pub fn wall_ms(&self, now: Duration) -> i64 {
        self.clock.wall_ms(now)
    }

    /// Sends a job to the records thread; false when there is none (nothing will be saved).
    pub fn send(&self, job: Job) -> bool {
        self.writer.as_ref().is_some_and(|w| w.send(job))
    }

    /// Reads people and branches again; an error is returned to be shown, and the old list kept.
    pub fn reload_directory(&mut self) -> Result<()> {
        let Some(records) = &self.records else {
            return Ok(());
        };
        let people = records.participants()?;
        let branches = records.branches()?;
        self.directory = Directory { people, branches };
        Ok(())
    }

    /// The folder exports are written to.
    pub fn export_folder(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("导出"))
    }

    /// The picture of a question of bank `bank_id`, if it has one and the bank is a file in the
    /// data folder (its `image` path is relative to the bank's folder and cannot leave it).
    pub fn image_path(&self, bank_id: &str, image: Option<&str>) -> Option<PathBuf> {
        let image = image.filter(|i| crate::core::validate::image_path_is_safe(i))?;
        self.entries()
            .iter()
            .find_map(|entry| match (&entry.origin, entry.bank()) {
                (Origin::User(path), Some(bank)) if bank.id == bank_id => {
                    crate::storage::bank_files::image_in_folder(folder_of(path)?, image)
                }
                _ => None,
            })
    }
}

fn folder_of(path: &Path) -> Option<&Path> {
    path.parent()
}
