//! The ctypes backend: pure Python, nothing to compile; runs on CPython and PyPy.
//!
//! Everything but the FFI specifics comes from the shared Python emitter: here are only the
//! ctypes spellings of C types, function prototypes, out-parameter storage, callback types and
//! struct layouts.

use super::python::code::{py_str, Code};
use super::python::{self, CKind, Ctx, Extras, Ffi};
use super::{Backend, GenerateError};
use crate::output::FileSet;
use crate::package::Plan;
use gir::ir::{Ir, Record, Slot};

pub struct Ctypes;

impl Backend for Ctypes {
    fn generate(&self, ir: &Ir, plan: &Plan) -> Result<FileSet, GenerateError> {
        python::generate(ir, plan, &CtypesFfi, Extras { files: Vec::new(), package_data: Vec::new(), dependencies: Vec::new() })
    }
}

struct CtypesFfi;

/// The ctypes type of a value kind (also the cffi backend's, for callbacks and layouts).
pub(crate) fn ctype(kind: CKind) -> &'static str {
    match kind {
        CKind::Void => "None",
        CKind::Bool => "_ct.c_int",
        CKind::Int { bits: 8, signed: true } => "_ct.c_int8",
        CKind::Int { bits: 8, signed: false } => "_ct.c_uint8",
        CKind::Int { bits: 16, signed: true } => "_ct.c_int16",
        CKind::Int { bits: 16, signed: false } => "_ct.c_uint16",
        CKind::Int { bits: 32, signed: true } => "_ct.c_int32",
        CKind::Int { bits: 32, signed: false } => "_ct.c_uint32",
        CKind::Int { signed: true, .. } => "_ct.c_int64",
        CKind::Int { signed: false, .. } => "_ct.c_uint64",
        CKind::Float => "_ct.c_float",
        CKind::Double => "_ct.c_double",
        CKind::Str => "_ct.c_char_p",
        // Its from_param is str.encode: the str is encoded in C, by ctypes' argument conversion.
        CKind::StrIn => "_lib.Utf8Arg",
        CKind::Ptr | CKind::Addr => "_ct.c_void_p",
    }
}

/// The ctypes `Structure`/`Union` class (`_layout_`) of a record's IR layout, and the Python
/// expression of its size; None where the IR knows no layout. The cffi backend uses the same
/// class: its field access goes through ctypes views too.
pub(crate) fn layout_class(ctx: &mut Ctx, record: &Record, is_union: bool) -> Option<(Code, String)> {
    let layout = ctx.ir.record_layout(record)?;
    let mut code = Code::default();
    code.line(format!("class _layout_(_ct.{}):", if is_union { "Union" } else { "Structure" }));
    code.indent();
    if layout.fields.is_empty() {
        code.line("_fields_ = []");
    } else {
        code.line("_fields_ = [");
        code.indent();
        for f in &layout.fields {
            let t = slot_ctype(ctx, &f.slot);
            code.line(match f.bits {
                Some(bits) => format!("({}, {t}, {bits}),", py_str(&f.py_name)),
                None => format!("({}, {t}),", py_str(&f.py_name)),
            });
        }
        code.dedent();
        code.line("]");
    }
    code.dedent();
    Some((code, "_ct.sizeof(_layout_)".into()))
}

/// The ctypes type of what a field occupies.
fn slot_ctype(ctx: &mut Ctx, slot: &Slot) -> String {
    match slot {
        Slot::Pointer => "_ct.c_void_p".into(),
        Slot::Scalar(ty) => ctype(ctx.ckind(ty, true)).into(),
        Slot::Struct(id) => format!("{}._layout_", ctx.type_ref(*id)),
        Slot::Array { element, len } => format!("({} * {len})", slot_ctype(ctx, element)),
    }
}

impl Ffi for CtypesFfi {
    fn name(&self) -> &'static str {
        "ctypes"
    }

    fn submodule_prelude(&self) -> Vec<String> {
        vec!["import ctypes as _ct".into()]
    }

    fn bind_symbol(&self, symbol: &str, ret: CKind, args: &[CKind]) -> String {
        let args: Vec<&str> = args.iter().map(|&k| ctype(k)).collect();
        let args = if args.is_empty() { "()".to_string() } else { format!("({},)", args.join(", ")) };
        format!("_lib.fn({}, {}, {args})", py_str(symbol), ctype(ret))
    }

    fn encodes_str_args(&self) -> bool {
        true
    }

    fn number_array_in(&self, _elem: &str, _seq: &str, _cdata_var: &str) -> Option<(String, String)> {
        // ctypes arrays truncate out-of-range elements silently: the runtime checks them.
        None
    }

    fn out_storage(&self, var: &str, kind: CKind, init: Option<&str>) -> (String, String, String) {
        let t = match kind {
            CKind::Str => "_ct.c_void_p",
            k => ctype(k),
        };
        let t = if t == "None" { "_ct.c_void_p" } else { t };
        (format!("{var} = {t}({})", init.unwrap_or("")), format!("_ct.byref({var})"), format!("{var}.value"))
    }

    fn argument_error(&self) -> Option<&'static str> {
        Some("_ct.ArgumentError")
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
        layout_class(ctx, record, is_union)
    }
}
