//! `dangshi-quiz`: opens the app, or runs a command such as `check`.

#![deny(clippy::unwrap_used, clippy::expect_used)]
// On Windows a double-click opens the window and no black console beside it.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use dangshi_quiz::cli::run;

fn main() -> ExitCode {
    #[cfg(windows)]
    attach_console();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = match dangshi_quiz::cli::parse_process_args() {
        Ok(cli) => cli,
        Err(code) => return code,
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

/// Run from cmd or PowerShell, the program writes into that console (a GUI program has none of
/// its own); double-clicked, there is no console to attach to and nothing happens.
#[cfg(windows)]
fn attach_console() {
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }
    // SAFETY: AttachConsole takes a process id by value and only fails (returns 0) when there is
    // no parent console, which is fine.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
