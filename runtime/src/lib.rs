//! Runtime of girgen's pyo3 backend.
//!
//! Generated extension modules are thin: per C function one small `extern "C"` wrapper that parses
//! its arguments with the helpers here, calls the C function and converts the results; per type a
//! static descriptor from which this runtime builds the Python class on first use. Everything
//! shared (the wrapper base class, the identity map, GError, GValue, closures, containers) lives
//! here, compiled once, so that the generated crate stays quick to compile.
//!
//! The hot paths use the raw C API (`pyo3::ffi`) with a zero-sized error type ([`Raised`]: "a
//! Python exception is set"); every entry point goes through [`call::trampoline`], which turns a
//! Rust panic into a Python exception instead of unwinding into C.

pub use pyo3;
pub use pyo3::ffi;

/// Defines a method of a runtime class with the vectorcall signature (`METH_FASTCALL |
/// METH_KEYWORDS`): `fastcall_method! { fn rust_name(slf) "py_name" ["param" => var, ...] { body } }`
/// parses exactly the named parameters into `var`s (positional or keyword; `INFO` names them in
/// errors) and runs `body`, an `R<*mut PyObject>`, under [`call::trampoline`].
macro_rules! fastcall_method {
    ($(#[$attr:meta])* fn $fn_name:ident($slf:tt) $py_name:literal [$($param:literal => $var:ident),* $(,)?] $body:block) => {
        $(#[$attr])*
        unsafe extern "C" fn $fn_name(
            $slf: *mut $crate::ffi::PyObject,
            args: *const *mut $crate::ffi::PyObject,
            nargs: $crate::ffi::Py_ssize_t,
            kw: *mut $crate::ffi::PyObject,
        ) -> *mut $crate::ffi::PyObject {
            static INFO: $crate::call::FnInfo = $crate::call::FnInfo { name: $py_name, params: &[$($param),*] };
            $crate::call::trampoline(|| {
                let [$($var),*] = $crate::call::parse_args::<{ <[&str]>::len(&[$($param),*]) }>(&INFO, args, nargs, kw)?;
                $body
            })
        }
    };
}

pub mod call;
pub mod closure;
pub mod construct;
pub mod containers;
pub mod conv;
pub mod enums;
pub mod fields;
pub mod gerror;
pub mod gvalue;
pub mod libffi;
pub mod module;
pub mod pyutil;
pub mod signals;
pub mod sym;
pub mod types;

pub use glib_sys::GError;
pub use gobject_sys::GValue;
pub use call::{func, parse_args, trampoline, without_gil, FnInfo, Raised, R};
pub use enums::{Domain, EnumDesc, EnumState};
pub use fields::GetSet;
pub use module::{module_init, Const, Item, NsDesc, Package};
pub use pyutil::Obj;
pub use sym::{Libs, Sym};
pub use types::{Kind, Memory, Method, MethodDef, MethodKind, TypeDesc, TypeState};
