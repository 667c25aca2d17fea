//! The command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  girgen --backend ctypes GIRepository-2.0.gir -o out
      Bindings for libgirepository and its includes (GObject, GLib) as a pip-installable
      package in ./out; the GIR is found on the GIR search path.
  girgen --backend cffi --cffi-mode api ./Foo-1.0.gir --gir-dir ./gir -o build/foo
      A GIR file given by path; its includes are also looked for in ./gir.
  girgen --backend pyo3 Regress-1.0 --no-deps -o regress
      Only the Regress module; GObject and GLib are imported from an already generated package.
  girgen inspect GIRepository-2.0
      What the resolved IR holds per namespace, and what is skipped and why.

GIR search order: each --gir-dir, then $GI_GIR_PATH, then gir-1.0 under each $XDG_DATA_DIRS
entry, then /usr/share/gir-1.0.
Exit codes: 0 success, 1 bad input (GIR file, I/O), 2 usage error.";

#[derive(Debug, Parser)]
#[command(
    name = "girgen",
    version,
    about = "Generate Python bindings for GObject libraries from GIR files, ahead of time",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub generate: GenerateArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a summary of the resolved IR per namespace: counts by kind, what is skipped and why.
    Inspect(InspectArgs),
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// GIR files: a path, or Namespace-Version (with or without .gir) found on the search path.
    #[arg(value_name = "GIR", required = true)]
    pub gir: Vec<String>,
    /// Look for GIR files in DIR first (repeatable).
    #[arg(long, value_name = "DIR")]
    pub gir_dir: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Also list every skipped item of included namespaces (by default only of those asked for).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The kind of bindings to generate.
    #[arg(long, short = 'b', value_enum, required = true)]
    pub backend: Option<BackendName>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Output directory (created; owned by girgen: files it no longer generates are removed).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Python package name [default: girgen_<first namespace, lower case>].
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,
    /// Generate only the namespaces given, not their includes; those are imported from
    /// --deps-package.
    #[arg(long)]
    pub no_deps: bool,
    /// With --no-deps: the package that holds the included namespaces [default: same as --package].
    #[arg(long, value_name = "NAME", requires = "no_deps")]
    pub deps_package: Option<String>,
    /// cffi backend: abi-inline (cdef parsed at import), abi-outofline (precompiled, no compiler
    /// needed) or api (compiled C module).
    #[arg(long, value_enum, default_value_t = CffiMode::AbiOutofline)]
    pub cffi_mode: CffiMode,
    /// cffi backend, out-of-line modes: the Python that builds the modules (it needs cffi; api
    /// mode also a C compiler and the Python headers; the api module works with that Python only)
    /// [default: $GIRGEN_PYTHON, else python3].
    #[arg(long, value_name = "PYTHON")]
    pub python: Option<String>,
    /// pyo3 backend: after writing, compile the crate (DIR/build.sh: cargo, release) and put the
    /// extension module into DIR/PKG, so that `PYTHONPATH=DIR` imports the package.
    #[arg(long)]
    pub build: bool,
    /// Only errors on stderr.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also warnings of included namespaces and what was written.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackendName {
    Ctypes,
    Cffi,
    Pyo3,
}

impl BackendName {
    pub fn name(self) -> &'static str {
        match self {
            BackendName::Ctypes => "ctypes",
            BackendName::Cffi => "cffi",
            BackendName::Pyo3 => "pyo3",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CffiMode {
    AbiInline,
    AbiOutofline,
    Api,
}
