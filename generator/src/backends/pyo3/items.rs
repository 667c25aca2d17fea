//! One Rust module per namespace: its libraries, the namespace descriptor with the sorted item
//! table, one descriptor per class/interface/record/union/enum, the function wrappers, and the C
//! trampolines of callback types.

use super::ctx::{c_lit, ident, Ctx, DefKind, Syms};
use super::func::{self, ffi_type, out_conv};
use gir::ir::{Output, Param};
use gir::ir::{
    ArrayLength, Basic, ConstantValue, FieldType, Direction, ErrorDomain, FunctionId, FunctionKind, Memory, NamespaceId, ParamRole, Transfer, Type,
    TypeId, TypeKind,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// What a namespace module contributes to the package-wide tables.
#[derive(Default)]
pub struct NsOut {
    pub tokens: TokenStream,
    /// (GType name, descriptor path) of classes, interfaces, records, unions.
    pub gtypes: Vec<(String, TokenStream)>,
    pub enum_gtypes: Vec<(String, TokenStream)>,
    pub error_domains: Vec<TokenStream>,
    /// ("GTypeName::signal-name", marshaller path) of signals that need typed marshalling.
    pub signals: Vec<(String, TokenStream)>,
    /// Items this backend could not bind although the IR binds them: (item, reason).
    pub skipped: Vec<(String, String)>,
    pub functions: usize,
}

/// Runtime-provided methods of GObject.Object (connect, emit, properties, …).
fn extra_methods(ctx: &Ctx, id: TypeId) -> TokenStream {
    let def = ctx.ir.ty(id);
    let ns = &ctx.ir.namespace(def.namespace).name;
    if ns == "GObject" && def.name == "Object" {
        quote!(&rt::signals::OBJECT_METHODS)
    } else if ns == "GObject" && def.name == "Value" {
        quote!(&rt::gvalue::VALUE_METHODS)
    } else {
        quote!(&[])
    }
}

fn extra_getsets(ctx: &Ctx, id: TypeId) -> TokenStream {
    let def = ctx.ir.ty(id);
    let ns = &ctx.ir.namespace(def.namespace).name;
    if ns == "GObject" && def.name == "Object" {
        quote!(&rt::signals::OBJECT_GETSETS)
    } else if ns == "GObject" && def.name == "ParamSpec" {
        quote!(&rt::gvalue::PARAMSPEC_GETSETS)
    } else {
        quote!(&[])
    }
}

/// `GObject.TYPE_*` (as `rt::gvalue::TYPE_CONSTANTS`).
const GOBJECT_TYPE_CONSTANTS: &[&str] = &[
    "TYPE_BOOLEAN", "TYPE_BOXED", "TYPE_CHAR", "TYPE_DOUBLE", "TYPE_ENUM", "TYPE_FLAGS", "TYPE_FLOAT",
    "TYPE_GTYPE", "TYPE_INT", "TYPE_INT64", "TYPE_INTERFACE", "TYPE_INVALID", "TYPE_LONG", "TYPE_NONE",
    "TYPE_OBJECT", "TYPE_PARAM", "TYPE_POINTER", "TYPE_STRING", "TYPE_STRV", "TYPE_UCHAR", "TYPE_UINT",
    "TYPE_UINT64", "TYPE_ULONG", "TYPE_UNICHAR", "TYPE_VALUE", "TYPE_VARIANT",
];

/// Names the runtime provides on GObject.Object; generated methods of the same name are left out.
const OBJECT_OVERRIDES: &[&str] = &[
    "connect",
    "connect_after",
    "disconnect",
    "disconnect_by_func",
    "emit",
    "handler_block",
    "handler_unblock",
    "get_property",
    "set_property",
];

pub fn namespace(ctx: &Ctx, ns: NamespaceId) -> NsOut {
    let ir = ctx.ir;
    let n = ir.namespace(ns);
    let mut out = NsOut::default();
    *ctx.tables.borrow_mut() = Default::default();
    let mut items: BTreeMap<String, TokenStream> = BTreeMap::new();
    let mut body = TokenStream::new();
    let mut wrapper_names: std::collections::HashSet<String> = Default::default();
    let mut syms = Syms(ctx);

    let mut bind_tokens = |f: FunctionId, out: &mut NsOut, syms: &mut Syms, skip_names: &[&str]| -> Option<(String, proc_macro2::Ident, FunctionKind, TokenStream)> {
        let func = ir.function(f);
        if func.skip.is_some() || !func::is_callable_kind(func) || skip_names.contains(&func.py_name.as_str()) {
            return None;
        }
        let mut base = format!("w_{}", func.symbol.replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_"));
        while !wrapper_names.insert(base.clone()) {
            base.push('_');
        }
        let wident = format_ident!("{}", base);
        match func::wrapper(ctx, syms, func, wident) {
            Ok(w) => {
                out.functions += 1;
                Some((func.py_name.clone(), w.ident, func.kind, w.tokens))
            }
            Err(reason) => {
                let owner = func.owner.map(|o| format!("{}.", ir.ty(o).name)).unwrap_or_default();
                out.skipped.push((format!("{}.{owner}{}", n.name, func.py_name), reason));
                None
            }
        }
    };

    let mut bind = |f: FunctionId, out: &mut NsOut, syms: &mut Syms, skip_names: &[&str], body: &mut TokenStream| {
        bind_tokens(f, out, syms, skip_names).map(|(py, w, kind, tokens)| {
            body.extend(tokens);
            (py, w, kind)
        })
    };

    // Namespace-level functions.
    for &f in &n.functions {
        let func = ir.function(f);
        if let Some(reason) = &func.skip {
            items.insert(func.py_name.clone(), skipped_item(&reason.to_string()));
            continue;
        }
        if let Some((py, w, _)) = bind(f, &mut out, &mut syms, &[], &mut body) {
            let m = format_ident!("M_{}", w);
            let name = c_lit(&py);
            body.extend(quote!(static #m: rt::MethodDef = rt::MethodDef::new(#name, #w);));
            items.insert(py, quote!(rt::Item::Function(&#m)));
        } else if !items.contains_key(&func.py_name) {
            let reason = out.skipped.last().map(|(_, r)| r.clone()).unwrap_or_default();
            items.insert(func.py_name.clone(), skipped_item(&reason));
        }
    }

    // Types.
    for &t in &n.types {
        let def = ir.ty(t);
        if n.name == "GLib" && def.name == "Error" {
            // GLib.Error is the shared Python runtime's exception class.
            items.insert("Error".into(), quote!(rt::Item::ErrorClass));
            items.insert("GError".into(), quote!(rt::Item::ErrorClass));
            continue;
        }
        if let Some(reason) = &def.skip {
            if !matches!(def.kind, TypeKind::Alias(_) | TypeKind::Callback(_)) {
                items.insert(def.py_name.clone(), skipped_item(&reason.to_string()));
            }
            continue;
        }
        let is_gerror = n.name == "GLib" && def.name == "Error";
        match &def.kind {
            TypeKind::Class(_) | TypeKind::Interface(_) | TypeKind::Record(_) | TypeKind::Union(_) => {
                let (functions, memory, parent, interfaces, kind) = match &def.kind {
                    TypeKind::Class(c) => {
                        let kind = match c.memory {
                            Memory::Object => quote!(rt::Kind::Object),
                            Memory::Fundamental { .. } => quote!(rt::Kind::Fundamental),
                            _ => {
                                out.skipped.push((format!("{}.{}", n.name, def.name), "class with unknown memory management".into()));
                                continue;
                            }
                        };
                        (&c.functions, c.memory.clone(), c.parent, c.interfaces.clone(), kind)
                    }
                    TypeKind::Interface(i) => (&i.functions, Memory::Interface, None, Vec::new(), quote!(rt::Kind::Interface)),
                    TypeKind::Record(r) => (&r.functions, r.memory.clone(), None, Vec::new(), quote!(rt::Kind::Record)),
                    TypeKind::Union(r) => (&r.functions, r.memory.clone(), None, Vec::new(), quote!(rt::Kind::Union)),
                    _ => unreachable!(),
                };
                let is_object = n.name == "GObject" && def.name == "Object";
                let overrides: &[&str] = if is_object { OBJECT_OVERRIDES } else { &[] };
                let mut methods = Vec::new();
                for &f in functions {
                    if let Some((py, w, kind)) = bind(f, &mut out, &mut syms, overrides, &mut body) {
                        let kind = match kind {
                            // The wrapper checks `self` (rt::types::self_in).
                            FunctionKind::Method => quote!(rt::MethodKind::Checked),
                            FunctionKind::Constructor => quote!(rt::MethodKind::Class),
                            _ => quote!(rt::MethodKind::Static),
                        };
                        let name = c_lit(&py);
                        methods.push(quote!(rt::Method { def: rt::MethodDef::new(#name, #w), kind: #kind }));
                    }
                }
                let tident = ident("T_", &def.name);
                let pyname = &def.py_name;
                let gtype_name = match &def.gtype {
                    Some(g) => {
                        let s = &g.type_name;
                        quote!(Some(#s))
                    }
                    None => quote!(None),
                };
                let get_type = match def.gtype.as_ref().filter(|g| g.get_type != "intern") {
                    Some(g) => {
                        let s = syms.get(&g.get_type);
                        quote!(Some(&#s))
                    }
                    None => quote!(None),
                };
                let parent = match parent.filter(|p| ir.ty(*p).is_bound()) {
                    Some(p) => {
                        let path = ctx.desc_path(p);
                        quote!(Some(&#path))
                    }
                    None => quote!(None),
                };
                let ifaces: Vec<TokenStream> = interfaces
                    .iter()
                    .filter(|i| ir.ty(**i).is_bound() && matches!(ir.ty(**i).kind, TypeKind::Interface(_)))
                    .map(|i| {
                        let p = ctx.desc_path(*i);
                        quote!(&#p)
                    })
                    .collect();
                let memory = memory_tokens(&mut syms, &memory);
                let size = ctx.struct_size(t).unwrap_or(0);
                let extra = extra_methods(ctx, t);
                let field_sets = fields(ctx, t, &tident, &mut body);
                let props = typed_props(ctx, t);
                let is_value = n.name == "GObject" && def.name == "Value";
                let getsets = if is_value {
                    // Its fields are GValue internals; `g_type` is read-only.
                    quote!(&rt::gvalue::VALUE_GETSETS)
                } else if field_sets.is_empty() {
                    extra_getsets(ctx, t)
                } else {
                    quote!(&[#(#field_sets),*])
                };
                let nsi = format_ident!("NS");
                body.extend(quote! {
                    pub static #tident: rt::TypeDesc = rt::TypeDesc {
                        ns: &#nsi,
                        name: #pyname,
                        kind: #kind,
                        gtype_name: #gtype_name,
                        get_type: #get_type,
                        parent: #parent,
                        interfaces: &[#(#ifaces),*],
                        memory: #memory,
                        size: #size,
                        methods: &[#(#methods),*],
                        extra_methods: #extra,
                        getsets: #getsets,
                        props: &[#(#props),*],
                        state: rt::TypeState::new(),
                    };
                });
                if let Some(g) = &def.gtype {
                    let m = ctx.ns_mod(ns);
                    out.gtypes.push((g.type_name.clone(), quote!(crate::#m::#tident)));
                    let signals = match &def.kind {
                        TypeKind::Class(c) => &c.signals[..],
                        TypeKind::Interface(i) => &i.signals[..],
                        _ => &[][..],
                    };
                    for sig in signals.iter().filter(|s| s.skip.is_none() && signal_needs_types(&s.signature)) {
                        let key = format!("{}::{}", g.type_name, sig.name.replace('_', "-"));
                        let fident = ident(&format!("SM_{}_", def.name), &sig.name);
                        match signal_marshaller(ctx, &fident, sig) {
                            Ok(tokens) => {
                                body.extend(tokens);
                                out.signals.push((key, quote!(crate::#m::#fident)));
                            }
                            Err(reason) => out.skipped.push((
                                format!("{}.{}::{} (signal; handlers get untyped values)", n.name, def.name, sig.name),
                                reason,
                            )),
                        }
                    }
                }
                if is_gerror {
                    items.insert("Error".into(), quote!(rt::Item::ErrorClass));
                    items.insert("GError".into(), quote!(rt::Item::ErrorClass));
                } else {
                    items.insert(def.py_name.clone(), quote!(rt::Item::Class(&#tident)));
                }
            }
            TypeKind::Enum(e) | TypeKind::Flags(e) => {
                let flags = matches!(def.kind, TypeKind::Flags(_));
                let eident = ident("E_", &def.name);
                let pyname = &def.py_name;
                let members: Vec<TokenStream> = e
                    .members
                    .iter()
                    .map(|m| {
                        let name = &m.py_name;
                        let v = m.value;
                        quote!((#name, #v))
                    })
                    .collect();
                let get_type = match def.gtype.as_ref().filter(|g| g.get_type != "intern") {
                    Some(g) => {
                        let s = syms.get(&g.get_type);
                        quote!(Some(&#s))
                    }
                    None => quote!(None),
                };
                let domain = match &e.error_domain {
                    Some(ErrorDomain::Named(d)) => quote!(Some(rt::Domain::Named(#d))),
                    Some(ErrorDomain::QuarkFunction(f)) => {
                        let s = syms.get(f);
                        quote!(Some(rt::Domain::QuarkFunction(&#s)))
                    }
                    None => quote!(None),
                };
                let mut methods = Vec::new();
                for &f in &e.functions {
                    if let Some((py, w, _)) = bind(f, &mut out, &mut syms, &[], &mut body) {
                        let name = c_lit(&py);
                        methods.push(quote!(rt::Method { def: rt::MethodDef::new(#name, #w), kind: rt::MethodKind::Static }));
                    }
                }
                body.extend(quote! {
                    pub static #eident: rt::EnumDesc = rt::EnumDesc {
                        ns: &NS,
                        name: #pyname,
                        flags: #flags,
                        members: &[#(#members),*],
                        get_type: #get_type,
                        error_domain: #domain,
                        methods: &[#(#methods),*],
                        state: rt::EnumState::new(),
                    };
                });
                if let Some(g) = &def.gtype {
                    let m = ctx.ns_mod(ns);
                    out.enum_gtypes.push((g.type_name.clone(), quote!(crate::#m::#eident)));
                }
                if e.error_domain.is_some() {
                    let m = ctx.ns_mod(ns);
                    out.error_domains.push(quote!(crate::#m::#eident));
                }
                items.insert(def.py_name.clone(), quote!(rt::Item::Enum(&#eident)));
            }
            TypeKind::Callback(cb) => {
                if ctx.callbacks.get(&t).copied().unwrap_or(false) {
                    match trampoline(ctx, t, &cb.signature) {
                        Ok(tokens) => body.extend(tokens),
                        Err(reason) => out.skipped.push((format!("{}.{} (callback)", n.name, def.name), reason)),
                    }
                }
            }
            TypeKind::Alias(target) => {
                // `Ns.Alias` is its target: the class or enum, or the Python type of a fundamental.
                let item = match target {
                    Type::Def(t) if ir.ty(*t).is_bound() && !(ir.namespace(ir.ty(*t).namespace).name == "GLib" && ir.ty(*t).name == "Error") => match &ir.ty(*t).kind {
                        TypeKind::Class(c) if !matches!(c.memory, Memory::Object | Memory::Fundamental { .. }) => None,
                        TypeKind::Class(_) | TypeKind::Interface(_) | TypeKind::Record(_) | TypeKind::Union(_) => {
                            let p = ctx.desc_path(*t);
                            Some(quote!(rt::Item::Class(&#p)))
                        }
                        TypeKind::Enum(_) | TypeKind::Flags(_) => {
                            let p = ctx.desc_path(*t);
                            Some(quote!(rt::Item::Enum(&#p)))
                        }
                        _ => None,
                    },
                    Type::Basic(b) if b.int_range().is_some() => Some(quote!(rt::Item::Builtin(c"int"))),
                    Type::Basic(Basic::Float | Basic::Double) => Some(quote!(rt::Item::Builtin(c"float"))),
                    Type::Basic(Basic::Boolean) => Some(quote!(rt::Item::Builtin(c"bool"))),
                    Type::Basic(Basic::Utf8 | Basic::Filename) => Some(quote!(rt::Item::Builtin(c"str"))),
                    _ => None,
                };
                if let Some(item) = item {
                    items.entry(def.py_name.clone()).or_insert(item);
                }
            }
        }
    }
    if n.name == "GObject" {
        items.insert("GType".into(), quote!(rt::Item::GTypeClass));
        // PyGObject's GType constants (the runtime knows their values: rt::gvalue::type_constant).
        for name in GOBJECT_TYPE_CONSTANTS {
            items.entry(name.to_string()).or_insert(quote!(rt::Item::Const(rt::Const::GType(#name))));
        }
    }

    // Constants.
    for c in &n.constants {
        let v = match &c.value {
            ConstantValue::Bool(b) => quote!(rt::Const::Bool(#b)),
            ConstantValue::Int(i) => match &c.ty {
                Type::Def(id) if ir.ty(*id).is_bound() && matches!(ir.ty(*id).kind, TypeKind::Enum(_) | TypeKind::Flags(_)) => {
                    let p = ctx.desc_path(*id);
                    quote!(rt::Const::Enum(&#p, #i))
                }
                _ => quote!(rt::Const::Int(#i)),
            },
            ConstantValue::UInt(u) => quote!(rt::Const::UInt(#u)),
            ConstantValue::Float(f) => {
                let lit = Literal::f64_suffixed(*f);
                quote!(rt::Const::Float(#lit))
            }
            ConstantValue::Str(s) => quote!(rt::Const::Str(#s)),
        };
        items.entry(c.py_name.clone()).or_insert(quote!(rt::Item::Const(#v)));
    }
    for s in &n.skipped {
        items.entry(s.name.clone()).or_insert_with(|| skipped_item(&s.reason.to_string()));
    }

    let libs: Vec<Literal> = n.shared_libraries.iter().map(|l| c_lit(l)).collect();
    let nsname = &n.name;
    let version = &n.version;
    let module = format!("{}.{}", ctx.plan.package, n.name);
    let item_entries: Vec<TokenStream> = items
        .iter()
        .map(|(k, v)| quote!((#k, #v)))
        .collect();
    let tables = std::mem::take(&mut *ctx.tables.borrow_mut());
    let sym_statics: Vec<TokenStream> = tables
        .syms
        .iter()
        .map(|(name, id)| {
            let lit = c_lit(name);
            quote!(static #id: rt::Sym = rt::Sym::new(#lit, &LIBS);)
        })
        .collect();
    let elem_statics: Vec<TokenStream> = tables
        .elems
        .values()
        .map(|(id, init)| quote!(static #id: rt::containers::Elem = #init;))
        .collect();
    let doc = format!(" {}-{}: generated by girgen (pyo3 backend). Do not edit.", n.name, n.version);
    out.tokens = quote! {
        #![doc = #doc]
        use girgen_runtime as rt;
        use rt::ffi;
        use std::ffi::{c_char, c_void};

        pub static LIBS: rt::Libs = rt::Libs::new(&[#(#libs),*]);
        pub static NS: rt::NsDesc = rt::NsDesc {
            name: #nsname,
            version: #version,
            module: #module,
            libs: &LIBS,
            items: &[#(#item_entries),*],
        };
        #body
        #(#elem_statics)*
        #(#sym_statics)*
    };
    out
}

/// Field accessors of a record/union of known layout: one static `rt::fields::Field` (offset and
/// element descriptor) per readable field, read and written by the runtime's generic accessors.
fn fields(ctx: &Ctx, id: TypeId, tident: &proc_macro2::Ident, body: &mut TokenStream) -> Vec<TokenStream> {
    let def = ctx.ir.ty(id);
    let fields = match &def.kind {
        TypeKind::Record(r) | TypeKind::Union(r) => &r.fields,
        _ => return Vec::new(),
    };
    let Some(offsets) = ctx.field_offsets(id) else { return Vec::new() };
    let mut out = Vec::new();
    for (f, off) in fields.iter().zip(offsets) {
        let (Some(off), FieldType::Value { ty, c_type }) = (off, &f.ty) else { continue };
        if f.private || !f.readable || f.skip.is_some() {
            continue;
        }
        let (elem, shape, writable) = match ty {
            Type::Array(a) => {
                // Arrays are read as lists (read-only, as on the other backends).
                let shape = match (a.kind, a.length) {
                    (gir::ir::ArrayKind::C, ArrayLength::Fixed(n)) if !c_type.as_deref().is_some_and(|c| c.contains('*')) => {
                        quote!(rt::fields::Shape::Fixed(#n))
                    }
                    (gir::ir::ArrayKind::C, ArrayLength::ZeroTerminated) => quote!(rt::fields::Shape::Array(rt::containers::ArrayKind::C)),
                    (gir::ir::ArrayKind::C, _) => continue,
                    (k, _) => {
                        let k = match k {
                            gir::ir::ArrayKind::GArray => quote!(GArray),
                            gir::ir::ArrayKind::PtrArray => quote!(PtrArray),
                            gir::ir::ArrayKind::ByteArray => quote!(ByteArray),
                            gir::ir::ArrayKind::C => quote!(C),
                        };
                        quote!(rt::fields::Shape::Array(rt::containers::ArrayKind::#k))
                    }
                };
                let Ok(elem) = ctx.elem_spec(&a.element, a.element_c_type.as_deref()) else { continue };
                (elem, shape, false)
            }
            _ => {
                let by_value_c = match ty {
                    // A struct field without `*` is held by value.
                    Type::Def(_) => c_type.clone(),
                    _ => None,
                };
                let Ok(elem) = ctx.elem_spec(ty, by_value_c.as_deref().or(Some("gpointer*"))) else { continue };
                // A struct or GValue held by value is shared with the parent when read and
                // read-only (assigning would have to copy into memory the struct owns).
                let embedded = matches!(ty, Type::Def(id) if matches!(ctx.ir.ty(*id).kind, TypeKind::Record(_) | TypeKind::Union(_))) && by_value_c.as_deref().is_some_and(|c| !c.contains('*') && c != "gpointer" && c != "gconstpointer");
                (elem, quote!(rt::fields::Shape::Value), f.writable && !embedded)
            }
        };
        let fident = ident(&format!("F_{tident}_"), &f.py_name);
        let name = &f.py_name;
        body.extend(quote!(static #fident: rt::fields::Field = rt::fields::Field {
            name: #name,
            offset: #off,
            elem: &#elem,
            writable: #writable,
            info: rt::FnInfo { name: "setattr", params: &[#name] },
            shape: #shape,
        };));
        let cname = c_lit(&f.py_name);
        out.push(quote!(rt::GetSet::field(#cname, &#fident)));
    }
    out
}

/// `rt::gvalue::PropDesc`s of the properties whose GIR type is a container: the GType of their
/// GValue (a boxed GHashTable, a gpointer) does not say what the elements are.
fn typed_props(ctx: &Ctx, id: TypeId) -> Vec<TokenStream> {
    let props = match &ctx.ir.ty(id).kind {
        TypeKind::Class(c) => &c.properties,
        TypeKind::Interface(i) => &i.properties,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for p in props {
        if p.skip.is_some() {
            continue;
        }
        let ty = match &p.ty {
            // C arrays (strv) are what the GValue's own type says.
            Type::Array(a) if a.kind == gir::ir::ArrayKind::C => continue,
            Type::Array(a) => {
                let Ok(e) = ctx.elem_spec(&a.element, a.element_c_type.as_deref()) else { continue };
                let kind = match a.kind {
                    gir::ir::ArrayKind::GArray => quote!(GArray),
                    gir::ir::ArrayKind::PtrArray => quote!(PtrArray),
                    gir::ir::ArrayKind::ByteArray => quote!(ByteArray),
                    gir::ir::ArrayKind::C => quote!(C),
                };
                let zt = a.zero_terminated;
                quote!(rt::gvalue::PropType::Array { elem: &#e, kind: rt::containers::ArrayKind::#kind, zero_terminated: #zt })
            }
            Type::List { single, element } => {
                let Ok(e) = ctx.elem_spec(element, None) else { continue };
                quote!(rt::gvalue::PropType::List { elem: &#e, single: #single })
            }
            Type::HashTable { key, value } => {
                let (Ok(k), Ok(v)) = (ctx.elem_spec(key, None), ctx.elem_spec(value, None)) else { continue };
                quote!(rt::gvalue::PropType::Hash { key: &#k, value: &#v })
            }
            _ => continue,
        };
        let name = &p.name;
        out.push(quote!(rt::gvalue::PropDesc { name: #name, ty: #ty }));
    }
    out
}

fn skipped_item(reason: &str) -> TokenStream {
    quote!(rt::Item::Skipped(#reason))
}

fn memory_tokens(syms: &mut Syms, m: &Memory) -> TokenStream {
    match m {
        Memory::Object => quote!(rt::Memory::Object),
        Memory::Fundamental { ref_func, unref_func, ref_sink_func } => {
            let r = syms.get(ref_func);
            let u = syms.get(unref_func);
            let s = match ref_sink_func {
                Some(s) => {
                    let s = syms.get(s);
                    quote!(Some(&#s))
                }
                None => quote!(None),
            };
            quote!(rt::Memory::Fundamental { ref_: &#r, unref: &#u, ref_sink: #s })
        }
        Memory::Boxed => quote!(rt::Memory::Boxed),
        Memory::CopyFree { copy_func, free_func } => {
            let c = syms.get(copy_func);
            let f = syms.get(free_func);
            quote!(rt::Memory::CopyFree { copy: &#c, free: &#f })
        }
        Memory::RefCounted { ref_func, unref_func } => {
            let r = syms.get(ref_func);
            let u = syms.get(unref_func);
            quote!(rt::Memory::RefCounted { ref_: &#r, unref: &#u })
        }
        Memory::Struct => quote!(rt::Memory::Struct),
        Memory::Borrowed | Memory::NotApplicable => quote!(rt::Memory::Borrowed),
        Memory::Interface => quote!(rt::Memory::Interface),
    }
}

/// Can a callback type be called back from C: every argument and the result are convertible.
/// (Callback types without a user_data parameter are called through libffi closures.)
pub fn callback_supported(ctx: &Ctx, id: TypeId) -> bool {
    let TypeKind::Callback(cb) = &ctx.ir.ty(id).kind else { return false };
    if !ctx.ir.ty(id).is_bound() {
        return false;
    }
    trampoline(ctx, id, &cb.signature).is_ok()
}

/// The libffi type a C value of `ty` is passed as (`out`: through a pointer).
fn ffi_kind(ctx: &Ctx, ty: &Type, out: bool) -> Result<TokenStream, String> {
    use gir::ir::Basic as B;
    if out {
        return Ok(quote!(rt::libffi::FfiType::Pointer));
    }
    let k = match ty {
        Type::Void => quote!(Void),
        Type::Basic(b) => match b {
            B::Boolean | B::Int32 | B::Int => quote!(S32),
            B::Int8 | B::Char => quote!(S8),
            B::UInt8 | B::UChar => quote!(U8),
            B::Int16 | B::Short => quote!(S16),
            B::UInt16 | B::UShort => quote!(U16),
            B::UInt32 | B::UInt | B::Unichar => quote!(U32),
            B::Int64 | B::Long | B::SSize | B::IntPtr => quote!(S64),
            B::UInt64 | B::ULong | B::Size | B::UIntPtr | B::GType => quote!(U64),
            B::Float => quote!(F32),
            B::Double => quote!(F64),
            B::Pointer | B::Utf8 | B::Filename => quote!(Pointer),
        },
        Type::Def(id) => match ctx.def_kind(*id)? {
            DefKind::Enum { unsigned: false, .. } => quote!(S32),
            DefKind::Enum { unsigned: true, .. } | DefKind::Flags(_) => quote!(U32),
            _ => quote!(Pointer),
        },
        _ => quote!(Pointer),
    };
    Ok(quote!(rt::libffi::FfiType::#k))
}

/// Per callback type: `cbb_Name(data, c…)` converts the C arguments, calls the Python callable
/// kept in the closure `data`, and converts its result(s) back (return value, out parameters);
/// `cb_Name(c…)` is the C function pointer of types with a user_data parameter (the closure
/// travels in it); `cbf_Name` is the libffi closure entry point (`SIG_Name` its C type), used
/// when C will not pass a user_data.
fn trampoline(ctx: &Ctx, id: TypeId, sig: &gir::ir::Signature) -> Result<TokenStream, String> {
    let def = ctx.ir.ty(id);
    let name = ident("cb_", &def.name);
    let body_name = ident("cbb_", &def.name);
    let ffi_name = ident("cbf_", &def.name);
    let sig_name = ident("SIG_", &def.name);
    let mut cs = Vec::new();
    let mut tys = Vec::new();
    let mut kinds = Vec::new();
    let mut py_args = Vec::new();
    let mut pre = Vec::new();
    let mut data = None;
    let mut err = None;
    for (i, p) in sig.params.iter().enumerate() {
        let c = format_ident!("c{}", i);
        let out = p.direction != Direction::In;
        let base = ffi_type(ctx, &p.ty)?;
        let ty = match p.role {
            ParamRole::UserData { .. } => {
                data.get_or_insert(c.clone());
                quote!(*mut c_void)
            }
            ParamRole::Error => {
                err = Some(c.clone());
                quote!(*mut *mut rt::GError)
            }
            ParamRole::Callback { .. } | ParamRole::DestroyNotify { .. } => return Err("callback taking a callback".into()),
            ParamRole::Skipped | ParamRole::ArrayLength { .. } => {
                if p.direction == Direction::Out {
                    // Cleared first; an out length is written with its array.
                    let z = func_zero(ctx, &p.ty)?;
                    pre.push(quote!(if !#c.is_null() { *#c = #z; }));
                }
                if out {
                    quote!(*mut #base)
                } else {
                    base
                }
            }
            ParamRole::Instance | ParamRole::Visible => {
                if p.caller_allocates {
                    return Err("caller-allocated out parameter of a callback".into());
                }
                match p.direction {
                    Direction::In => py_args.push(cb_arg(ctx, sig, p, quote!(#c))?),
                    Direction::InOut => {
                        let z = func_zero(ctx, &p.ty)?;
                        let v = quote!((if #c.is_null() { #z } else { *#c }));
                        py_args.push(cb_arg(ctx, sig, &Param { transfer: Transfer::None, ..p.clone() }, v)?)
                    }
                    Direction::Out => {
                        let z = func_zero(ctx, &p.ty)?;
                        pre.push(quote!(if !#c.is_null() { *#c = #z; }));
                    }
                }
                if out {
                    quote!(*mut #base)
                } else {
                    base
                }
            }
        };
        let kind = match p.role {
            ParamRole::UserData { .. } | ParamRole::Error => quote!(rt::libffi::FfiType::Pointer),
            _ => ffi_kind(ctx, &p.ty, out)?,
        };
        cs.push(c);
        tys.push(ty);
        kinds.push(kind);
    }
    let ret_ty = ffi_type(ctx, &sig.ret.ty)?;
    let ret_kind = ffi_kind(ctx, &sig.ret.ty, false)?;
    let info_name = def.py_name.clone();
    let err_store = match &err {
        Some(e) => quote!(Some(#e)),
        None => quote!(None),
    };
    // Outputs: the return value, then out/inout parameters, as the IR orders them.
    let n = sig.py_outputs.len();
    let (ovars, unpack) = unpack_outputs(n);
    let mut writes = Vec::new();
    let (_, default) = cb_return(ctx, &sig.ret.ty, sig.ret.transfer, quote!(r))?;
    let mut ret_value = if sig.ret.ty == Type::Void { quote!(()) } else { default.clone() };
    for (k, o) in sig.py_outputs.iter().enumerate() {
        let ov = &ovars[k];
        match o {
            Output::Return => {
                let (conv, _) = cb_return(ctx, &sig.ret.ty, sig.ret.transfer, quote!(#ov))?;
                writes.push(quote!(let rv = #conv?;));
                ret_value = quote!(rv);
            }
            Output::Param(j) => {
                let p = &sig.params[*j];
                let c = format_ident!("c{}", j);
                match &p.ty {
                    Type::Array(a) => {
                        let elem_c = func::element_c_type(&**a, p.c_type.as_deref(), true);
                        let spec = ctx.elem_spec(&a.element, elem_c.as_deref())?;
                        let kind = func::array_kind(a.kind);
                        let zt = a.zero_terminated;
                        let fixed = match a.length {
                            gir::ir::ArrayLength::Fixed(n) => n,
                            _ => 0,
                        };
                        let s = format_ident!("s{}", j);
                        let av = format_ident!("a{}", j);
                        writes.push(quote!(
                            let mut #s = rt::containers::Scratch::new();
                            let #av = rt::containers::array_in(&INFO, 0, #ov, &#spec, #kind, #zt, #fixed, rt::containers::Transfer::Full, false, &mut #s)?.give();
                            if !#c.is_null() { *#c = #av.ptr(); }
                        ));
                        if let gir::ir::ArrayLength::Param(l) = a.length {
                            if sig.params.get(l).is_some_and(|lp| lp.direction != Direction::In) {
                                let cl = format_ident!("c{}", l);
                                let lty = ffi_type(ctx, &sig.params[l].ty)?;
                                writes.push(quote!(if !#cl.is_null() { *#cl = #av.len() as #lty; }));
                            }
                        }
                    }
                    ty => {
                        let (conv, _) = cb_return(ctx, ty, p.transfer, quote!(#ov))?;
                        let v = format_ident!("v{}", j);
                        writes.push(quote!(let #v = #conv?; if !#c.is_null() { *#c = #v; }));
                    }
                }
            }
        }
    }
    let vars: Vec<proc_macro2::Ident> = (0..py_args.len()).map(|k| format_ident!("p{}", k)).collect();
    let idx: Vec<usize> = (0..cs.len()).collect();
    let with_data = match &data {
        Some(d) => quote! {
            pub(crate) unsafe extern "C" fn #name(#(#cs: #tys),*) -> #ret_ty {
                #body_name(#d, #(#cs),*)
            }
        },
        None => quote!(),
    };
    Ok(quote! {
        pub(crate) unsafe fn #body_name(data_: *mut c_void, #(#cs: #tys),*) -> #ret_ty {
            static INFO: rt::FnInfo = rt::FnInfo { name: #info_name, params: &["return value"] };
            rt::closure::invoke(data_, #err_store, #default, |callable| {
                #(#pre)*
                #(let #vars = #py_args?;)*
                let r = rt::pyutil::call(callable, &[#(#vars.as_ptr()),*])?;
                #unpack
                #(#writes)*
                Ok(#ret_value)
            })
        }
        #with_data
        pub(crate) static #sig_name: rt::libffi::Sig = rt::libffi::Sig::new(#ret_kind, &[#(#kinds),*]);
        pub(crate) unsafe extern "C" fn #ffi_name(_cif: *mut c_void, ret: *mut c_void, args: *mut *mut c_void, data: *mut c_void) {
            #(let #cs: #tys = *(*args.add(#idx) as *const #tys);)*
            let r = #body_name(data, #(#cs),*);
            rt::libffi::RetWrite::write(r, ret);
        }
    })
}

/// The zero value of a C type (out parameters are cleared before the Python callable runs).
fn func_zero(ctx: &Ctx, ty: &Type) -> Result<TokenStream, String> {
    Ok(match ty {
        Type::Basic(Basic::Utf8 | Basic::Filename) => quote!(std::ptr::null()),
        Type::Basic(Basic::Pointer) => quote!(std::ptr::null_mut()),
        Type::Basic(Basic::Float | Basic::Double) => quote!(0.0),
        Type::Basic(_) => quote!(0),
        Type::Def(id) => match ctx.def_kind(*id)? {
            DefKind::Enum { .. } | DefKind::Flags(_) => quote!(0),
            _ => quote!(std::ptr::null_mut()),
        },
        Type::Error => quote!(std::ptr::null_mut()),
        Type::Void => return Err("void out parameter".into()),
        _ => quote!(std::ptr::null_mut()),
    })
}

/// Converts a C argument of a callback (expression `v`) to a Python object (`R<Obj>`).
fn cb_arg(ctx: &Ctx, sig: &gir::ir::Signature, p: &Param, v: TokenStream) -> Result<TokenStream, String> {
    match &p.ty {
        Type::Array(a) => {
            let elem_c = func::element_c_type(&**a, p.c_type.as_deref(), p.direction != Direction::In);
            let spec = ctx.elem_spec(&a.element, elem_c.as_deref())?;
            let kind = func::array_kind(a.kind);
            let len = match a.length {
                gir::ir::ArrayLength::Param(l) => {
                    let cl = format_ident!("c{}", l);
                    match sig.params.get(l).map(|lp| lp.direction) {
                        Some(Direction::In) => quote!(#cl as i64),
                        Some(_) => quote!(if #cl.is_null() { 0 } else { *#cl as i64 }),
                        None => return Err("array length index out of range".into()),
                    }
                }
                gir::ir::ArrayLength::Fixed(n) => {
                    let n = n as i64;
                    quote!(#n)
                }
                gir::ir::ArrayLength::ZeroTerminated | gir::ir::ArrayLength::Container => quote!(-1),
                gir::ir::ArrayLength::Unknown => return Err("array of unknown length".into()),
            };
            let t = ctx.transfer_lit(p.transfer);
            Ok(quote!(rt::containers::array_out(#v as *mut c_void, #len, &#spec, #kind, #t)))
        }
        Type::Def(id) if matches!(ctx.ir.ty(*id).kind, TypeKind::Callback(_)) => Err("callback argument of a callback".into()),
        ty => out_conv(ctx, ty, v, p.transfer),
    }
}

/// (conversion of the Python object `r` to the C value, as `R<T>`; the value returned on error).
fn cb_return(ctx: &Ctx, ty: &Type, transfer: Transfer, r: TokenStream) -> Result<(TokenStream, TokenStream), String> {
    let full = transfer != Transfer::None;
    Ok(match ty {
        Type::Void => (quote!(Ok::<(), rt::Raised>(())), quote!(())),
        Type::Basic(b) => {
            let conv = match b {
                Basic::Boolean => quote!(rt::conv::bool_in(#r)),
                Basic::Int8 | Basic::Char => quote!(rt::conv::i8_in(&INFO, 0, #r)),
                Basic::UInt8 | Basic::UChar => quote!(rt::conv::u8_in(&INFO, 0, #r)),
                Basic::Int16 | Basic::Short => quote!(rt::conv::i16_in(&INFO, 0, #r)),
                Basic::UInt16 | Basic::UShort => quote!(rt::conv::u16_in(&INFO, 0, #r)),
                Basic::Int32 | Basic::Int => quote!(rt::conv::i32_in(&INFO, 0, #r)),
                Basic::UInt32 | Basic::UInt => quote!(rt::conv::u32_in(&INFO, 0, #r)),
                Basic::Int64 | Basic::Long | Basic::SSize | Basic::IntPtr => quote!(rt::conv::i64_in(&INFO, 0, #r)),
                Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr => quote!(rt::conv::u64_in(&INFO, 0, #r, "guint64")),
                Basic::Float => quote!(rt::conv::f32_in(&INFO, 0, #r)),
                Basic::Double => quote!(rt::conv::f64_in(&INFO, 0, #r)),
                Basic::Unichar => quote!(rt::conv::unichar_in(&INFO, 0, #r)),
                Basic::GType => quote!(rt::conv::gtype_in(&INFO, 0, #r).map(|t| t as u64)),
                Basic::Pointer => quote!(rt::conv::pointer_in(&INFO, 0, #r)),
                // A transfer-full string result: C owns (and frees) a copy.
                Basic::Utf8 => quote!(rt::conv::utf8_in_opt(&INFO, 0, #r).map(|p| rt::conv::strdup(p) as *const c_char)),
                Basic::Filename => quote!(rt::conv::filename_in(&INFO, 0, #r, true).map(|f| rt::conv::strdup(f.ptr()) as *const c_char)),
            };
            let default = match b {
                Basic::Float | Basic::Double => quote!(0.0),
                Basic::Pointer => quote!(std::ptr::null_mut()),
                Basic::Utf8 | Basic::Filename => quote!(std::ptr::null()),
                _ => quote!(0),
            };
            let conv = match b {
                // A borrowed (transfer-none) string result: a copy the closure keeps.
                Basic::Utf8 if !full => quote!(rt::conv::utf8_in_opt(&INFO, 0, #r).map(|p| rt::closure::keep_str(data_, p))),
                Basic::Filename if !full => {
                    quote!(rt::conv::filename_in(&INFO, 0, #r, true).map(|f| rt::closure::keep_str(data_, f.ptr())))
                }
                _ => conv,
            };
            (conv, default)
        }
        Type::Def(id) => match ctx.def_kind(*id)? {
            DefKind::Enum { desc, unsigned } => {
                let cast = if unsigned { quote!(u32) } else { quote!(i32) };
                (quote!(rt::enums::enum_in(&INFO, 0, #r, &#desc).map(|v| v as #cast)), quote!(0))
            }
            DefKind::Flags(desc) => (quote!(rt::enums::enum_in(&INFO, 0, #r, &#desc).map(|v| v as u32)), quote!(0)),
            DefKind::Record(_) | DefKind::Value(_) if !full => return Err("callback returning a borrowed struct".into()),
            DefKind::Object(desc) | DefKind::Interface(desc) | DefKind::Fundamental(desc) | DefKind::Record(desc) | DefKind::Value(desc) => {
                let conv = if full {
                    quote!(rt::types::instance_in_opt(&INFO, 0, #r, &#desc).and_then(|p| rt::types::give(&#desc, p)))
                } else {
                    quote!(rt::types::instance_in_opt(&INFO, 0, #r, &#desc))
                };
                (conv, quote!(std::ptr::null_mut()))
            }
            DefKind::Callback(_) => return Err("callback returning a callback".into()),
        },
        _ => return Err("callback result of this type".into()),
    })
}

/// Does a signal need a generated marshaller (its GValues alone do not say how to convert)?
fn signal_needs_types(sig: &gir::ir::Signature) -> bool {
    sig.params.iter().any(|p| {
        p.direction != Direction::In || matches!(p.ty, Type::Array(_) | Type::Error | Type::List { .. } | Type::HashTable { .. })
    })
}

/// `SM_Owner_signal(handler, extra, values, n, ret)`: converts the emission's GValues by the
/// signal's GIR types (arrays with their length argument, GErrors, containers, inout/out
/// pointers), calls the handler, stores its result(s).
fn signal_marshaller(ctx: &Ctx, fident: &proc_macro2::Ident, signal: &gir::ir::Signal) -> Result<TokenStream, String> {
    let sig = &signal.signature;
    let mut pre = Vec::new();
    let mut args = Vec::new();
    for (i, p) in sig.params.iter().enumerate() {
        let v = format_ident!("v{}", i);
        let vi = i + 1;
        pre.push(quote!(let #v = values.add(#vi);));
        match p.role {
            ParamRole::Visible | ParamRole::Instance => {}
            ParamRole::ArrayLength { .. } | ParamRole::Skipped => continue,
            _ => return Err("signal with callback or user_data parameters".into()),
        }
        if p.caller_allocates {
            return Err("caller-allocated signal argument".into());
        }
        let conv = match p.direction {
            Direction::In => match &p.ty {
                Type::Array(a) => {
                    let elem_c = func::element_c_type(&**a, p.c_type.as_deref(), false);
                    let spec = ctx.elem_spec(&a.element, elem_c.as_deref())?;
                    let kind = func::array_kind(a.kind);
                    let len = match a.length {
                        gir::ir::ArrayLength::Param(l) => {
                            let vl = format_ident!("v{}", l);
                            if sig.params.get(l).map(|lp| lp.direction) != Some(Direction::In) {
                                return Err("signal array with an out length".into());
                            }
                            quote!(rt::signals::value_int(#vl))
                        }
                        gir::ir::ArrayLength::Fixed(n) => {
                            let n = n as i64;
                            quote!(#n)
                        }
                        gir::ir::ArrayLength::ZeroTerminated | gir::ir::ArrayLength::Container => quote!(-1),
                        gir::ir::ArrayLength::Unknown => return Err("array of unknown length".into()),
                    };
                    quote!(rt::containers::array_out(rt::signals::value_ptr(#v), #len, &#spec, #kind, rt::containers::Transfer::None))
                }
                Type::Error => quote!(rt::gerror::error_value_out(rt::signals::value_ptr(#v) as *mut rt::GError, false)),
                Type::List { .. } | Type::HashTable { .. } => out_conv(ctx, &p.ty, quote!(rt::signals::value_ptr(#v)), Transfer::None)?,
                _ => quote!(rt::gvalue::to_py(#v)),
            },
            Direction::InOut => {
                if matches!(p.ty, Type::Array(_) | Type::List { .. } | Type::HashTable { .. }) {
                    return Err("inout container signal argument".into());
                }
                let fty = ffi_type(ctx, &p.ty)?;
                let z = func_zero(ctx, &p.ty)?;
                let read = quote!((if rt::signals::value_ptr(#v).is_null() { #z } else { *(rt::signals::value_ptr(#v) as *const #fty) }));
                out_conv(ctx, &p.ty, read, Transfer::None)?
            }
            Direction::Out => continue,
        };
        args.push(conv);
    }
    let n = sig.py_outputs.len();
    let (ovars, unpack) = unpack_outputs(n);
    let mut writes = Vec::new();
    for (k, o) in sig.py_outputs.iter().enumerate() {
        let ov = &ovars[k];
        match o {
            Output::Return => writes.push(quote!(rt::signals::set_return(ret, #ov)?;)),
            Output::Param(j) => {
                let p = &sig.params[*j];
                let v = format_ident!("v{}", j);
                let fty = ffi_type(ctx, &p.ty)?;
                let (conv, _) = cb_return(ctx, &p.ty, p.transfer, quote!(#ov))?;
                writes.push(quote!(
                    let x = #conv?;
                    let target = rt::signals::value_ptr(#v) as *mut #fty;
                    if !target.is_null() { *target = x; }
                ));
            }
        }
    }
    let name = &signal.name;
    let nparams = sig.params.len() as u32 + 1;
    let vars: Vec<proc_macro2::Ident> = (0..args.len()).map(|k| format_ident!("p{}", k)).collect();
    Ok(quote! {
        pub(crate) unsafe fn #fident(
            handler: *mut ffi::PyObject,
            extra: *mut ffi::PyObject,
            values: *const rt::GValue,
            n: u32,
            ret: *mut rt::GValue,
        ) -> rt::R<()> {
            static INFO: rt::FnInfo = rt::FnInfo { name: #name, params: &["return value"] };
            // No closure keeps borrowed string results of a signal (they are copied and leak).
            let data_: *mut c_void = std::ptr::null_mut();
            if n < #nparams {
                return Err(rt::pyutil::raise(ffi::PyExc_TypeError, format!("signal {}: {} values, expected {}", #name, n, #nparams)));
            }
            #(#pre)*
            let inst = rt::gvalue::to_py(values)?;
            #(let #vars = #args?;)*
            let r = rt::signals::call_handler(handler, extra, vec![inst, #(#vars),*])?;
            #unpack
            #(#writes)*
            Ok(())
        }
    })
}

/// The variables `o0..o{n-1}` holding a Python callback's outputs, and the statements taking them
/// from its result `r` (a single value, or a tuple of `n` checked by the runtime).
fn unpack_outputs(n: usize) -> (Vec<proc_macro2::Ident>, TokenStream) {
    let ovars: Vec<proc_macro2::Ident> = (0..n).map(|k| format_ident!("o{}", k)).collect();
    let unpack = match n {
        0 => quote!(let _ = r;),
        1 => quote!(let o0 = r.as_ptr();),
        _ => {
            let idx: Vec<usize> = (0..n).collect();
            quote!(
                let ov = rt::closure::unpack(&INFO, r.as_ptr(), #n)?;
                #(let #ovars = ov[#idx].as_ptr();)*
            )
        }
    };
    (ovars, unpack)
}
