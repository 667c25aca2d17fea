//! Small helpers over the raw C API: owned references, raising, names, imports.

use crate::call::{Raised, R};
use crate::ffi;
use std::ffi::{c_char, CStr, CString};
use std::ptr::NonNull;

/// An owned (strong) reference; released on drop.
#[repr(transparent)]
pub struct Obj(NonNull<ffi::PyObject>);

impl Obj {
    /// Takes a new reference returned by a C-API call; NULL means an exception is set.
    ///
    /// # Safety
    /// `p` is NULL or a new reference.
    #[inline(always)]
    pub unsafe fn from_owned(p: *mut ffi::PyObject) -> R<Obj> {
        NonNull::new(p).map(Obj).ok_or(Raised)
    }
    /// A new reference to a borrowed object.
    ///
    /// # Safety
    /// `p` is a live object.
    #[inline(always)]
    pub unsafe fn from_borrowed(p: *mut ffi::PyObject) -> Obj {
        ffi::Py_INCREF(p);
        Obj(NonNull::new_unchecked(p))
    }
    #[inline(always)]
    pub fn none() -> Obj {
        // SAFETY: None is immortal-ish and always valid.
        unsafe { Obj::from_borrowed(ffi::Py_None()) }
    }
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.0.as_ptr()
    }
    /// Gives the reference away.
    #[inline(always)]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let p = self.0.as_ptr();
        std::mem::forget(self);
        p
    }
}

impl Drop for Obj {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { ffi::Py_DECREF(self.0.as_ptr()) }
    }
}

/// Sets `exc` with `message` and returns the marker.
#[cold]
#[inline(never)]
pub fn raise(exc: *mut ffi::PyObject, message: String) -> Raised {
    let c = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // SAFETY: `exc` is an exception type; the message is a valid C string.
    unsafe { ffi::PyErr_SetString(exc, c.as_ptr()) };
    Raised
}

/// `type(o).__name__` as Python's messages show it.
///
/// # Safety
/// `o` is a live object.
pub unsafe fn type_name(o: *mut ffi::PyObject) -> String {
    let tp = ffi::Py_TYPE(o);
    let name = CStr::from_ptr((*tp).tp_name).to_string_lossy();
    // Static types spell `module.Name`; Python's messages show the last part.
    match name.rsplit_once('.') {
        Some((_, last)) => last.to_string(),
        None => name.into_owned(),
    }
}

/// The UTF-8 of a str object (None for a non-str, with no exception left set).
///
/// # Safety
/// `o` is a live object.
pub unsafe fn str_of(o: *mut ffi::PyObject) -> Option<String> {
    if ffi::PyUnicode_Check(o) == 0 {
        return None;
    }
    let mut size: ffi::Py_ssize_t = 0;
    let p = ffi::PyUnicode_AsUTF8AndSize(o, &mut size);
    if p.is_null() {
        ffi::PyErr_Clear();
        return None;
    }
    let bytes = std::slice::from_raw_parts(p as *const u8, size as usize);
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// A new str from UTF-8 bytes; invalid sequences are replaced (C strings are not always UTF-8).
pub fn new_str(s: &str) -> R<Obj> {
    // SAFETY: pointer and length describe `s`.
    unsafe { Obj::from_owned(ffi::PyUnicode_FromStringAndSize(s.as_ptr() as *const c_char, s.len() as ffi::Py_ssize_t)) }
}

/// A str from a NUL-terminated C string, decoding with `replace` on invalid UTF-8.
///
/// # Safety
/// `p` is a valid NUL-terminated string.
pub unsafe fn str_from_c(p: *const c_char) -> R<Obj> {
    let len = CStr::from_ptr(p).to_bytes().len();
    let o = ffi::PyUnicode_FromStringAndSize(p, len as ffi::Py_ssize_t);
    if !o.is_null() {
        return Obj::from_owned(o);
    }
    ffi::PyErr_Clear();
    Obj::from_owned(ffi::PyUnicode_DecodeUTF8(p, len as ffi::Py_ssize_t, c"replace".as_ptr()))
}

/// `import name` (cached by Python's sys.modules).
pub fn import(name: &CStr) -> R<Obj> {
    // SAFETY: valid C string.
    unsafe { Obj::from_owned(ffi::PyImport_ImportModule(name.as_ptr())) }
}

/// `getattr(o, name)`.
pub fn getattr(o: *mut ffi::PyObject, name: &CStr) -> R<Obj> {
    // SAFETY: `o` is live, name valid.
    unsafe { Obj::from_owned(ffi::PyObject_GetAttrString(o, name.as_ptr())) }
}

/// `setattr(o, name, v)`.
pub fn setattr(o: *mut ffi::PyObject, name: &str, v: *mut ffi::PyObject) -> R<()> {
    let name = new_str(name)?;
    // SAFETY: live objects.
    if unsafe { ffi::PyObject_SetAttr(o, name.as_ptr(), v) } < 0 {
        return Err(Raised);
    }
    Ok(())
}

/// Calls `f(*args)`.
pub fn call(f: *mut ffi::PyObject, args: &[*mut ffi::PyObject]) -> R<Obj> {
    // SAFETY: `args` is a valid array of live objects; no offset flag is passed.
    unsafe { Obj::from_owned(ffi::PyObject_Vectorcall(f, args.as_ptr(), args.len(), std::ptr::null_mut())) }
}

/// Calls `f(*args, **kwargs)` with keyword names and values.
pub fn call_kw(f: *mut ffi::PyObject, args: &[*mut ffi::PyObject], kw: &[(&str, *mut ffi::PyObject)]) -> R<Obj> {
    let mut all: Vec<*mut ffi::PyObject> = args.to_vec();
    let names = tuple(kw.iter().map(|(k, _)| new_str(k)).collect::<R<Vec<_>>>()?)?;
    all.extend(kw.iter().map(|(_, v)| *v));
    // SAFETY: as `call`; kwnames is a tuple of str matching the trailing values.
    unsafe { Obj::from_owned(ffi::PyObject_Vectorcall(f, all.as_ptr(), args.len(), names.as_ptr())) }
}

/// A tuple that takes the given references.
pub fn tuple(items: Vec<Obj>) -> R<Obj> {
    // SAFETY: the new tuple is filled completely before anything else sees it.
    unsafe {
        let t = Obj::from_owned(ffi::PyTuple_New(items.len() as ffi::Py_ssize_t))?;
        for (i, item) in items.into_iter().enumerate() {
            ffi::PyTuple_SET_ITEM(t.as_ptr(), i as ffi::Py_ssize_t, item.into_ptr());
        }
        Ok(t)
    }
}

/// A list that takes the given references.
pub fn list(items: Vec<Obj>) -> R<Obj> {
    // SAFETY: as `tuple`.
    unsafe {
        let l = Obj::from_owned(ffi::PyList_New(items.len() as ffi::Py_ssize_t))?;
        for (i, item) in items.into_iter().enumerate() {
            ffi::PyList_SET_ITEM(l.as_ptr(), i as ffi::Py_ssize_t, item.into_ptr());
        }
        Ok(l)
    }
}

/// `repr(o)` (None if repr raised; the exception is cleared).
///
/// # Safety
/// `o` is a live object.
pub unsafe fn repr(o: *mut ffi::PyObject) -> Option<String> {
    let r = ffi::PyObject_Repr(o);
    if r.is_null() {
        ffi::PyErr_Clear();
        return None;
    }
    let r = Obj::from_owned(r).ok()?;
    str_of(r.as_ptr())
}

/// Several results as PyGObject returns them: a tuple whose out parameters are also attributes,
/// made by the shared Python runtime's `girgen_runtime.support.result_tuple(names, values)` so all
/// backends return the same type. `names[i]` is None for the return value.
pub fn result_tuple(names: &[Option<&str>], items: Vec<Obj>) -> R<Obj> {
    static FACTORY: GilCell<Option<Obj>> = GilCell::new(None);
    // SAFETY: GIL held (called from wrappers).
    let f = unsafe { FACTORY.get() };
    if f.is_none() {
        let m = import(c"girgen_runtime.support")?;
        *f = Some(getattr(m.as_ptr(), c"result_tuple")?);
    }
    let factory = f.as_ref().map(|o| o.as_ptr()).ok_or(Raised)?;
    let names = tuple(names.iter().map(|n| match n { Some(n) => new_str(n), None => Ok(Obj::none()) }).collect::<R<Vec<_>>>()?)?;
    let values = tuple(items)?;
    call(factory, &[names.as_ptr(), values.as_ptr()])
}

/// An int.
pub fn int(v: i64) -> R<Obj> {
    // SAFETY: plain constructor.
    unsafe { Obj::from_owned(ffi::PyLong_FromLongLong(v)) }
}

/// A cell that may be touched only with the GIL held. The runtime targets GIL-enabled CPython; all
/// access is from entry points called by Python or from callbacks after attaching.
pub struct GilCell<T>(std::cell::UnsafeCell<T>);

// SAFETY: every access happens with the GIL held, which serialises them.
unsafe impl<T> Sync for GilCell<T> {}

impl<T> GilCell<T> {
    pub const fn new(v: T) -> GilCell<T> {
        GilCell(std::cell::UnsafeCell::new(v))
    }
    /// # Safety
    /// The GIL is held and no other reference obtained from this cell is alive.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn get(&self) -> &mut T {
        &mut *self.0.get()
    }
}

/// Takes the current exception as one normalised exception object (NULL if none).
///
/// # Safety
/// GIL held.
pub unsafe fn fetch_exception() -> *mut ffi::PyObject {
    let mut t = std::ptr::null_mut();
    let mut v = std::ptr::null_mut();
    let mut tb = std::ptr::null_mut();
    ffi::PyErr_Fetch(&mut t, &mut v, &mut tb);
    if t.is_null() {
        return std::ptr::null_mut();
    }
    ffi::PyErr_NormalizeException(&mut t, &mut v, &mut tb);
    if !tb.is_null() && !v.is_null() {
        ffi::PyException_SetTraceback(v, tb);
    }
    ffi::Py_XDECREF(t);
    ffi::Py_XDECREF(tb);
    v
}
