//! Python callables passed as C callbacks. The callable travels in the callback's user_data as a
//! boxed [`Closure`]; the generated per-callback-type trampoline calls [`invoke`]. The closure is
//! kept exactly as long as the scope says: `call` until the C function returns, `async` until the
//! callback has run once, `notified` until the destroy notify runs, `forever` for the process.

use crate::call::{FnInfo, Raised, R};
use crate::ffi;
use std::cell::Cell;
use std::ffi::c_void;
use std::ptr::null_mut;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Call,
    Async,
    Notified,
    Forever,
}

struct Closure {
    callable: *mut ffi::PyObject,
    scope: Scope,
}

unsafe fn free_closure(c: *mut Closure) {
    let c = Box::from_raw(c);
    ffi::Py_DECREF(c.callable);
}

/// A callback argument of one call.
pub struct Callback {
    closure: *mut Closure,
    scope: Scope,
    /// Set once the C function has been called with it (ownership then follows the scope).
    passed: Cell<bool>,
}

impl Callback {
    /// # Safety
    /// `o` is a live object.
    pub unsafe fn new(info: &FnInfo, index: usize, o: *mut ffi::PyObject, scope: Scope, nullable: bool) -> R<Callback> {
        if o == ffi::Py_None() && nullable {
            return Ok(Callback { closure: null_mut(), scope, passed: Cell::new(false) });
        }
        if ffi::PyCallable_Check(o) == 0 {
            return Err(crate::call::wrong_type(info, index, "callable", o));
        }
        ffi::Py_INCREF(o);
        let closure = Box::into_raw(Box::new(Closure { callable: o, scope }));
        Ok(Callback { closure, scope, passed: Cell::new(false) })
    }

    /// The C function pointer to pass: the trampoline, or NULL for None.
    #[inline]
    pub fn code(&self, trampoline: *mut c_void) -> *mut c_void {
        if self.closure.is_null() {
            null_mut()
        } else {
            trampoline
        }
    }

    #[inline]
    pub fn user_data(&self) -> *mut c_void {
        self.closure as *mut c_void
    }

    /// The GDestroyNotify to pass with a `notified` callback.
    #[inline]
    pub fn destroy_notify(&self) -> *mut c_void {
        if self.closure.is_null() {
            null_mut()
        } else {
            destroy_notify as *mut c_void
        }
    }

    /// The C function returned: from now on the scope decides when the closure goes.
    #[inline]
    pub fn called(&self) {
        self.passed.set(true);
    }
}

impl Drop for Callback {
    fn drop(&mut self) {
        if self.closure.is_null() {
            return;
        }
        // Not passed (an argument error before the call) or call-scoped: done with it now.
        if !self.passed.get() || self.scope == Scope::Call {
            // SAFETY: we own the closure; the GIL is held (wrapper context).
            unsafe { free_closure(self.closure) };
        }
    }
}

/// GDestroyNotify of `notified` closures.
unsafe extern "C" fn destroy_notify(data: *mut c_void) {
    if data.is_null() {
        return;
    }
    let gil = ffi::PyGILState_Ensure();
    crate::call::guard_c((), || free_closure(data as *mut Closure));
    ffi::PyGILState_Release(gil);
}

/// Runs a callback: attaches to the interpreter, calls `f` with the Python callable, reports an
/// exception (into the GError** of a throwing callback, else as unraisable) and returns `default`
/// then. An `async` closure is freed after its one call.
///
/// # Safety
/// `data` is the user_data of a callback created by [`Callback::new`].
pub unsafe fn invoke<T, F>(data: *mut c_void, error: Option<*mut *mut glib_sys::GError>, default: T, f: F) -> T
where
    F: FnOnce(*mut ffi::PyObject) -> R<T>,
{
    if data.is_null() {
        return default;
    }
    let gil = ffi::PyGILState_Ensure();
    let closure = data as *mut Closure;
    let callable = (*closure).callable;
    let scope = (*closure).scope;
    let r = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(callable))) {
        Ok(r) => r,
        Err(payload) => {
            crate::call::panic_to_exception(payload);
            Err(Raised)
        }
    };
    let value = match r {
        Ok(v) => v,
        Err(Raised) => {
            match error {
                Some(e) if !e.is_null() && (*e).is_null() => *e = crate::gerror::gerror_from_exception(),
                _ => ffi::PyErr_Print(),
            }
            default
        }
    };
    if scope == Scope::Async {
        free_closure(closure);
    }
    ffi::PyGILState_Release(gil);
    value
}
