//! Unit tests of the cdef generator on the system's GIRs. The cdef's real test is cffi itself
//! (python/tests/cffi/: parse in ABI mode, compile against the headers in API mode).

use super::cdef::{self, Flavor};
use super::*;
use crate::cli::{Cli, GenerateArgs};
use clap::Parser;

fn ir_of(girs: &[&str], gir_dirs: &[&str]) -> Ir {
    let options = gir::load::LoadOptions {
        gir_dirs: gir_dirs.iter().map(std::path::PathBuf::from).collect(),
        env: gir::load::SearchEnv::from_process_env(),
    };
    let girs: Vec<String> = girs.iter().map(|s| s.to_string()).collect();
    gir::ir::build(gir::load::load(&girs, &options).expect("GIRs load"))
}

fn args(argv: &[&str]) -> GenerateArgs {
    let mut full = vec!["girgen"];
    full.extend_from_slice(argv);
    Cli::try_parse_from(full).expect("arguments parse").generate
}

fn ns_text(ir: &Ir, cdefs: &[NsCdef], name: &str) -> String {
    cdefs[ir.namespace_by_name(name).unwrap().0 as usize].text()
}

fn position(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the cdef"))
}

#[test]
fn cdef_is_deterministic_and_layered() {
    let ir = ir_of(&["GIRepository-2.0"], &[]);
    let a = cdef::generate(&ir, Flavor::Abi);
    let b = cdef::generate(&ir, Flavor::Abi);
    let glib = ns_text(&ir, &a, "GLib");
    assert_eq!(glib, ns_text(&ir, &b, "GLib"));
    assert_eq!(ns_text(&ir, &a, "GIRepository"), ns_text(&ir, &b, "GIRepository"));
    // The basics only at the root of the include tree.
    assert!(glib.contains("typedef unsigned long GType;"));
    assert!(!ns_text(&ir, &a, "GObject").contains("typedef unsigned long GType;"));
    // Every struct is forward-declared; bodies come after what they hold by value.
    let gobject = ns_text(&ir, &a, "GObject");
    assert!(gobject.contains("typedef struct _GObject GObject;"));
    assert!(position(&gobject, "struct _GTypeInstance {") < position(&gobject, "struct _GObject {"));
    assert!(gobject.contains("struct _GObject { GTypeInstance g_type_instance;"));
    // Callback typedefs before the struct bodies whose fields use them.
    assert!(position(&glib, "typedef void (*GDestroyNotify)(gpointer);") < position(&glib, "struct _GHookList {"));
    // get_type functions are declared even when nothing binds them.
    assert!(gobject.contains("GType g_object_get_type(void);"));
    let girepo = ns_text(&ir, &a, "GIRepository");
    assert!(girepo.contains("GIRepository *g_irepository_get_default(void);"), "{girepo}");
    assert!(girepo.contains("typedef GIBaseInfo GIFunctionInfo;"));
}

#[test]
fn function_symbols_are_declared_once_in_the_closure() {
    let ir = ir_of(&["GIRepository-2.0"], &[]);
    let cdefs = cdef::generate(&ir, Flavor::Abi);
    let mut seen = std::collections::HashSet::new();
    for c in &cdefs {
        for s in &c.function_symbols {
            assert!(seen.insert(s.clone()), "{s} declared twice");
        }
    }
    assert!(seen.contains("g_free") && seen.contains("g_irepository_require"));
}

#[test]
fn abi_layouts_are_exact_or_opaque() {
    let ir = ir_of(&["GIRepository-2.0"], &[]);
    let abi = cdef::generate(&ir, Flavor::Abi);
    let api = cdef::generate(&ir, Flavor::Api);
    let (abi_glib, api_glib) = (ns_text(&ir, &abi, "GLib"), ns_text(&ir, &api, "GLib"));
    assert!(!abi_glib.contains("..."), "ABI cdefs never leave a layout to the compiler");
    // GValue holds an anonymous union: inlined in ABI mode, left to the compiler in API mode.
    let abi_gobject = ns_text(&ir, &abi, "GObject");
    assert!(abi_gobject.contains("struct _GValue { GType g_type; union {"), "{abi_gobject}");
    assert!(ns_text(&ir, &api, "GObject").contains("struct _GValue { GType g_type; ...; };"));
    // A bitfield keeps its width.
    assert!(api_glib.contains(" : 1;"));
    assert!(abi_glib.contains("struct _GError { GQuark domain; gint code; gchar *message; };"), "{abi_glib}");
}

#[test]
fn sources_for_each_mode() {
    let ir = ir_of(&["GIRepository-2.0"], &[]);
    for mode in ["abi-inline", "abi-outofline", "api"] {
        let plan = Plan::new(&ir, &args(&["--backend", "cffi", "--cffi-mode", mode, "GIRepository-2.0", "-o", "x"])).unwrap();
        let (files, _) = source_files(&ir, &plan, plan.cffi_mode, &shim::Bindings::default()).unwrap();
        let names: Vec<String> = files.files.keys().map(|p| p.display().to_string()).collect();
        assert!(names.contains(&"girgen_girepository/_GIRepository_cdef.py".to_string()), "{names:?}");
        assert!(names.contains(&"girgen_girepository/_GLib_ffi.py".to_string()));
        assert_eq!(names.contains(&"girgen_girepository/_cffi_build.py".to_string()), mode != "abi-inline");
    }
}

#[test]
fn api_shims_follow_the_bindings() {
    let ir = ir_of(&["GIRepository-2.0"], &[]);
    for mode in ["abi-outofline", "api"] {
        let plan = Plan::new(&ir, &args(&["--backend", "cffi", "--cffi-mode", mode, "GIRepository-2.0", "-o", "x"])).unwrap();
        let hooks = ffi::CffiFfi::default();
        let extras = crate::backends::python::Extras { files: Vec::new(), package_data: Vec::new(), dependencies: Vec::new() };
        let emitted = crate::backends::python::generate(&ir, &plan, &hooks, extras).unwrap();
        let (files, _) = source_files(&ir, &plan, plan.cffi_mode, &hooks.bindings).unwrap();
        let text = |name: &str| String::from_utf8(files.files[std::path::Path::new(name)].clone()).unwrap();
        let glib = text("girgen_girepository/_GLib_cdef.py");
        if mode == "abi-outofline" {
            assert!(!glib.contains("SHIMS") && !glib.contains("_girgen_"));
            continue;
        }
        // What the emitter bound: g_free with a pointer (a shim), g_get_monotonic_time with no
        // value to convert (the namespace's function itself, no shim).
        let module = |name: &str| String::from_utf8(emitted.files[std::path::Path::new(name)].clone()).unwrap();
        let bound: String = emitted.files.keys().filter(|p| p.starts_with("girgen_girepository/GLib")).map(|p| module(&p.display().to_string())).collect();
        assert!(bound.contains(r#"_cc.bind(_NS, _lib, "g_free", "v", "P")"#));
        assert!(bound.contains(r#"_cc.bind(_NS, _lib, "g_get_monotonic_time", "x", "")"#));
        assert!(glib.contains(
            r#"("g_free", "void _girgen_g_free(uintptr_t);", "static void _girgen_g_free(uintptr_t a0) { g_free((gpointer)a0); }"),"#
        ), "{glib}");
        assert!(glib.contains(r#"static char *_girgen_g_get_prgname(void) { return (char *)g_get_prgname(); }"#));
        assert!(!glib.contains("_girgen_g_get_monotonic_time"));
        // A method: the instance (`p`) crosses as an int too.
        let gobject = text("girgen_girepository/_GObject_cdef.py");
        assert!(bound.contains(r#"_cc.bind(_NS, _lib, "g_get_prgname", "S", "")"#));
        let methods: String = emitted.files.keys().filter(|p| p.starts_with("girgen_girepository/GObject")).map(|p| module(&p.display().to_string())).collect();
        assert!(methods.contains(r#"_cc.bind(_NS, _lib, "g_binding_unbind", "v", "p")"#));
        assert!(gobject.contains(r#"static void _girgen_g_binding_unbind(uintptr_t a0) { g_binding_unbind((GBinding *)a0); }"#), "{gobject}");
        assert!(text("girgen_girepository/_GLib_ffi.py").contains(r#"SHIM_PREFIX = "_girgen_""#));
        let again = source_files(&ir, &plan, plan.cffi_mode, &hooks.bindings).unwrap().0;
        assert_eq!(files.files, again.files, "deterministic");
    }
}

/// Writes a generated package for manual runs and the Python tests, when asked to:
/// `GIRGEN_CFFI_DUMP=OUTDIR GIRGEN_CFFI_ARGS="--cffi-mode api GIRepository-2.0" cargo test -p girgen
/// cffi::tests::dump -- --ignored`. `--python` in the arguments selects the build's interpreter.
#[test]
#[ignore]
fn dump() {
    let Ok(out) = std::env::var("GIRGEN_CFFI_DUMP") else { return };
    let argv = std::env::var("GIRGEN_CFFI_ARGS").unwrap_or_else(|_| "GIRepository-2.0".into());
    let mut words: Vec<String> = argv.split_whitespace().map(String::from).collect();
    let python = match words.iter().position(|w| w == "--python") {
        Some(i) => {
            let p = words.remove(i + 1);
            words.remove(i);
            p
        }
        None => "python3".into(),
    };
    let mut full: Vec<&str> = vec!["--backend", "cffi", "-o", &out];
    full.extend(words.iter().map(String::as_str));
    let a = args(&full);
    let ir = gir::ir::build(
        gir::load::load(
            &a.input.gir,
            &gir::load::LoadOptions { gir_dirs: a.input.gir_dir.clone(), env: gir::load::SearchEnv::from_process_env() },
        )
        .unwrap(),
    );
    let plan = Plan::new(&ir, &a).unwrap();
    let mut files = match generate(&ir, &plan, a.cffi_mode, &python, &shim::Bindings::default()) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    // Stand-ins for the shared emitter's package files, so that the package imports.
    files.add(format!("{}/__init__.py", plan.package), "");
    crate::output::write(&plan.output_dir, &files).unwrap();
}

#[test]
fn build_key_follows_the_inputs() {
    let mut a = FileSet::default();
    a.add("p/_X_cdef.py", "CDEF = ''");
    let k = run::build_key(&a, CffiMode::Api, "python3");
    assert_eq!(k, run::build_key(&a, CffiMode::Api, "python3"));
    assert_ne!(k, run::build_key(&a, CffiMode::AbiOutofline, "python3"));
    a.add("p/_X_cdef.py", "CDEF = 'int f(void);'");
    assert_ne!(k, run::build_key(&a, CffiMode::Api, "python3"));
    // A stored key with its products is reused only while every product is still there.
    let tmp = tempfile::tempdir().unwrap();
    let products = vec![(std::path::PathBuf::from("p/_X_cffi.py"), b"x".to_vec())];
    std::fs::create_dir_all(tmp.path().join("p")).unwrap();
    std::fs::write(tmp.path().join(run::key_path("p")), run::key_file("abc", &products)).unwrap();
    assert!(run::cached_products(tmp.path(), "p", "abc").is_none());
    std::fs::write(tmp.path().join("p/_X_cffi.py"), "x").unwrap();
    assert_eq!(run::cached_products(tmp.path(), "p", "abc").unwrap(), products);
    assert!(run::cached_products(tmp.path(), "p", "abd").is_none());
}
