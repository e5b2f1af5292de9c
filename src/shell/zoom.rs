//! The window's zoom (Ctrl + / Ctrl − / Ctrl 0): fixed steps, and only those at which every screen
//! still has the room it is laid out for, so one step on a 1024×768 projector never pushes the
//! buttons over the title. The zoom is kept for the next start.

use eframe::egui::{self, Vec2};

/// The zoom steps, smallest first.
pub const STEPS: [f32; 9] = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5, 1.75, 2.0];

/// The least room, in points, every screen is laid out for.
pub const MIN_POINTS: Vec2 = egui::vec2(920.0, 640.0);

/// The steps offered in a window of `physical` size (its size at 100 %): those that leave every
/// screen its room, and 100 % always.
pub fn offered(physical: Vec2) -> Vec<f32> {
    STEPS
        .into_iter()
        .filter(|&z| z <= 1.0 || (physical.x / z >= MIN_POINTS.x && physical.y / z >= MIN_POINTS.y))
        .collect()
}

/// The step `direction` (+1 bigger, −1 smaller) from `current`, among those offered.
pub fn step(current: f32, physical: Vec2, direction: i32) -> f32 {
    let steps = offered(physical);
    let at = steps
        .iter()
        .position(|&z| z >= current - 0.001)
        .unwrap_or(steps.len() - 1) as i32;
    let next = (at + direction).clamp(0, steps.len() as i32 - 1);
    steps[next as usize]
}

/// The largest offered step not above `current` (after the window shrank, or moved to a smaller
/// screen).
pub fn fitting(current: f32, physical: Vec2) -> f32 {
    offered(physical)
        .into_iter()
        .rfind(|&z| z <= current + 0.001)
        .unwrap_or(1.0)
}

/// Reads the zoom keys and keeps the zoom to an offered step; returns the new zoom if it changed.
pub fn zoom_ui(ctx: &egui::Context) -> Option<f32> {
    let current = ctx.zoom_factor();
    let inner = ctx.input(|i| i.viewport().inner_rect)?;
    let physical = inner.size() * current;
    let (bigger, smaller, reset) = ctx.input_mut(|i| {
        let command = egui::Modifiers::COMMAND;
        (
            i.consume_key(command, egui::Key::Plus) || i.consume_key(command, egui::Key::Equals),
            i.consume_key(command, egui::Key::Minus),
            i.consume_key(command, egui::Key::Num0),
        )
    });
    let wanted = if bigger {
        step(current, physical, 1)
    } else if smaller {
        step(current, physical, -1)
    } else if reset {
        1.0
    } else {
        fitting(current, physical)
    };
    ((wanted - current).abs() > 0.001).then(|| {
        ctx.set_zoom_factor(wanted);
        wanted
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_projector_gets_one_step_up_a_laptop_two_and_a_big_screen_more() {
        assert_eq!(offered(egui::vec2(1024.0, 768.0)), [0.8, 0.9, 1.0, 1.1]);
        assert_eq!(
            offered(egui::vec2(1366.0, 768.0)),
            [0.8, 0.9, 1.0, 1.1, 1.2]
        );
        assert_eq!(offered(egui::vec2(1920.0, 1080.0)).last(), Some(&1.5));
        assert_eq!(offered(egui::vec2(3840.0, 2160.0)).last(), Some(&2.0));
        assert_eq!(offered(egui::vec2(800.0, 600.0)), [0.8, 0.9, 1.0]);
    }

    #[test]
    fn steps_stop_at_the_ends_and_a_smaller_screen_brings_the_zoom_down() {
        let projector = egui::vec2(1024.0, 768.0);
        assert_eq!(step(1.0, projector, 1), 1.1);
        assert_eq!(step(1.1, projector, 1), 1.1);
        assert_eq!(step(0.8, projector, -1), 0.8);
        assert_eq!(fitting(1.5, projector), 1.1);
        assert_eq!(fitting(1.0, projector), 1.0);
    }
}
