//! One `extern "C"` wrapper per bound function: parse the Python arguments, convert each C
//! parameter, call, check the GError, convert the results. Every conversion is a call into the
//! runtime crate, so a wrapper is a short straight-line function (quick to compile).

use super::ctx::{Ctx, DefKind, Syms};
use gir::ir::{
    Array, ArrayKind, ArrayLength, Basic, Direction, Function, FunctionKind, Output, Param, ParamRole, Scope, Signature, Transfer,
    Type,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// A generated wrapper: its items (statics and the function) and the function's name.
pub struct Wrapper {
    pub ident: Ident,
    pub tokens: TokenStream,
}

/// The Rust FFI type of a value of `ty` as C passes it.
pub fn ffi_type(ctx: &Ctx, ty: &Type) -> Result<TokenStream, String> {
    Ok(match ty {
        Type::Void => quote!(()),
        Type::Basic(b) => basic_ffi(*b),
        Type::Def(id) => match ctx.def_kind(*id)? {
            DefKind::Enum { unsigned: true, .. } | DefKind::Flags(_) => quote!(u32),
            DefKind::Enum { unsigned: false, .. } => quote!(i32),
            DefKind::Callback(_) => quote!(*mut c_void),
            _ => quote!(*mut c_void),
        },
        Type::Array(_) | Type::List { .. } | Type::HashTable { .. } => quote!(*mut c_void),
        Type::Error => quote!(*mut rt::GError),
    })
}

fn basic_ffi(b: Basic) -> TokenStream {
    match b {
        Basic::Boolean => quote!(i32),
        Basic::Int8 | Basic::Char => quote!(i8),
        Basic::UInt8 | Basic::UChar => quote!(u8),
        Basic::Int16 | Basic::Short => quote!(i16),
        Basic::UInt16 | Basic::UShort => quote!(u16),
        Basic::Int32 | Basic::Int => quote!(i32),
        Basic::UInt32 | Basic::UInt | Basic::Unichar => quote!(u32),
        Basic::Int64 | Basic::Long | Basic::SSize | Basic::IntPtr => quote!(i64),
        Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr | Basic::GType => quote!(u64),
        Basic::Float => quote!(f32),
        Basic::Double => quote!(f64),
        Basic::Pointer => quote!(*mut c_void),
        Basic::Utf8 | Basic::Filename => quote!(*const c_char),
    }
}

/// The zero value of a C type (initial value of out parameters, value of skipped ones).
fn zero(ctx: &Ctx, ty: &Type) -> Result<TokenStream, String> {
    Ok(match ty {
        Type::Basic(Basic::Utf8 | Basic::Filename) => quote!(std::ptr::null()),
        Type::Basic(Basic::Pointer) => quote!(std::ptr::null_mut()),
        Type::Basic(Basic::Float | Basic::Double) => quote!(0.0),
        Type::Basic(_) => quote!(0),
        Type::Def(id) => match ctx.def_kind(*id)? {
            DefKind::Enum { .. } | DefKind::Flags(_) => quote!(0),
            _ => quote!(std::ptr::null_mut()),
        },
        Type::Void => quote!(()),
        _ => quote!(std::ptr::null_mut()),
    })
}

/// Converts a C value (expression `v`) to a new Python reference (`R<Obj>` expression).
pub fn out_conv(ctx: &Ctx, ty: &Type, v: TokenStream, transfer: Transfer) -> Result<TokenStream, String> {
    let full = transfer == Transfer::Full || (transfer == Transfer::Container && !matches!(ty, Type::List { .. } | Type::HashTable { .. } | Type::Array(_)));
    Ok(match ty {
        Type::Void => quote!(rt::conv::none()),
        Type::Basic(b) => match b {
            Basic::Boolean => quote!(rt::conv::bool_out(#v)),
            Basic::Float | Basic::Double => quote!(rt::conv::f64_out(#v as f64)),
            Basic::Unichar => quote!(rt::conv::unichar_out(#v)),
            Basic::GType => quote!(rt::conv::gtype_object(#v as usize)),
            Basic::Pointer => quote!(rt::conv::pointer_out(#v)),
            Basic::Utf8 => quote!(rt::conv::utf8_out(#v, #full)),
            Basic::Filename => quote!(rt::conv::filename_out(#v, #full)),
            Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr => quote!(rt::conv::u64_out(#v as u64)),
            _ => quote!(rt::conv::i64_out(#v as i64)),
        },
        Type::Def(id) => match ctx.def_kind(*id)? {
            DefKind::Enum { desc, .. } | DefKind::Flags(desc) => quote!(rt::enums::enum_out(&#desc, #v as i64)),
            DefKind::Object(_) | DefKind::Interface(_) => quote!(rt::types::object_out(#v, #full)),
            DefKind::Fundamental(desc) => quote!(rt::types::fundamental_out(&#desc, #v, #full)),
            DefKind::Value(_) => quote!(rt::gvalue::value_out(#v as *mut rt::GValue, #full)),
            DefKind::Record(desc) => quote!(rt::types::record_out(&#desc, #v, #full)),
            DefKind::Callback(_) => return Err("callback values as results".into()),
        },
        Type::Array(a) => {
            let spec = ctx.elem_spec(&a.element, a.element_c_type.as_deref())?;
            let _ = spec;
            return Err("arrays as results without a length context".into());
        }
        Type::List { single, element } => {
            let spec = ctx.elem_spec(element, None)?;
            let t = ctx.transfer_lit(transfer);
            quote!(rt::containers::list_out(#v, #single, &#spec, #t))
        }
        Type::HashTable { key, value } => {
            let ks = ctx.elem_spec(key, None)?;
            let vs = ctx.elem_spec(value, None)?;
            let t = ctx.transfer_lit(transfer);
            quote!(rt::containers::hash_out(#v, &#ks, &#vs, #t))
        }
        Type::Error => quote!(rt::gerror::error_value_out(#v, #full)),
    })
}

/// Does the IR's function look like it can block (so the GIL is released around the call)? The IR
/// has no such fact; this is the pyo3 backend's heuristic (see docs/pyo3.md).
pub fn may_block(ctx: &Ctx, f: &Function) -> bool {
    let s = f.symbol.as_str();
    const NAMES: &[&str] = &[
        "g_main_loop_run",
        "g_main_context_iteration",
        "g_main_context_wait",
        "g_usleep",
        "g_thread_join",
        "g_thread_pool_free",
        "g_cond_wait",
        "g_cond_wait_until",
        "g_mutex_lock",
        "g_rec_mutex_lock",
        "g_rw_lock_reader_lock",
        "g_rw_lock_writer_lock",
        "g_async_queue_pop",
        "g_async_queue_timeout_pop",
        "g_poll",
        "g_spawn_sync",
        "g_spawn_command_line_sync",
        "g_subprocess_wait",
        "g_file_get_contents",
    ];
    let cancellable = f.signature.params.iter().any(|p| matches!(p.ty, Type::Def(id) if ctx.is_cancellable(id)));
    cancellable || s.ends_with("_sync") || NAMES.contains(&s)
}

struct Gen<'c, 'a> {
    ctx: &'c Ctx<'a>,
    info: Ident,
    /// Statements before the call (argument conversions).
    pre: Vec<TokenStream>,
    /// Statements right before the call (ownership given to C).
    give: Vec<TokenStream>,
    args: Vec<TokenStream>,
    tys: Vec<TokenStream>,
    /// Statements right after the call (before the GError check).
    after: Vec<TokenStream>,
    /// Output conversions by output slot.
    outs: Vec<(Output, TokenStream)>,
    /// The function's Python name and the virtual method it invokes (a guarded call).
    func_name: String,
    invokes: Option<gir::ir::FunctionId>,
    owner: Option<gir::ir::TypeId>,
}

/// Emits the wrapper of `f`, or says why this backend cannot bind it.
pub fn wrapper(ctx: &Ctx, syms: &mut Syms, f: &Function, ident: Ident) -> Result<Wrapper, String> {
    let sig = &f.signature;
    let info = format_ident!("I_{}", ident);
    let mut g = Gen {
        ctx,
        info: info.clone(),
        pre: vec![],
        give: vec![],
        args: vec![],
        tys: vec![],
        after: vec![],
        outs: vec![],
        func_name: f.py_name.clone(),
        invokes: if f.kind == FunctionKind::Method { f.invokes } else { None },
        owner: f.owner,
    };
    let py_pos = |i: usize| sig.py_inputs.iter().position(|&j| j == i);
    for (i, p) in sig.params.iter().enumerate() {
        g.param(sig, i, p, py_pos(i))?;
    }
    let ret_ty = ffi_type(ctx, &sig.ret.ty)?;
    let ret_conv = if sig.ret.ty == Type::Void {
        None
    } else {

        Some(match &sig.ret.ty {
            Type::Array(a) => g.array_out(sig, a, quote!(r), sig.ret.transfer, Output::Return)?,
            ty => out_conv(ctx, ty, quote!(r), sig.ret.transfer)?,
        })
    };
    if let Some(conv) = ret_conv {
        if sig.ret.skip {
            // Still take ownership of (and drop) a skipped transfer-full result.
            if sig.ret.transfer != Transfer::None && !matches!(sig.ret.ty, Type::Basic(b) if !b.is_pointer()) {
                g.after.push(quote!(let _ = #conv;));
            }
        } else {
            g.outs.insert(0, (Output::Return, conv));
        }
    }
    let sym = syms.get(&f.symbol);
    let tys = &g.tys;
    let args = &g.args;
    let call = if may_block(ctx, f) {
        quote!(let r = rt::without_gil(|| cfn(#(#args),*));)
    } else {
        quote!(let r = cfn(#(#args),*);)
    };
    let n = sig.py_inputs.len();
    let a_idents: Vec<Ident> = (0..n).map(|k| format_ident!("a{}", k)).collect();
    let names: Vec<&str> = sig.py_inputs.iter().map(|&i| sig.params[i].py_name.as_str()).collect();
    let parse = if n == 0 {
        quote!(rt::parse_args::<0>(&#info, args, nargs, kw)?;)
    } else {
        let nl = Literal::usize_unsuffixed(n);
        // Trailing nullable inputs default to None, as in PyGObject.
        let required = sig
            .py_inputs
            .iter()
            .rposition(|&i| !sig.params[i].nullable || sig.params[i].direction != Direction::In)
            .map_or(0, |k| k + 1);
        if required < n {
            let rl = Literal::usize_unsuffixed(required);
            quote!(let [#(#a_idents),*] = rt::call::parse_args_opt::<#nl>(&#info, args, nargs, kw, #rl)?;)
        } else {
            quote!(let [#(#a_idents),*] = rt::parse_args::<#nl>(&#info, args, nargs, kw)?;)
        }
    };
    let check = if sig.throws { quote!(rt::gerror::check(err)?;) } else { quote!() };
    // Outputs in the IR's order: the return value, then out parameters.
    let mut outs: Vec<TokenStream> = Vec::new();
    let mut out_names: Vec<TokenStream> = Vec::new();
    for o in &sig.py_outputs {
        if let Some((_, conv)) = g.outs.iter().find(|(slot, _)| slot == o) {
            outs.push(conv.clone());
            out_names.push(match o {
                Output::Return => quote!(None),
                Output::Param(i) => {
                    let n = &sig.params[*i].py_name;
                    quote!(Some(#n))
                }
            });
        }
    }
    let result = match outs.len() {
        0 => quote!(Ok(rt::Obj::none().into_ptr())),
        1 => {
            let o = &outs[0];
            quote!(Ok(#o?.into_ptr()))
        }
        k => {
            let vars: Vec<Ident> = (0..k).map(|j| format_ident!("o{}", j)).collect();
            quote!(
                #(let #vars = #outs?;)*
                Ok(rt::pyutil::result_tuple(&[#(#out_names),*], vec![#(#vars),*])?.into_ptr())
            )
        }
    };
    let name = &f.py_name;
    let pre = &g.pre;
    let give = &g.give;
    let after = &g.after;
    let tokens = quote! {
        static #info: rt::FnInfo = rt::FnInfo { name: #name, params: &[#(#names),*] };
        unsafe extern "C" fn #ident(
            slf: *mut ffi::PyObject,
            args: *const *mut ffi::PyObject,
            nargs: ffi::Py_ssize_t,
            kw: *mut ffi::PyObject,
        ) -> *mut ffi::PyObject {
            rt::trampoline(|| {
                #parse
                #(#pre)*
                let cfn: unsafe extern "C" fn(#(#tys),*) -> #ret_ty = rt::func(&#sym)?;
                #(#give)*
                #call
                #(#after)*
                #check
                #result
            })
        }
    };
    Ok(Wrapper { ident, tokens })
}

impl Gen<'_, '_> {
    /// (byte offset in the class struct, vfunc name) of the virtual method this method invokes,
    /// when the class struct's layout is known.
    fn vfunc_slot_offset(&self) -> Option<(usize, String)> {
        let ctx = self.ctx;
        let vfunc = ctx.ir.function(self.invokes?);
        let slot = vfunc.vfunc_slot?;
        let gir::ir::TypeKind::Class(c) = &ctx.ir.ty(self.owner?).kind else { return None };
        let offset = (*ctx.field_offsets(c.type_struct?)?.get(slot)?)?;
        Some((offset, vfunc.name.clone()))
    }

    fn param(&mut self, sig: &Signature, i: usize, p: &Param, k: Option<usize>) -> Result<(), String> {
        let c = format_ident!("c{}", i);
        let ctx = self.ctx;
        match p.role {
            ParamRole::Instance => {
                // The method descriptor takes any object (rt::MethodKind::Checked): check `self` here.
                let desc = match &p.ty {
                    Type::Def(id) => match ctx.def_kind(*id)? {
                        DefKind::Object(d) | DefKind::Interface(d) | DefKind::Fundamental(d) | DefKind::Record(d) | DefKind::Value(d) => d,
                        _ => return Err("instance parameter of this type".into()),
                    },
                    _ => return Err("instance parameter of this type".into()),
                };
                let info = &self.info;
                self.pre.push(quote!(let #c = rt::types::self_in(&#info, slf, &#desc)?;));
                if let Some((offset, vfunc)) = self.vfunc_slot_offset() {
                    let method = &self.func_name;
                    self.pre.push(quote!(rt::call::vfunc_check(#c, #offset, #method, #vfunc)?;));
                }
                if p.transfer != Transfer::None {
                    // C takes a reference (or a copy) of the instance: the wrapper keeps its own.
                    if let Type::Def(id) = &p.ty {
                        match ctx.def_kind(*id)? {
                            DefKind::Object(desc) | DefKind::Interface(desc) | DefKind::Fundamental(desc) | DefKind::Record(desc) | DefKind::Value(desc) => {
                                self.give.push(quote!(let #c = rt::types::give(&#desc, #c)?;));
                            }
                            _ => {}
                        }
                    }
                }
                self.tys.push(quote!(*mut c_void));
                self.args.push(quote!(#c));
            }
            ParamRole::Error => {
                self.pre.push(quote!(let mut err: *mut rt::GError = std::ptr::null_mut();));
                self.tys.push(quote!(*mut *mut rt::GError));
                self.args.push(quote!(&mut err));
            }
            ParamRole::Skipped | ParamRole::UserData { callback: None } => {
                let ty = ffi_type(ctx, &p.ty)?;
                let z = zero(ctx, &p.ty)?;
                match p.direction {
                    Direction::In => {
                        self.tys.push(ty);
                        self.args.push(z);
                    }
                    _ => {
                        self.pre.push(quote!(let mut #c: #ty = #z;));
                        self.tys.push(quote!(*mut #ty));
                        self.args.push(if p.optional { quote!(std::ptr::null_mut()) } else { quote!(&mut #c) });
                    }
                }
            }
            ParamRole::ArrayLength { array } => self.length_param(sig, i, p, array)?,
            ParamRole::UserData { callback: Some(cb) } => {
                let cbv = format_ident!("cb{}", cb);
                self.tys.push(quote!(*mut c_void));
                self.args.push(quote!(#cbv.user_data()));
            }
            ParamRole::DestroyNotify { callback } => {
                let cbv = format_ident!("cb{}", callback);
                self.tys.push(quote!(*mut c_void));
                let with_data = matches!(sig.params.get(callback).map(|c| &c.role), Some(ParamRole::Callback { user_data: Some(_), .. }));
                if with_data {
                    self.args.push(quote!(#cbv.destroy_notify()));
                } else {
                    // C calls the notify with a NULL user_data: a closure bound to the callable.
                    let dn = format_ident!("dn{}", i);
                    self.give.push(quote!(let #dn = #cbv.ffi_destroy_notify()?;));
                    self.args.push(quote!(#dn));
                }
            }
            ParamRole::Callback { scope, user_data, .. } => {
                let k = k.ok_or("callback parameter without a Python input")?;
                self.callback_param(i, p, k, scope, user_data.is_some())?;
            }
            ParamRole::Visible => match p.direction {
                Direction::In => {
                    let k = k.ok_or("input parameter without a Python input")?;
                    self.in_param(sig, i, p, k)?;
                }
                Direction::Out => self.out_param(sig, i, p)?,
                Direction::InOut => {
                    let k = k.ok_or("inout parameter without a Python input")?;
                    self.inout_param(sig, i, p, k)?;
                }
            },
        }
        Ok(())
    }

    fn in_param(&mut self, sig: &Signature, i: usize, p: &Param, k: usize) -> Result<(), String> {
        let ctx = self.ctx;
        let c = format_ident!("c{}", i);
        let a = format_ident!("a{}", k);
        let info = &self.info;
        let kl = Literal::usize_unsuffixed(k);
        let full = p.transfer != Transfer::None;
        let nullable = p.nullable;
        match &p.ty {
            Type::Basic(b) => {
                let conv = match b {
                    Basic::Boolean => quote!(rt::conv::bool_in(#a)?),
                    Basic::Int8 | Basic::Char => quote!(rt::conv::i8_in(&#info, #kl, #a)?),
                    Basic::UInt8 | Basic::UChar => quote!(rt::conv::u8_in(&#info, #kl, #a)?),
                    Basic::Int16 | Basic::Short => quote!(rt::conv::i16_in(&#info, #kl, #a)?),
                    Basic::UInt16 | Basic::UShort => quote!(rt::conv::u16_in(&#info, #kl, #a)?),
                    Basic::Int32 | Basic::Int => quote!(rt::conv::i32_in(&#info, #kl, #a)?),
                    Basic::UInt32 | Basic::UInt => quote!(rt::conv::u32_in(&#info, #kl, #a)?),
                    Basic::Int64 | Basic::Long | Basic::SSize | Basic::IntPtr => quote!(rt::conv::i64_in(&#info, #kl, #a)?),
                    Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr => {
                        let name = b.gir_name();
                        quote!(rt::conv::u64_in(&#info, #kl, #a, #name)?)
                    }
                    Basic::Float => quote!(rt::conv::f32_in(&#info, #kl, #a)?),
                    Basic::Double => quote!(rt::conv::f64_in(&#info, #kl, #a)?),
                    Basic::Unichar => quote!(rt::conv::unichar_in(&#info, #kl, #a)?),
                    Basic::GType => quote!(rt::conv::gtype_in(&#info, #kl, #a)? as u64),
                    Basic::Pointer if nullable => quote!(rt::conv::pointer_in(&#info, #kl, #a)?),
                    Basic::Pointer => quote!(rt::conv::pointer_in_nonnull(&#info, #kl, #a)?),
                    Basic::Utf8 if !full && p.c_writable() => {
                        // C may write into it: a copy, never the str's own buffer.
                        let tmp = format_ident!("ws{}", i);
                        let s = if nullable {
                            quote!(rt::conv::utf8_in_opt(&#info, #kl, #a)?)
                        } else {
                            quote!(rt::conv::utf8_in(&#info, #kl, #a)?)
                        };
                        self.pre.push(quote!(let #tmp = rt::conv::WritableStr::new(#s);));
                        quote!(#tmp.ptr())
                    }
                    Basic::Utf8 => {
                        if nullable {
                            quote!(rt::conv::utf8_in_opt(&#info, #kl, #a)?)
                        } else {
                            quote!(rt::conv::utf8_in(&#info, #kl, #a)?)
                        }
                    }
                    Basic::Filename => {
                        let tmp = format_ident!("fs{}", i);
                        self.pre.push(quote!(let #tmp = rt::conv::filename_in(&#info, #kl, #a, #nullable)?;));
                        if !full && p.c_writable() {
                            // C may write into it: a copy, never the bytes object given.
                            let ws = format_ident!("ws{}", i);
                            self.pre.push(quote!(let #ws = rt::conv::WritableStr::new(#tmp.ptr());));
                            quote!(#ws.ptr())
                        } else {
                            quote!(#tmp.ptr())
                        }
                    }
                };
                self.pre.push(quote!(let #c = #conv;));
                self.tys.push(basic_ffi(*b));
                if full && matches!(b, Basic::Utf8 | Basic::Filename) {
                    self.give.push(quote!(let #c = rt::conv::strdup(#c);));
                }
                self.args.push(quote!(#c));
            }
            Type::Def(id) if Some(*id) == ctx.closure_type && is_pointer_c_type(p.c_type.as_deref()) => {
                let desc = ctx.desc_path(*id);
                self.pre.push(quote!(let #c = rt::signals::closure_in(&#info, #kl, #a, &#desc, #nullable)?;));
                self.tys.push(quote!(*mut c_void));
                if full {
                    self.give.push(quote!(let #c = #c.give()?;));
                    self.args.push(quote!(#c));
                } else {
                    self.args.push(quote!(#c.ptr()));
                }
            }
            Type::Def(id) => {
                let conv = match ctx.def_kind(*id)? {
                    DefKind::Enum { desc, unsigned } => {
                        if unsigned {
                            quote!(rt::enums::enum_in(&#info, #kl, #a, &#desc)? as u32)
                        } else {
                            quote!(rt::enums::enum_in(&#info, #kl, #a, &#desc)? as i32)
                        }
                    }
                    DefKind::Flags(desc) => quote!(rt::enums::enum_in(&#info, #kl, #a, &#desc)? as u32),
                    DefKind::Value(desc) => {
                        let tmp = format_ident!("gv{}", i);
                        self.pre.push(quote!(let mut #tmp = rt::gvalue::value_in(&#info, #kl, #a, &#desc, #nullable)?;));
                        if full {
                            return Err("transfer-full GValue arguments".into());
                        }
                        quote!(#tmp.ptr() as *mut c_void)
                    }
                    DefKind::Record(_) if !is_pointer_c_type(p.c_type.as_deref()) => {
                        return Err(format!("struct `{}` passed by value", ctx.ir.ty(desc_id(ctx, *id)).name));
                    }
                    DefKind::Object(desc) | DefKind::Interface(desc) | DefKind::Fundamental(desc) | DefKind::Record(desc) => {
                        let conv = if nullable {
                            quote!(rt::types::instance_in_opt(&#info, #kl, #a, &#desc)?)
                        } else {
                            quote!(rt::types::instance_in(&#info, #kl, #a, &#desc)?)
                        };
                        if full {
                            self.give.push(quote!(let #c = rt::types::give(&#desc, #c)?;));
                        }
                        conv
                    }
                    DefKind::Callback(_) => return Err("callback without scope information".into()),
                };
                self.pre.push(quote!(let #c = #conv;));
                self.tys.push(ffi_type(ctx, &p.ty)?);
                self.args.push(quote!(#c));
            }
            Type::Array(arr) => self.array_in(sig, i, p, k, arr)?,
            Type::List { single, element } => {
                let spec = ctx.elem_spec(element, None)?;
                let t = ctx.transfer_lit(p.transfer);
                self.pre.push(quote!(let #c = rt::containers::list_in(&#info, #kl, #a, #single, &#spec, #t, #nullable)?;));
                self.tys.push(quote!(*mut c_void));
                if p.transfer != Transfer::None {
                    self.give.push(quote!(let #c = #c.give();));
                }
                self.args.push(quote!(#c.ptr()));
            }
            Type::HashTable { key, value } => {
                let ks = ctx.elem_spec(key, None)?;
                let vs = ctx.elem_spec(value, None)?;
                let t = ctx.transfer_lit(p.transfer);
                self.pre.push(quote!(let #c = rt::containers::hash_in(&#info, #kl, #a, &#ks, &#vs, #t, #nullable)?;));
                self.tys.push(quote!(*mut c_void));
                if p.transfer != Transfer::None {
                    self.give.push(quote!(let #c = #c.give();));
                }
                self.args.push(quote!(#c.ptr()));
            }
            Type::Error => {
                self.pre.push(quote!(let #c = rt::gerror::error_value_in(&#info, #kl, #a, #nullable)?;));
                self.tys.push(quote!(*mut rt::GError));
                if full {
                    self.give.push(quote!(let #c = #c.give();));
                }
                self.args.push(quote!(#c.ptr()));
            }
            Type::Void => return Err("void parameter".into()),
        }
        Ok(())
    }

    fn out_param(&mut self, sig: &Signature, i: usize, p: &Param) -> Result<(), String> {
        let ctx = self.ctx;
        let c = format_ident!("c{}", i);

        match &p.ty {
            Type::Def(id) if p.caller_allocates => match ctx.def_kind(*id)? {
                DefKind::Value(_) => {
                    self.pre.push(quote!(let mut #c = rt::gvalue::Value::new();));
                    self.tys.push(quote!(*mut rt::GValue));
                    self.args.push(quote!(#c.as_mut_ptr()));
                    self.outs.push((Output::Param(i), quote!(rt::gvalue::to_py(#c.as_mut_ptr()))));
                }
                DefKind::Record(desc) => {
                    let size = ctx.struct_size(*id).ok_or_else(|| {
                        format!("caller-allocated `{}` of unknown size", ctx.ir.ty(*id).name)
                    })?;
                    self.pre.push(quote!(let #c = rt::types::alloc_struct(&#desc, #size)?;));
                    self.tys.push(quote!(*mut c_void));
                    self.args.push(quote!(#c.ptr()));
                    self.outs.push((Output::Param(i), quote!(#c.into_py())));
                }
                _ => return Err("caller-allocated out parameter of this type".into()),
            },
            Type::Array(a) if p.caller_allocates => {
                return self.array_out_caller(sig, i, p, a);
            }
            Type::Array(a) => {
                let ty = quote!(*mut c_void);
                self.pre.push(quote!(let mut #c: #ty = std::ptr::null_mut();));
                self.tys.push(quote!(*mut #ty));
                self.args.push(quote!(&mut #c));
                let conv = self.array_out(sig, a, quote!(#c), p.transfer, Output::Param(i))?;
                self.outs.push((Output::Param(i), conv));
            }
            ty => {
                let fty = ffi_type(ctx, ty)?;
                let z = zero(ctx, ty)?;
                if p.caller_allocates {
                    return Err("caller-allocated out parameter of this type".into());
                }
                self.pre.push(quote!(let mut #c: #fty = #z;));
                self.tys.push(quote!(*mut #fty));
                self.args.push(quote!(&mut #c));
                let conv = out_conv(ctx, ty, quote!(#c), p.transfer)?;
                self.outs.push((Output::Param(i), conv));
            }
        }
        Ok(())
    }

    fn inout_param(&mut self, sig: &Signature, i: usize, p: &Param, k: usize) -> Result<(), String> {
        let ctx = self.ctx;
        if let Type::Def(id) = p.ty {
            if matches!(ctx.def_kind(id)?, DefKind::Callback(_)) {
                return Err("inout callback".into());
            }
        }
        if p.caller_allocates {
            return Err("caller-allocated inout parameter".into());
        }
        // Convert the input like an `in` parameter (with the same transfer: a transfer-full input
        // is given to C, which frees it and stores a new value we then own), then pass the address
        // of a variable holding it.
        let inner = Param { direction: Direction::In, ..p.clone() };
        self.in_param(sig, i, &inner, k)?;
        let arg = self.args.pop().ok_or("no argument")?;
        self.tys.pop();
        let v = format_ident!("v{}", i);
        let fty = ffi_type(ctx, &p.ty)?;
        self.give.push(quote!(let mut #v: #fty = #arg as #fty;));
        self.tys.push(quote!(*mut #fty));
        self.args.push(quote!(&mut #v));
        let conv = match &p.ty {
            Type::Array(a) => self.array_out(sig, a, quote!(#v), p.transfer, Output::Param(i))?,
            ty => out_conv(ctx, ty, quote!(#v), p.transfer)?,
        };
        self.outs.push((Output::Param(i), conv));
        Ok(())
    }

    fn length_param(&mut self, sig: &Signature, i: usize, p: &Param, array: Output) -> Result<(), String> {
        let ctx = self.ctx;
        let c = format_ident!("c{}", i);
        let fty = ffi_type(ctx, &p.ty)?;
        let array_dir = match array {
            Output::Return => Direction::Out,
            Output::Param(j) => sig.params[j].direction,
        };
        match (p.direction, array_dir) {
            (Direction::In, Direction::In) | (Direction::In, Direction::InOut) => {
                // Computed from the array argument (converted before: arrays come first or later,
                // so the length is read lazily through the array's variable).
                let Output::Param(j) = array else { return Err("length of a returned array as an input".into()) };
                let arr = format_ident!("c{}", j);
                self.tys.push(fty.clone());
                self.args.push(quote!(#arr.len() as #fty));
                let _ = c;
            }
            (Direction::In, Direction::Out) => {
                // An out array whose size the caller chooses: not expressible in Python.
                return Err("out array sized by an input length".into());
            }
            (Direction::Out, _) | (Direction::InOut, _) => {
                let ldecl = format_ident!("len{}", i);
                if p.direction == Direction::InOut {
                    let Output::Param(j) = array else { return Err("inout length of a returned array".into()) };
                    let arr = format_ident!("c{}", j);
                    self.give.push(quote!(let mut #ldecl: #fty = #arr.len() as #fty;));
                } else {
                    self.pre.push(quote!(let mut #ldecl: #fty = 0;));
                }
                self.tys.push(quote!(*mut #fty));
                self.args.push(quote!(&mut #ldecl));
            }
        }
        Ok(())
    }

    fn array_in(&mut self, sig: &Signature, i: usize, p: &Param, k: usize, a: &Array) -> Result<(), String> {
        let ctx = self.ctx;
        let c = format_ident!("c{}", i);
        let a_ = format_ident!("a{}", k);
        let info = &self.info;
        let kl = Literal::usize_unsuffixed(k);
        let elem_c = element_c_type(a, p.c_type.as_deref(), p.direction != Direction::In);
        let spec = ctx.elem_spec(&a.element, elem_c.as_deref())?;
        let t = ctx.transfer_lit(p.transfer);
        let nullable = p.nullable;
        let kind = array_kind(a.kind);
        let zt = a.zero_terminated;
        let fixed = match a.length {
            ArrayLength::Fixed(n) => n,
            _ => 0,
        };
        let _ = sig;
        let scratch = format_ident!("s{}", i);
        self.pre.push(quote!(let mut #scratch = rt::containers::Scratch::new();));
        self.pre.push(quote!(let #c = rt::containers::array_in(&#info, #kl, #a_, &#spec, #kind, #zt, #fixed, #t, #nullable, &mut #scratch)?;));
        self.tys.push(quote!(*mut c_void));
        if p.transfer != Transfer::None {
            self.give.push(quote!(let #c = #c.give();));
        }
        self.args.push(quote!(#c.ptr()));
        Ok(())
    }

    /// Converts an array result (return value or out parameter `v`).
    fn array_out(&mut self, sig: &Signature, a: &Array, v: TokenStream, transfer: Transfer, slot: Output) -> Result<TokenStream, String> {
        let ctx = self.ctx;
        let (c_type, out) = match slot {
            Output::Return => (sig.ret.c_type.as_deref(), false),
            Output::Param(i) => (sig.params[i].c_type.as_deref(), true),
        };
        let elem_c = element_c_type(a, c_type, out);
        let spec = ctx.elem_spec(&a.element, elem_c.as_deref())?;
        let t = ctx.transfer_lit(transfer);
        let kind = array_kind(a.kind);
        let len = match a.length {
            ArrayLength::Param(l) => {
                let ldecl = format_ident!("len{}", l);
                match sig.params.get(l).map(|p| p.direction) {
                    Some(Direction::Out) | Some(Direction::InOut) => quote!(#ldecl as i64),
                    Some(Direction::In) => {
                        // The length is an input given by Python? Lengths of out arrays are hidden,
                        // so this is an input array's length (rare): use the converted value.
                        let c = format_ident!("c{}", l);
                        quote!(#c as i64)
                    }
                    None => return Err("array length index out of range".into()),
                }
            }
            ArrayLength::Fixed(n) => {
                let n = n as i64;
                quote!(#n)
            }
            ArrayLength::ZeroTerminated | ArrayLength::Container => quote!(-1),
            ArrayLength::Unknown => return Err("array of unknown length".into()),
        };
        Ok(quote!(rt::containers::array_out(#v as *mut c_void, #len, &#spec, #kind, #t)))
    }

    fn array_out_caller(&mut self, sig: &Signature, i: usize, p: &Param, a: &Array) -> Result<(), String> {
        // GArray/GPtrArray/GByteArray: an empty container C fills; plain C arrays are not
        // supported (their size is not always known here).
        if a.kind == gir::ir::ArrayKind::C {
            let _ = sig;
            return Err("caller-allocated out array".into());
        }
        let ctx = self.ctx;
        let c = format_ident!("c{}", i);
        let spec = ctx.elem_spec(&a.element, a.element_c_type.as_deref())?;
        let kind = array_kind(a.kind);
        let zt = a.zero_terminated;
        // We allocated the container: it is ours to free, whatever the annotation says.
        let t = ctx.transfer_lit(if p.transfer == Transfer::None { Transfer::Container } else { p.transfer });
        self.pre.push(quote!(let #c = rt::containers::caller_array(&#spec, #kind, #zt);));
        self.tys.push(quote!(*mut c_void));
        self.args.push(quote!(#c));
        self.outs.push((Output::Param(i), quote!(rt::containers::array_out(#c, -1, &#spec, #kind, #t))));
        Ok(())
    }

    fn callback_param(&mut self, i: usize, p: &Param, k: usize, scope: Scope, with_data: bool) -> Result<(), String> {
        let ctx = self.ctx;
        let Type::Def(id) = p.ty else { return Err("callback parameter that is not a callback type".into()) };
        let DefKind::Callback(tramp) = ctx.def_kind(id)? else { return Err("callback of unknown type".into()) };
        if !ctx.callbacks.get(&id).copied().unwrap_or(false) {
            return Err(format!("callback type `{}` whose arguments or results cannot be converted", ctx.ir.ty(id).name));
        }
        let cbv = format_ident!("cb{}", i);
        let a = format_ident!("a{}", k);
        let info = &self.info;
        let kl = Literal::usize_unsuffixed(k);
        let scope = match scope {
            Scope::Call => quote!(rt::closure::Scope::Call),
            Scope::Async => quote!(rt::closure::Scope::Async),
            Scope::Notified => quote!(rt::closure::Scope::Notified),
            Scope::Forever => quote!(rt::closure::Scope::Forever),
        };
        let nullable = p.nullable;
        self.pre.push(quote!(let #cbv = rt::closure::Callback::new(&#info, #kl, #a, #scope, #nullable)?;));
        self.tys.push(quote!(*mut c_void));
        match tramp {
            Some(tramp) if with_data => self.args.push(quote!(#cbv.code(#tramp as *mut c_void))),
            _ => {
                // No user_data reaches the callback: a libffi closure bound to the callable.
                let def = ctx.ir.ty(id);
                let m = ctx.ns_mod(def.namespace);
                let sig = super::ctx::ident("SIG_", &def.name);
                let entry = super::ctx::ident("cbf_", &def.name);
                let code = format_ident!("fp{}", i);
                self.give.push(quote!(let #code = #cbv.ffi_code(&crate::#m::#sig, crate::#m::#entry)?;));
                self.args.push(quote!(#code));
            }
        }
        // The closure lives on per its scope; `Call` closures are dropped when the wrapper returns.
        self.after.push(quote!(#cbv.called();));
        Ok(())
    }
}

/// The element's C type as the array stores it. The GIR's element `c:type` is unreliable for
/// arrays of structs (`array_fixed_out_struct` writes `Struct*` for structs held by value), so for
/// C arrays it follows from the array's own C type: one `*` per level of indirection, less the one
/// an out parameter adds.
pub(super) fn element_c_type(a: &Array, array_c_type: Option<&str>, out: bool) -> Option<String> {
    let elem = a.element_c_type.clone();
    match a.kind {
        // A GArray holds its elements by value (its element size says how big they are).
        ArrayKind::GArray => return Some(elem.unwrap_or_else(|| "value".into()).trim_end_matches('*').to_string()),
        ArrayKind::PtrArray | ArrayKind::ByteArray => return elem,
        ArrayKind::C => {}
    }
    let Some(ct) = array_c_type else { return elem };
    let stars = ct.matches('*').count().saturating_sub(usize::from(out));
    let base = elem.as_deref().unwrap_or("gpointer").trim_end_matches('*').trim().to_string();
    Some(if stars >= 2 { format!("{base}*") } else { base })
}

pub(super) fn array_kind(k: ArrayKind) -> TokenStream {
    match k {
        ArrayKind::C => quote!(rt::containers::ArrayKind::C),
        ArrayKind::GArray => quote!(rt::containers::ArrayKind::GArray),
        ArrayKind::PtrArray => quote!(rt::containers::ArrayKind::PtrArray),
        ArrayKind::ByteArray => quote!(rt::containers::ArrayKind::ByteArray),
    }
}

fn is_pointer_c_type(c: Option<&str>) -> bool {
    c.is_none_or(|c| c.contains('*') || c.ends_with("pointer") || c == "gconstpointer")
}

fn desc_id(_ctx: &Ctx, id: gir::ir::TypeId) -> gir::ir::TypeId {
    id
}

/// Is this function's kind bound as a Python callable by this backend?
pub fn is_callable_kind(f: &Function) -> bool {
    f.kind != FunctionKind::VirtualMethod
}

