//! Times `gir::load::load` of the given inputs (default: GLib, GObject, GModule, Gio, GIRepository).
//!
//! `cargo run --release -p gir --example load_bench -- [--runs N] [--gir-dir DIR]... [INPUT...]`
//! Prints one line per run (seconds), then `min <seconds> median <seconds>`; with `--quiet`, only that line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use gir::load::{load, LoadOptions, SearchEnv};

fn main() -> ExitCode {
    let mut runs = 10usize;
    let mut quiet = false;
    let mut gir_dirs = Vec::new();
    let mut inputs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("--runs needs a positive integer");
                    return ExitCode::from(2);
                }
            },
            "--gir-dir" => match args.next() {
                Some(d) => gir_dirs.push(PathBuf::from(d)),
                None => {
                    eprintln!("--gir-dir needs a directory");
                    return ExitCode::from(2);
                }
            },
            "--quiet" => quiet = true,
            _ => inputs.push(a),
        }
    }
    if inputs.is_empty() {
        inputs = ["GLib-2.0", "GObject-2.0", "GModule-2.0", "Gio-2.0", "GIRepository-2.0"]
            .map(String::from)
            .to_vec();
    }
    let options = LoadOptions {
        gir_dirs,
        env: SearchEnv::from_process_env(),
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let loaded = match load(&inputs, &options) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let secs = t.elapsed().as_secs_f64();
        if !quiet {
            let n: usize = loaded.repositories.len();
            println!("{secs:.6} ({n} repositories)");
        }
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    let min = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    // The median is the last word: bench/generator/bench_load.py reads it.
    println!("min {min:.6} median {median:.6}");
    ExitCode::SUCCESS
}
