//! The IR of the real GIRepository-2.0 closure (GIRepository, GObject, GLib from
//! /usr/share/gir-1.0), checked against facts known from the GIR and from PyGObject. Skipped,
//! with a message, where the system GIRs are not installed.

mod ir_support;

use gir::ir::{Direction, ErrorDomain, Memory, Output, ParamRole, Transfer, Type, TypeKind};
use gir::load::{load, LoadOptions, SearchEnv};
use ir_support::*;
use std::path::Path;

const SYSTEM_GIR: &str = "/usr/share/gir-1.0/GIRepository-2.0.gir";

/// Built once for all tests of this file (GLib's GIR is large).
fn system_ir() -> Option<&'static gir::ir::Ir> {
    static IR: std::sync::OnceLock<Option<gir::ir::Ir>> = std::sync::OnceLock::new();
    IR.get_or_init(build_system_ir).as_ref()
}

fn build_system_ir() -> Option<gir::ir::Ir> {
    if !Path::new(SYSTEM_GIR).is_file() {
        eprintln!("skipped: {SYSTEM_GIR} is not installed");
        return None;
    }
    // Only the system directory: no --gir-dir, no environment.
    let options = LoadOptions {
        gir_dirs: vec![],
        env: SearchEnv { gi_gir_path: None, xdg_data_dirs: Some("/nonexistent".into()) },
    };
    let loaded = load(&[SYSTEM_GIR.to_owned()], &options).expect("the system GIRepository-2.0 closure loads");
    Some(gir::ir::build(loaded))
}

#[test]
fn repository_require() {
    let Some(ir) = system_ir() else { return };
    let names: Vec<&str> = ir.namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["GLib", "GObject", "GIRepository"], "dependency order");
    assert!(ir.namespaces[2].is_root && !ir.namespaces[0].is_root);

    let require = function(ir, "GIRepository.Repository.require");
    assert_eq!(require.skip, None);
    assert_eq!(require.symbol, "g_irepository_require");
    let sig = &require.signature;
    let inputs: Vec<&str> = sig.py_inputs.iter().map(|&i| sig.params[i].py_name.as_str()).collect();
    assert_eq!(inputs, ["namespace_", "version", "flags"]);
    assert_eq!(sig.py_outputs, [Output::Return]);
    assert!(sig.throws);
    assert_eq!(sig.params.len(), 5, "instance, namespace_, version, flags, error");
    assert_eq!(sig.params[0].role, ParamRole::Instance);
    assert!(sig.params[2].nullable, "version may be NULL");
    assert!(!sig.params[1].nullable);
    assert_eq!(sig.params[3].ty, Type::Def(type_id(ir, "GIRepository.RepositoryLoadFlags")));
    let error = &sig.params[4];
    assert_eq!((error.role, error.direction, error.transfer), (ParamRole::Error, Direction::Out, Transfer::Full));
    assert_eq!(sig.ret.ty, Type::Def(type_id(ir, "GIRepository.Typelib")));
    assert_eq!(python_line(&require.py_name, sig), "require(namespace_, version, flags) -> [return]; throws; hidden: error");
}

#[test]
fn memory_and_error_domains() {
    let Some(ir) = system_ir() else { return };
    let TypeKind::Record(base) = &ir.ty(type_id(ir, "GIRepository.BaseInfo")).kind else { panic!("BaseInfo is a record") };
    assert_eq!(base.memory, Memory::Boxed);
    let TypeKind::Class(repo) = &ir.ty(type_id(ir, "GIRepository.Repository")).kind else { panic!() };
    assert_eq!(repo.memory, Memory::Object);

    let domain = |name: &str| match &ir.ty(type_id(ir, name)).kind {
        TypeKind::Enum(e) => e.error_domain.clone(),
        other => panic!("{name}: {other:?}"),
    };
    // No glib:error-domain in this GIR: found through the C type GIRepositoryError and the static
    // method Repository.error_quark (g_irepository_error_quark).
    assert!(matches!(domain("GIRepository.RepositoryError"), Some(ErrorDomain::QuarkFunction(f)) if f == "g_irepository_error_quark"));
    // The scanner strips `GI` from `GInvokeError`: the name is kept as the GIR spells it.
    let invoke = ir.ty(type_id(ir, "GIRepository.nvokeError"));
    assert_eq!((invoke.name.as_str(), invoke.py_name.as_str()), ("nvokeError", "nvokeError"));
    assert_eq!(invoke.skip, None);
    assert!(matches!(domain("GIRepository.nvokeError"), Some(ErrorDomain::QuarkFunction(f)) if f == "g_invoke_error_quark"));
    // GLib's own error enums carry glib:error-domain.
    assert!(matches!(domain("GLib.FileError"), Some(ErrorDomain::Named(d)) if d == "g-file-error-quark"));

    // GParamSpec: fundamental, with the ref/unref functions its GIR names (glib:ref-func is
    // g_param_spec_ref_sink there); GObject.Type is the GType tag.
    let TypeKind::Class(pspec) = &ir.ty(type_id(ir, "GObject.ParamSpec")).kind else { panic!() };
    assert!(
        matches!(&pspec.memory, Memory::Fundamental { ref_func, unref_func, .. } if ref_func == "g_param_spec_ref_sink" && unref_func == "g_param_spec_unref"),
        "{:?}",
        pspec.memory
    );
    assert!(matches!(&ir.ty(type_id(ir, "GObject.Type")).kind, TypeKind::Alias(Type::Basic(gir::ir::Basic::GType))));
}

#[test]
fn no_diagnostics_in_girepository() {
    let Some(ir) = system_ir() else { return };
    let own: Vec<String> =
        ir.diagnostics.iter().filter(|d| d.item.starts_with("GIRepository.")).map(|d| d.to_string()).collect();
    assert!(own.is_empty(), "{own:#?}");
}
