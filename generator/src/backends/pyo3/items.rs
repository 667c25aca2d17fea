//! One Rust module per namespace: its libraries, the namespace descriptor with the sorted item
//! table, one descriptor per class/interface/record/union/enum, the function wrappers, and the C
//! trampolines of callback types.

use super::ctx::{c_lit, ident, Ctx, DefKind, Syms};
use super::func::{self, ffi_type, out_conv};
use gir::ir::{
    Basic, ConstantValue, FieldType, Direction, ErrorDomain, FunctionId, FunctionKind, Memory, NamespaceId, ParamRole, Transfer, Type,
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
    } else {
        quote!(&[])
    }
}

fn extra_getsets(ctx: &Ctx, id: TypeId) -> TokenStream {
    let def = ctx.ir.ty(id);
    let ns = &ctx.ir.namespace(def.namespace).name;
    if ns == "GObject" && def.name == "Object" {
        quote!(&rt::signals::OBJECT_GETSETS)
    } else {
        quote!(&[])
    }
}

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
                            FunctionKind::Method => quote!(rt::MethodKind::Instance),
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
                let getsets = if field_sets.is_empty() { extra_getsets(ctx, t) } else { quote!(&[#(#field_sets),*]) };
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
                        state: rt::TypeState::new(),
                    };
                });
                if let Some(g) = &def.gtype {
                    let m = ctx.ns_mod(ns);
                    out.gtypes.push((g.type_name.clone(), quote!(crate::#m::#tident)));
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
            TypeKind::Alias(_) => {}
        }
    }
    if n.name == "GObject" {
        items.insert("GType".into(), quote!(rt::Item::GTypeClass));
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
        let by_value_c = match ty {
            // A struct field without `*` is held by value.
            Type::Def(_) => c_type.clone(),
            _ => None,
        };
        let Ok(elem) = ctx.elem_spec(ty, by_value_c.as_deref().or(Some("gpointer*"))) else { continue };
        let fident = ident(&format!("F_{tident}_"), &f.py_name);
        let name = &f.py_name;
        let writable = f.writable;
        body.extend(quote!(static #fident: rt::fields::Field = rt::fields::Field {
            name: #name,
            offset: #off,
            elem: &#elem,
            writable: #writable,
            info: rt::FnInfo { name: "setattr", params: &[#name] },
        };));
        let cname = c_lit(&f.py_name);
        out.push(quote!(rt::GetSet::field(#cname, &#fident)));
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

/// Can a callback type be called back from C: it has a user_data parameter to carry the Python
/// callable, and every argument and the result are convertible.
pub fn callback_supported(ctx: &Ctx, id: TypeId) -> bool {
    let TypeKind::Callback(cb) = &ctx.ir.ty(id).kind else { return false };
    if !ctx.ir.ty(id).is_bound() {
        return false;
    }
    let sig = &cb.signature;
    let has_data = sig.params.iter().any(|p| matches!(p.role, ParamRole::UserData { .. }));
    has_data
        && sig.params.iter().all(|p| match p.role {
            ParamRole::UserData { .. } | ParamRole::Error => true,
            _ => p.direction == Direction::In && simple_cb_type(ctx, &p.ty),
        })
        && (sig.ret.ty == Type::Void || simple_cb_ret(ctx, &sig.ret.ty, sig.ret.transfer))
}

fn simple_cb_type(ctx: &Ctx, ty: &Type) -> bool {
    match ty {
        Type::Basic(_) => true,
        Type::Def(id) => ctx.ir.ty(*id).is_bound() && !matches!(ctx.ir.ty(*id).kind, TypeKind::Callback(_) | TypeKind::Alias(_)),
        _ => false,
    }
}

fn simple_cb_ret(ctx: &Ctx, ty: &Type, transfer: Transfer) -> bool {
    match ty {
        Type::Basic(Basic::Utf8 | Basic::Filename) => transfer != Transfer::None,
        Type::Basic(_) => true,
        Type::Def(id) => {
            let def = ctx.ir.ty(*id);
            def.is_bound()
                && match &def.kind {
                    TypeKind::Enum(_) | TypeKind::Flags(_) => true,
                    TypeKind::Class(_) | TypeKind::Interface(_) => true,
                    TypeKind::Record(_) | TypeKind::Union(_) => transfer != Transfer::None,
                    _ => false,
                }
        }
        _ => false,
    }
}

/// `unsafe extern "C" fn cb_Name(...)`: converts the C arguments, calls the Python callable kept
/// in the user_data closure, converts the result back.
fn trampoline(ctx: &Ctx, id: TypeId, sig: &gir::ir::Signature) -> Result<TokenStream, String> {
    let def = ctx.ir.ty(id);
    let name = ident("cb_", &def.name);
    let mut params = Vec::new();
    let mut py_args = Vec::new();
    let mut data = None;
    let mut err = None;
    for (i, p) in sig.params.iter().enumerate() {
        let c = format_ident!("c{}", i);
        match p.role {
            ParamRole::UserData { .. } => {
                params.push(quote!(#c: *mut c_void));
                data.get_or_insert(c);
            }
            ParamRole::Error => {
                params.push(quote!(#c: *mut *mut rt::GError));
                err = Some(c);
            }
            _ => {
                let ty = ffi_type(ctx, &p.ty)?;
                params.push(quote!(#c: #ty));
                let conv = out_conv(ctx, &p.ty, quote!(#c), p.transfer)?;
                py_args.push(conv);
            }
        }
    }
    let data = data.ok_or("no user_data")?;
    let ret_ty = ffi_type(ctx, &sig.ret.ty)?;
    let info_name = def.py_name.clone();
    let (ret_conv, default) = cb_return(ctx, &sig.ret.ty, sig.ret.transfer)?;
    let err_store = match &err {
        Some(e) => quote!(Some(#e)),
        None => quote!(None),
    };
    let vars: Vec<proc_macro2::Ident> = (0..py_args.len()).map(|k| format_ident!("p{}", k)).collect();
    Ok(quote! {
        pub(crate) unsafe extern "C" fn #name(#(#params),*) -> #ret_ty {
            static INFO: rt::FnInfo = rt::FnInfo { name: #info_name, params: &["return value"] };
            rt::closure::invoke(#data, #err_store, #default, |callable| {
                #(let #vars = #py_args?;)*
                let r = rt::pyutil::call(callable, &[#(#vars.as_ptr()),*])?;
                let r = r.as_ptr();
                #ret_conv
            })
        }
    })
}

/// (conversion of the Python result `r` to the C return value, value returned on error).
fn cb_return(ctx: &Ctx, ty: &Type, transfer: Transfer) -> Result<(TokenStream, TokenStream), String> {
    let full = transfer != Transfer::None;
    Ok(match ty {
        Type::Void => (quote!(let _ = r; Ok(())), quote!(())),
        Type::Basic(b) => {
            let conv = match b {
                Basic::Boolean => quote!(rt::conv::bool_in(r)),
                Basic::Int8 | Basic::Char => quote!(rt::conv::i8_in(&INFO, 0, r)),
                Basic::UInt8 | Basic::UChar => quote!(rt::conv::u8_in(&INFO, 0, r)),
                Basic::Int16 | Basic::Short => quote!(rt::conv::i16_in(&INFO, 0, r)),
                Basic::UInt16 | Basic::UShort => quote!(rt::conv::u16_in(&INFO, 0, r)),
                Basic::Int32 | Basic::Int => quote!(rt::conv::i32_in(&INFO, 0, r)),
                Basic::UInt32 | Basic::UInt => quote!(rt::conv::u32_in(&INFO, 0, r)),
                Basic::Int64 | Basic::Long | Basic::SSize | Basic::IntPtr => quote!(rt::conv::i64_in(&INFO, 0, r)),
                Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr => quote!(rt::conv::u64_in(&INFO, 0, r, "guint64")),
                Basic::Float => quote!(rt::conv::f32_in(&INFO, 0, r)),
                Basic::Double => quote!(rt::conv::f64_in(&INFO, 0, r)),
                Basic::Unichar => quote!(rt::conv::unichar_in(&INFO, 0, r)),
                Basic::GType => quote!(rt::conv::gtype_in(&INFO, 0, r).map(|t| t as u64)),
                Basic::Pointer => quote!(rt::conv::pointer_in(&INFO, 0, r)),
                Basic::Utf8 => quote!(rt::conv::utf8_in_opt(&INFO, 0, r).map(|p| rt::conv::strdup(p) as *const c_char)),
                Basic::Filename => quote!(rt::conv::filename_in(&INFO, 0, r, true).map(|f| rt::conv::strdup(f.ptr()) as *const c_char)),
            };
            let default = match b {
                Basic::Float | Basic::Double => quote!(0.0),
                Basic::Pointer => quote!(std::ptr::null_mut()),
                Basic::Utf8 | Basic::Filename => quote!(std::ptr::null()),
                _ => quote!(0),
            };
            (conv, default)
        }
        Type::Def(id) => match ctx.def_kind(*id)? {
            DefKind::Enum { desc, unsigned } => {
                let cast = if unsigned { quote!(u32) } else { quote!(i32) };
                (quote!(rt::enums::enum_in(&INFO, 0, r, &#desc).map(|v| v as #cast)), quote!(0))
            }
            DefKind::Flags(desc) => (quote!(rt::enums::enum_in(&INFO, 0, r, &#desc).map(|v| v as u32)), quote!(0)),
            DefKind::Object(desc) | DefKind::Interface(desc) | DefKind::Fundamental(desc) | DefKind::Record(desc) | DefKind::Value(desc) => {
                let conv = if full {
                    quote!(rt::types::instance_in_opt(&INFO, 0, r, &#desc).and_then(|p| rt::types::give(&#desc, p)))
                } else {
                    quote!(rt::types::instance_in_opt(&INFO, 0, r, &#desc))
                };
                (conv, quote!(std::ptr::null_mut()))
            }
            DefKind::Callback(_) => return Err("callback returning a callback".into()),
        },
        _ => return Err("callback result of this type".into()),
    })
}
