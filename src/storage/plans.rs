//! Competition plans on disk: the sample shipped with the program and the host's own plans in
//! `competitions/` of the data folder.

use std::path::{Path, PathBuf};

use crate::core::competition::Plan;
use crate::core::error::{Error, Result};

/// The sample plan shipped in `competitions/`.
pub const SAMPLE: (&str, &str) = (
    "示例竞赛.ron",
    include_str!("../../competitions/示例竞赛.ron"),
);

/// Where the host's plans are kept.
pub fn plans_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("competitions")
}

/// A plan file: its name, and the plan or what is wrong with it (located, in Chinese).
#[derive(Clone, Debug)]
pub struct PlanFile {
    /// The file name.
    pub name: String,
    /// The file, if it is on disk (the sample is not).
    pub path: Option<PathBuf>,
    /// The plan, or the problems found.
    pub plan: std::result::Result<Plan, String>,
}

/// The sample, then every `.ron` plan in the data folder, by name.
pub fn list_plans(data_dir: Option<&Path>) -> Vec<PlanFile> {
    let mut out = vec![PlanFile {
        name: SAMPLE.0.to_string(),
        path: None,
        plan: Plan::from_ron(SAMPLE.1),
    }];
    let Some(dir) = data_dir.map(plans_dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let plan = match crate::storage::read_capped_text(&path, 1 << 20) {
            Ok(text) => Plan::from_ron(&text).map_err(|e| format!("“{name}”：{e}")),
            Err(error) => Err(error.to_string()),
        };
        out.push(PlanFile {
            name,
            path: Some(path),
            plan,
        });
    }
    out
}

/// Saves `plan` as `name.ron` in the data folder (written whole, then renamed into place).
pub fn save_plan(data_dir: &Path, name: &str, plan: &Plan) -> Result<PathBuf> {
    let dir = plans_dir(data_dir);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let safe: String = name
        .trim()
        .trim_end_matches(".ron")
        .chars()
        .map(|c| {
            if r#"/\:*?"<>|"#.contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = if safe.is_empty() {
        "竞赛方案".to_string()
    } else {
        safe
    };
    let path = dir.join(format!("{safe}.ron"));
    crate::storage::output::write_atomically(&path, |temp| {
        crate::storage::write_synced(temp, plan.to_ron().as_bytes()).map_err(io(temp))
    })?;
    Ok(path)
}
