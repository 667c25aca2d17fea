//! GError → Python exception. The classes come from the shared Python runtime
//! (`girgen_runtime.errors`), so `except GLib.Error` catches errors from every backend. Each GError
//! is freed exactly once, here.

use crate::call::{Raised, R};
use crate::ffi;
use crate::module::package;
use crate::pyutil::{getattr, import, new_str, GilCell, Obj};
use glib_sys::GError;
use std::collections::HashMap;
use std::ffi::CStr;
use std::sync::atomic::{AtomicPtr, Ordering};

static ERRORS_MODULE: AtomicPtr<ffi::PyObject> = AtomicPtr::new(std::ptr::null_mut());

fn errors_module() -> R<*mut ffi::PyObject> {
    let m = ERRORS_MODULE.load(Ordering::Acquire);
    if !m.is_null() {
        return Ok(m);
    }
    let m = import(c"girgen_runtime.errors")?.into_ptr();
    ERRORS_MODULE.store(m, Ordering::Release);
    Ok(m)
}

/// `girgen_runtime.errors.Error` (= `GLib.Error`).
pub fn error_class() -> R<Obj> {
    getattr(errors_module()?, c"Error")
}

/// quark → exception class (strong references kept for the process).
static BY_QUARK: GilCell<Option<HashMap<u32, *mut ffi::PyObject>>> = GilCell::new(None);

fn class_for_quark(quark: u32, domain: &str) -> R<*mut ffi::PyObject> {
    // SAFETY: GIL held.
    let cache = unsafe { BY_QUARK.get().get_or_insert_with(HashMap::new) };
    if let Some(&c) = cache.get(&quark) {
        return Ok(c);
    }
    // Build the domain's enum (which registers its Error subclass) if this package has it.
    for e in package().error_domains {
        if e.quark()? == quark {
            e.class()?;
            break;
        }
    }
    let lookup = getattr(errors_module()?, c"error_class_for_domain")?;
    let d = new_str(domain)?;
    let cls = crate::pyutil::call(lookup.as_ptr(), &[d.as_ptr()])?.into_ptr();
    // SAFETY: GIL held; no other reference into the cache is alive.
    unsafe { BY_QUARK.get().get_or_insert_with(HashMap::new) }.insert(quark, cls);
    Ok(cls)
}

/// The exception object (not raised) for a GError; with `full` the GError is freed.
///
/// # Safety
/// `err` is NULL or a valid GError.
pub unsafe fn error_value_out(err: *mut GError, full: bool) -> R<Obj> {
    if err.is_null() {
        return Ok(Obj::none());
    }
    let quark = (*err).domain;
    let code = (*err).code;
    let message = if (*err).message.is_null() { new_str("") } else { crate::pyutil::str_from_c((*err).message) };
    if full {
        glib_sys::g_error_free(err);
    }
    let message = message?;
    let domain_c = glib_sys::g_quark_to_string(quark);
    let domain = if domain_c.is_null() { String::new() } else { CStr::from_ptr(domain_c).to_string_lossy().into_owned() };
    let cls = class_for_quark(quark, &domain)?;
    let dom = new_str(&domain)?;
    let code = crate::pyutil::int(code as i64)?;
    crate::pyutil::call(cls, &[message.as_ptr(), dom.as_ptr(), code.as_ptr()])
}

/// A GError argument made from a `GLib.Error` exception (freed after the call unless given).
pub struct ErrorArg {
    ptr: *mut GError,
    given: bool,
}

impl ErrorArg {
    pub fn ptr(&self) -> *mut GError {
        self.ptr
    }
    pub fn give(mut self) -> ErrorArg {
        self.given = true;
        self
    }
}

impl Drop for ErrorArg {
    fn drop(&mut self) {
        if !self.given && !self.ptr.is_null() {
            // SAFETY: created by error_value_in.
            unsafe { glib_sys::g_error_free(self.ptr) };
        }
    }
}

/// # Safety
/// `o` is live.
pub unsafe fn error_value_in(info: &crate::call::FnInfo, index: usize, o: *mut ffi::PyObject, nullable: bool) -> R<ErrorArg> {
    if nullable && o == ffi::Py_None() {
        return Ok(ErrorArg { ptr: std::ptr::null_mut(), given: false });
    }
    let cls = error_class()?;
    if ffi::PyObject_IsInstance(o, cls.as_ptr()) != 1 {
        ffi::PyErr_Clear();
        return Err(crate::call::wrong_type(info, index, "GLib.Error", o));
    }
    let f = getattr(errors_module()?, c"gerror_new")?;
    let addr = crate::pyutil::call(f.as_ptr(), &[o])?;
    Ok(ErrorArg { ptr: ffi::PyLong_AsVoidPtr(addr.as_ptr()) as *mut GError, given: false })
}

/// Sets the Python exception for `err` and frees it.
///
/// # Safety
/// `err` is a GError the caller owns.
#[cold]
#[inline(never)]
pub unsafe fn raise_gerror(err: *mut GError) -> Raised {
    let quark = (*err).domain;
    let code = (*err).code;
    let message = if (*err).message.is_null() {
        new_str("")
    } else {
        crate::pyutil::str_from_c((*err).message)
    };
    glib_sys::g_error_free(err);
    let domain_c = glib_sys::g_quark_to_string(quark);
    let domain = if domain_c.is_null() { String::new() } else { CStr::from_ptr(domain_c).to_string_lossy().into_owned() };
    let build = || -> R<()> {
        let message = message?;
        let cls = class_for_quark(quark, &domain)?;
        let dom = new_str(&domain)?;
        let code = crate::pyutil::int(code as i64)?;
        let exc = crate::pyutil::call(cls, &[message.as_ptr(), dom.as_ptr(), code.as_ptr()])?;
        ffi::PyErr_SetObject(ffi::Py_TYPE(exc.as_ptr()) as *mut ffi::PyObject, exc.as_ptr());
        Ok(())
    };
    let _ = build();
    Raised
}

/// Raises if a throwing function set its `GError**`.
///
/// # Safety
/// `err` is NULL or a GError the caller owns.
#[inline(always)]
pub unsafe fn check(err: *mut GError) -> R<()> {
    if err.is_null() {
        Ok(())
    } else {
        Err(raise_gerror(err))
    }
}

/// Turns the current Python exception into a new GError (for callbacks that throw), clearing it.
///
/// # Safety
/// An exception is set; GIL held.
pub unsafe fn gerror_from_exception() -> *mut GError {
    let exc = crate::pyutil::fetch_exception();
    let r = (|| -> R<*mut GError> {
        let f = getattr(errors_module()?, c"gerror_new")?;
        let addr = crate::pyutil::call(f.as_ptr(), &[exc])?;
        Ok(ffi::PyLong_AsVoidPtr(addr.as_ptr()) as *mut GError)
    })();
    ffi::Py_XDECREF(exc);
    match r {
        Ok(p) => p,
        Err(_) => {
            ffi::PyErr_Clear();
            glib_sys::g_error_new_literal(glib_sys::g_quark_from_static_string(c"pygi-error".as_ptr()), 0, c"error".as_ptr())
        }
    }
}
