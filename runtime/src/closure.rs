//! Python callables passed as C callbacks. The callable travels in the callback's user_data as a
//! boxed [`Closure`]; the generated per-callback-type trampoline calls [`invoke`]. The closure is
//! kept exactly as long as the scope says: `call` until the C function returns, `async` until the
//! callback has run once, `notified` until the destroy notify runs, `forever` for the process.

use crate::call::{FnInfo, Raised, R};
use crate::ffi;
use crate::pyutil::{GilCell, Obj};
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
    /// libffi closures bound to this closure (code given to C in place of a trampoline taking
    /// user_data, and a destroy notify called without user_data); freed with it.
    code: *mut c_void,
    notify: *mut c_void,
    /// Transfer-none strings the callable's last call returned, copied to outlive the Python strs.
    kept: Vec<*mut std::ffi::c_char>,
}

/// libffi closures to free once they cannot be running: a closure freed from inside its own call
/// (an async callback after its one run, a destroy notify) is freed at the next closure creation.
static DEFERRED: GilCell<Vec<usize>> = GilCell::new(Vec::new());

unsafe fn free_closure(c: *mut Closure) {
    let c = Box::from_raw(c);
    ffi::Py_DECREF(c.callable);
    // An async closure goes right after its call, whose caller still reads the string: it stays.
    if c.scope != Scope::Async {
        for p in &c.kept {
            glib_sys::g_free(*p as *mut c_void);
        }
    }
    for p in [c.code, c.notify] {
        if !p.is_null() {
            DEFERRED.get().push(p as usize);
        }
    }
}

/// Frees the deferred libffi closures. GIL held, not from inside a callback.
unsafe fn free_deferred() {
    let d = DEFERRED.get();
    if d.is_empty() {
        return;
    }
    for p in std::mem::take(d) {
        crate::libffi::closure_free(p as *mut c_void);
    }
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
        free_deferred();
        ffi::Py_INCREF(o);
        let closure = Box::into_raw(Box::new(Closure { callable: o, scope, code: null_mut(), notify: null_mut(), kept: Vec::new() }));
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

    /// The C function pointer to pass when C will not hand the callback a user_data: a libffi
    /// closure of the callback type's `sig`, bound to this callable, whose `handler` is the
    /// callback type's generated libffi entry point.
    ///
    /// # Safety
    /// GIL held.
    pub unsafe fn ffi_code(&self, sig: &'static crate::libffi::Sig, handler: crate::libffi::Handler) -> R<*mut c_void> {
        if self.closure.is_null() {
            return Ok(null_mut());
        }
        let (closure, code) = crate::libffi::closure_new(sig, handler, self.closure as *mut c_void)?;
        (*self.closure).code = closure;
        Ok(code)
    }

    /// A GDestroyNotify bound to this closure, for functions that call the notify without the
    /// callback's user_data (NULL).
    ///
    /// # Safety
    /// GIL held.
    pub unsafe fn ffi_destroy_notify(&self) -> R<*mut c_void> {
        static SIG: crate::libffi::Sig = crate::libffi::Sig::new(crate::libffi::FfiType::Void, &[crate::libffi::FfiType::Pointer]);
        if self.closure.is_null() {
            return Ok(null_mut());
        }
        let (closure, code) = crate::libffi::closure_new(&SIG, ffi_destroy_notify, self.closure as *mut c_void)?;
        (*self.closure).notify = closure;
        Ok(code)
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

/// A transfer-none string result of a callback: a copy kept by the closure (`data`) until its next
/// call or its end, as C reads it after the Python str may be gone. Without a closure (NULL
/// `data`) the copy is never freed.
///
/// # Safety
/// GIL held; `data` is NULL or a live closure; `p` is NULL or a C string.
pub unsafe fn keep_str(data: *mut c_void, p: *const std::ffi::c_char) -> *const std::ffi::c_char {
    let copy = glib_sys::g_strdup(p);
    if !data.is_null() {
        (*(data as *mut Closure)).kept.push(copy);
    }
    copy
}

unsafe extern "C" fn ffi_destroy_notify(_cif: *mut c_void, _ret: *mut c_void, _args: *mut *mut c_void, data: *mut c_void) {
    destroy_notify(data)
}

/// The results of a callback with several outputs: a sequence of exactly `n` items (a tuple, as
/// PyGObject expects; any sequence is accepted).
///
/// # Safety
/// `r` is a live object; GIL held.
pub unsafe fn unpack(info: &FnInfo, r: *mut ffi::PyObject, n: usize) -> R<Vec<Obj>> {
    let bad = || {
        crate::pyutil::raise(
            ffi::PyExc_TypeError,
            format!("{}: callback must return a tuple of {n} values, not {}", info.name, crate::pyutil::type_name(r)),
        )
    };
    if ffi::PySequence_Check(r) == 0 || ffi::PyUnicode_Check(r) != 0 {
        return Err(bad());
    }
    let len = ffi::PySequence_Size(r);
    if len < 0 {
        return Err(Raised);
    }
    if len as usize != n {
        return Err(bad());
    }
    (0..n).map(|i| Obj::from_owned(ffi::PySequence_GetItem(r, i as ffi::Py_ssize_t))).collect()
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
    // Strings kept for the previous call's C caller are done with.
    for p in std::mem::take(&mut (*closure).kept) {
        glib_sys::g_free(p as *mut c_void);
    }
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
