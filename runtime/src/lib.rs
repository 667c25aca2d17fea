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
