//! Snapshots of the IR built from the fixtures in `tests/fixtures/ir/`, one per fixture
//! namespace, rendered by `ir_support` (type and function IDs replaced by names). Each snapshot
//! was reviewed by hand; the targeted assertions next to them state the decisions that matter
//! most, so that a wrong snapshot cannot be accepted by accident.

mod ir_support;

use ir_support::*;

#[test]
fn arrays_snapshot() {
    let ir = build(&["Arrays-1.0"]);
    insta::assert_snapshot!("arrays", snapshot_text(&ir, "Arrays"));
}

#[test]
fn callbacks_snapshot() {
    let ir = build(&["Callbacks-1.0"]);
    insta::assert_snapshot!("callbacks", snapshot_text(&ir, "Callbacks"));
}

#[test]
fn params_snapshot() {
    let ir = build(&["Params-1.0"]);
    insta::assert_snapshot!("params", snapshot_text(&ir, "Params"));
}

#[test]
fn names_snapshot() {
    let ir = build(&["Names-1.0"]);
    insta::assert_snapshot!("names", snapshot_text(&ir, "Names"));
}

#[test]
fn types_snapshot() {
    let ir = build(&["Types-1.0"]);
    insta::assert_snapshot!("types", snapshot_text(&ir, "Types"));
}

#[test]
fn base_snapshot() {
    let ir = build(&["Types-1.0"]);
    insta::assert_snapshot!("base", snapshot_text(&ir, "Base"));
}

#[test]
fn broken_snapshot() {
    let ir = build(&["Broken-1.0"]);
    insta::assert_snapshot!("broken", snapshot_text(&ir, "Broken"));
}

#[test]
fn depths_snapshot() {
    let ir = build(&["Depths-1.0"]);
    insta::assert_snapshot!("depths", snapshot_text(&ir, "Depths"));
}

/// The fixture GLib and GObject: container types represented by Python built-ins, the GType
/// alias, GObject.Object's C methods that the runtime replaces, fundamental GParamSpec.
#[test]
fn glib_gobject_snapshot() {
    let ir = build(&["GObject-2.0"]);
    insta::assert_snapshot!("glib", snapshot_text(&ir, "GLib"));
    insta::assert_snapshot!("gobject", snapshot_text(&ir, "GObject"));
}

// ---- The decisions that matter most, stated directly -------------------------------------

use gir::ir::{
    ArrayLength, Direction, ErrorDomain, FunctionKind, Memory, Output, ParamRole, Scope, SkipReason, Transfer,
    Type, TypeKind,
};

fn memory(ir: &gir::ir::Ir, qualified: &str) -> Memory {
    match &ir.ty(type_id(ir, qualified)).kind {
        TypeKind::Class(c) => c.memory.clone(),
        TypeKind::Record(r) | TypeKind::Union(r) => r.memory.clone(),
        TypeKind::Interface(_) => Memory::Interface,
        _ => Memory::NotApplicable,
    }
}

fn python(ir: &gir::ir::Ir, qualified: &str) -> String {
    let f = function(ir, qualified);
    assert_eq!(f.skip, None, "{qualified} is skipped");
    python_line(&f.py_name, &f.signature)
}

fn skip(ir: &gir::ir::Ir, qualified: &str) -> SkipReason {
    function(ir, qualified).skip.clone().unwrap_or_else(|| panic!("{qualified} is not skipped"))
}

#[test]
fn array_lengths_are_hidden_and_point_at_their_array() {
    let ir = build(&["Arrays-1.0"]);
    assert_eq!(python(&ir, "Arrays.sum_length_after"), "sum_length_after(values) -> [return]; hidden: n_values");
    assert_eq!(python(&ir, "Arrays.sum_length_before"), "sum_length_before(values) -> [return]; hidden: n_values");
    assert_eq!(python(&ir, "Arrays.fill_out"), "fill_out() -> [values]; hidden: n_values");
    assert_eq!(python(&ir, "Arrays.get_values"), "get_values() -> [return]; hidden: n_values");
    assert_eq!(python(&ir, "Arrays.reverse_inout"), "reverse_inout(data) -> [data]; hidden: len");
    assert_eq!(python(&ir, "Arrays.compare"), "compare(a, b) -> [return]; hidden: n");
    // On a method the GIR index does not count the instance; the IR's does.
    let write = &function(&ir, "Arrays.Buffer.write").signature;
    let Type::Array(a) = &write.params[1].ty else { panic!() };
    assert_eq!(a.length, ArrayLength::Param(2));
    assert_eq!(write.params[2].role, ParamRole::ArrayLength { array: Output::Param(1) });
    let peek = &function(&ir, "Arrays.Buffer.peek").signature;
    assert_eq!(peek.params[1].role, ParamRole::ArrayLength { array: Output::Return });
}

#[test]
fn zero_terminated_default_rule() {
    let ir = build(&["Arrays-1.0"]);
    let array = |t: &Type| match t {
        Type::Array(a) => (a.length, a.zero_terminated),
        other => panic!("{other:?}"),
    };
    // No attribute at all: zero-terminated.
    assert_eq!(array(&function(&ir, "Arrays.split").signature.ret.ty), (ArrayLength::ZeroTerminated, true));
    // A fixed size without the attribute: not zero-terminated.
    let rgb = &function(&ir, "Arrays.fixed_no_terminator_attribute").signature.params[0].ty;
    assert_eq!(array(rgb), (ArrayLength::Fixed(3), false));
    // A length and an explicit terminator: both.
    let both = &function(&ir, "Arrays.terminated_and_counted").signature.ret.ty;
    assert_eq!(array(both), (ArrayLength::Param(0), true));
    // zero-terminated="0" and nothing else: no way to know the length.
    assert!(matches!(skip(&ir, "Arrays.no_length"), SkipReason::BadAnnotation(_)));
    assert_eq!(array(&function(&ir, "Arrays.garray").signature.ret.ty), (ArrayLength::Container, false));
}

#[test]
fn callbacks_hide_user_data_and_destroy_notify() {
    let ir = build(&["Callbacks-1.0"]);
    let sig = &function(&ir, "Callbacks.set_notified").signature;
    assert_eq!(sig.params[0].role, ParamRole::Callback { scope: Scope::Notified, user_data: Some(1), destroy: Some(2) });
    assert_eq!(sig.params[1].role, ParamRole::UserData { callback: Some(0) });
    assert_eq!(sig.params[2].role, ParamRole::DestroyNotify { callback: 0 });
    // Older GIRs: closure on the user_data parameter; the callback learns its user_data all the same.
    let old = &function(&ir, "Callbacks.old_style").signature;
    assert_eq!(old.params[0].role, ParamRole::Callback { scope: Scope::Call, user_data: Some(1), destroy: None });
    assert_eq!(python(&ir, "Callbacks.data_first"), "data_first(func) -> []; hidden: user_data");
    assert_eq!(python(&ir, "Callbacks.Worker.run"), "run(func) -> []; hidden: data, notify");
    let scope = |name: &str| match function(&ir, name).signature.params[0].role {
        ParamRole::Callback { scope, .. } => scope,
        other => panic!("{other:?}"),
    };
    assert_eq!(scope("Callbacks.add_forever"), Scope::Forever);
    assert_eq!(scope("Callbacks.default_scope"), Scope::Call);
    assert_eq!(function(&ir, "Callbacks.run_async").signature.params[1].role, ParamRole::Callback {
        scope: Scope::Async,
        user_data: Some(2),
        destroy: None
    });
    // In a callback type, `closure` marks the user_data parameter itself.
    let TypeKind::Callback(cb) = &ir.ty(type_id(&ir, "Callbacks.Func")).kind else { panic!() };
    assert_eq!(cb.signature.params[1].role, ParamRole::UserData { callback: None });
    assert!(matches!(skip(&ir, "Callbacks.callback_out"), SkipReason::UnsupportedType(_)));
    assert!(matches!(skip(&ir, "Callbacks.list_of_callbacks"), SkipReason::UnsupportedType(_)));
}

#[test]
fn parameters_directions_ownership_and_errors() {
    let ir = build(&["Params-1.0"]);
    let load = &function(&ir, "Params.Thing.load").signature;
    assert_eq!(load.params[0].role, ParamRole::Instance);
    assert_eq!(load.params[0].py_name, "self");
    let error = load.params.last().unwrap();
    assert_eq!((error.role, error.direction, error.c_type.as_deref()), (ParamRole::Error, Direction::Out, Some("GError**")));
    assert_eq!(python(&ir, "Params.Thing.load"), "load(data) -> [return, error_count]; throws; hidden: error");
    assert_eq!(python(&ir, "Params.divide"), "divide(a, b) -> [return, quotient, remainder]");
    assert_eq!(python(&ir, "Params.increment"), "increment(value) -> [value]");
    assert!(function(&ir, "Params.get_origin").signature.params[0].caller_allocates);
    assert_eq!(python(&ir, "Params.skips"), "skips(visible) -> [result]; hidden: hidden_in, hidden_out");
    let t = &function(&ir, "Params.transfers").signature;
    let transfers: Vec<Transfer> = t.params.iter().map(|p| p.transfer).collect();
    assert_eq!(transfers, [Transfer::None, Transfer::Full, Transfer::Container, Transfer::None]);
    assert_eq!(t.ret.transfer, Transfer::Container);
    let n = &function(&ir, "Params.nullables").signature;
    let flags: Vec<(bool, bool)> = n.params.iter().map(|p| (p.nullable, p.optional)).collect();
    assert_eq!(flags, [(true, false), (true, false), (false, false), (true, false), (false, true), (false, true)]);
    assert!(n.ret.nullable, "allow-none on a return value means nullable");
    assert_eq!(function(&ir, "Params.Thing.new").kind, FunctionKind::Constructor);
    assert_eq!(function(&ir, "Params.Thing.get_default").kind, FunctionKind::Static);
    assert_eq!(skip(&ir, "Params.Thing.printf"), SkipReason::Varargs);
    assert_eq!(skip(&ir, "Params.hidden"), SkipReason::NotIntrospectable);
    assert_eq!(skip(&ir, "Params.uses_secret"), SkipReason::DependsOnSkipped("Params.Secret".into()));
}

#[test]
fn python_names() {
    let ir = build(&["Names-1.0"]);
    assert_eq!(python(&ir, "Names.Widget.print"), "print_(from_, lambda_, self2, from_2) -> []");
    assert_eq!(python(&ir, "Names.import"), "import_(class_, None_) -> []");
    assert_eq!(function(&ir, "Names.Widget.get_size_full").py_name, "get_size");
    assert_eq!(skip(&ir, "Names.Widget.get_size"), SkipReason::ShadowedBy("get_size_full".into()));
    let TypeKind::Enum(mode) = &ir.ty(type_id(&ir, "Names.Mode")).kind else { panic!() };
    let members: Vec<&str> = mode.members.iter().map(|m| m.py_name.as_str()).collect();
    assert_eq!(members, ["NONE", "READ_WRITE", "_2D", "INT64", "PRINT", "READ_WRITE2", "NEGATIVE"]);
    let TypeKind::Class(widget) = &ir.ty(type_id(&ir, "Names.Widget")).kind else { panic!() };
    let props: Vec<&str> = widget.properties.iter().map(|p| p.py_name.as_str()).collect();
    assert_eq!(props, ["type_name", "class_", "mode"]);
    assert_eq!(widget.signals[0].py_name, "size_changed");
}

#[test]
fn aliases_memory_and_error_domains() {
    let ir = build(&["Types-1.0"]);
    let alias = |name: &str| match &ir.ty(type_id(&ir, name)).kind {
        TypeKind::Alias(t) => t.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(alias("Types.GrandTotal"), Type::Basic(gir::ir::Basic::UInt));
    assert_eq!(alias("Types.Kind"), Type::Basic(gir::ir::Basic::GType));
    assert_eq!(alias("GObject.Type"), Type::Basic(gir::ir::Basic::GType));
    assert_eq!(alias("Types.Point"), Type::Def(type_id(&ir, "Types.Plain")));

    assert_eq!(memory(&ir, "Types.Window"), Memory::Object);
    let node = Memory::Fundamental {
        ref_func: "base_node_ref".into(),
        unref_func: "base_node_unref".into(),
        ref_sink_func: Some("base_node_ref_sink".into()),
    };
    assert_eq!(memory(&ir, "Base.Leaf"), node);
    assert_eq!(memory(&ir, "Types.Branch"), node, "inherited across namespaces, two levels down");
    assert_eq!(memory(&ir, "Types.Boxed"), Memory::Boxed);
    assert_eq!(memory(&ir, "Types.BoxedUnion"), Memory::Boxed);
    assert_eq!(memory(&ir, "Types.Token"), Memory::Boxed);
    assert_eq!(
        memory(&ir, "Types.Copyable"),
        Memory::CopyFree { copy_func: "types_copyable_copy".into(), free_func: "types_copyable_free".into() }
    );
    assert_eq!(
        memory(&ir, "Types.Counted"),
        Memory::RefCounted { ref_func: "types_counted_ref".into(), unref_func: "types_counted_unref".into() }
    );
    assert_eq!(memory(&ir, "Types.Plain"), Memory::Struct);
    assert_eq!(memory(&ir, "Types.Value"), Memory::Struct);
    for opaque in ["Types.Opaque", "Types.Disguised", "Types.Private", "Types.WithNested", "Types.Unrooted"] {
        assert_eq!(memory(&ir, opaque), Memory::Borrowed, "{opaque}");
    }

    let domain = |name: &str| match &ir.ty(type_id(&ir, name)).kind {
        TypeKind::Enum(e) => e.error_domain.clone(),
        other => panic!("{other:?}"),
    };
    assert!(matches!(domain("Types.ParseError"), Some(ErrorDomain::Named(d)) if d == "types-parse-error-quark"));
    assert!(matches!(domain("Types.LoadError"), Some(ErrorDomain::QuarkFunction(f)) if f == "types_load_error_quark"));
    assert!(matches!(domain("Types.LoaderError"), Some(ErrorDomain::QuarkFunction(f)) if f == "types_loader_error_quark"));
    assert!(matches!(domain("Types.nvokeError"), Some(ErrorDomain::QuarkFunction(f)) if f == "types_invoke_error_quark"));
    assert!(domain("Types.NotAnError").is_none());
    assert_eq!(ir.ty(type_id(&ir, "Types.nvokeError")).py_name, "nvokeError");

    let ancestry: Vec<String> = ir.class_ancestry(type_id(&ir, "Types.Window")).map(|t| type_name(&ir, t)).collect();
    assert_eq!(ancestry, ["Types.Window", "Base.Widget", "GObject.InitiallyUnowned", "GObject.Object"]);
}

#[test]
fn unresolved_types_are_diagnosed_with_positions_and_skipped() {
    let ir = build(&["Broken-1.0"]);
    let path = fixtures().join("Broken-1.0.gir").display().to_string();
    let find = |item: &str| {
        ir.diagnostics
            .iter()
            .find(|d| d.item == item)
            .unwrap_or_else(|| panic!("no diagnostic for {item}: {:#?}", ir.diagnostics))
            .to_string()
    };
    assert_eq!(find("Broken.take_missing"), format!("{path}:67:5: Broken.take_missing: unresolved type `Missing`; skipped"));
    // Every place a type can be named gets one.
    for item in [
        "Broken.Handle",
        "Broken.Holder.thing",
        "Broken.Orphan",
        "Broken.Widget",
        "Broken.Widget.draw",
        "Broken.Widget:style",
        "Broken.Widget::event",
        "Broken.Drawable",
        "Broken.Handler",
        "Broken.return_missing",
        "Broken.list_of_missing",
        "Broken.take_handle",
        "Broken.LIMIT",
        "Broken.Pong",
    ] {
        let d = find(item);
        assert!(d.starts_with(&format!("{path}:")), "{d}");
    }
    assert_eq!(skip(&ir, "Broken.take_missing"), SkipReason::UnresolvedType("Missing".into()));
    assert_eq!(ir.ty(type_id(&ir, "Broken.Orphan")).skip, Some(SkipReason::UnresolvedType("Gtk.Widget".into())));
    assert_eq!(skip(&ir, "Broken.take_orphan"), SkipReason::DependsOnSkipped("Broken.Orphan".into()));
    assert_eq!(function(&ir, "Broken.take_holder").skip, None, "a record with one bad field stays bound");
}

#[test]
fn pointer_depth_mismatches_are_skipped_with_their_reason() {
    let ir = build(&["Depths-1.0"]);
    let mismatch = |name: &str| match skip(&ir, name) {
        SkipReason::CTypeMismatch(m) => m,
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(
        mismatch("Depths.scalar_for_pointer"),
        "parameter `str` is `guint16` in the GIR (0 pointers) but `const gunichar2*` in C (1 pointer)"
    );
    assert_eq!(
        mismatch("Depths.string_for_strv"),
        "parameter `strv` is `utf8` in the GIR (1 pointer) but `gchar**` in C (2 pointers)"
    );
    // An alias's c:type counts the pointers of what it stands for.
    assert_eq!(
        mismatch("Depths.string_for_strv_alias"),
        "parameter `strv` is `utf8` in the GIR (1 pointer) but `DepthsStrv` in C (2 pointers)"
    );
    assert_eq!(
        mismatch("Depths.strings_for_string"),
        "parameter `string` is `array of utf8` in the GIR (2 pointers) but `const gchar*` in C (1 pointer)"
    );
    assert_eq!(
        mismatch("Depths.record_for_pointer_pointer"),
        "parameter `box` is `Box` in the GIR (1 pointer) but `DepthsBox**` in C (2 pointers)"
    );
    // Not caller-allocated: the GIR's out struct is a pointer C would fill, C's is the struct.
    assert_eq!(
        mismatch("Depths.callee_allocated_out_struct"),
        "parameter `box` is `Box` in the GIR (2 pointers) but `DepthsBox*` in C (1 pointer)"
    );
    assert_eq!(
        mismatch("Depths.enum_pointer"),
        "parameter `mode` is `Mode` in the GIR (0 pointers) but `DepthsMode*` in C (1 pointer)"
    );
    // A callback's typedef is the function pointer.
    assert_eq!(
        mismatch("Depths.callback_pointer"),
        "parameter `func` is `Func` in the GIR (1 pointer) but `DepthsFunc*` in C (2 pointers)"
    );
    assert_eq!(
        mismatch("Depths.returns_pointer"),
        "the return value is `gunichar` in the GIR (0 pointers) but `gunichar*` in C (1 pointer)"
    );
    assert_eq!(
        mismatch("Depths.error_pointer_pointer"),
        "parameter `err` is `GLib.Error` in the GIR (1 pointer) but `GError**` in C (2 pointers)"
    );
    assert_eq!(
        mismatch("Depths.Widget.clear"),
        "instance parameter `widget` is `Widget` in the GIR (1 pointer) but `DepthsWidget**` in C (2 pointers)"
    );
    assert_eq!(
        mismatch("Depths.caller_allocated_length"),
        "parameter `len`, the length of the caller-allocated array `boxes`, is an out parameter in the GIR but `gsize` (by value) in C"
    );
    assert_eq!(
        SkipReason::CTypeMismatch("m".into()).to_string(),
        "GIR type and c:type disagree: m",
        "what `girgen inspect` prints"
    );

    // Callback types are checked too (a Python implementation would get the wrong value).
    assert!(matches!(
        &ir.ty(type_id(&ir, "Depths.ErrorFunc")).skip,
        Some(SkipReason::CTypeMismatch(m)) if m == "parameter `error` is `GLib.Error` in the GIR (1 pointer) but `GError**` in C (2 pointers)"
    ));
    // Agreeing, missing, unknown or generic c:types: bound.
    for name in ["Depths.agree", "Depths.agree_out", "Depths.unknown_or_generic", "Depths.Widget.get_name"] {
        assert_eq!(function(&ir, name).skip, None, "{name}");
    }
    // Signals travel as GValues of their GIR types: their c:types are not compared.
    let TypeKind::Class(widget) = &ir.ty(type_id(&ir, "Depths.Widget")).kind else { panic!() };
    assert_eq!(widget.signals[0].skip, None);
    // Upstream GIR bugs the user cannot fix: `girgen inspect` lists them, no diagnostic.
    assert!(ir.diagnostics.iter().all(|d| !d.item.starts_with("Depths.")), "{:#?}", ir.diagnostics);
}
