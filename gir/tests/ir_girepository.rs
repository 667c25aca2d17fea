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

/// The pointer-depth check (robustness.md R3) on the real GIRs: the C symbols it skips, exactly.
/// Every one has a GIR type that disagrees with its c:type (a scalar for a pointer, `utf8` for a
/// `gchar **`, a record for a pointer to a pointer, a callee-allocated out for a caller-allocated
/// struct, an inout struct passed as a pointer to it); widely used API (GObject.Object's methods,
/// GIRepository's info getters) must not appear here.
#[test]
fn pointer_depth_mismatches_in_the_system_girs() {
    let Some(ir) = system_ir() else { return };
    let mut skipped: Vec<String> = ir
        .functions
        .iter()
        .filter(|f| matches!(f.skip, Some(gir::ir::SkipReason::CTypeMismatch(_))))
        // (members of types that are not bound anyway, GLib.ByteArray's and GLib.IConv's, aside)
        .filter(|f| f.owner.is_none_or(|o| ir.ty(o).is_bound()))
        .map(|f| if f.kind == gir::ir::FunctionKind::VirtualMethod { format!("vfunc {}", f.name) } else { f.symbol.clone() })
        .collect();
    skipped.sort();
    skipped.dedup();
    let atomic = ["add", "and", "compare_and_exchange", "compare_and_exchange_full", "dec_and_test", "exchange"];
    let atomic2 = ["exchange_and_add", "get", "inc", "or", "set", "xor"];
    let datalist = [
        "clear", "foreach", "get_data", "get_flags", "id_dup_data", "id_get_data", "id_remove_multiple",
        "id_remove_no_notify", "id_set_data_full", "init", "set_flags", "unset_flags",
    ];
    let mut expected: Vec<String> = [
        "g_assertion_message_cmpstrv", "g_base64_decode_inplace", "g_bit_lock", "g_bit_trylock", "g_bit_unlock",
        "g_byte_array_free", "g_byte_array_steal", "g_clear_handle_id", "g_clear_list", "g_clear_object",
        "g_clear_signal_handler", "g_clear_slist", "g_enum_complete_type_info", "g_flags_complete_type_info",
        "g_io_channel_get_line_term", "g_io_channel_read", "g_io_channel_read_line_string", "g_io_channel_write",
        "g_prefix_error_literal", "g_rand_new_with_seed_array", "g_rand_set_seed_array", "g_regex_escape_string",
        "g_regex_match_all_full", "g_regex_match_full", "g_regex_replace", "g_regex_replace_eval",
        "g_regex_replace_literal", "g_regex_split_full", "g_slice_get_config_state", "g_strdupv", "g_strfreev",
        "g_strjoinv", "g_strv_contains", "g_strv_equal", "g_strv_length", "g_test_log_buffer_push",
        "g_time_zone_adjust_time", "g_timer_elapsed", "g_trash_stack_height", "g_trash_stack_peek",
        "g_trash_stack_pop", "g_trash_stack_push", "g_type_class_adjust_private_offset", "g_ucs4_to_utf16",
        "g_ucs4_to_utf8", "g_unichar_get_mirror_char", "g_unichar_to_utf8", "g_unicode_canonical_decomposition",
        "g_unicode_canonical_ordering", "g_utf16_to_ucs4", "g_utf16_to_utf8", "g_utf8_to_ucs4",
        "g_utf8_to_ucs4_fast", "g_utf8_to_utf16", "g_variant_parse", "g_base_info_iterate_attributes",
        "g_callable_info_iterate_return_attributes", "g_typelib_new_from_const_memory",
        "g_typelib_new_from_memory", "vfunc dispatch_properties_changed",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(atomic.iter().chain(&atomic2).map(|a| format!("g_atomic_int_{a}")))
    .chain(datalist.iter().map(|d| format!("g_datalist_{d}")))
    .collect();
    expected.sort();
    assert_eq!(skipped, expected);
}

/// Record layouts as data (`Ir::record_layout`), as the ctypes and cffi emitters lay them out.
#[test]
fn record_layouts() {
    use gir::ir::Slot;
    let Some(ir) = system_ir() else { return };
    fn slot(ir: &gir::ir::Ir, s: &Slot) -> String {
        match s {
            Slot::Pointer => "ptr".into(),
            Slot::Scalar(Type::Basic(b)) => b.gir_name().into(),
            Slot::Scalar(Type::Def(id)) => type_name(ir, *id),
            Slot::Scalar(other) => format!("{other:?}"),
            Slot::Struct(id) => format!("struct {}", type_name(ir, *id)),
            Slot::Array { element, len } => format!("{}[{len}]", slot(ir, element)),
        }
    }
    let layout = |name: &str| -> Option<String> {
        let r = match &ir.ty(type_id(ir, name)).kind {
            TypeKind::Record(r) | TypeKind::Union(r) => r,
            other => panic!("{name}: {other:?}"),
        };
        let l = ir.record_layout(r)?;
        let fields: Vec<String> = l
            .fields
            .iter()
            .map(|f| match f.bits {
                Some(b) => format!("{}: {}:{b}", f.py_name, slot(ir, &f.slot)),
                None => format!("{}: {}", f.py_name, slot(ir, &f.slot)),
            })
            .collect();
        Some(fields.join(", "))
    };
    // Bit-fields keep their widths (gdate.h).
    assert_eq!(
        layout("GLib.Date").as_deref(),
        Some("julian_days: guint:32, julian: guint:1, dmy: guint:1, day: guint:6, month: guint:4, year: guint:16")
    );
    // A union; an inline array.
    assert_eq!(layout("GLib.Mutex").as_deref(), Some("p: ptr, i: guint[2]"));
    // An inline array of an embedded (anonymous, named by the scanner) union.
    assert_eq!(layout("GObject.Value").as_deref(), Some("g_type: GType, data: struct GObject._Value__data__union[2]"));
    // An embedded struct, vfunc slots, strings as pointers.
    assert_eq!(
        layout("GObject.ObjectClass").as_deref(),
        Some(
            "g_type_class: struct GObject.TypeClass, construct_properties: ptr, constructor: ptr, set_property: ptr, \
             get_property: ptr, dispose: ptr, finalize: ptr, dispatch_properties_changed: ptr, notify: ptr, \
             constructed: ptr, flags: gsize, n_construct_properties: gsize, pspecs: ptr, n_pspecs: gsize, pdummy: ptr[3]"
        )
    );
    assert_eq!(layout("GObject.EnumValue").as_deref(), Some("value: gint, value_name: ptr, value_nick: ptr"));
    // Opaque; a field whose anonymous nested member the model does not describe.
    assert_eq!(layout("GLib.Variant"), None);
    assert_eq!(layout("GLib.TestLogMsg"), None);
}

#[test]
fn virtual_methods_know_their_class_struct_slot() {
    let Some(ir) = system_ir() else { return };
    let object = type_id(ir, "GObject.Object");
    let of_object = |name: &str, kind: gir::ir::FunctionKind| {
        ir.functions.iter().find(|f| f.owner == Some(object) && f.name == name && f.kind == kind).unwrap()
    };
    let dispose = of_object("dispose", gir::ir::FunctionKind::VirtualMethod);
    let TypeKind::Record(class) = &ir.ty(type_id(ir, "GObject.ObjectClass")).kind else { panic!("ObjectClass") };
    assert_eq!(class.fields[dispose.vfunc_slot.expect("dispose has a slot")].name, "dispose");
    // The GIR names `notify` the invoker of the vfunc `notify`, but the method takes a property
    // name and the vfunc a GParamSpec: no link (a binding must not guard one by the other).
    assert!(of_object("notify", gir::ir::FunctionKind::VirtualMethod).vfunc_slot.is_some());
    assert_eq!(of_object("notify", gir::ir::FunctionKind::Method).invokes, None);
}
