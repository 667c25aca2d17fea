//! girgen: GIR → resolved IR → one backend's files.
//!
//! The whole pipeline, in order: parse the command line; load the GIR files and their includes
//! (`gir::load`); resolve and analyse them once for every backend (`gir::ir::build`); hand the IR
//! to the chosen backend, which returns the files in memory; write them all-or-nothing
//! (`output::write`).

mod backends;
mod cli;
mod inspect;
mod output;
mod package;

use clap::Parser;
use cli::{Cli, Command, GenerateArgs, InputArgs};
use std::process::ExitCode;

/// Exit codes: 0 success, 1 bad input (GIR, I/O), 2 usage.
const EXIT_BAD_INPUT: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout with exit 0, usage errors to stderr with exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let result = match cli.command {
        Some(Command::Inspect(args)) => run_inspect(&args.input, args.json, args.all),
        None => run_generate(&cli.generate),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("girgen: error: {msg}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Input(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Why a run failed, which decides the exit code.
enum Failure {
    Usage(String),
    Input(String),
}

fn load_ir(input: &InputArgs) -> Result<gir::ir::Ir, Failure> {
    let options = gir::load::LoadOptions {
        gir_dirs: input.gir_dir.clone(),
        env: gir::load::SearchEnv::from_process_env(),
    };
    let loaded = gir::load::load(&input.gir, &options).map_err(|e| Failure::Input(format!("girgen: error: {e}")))?;
    Ok(gir::ir::build(loaded))
}

fn report_diagnostics(ir: &gir::ir::Ir, verbose: bool, quiet: bool) {
    if quiet {
        return;
    }
    let roots: Vec<&str> = ir.namespaces.iter().filter(|n| n.is_root).map(|n| n.name.as_str()).collect();
    let mut hidden = 0;
    for d in &ir.diagnostics {
        // Problems in included namespaces are not the user's to fix; show them on request.
        let in_root = roots.iter().any(|r| d.item.split('.').next() == Some(*r));
        if verbose || in_root {
            eprintln!("girgen: warning: {d}");
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        eprintln!("girgen: {hidden} warnings in included namespaces (shown with --verbose)");
    }
}

fn run_generate(args: &GenerateArgs) -> Result<(), Failure> {
    // clap enforces --backend whenever no subcommand is given.
    let Some(backend_name) = args.backend else {
        return Err(Failure::Usage("--backend is required (see `girgen --help`)".into()));
    };
    // Usage errors are found before anything is read or written.
    if args.build && backend_name != cli::BackendName::Pyo3 {
        return Err(Failure::Usage("--build is only for the pyo3 backend".into()));
    }
    let backend = backends::find(backend_name);
    let ir = load_ir(&args.input)?;
    report_diagnostics(&ir, args.verbose, args.quiet);
    let plan = package::Plan::new(&ir, args).map_err(|e| Failure::Usage(e.to_string()))?;
    let files = backend
        .generate(&ir, &plan)
        .map_err(|e| Failure::Input(format!("girgen: error: {e}")))?;
    let stats = output::write(&plan.output_dir, &files).map_err(|e| Failure::Input(format!("girgen: error: {e}")))?;
    if args.build {
        backends::pyo3::build_in_place(&plan.output_dir, plan.python.as_deref(), args.quiet)
            .map_err(|e| Failure::Input(format!("girgen: error: {e}")))?;
    }
    if !args.quiet {
        for ns in plan.namespaces.iter().map(|&n| ir.namespace(n)) {
            eprintln!("{}", inspect::one_line(&ir, ns, backend_name.name()));
        }
        if args.verbose {
            eprintln!(
                "girgen: {}: {} files written, {} unchanged, {} removed",
                plan.output_dir.display(),
                stats.written,
                stats.unchanged,
                stats.removed
            );
        }
    }
    Ok(())
}

fn run_inspect(input: &InputArgs, json: bool, all: bool) -> Result<(), Failure> {
    let ir = load_ir(input)?;
    let text = if json { inspect::json(&ir, all) } else { inspect::text(&ir, all) };
    print!("{text}");
    Ok(())
}
