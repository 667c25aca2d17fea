//! The Python code of each bound item: classes, interfaces, records and unions, enums and flags,
//! callback types, namespace functions. Each item lives in a submodule of its namespace package,
//! imported on first access.

use super::code::{docstring, py_str, Code};
use super::functions::{symbol_global, wrapper};
use super::marshal::{CKind, Ctx, Special};
use gir::ir::{
    ArrayLength, ConstantValue, Direction, EnumMember, FieldType, FunctionId, Memory, ParamRole, Record, Transfer, Type, TypeDef,
    TypeId, TypeKind,
};

/// The body of one submodule, before its header (imports, symbol bindings) is known.
#[derive(Default)]
pub struct Body {
    pub code: Code,
    /// `(global, expression)` C symbol bindings, deduplicated and sorted by the caller.
    pub symbols: Vec<(String, String)>,
}

impl Body {
    fn bind(&mut self, ctx: &Ctx, symbol: &str, ret: CKind, args: &[CKind]) -> String {
        let global = symbol_global(symbol);
        self.symbols.push((global.clone(), ctx.ffi.bind_symbol(symbol, ret, args)));
        global
    }
}

fn functions(ctx: &mut Ctx, body: &mut Body, owner: &str, ids: &[FunctionId]) {
    for &fid in ids {
        let f = ctx.ir.function(fid);
        if f.skip.is_some() || f.kind == gir::ir::FunctionKind::VirtualMethod {
            continue;
        }
        let display = if owner.is_empty() { f.py_name.clone() } else { format!("{owner}.{}", f.py_name) };
        let w = wrapper(ctx, f, &display);
        body.code.line("");
        body.code.block(&w.code);
        body.symbols.push(w.symbol);
    }
}

/// Namespace-level functions of one chunk.
pub fn namespace_functions(ctx: &mut Ctx, ids: &[FunctionId]) -> Body {
    let mut body = Body::default();
    for &fid in ids {
        let f = ctx.ir.function(fid);
        let w = wrapper(ctx, f, &f.py_name);
        body.code.line("");
        body.code.block(&w.code);
        body.symbols.push(w.symbol);
    }
    body
}

fn gtype_line(ctx: &mut Ctx, body: &mut Body, def: &TypeDef) -> Option<String> {
    let gt = def.gtype.as_ref()?;
    if gt.get_type == "intern" {
        return None;
    }
    let get_type = body.bind(ctx, &gt.get_type, CKind::Int { bits: 64, signed: false }, &[]);
    Some(format!("__gtype__ = {}({get_type})", ctx.rt("LazyGType")))
}

fn class_header(body: &mut Body, name: &str, bases: &[String], doc: Option<&str>) {
    body.code.line("");
    body.code.line("");
    body.code.line(format!("class {name}({}):", bases.join(", ")));
    body.code.indent();
    if let Some(d) = docstring(doc) {
        body.code.line(format!("\"\"\"{d}\"\"\""));
    }
    // Classes belong to the namespace module, where users find them (repr, pickling).
    body.code.line("__module__ = _NS.__name__");
}

pub fn type_item(ctx: &mut Ctx, id: TypeId) -> Body {
    let def = ctx.ir.ty(id);
    let mut body = Body::default();
    match &def.kind {
        TypeKind::Class(c) => {
            let runtime_base = ctx.special(id) == Some(Special::ParamSpec);
            let mut bases = vec![match c.parent {
                // The runtime's ParamSpec brings name, nick, value_type, ... and its memory functions.
                _ if runtime_base => ctx.rt("RuntimeParamSpec"),
                Some(p) if ctx.ir.ty(p).is_bound() => ctx.type_ref(p),
                _ => match &c.memory {
                    Memory::Object => ctx.rt("Object"),
                    Memory::Fundamental { .. } => ctx.rt("Fundamental"),
                    _ => ctx.rt("Opaque"),
                },
            }];
            for &i in &c.interfaces {
                if ctx.ir.ty(i).is_bound() {
                    bases.push(ctx.type_ref(i));
                }
            }
            class_header(&mut body, &def.py_name, &bases, def.info.doc.as_deref());
            if let Some(l) = gtype_line(ctx, &mut body, def) {
                body.code.line(l);
            }
            if let Memory::Fundamental { ref_func, unref_func, ref_sink_func } = &c.memory {
                if !runtime_base && (c.parent.is_none_or(|p| !ctx.ir.ty(p).is_bound()) || c.fundamental) {
                    let r = body.bind(ctx, ref_func, CKind::Ptr, &[CKind::Ptr]);
                    let u = body.bind(ctx, unref_func, CKind::Void, &[CKind::Ptr]);
                    body.code.line(format!("_ref_func_ = {r}"));
                    body.code.line(format!("_unref_func_ = {u}"));
                    if let Some(s) = ref_sink_func {
                        let s = body.bind(ctx, s, CKind::Ptr, &[CKind::Ptr]);
                        body.code.line(format!("_ref_sink_func_ = {s}"));
                    }
                    body.code.line("_typed_instance_ = True");
                }
            }
            functions(ctx, &mut body, &def.py_name, &c.functions);
            body.code.dedent();
            signal_marshallers(ctx, &mut body, &def.py_name, &c.signals);
            property_converters(ctx, &mut body, &def.py_name, &c.properties);
        }
        TypeKind::Interface(i) => {
            let base = ctx.rt("Interface");
            class_header(&mut body, &def.py_name, &[base], def.info.doc.as_deref());
            if let Some(l) = gtype_line(ctx, &mut body, def) {
                body.code.line(l);
            }
            functions(ctx, &mut body, &def.py_name, &i.functions);
            body.code.line("pass");
            body.code.dedent();
            signal_marshallers(ctx, &mut body, &def.py_name, &i.signals);
            property_converters(ctx, &mut body, &def.py_name, &i.properties);
        }
        TypeKind::Record(r) | TypeKind::Union(r) => record(ctx, &mut body, id, r),
        TypeKind::Enum(e) | TypeKind::Flags(e) => {
            let is_flags = matches!(def.kind, TypeKind::Flags(_));
            let base = ctx.rt(if is_flags { "IntFlag" } else { "IntEnum" });
            class_header(&mut body, &def.py_name, &[base], def.info.doc.as_deref());
            if e.members.is_empty() {
                body.code.line("pass");
            }
            for EnumMember { py_name, value, .. } in &e.members {
                body.code.line(format!("{py_name} = {value}"));
            }
            functions(ctx, &mut body, &def.py_name, &e.functions);
            body.code.dedent();
            if let Some(l) = gtype_line(ctx, &mut body, def) {
                body.code.line(format!("{}.{}", def.py_name, l.replacen("__gtype__ = ", "__gtype__ = ", 1)));
            }
            if let Some(domain) = &e.error_domain {
                let h = ctx.rt("error_domain_class");
                let domain = match domain {
                    gir::ir::ErrorDomain::Named(d) => py_str(d),
                    gir::ir::ErrorDomain::QuarkFunction(sym) => {
                        let f = body.bind(ctx, sym, CKind::Int { bits: 32, signed: false }, &[]);
                        f
                    }
                };
                body.code.line(format!("{0}.Error = {h}({domain}, {1}, {0})", def.py_name, py_str(&def.py_name)));
            }
        }
        TypeKind::Callback(cb) => callback(ctx, &mut body, def, &cb.signature),
        TypeKind::Alias(target) => {
            let value = match target {
                Type::Def(t) if ctx.ir.ty(*t).is_bound() => ctx.type_ref(*t),
                Type::Basic(b) if b.int_range().is_some() => "int".into(),
                Type::Basic(gir::ir::Basic::Float | gir::ir::Basic::Double) => "float".into(),
                Type::Basic(gir::ir::Basic::Boolean) => "bool".into(),
                Type::Basic(gir::ir::Basic::Utf8 | gir::ir::Basic::Filename) => "str".into(),
                _ => "object".into(),
            };
            body.code.line("");
            body.code.line(format!("{} = {value}", def.py_name));
        }
    }
    body
}

/// Methods of the runtime's `GObject.Value` base that the C functions of the same Python names
/// must not hide (their GIR signatures differ: `init` returns the value, `copy` takes a target).
const VALUE_RUNTIME_METHODS: &[&str] = &["init", "unset", "reset", "copy"];

fn record(ctx: &mut Ctx, body: &mut Body, id: TypeId, r: &Record) {
    let def = ctx.ir.ty(id);
    let is_value = ctx.special(id) == Some(Special::Value);
    let is_variant = ctx.special(id) == Some(Special::Variant);
    // GObject.Value derives from the runtime's Value: constructor from a type and a Python
    // value, get_value/set_value, unset when Python-owned. GLib.Variant derives from the
    // runtime's Variant: a fundamental whose floating references are sunk.
    let base = ctx.rt(if is_value {
        "Value"
    } else if is_variant {
        "RuntimeVariant"
    } else {
        "Boxed"
    });
    class_header(body, &def.py_name, &[base], def.info.doc.as_deref());
    match &r.memory {
        _ if is_variant => {}
        Memory::Boxed => {
            if let Some(l) = gtype_line(ctx, body, def) {
                body.code.line(l);
            }
        }
        Memory::CopyFree { copy_func, free_func } => {
            let c = body.bind(ctx, copy_func, CKind::Ptr, &[CKind::Ptr]);
            let f = body.bind(ctx, free_func, CKind::Void, &[CKind::Ptr]);
            body.code.line(format!("_copy_func_ = {c}"));
            body.code.line(format!("_free_func_ = {f}"));
        }
        Memory::RefCounted { ref_func, unref_func } => {
            let rf = body.bind(ctx, ref_func, CKind::Ptr, &[CKind::Ptr]);
            let uf = body.bind(ctx, unref_func, CKind::Void, &[CKind::Ptr]);
            body.code.line(format!("_ref_func_ = {rf}"));
            body.code.line(format!("_unref_func_ = {uf}"));
        }
        Memory::Struct => {
            // Transfer-full pointers to plain structs are g_free'd, as libgirepository does.
            body.code.line(format!("_free_func_ = {}", ctx.rt("g_free")));
        }
        _ => {}
    }
    let ffi = ctx.ffi;
    let layout = if r.opaque || is_variant { None } else { ffi.struct_layout(ctx, r, matches!(def.kind, TypeKind::Union(_))) };
    if let Some((layout_code, size_expr)) = &layout {
        body.code.block(layout_code);
        body.code.line(format!("_size_ = {size_expr}"));
        for f in r.fields.iter().filter(|f| f.skip.is_none() && !f.private) {
            let FieldType::Value { ty, c_type } = &f.ty else { continue };
            if f.readable {
                let raw = format!("self._struct().{}", f.py_name);
                let value = field_out(ctx, &raw, ty, c_type.as_deref(), &f.py_name);
                if let Some(value) = value {
                    body.code.line("");
                    body.code.line("@property");
                    body.code.line(format!("def {}(self):", f.py_name));
                    body.code.indent().line(format!("return {value}")).dedent();
                    if f.writable && field_in_plain(ctx, ty) {
                        let mut setter = Code::default();
                        let mut keep = Vec::new();
                        let c = ctx.in_value(&mut setter, "value", ty, false, Transfer::None, (&format!("{}.{}", def.py_name, f.py_name), "value"), &mut keep);
                        body.code.line("");
                        body.code.line(format!("@{}.setter", f.py_name));
                        body.code.line(format!("def {}(self, value):", f.py_name));
                        body.code.indent();
                        body.code.block(&setter);
                        body.code.line(format!("self._struct().{} = {c}", f.py_name));
                        body.code.dedent();
                    }
                }
            }
        }
    }
    let ids: Vec<FunctionId> = r
        .functions
        .iter()
        .copied()
        .filter(|&f| !is_value || !VALUE_RUNTIME_METHODS.contains(&ctx.ir.function(f).py_name.as_str()))
        .collect();
    functions(ctx, body, &def.py_name, &ids);
    body.code.line("pass");
    body.code.dedent();
}

/// Fields that Python can write directly (numbers, booleans, enums and flags).
fn field_in_plain(ctx: &Ctx, ty: &Type) -> bool {
    match ty {
        Type::Basic(b) => {
            (b.int_range().is_some() && *b != gir::ir::Basic::GType && *b != gir::ir::Basic::Unichar)
                || matches!(b, gir::ir::Basic::Float | gir::ir::Basic::Double | gir::ir::Basic::Boolean)
        }
        Type::Def(id) => matches!(ctx.ir.ty(*id).kind, TypeKind::Enum(_) | TypeKind::Flags(_)),
        _ => false,
    }
}

/// Reading a field: numbers as they are, pointers converted without taking ownership, structs
/// embedded by value as wrappers sharing the parent's memory.
fn field_out(ctx: &mut Ctx, raw: &str, ty: &Type, c_type: Option<&str>, name: &str) -> Option<String> {
    let by_pointer = c_type.is_some_and(|c| c.contains('*'));
    match ty {
        Type::Basic(gir::ir::Basic::Boolean) => Some(format!("{raw} != 0")),
        Type::Basic(b) if b.int_range().is_some() || matches!(b, gir::ir::Basic::Float | gir::ir::Basic::Double) => {
            Some(ctx.out_value(raw, ty, Transfer::None, None))
        }
        Type::Basic(gir::ir::Basic::Utf8 | gir::ir::Basic::Filename | gir::ir::Basic::Pointer) => {
            Some(ctx.out_value(raw, ty, Transfer::None, None))
        }
        Type::Def(id) => match &ctx.ir.ty(*id).kind {
            TypeKind::Enum(_) | TypeKind::Flags(_) => Some(ctx.out_value(raw, ty, Transfer::None, None)),
            TypeKind::Class(_) | TypeKind::Interface(_) => Some(ctx.out_value(raw, ty, Transfer::None, None)),
            TypeKind::Record(_) | TypeKind::Union(_) if ctx.special(*id).is_none() => {
                if by_pointer {
                    Some(ctx.out_value(raw, ty, Transfer::None, None))
                } else if ctx.ir.ty(*id).is_bound() {
                    let cls = ctx.type_ref(*id);
                    Some(format!("{}(self, {cls}, {})", ctx.rt("embedded_struct"), py_str(name)))
                } else {
                    None
                }
            }
            _ => None,
        },
        Type::Array(a) => match a.length {
            // Laid out in the struct: the backend's view of it is a sequence of numbers.
            ArrayLength::Fixed(_) if !by_pointer => match &a.element {
                Type::Basic(b) if b.int_range().is_some() && *b != gir::ir::Basic::Unichar && *b != gir::ir::Basic::GType => {
                    Some(format!("list({raw})"))
                }
                Type::Basic(gir::ir::Basic::Float | gir::ir::Basic::Double) => Some(format!("list({raw})")),
                _ => None,
            },
            ArrayLength::ZeroTerminated | ArrayLength::Fixed(_) => Some(ctx.out_value(raw, ty, Transfer::None, None)),
            _ => None,
        },
        Type::List { .. } => Some(ctx.out_value(raw, ty, Transfer::None, None)),
        _ => None,
    }
}

/// Does a signal need its GIR types to convert its arguments (a GValue alone does not tell the
/// elements of a container, nor what a `gpointer` argument points to)?
fn signal_needs_gir_types(ctx: &Ctx, sig: &gir::ir::Signature) -> bool {
    sig.params.iter().any(|p| {
        p.direction != Direction::In
            || matches!(p.role, ParamRole::ArrayLength { .. })
            || matches!(p.ty, Type::Array(_) | Type::List { .. } | Type::HashTable { .. } | Type::Error)
            || matches!(&p.ty, Type::Def(id) if matches!(ctx.ir.ty(*id).kind, TypeKind::Callback(_)))
    })
}

/// Marshallers for the signals whose arguments need their GIR types: the runtime's signal
/// closures call `m(handler, extra_args, params, n_params, return_value)` instead of converting
/// each GValue by its GType. Registered as `Class._signal_marshallers_` (by signal name).
fn signal_marshallers(ctx: &mut Ctx, body: &mut Body, class: &str, signals: &[gir::ir::Signal]) {
    let mut entries = Vec::new();
    for (n, sgn) in signals.iter().enumerate() {
        let sig = &sgn.signature;
        if sgn.skip.is_some() || !signal_needs_gir_types(ctx, sig) {
            continue;
        }
        let fname = format!("_sm_{class}_{n}");
        let arg = ctx.rt("signal_arg");
        let ptr = ctx.rt("signal_ptr");
        let mut code = Code::default();
        code.line(format!("def {fname}(_handler, _extra, _params, _n, _ret):"));
        code.indent();
        // Raw C values first (array lengths are needed by the arrays that use them).
        let mut raws = Vec::new();
        for (i, p) in sig.params.iter().enumerate() {
            let k = i + 1;
            let pointer_value = p.direction != Direction::In
                || matches!(p.ty, Type::Array(_) | Type::List { .. } | Type::HashTable { .. } | Type::Error);
            let raw = format!("_a{i}");
            if pointer_value {
                code.line(format!("{raw} = {ptr}(_params, {k})"));
            } else if matches!(p.role, ParamRole::ArrayLength { .. }) {
                code.line(format!("{raw} = {arg}(_params, {k}) or 0"));
            }
            raws.push(raw);
        }
        let mut py_args = vec![format!("{arg}(_params, 0)")];
        let mut writes = Vec::new();
        for (i, p) in sig.params.iter().enumerate() {
            let k = i + 1;
            let raw = &raws[i];
            let len = match &p.ty {
                Type::Array(a) => match a.length {
                    ArrayLength::Param(l) => raws.get(l).cloned(),
                    _ => None,
                },
                _ => None,
            };
            match (p.role, p.direction) {
                (ParamRole::Visible, Direction::In) => {
                    if matches!(p.ty, Type::Array(_) | Type::List { .. } | Type::HashTable { .. } | Type::Error) {
                        py_args.push(ctx.out_value(raw, &p.ty, Transfer::None, len.as_deref()));
                    } else {
                        py_args.push(format!("{arg}(_params, {k})"));
                    }
                }
                (ParamRole::Visible, Direction::InOut) => {
                    let read = ctx.rt("read_out");
                    let kind = py_str(&format!("{:?}", ctx.ckind(&p.ty, true)));
                    py_args.push(ctx.out_value(&format!("{read}({raw}, {kind})"), &p.ty, Transfer::None, len.as_deref()));
                    writes.push(i);
                }
                (ParamRole::Visible, Direction::Out) => writes.push(i),
                _ => {}
            }
        }
        code.line(format!("_r = _handler({}, *_extra)", py_args.join(", ")));
        let has_ret = sig.ret.ty != Type::Void;
        let n_results = usize::from(has_ret) + writes.len();
        let mut results = Vec::new();
        if n_results > 1 {
            code.line(format!("_r = {}(_r, {n_results})", ctx.rt("unpack_results")));
            for j in 0..n_results {
                results.push(format!("_r[{j}]"));
            }
        } else if n_results == 1 {
            results.push("_r".to_string());
        }
        let mut next = 0;
        if has_ret {
            code.line("if _ret:");
            code.indent().line(format!("{}(_ret, {})", ctx.rt("value_set"), results[0])).dedent();
            next = 1;
        }
        for (j, i) in writes.iter().enumerate() {
            let p = &sig.params[*i];
            let mut keep = Vec::new();
            let var = format!("_o{j}");
            code.line(format!("{var} = {}", results[next + j]));
            let c = ctx.in_value(&mut code, &var, &p.ty, p.nullable, Transfer::Full, (&sgn.name, &p.py_name), &mut keep);
            let kind = py_str(&format!("{:?}", ctx.ckind(&p.ty, true)));
            code.line(format!("{}({}, {kind}, {c})", ctx.rt("write_out"), raws[*i]));
        }
        code.dedent();
        body.code.line("");
        body.code.line("");
        body.code.block(&code);
        entries.push((py_str(&sgn.name), fname));
    }
    if !entries.is_empty() {
        body.code.line("");
        body.code.line("");
        let items: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        body.code.line(format!("{class}._signal_marshallers_ = {{{}}}", items.join(", ")));
    }
}

/// Converters of the properties whose GIR type says more than their GType (the elements of a
/// GHashTable, GList or GByteArray, what a `gpointer` property holds). The runtime's property
/// access uses `(to_py(gvalue), from_py(gvalue, value) -> keepalive)` from
/// `Class._property_converters_` (keyed by the property's name as bytes) instead of the GType.
fn property_converters(ctx: &mut Ctx, body: &mut Body, class: &str, props: &[gir::ir::Property]) {
    let mut entries = Vec::new();
    for (n, p) in props.iter().enumerate() {
        if p.skip.is_some() || !matches!(p.ty, Type::Array(_) | Type::List { .. } | Type::HashTable { .. }) {
            continue;
        }
        let (get, set) = (format!("_pg_{class}_{n}"), format!("_ps_{class}_{n}"));
        let peek = ctx.rt("gvalue_pointer");
        let store = ctx.rt("gvalue_store_pointer");
        let mut code = Code::default();
        code.line(format!("def {get}(_v):"));
        let value = ctx.out_value(&format!("{peek}(_v)"), &p.ty, Transfer::None, None);
        code.indent().line(format!("return {value}")).dedent();
        code.line("");
        code.line("");
        code.line(format!("def {set}(_v, value):"));
        code.indent();
        let what = format!("{class}.props.{}", p.py_name);
        // A G_TYPE_POINTER property only points at what we pass (the setter copies what it
        // keeps); a boxed one takes a container that owns its elements.
        code.line(format!("if {}(_v):", ctx.rt("gvalue_holds_pointer")));
        code.indent();
        let mut keep = Vec::new();
        let c = ctx.in_value(&mut code, "value", &p.ty, true, Transfer::None, (&what, "value"), &mut keep);
        code.line(format!("{store}(_v, {c})"));
        code.line(format!("return ({}{})", keep.join(", "), if keep.len() == 1 { "," } else { "" }));
        code.dedent();
        let mut keep = Vec::new();
        let c = ctx.in_value(&mut code, "value", &p.ty, true, Transfer::Full, (&what, "value"), &mut keep);
        code.line(format!("{}(_v, {c})", ctx.rt("gvalue_take_boxed")));
        code.line(format!("return ({}{})", keep.join(", "), if keep.len() == 1 { "," } else { "" }));
        code.dedent();
        body.code.line("");
        body.code.line("");
        body.code.block(&code);
        entries.push(format!("b{}: ({get}, {set})", py_str(&p.name)));
    }
    if !entries.is_empty() {
        body.code.line("");
        body.code.line("");
        body.code.line(format!("{class}._property_converters_ = {{{}}}", entries.join(", ")));
    }
}

fn callback(ctx: &mut Ctx, body: &mut Body, def: &TypeDef, sig: &gir::ir::Signature) {
    // The invoker: C arguments in, Python callable called, results converted back to C (the
    // return value, then out/inout parameters, with the lengths of out arrays).
    let mut code = Code::default();
    let c_params: Vec<String> = sig.params.iter().map(|p| format!("_a_{}", p.py_name)).collect();
    code.line(format!("def _invoke(_func, _extra, {}):", c_params.join(", ")).replace(", )", ")"));
    code.indent();
    let kind_of = |ctx: &Ctx, ty: &Type| py_str(&format!("{:?}", ctx.ckind(ty, true)));
    // Python expressions of array lengths given by other parameters (read through the pointer
    // for inout lengths).
    let mut lengths: Vec<Option<String>> = vec![None; sig.params.len()];
    for (i, p) in sig.params.iter().enumerate() {
        if let ParamRole::ArrayLength { .. } = p.role {
            lengths[i] = match p.direction {
                Direction::In => Some(c_params[i].clone()),
                Direction::InOut => {
                    let v = format!("_len{i}");
                    let read = ctx.rt("read_out");
                    code.line(format!("{v} = {read}({}, {})", c_params[i], kind_of(ctx, &p.ty)));
                    Some(v)
                }
                Direction::Out => None,
            };
        }
    }
    let length_of = |p: &gir::ir::Param| -> Option<usize> {
        match &p.ty {
            Type::Array(a) => match a.length {
                ArrayLength::Param(l) => Some(l),
                _ => None,
            },
            _ => None,
        }
    };
    let mut py_args = Vec::new();
    let mut out_writes = Vec::new();
    for (i, p) in sig.params.iter().enumerate() {
        let raw = &c_params[i];
        let len = length_of(p).and_then(|l| lengths.get(l).cloned().flatten());
        match (p.role, p.direction) {
            (ParamRole::Visible, Direction::In) => {
                py_args.push(ctx.out_value(raw, &p.ty, p.transfer, len.as_deref()));
            }
            (ParamRole::Visible, Direction::InOut) => {
                let read = ctx.rt("read_out");
                let kind = kind_of(ctx, &p.ty);
                ctx.out_param = true;
                py_args.push(ctx.out_value(&format!("{read}({raw}, {kind})"), &p.ty, p.transfer, len.as_deref()));
                ctx.out_param = false;
                out_writes.push(i);
            }
            (ParamRole::Visible, Direction::Out) => out_writes.push(i),
            _ => {}
        }
    }
    let call = format!("_func({})", py_args.iter().cloned().chain(std::iter::once("*_extra".to_string())).collect::<Vec<_>>().join(", "));
    let has_ret = sig.ret.ty != Type::Void && !sig.ret.skip;
    let n_results = usize::from(has_ret) + out_writes.len();
    match n_results {
        0 => {
            code.line(call);
        }
        1 => {
            code.line(format!("_r = {call}"));
        }
        _ => {
            code.line(format!("_r = {}({call}, {n_results})", ctx.rt("unpack_results")));
        }
    }
    let result = |j: usize| if n_results == 1 { "_r".to_string() } else { format!("_r[{j}]") };
    for (j, &i) in out_writes.iter().enumerate() {
        let p = &sig.params[i];
        let var = format!("_out{i}");
        code.line(format!("{var} = {}", result(j + usize::from(has_ret))));
        let mut keep = Vec::new();
        ctx.out_param = true;
        let c = ctx.in_value(&mut code, &var, &p.ty, p.nullable, Transfer::Full, (&def.py_name, &p.py_name), &mut keep);
        ctx.out_param = false;
        let write = ctx.rt("write_out");
        code.line(format!("{write}({}, {}, {c})", c_params[i], kind_of(ctx, &p.ty)));
        if let Some(l) = length_of(p) {
            if sig.params[l].direction != Direction::In {
                code.line(format!(
                    "{write}({}, {}, (0 if {var} is None else _len({var})))",
                    c_params[l],
                    kind_of(ctx, &sig.params[l].ty)
                ));
            }
        }
    }
    if has_ret {
        let mut keep = Vec::new();
        code.line(format!("_ret = {}", result(0)));
        let c = ctx.in_value(&mut code, "_ret", &sig.ret.ty, true, Transfer::Full, (&def.py_name, "return"), &mut keep);
        code.line(format!("return {c}"));
    }
    code.dedent();

    let ret_kind = match ctx.ckind(&sig.ret.ty, true) {
        CKind::Str => CKind::Ptr,
        k => k,
    };
    let arg_kinds: Vec<CKind> = sig
        .params
        .iter()
        .map(|p| if p.direction == Direction::In { ctx.ckind(&p.ty, true) } else { CKind::Ptr })
        .collect();
    let ctype = ctx.ffi.callback_type(ret_kind, &arg_kinds);
    let user_data = sig.params.iter().position(|p| matches!(p.role, ParamRole::UserData { .. }));
    let error = sig.params.iter().position(|p| p.role == ParamRole::Error);
    let h = ctx.rt("CallbackType");
    body.code.line("");
    body.code.block(&code);
    body.code.line("");
    body.code.line(format!(
        "{} = {h}({}, {ctype}, _invoke, {}, {}, {})",
        def.py_name,
        py_str(&format!("{}.{}", ctx.ir.namespace(def.namespace).name, def.name)),
        user_data.map_or("None".into(), |u| u.to_string()),
        error.map_or("None".into(), |u| u.to_string()),
        py_str(&format!("{:?}", ret_kind)),
    ));
}

/// A constant as a Python literal.
pub fn constant_literal(value: &ConstantValue) -> String {
    match value {
        ConstantValue::Bool(b) => if *b { "True" } else { "False" }.into(),
        ConstantValue::Int(i) => i.to_string(),
        ConstantValue::UInt(u) => u.to_string(),
        ConstantValue::Float(f) => {
            if f.is_finite() {
                let s = format!("{f:?}");
                s
            } else if f.is_nan() {
                "float(\"nan\")".into()
            } else if *f > 0.0 {
                "float(\"inf\")".into()
            } else {
                "float(\"-inf\")".into()
            }
        }
        ConstantValue::Str(s) => py_str(s),
    }
}
