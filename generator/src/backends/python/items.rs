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

fn callback(ctx: &mut Ctx, body: &mut Body, def: &TypeDef, sig: &gir::ir::Signature) {
    // The invoker: C arguments in, Python callable called, result converted back to C.
    let mut code = Code::default();
    let c_params: Vec<String> = sig.params.iter().map(|p| format!("_a_{}", p.py_name)).collect();
    code.line(format!("def _invoke(_func, _extra, {}):", c_params.join(", ")).replace(", )", ")"));
    code.indent();
    let mut py_args = Vec::new();
    let mut out_writes = Vec::new();
    for (i, p) in sig.params.iter().enumerate() {
        let raw = &c_params[i];
        match (p.role, p.direction) {
            (ParamRole::Visible, Direction::In) => {
                let len = match &p.ty {
                    Type::Array(a) => match a.length {
                        gir::ir::ArrayLength::Param(l) => c_params.get(l).cloned(),
                        _ => None,
                    },
                    _ => None,
                };
                py_args.push(ctx.out_value(raw, &p.ty, p.transfer, len.as_deref()));
            }
            (ParamRole::Visible, Direction::InOut) => {
                let read = ctx.rt("read_out");
                let kind = py_str(&format!("{:?}", ctx.ckind(&p.ty, true)));
                py_args.push(ctx.out_value(&format!("{read}({raw}, {kind})"), &p.ty, p.transfer, None));
                out_writes.push((i, p));
            }
            (ParamRole::Visible, Direction::Out) => out_writes.push((i, p)),
            _ => {}
        }
    }
    let call = format!("_func({})", py_args.iter().cloned().chain(std::iter::once("*_extra".to_string())).collect::<Vec<_>>().join(", "));
    let mut results: Vec<String> = Vec::new();
    if sig.ret.ty != Type::Void && !sig.ret.skip {
        results.push("_ret".into());
    }
    for (i, _) in &out_writes {
        results.push(format!("_out{i}"));
    }
    match results.len() {
        0 => {
            code.line(call);
        }
        1 => {
            code.line(format!("{} = {call}", results[0]));
        }
        _ => {
            code.line(format!("{}, = {call}", results.join(", ")));
        }
    }
    for (i, p) in &out_writes {
        let mut keep = Vec::new();
        let c = ctx.in_value(&mut code, &format!("_out{i}"), &p.ty, p.nullable, Transfer::Full, (&def.py_name, &p.py_name), &mut keep);
        let write = ctx.rt("write_out");
        let kind = py_str(&format!("{:?}", ctx.ckind(&p.ty, true)));
        code.line(format!("{write}({}, {kind}, {c})", c_params[*i]));
    }
    if sig.ret.ty != Type::Void && !sig.ret.skip {
        let mut keep = Vec::new();
        let c = ctx.in_value(&mut code, "_ret", &sig.ret.ty, true, Transfer::Full, (&def.py_name, "return"), &mut keep);
        let c = if matches!(sig.ret.ty, Type::Basic(gir::ir::Basic::Utf8 | gir::ir::Basic::Filename)) {
            c
        } else {
            c
        };
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
