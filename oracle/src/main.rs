//! The oracle: the crates buzz-relay pins (block/buzz right after PR #1398), configured the way buzz-relay
//! configures them, answering the suite's questions themselves. One mode per question; see README.md.

mod exporter_build;
mod exposition;
mod float_bits;
mod resource;
mod spans;

use std::process::ExitCode;

const USAGE: &str = "usage: buzz-compat-oracle <exposition | resource | spans | exporter-build>";

fn main() -> ExitCode {
    let mode = std::env::args().nth(1);
    let outcome = match mode.as_deref() {
        Some("exposition") => exposition::run(),
        Some("resource") => resource::run(),
        Some("spans") => spans::run(),
        Some("exporter-build") => exporter_build::run(),
        _ => Err(format!("{USAGE}; got {mode:?}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("buzz-compat-oracle: {message}");
            ExitCode::from(2)
        }
    }
}
