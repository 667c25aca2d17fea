//! The girgen command line, run as a program: exit codes, the exact message of every bad input,
//! what is written and what is left alone, `inspect`, and what goes to stderr.
//!
//! Every run gets a clean search environment (no `$GI_GIR_PATH`, `$XDG_DATA_DIRS=/nonexistent`)
//! and finds GIRs through `--gir-dir` only: this crate's `tests/fixtures` (the `Cli-1.0`
//! namespace) and `gir/tests/fixtures/ir` (the stand-in GLib/GObject and `Broken-1.0`, which
//! `Cli-1.0` includes). `docs/cli.md` tabulates the messages checked here.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

fn cli_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn ir_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../gir/tests/fixtures/ir").canonicalize().unwrap()
}

/// The result of one run.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs girgen in `cwd` with `args`, in the clean search environment.
fn girgen(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_girgen"))
        .args(args)
        .current_dir(cwd)
        .env_remove("GI_GIR_PATH")
        .env("XDG_DATA_DIRS", "/nonexistent")
        .output()
        .expect("girgen runs");
    Run {
        code: out.status.code().expect("girgen exits, it is not killed"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// `--gir-dir` for both fixture directories.
fn gir_dirs() -> Vec<String> {
    vec![
        "--gir-dir".into(),
        cli_fixtures().display().to_string(),
        "--gir-dir".into(),
        ir_fixtures().display().to_string(),
    ]
}

/// `girgen --backend ctypes <extra…> --gir-dir … -o out`.
fn generate(cwd: &Path, extra: &[&str], out: &str) -> Run {
    let mut args: Vec<String> = vec!["--backend".into(), "ctypes".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(gir_dirs());
    args.extend(["-o".into(), out.into()]);
    girgen(cwd, &args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn inspect(cwd: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<String> = vec!["inspect".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(gir_dirs());
    girgen(cwd, &args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Everything under `root`, recursively: path → (contents, or None for a directory; mtime).
/// Two listings are equal only if nothing was added, removed, rewritten or touched.
type Tree = BTreeMap<PathBuf, (Option<Vec<u8>>, SystemTime)>;

fn tree(root: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            let meta = fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            if meta.is_dir() {
                out.insert(rel, (None, meta.modified().unwrap()));
                walk(root, &path, out);
            } else {
                out.insert(rel, (Some(fs::read(&path).unwrap()), meta.modified().unwrap()));
            }
        }
    }
    let mut out = Tree::new();
    out.insert(PathBuf::new(), (None, fs::metadata(root).unwrap().modified().unwrap()));
    walk(root, root, &mut out);
    out
}

/// Lets a rewrite show up as a new mtime even on file systems with coarse timestamps.
fn tick() {
    std::thread::sleep(Duration::from_millis(20));
}

fn assert_run(run: &Run, code: i32, stderr: &str, what: &str) {
    assert_eq!(run.stderr, stderr, "{what}: stderr");
    assert_eq!(run.code, code, "{what}: exit code; stderr: {}", run.stderr);
    assert_eq!(run.stdout, "", "{what}: stdout");
}

// ---- Usage -----------------------------------------------------------------------------------

#[test]
fn usage_errors_exit_2_and_touch_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    let cases: &[(&[&str], &str)] = &[
        (&[], "error: the following required arguments were not provided:\n  --backend <BACKEND>\n  <GIR>...\n"),
        (&["--backend", "ctypes"], "error: the following required arguments were not provided:\n  <GIR>...\n"),
        (&["Cli-1.0", "-o", "out"], "error: the following required arguments were not provided:\n  --backend <BACKEND>\n"),
        (&["--backend", "tkinter", "Cli-1.0", "-o", "out"], "error: invalid value 'tkinter' for '--backend <BACKEND>'\n"),
        (&["inspect"], "error: the following required arguments were not provided:\n  <GIR>...\n"),
        (&["--backend", "ctypes", "-q", "-v", "Cli-1.0", "-o", "out"], "error: the argument '--quiet' cannot be used with '--verbose'\n"),
        (&["--backend", "ctypes", "--deps-package", "d", "Cli-1.0", "-o", "out"], "error: the following required arguments were not provided:\n  --no-deps\n"),
        (&["--backend", "ctypes", "--frobnicate", "Cli-1.0"], "error: unexpected argument '--frobnicate' found\n"),
    ];
    for (args, first_lines) in cases {
        let run = girgen(cwd, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with(first_lines), "{args:?}: stderr was:\n{}", run.stderr);
        assert!(run.stderr.contains("For more information, try '--help'."), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
    // Found by girgen rather than clap: the same exit code, `girgen: error:` and nothing written.
    let run = generate(cwd, &["Cli-1.0", "--build"], "out");
    assert_run(&run, 2, "girgen: error: --build is only for the pyo3 backend\n", "--build with ctypes");
    let run = generate(cwd, &["Cli-1.0", "-q", "--package", "9lives"], "out");
    assert_run(
        &run,
        2,
        "girgen: error: package name `9lives` is not a valid Python identifier (letters, digits and `_`, not starting with a digit)\n",
        "bad --package",
    );
    assert_eq!(fs::read_dir(cwd).unwrap().count(), 0, "a usage error wrote something");
}

#[test]
fn help_shows_the_examples_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let run = girgen(tmp.path(), &["--help"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    for line in [
        "Examples:",
        "  girgen --backend ctypes GIRepository-2.0.gir -o out",
        "  girgen --backend cffi --cffi-mode api ./Foo-1.0.gir --gir-dir ./gir -o build/foo",
        "  girgen --backend pyo3 Regress-1.0 --no-deps -o regress",
        "  girgen inspect GIRepository-2.0",
        "GIR search order: each --gir-dir, then $GI_GIR_PATH, then gir-1.0 under each $XDG_DATA_DIRS",
        "Exit codes: 0 success, 1 bad input (GIR file, I/O), 2 usage error.",
    ] {
        assert!(run.stdout.lines().any(|l| l == line), "--help lacks {line:?}:\n{}", run.stdout);
    }
    let run = girgen(tmp.path(), &["--version"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, concat!("girgen ", env!("CARGO_PKG_VERSION"), "\n")));
}

// ---- Bad input -------------------------------------------------------------------------------

/// Files for the bad-input cases, written into `dir`.
fn write_bad_inputs(dir: &Path) {
    fs::create_dir(dir.join("adir")).unwrap();
    fs::write(dir.join("empty.gir"), "").unwrap();
    fs::write(dir.join("blank.gir"), "\n  \n").unwrap();
    fs::write(dir.join("page.gir"), "<?xml version=\"1.0\"?>\n<html><body/></html>\n").unwrap();
    fs::write(dir.join("nons.gir"), "<?xml version=\"1.0\"?>\n<repository version=\"1.2\">\n</repository>\n").unwrap();
    fs::write(
        dir.join("broken.gir"),
        "<?xml version=\"1.0\"?>\n<repository version=\"1.2\">\n  <namespace name=\"A\" version=\"1\">\n    <oops></namespace>\n</repository>\n",
    )
    .unwrap();
    fs::write(dir.join("cut.gir"), "<?xml version=\"1.0\"?>\n<repository version=\"1.2\">\n  <namespace name=\"A\" version=\"1\">\n    <alias name=").unwrap();
    fs::write(dir.join("latin1.gir"), b"<?xml version=\"1.0\"?>\n<!-- caf\xe9 -->\n<repository/>\n").unwrap();
    fs::write(
        dir.join("Inc-1.0.gir"),
        "<?xml version=\"1.0\"?>\n<repository version=\"1.2\">\n  <include name=\"Nowhere\" version=\"3.0\"/>\n  <namespace name=\"Inc\" version=\"1.0\"/>\n</repository>\n",
    )
    .unwrap();
}

/// (input, exact stderr). Inputs are relative to the working directory, as a user types them.
fn bad_input_cases() -> Vec<(&'static str, String)> {
    let searched = format!(
        "{}, {}, /nonexistent/gir-1.0, /usr/share/gir-1.0",
        cli_fixtures().display(),
        ir_fixtures().display()
    );
    vec![
        ("missing.gir", "girgen: error: missing.gir: no such file\n".into()),
        ("adir", "girgen: error: adir: is a directory, not a GIR file\n".into()),
        ("empty.gir", "girgen: error: empty.gir: file is empty\n".into()),
        ("blank.gir", "girgen: error: blank.gir: file is empty\n".into()),
        ("page.gir", "girgen: error: page.gir:2:1: expected root element <repository>, found <html>\n".into()),
        ("nons.gir", "girgen: error: nons.gir:2:1: <repository> contains no <namespace>\n".into()),
        (
            "broken.gir",
            "girgen: error: broken.gir:4:11: malformed XML: ill-formed document: expected `</oops>`, but `</namespace>` was found\n"
                .into(),
        ),
        ("cut.gir", "girgen: error: cut.gir:4:5: malformed XML: syntax error: tag not closed: `>` not found before end of input\n".into()),
        ("latin1.gir", "girgen: error: latin1.gir:2:9: file is not valid UTF-8\n".into()),
        ("GLib-9.0", format!("girgen: error: GLib-9.0: no GLib-9.0.gir in any GIR directory; searched: {searched}\n")),
        (
            "Inc-1.0.gir",
            format!(
                "girgen: error: Inc-1.0.gir:3:3: included namespace Nowhere-3.0 not found (Nowhere-3.0.gir); searched: {searched}\n"
            ),
        ),
        ("nonsense", "girgen: error: nonsense: neither an existing .gir file nor a Namespace-Version name\n".into()),
    ]
}

#[test]
fn bad_inputs_exit_1_with_exact_messages_and_leave_the_output_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    write_bad_inputs(cwd);
    let ok = generate(cwd, &["Cli-1.0", "-q"], "out");
    assert_run(&ok, 0, "", "the good run");
    let before = tree(&cwd.join("out"));
    assert!(before.len() > 5, "the good run wrote only {:?}", before.keys());
    tick();
    for (input, message) in bad_input_cases() {
        let run = generate(cwd, &[input], "out");
        assert_run(&run, 1, &message, input);
        assert_eq!(tree(&cwd.join("out")), before, "{input}: the output directory changed");
        // A good input next to a bad one changes nothing either: nothing is written on error.
        let run = generate(cwd, &["Cli-1.0", input], "out");
        assert_run(&run, 1, &message, &format!("Cli-1.0 {input}"));
        assert_eq!(tree(&cwd.join("out")), before, "Cli-1.0 {input}: the output directory changed");
        // `inspect` reports the same.
        let run = inspect(cwd, &[input]);
        assert_run(&run, 1, &message, &format!("inspect {input}"));
    }
    assert!(!cwd.join("girgen_cli").exists());
}

#[test]
fn unreadable_file() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    let path = cwd.join("secret.gir");
    fs::copy(cli_fixtures().join("Cli-1.0.gir"), &path).unwrap();
    let mut perms = fs::metadata(&path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&path, perms).unwrap();
    if fs::read(&path).is_ok() {
        // Root (and CAP_DAC_OVERRIDE) reads a mode-000 file anyway: nothing to test here.
        eprintln!("skipped: this process can read a file with mode 000 (running as root?), so `unreadable` cannot be set up");
        return;
    }
    let run = generate(cwd, &["secret.gir"], "out");
    assert_run(&run, 1, "girgen: error: secret.gir: cannot read: Permission denied (os error 13)\n", "mode 000");
    assert!(!cwd.join("out").exists());
}

#[test]
fn unusable_output_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    fs::write(cwd.join("afile"), "precious").unwrap();
    let before = tree(cwd);
    tick();
    let run = generate(cwd, &["Cli-1.0", "-q"], "afile/out");
    assert_run(
        &run,
        1,
        "girgen: error: afile/out: cannot be used as the output directory: Not a directory (os error 20)\n",
        "under a file",
    );
    let run = generate(cwd, &["Cli-1.0", "-q"], "afile");
    assert_run(&run, 1, "girgen: error: afile: is not a directory\n", "a file");
    assert_eq!(tree(cwd), before);
}

#[test]
fn a_directory_girgen_did_not_write_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    fs::create_dir_all(cwd.join("mine/sub")).unwrap();
    fs::write(cwd.join("mine/notes.txt"), "do not delete").unwrap();
    fs::write(cwd.join("mine/sub/data.bin"), [0u8, 1, 2]).unwrap();
    let before = tree(&cwd.join("mine"));
    tick();
    let run = generate(cwd, &["Cli-1.0", "-q"], "mine");
    assert_run(
        &run,
        1,
        "girgen: error: mine: the directory is not empty and was not written by girgen (no .girgen-manifest); refusing to write into it\n",
        "foreign directory",
    );
    assert_eq!(tree(&cwd.join("mine")), before);
    // An empty directory is fine.
    fs::create_dir(cwd.join("empty")).unwrap();
    assert_run(&generate(cwd, &["Cli-1.0", "-q"], "empty"), 0, "", "empty directory");
    assert!(cwd.join("empty/.girgen-manifest").is_file());
}

// ---- Good input ------------------------------------------------------------------------------

#[test]
fn generation_is_deterministic_and_the_second_run_rewrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    assert_run(&generate(cwd, &["Cli-1.0", "-q"], "a"), 0, "", "first run");
    let first = tree(&cwd.join("a"));
    tick();
    let run = generate(cwd, &["Cli-1.0", "-v"], "a");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = first.values().filter(|(c, _)| c.is_some()).count() - 1; // without the manifest
    let last = run.stderr.lines().last().unwrap();
    assert_eq!(last, format!("girgen: a: 0 files written, {files} unchanged, 0 removed"));
    assert_eq!(tree(&cwd.join("a")), first, "the second run rewrote or touched something");
    // Another directory, another process: the same bytes.
    assert_run(&generate(cwd, &["Cli-1.0", "-q"], "b"), 0, "", "into b");
    let contents = |t: &Tree| t.iter().map(|(p, (c, _))| (p.clone(), c.clone())).collect::<Vec<_>>();
    assert_eq!(contents(&tree(&cwd.join("b"))), contents(&first));
    // The manifest lists every generated file and only those.
    let manifest = fs::read_to_string(cwd.join("a/.girgen-manifest")).unwrap();
    let listed: Vec<PathBuf> = manifest.lines().map(PathBuf::from).collect();
    let written: Vec<PathBuf> =
        first.iter().filter(|(p, (c, _))| c.is_some() && *p != Path::new(".girgen-manifest")).map(|(p, _)| p.clone()).collect();
    assert_eq!(listed, written);
}

#[test]
fn default_output_directory_is_the_package_name() {
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["--backend", "ctypes", "-q", "Cli-1.0"];
    let dirs = gir_dirs();
    args.extend(dirs.iter().map(String::as_str));
    let run = girgen(tmp.path(), &args);
    assert_run(&run, 0, "", "no -o");
    assert!(tmp.path().join("girgen_cli/.girgen-manifest").is_file());
    assert!(tmp.path().join("girgen_cli/girgen_cli").is_dir(), "the package directory inside");
}

/// Absolute fixture paths → placeholders, so that expectations do not depend on the checkout.
fn redact(text: &str) -> String {
    text.replace(&ir_fixtures().display().to_string(), "[IR]").replace(&cli_fixtures().display().to_string(), "[CLI]")
}

const ROOT_WARNING: &str =
    "girgen: warning: [CLI]/Cli-1.0.gir:45:5: Cli.use_widget: unresolved type `Gtk.Widget`; skipped\n";

const SUMMARY: &str = "\
girgen: GLib-2.0 (ctypes): 0 callables, 0 types, 0 constants; 7 items skipped
girgen: GObject-2.0 (ctypes): 2 callables, 6 types, 0 constants; 5 items skipped
girgen: Broken-1.0 (ctypes): 2 callables, 3 types, 0 constants; 14 items skipped
girgen: Cli-1.0 (ctypes): 3 callables, 2 types, 1 constants; 3 items skipped
";

#[test]
fn stderr_default_quiet_and_verbose() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();

    // Default: warnings of the namespaces asked for, a count of the others, one line per namespace.
    let run = generate(cwd, &["Cli-1.0"], "out");
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    let expected = format!("{ROOT_WARNING}girgen: 15 warnings in included namespaces (shown with --verbose)\n{SUMMARY}");
    assert_eq!(redact(&run.stderr), expected);

    // --quiet: nothing at all, and the files are still written.
    let run = generate(cwd, &["Cli-1.0", "--quiet"], "quiet");
    assert_run(&run, 0, "", "--quiet");
    assert!(cwd.join("quiet/.girgen-manifest").is_file());
    // --quiet does not hide errors.
    let run = generate(cwd, &["missing.gir", "--quiet"], "quiet");
    assert_run(&run, 1, "girgen: error: missing.gir: no such file\n", "--quiet with an error");

    // --verbose: every warning, then the summary, then what was written.
    let run = generate(cwd, &["Cli-1.0", "--verbose"], "verbose");
    assert_eq!(run.code, 0);
    let stderr = redact(&run.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 16 + 4 + 1, "{stderr}");
    assert!(lines[..16].iter().all(|l| l.starts_with("girgen: warning: [")), "{stderr}");
    assert_eq!(lines[..16].iter().filter(|l| l.starts_with("girgen: warning: [IR]/Broken-1.0.gir:")).count(), 15);
    assert_eq!(format!("{}\n", lines[15]), ROOT_WARNING);
    assert_eq!(lines[16..20].join("\n") + "\n", SUMMARY);
    let files = fs::read_to_string(cwd.join("verbose/.girgen-manifest")).unwrap().lines().count();
    assert_eq!(lines[20], format!("girgen: verbose: {files} files written, 0 unchanged, 0 removed"));
}

// ---- inspect ---------------------------------------------------------------------------------

#[test]
fn inspect_text() {
    let tmp = tempfile::tempdir().unwrap();
    let run = inspect(tmp.path(), &["Cli-1.0"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    insta::assert_snapshot!("inspect_text", redact(&run.stdout));
    // --all also lists what is skipped in the included namespaces.
    let all = inspect(tmp.path(), &["Cli-1.0", "--all"]);
    assert_eq!(all.code, 0);
    assert!(!run.stdout.contains("    Broken.take_missing (function): unresolved type `Missing`"));
    assert!(all.stdout.contains("\n    Broken.take_missing (function): unresolved type `Missing`\n"), "{}", all.stdout);
    assert!(all.stdout.contains("\n    GLib.List (record): represented by Python's list\n"), "{}", all.stdout);
}

#[test]
fn inspect_json() {
    let tmp = tempfile::tempdir().unwrap();
    let run = inspect(tmp.path(), &["Cli-1.0", "--json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("inspect --json prints JSON");
    let namespaces = value["namespaces"].as_array().unwrap();
    let roots: Vec<(&str, bool)> =
        namespaces.iter().map(|n| (n["namespace"].as_str().unwrap(), n["root"].as_bool().unwrap())).collect();
    assert_eq!(roots, [("GLib", false), ("GObject", false), ("Broken", false), ("Cli", true)]);
    assert_eq!(value["diagnostics"].as_array().unwrap().len(), 16);
    insta::assert_snapshot!("inspect_json", redact(&run.stdout));
}
