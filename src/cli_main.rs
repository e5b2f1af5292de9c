//! `dangshi-quiz-cli`: the commands (`check`, `convert`, `export`, `records`) as a console
//! program. On Windows the main program is a window program, which cmd and PowerShell do not wait
//! for, so its exit code is lost there; this one they wait for, as for any command. On Linux the
//! main program does the same, and this one is not packaged.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match dangshi_quiz::cli::parse_process_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Some(command) => dangshi_quiz::cli::run(
            command,
            cli.data_dir.as_deref(),
            &mut std::io::stdout().lock(),
        ),
        None => {
            eprintln!(
                "这是命令行版本，只执行 check、convert、export、records 等命令；打开程序窗口请双击“党史知识竞赛.exe”。"
            );
            ExitCode::from(2)
        }
    }
}
