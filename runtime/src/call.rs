//! The calling convention of generated wrappers: a raised Python exception as a zero-sized error,
//! the panic barrier every `extern "C"` entry point goes through, and argument parsing
//! (positional fast path; keywords and errors out of line).

use crate::ffi;
use crate::pyutil::{raise, type_name};
use std::ffi::c_void;
use std::ptr::null_mut;

/// A Python exception is set (the C-API convention, as a Rust error). Carrying nothing keeps
/// `Result`s one word wide and the generated code small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raised;

pub type R<T> = Result<T, Raised>;

impl From<pyo3::PyErr> for Raised {
    fn from(e: pyo3::PyErr) -> Raised {
        // SAFETY: runtime code only runs with the interpreter attached (called from Python).
        e.restore(unsafe { pyo3::Python::assume_attached() });
        Raised
    }
}

/// What error messages need to know about a Python-visible callable.
pub struct FnInfo {
    /// The Python name, as in `get_info() argument 'index' ...`.
    pub name: &'static str,
    /// Python parameter names, in order (`Signature::py_inputs`).
    pub params: &'static [&'static str],
}

impl FnInfo {
    pub fn param(&self, index: usize) -> &'static str {
        self.params.get(index).copied().unwrap_or("?")
    }
}

/// Runs the body of an entry point: `Ok` is a new reference, `Err` means an exception is set, a
/// panic becomes a `SystemError` instead of unwinding into C.
#[inline(always)]
pub fn trampoline<F: FnOnce() -> R<*mut ffi::PyObject>>(f: F) -> *mut ffi::PyObject {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(p)) => p,
        Ok(Err(Raised)) => null_mut(),
        Err(payload) => {
            panic_to_exception(payload);
            null_mut()
        }
    }
}

/// Like [`trampoline`] for entry points called from C that return nothing to Python (callbacks,
/// destroy notifies): a panic is reported as unraisable instead of crossing the FFI boundary.
#[inline(always)]
pub fn guard_c<T, F: FnOnce() -> T>(default: T, f: F) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(payload) => {
            panic_to_exception(payload);
            // SAFETY: called with the interpreter attached (callbacks attach before running).
            unsafe { ffi::PyErr_WriteUnraisable(null_mut()) };
            default
        }
    }
}

#[cold]
#[inline(never)]
pub fn panic_to_exception(payload: Box<dyn std::any::Any + Send>) {
    let msg = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    };
    // SAFETY: the exception type is a static CPython object.
    let _ = raise(unsafe { ffi::PyExc_SystemError }, format!("girgen runtime: Rust panic: {msg}"));
}

/// The arguments of a `METH_FASTCALL | METH_KEYWORDS` call, in parameter order. All parameters
/// are required (as in the C signature).
///
/// # Safety
/// `args`, `nargs` and `kwnames` are what CPython passed to the entry point.
#[inline(always)]
pub unsafe fn parse_args<const N: usize>(
    info: &FnInfo,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> R<[*mut ffi::PyObject; N]> {
    let mut out = [null_mut(); N];
    if kwnames.is_null() && nargs == N as ffi::Py_ssize_t {
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = *args.add(i);
        }
        return Ok(out);
    }
    parse_slow(info, args, nargs, kwnames, &mut out)?;
    Ok(out)
}

/// As [`parse_args`], where the parameters from `required` on may be left out: they are None
/// (trailing nullable parameters default to None, as in PyGObject).
///
/// # Safety
/// As [`parse_args`].
#[inline(always)]
pub unsafe fn parse_args_opt<const N: usize>(
    info: &FnInfo,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    required: usize,
) -> R<[*mut ffi::PyObject; N]> {
    let mut out = [null_mut(); N];
    if kwnames.is_null() && nargs == N as ffi::Py_ssize_t {
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = *args.add(i);
        }
        return Ok(out);
    }
    parse_defaults(info, args, nargs, kwnames, &mut out, required)?;
    Ok(out)
}

#[cold]
#[inline(never)]
unsafe fn parse_defaults(
    info: &FnInfo,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    out: &mut [*mut ffi::PyObject],
    required: usize,
) -> R<()> {
    // Fill what was given, then default the optional tail and check the rest as usual.
    let n = out.len();
    let given = nargs.max(0) as usize;
    let mut probe = vec![null_mut(); n];
    let r = parse_slow(info, args, nargs, kwnames, &mut probe);
    if r.is_ok() {
        out.copy_from_slice(&probe);
        return Ok(());
    }
    if given > n {
        return r;
    }
    ffi::PyErr_Clear();
    // Re-run with the missing optional parameters passed as None by keyword is not possible
    // without building new arguments: parse positionals and keywords again here.
    for (i, slot) in out.iter_mut().enumerate().take(given) {
        *slot = *args.add(i);
    }
    if !kwnames.is_null() {
        let nk = ffi::PyTuple_GET_SIZE(kwnames).max(0) as usize;
        for k in 0..nk {
            let key = ffi::PyTuple_GET_ITEM(kwnames, k as ffi::Py_ssize_t);
            let key = crate::pyutil::str_of(key).unwrap_or_default();
            match info.params.iter().position(|p| *p == key) {
                Some(i) if i < n && out[i].is_null() => out[i] = *args.add(given + k),
                // Unknown or duplicate keywords: parse_slow's error.
                _ => return parse_slow(info, args, nargs, kwnames, &mut probe),
            }
        }
    }
    for slot in out.iter_mut().skip(required) {
        if slot.is_null() {
            *slot = ffi::Py_None();
        }
    }
    if out.iter().any(|p| p.is_null()) {
        // A required parameter is missing: parse_slow's message.
        return parse_slow(info, args, nargs, kwnames, &mut probe);
    }
    Ok(())
}

/// Keyword arguments and every argument-count error.
///
/// # Safety
/// As [`parse_args`].
#[cold]
#[inline(never)]
pub unsafe fn parse_slow(
    info: &FnInfo,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    out: &mut [*mut ffi::PyObject],
) -> R<()> {
    let n = out.len();
    let name = info.name;
    let nargs = nargs.max(0) as usize;
    if nargs > n {
        let takes = match n {
            0 => "no arguments".to_string(),
            1 => "1 positional argument".to_string(),
            k => format!("{k} positional arguments"),
        };
        return Err(raise(ffi::PyExc_TypeError, format!("{name}() takes {takes} but {nargs} were given")));
    }
    for (i, slot) in out.iter_mut().enumerate().take(nargs) {
        *slot = *args.add(i);
    }
    if !kwnames.is_null() {
        let nk = ffi::PyTuple_GET_SIZE(kwnames).max(0) as usize;
        for k in 0..nk {
            let key = ffi::PyTuple_GET_ITEM(kwnames, k as ffi::Py_ssize_t);
            let value = *args.add(nargs + k);
            let key = crate::pyutil::str_of(key).unwrap_or_default();
            match info.params.iter().position(|p| *p == key) {
                Some(i) if i < n => {
                    if !out[i].is_null() {
                        return Err(raise(
                            ffi::PyExc_TypeError,
                            format!("{name}() got multiple values for argument '{key}'"),
                        ));
                    }
                    out[i] = value;
                }
                _ => {
                    return Err(raise(
                        ffi::PyExc_TypeError,
                        format!("{name}() got an unexpected keyword argument '{key}'"),
                    ))
                }
            }
        }
    }
    let missing: Vec<&str> = out.iter().enumerate().filter(|(_, p)| p.is_null()).map(|(i, _)| info.param(i)).collect();
    if !missing.is_empty() {
        let list = missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ");
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(raise(
            ffi::PyExc_TypeError,
            format!("{name}() missing {} required argument{s}: {list}", missing.len()),
        ));
    }
    Ok(())
}

/// `TypeError: f() argument 'x' must be T, not U`.
#[cold]
#[inline(never)]
pub fn wrong_type(info: &FnInfo, index: usize, expected: &str, got: *mut ffi::PyObject) -> Raised {
    // SAFETY: `got` is a live object passed by the caller.
    let got = unsafe { type_name(got) };
    // SAFETY: static exception type.
    raise(
        unsafe { ffi::PyExc_TypeError },
        format!("{}() argument '{}' must be {expected}, not {got}", info.name, info.param(index)),
    )
}

/// An error about one argument: `f() argument 'x': message`.
#[cold]
#[inline(never)]
pub fn bad_arg(exc: *mut ffi::PyObject, info: &FnInfo, index: usize, message: &str) -> Raised {
    raise(exc, format!("{}() argument '{}' {message}", info.name, info.param(index)))
}

/// The C function behind a symbol, as the function pointer type the wrapper declares.
///
/// # Safety
/// `F` must be an `unsafe extern "C" fn` type matching the C declaration of the symbol.
#[inline(always)]
pub unsafe fn func<F: Copy>(sym: &crate::sym::Sym) -> R<F> {
    let p: *mut c_void = sym.get()?;
    debug_assert_eq!(std::mem::size_of::<F>(), std::mem::size_of::<*mut c_void>());
    Ok(std::mem::transmute_copy::<*mut c_void, F>(&p))
}

/// Runs `f` (a C call that may block) with the GIL released; re-attached on return and on unwind.
#[inline(always)]
pub fn without_gil<T, F: FnOnce() -> T>(f: F) -> T {
    struct Reattach(*mut ffi::PyThreadState);
    impl Drop for Reattach {
        fn drop(&mut self) {
            // SAFETY: restores the thread state saved below, on this thread.
            unsafe { ffi::PyEval_RestoreThread(self.0) };
        }
    }
    // SAFETY: called with the GIL held (from a wrapper); `f` does not touch Python objects.
    let _guard = Reattach(unsafe { ffi::PyEval_SaveThread() });
    f()
}

/// Refuses to call a method whose virtual method the instance's class leaves NULL (C would jump to
/// address 0): NotImplementedError, as the other backends raise. `offset` is the vfunc's slot in
/// the class struct.
///
/// # Safety
/// `instance` is NULL or a live GTypeInstance whose class struct has a pointer at `offset`.
#[inline]
pub unsafe fn vfunc_check(instance: *mut c_void, offset: usize, method: &str, vfunc: &str) -> R<()> {
    if instance.is_null() {
        return Ok(());
    }
    let class = *(instance as *const *const u8);
    if class.is_null() || !(*(class.add(offset) as *const *const c_void)).is_null() {
        return Ok(());
    }
    let t = gobject_sys::g_type_name_from_instance(instance as *mut gobject_sys::GTypeInstance);
    let tname = if t.is_null() { "?".into() } else { std::ffi::CStr::from_ptr(t).to_string_lossy().into_owned() };
    Err(raise(
        ffi::PyExc_NotImplementedError,
        format!("{method}(): {tname} does not implement the virtual method {vfunc}"),
    ))
}
