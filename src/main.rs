//! `dangshi-quiz`: opens the app, or runs a command such as `check`.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitCode;

use dangshi_quiz::app::TITLE;
use dangshi_quiz::cli::run;
use dangshi_quiz::shell::QuizApp;
use eframe::egui;

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
    let data_dir = match dangshi_quiz::storage::data_dir(cli.data_dir.as_deref()) {
        Ok(dir) => Some(dir),
        Err(error) => {
            log::warn!("{error}");
            None
        }
    };
    let options = eframe::NativeOptions {
        // Maximised, as a projector screen wants; the restored size still fits a 1024×768 projector.
        viewport: egui::ViewportBuilder::default()
            .with_title(TITLE)
            .with_inner_size([1000.0, 700.0])
            .with_maximized(true)
            .with_min_inner_size([800.0, 560.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let result = eframe::run_native(
        TITLE,
        options,
        Box::new(|cc| Ok(Box::new(QuizApp::new(&cc.egui_ctx, data_dir)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("无法打开程序窗口：{error}。请确认显卡驱动支持 OpenGL 2.0 以上。");
            ExitCode::from(1)
        }
    }
}
