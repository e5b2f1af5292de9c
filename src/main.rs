//! `dangshi-quiz`: opens the app, or runs a command such as `check`.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitCode;

use dangshi_quiz::cli::run;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = match dangshi_quiz::cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err((text, code)) => {
            // Help goes to standard output, mistakes to standard error, as every program does.
            if code == ExitCode::SUCCESS {
                print!("{text}");
            } else {
                eprintln!("{text}");
            }
            return code;
        }
    };
    if let Some(command) = cli.command {
        return run(
            command,
            cli.data_dir.as_deref(),
            &mut std::io::stdout().lock(),
        );
    }
    dangshi_quiz::shell::run(cli.data_dir.as_deref())
}
