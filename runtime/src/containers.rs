//! Arrays, lists and hash tables.

use crate::call::{Raised, R};
use crate::ffi;
use crate::pyutil::{raise, str_of, type_name, Obj};
use std::ffi::{c_char, CString};

/// A NULL-terminated `char**` as a list of str (borrowed; not freed).
///
/// # Safety
/// `p` is NULL or a valid strv.
pub unsafe fn strv_out(p: *const *const c_char) -> R<Obj> {
    let mut items = Vec::new();
    if !p.is_null() {
        let mut i = 0;
        while !(*p.add(i)).is_null() {
            items.push(crate::pyutil::str_from_c(*p.add(i))?);
            i += 1;
        }
    }
    crate::pyutil::list(items)
}

/// A new g_strv (g_strfreev to free) from a sequence of str.
///
/// # Safety
/// `o` is live.
pub unsafe fn strv_from_py(o: *mut ffi::PyObject, what: &str) -> R<*mut *mut c_char> {
    if ffi::PyUnicode_Check(o) != 0 || ffi::PySequence_Check(o) == 0 {
        return Err(raise(ffi::PyExc_TypeError, format!("{what} must be a sequence of str, not {}", type_name(o))));
    }
    let seq = Obj::from_owned(ffi::PySequence_Fast(o, c"sequence expected".as_ptr()))?;
    let n = ffi::PySequence_Fast_GET_SIZE(seq.as_ptr());
    let mut strings = Vec::with_capacity(n as usize);
    for i in 0..n {
        let item = *ffi::PySequence_Fast_ITEMS(seq.as_ptr()).add(i as usize);
        let s = str_of(item).ok_or_else(|| raise(ffi::PyExc_TypeError, format!("{what} item {i} must be str, not {}", type_name(item))))?;
        strings.push(CString::new(s).map_err(|_| raise(ffi::PyExc_ValueError, format!("{what} item {i}: embedded null character")))?);
    }
    let out = glib_sys::g_malloc0_n(strings.len() + 1, std::mem::size_of::<*mut c_char>()) as *mut *mut c_char;
    for (i, s) in strings.iter().enumerate() {
        *out.add(i) = glib_sys::g_strdup(s.as_ptr());
    }
    Ok(out)
}

#[allow(dead_code)]
fn _keep() -> Raised {
    Raised
}
