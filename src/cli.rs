//! The command line: `dangshi-quiz` opens the app; `dangshi-quiz check` checks banks.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::core::bank::Kind;
use crate::core::error::Problem;
use crate::core::load::{Keep, LoadReport};
use crate::storage::export::{Format, What};
use crate::storage::records::Records;

/// 党史知识竞赛：题库、自主练习与现场竞赛。不带参数运行即打开程序窗口。
#[derive(Debug, Parser)]
#[command(
    name = "dangshi-quiz",
    version,
    about,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    next_help_heading = "选项"
)]
pub struct Cli {
    /// 显示帮助
    #[arg(short = 'h', long = "help", global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
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
    /// 转换题库格式：.ron、.xlsx、.csv 互转；先像 check 一样检查，有错误则不写出（退出码同 check）
    Convert {
        /// 要转换的题库文件
        #[arg(value_name = "IN")]
        input: PathBuf,
        /// 输出文件，格式由扩展名决定（.ron、.xlsx、.csv）
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
    },
    /// 导出成绩记录为 CSV（可直接用 Excel 打开）或 XLSX；数据文件夹为空时也可导出（只有表头）
    Export {
        /// 导出内容：attempts 每次答题一行，participants 每人一行，branches 每个党支部一行，
        /// competitions 竞赛成绩，leaderboard 个人排行榜，branch-leaderboard 党支部排行榜
        #[arg(long, value_enum)]
        what: What,
        /// 文件格式
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 多台电脑的成绩：打包本机记录（pack），或把别的电脑的记录包合并进来（merge）
    Records {
        /// pack 或 merge
        #[command(subcommand)]
        action: RecordsCommand,
    },
}

/// `records pack` and `records merge`.
#[derive(Debug, Subcommand)]
pub enum RecordsCommand {
    /// 把本机的全部成绩记录写成一个记录包文件，拷到汇总的电脑上合并
    Pack {
        /// 记录包文件（如 一支部.dqpack）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 合并别的电脑的记录包；同一个包合并两次不会重复计入（退出码：0 成功，1 失败）
    Merge {
        /// 记录包文件
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// Reads the command line, with every message in Chinese: the arguments, or what to print and the
/// exit code (0 after `--help` or `--version`, 2 after a mistake).
pub fn parse_args(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Result<Cli, (String, ExitCode)> {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let command = chinese(Cli::command(), "");
    let usage = usage_of(&command);
    let matches = command.try_get_matches_from(args).map_err(|error| {
        use clap::error::ErrorKind;
        match error.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                (error.render().to_string(), ExitCode::SUCCESS)
            }
            _ => (explain(&error, &usage), ExitCode::from(2)),
        }
    })?;
    Cli::from_arg_matches(&matches).map_err(|error| (explain(&error, &usage), ExitCode::from(2)))
}

/// The command line of this process, or the exit code after printing what was asked for (help and
/// version to standard output) or what is wrong (to standard error), as every program does.
pub fn parse_process_args() -> Result<Cli, ExitCode> {
    parse_args(std::env::args_os()).map_err(|(text, code)| {
        if code == ExitCode::SUCCESS {
            print!("{text}");
        } else {
            eprintln!("{text}");
        }
        code
    })
}

/// clap's help in Chinese: the headings and the usage line.
fn chinese(command: clap::Command, parents: &str) -> clap::Command {
    const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";
    let usage = format!("{parents}{}", usage_of(&command));
    let parents = format!("{parents}{} ", command.get_name());
    command
        .help_template(TEMPLATE)
        .override_usage(usage)
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                "参数"
            } else {
                "选项"
            };
            arg.help_heading(heading)
        })
        .mut_subcommands(|sub| chinese(sub, &parents))
}

/// A usage line without clap's English words.
fn usage_of(command: &clap::Command) -> String {
    chinese_usage(&command.clone().render_usage().to_string())
}

fn chinese_usage(usage: &str) -> String {
    usage
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("[COMMAND]", "[命令]")
        .replace("<COMMAND>", "<命令>")
}

/// A usage mistake in Chinese, with what clap knows of it.
fn explain(error: &clap::Error, usage: &str) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join("、"),
        _ => String::new(),
    };
    let suggestion = match error
        .get(ContextKind::SuggestedArg)
        .or_else(|| error.get(ContextKind::SuggestedSubcommand))
    {
        Some(ContextValue::String(s)) => format!("是不是“{s}”？"),
        Some(ContextValue::Strings(s)) if !s.is_empty() => format!("是不是“{}”？", s.join("”或“")),
        _ => String::new(),
    };
    let what = match error.kind() {
        ErrorKind::UnknownArgument => {
            format!(
                "不认识的参数“{}”。{suggestion}",
                context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有“{}”这个命令。{suggestion}可用的命令：check、convert、export、records",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{}", context(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少要执行的命令".to_owned()
        }
        ErrorKind::InvalidValue => format!(
            "参数 {} 的值“{}”不可用。可用的值：{}",
            context(ContextKind::InvalidArg),
            context(ContextKind::InvalidValue),
            context(ContextKind::ValidValue)
        ),
        ErrorKind::ArgumentConflict => format!(
            "参数 {} 不能和 {} 一起用",
            context(ContextKind::InvalidArg),
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => format!("多出了参数值“{}”", context(ContextKind::InvalidValue)),
        ErrorKind::ValueValidation => format!(
            "参数 {} 的值“{}”不可用",
            context(ContextKind::InvalidArg),
            context(ContextKind::InvalidValue)
        ),
        ErrorKind::InvalidUtf8 => "参数里有无法识别的字符（不是 UTF-8）".to_owned(),
        _ => "命令行参数有误".to_owned(),
    };
    // The usage of the command the mistake is in, when clap knows it.
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(text)) => chinese_usage(&text.to_string()),
        _ => usage.to_owned(),
    };
    format!("错误：{what}\n用法：{usage}\n运行 dangshi-quiz --help 查看全部用法。")
}

/// Runs a subcommand with the `--data-dir` given (if any), writing to `out`; returns the exit code.
pub fn run(command: Command, data_dir: Option<&Path>, out: &mut impl Write) -> ExitCode {
    match command {
        Command::Check { json, files } => check(&files, json, out),
        Command::Convert { input, out: target } => convert(&input, &target, out),
        Command::Export {
            what,
            format,
            out: file,
        } => match export(data_dir, what, format, &file) {
            Ok(rows) => {
                let _ = writeln!(out, "已导出 {rows} 行到 {}", file.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                let _ = writeln!(out, "导出失败：{error}");
                ExitCode::from(1)
            }
        },
        Command::Records { action } => records(data_dir, action, out),
    }
}

/// Packs or merges records: a pack reads them alongside a running app; a merge writes, so it
/// takes the data folder's lock and says so when the app has it.
fn records(data_dir: Option<&Path>, action: RecordsCommand, out: &mut impl Write) -> ExitCode {
    let result = crate::storage::data_dir(data_dir).and_then(|dir| match &action {
        RecordsCommand::Pack { out: file } => {
            // Refused before the records are opened: a refused output touches nothing.
            crate::storage::output::check(file, &[], Some(&dir))?;
            Records::open_to_read(&dir)?
                .pack(file)
                .map(|()| format!("已打包本机成绩记录到 {}", file.display()))
        }
        RecordsCommand::Merge { file } => {
            // The whole package is checked before the data folder is touched (no lock, no
            // backup): a package that will be refused changes nothing at all.
            crate::storage::package::Package::open(file)?.validate()?;
            let _lock = crate::storage::lock::DataLock::acquire(&dir)?;
            let (mut records, outcome) = Records::open(&dir, crate::storage::now_ms())?;
            if let Some(notice) = outcome.notice() {
                let _ = writeln!(out, "{notice}");
            }
            records.merge(file).map(|report| report.describe())
        }
    });
    match result {
        Ok(message) => {
            let _ = writeln!(out, "{message}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(out, "{error}");
            ExitCode::from(1)
        }
    }
}

/// Converts a bank between RON, XLSX and CSV after checking it; nothing is written if it has errors.
pub fn convert(input: &Path, target: &Path, out: &mut impl Write) -> ExitCode {
    use crate::storage::bank_files::{BankFormat, read_bank, write_bank};
    if BankFormat::of(target).is_none() {
        let _ = writeln!(
            out,
            "{}: 不支持的输出格式：请用 .ron、.xlsx 或 .csv",
            target.display()
        );
        return ExitCode::from(2);
    }
    if let Err(error) = crate::storage::output::check(target, &[input], None) {
        let _ = writeln!(out, "{error}");
        return ExitCode::from(2);
    }
    let mut report = read_bank(input);
    report.file = input.display().to_string();
    let _ = write_text(&report, out);
    let Some(bank) = report.bank.as_ref().filter(|_| report.is_ok()) else {
        let _ = writeln!(out, "{}: 有错误，未转换", input.display());
        return ExitCode::from(1);
    };
    match write_bank(bank, target) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "已转换：{} → {}（{} 题）",
                input.display(),
                target.display(),
                bank.questions.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(out, "{}: 写出失败：{error}", target.display());
            ExitCode::from(1)
        }
    }
}

/// Exports the records of the data folder; returns the number of rows written.
pub fn export(
    data_dir: Option<&Path>,
    what: What,
    format: Format,
    file: &Path,
) -> crate::core::error::Result<usize> {
    let dir = crate::storage::data_dir(data_dir)?;
    crate::storage::output::check(file, &[], Some(&dir))?;
    crate::storage::export::check_target(format, file)?;
    let records = Records::open_to_read(&dir)?;
    let table = records.table(what)?;
    crate::storage::export::write(&table, format, file)?;
    Ok(table.rows.len())
}

/// Checks each file; exit code 0 when all are valid, 1 when any has an error.
pub fn check(files: &[PathBuf], json: bool, out: &mut impl Write) -> ExitCode {
    let mut all_ok = true;
    for path in files {
        // A check keeps no question: the memory stays near the file's size whatever its length.
        let mut report = crate::storage::bank_files::read_bank_as(path, Keep::Counts);
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
    if report.omitted() > 0 {
        writeln!(
            out,
            "{}: 还有 {} 处问题未列出（只列出前 {} 处）",
            report.file,
            report.omitted(),
            report.problems.len()
        )?;
    }
    let errors = report.error_count;
    let warnings = report.warning_count;
    let encoding = report
        .encoding
        .map(|e| format!("，编码 {}", e.label()))
        .unwrap_or_default();
    match &report.bank {
        Some(_) => {
            let counts = report.usable;
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
                report.usable_total()
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
        let counts = report.usable;
        Self {
            file: &report.file,
            ok: report.is_ok(),
            questions: report.usable_total(),
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
