//! The cffi hooks of the shared Python emitter.
//!
//! Calls go through cffi: each C function is resolved through the namespace's FFI module
//! (`PKG._<Ns>_ffi`: the cdef and its libraries, in whichever mode was generated) and called
//! through a cffi function typed by the emitter's value kinds (`girgen_runtime._cffi_core.bind`;
//! in api mode the compiled shim, else a function pointer), so that pointers cross as ints and
//! strings as bytes, as everywhere in the shared runtime.
//!
//! Struct field access and callback trampolines still use ctypes views (the runtime's wrappers
//! read `_layout_.from_address`), which work on the same int addresses.

use super::shim::Bindings;
use crate::backends::ctypes::{self, ctype};
use crate::backends::python::code::{py_str, Code};
use crate::backends::python::{CKind, Ctx, Ffi};
use gir::ir::Record;

/// The cffi hooks; every symbol binding is also recorded, for the api-mode shims.
#[derive(Default)]
pub struct CffiFfi {
    pub bindings: Bindings,
    /// api mode: the namespace's compiled module has `_girgen__address` (build.py), bound as
    /// `_addr`, which turns a cdata into its address in one compiled call.
    pub api: bool,
}

impl CffiFfi {
    /// An expression of the int address of the cdata in `var`.
    fn address(&self, var: &str) -> String {
        if self.api {
            format!("_addr({var})")
        } else {
            format!("_int(_cc.cast(_cc.T_uintptr, {var}))")
        }
    }
}

/// The kind letters of `_cffi_core`'s call types.
fn kind(k: CKind) -> char {
    match k {
        CKind::Void => 'v',
        CKind::Bool => 'b',
        CKind::Int { bits: 8, signed: true } => 'c',
        CKind::Int { bits: 8, signed: false } => 'C',
        CKind::Int { bits: 16, signed: true } => 'h',
        CKind::Int { bits: 16, signed: false } => 'H',
        CKind::Int { bits: 32, signed: true } => 'i',
        CKind::Int { bits: 32, signed: false } => 'I',
        CKind::Int { signed: true, .. } => 'x',
        CKind::Int { signed: false, .. } => 'X',
        CKind::Float => 'f',
        CKind::Double => 'd',
        CKind::Str => 'S',
        CKind::StrIn => 's',
        CKind::Ptr => 'P',
        CKind::Addr => 'p',
    }
}

impl Ffi for CffiFfi {
    fn name(&self) -> &'static str {
        "cffi"
    }

    fn submodule_prelude(&self) -> Vec<String> {
        vec!["import ctypes as _ct".into(), "from girgen_runtime import _cffi_core as _cc".into()]
    }

    fn submodule_setup(&self) -> Vec<String> {
        if self.api {
            vec!["_addr = _cc.address_function(_NS)".into()]
        } else {
            Vec::new()
        }
    }

    fn bind_symbol(&self, symbol: &str, ret: CKind, args: &[CKind]) -> String {
        let args: String = args.iter().map(|&k| kind(k)).collect();
        self.bindings.record(symbol, format!("{}{args}", kind(ret)));
        format!("_cc.bind(_NS, _lib, {}, {}, {})", py_str(symbol), py_str(&kind(ret).to_string()), py_str(&args))
    }

    fn encodes_str_args(&self) -> bool {
        false
    }

    fn number_array_in(&self, elem: &str, seq: &str, cdata_var: &str) -> Option<(String, String)> {
        Some((format!("_cc.new(_cc.A_{elem}, {seq})"), self.address(cdata_var)))
    }

    fn out_storage(&self, var: &str, kind: CKind, init: Option<&str>) -> (String, String, String) {
        let k = match kind {
            CKind::Void | CKind::Str => 'P',
            other => self::kind(other),
        };
        let read = if k == 'P' { format!("({var}[0] or None)") } else { format!("{var}[0]") };
        // Builtins only (cffi's new and cast): no Python frame on the way to the call.
        let init = match (init, k) {
            (Some(i), 'P') => format!(", [({i}) or 0]"),
            (Some(i), _) => format!(", [{i}]"),
            (None, _) => String::new(),
        };
        (format!("{var} = _cc.new(_cc.O_{k}{init})"), self.address(var), read)
    }

    fn argument_error(&self) -> Option<&'static str> {
        // cffi raises TypeError / OverflowError itself; the wrappers validate before the call.
        None
    }

    fn str_return_bytes(&self, expr: &str) -> String {
        format!("(None if {expr} is None else {expr}.decode())")
    }

    fn callback_type(&self, ret: CKind, args: &[CKind]) -> String {
        let mut all = vec![ctype(ret)];
        all.extend(args.iter().map(|&k| ctype(k)));
        format!("_ct.CFUNCTYPE({})", all.join(", "))
    }

    fn struct_layout(&self, ctx: &mut Ctx, record: &Record, is_union: bool) -> Option<(Code, String)> {
        // Field access uses ctypes views: the same `_layout_` class as the ctypes backend's.
        ctypes::layout_class(ctx, record, is_union)
    }
}
