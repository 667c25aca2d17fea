//! Python wrappers of C functions: argument conversion, the call, the GError check and the
//! results, all following the IR's analysed [`Signature`].

use super::code::{py_str, Code};
use super::marshal::{CKind, Ctx, Special};
use gir::ir::{
    ArrayLength, Basic, Direction, Function, FunctionKind, Output, ParamRole, Signature, Transfer, Type, TypeKind,
};

/// A generated wrapper: the `def` (or a direct binding) and the C symbol binding it uses.
pub struct Wrapper {
    pub code: Code,
    /// `(global name, expression)` binding the C function at submodule import.
    pub symbol: (String, String),
}

/// The global name of a C function in a generated submodule.
pub fn symbol_global(symbol: &str) -> String {
    format!("_f_{symbol}")
}

/// The Python expression for the length of the array at `index` when its length comes from
/// another parameter. `values` holds, per C parameter, the Python expression of its value after
/// the call.
fn length_expr(sig: &Signature, output: Output, values: &[Option<String>]) -> Option<String> {
    let ty = match output {
        Output::Return => &sig.ret.ty,
        Output::Param(i) => &sig.params[i].ty,
    };
    match ty {
        Type::Array(a) => match a.length {
            ArrayLength::Param(l) => values.get(l).cloned().flatten(),
            _ => None,
        },
        _ => None,
    }
}

/// Is the value returned as-is by the FFI (no conversion at all)?
fn plain_return(sig: &Signature) -> bool {
    match &sig.ret.ty {
        Type::Void => true,
        Type::Basic(Basic::Unichar | Basic::GType) => false,
        Type::Basic(b) => b.int_range().is_some() || matches!(b, Basic::Float | Basic::Double),
        _ => false,
    }
}

pub fn wrapper(ctx: &mut Ctx, f: &Function, display: &str) -> Wrapper {
    let sig = &f.signature;
    let fname = py_str(display);
    let is_method = sig.is_method();

    // C-level kinds for the symbol binding.
    let utf8_none_return =
        matches!(sig.ret.ty, Type::Basic(Basic::Utf8)) && sig.ret.transfer == Transfer::None;
    let ret_kind = if utf8_none_return { CKind::Str } else { ctx.ckind(&sig.ret.ty, true) };
    // A str argument the FFI encodes itself (CKind::StrIn) lives only during the call: not where
    // C can hand back a pointer into it (an out parameter such as g_ascii_strtoll's endptr, or a
    // pointer result such as g_strstr_len's), which is read after the call.
    let str_in_ok = !matches!(ret_kind, CKind::Str | CKind::Ptr)
        && sig.params.iter().all(|p| p.direction == Direction::In);
    let arg_kinds: Vec<CKind> = sig
        .params
        .iter()
        .map(|p| match (p.direction, &p.role) {
            (Direction::In, ParamRole::Callback { .. } | ParamRole::UserData { .. } | ParamRole::DestroyNotify { .. }) => CKind::Ptr,
            // C may write into the string: it gets the address of a copy (see Ctx::c_writable).
            (Direction::In, _) if p.c_writable() => CKind::Ptr,
            (Direction::In, ParamRole::Instance) if p.transfer == Transfer::None => CKind::Addr,
            (Direction::In, ParamRole::Visible)
                if str_in_ok && !p.nullable && p.transfer != Transfer::Full && matches!(p.ty, Type::Basic(Basic::Utf8)) =>
            {
                CKind::StrIn
            }
            (Direction::In, _) => ctx.ckind(&p.ty, false),
            _ => CKind::Ptr,
        })
        .collect();
    let global = symbol_global(&f.symbol);
    let symbol = (global.clone(), ctx.ffi.bind_symbol(&f.symbol, ret_kind, &arg_kinds));

    // Fast path: a namespace function with nothing to convert is the C function itself.
    if f.kind == FunctionKind::Function && sig.params.is_empty() && plain_return(sig) {
        let mut code = Code::default();
        code.line(format!("{} = {global}", f.py_name));
        return Wrapper { code, symbol };
    }

    let mut body = Code::default();
    let mut args: Vec<String> = vec![String::new(); sig.params.len()];
    let mut after: Vec<Option<String>> = vec![None; sig.params.len()];
    let mut keep: Vec<String> = Vec::new();
    let mut error_var: Option<String> = None;
    // Set when the call cannot be made safely (the wrapper then raises instead of calling C).
    let mut unsupported: Option<String> = None;

    // Visible inputs first (in C order), so that conversion errors come before any allocation.
    for (i, p) in sig.params.iter().enumerate() {
        let var = p.py_name.clone();
        match p.role {
            ParamRole::Instance => {
                // An unbound call (`Cls.method(other)`) must not hand C an instance of another
                // type; the identity test keeps the common case cheap.
                if let Some(owner) = f.owner {
                    let cls = ctx.ir.ty(owner).py_name.clone();
                    let h = ctx.rt("self_error");
                    body.line(format!("if self.__class__ is not {cls} and not isinstance(self, {cls}):"));
                    body.indent().line(format!("raise {h}(self, {cls}, {fname})")).dedent();
                }
                // A method that only calls a virtual method the class leaves unimplemented
                // (NULL in the class struct) would crash: refuse the call instead.
                if let Some((ts, slot)) = invoked_vfunc(ctx, f) {
                    let ts = ctx.type_ref(ts);
                    let h = ctx.rt("vfunc_missing");
                    body.line(format!("if {h}(self, {ts}, {}):", py_str(&slot)));
                    body.indent()
                        .line(format!(
                            "raise NotImplementedError({fname} + \"(): \" + type(self).__name__ + \" does not implement the virtual method {slot}\")"
                        ))
                        .dedent();
                }
                args[i] = if p.transfer == Transfer::None {
                    "self._ptr".into()
                } else {
                    // C takes a reference (or a copy) of the instance.
                    let cls = f.owner.map_or_else(|| "object".to_string(), |o| ctx.ir.ty(o).py_name.clone());
                    let h = ctx.rt("instance_in_full");
                    format!("{h}(self, {cls}, False, {fname}, \"self\")")
                };
            }
            ParamRole::Visible if p.direction == Direction::In => {
                ctx.c_writable = p.c_writable();
                ctx.str_in = arg_kinds[i] == CKind::StrIn;
                args[i] = ctx.in_value(&mut body, &var, &p.ty, p.nullable, p.transfer, (display, &p.py_name), &mut keep);
                ctx.c_writable = false;
                ctx.str_in = false;
                after[i] = Some(var);
            }
            ParamRole::Callback { scope, user_data, destroy } => {
                let Type::Def(cb) = p.ty else { continue };
                let cb_ref = ctx.type_ref(cb);
                let h = ctx.rt("callback_in");
                let scope = py_str(match scope {
                    gir::ir::Scope::Call => "call",
                    gir::ir::Scope::Async => "async",
                    gir::ir::Scope::Notified => "notified",
                    gir::ir::Scope::Forever => "forever",
                });
                let (c, ud, dn) = (format!("{var}_c"), format!("{var}_ud"), format!("{var}_dn"));
                body.line(format!(
                    "{c}, {ud}, {dn} = {h}({var}, {cb_ref}, {scope}, {}, {}, {}, {fname}, {})",
                    if p.nullable { "True" } else { "False" },
                    if destroy.is_some() { "True" } else { "False" },
                    if user_data.is_some() { "True" } else { "False" },
                    py_str(&p.py_name)
                ));
                keep.push(c.clone());
                args[i] = c;
                if let Some(u) = user_data {
                    args[u] = ud;
                }
                if let Some(d) = destroy {
                    args[d] = dn;
                }
            }
            _ => {}
        }
    }
    // Hidden and out parameters.
    for (i, p) in sig.params.iter().enumerate() {
        let var = format!("_{}", p.py_name);
        match (p.role, p.direction) {
            (ParamRole::ArrayLength { array }, Direction::In) => {
                let arr = match array {
                    Output::Param(a) => sig.params[a].py_name.clone(),
                    Output::Return => continue,
                };
                args[i] = format!("(0 if {arr} is None else _len({arr}))");
                after[i] = Some(args[i].clone());
            }
            (ParamRole::UserData { .. } | ParamRole::DestroyNotify { .. }, _) if args[i].is_empty() => {
                args[i] = "None".into();
            }
            (ParamRole::Skipped, Direction::In) => {
                args[i] = match ctx.ckind(&p.ty, false) {
                    CKind::Ptr | CKind::Str => "None".into(),
                    _ => "0".into(),
                };
            }
            (ParamRole::Error, _) => {
                let (decl, arg, _) = ctx.ffi.out_storage("_error", CKind::Ptr, None);
                body.line(decl);
                args[i] = arg;
                error_var = Some("_error".into());
            }
            (ParamRole::Visible | ParamRole::ArrayLength { .. } | ParamRole::Skipped, Direction::Out | Direction::InOut) => {
                if p.caller_allocates && p.direction == Direction::Out {
                    match caller_allocated(ctx, &mut body, sig, i, &var, display) {
                        Some(arg) => {
                            args[i] = arg;
                            after[i] = Some(var);
                            continue;
                        }
                        None => {
                            if unsupported.is_none() {
                                unsupported = Some(format!(
                                    "{display}(): the caller-allocated array `{}` needs a length only C knows",
                                    p.py_name
                                ));
                            }
                        }
                    }
                }
                let kind = ctx.ckind(&p.ty, true);
                let init = if p.direction == Direction::InOut && p.role == ParamRole::Visible {
                    // The storage starts with the converted input value.
                    let in_var = p.py_name.clone();
                    ctx.out_param = true;
                    let c = ctx.in_value(&mut body, &in_var, &p.ty, p.nullable, p.transfer, (display, &p.py_name), &mut keep);
                    ctx.out_param = false;
                    if ctx.ckind(&p.ty, false) == CKind::Str {
                        // The address of a copy C may replace, kept alive through the call.
                        let h = ctx.rt("bytes_ref");
                        body.line(format!("{c}_a, {c}_r = {h}({c})"));
                        keep.push(format!("{c}_r"));
                        Some(format!("{c}_a"))
                    } else {
                        Some(c)
                    }
                } else if let (Direction::InOut, ParamRole::ArrayLength { array: Output::Param(a) }) = (p.direction, p.role) {
                    // An inout array length: the array's length goes in.
                    let arr = &sig.params[a].py_name;
                    Some(format!("(0 if {arr} is None else _len({arr}))"))
                } else {
                    None
                };
                let (decl, arg, read) = ctx.ffi.out_storage(&var, kind, init.as_deref());
                body.line(decl);
                args[i] = arg;
                after[i] = Some(read);
            }
            _ => {}
        }
    }

    // The call.
    let call = format!("{global}({})", args.join(", "));
    let result = if sig.ret.ty == Type::Void { call.clone() } else { format!("_r = {call}") };
    let visible_args = sig.params.iter().any(|p| matches!(p.role, ParamRole::Visible | ParamRole::Callback { .. }));
    let ffi_error = ctx.ffi.argument_error().filter(|_| visible_args);
    // `self._ptr` of a wrapper never initialised (`Cls.__new__(Cls)`) is an AttributeError: turned
    // into the runtime's ValueError on the error path (a try costs nothing until it raises).
    let reads_self_ptr = args.iter().any(|a| a == "self._ptr");
    if ffi_error.is_some() || reads_self_ptr {
        body.line("try:");
        body.indent().line(&result).dedent();
        if let Some(exc) = ffi_error {
            let names: Vec<String> = sig
                .params
                .iter()
                .map(|p| if p.role == ParamRole::Instance { py_str("self") } else { py_str(&p.py_name) })
                .collect();
            let h = ctx.rt("argument_error");
            body.line(format!("except {exc} as _e:"));
            body.indent().line(format!("raise {h}(_e, {fname}, ({},)) from None", names.join(", "))).dedent();
        }
        if reads_self_ptr {
            let h = ctx.rt("uninitialised");
            body.line("except AttributeError as _e:");
            body.indent().line(format!("raise {h}(_e, self, {fname}) from None")).dedent();
        }
    } else {
        body.line(&result);
    }
    if let Some(err) = error_var {
        let h = ctx.rt("check_gerror");
        let (_, _, read) = ctx.ffi.out_storage(&err, CKind::Ptr, None);
        body.line(format!("if {read}:"));
        body.indent().line(format!("{h}({read})")).dedent();
    }

    // Results.
    let mut outputs = Vec::new();
    for out in &sig.py_outputs {
        let len = length_expr(sig, *out, &after);
        match *out {
            Output::Return => {
                let expr = if utf8_none_return {
                    ctx.ffi.str_return_bytes("_r")
                } else if sig.ret.ty == Type::Basic(Basic::Boolean) {
                    "_r != 0".into()
                } else {
                    ctx.out_value("_r", &sig.ret.ty, sig.ret.transfer, len.as_deref())
                };
                outputs.push(expr);
            }
            Output::Param(i) => {
                let p = &sig.params[i];
                let read = after[i].clone().unwrap_or_else(|| "None".into());
                let is_struct = matches!(&p.ty, Type::Def(id) if matches!(ctx.ir.ty(*id).kind, TypeKind::Record(_) | TypeKind::Union(_)));
                let is_value = matches!(&p.ty, Type::Def(id) if ctx.special(*id) == Some(Special::Value));
                if p.caller_allocates && p.direction == Direction::Out && is_value {
                    outputs.push(format!("{}({read})", ctx.rt("value_take")));
                } else if p.caller_allocates && p.direction == Direction::Out && is_struct {
                    outputs.push(read);
                } else {
                    ctx.out_param = true;
                    outputs.push(ctx.out_value(&read, &p.ty, p.transfer, len.as_deref()));
                    ctx.out_param = false;
                }
            }
        }
    }
    match outputs.len() {
        0 => {}
        1 => {
            body.line(format!("return {}", outputs[0]));
        }
        _ => {
            // Like PyGObject's ResultTuple: a tuple whose out parameters are also attributes.
            let names: Vec<String> = sig
                .py_outputs
                .iter()
                .map(|o| match o {
                    Output::Return => "None".to_string(),
                    Output::Param(i) => py_str(&sig.params[*i].py_name),
                })
                .collect();
            let h = ctx.rt("result_tuple");
            body.line(format!("return {h}(({},), ({},))", names.join(", "), outputs.join(", ")));
        }
    }

    if let Some(msg) = unsupported {
        body = Code::default();
        body.line(format!("raise NotImplementedError({})", py_str(&msg)));
    }

    // The signature line: trailing nullable inputs default to None, as in PyGObject.
    let inputs: Vec<&gir::ir::Param> = sig.py_inputs.iter().map(|&i| &sig.params[i]).collect();
    let first_default = inputs
        .iter()
        .rposition(|p| !p.nullable || p.direction != Direction::In)
        .map_or(0, |i| i + 1);
    let mut params: Vec<String> = Vec::new();
    match f.kind {
        FunctionKind::Constructor => params.push("cls".into()),
        _ if is_method => params.push("self".into()),
        _ => {}
    }
    for (k, p) in inputs.iter().enumerate() {
        params.push(if k >= first_default { format!("{}=None", p.py_name) } else { p.py_name.clone() });
    }
    let mut code = Code::default();
    match f.kind {
        FunctionKind::Constructor => {
            code.line("@classmethod");
        }
        FunctionKind::Static => {
            code.line("@staticmethod");
        }
        FunctionKind::Method if !is_method => {
            code.line("@staticmethod");
        }
        _ => {}
    }
    code.line(format!("def {}({}):", f.py_name, params.join(", ")));
    code.indent();
    if let Some(doc) = super::code::docstring(f.info.doc.as_deref()) {
        code.line(format!("\"\"\"{doc}\"\"\""));
    }
    if body.is_empty() {
        code.line("pass");
    }
    code.block(&body);
    code.dedent();
    Wrapper { code, symbol }
}

/// Storage the caller allocates for the out parameter `i`: statements creating `var`, and the C
/// argument. None when its size is only known to C.
fn caller_allocated(ctx: &mut Ctx, body: &mut Code, sig: &Signature, i: usize, var: &str, display: &str) -> Option<String> {
    let p = &sig.params[i];
    match &p.ty {
        Type::Def(id) if ctx.special(*id) == Some(Special::Value) => {
            let h = ctx.rt("value_new");
            body.line(format!("{var} = {h}()"));
            Some(format!("{var}._ptr"))
        }
        Type::Def(id) if matches!(ctx.ir.ty(*id).kind, TypeKind::Record(_) | TypeKind::Union(_)) => {
            let cls = ctx.type_ref(*id);
            let h = ctx.rt("record_new");
            body.line(format!("{var} = {h}({cls})"));
            Some(format!("{var}._ptr"))
        }
        Type::Array(a) if a.kind == gir::ir::ArrayKind::GArray => {
            ctx.out_param = true;
            let spec = ctx.array_spec(a);
            ctx.out_param = false;
            let h = ctx.rt("array_new_out");
            body.line(format!("{var} = {h}({spec}, {})", py_str(display)));
            Some(var.to_string())
        }
        // A C array whose size C decides (or that a hidden out length gives) cannot be allocated
        // beforehand.
        _ => None,
    }
}

/// The class struct and the slot of the virtual method a method invokes: the class's virtual
/// method of the same name, when the class struct has a function-pointer field for it.
fn invoked_vfunc(ctx: &Ctx, f: &Function) -> Option<(gir::ir::TypeId, String)> {
    if f.kind != FunctionKind::Method {
        return None;
    }
    let TypeKind::Class(c) = &ctx.ir.ty(f.owner?).kind else { return None };
    let ts = c.type_struct?;
    if !ctx.ir.ty(ts).is_bound() {
        return None;
    }
    // The IR links a method to the vfunc it invokes (matching signatures) and the vfunc to its
    // slot in the class struct.
    let v = ctx.ir.function(f.invokes?);
    let TypeKind::Record(r) = &ctx.ir.ty(ts).kind else { return None };
    let field = r.fields.get(v.vfunc_slot?)?;
    Some((ts, field.py_name.clone()))
}
