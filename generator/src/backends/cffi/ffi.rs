//! The cffi hooks of the shared Python emitter.
//!
//! Calls go through cffi: each C function is resolved through the namespace's FFI module
//! (`PKG._<Ns>_ffi`: the cdef and its libraries, in whichever mode was generated) and called
//! through a cffi function pointer typed by the emitter's value kinds (`girgen_runtime._cffi_core.bind`),
//! so that pointers cross as ints and strings as bytes, as everywhere in the shared runtime.
//!
//! Struct field access and callback trampolines still use ctypes views (the runtime's wrappers
//! read `_layout_.from_address`), which work on the same int addresses.

use crate::backends::python::code::{py_str, Code};
use crate::backends::python::{CKind, Ctx, Ffi};
use gir::ir::{Array, ArrayLength, Basic, FieldType, Ir, Record, Type, TypeKind};

pub struct CffiFfi;

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
        CKind::Ptr => 'P',
    }
}

fn ctype(kind: CKind) -> &'static str {
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
        CKind::Ptr => "_ct.c_void_p",
    }
}

impl CffiFfi {
    fn field_ctype(ctx: &mut Ctx, ty: &Type, c_type: Option<&str>) -> Option<String> {
        let by_pointer = c_type.is_some_and(|c| c.contains('*'));
        Some(match ty {
            Type::Void => return None,
            Type::Basic(Basic::Utf8 | Basic::Filename | Basic::Pointer) => "_ct.c_void_p".into(),
            Type::Basic(_) => ctype(ctx.ckind(ty, true)).into(),
            Type::Def(id) => match &ctx.ir.ty(*id).kind {
                TypeKind::Enum(_) | TypeKind::Flags(_) => ctype(ctx.ckind(ty, true)).into(),
                _ if by_pointer => "_ct.c_void_p".into(),
                TypeKind::Callback(_) => "_ct.c_void_p".into(),
                TypeKind::Record(r) | TypeKind::Union(r) if Self::layout_possible(ctx.ir, r, 0) => {
                    format!("{}._layout_", ctx.type_ref(*id))
                }
                _ => return None,
            },
            Type::Array(a) => Self::array_field(ctx, a, by_pointer)?,
            Type::List { .. } | Type::HashTable { .. } | Type::Error => "_ct.c_void_p".into(),
        })
    }

    fn array_field(ctx: &mut Ctx, a: &Array, by_pointer: bool) -> Option<String> {
        match a.length {
            ArrayLength::Fixed(n) if !by_pointer => {
                let elem = Self::field_ctype(ctx, &a.element, a.element_c_type.as_deref())?;
                Some(format!("({elem} * {n})"))
            }
            _ => Some("_ct.c_void_p".into()),
        }
    }

    fn layout_possible(ir: &Ir, r: &Record, depth: usize) -> bool {
        if r.opaque || depth > 8 {
            return false;
        }
        r.fields.iter().all(|f| match &f.ty {
            FieldType::FunctionPointer(_) => true,
            FieldType::Anonymous => false,
            FieldType::Value { ty, c_type } => match ty {
                Type::Void => false,
                Type::Def(id) if !c_type.as_deref().is_some_and(|c| c.contains('*')) => match &ir.ty(*id).kind {
                    TypeKind::Record(inner) | TypeKind::Union(inner) => {
                        ir.ty(*id).is_bound() && Self::layout_possible(ir, inner, depth + 1)
                    }
                    TypeKind::Class(_) | TypeKind::Interface(_) => false,
                    _ => true,
                },
                Type::Array(a) if matches!(a.length, ArrayLength::Fixed(_)) => {
                    !matches!(&a.element, Type::Def(id) if matches!(ir.ty(*id).kind, TypeKind::Class(_) | TypeKind::Interface(_)))
                }
                _ => true,
            },
        })
    }
}

impl Ffi for CffiFfi {
    fn name(&self) -> &'static str {
        "cffi"
    }

    fn submodule_prelude(&self) -> Vec<String> {
        vec!["import ctypes as _ct".into(), "from girgen_runtime import _cffi_core as _cc".into()]
    }

    fn bind_symbol(&self, symbol: &str, ret: CKind, args: &[CKind]) -> String {
        let args: String = args.iter().map(|&k| kind(k)).collect();
        format!("_cc.bind(_NS, _lib, {}, {}, {})", py_str(symbol), py_str(&kind(ret).to_string()), py_str(&args))
    }

    fn out_storage(&self, var: &str, kind: CKind, init: Option<&str>) -> (String, String, String) {
        let k = match kind {
            CKind::Void | CKind::Str => 'P',
            other => self::kind(other),
        };
        let read = if k == 'P' { format!("({var}[0] or None)") } else { format!("{var}[0]") };
        let init = match (init, k) {
            (Some(i), 'P') => format!(", ({i}) or 0"),
            (Some(i), _) => format!(", {i}"),
            (None, _) => String::new(),
        };
        (format!("{var} = _cc.out_new({}{init})", py_str(&k.to_string())), format!("_cc.address({var})"), read)
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
        if !Self::layout_possible(ctx.ir, record, 0) {
            return None;
        }
        let mut fields = Vec::new();
        for f in &record.fields {
            let t = match &f.ty {
                FieldType::Value { ty, c_type } => Self::field_ctype(ctx, ty, c_type.as_deref())?,
                FieldType::FunctionPointer(_) => "_ct.c_void_p".into(),
                FieldType::Anonymous => return None,
            };
            fields.push(match f.bits {
                Some(bits) => format!("({}, {t}, {bits})", py_str(&f.py_name)),
                None => format!("({}, {t})", py_str(&f.py_name)),
            });
        }
        let mut code = Code::default();
        code.line(format!("class _layout_(_ct.{}):", if is_union { "Union" } else { "Structure" }));
        code.indent();
        if fields.is_empty() {
            code.line("_fields_ = []");
        } else {
            code.line("_fields_ = [");
            code.indent();
            for f in fields {
                code.line(format!("{f},"));
            }
            code.dedent();
            code.line("]");
        }
        code.dedent();
        Some((code, "_ct.sizeof(_layout_)".into()))
    }
}
