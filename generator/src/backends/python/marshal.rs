//! One marshaller per type tag, shared by the Python backends (ctypes, cffi).
//!
//! `in_value` turns a Python value into what the FFI passes to C; `out_value` turns what C gave back
//! into a Python value. Both produce Python statements and expressions; the FFI-specific parts
//! (declaring a C function, storage for out parameters) come from [`Ffi`]. Everything that is not
//! on the fast path of a basic call is delegated to the runtime's support module, so that
//! generated code stays short.

use super::code::{py_str, Code, Imports};
use gir::ir::{
    Array, ArrayKind, ArrayLength, Basic, Ir, Memory, NamespaceId, Transfer, Type, TypeId, TypeKind,
};

/// How a value crosses the C boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CKind {
    Void,
    /// gboolean: a C int.
    Bool,
    Int { bits: u32, signed: bool },
    Float,
    Double,
    /// `const char *` passed from Python bytes (in parameters), or returned as bytes (transfer-none returns).
    Str,
    /// A `const char *` in-parameter that is never NULL, passed as the validated str where the FFI
    /// encodes it natively (`Ffi::encodes_str_args`), else as its bytes: the FFI function needs no
    /// wrapper for NULL.
    StrIn,
    /// Any pointer, as an address.
    Ptr,
    /// An address the generated code guarantees to be an int (an instance's `_ptr`), so the FFI
    /// function needs no wrapper for None or pointer-like objects.
    Addr,
}

/// The FFI-specific parts of the Python backends.
pub trait Ffi {
    /// The backend's name, for docs and the package.
    fn name(&self) -> &'static str;
    /// Module-level statements every submodule starts with (e.g. `import ctypes as _ct`).
    fn submodule_prelude(&self) -> Vec<String>;
    /// Module-level statements run after the namespace (`_NS`) and its library (`_lib`) are
    /// bound, before the symbol bindings.
    fn submodule_setup(&self) -> Vec<String> {
        Vec::new()
    }
    /// An expression that yields the callable C function (evaluated once, at submodule import).
    fn bind_symbol(&self, symbol: &str, ret: CKind, args: &[CKind]) -> String;
    /// Storage for an out value, optionally starting with `init`: (statement creating `var`, C
    /// argument expression, Python expression reading the value after the call).
    fn out_storage(&self, var: &str, kind: CKind, init: Option<&str>) -> (String, String, String);
    /// Statements building a borrowed C array of numbers from the Python list `seq` natively
    /// (types and ranges checked by the FFI, raising TypeError or OverflowError): `(cdata
    /// expression kept alive during the call, expression of its address as an int)`, given the
    /// name of the variable holding the cdata; None where the FFI cannot (ctypes does not
    /// range-check array elements).
    fn number_array_in(&self, elem: &str, seq: &str, cdata_var: &str) -> Option<(String, String)>;
    /// Whether the FFI function takes a `CKind::StrIn` argument as the Python str (its argument
    /// converter encodes it, in C), rather than as bytes.
    fn encodes_str_args(&self) -> bool;
    /// The exception class the FFI raises for an argument it cannot convert, if any.
    fn argument_error(&self) -> Option<&'static str>;
    /// Converts a `Str`-kind return value to the Python str (or None) it holds.
    fn str_return_bytes(&self, expr: &str) -> String;
    /// An expression for the C function-pointer type of a callback.
    fn callback_type(&self, ret: CKind, args: &[CKind]) -> String;
    /// The struct layout of a record or union for field access, as statements placed in the class
    /// body, and an expression for its size; None where the layout cannot be described.
    fn struct_layout(&self, ctx: &mut Ctx, record: &gir::ir::Record, is_union: bool) -> Option<(Code, String)>;
}

/// Per-submodule marshalling state.
pub struct Ctx<'a> {
    pub ir: &'a Ir,
    pub ffi: &'a dyn Ffi,
    pub ns: NamespaceId,
    pub imports: Imports,
    /// The value being converted is an out/inout parameter, whose GIR `c:type`s carry one more `*`
    /// than the value itself (libgirepository's rule when it decides whether array elements are
    /// pointers or structs by value).
    pub out_param: bool,
    /// The value being converted is a string for a non-const `gchar *` C parameter
    /// (`Param::c_writable`): C may write into it, so it gets the address of a copy (its C
    /// argument is bound as a pointer).
    pub c_writable: bool,
    /// The value being converted is an argument bound as `CKind::StrIn` (a str the FFI may
    /// encode itself).
    pub str_in: bool,
}

/// GObject types that the runtime represents natively rather than as plain records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// `GObject.Value`: Python values in and out.
    Value,
    /// `GObject.Closure`: a Python callable in.
    Closure,
    /// `GObject.ParamSpec`: derives from the runtime's ParamSpec (name, value_type, ...).
    ParamSpec,
    /// `GLib.Variant`: derives from the runtime's Variant (a fundamental with floating references).
    Variant,
}

/// Element descriptions the runtime's container helpers understand (see girgen_runtime.support).
fn basic_elem(b: Basic) -> &'static str {
    match b {
        Basic::Boolean => "bool",
        Basic::Int8 | Basic::Char => "i8",
        Basic::UInt8 | Basic::UChar => "u8",
        Basic::Int16 | Basic::Short => "i16",
        Basic::UInt16 | Basic::UShort => "u16",
        Basic::Int32 | Basic::Int => "i32",
        Basic::UInt32 | Basic::UInt => "u32",
        Basic::Int64 | Basic::Long | Basic::SSize | Basic::IntPtr => "i64",
        Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr => "u64",
        Basic::Float => "f32",
        Basic::Double => "f64",
        Basic::Unichar => "unichar",
        Basic::GType => "gtype",
        Basic::Pointer => "ptr",
        Basic::Utf8 => "utf8",
        Basic::Filename => "filename",
    }
}

fn c_type_name(b: Basic) -> &'static str {
    b.gir_name()
}

impl<'a> Ctx<'a> {
    pub fn new(ir: &'a Ir, ffi: &'a dyn Ffi, ns: NamespaceId) -> Self {
        Ctx { ir, ffi, ns, imports: Imports::default(), out_param: false, c_writable: false, str_in: false }
    }

    /// Is `id` one of the GObject types with a native Python representation?
    pub fn special(&self, id: TypeId) -> Option<Special> {
        let def = self.ir.ty(id);
        match (self.ir.namespace(def.namespace).name.as_str(), def.name.as_str()) {
            ("GObject", "Value") => Some(Special::Value),
            ("GObject", "Closure") => Some(Special::Closure),
            ("GObject", "ParamSpec") => Some(Special::ParamSpec),
            ("GLib", "Variant") => Some(Special::Variant),
            _ => None,
        }
    }

    /// A Python expression naming a bound type, through its namespace module (lazy).
    pub fn type_ref(&mut self, id: TypeId) -> String {
        let def = self.ir.ty(id);
        if def.namespace == self.ns {
            format!("_NS.{}", def.py_name)
        } else {
            let ns = &self.ir.namespace(def.namespace).name;
            self.imports.namespaces.insert(ns.clone());
            format!("_ns_{ns}.{}", def.py_name)
        }
    }

    pub fn rt(&mut self, name: &'static str) -> String {
        self.imports.rt(name)
    }

    /// The C-level kind of a value of type `ty`. `returned` is true for return values and out
    /// values read back from storage, where strings come back as pointers (to be freed or decoded).
    pub fn ckind(&self, ty: &Type, returned: bool) -> CKind {
        match ty {
            Type::Void => CKind::Void,
            Type::Basic(b) => match b {
                Basic::Boolean => CKind::Bool,
                Basic::Float => CKind::Float,
                Basic::Double => CKind::Double,
                Basic::Pointer => CKind::Ptr,
                Basic::Utf8 | Basic::Filename => {
                    if returned {
                        CKind::Ptr
                    } else {
                        CKind::Str
                    }
                }
                other => {
                    let (bits, signed) = other.int_range().unwrap_or((64, false));
                    CKind::Int { bits, signed }
                }
            },
            Type::Def(id) => match &self.ir.ty(*id).kind {
                TypeKind::Enum(e) | TypeKind::Flags(e) => CKind::Int { bits: 32, signed: !e.unsigned },
                _ => CKind::Ptr,
            },
            Type::Array(_) | Type::List { .. } | Type::HashTable { .. } | Type::Error => CKind::Ptr,
        }
    }

    fn memory(&self, id: TypeId) -> Memory {
        match &self.ir.ty(id).kind {
            TypeKind::Class(c) => c.memory.clone(),
            TypeKind::Interface(_) => Memory::Interface,
            TypeKind::Record(r) | TypeKind::Union(r) => r.memory.clone(),
            _ => Memory::NotApplicable,
        }
    }

    /// The runtime's element spec for containers: a string for basic types, a tuple with a lazily
    /// resolved class for named types.
    pub fn elem_spec(&mut self, ty: &Type) -> String {
        match ty {
            Type::Basic(b) => py_str(basic_elem(*b)),
            Type::Def(id) if self.special(*id) == Some(Special::Value) => {
                let cls = self.type_ref(*id);
                format!("(\"gvalue\", lambda: {cls})")
            }
            Type::Def(id) => {
                let kind = match &self.ir.ty(*id).kind {
                    TypeKind::Enum(_) => "enum",
                    TypeKind::Flags(_) => "flags",
                    TypeKind::Class(_) | TypeKind::Interface(_) => match self.memory(*id) {
                        Memory::Fundamental { .. } => "fundamental",
                        _ => "object",
                    },
                    TypeKind::Record(_) | TypeKind::Union(_) => "boxed",
                    TypeKind::Callback(_) | TypeKind::Alias(_) => "ptr",
                };
                let cls = self.type_ref(*id);
                format!("({}, lambda: {cls})", py_str(kind))
            }
            Type::Error => py_str("error"),
            // Nested containers are rejected by the IR; a pointer is the safe fallback.
            _ => py_str("ptr"),
        }
    }

    fn transfer_code(t: Transfer) -> &'static str {
        match t {
            Transfer::None => "0",
            Transfer::Container => "1",
            Transfer::Full => "2",
        }
    }

    pub fn array_spec(&mut self, a: &Array) -> String {
        let kind = match a.kind {
            ArrayKind::C => "c",
            ArrayKind::GArray => "garray",
            ArrayKind::PtrArray => "ptrarray",
            ArrayKind::ByteArray => "bytearray",
        };
        let elem = self.elem_spec(&a.element);
        // Arrays of structs by value: elements are laid out inline, not as pointers. As in
        // libgirepository, the element is a pointer when its c:type has a `*` more than an out
        // parameter's extra level; no c:type means by value. A GPtrArray only holds pointers.
        let depth = a.element_c_type.as_deref().map_or(0, |c| c.chars().filter(|&ch| ch == '*').count());
        let depth = if self.out_param { depth.saturating_sub(1) } else { depth };
        let inline = a.kind != ArrayKind::PtrArray
            && matches!(&a.element, Type::Def(id) if matches!(self.ir.ty(*id).kind, TypeKind::Record(_) | TypeKind::Union(_)))
            && depth == 0;
        let fixed = match a.length {
            ArrayLength::Fixed(n) => n.to_string(),
            _ => "-1".into(),
        };
        format!(
            "({}, {elem}, {}, {fixed}, {})",
            py_str(kind),
            if a.zero_terminated { "True" } else { "False" },
            if inline { "True" } else { "False" }
        )
    }

    /// Statements converting Python `var` for a C parameter; returns the C argument expression.
    /// `what` is `(function display name, parameter name)` for error messages.
    #[allow(clippy::too_many_arguments)]
    pub fn in_value(
        &mut self,
        code: &mut Code,
        var: &str,
        ty: &Type,
        nullable: bool,
        transfer: Transfer,
        what: (&str, &str),
        keep: &mut Vec<String>,
    ) -> String {
        let (func, param) = (py_str(what.0), py_str(what.1));
        let null = if nullable { "True" } else { "False" };
        match ty {
            Type::Void => "None".into(),
            Type::Basic(Basic::Boolean) => format!("(1 if {var} else 0)"),
            Type::Basic(b @ (Basic::Float | Basic::Double)) => {
                // ctypes and cffi convert any float silently (to inf for a too large gfloat).
                let h = self.rt("float_in");
                if *b == Basic::Float {
                    code.line(format!(
                        "if {var}.__class__ is not _float or not -3.4028234663852886e+38 <= {var} <= 3.4028234663852886e+38:"
                    ));
                    code.indent().line(format!("{var} = {h}({var}, True, {func}, {param})")).dedent();
                } else {
                    code.line(format!("if {var}.__class__ is not _float:"));
                    code.indent().line(format!("{var} = {h}({var}, False, {func}, {param})")).dedent();
                }
                var.to_string()
            }
            Type::Basic(Basic::Unichar) => {
                let h = self.rt("unichar_in");
                code.line(format!("{var} = {h}({var}, {func}, {param})"));
                var.into()
            }
            Type::Basic(Basic::GType) => {
                let h = self.rt("gtype_in");
                code.line(format!("{var} = {h}({var}, {func}, {param})"));
                var.into()
            }
            Type::Basic(Basic::Pointer) => {
                self.pointer_in(code, var, nullable, &func, &param);
                var.into()
            }
            Type::Basic(b @ (Basic::Utf8 | Basic::Filename)) if self.c_writable && transfer != Transfer::Full => {
                // Never the buffer of the encoded str (shared by the interpreter for one ASCII
                // character): a copy C may write into.
                let h = self.rt(if *b == Basic::Utf8 { "utf8_in_copy" } else { "filename_in_copy" });
                let (c, k) = (format!("{var}_c"), format!("{var}_k"));
                code.line(format!("{c}, {k} = {h}({var}, {null}, {func}, {param})"));
                keep.push(k);
                c
            }
            Type::Basic(Basic::Utf8) => {
                let c = format!("{var}_c");
                if transfer == Transfer::Full {
                    let h = self.rt("utf8_in_full");
                    code.line(format!("{c} = {h}({var}, {null}, {func}, {param})"));
                } else if self.str_in && self.ffi.encodes_str_args() {
                    // The FFI encodes the str (CKind::StrIn): only the checks it cannot do are here;
                    // utf8_check raises for everything but a str without NUL.
                    let h = self.rt("utf8_check");
                    code.line(format!("if {var}.__class__ is not _str or \"\\x00\" in {var}:"));
                    code.indent().line(format!("{h}({var}, {func}, {param})")).dedent();
                    return var.into();
                } else {
                    let h = self.rt("utf8_in");
                    code.line(format!("if {var}.__class__ is _str and \"\\x00\" not in {var}:"));
                    code.indent().line(format!("{c} = {var}.encode()")).dedent();
                    code.line("else:");
                    code.indent().line(format!("{c} = {h}({var}, {null}, {func}, {param})")).dedent();
                }
                c
            }
            Type::Basic(Basic::Filename) => {
                let c = format!("{var}_c");
                let h = self.rt(if transfer == Transfer::Full { "filename_in_full" } else { "filename_in" });
                code.line(format!("{c} = {h}({var}, {null}, {func}, {param})"));
                c
            }
            Type::Basic(b) => {
                let (bits, signed) = b.int_range().unwrap_or((64, false));
                self.int_check(code, var, bits, signed, c_type_name(*b), what);
                var.into()
            }
            Type::Def(id) => self.in_def(code, var, *id, nullable, transfer, what, keep),
            Type::Array(a) => {
                let h = self.rt("array_in");
                let spec = self.array_spec(a);
                let c = format!("{var}_c");
                let k = format!("{var}_k");
                let slow = format!("{c}, {k} = {h}({var}, {spec}, {}, {null}, {func}, {param})", Self::transfer_code(transfer));
                match self.native_number_array(a, transfer, var, &k) {
                    Some((new, address)) => {
                        // A list the FFI converts in C; anything else, or a failure (which the
                        // runtime's path then reports naming the parameter), takes array_in.
                        code.line(format!("if {var}.__class__ is _list:"));
                        code.indent().line("try:").indent();
                        code.line(format!("{k} = {new}")).line(format!("{c} = {address}")).dedent();
                        code.line("except (TypeError, OverflowError):");
                        code.indent().line(slow.clone()).dedent().dedent();
                        code.line("else:").indent().line(slow).dedent();
                    }
                    None => {
                        code.line(slow);
                    }
                }
                keep.push(k);
                c
            }
            Type::List { single, element } => {
                let h = self.rt("list_in");
                let elem = self.elem_spec(element);
                let c = format!("{var}_c");
                let k = format!("{var}_k");
                let single = if *single { "True" } else { "False" };
                code.line(format!(
                    "{c}, {k} = {h}({var}, {single}, {elem}, {}, {null}, {func}, {param})",
                    Self::transfer_code(transfer)
                ));
                keep.push(k);
                c
            }
            Type::HashTable { key, value } => {
                let h = self.rt("hash_in");
                let (ks, vs) = (self.elem_spec(key), self.elem_spec(value));
                let c = format!("{var}_c");
                let k = format!("{var}_k");
                code.line(format!(
                    "{c}, {k} = {h}({var}, {ks}, {vs}, {}, {null}, {func}, {param})",
                    Self::transfer_code(transfer)
                ));
                keep.push(k);
                c
            }
            Type::Error => {
                let h = self.rt("error_in");
                code.line(format!("{var} = {h}({var}, {null}, {func}, {param})"));
                var.into()
            }
        }
    }

    /// The FFI's native conversion of a list of numbers for a borrowed C array sized by another
    /// parameter, where it has one (see `Ffi::number_array_in`).
    fn native_number_array(&self, a: &Array, transfer: Transfer, var: &str, cdata_var: &str) -> Option<(String, String)> {
        let plain = a.kind == ArrayKind::C
            && transfer == Transfer::None
            && !a.zero_terminated
            && matches!(a.length, ArrayLength::Param(_));
        match &a.element {
            Type::Basic(b) if plain && (b.int_range().is_some() || matches!(b, Basic::Float | Basic::Double)) => {
                // Not gboolean (any object is a truth value), gunichar or GType (converted).
                if matches!(b, Basic::Boolean | Basic::Unichar | Basic::GType) {
                    return None;
                }
                self.ffi.number_array_in(basic_elem(*b), var, cdata_var)
            }
            _ => None,
        }
    }

    /// gpointer: None only where the parameter is nullable (C dereferences the others:
    /// `g_int_hash(NULL)`).
    fn pointer_in(&mut self, code: &mut Code, var: &str, nullable: bool, func: &str, param: &str) {
        let h = self.rt("pointer_in");
        if nullable {
            code.line(format!("{var} = {h}({var}, {func}, {param})"));
        } else {
            code.line(format!("{var} = {h}({var}, {func}, {param}, False)"));
        }
    }

    fn int_check(&mut self, code: &mut Code, var: &str, bits: u32, signed: bool, c_name: &str, what: (&str, &str)) {
        let (lo, hi): (i128, i128) =
            if signed { (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1) } else { (0, (1i128 << bits) - 1) };
        let to_int = self.rt("int_in");
        let overflow = self.rt("overflow");
        let (func, param) = (py_str(what.0), py_str(what.1));
        code.line(format!("if {var}.__class__ is not _int:"));
        code.indent().line(format!("{var} = {to_int}({var}, {func}, {param})")).dedent();
        code.line(format!("if not {lo} <= {var} <= {hi}:"));
        code.indent().line(format!("raise {overflow}({var}, {}, {func}, {param})", py_str(c_name))).dedent();
    }

    #[allow(clippy::too_many_arguments)]
    fn in_def(
        &mut self,
        code: &mut Code,
        var: &str,
        id: TypeId,
        nullable: bool,
        transfer: Transfer,
        what: (&str, &str),
        keep: &mut Vec<String>,
    ) -> String {
        let (func, param) = (py_str(what.0), py_str(what.1));
        let null = if nullable { "True" } else { "False" };
        match &self.ir.ty(id).kind {
            TypeKind::Enum(e) if self.ir.ty(id).gtype.is_some() => {
                // A GEnum: C takes the value to be one of the enum's (g_enum_get_value returns
                // NULL for another). Plain ints that are values pass on a set literal, which
                // CPython makes a frozenset constant (faster than reaching the class's
                // `_value2member_map_` through the enum metaclass); members and everything else
                // go through enum_in.
                let values: std::collections::BTreeSet<i64> = e.members.iter().map(|m| m.value).collect();
                let set = if values.is_empty() {
                    "()".to_string()
                } else {
                    format!("{{{}}}", values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", "))
                };
                let cls = self.type_ref(id);
                let h = self.rt("enum_in");
                code.line(format!("if {var}.__class__ is not _int or {var} not in {set}:"));
                code.indent().line(format!("{var} = {h}({var}, {cls}, {func}, {param})")).dedent();
                var.into()
            }
            TypeKind::Enum(e) | TypeKind::Flags(e) => {
                let c_name = if e.unsigned { "guint" } else { "gint" };
                self.int_check(code, var, 32, !e.unsigned, c_name, what);
                var.into()
            }
            TypeKind::Callback(_) => {
                // Callbacks are handled at the signature level (they need their user_data and
                // destroy notify); a bare function-pointer value is passed as an address.
                self.pointer_in(code, var, nullable, &func, &param);
                var.into()
            }
            _ if self.special(id) == Some(Special::Value) => {
                let h = self.rt("value_in");
                let c = format!("{var}_c");
                let k = format!("{var}_k");
                let t = if transfer == Transfer::None { "0" } else { "2" };
                code.line(format!("{c}, {k} = {h}({var}, {null}, {t}, {func}, {param})"));
                keep.push(k);
                c
            }
            _ if self.special(id) == Some(Special::Closure) => {
                let cls = self.type_ref(id);
                let h = self.rt("closure_in");
                let c = format!("{var}_c");
                let k = format!("{var}_k");
                let t = if transfer == Transfer::None { "0" } else { "2" };
                code.line(format!("{c}, {k} = {h}({var}, {cls}, {null}, {t}, {func}, {param})"));
                keep.push(k);
                c
            }
            _ => {
                let cls = self.type_ref(id);
                let full = transfer != Transfer::None;
                let c = format!("{var}_c");
                let h = self.rt(if full { "instance_in_full" } else { "instance_in" });
                code.line(format!("{c} = {h}({var}, {cls}, {null}, {func}, {param})"));
                c
            }
        }
    }

    /// A Python expression for the C value `raw` (already read from storage or returned).
    /// `length` is the Python expression of an array's length where another parameter gives it.
    pub fn out_value(&mut self, raw: &str, ty: &Type, transfer: Transfer, length: Option<&str>) -> String {
        let t = Self::transfer_code(transfer);
        match ty {
            Type::Void => "None".into(),
            Type::Basic(Basic::Boolean) => format!("{raw} != 0"),
            Type::Basic(Basic::Unichar) => format!("{}({raw})", self.rt("unichar_out")),
            Type::Basic(Basic::GType) => format!("{}({raw})", self.rt("gtype_out")),
            Type::Basic(Basic::Pointer) => format!("({raw} or None)"),
            Type::Basic(Basic::Utf8) => {
                let h = self.rt(if transfer == Transfer::None { "utf8_from_none" } else { "utf8_from_full" });
                format!("{h}({raw})")
            }
            Type::Basic(Basic::Filename) => {
                let h = self.rt(if transfer == Transfer::None { "filename_from_none" } else { "filename_from_full" });
                format!("{h}({raw})")
            }
            Type::Basic(_) => raw.into(),
            Type::Def(id) => self.out_def(raw, *id, transfer),
            Type::Array(a) => {
                let h = self.rt("array_out");
                let spec = self.array_spec(a);
                let n = length.unwrap_or("-1");
                format!("{h}({raw}, {n}, {spec}, {t})")
            }
            Type::List { single, element } => {
                let h = self.rt("list_out");
                let elem = self.elem_spec(element);
                format!("{h}({raw}, {}, {elem}, {t})", if *single { "True" } else { "False" })
            }
            Type::HashTable { key, value } => {
                let h = self.rt("hash_out");
                let (ks, vs) = (self.elem_spec(key), self.elem_spec(value));
                format!("{h}({raw}, {ks}, {vs}, {t})")
            }
            Type::Error => format!("{}({raw}, {t})", self.rt("error_out")),
        }
    }

    fn out_def(&mut self, raw: &str, id: TypeId, transfer: Transfer) -> String {
        let t = Self::transfer_code(transfer);
        if self.special(id) == Some(Special::Value) {
            return format!("{}({raw}, {t})", self.rt("value_out"));
        }
        let cls = self.type_ref(id);
        match &self.ir.ty(id).kind {
            TypeKind::Enum(_) => format!("{}({cls}, {raw})", self.rt("enum_out")),
            TypeKind::Flags(_) => format!("{}({cls}, {raw})", self.rt("flags_out")),
            TypeKind::Callback(_) => format!("({raw} or None)"),
            _ => format!("{}({cls}, {raw}, {t})", self.rt("instance_out")),
        }
    }
}
