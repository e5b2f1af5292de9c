//! The command line: `dangshi-quiz` opens the app; `dangshi-quiz check` checks banks.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::core::bank::Kind;
use crate::core::error::Problem;
use crate::core::load::LoadReport;

/// 党史知识竞赛：题库、自主练习与现场竞赛。不带参数运行即打开程序窗口。
#[derive(Debug, Parser)]
#[command(name = "dangshi-quiz", version, about, disable_help_subcommand = true)]
pub struct Cli {
    /// 数据文件夹（用户题库和记录）；默认为程序旁的 data 文件夹（若存在），否则为系统的用户数据文件夹
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// 要执行的命令；省略则打开程序窗口
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查题库文件，列出全部错误和警告（退出码：0 全部通过，1 有错误，2 用法错误）
    Check {
        /// 以 JSON 输出，每个文件一行
        #[arg(long)]
        json: bool,
        /// 题库文件（.ron）
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Runs a subcommand, writing to `out`; returns the exit code.
pub fn run(command: Command, out: &mut impl Write) -> ExitCode {
    match command {
        Command::Check { json, files } => check(&files, json, out),
    }
}

/// Checks each file; exit code 0 when all are valid, 1 when any has an error.
pub fn check(files: &[PathBuf], json: bool, out: &mut impl Write) -> ExitCode {
    let mut all_ok = true;
    for path in files {
        let mut report = crate::storage::load_bank_file(path);
        report.file = path.display().to_string();
        all_ok &= report.is_ok();
        let written = if json {
            serde_json::to_string(&JsonReport::from(&report))
                .map_err(std::io::Error::other)
                .and_then(|line| writeln!(out, "{line}"))
        } else {
            write_text(&report, out)
        };
        if written.is_err() {
            // stdout closed (e.g. piped into `head`): nothing more can be said.
            return ExitCode::from(1);
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn write_text(report: &LoadReport, out: &mut impl Write) -> std::io::Result<()> {
    for problem in &report.problems {
        writeln!(out, "{}", problem.report_line(&report.file))?;
    }
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let encoding = report
        .encoding
        .map(|e| format!("，编码 {}", e.label()))
        .unwrap_or_default();
    match &report.bank {
        Some(bank) => {
            let counts = bank.count_by_kind();
            let kinds = Kind::ALL
                .iter()
                .zip(counts)
                .map(|(kind, n)| format!("{} {n}", kind.label().trim_end_matches('题')))
                .collect::<Vec<_>>()
                .join("、");
            let verdict = if errors == 0 { "通过" } else { "未通过" };
            writeln!(
                out,
                "{}: {verdict}：可用 {} 题（{kinds}）{encoding}，{errors} 个错误，{warnings} 个警告",
                report.file,
                bank.questions.len()
            )
        }
        None => writeln!(
            out,
            "{}: 未通过：无法读取题库{encoding}，{errors} 个错误",
            report.file
        ),
    }
}

/// One line of `check --json`, with exactly the documented keys.
#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    ok: bool,
    questions: usize,
    by_kind: ByKind,
    errors: Vec<&'a Problem>,
    warnings: Vec<&'a Problem>,
}

#[derive(Serialize)]
struct ByKind {
    single: usize,
    multiple: usize,
    true_false: usize,
    blank: usize,
    open: usize,
}

impl<'a> From<&'a LoadReport> for JsonReport<'a> {
    fn from(report: &'a LoadReport) -> Self {
        let counts = report
            .bank
            .as_ref()
            .map(|b| b.count_by_kind())
            .unwrap_or_default();
        Self {
            file: &report.file,
            ok: report.is_ok(),
            questions: report.bank.as_ref().map_or(0, |b| b.questions.len()),
            by_kind: ByKind {
                single: counts[0],
                multiple: counts[1],
                true_false: counts[2],
                blank: counts[3],
                open: counts[4],
            },
            errors: report.errors().collect(),
            warnings: report.warnings().collect(),
        }
    }
}
