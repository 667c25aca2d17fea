//! Tests of the pyo3 emitter: a golden snapshot of the code generated for a small fixture
//! namespace, syntactic validity of every generated Rust file, determinism, self-containedness,
//! and the vendored runtime being complete. The generated crate's behaviour is tested by building
//! it against the real libraries (python/tests/pyo3/).

use super::*;
use crate::cli::Cli;
use clap::Parser;
use std::path::Path;

fn fixture_dir() -> String {
    format!("{}/src/backends/pyo3/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn ir_of(girs: &[&str], gir_dirs: &[&str]) -> Ir {
    let options = gir::load::LoadOptions {
        gir_dirs: gir_dirs.iter().map(std::path::PathBuf::from).collect(),
        env: gir::load::SearchEnv::from_process_env(),
    };
    let girs: Vec<String> = girs.iter().map(|s| s.to_string()).collect();
    gir::ir::build(gir::load::load(&girs, &options).expect("GIRs load"))
}

fn plan_for(ir: &Ir, argv: &[&str]) -> Plan {
    let mut full = vec!["girgen", "--backend", "pyo3"];
    full.extend_from_slice(argv);
    let args = Cli::try_parse_from(full).expect("arguments parse").generate;
    Plan::new(ir, &args).expect("plan")
}

fn text(files: &FileSet, path: &str) -> String {
    String::from_utf8(files.files.get(Path::new(path)).unwrap_or_else(|| panic!("{path} not generated")).clone()).unwrap()
}

fn fixture() -> Generated {
    let dir = fixture_dir();
    let ir = ir_of(&["Pyo3Test-1.0"], &[&dir]);
    let plan = plan_for(&ir, &["Pyo3Test-1.0", "-o", "out"]);
    generate_files(&ir, &plan).expect("generates")
}

#[test]
fn fixture_namespace_snapshot() {
    let g = fixture();
    assert!(g.skipped.is_empty(), "{:?}", g.skipped);
    insta::assert_snapshot!("ns_pyo3test", text(&g.files, "src/ns_pyo3test.rs"));
    insta::assert_snapshot!("lib", text(&g.files, "src/lib.rs"));
    insta::assert_snapshot!("namespace_py", text(&g.files, "girgen_pyo3test/Pyo3Test.py"));
}

#[test]
fn fixture_wrappers_use_the_runtime_conversions() {
    let ns = text(&fixture().files, "src/ns_pyo3test.rs");
    // Scalars are range-checked per C type, the throwing function checks its GError, the array
    // length is computed from the array, and the callback goes through the type's trampoline.
    for needle in [
        "rt::conv::i32_in(&I_w_pt_add, 0, a0)?",
        "rt::conv::u8_in(&I_w_pt_add, 1, a1)?",
        "rt::conv::utf8_in_opt(&I_w_pt_greet, 0, a0)?",
        "rt::conv::utf8_out(r, true)",
        "rt::gerror::check(err)?;",
        "c0.len() as u64",
        "cb0.code(crate::ns_pyo3test::cb_Visit as *mut c_void)",
        "rt::closure::Scope::Call",
        "Some(rt::Domain::Named(\"pt-error-quark\"))",
        "rt::MethodKind::Class",
        // Several outputs are a result tuple with the out parameters' names.
        "rt::pyutil::result_tuple(&[None, Some(\"result\")]",
        // A callback type without user_data is passed as a libffi closure bound to the callable;
        // its out parameter is cleared, then written from the callable's result.
        ".ffi_code(&crate::ns_pyo3test::SIG_Scale, crate::ns_pyo3test::cbf_Scale)?",
        "rt::libffi::FfiType::Void",
        "if !c1.is_null() {",
    ] {
        assert!(ns.contains(needle), "`{needle}` missing in:\n{ns}");
    }
}

#[test]
fn every_generated_rust_file_parses() {
    let g = fixture();
    for (path, bytes) in &g.files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            let src = String::from_utf8(bytes.clone()).unwrap();
            syn::parse_file(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

#[test]
fn system_closure_generates_valid_deterministic_self_contained_output() {
    let ir = ir_of(&["GIRepository-2.0"], &[]);
    let plan = plan_for(&ir, &["GIRepository-2.0", "-o", "out"]);
    let a = generate_files(&ir, &plan).expect("generates");
    let b = generate_files(&ir, &plan).expect("generates");
    assert_eq!(a.files.files, b.files.files, "generation is deterministic");
    for (path, bytes) in &a.files.files {
        let s = String::from_utf8_lossy(bytes);
        // No absolute paths of this machine: the output builds anywhere.
        for forbidden in [env!("CARGO_MANIFEST_DIR"), "/usr/share/gir-1.0", "/home/", "/root/"] {
            assert!(!s.contains(forbidden), "{} contains `{forbidden}`", path.display());
        }
        if path.extension().is_some_and(|e| e == "rs") && path.starts_with("src") {
            syn::parse_file(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    for p in ["Cargo.toml", "pyproject.toml", "girgen-runtime/Cargo.toml", "girgen_girepository/__init__.py", "build.sh"] {
        assert!(a.files.files.contains_key(Path::new(p)), "{p}");
    }
    assert!(text(&a.files, "Cargo.toml").contains("girgen-runtime = { path = \"girgen-runtime\" }"));
    // The example needs these.
    let gi = text(&a.files, "src/ns_girepository.rs");
    for needle in ["c\"get_default\"", "c\"require\"", "c\"get_info\"", "c\"get_n_infos\""] {
        assert!(gi.contains(needle), "{needle}");
    }
    assert!(text(&a.files, "src/ns_glib.rs").contains("(\"Error\", rt::Item::ErrorClass)"));
}

#[test]
fn vendored_runtime_is_complete_and_pinned_like_the_workspace() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    on_disk.sort();
    let vendored: Vec<String> = RUNTIME_SOURCES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, vendored, "RUNTIME_SOURCES must list every runtime/src file");
    let workspace = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml")).unwrap();
    for dep in ["pyo3", "glib-sys", "gobject-sys"] {
        let line = workspace.lines().find(|l| l.starts_with(&format!("{dep} ="))).unwrap();
        let version = line.split('"').nth(1).unwrap();
        assert!(RUNTIME_CARGO_TOML.contains(&format!("\"{version}\"")), "{dep} {version} in the vendored Cargo.toml");
    }
}

#[test]
fn layout_of_plain_structs() {
    let dir = fixture_dir();
    let ir = ir_of(&["Pyo3Test-1.0"], &[&dir]);
    let plan = plan_for(&ir, &["Pyo3Test-1.0", "-o", "out"]);
    let ctx = Ctx::new(&ir, &plan);
    let ns = ir.namespace_by_name("Pyo3Test").unwrap();
    let point = ir.namespace(ns).types.iter().copied().find(|&t| ir.ty(t).name == "Point").unwrap();
    assert_eq!(ctx.struct_size(point), Some(16));
    let sys = ir_of(&["GObject-2.0"], &[]);
    let plan = plan_for(&sys, &["GObject-2.0", "-o", "out"]);
    let ctx = Ctx::new(&sys, &plan);
    let find = |ns: &str, name: &str| {
        let n = sys.namespace_by_name(ns).unwrap();
        sys.namespace(n).types.iter().copied().find(|&t| sys.ty(t).name == name).unwrap()
    };
    // sizeof(GValue) = 24, sizeof(GObject) = 24, sizeof(GTypeQuery) = 24 on LP64.
    assert_eq!(ctx.struct_size(find("GObject", "Value")), Some(24));
    assert_eq!(ctx.struct_size(find("GObject", "Object")), Some(24));
    assert_eq!(ctx.struct_size(find("GObject", "TypeQuery")), Some(24));
    assert_eq!(ctx.struct_size(find("GLib", "TimeVal")), Some(16));
}
