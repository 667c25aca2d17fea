//! Python ↔ C conversions of the fundamental types. `*_in` functions check one argument and raise
//! TypeError/OverflowError/ValueError naming the function and the parameter; `*_out` functions make
//! a new Python value (and free what they were handed with `full`).

use crate::call::{bad_arg, wrong_type, FnInfo, Raised, R};
use crate::ffi;
use crate::pyutil::{getattr, import, Obj};
use std::ffi::{c_char, c_void, CStr};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

// --- integers -------------------------------------------------------------------------------------

/// An integer argument in [min, max]. Accepts int and objects with `__index__`.
///
/// # Safety
/// `o` is a live object.
#[inline(always)]
pub unsafe fn int_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject, min: i64, max: i64, ctype: &'static str) -> R<i64> {
    if ffi::PyLong_CheckExact(o) != 0 {
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if overflow == 0 && v >= min && v <= max {
            return Ok(v);
        }
    }
    int_in_slow(info, index, o, min, max, ctype)
}

#[cold]
#[inline(never)]
unsafe fn int_in_slow(info: &FnInfo, index: usize, o: *mut ffi::PyObject, min: i64, max: i64, ctype: &'static str) -> R<i64> {
    let n = index_of(info, index, o)?;
    let mut overflow = 0;
    let v = ffi::PyLong_AsLongLongAndOverflow(n.as_ptr(), &mut overflow);
    if v == -1 && !ffi::PyErr_Occurred().is_null() {
        return Err(Raised);
    }
    if overflow != 0 || v < min || v > max {
        return Err(out_of_range(info, index, n.as_ptr(), ctype));
    }
    Ok(v)
}

/// A guint64-range argument.
///
/// # Safety
/// `o` is a live object.
#[inline(always)]
pub unsafe fn u64_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject, ctype: &'static str) -> R<u64> {
    if ffi::PyLong_CheckExact(o) != 0 {
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if overflow == 0 && v >= 0 {
            return Ok(v as u64);
        }
    }
    u64_in_slow(info, index, o, ctype)
}

#[cold]
#[inline(never)]
unsafe fn u64_in_slow(info: &FnInfo, index: usize, o: *mut ffi::PyObject, ctype: &'static str) -> R<u64> {
    let n = index_of(info, index, o)?;
    let v = ffi::PyLong_AsUnsignedLongLong(n.as_ptr());
    if v == u64::MAX && !ffi::PyErr_Occurred().is_null() {
        ffi::PyErr_Clear();
        return Err(out_of_range(info, index, n.as_ptr(), ctype));
    }
    Ok(v)
}

unsafe fn index_of(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<Obj> {
    if ffi::PyLong_Check(o) != 0 {
        return Ok(Obj::from_borrowed(o));
    }
    if ffi::PyFloat_Check(o) == 0 && ffi::PyIndex_Check(o) != 0 {
        return Obj::from_owned(ffi::PyNumber_Index(o));
    }
    Err(wrong_type(info, index, "int", o))
}

#[cold]
unsafe fn out_of_range(info: &FnInfo, index: usize, n: *mut ffi::PyObject, ctype: &str) -> Raised {
    let shown = Obj::from_owned(ffi::PyObject_Repr(n)).ok().and_then(|r| crate::pyutil::str_of(r.as_ptr())).unwrap_or_default();
    ffi::PyErr_Clear();
    bad_arg(ffi::PyExc_OverflowError, info, index, &format!("{shown} is out of range for {ctype}"))
}

macro_rules! int_fns {
    ($($name:ident: $t:ty = $ctype:literal;)*) => {$(
        /// An integer argument of this C type.
        ///
        /// # Safety
        /// `o` is a live object.
        #[inline(always)]
        pub unsafe fn $name(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<$t> {
            Ok(int_in(info, index, o, <$t>::MIN as i64, <$t>::MAX as i64, $ctype)? as $t)
        }
    )*};
}

int_fns! {
    i8_in: i8 = "gint8";
    u8_in: u8 = "guint8";
    i16_in: i16 = "gint16";
    u16_in: u16 = "guint16";
    i32_in: i32 = "gint32";
    u32_in: u32 = "guint32";
    i64_in: i64 = "gint64";
}

// --- other scalars ---------------------------------------------------------------------------------

/// gboolean: any object, by truth value.
///
/// # Safety
/// `o` is a live object.
#[inline(always)]
pub unsafe fn bool_in(o: *mut ffi::PyObject) -> R<i32> {
    if o == ffi::Py_True() {
        return Ok(1);
    }
    if o == ffi::Py_False() {
        return Ok(0);
    }
    match ffi::PyObject_IsTrue(o) {
        -1 => Err(Raised),
        v => Ok(v),
    }
}

/// gdouble: float, int or anything with `__float__`/`__index__`.
///
/// # Safety
/// `o` is a live object.
#[inline(always)]
pub unsafe fn f64_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<f64> {
    if ffi::PyFloat_CheckExact(o) != 0 {
        return Ok(ffi::PyFloat_AS_DOUBLE(o));
    }
    f64_in_slow(info, index, o)
}

#[cold]
#[inline(never)]
unsafe fn f64_in_slow(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<f64> {
    let tp = ffi::Py_TYPE(o);
    let numeric = ffi::PyFloat_Check(o) != 0
        || ffi::PyLong_Check(o) != 0
        || (!(*tp).tp_as_number.is_null()
            && ((*(*tp).tp_as_number).nb_float.is_some() || (*(*tp).tp_as_number).nb_index.is_some()));
    if !numeric {
        return Err(wrong_type(info, index, "float", o));
    }
    let v = ffi::PyFloat_AsDouble(o);
    if v == -1.0 && !ffi::PyErr_Occurred().is_null() {
        if ffi::PyErr_ExceptionMatches(ffi::PyExc_OverflowError) != 0 {
            ffi::PyErr_Clear();
            return Err(bad_arg(ffi::PyExc_OverflowError, info, index, "is out of range for gdouble"));
        }
        return Err(Raised);
    }
    Ok(v)
}

/// gfloat: as gdouble, and within gfloat's range (infinities and NaN pass).
///
/// # Safety
/// `o` is a live object.
#[inline(always)]
pub unsafe fn f32_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<f32> {
    let v = f64_in(info, index, o)?;
    if v.is_finite() && v.abs() > f32::MAX as f64 {
        return Err(bad_arg(ffi::PyExc_OverflowError, info, index, "is out of range for gfloat"));
    }
    Ok(v as f32)
}

/// gunichar: a str of length 1.
///
/// # Safety
/// `o` is a live object.
pub unsafe fn unichar_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<u32> {
    if ffi::PyUnicode_Check(o) == 0 {
        return Err(wrong_type(info, index, "str of length 1", o));
    }
    if ffi::PyUnicode_GetLength(o) != 1 {
        return Err(bad_arg(ffi::PyExc_TypeError, info, index, "must be a str of length 1"));
    }
    Ok(ffi::PyUnicode_ReadChar(o, 0) as u32)
}

/// gpointer: an int address or None.
///
/// # Safety
/// `o` is a live object.
pub unsafe fn pointer_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<*mut c_void> {
    if o == ffi::Py_None() {
        return Ok(null_mut());
    }
    address_in(info, index, o, "int (an address) or None")
}

/// gpointer that is not nullable: an int address (None is a TypeError, as on PyGObject: C
/// would dereference NULL).
///
/// # Safety
/// `o` is a live object.
pub unsafe fn pointer_in_nonnull(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<*mut c_void> {
    address_in(info, index, o, "int (an address)")
}

unsafe fn address_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject, expected: &str) -> R<*mut c_void> {
    // bool is an int subclass, but True is no address.
    if ffi::PyLong_Check(o) == 0 || ffi::PyBool_Check(o) != 0 {
        return Err(wrong_type(info, index, expected, o));
    }
    let v = ffi::PyLong_AsUnsignedLongLong(o);
    if v == u64::MAX && !ffi::PyErr_Occurred().is_null() {
        ffi::PyErr_Clear();
        return Err(bad_arg(ffi::PyExc_OverflowError, info, index, "is out of range for a pointer"));
    }
    Ok(v as usize as *mut c_void)
}

/// GType: a GType (int), an int, or a class/object with `__gtype__`.
///
/// # Safety
/// `o` is a live object.
pub unsafe fn gtype_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<usize> {
    if ffi::PyLong_Check(o) != 0 {
        return Ok(u64_in(info, index, o, "GType")? as usize);
    }
    let g = ffi::PyObject_GetAttrString(o, c"__gtype__".as_ptr());
    if g.is_null() {
        ffi::PyErr_Clear();
        return Err(wrong_type(info, index, "GType", o));
    }
    let g = Obj::from_owned(g)?;
    Ok(u64_in(info, index, g.as_ptr(), "GType")? as usize)
}

// --- strings ---------------------------------------------------------------------------------------

/// utf8 (transfer none): a borrowed NUL-terminated UTF-8 buffer owned by the str object.
///
/// # Safety
/// `o` is a live object that outlives the use of the pointer.
#[inline(always)]
pub unsafe fn utf8_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<*const c_char> {
    if ffi::PyUnicode_Check(o) == 0 {
        return Err(wrong_type(info, index, "str", o));
    }
    let mut size: ffi::Py_ssize_t = 0;
    let p = ffi::PyUnicode_AsUTF8AndSize(o, &mut size);
    if p.is_null() {
        return Err(Raised);
    }
    if libc_strlen(p) != size as usize {
        return Err(bad_arg(ffi::PyExc_ValueError, info, index, "contains an embedded null character"));
    }
    Ok(p)
}

/// utf8 or None.
///
/// # Safety
/// As [`utf8_in`].
#[inline(always)]
pub unsafe fn utf8_in_opt(info: &FnInfo, index: usize, o: *mut ffi::PyObject) -> R<*const c_char> {
    if o == ffi::Py_None() {
        return Ok(std::ptr::null());
    }
    utf8_in(info, index, o)
}

extern "C" {
    #[link_name = "strlen"]
    fn c_strlen(s: *const c_char) -> usize;
}

#[inline(always)]
unsafe fn libc_strlen(p: *const c_char) -> usize {
    c_strlen(p)
}

/// A filename argument: the bytes `os.fsencode` gives (str) or the bytes as given. Keeps the bytes
/// object alive for the call.
pub struct FsArg(Option<Obj>);

impl FsArg {
    #[inline]
    pub fn ptr(&self) -> *const c_char {
        match &self.0 {
            // SAFETY: a bytes object.
            Some(b) => unsafe { ffi::PyBytes_AsString(b.as_ptr()) },
            None => std::ptr::null(),
        }
    }
}

/// # Safety
/// `o` is a live object.
pub unsafe fn filename_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject, nullable: bool) -> R<FsArg> {
    if nullable && o == ffi::Py_None() {
        return Ok(FsArg(None));
    }
    let b = if ffi::PyBytes_Check(o) != 0 {
        Obj::from_borrowed(o)
    } else if ffi::PyUnicode_Check(o) != 0 {
        Obj::from_owned(ffi::PyUnicode_EncodeFSDefault(o))?
    } else {
        let os = import(c"os")?;
        let fspath = getattr(os.as_ptr(), c"fspath")?;
        match crate::pyutil::call(fspath.as_ptr(), &[o]) {
            Ok(p) if ffi::PyUnicode_Check(p.as_ptr()) != 0 => Obj::from_owned(ffi::PyUnicode_EncodeFSDefault(p.as_ptr()))?,
            Ok(p) if ffi::PyBytes_Check(p.as_ptr()) != 0 => p,
            _ => {
                ffi::PyErr_Clear();
                return Err(wrong_type(info, index, "str or bytes", o));
            }
        }
    };
    let len = ffi::PyBytes_Size(b.as_ptr()) as usize;
    if libc_strlen(ffi::PyBytes_AsString(b.as_ptr())) != len {
        return Err(bad_arg(ffi::PyExc_ValueError, info, index, "contains an embedded null byte"));
    }
    Ok(FsArg(Some(b)))
}

/// A string argument C may write into (a non-const `gchar *`): a g_strdup'd copy, freed after the
/// call, so that C never writes into the str's own (possibly shared) buffer.
pub struct WritableStr(*mut c_char);

impl WritableStr {
    /// # Safety
    /// `p` is NULL or a valid C string.
    #[inline]
    pub unsafe fn new(p: *const c_char) -> WritableStr {
        WritableStr(glib_sys::g_strdup(p))
    }
    #[inline]
    pub fn ptr(&self) -> *const c_char {
        self.0
    }
}

impl Drop for WritableStr {
    fn drop(&mut self) {
        // SAFETY: our copy (g_free accepts NULL).
        unsafe { glib_sys::g_free(self.0 as *mut c_void) };
    }
}

/// A g_strdup'd copy for transfer-full string arguments.
///
/// # Safety
/// `p` is NULL or a valid C string.
#[inline]
pub unsafe fn strdup(p: *const c_char) -> *mut c_char {
    glib_sys::g_strdup(p)
}

// --- out -------------------------------------------------------------------------------------------

#[inline(always)]
pub fn none() -> R<Obj> {
    Ok(Obj::none())
}

#[inline(always)]
pub fn bool_out(v: i32) -> R<Obj> {
    // SAFETY: True/False are static.
    Ok(unsafe { Obj::from_borrowed(if v != 0 { ffi::Py_True() } else { ffi::Py_False() }) })
}

#[inline(always)]
pub fn i64_out(v: i64) -> R<Obj> {
    // SAFETY: plain constructor.
    unsafe { Obj::from_owned(ffi::PyLong_FromLongLong(v)) }
}

#[inline(always)]
pub fn u64_out(v: u64) -> R<Obj> {
    // SAFETY: plain constructor.
    unsafe { Obj::from_owned(ffi::PyLong_FromUnsignedLongLong(v)) }
}

#[inline(always)]
pub fn f64_out(v: f64) -> R<Obj> {
    // SAFETY: plain constructor.
    unsafe { Obj::from_owned(ffi::PyFloat_FromDouble(v)) }
}

pub fn unichar_out(v: u32) -> R<Obj> {
    if v > 0x10FFFF {
        // SAFETY: static exception type.
        return Err(crate::pyutil::raise(unsafe { ffi::PyExc_ValueError }, format!("{v:#x} is not a Unicode code point")));
    }
    // SAFETY: `v` is a valid code point.
    unsafe { Obj::from_owned(ffi::PyUnicode_FromOrdinal(v as i32)) }
}

pub fn pointer_out(p: *mut c_void) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    // SAFETY: plain constructor.
    unsafe { Obj::from_owned(ffi::PyLong_FromVoidPtr(p)) }
}

/// utf8 result: None for NULL; with `full` the string is g_free'd.
///
/// # Safety
/// `p` is NULL or a valid C string (owned by the caller with `full`).
#[inline]
pub unsafe fn utf8_out(p: *const c_char, full: bool) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    let r = crate::pyutil::str_from_c(p);
    if full {
        glib_sys::g_free(p as *mut c_void);
    }
    r
}

/// filename result: `os.fsdecode` of the bytes.
///
/// # Safety
/// As [`utf8_out`].
pub unsafe fn filename_out(p: *const c_char, full: bool) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    let len = CStr::from_ptr(p).to_bytes().len();
    let r = Obj::from_owned(ffi::PyUnicode_DecodeFSDefaultAndSize(p, len as ffi::Py_ssize_t));
    if full {
        glib_sys::g_free(p as *mut c_void);
    }
    r
}

// --- GType -----------------------------------------------------------------------------------------

static GTYPE_CLASS: AtomicPtr<ffi::PyObject> = AtomicPtr::new(null_mut());

/// `girgen_runtime.gtype.GType` (= `GObject.GType`).
pub fn gtype_class() -> R<*mut ffi::PyObject> {
    let c = GTYPE_CLASS.load(Ordering::Acquire);
    if !c.is_null() {
        return Ok(c);
    }
    let m = import(c"girgen_runtime.gtype")?;
    let c = getattr(m.as_ptr(), c"GType")?.into_ptr();
    GTYPE_CLASS.store(c, Ordering::Release);
    Ok(c)
}

/// A `GObject.GType` for a GType id.
pub fn gtype_object(t: usize) -> R<Obj> {
    let cls = gtype_class()?;
    let v = u64_out(t as u64)?;
    crate::pyutil::call(cls, &[v.as_ptr()])
}

// --- lazy `__gtype__` -------------------------------------------------------------------------------

/// A class attribute that computes `__gtype__` on first access (so building a class neither calls
/// the get_type function nor imports the Python runtime's GType class) and then replaces itself.
#[repr(C)]
struct LazyGType {
    ob_base: ffi::PyObject,
    get_type: *const crate::sym::Sym,
}

static LAZY_TYPE: AtomicPtr<ffi::PyTypeObject> = AtomicPtr::new(null_mut());

unsafe extern "C" fn lazy_get(o: *mut ffi::PyObject, _obj: *mut ffi::PyObject, owner: *mut ffi::PyObject) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let sym = &*(*(o as *mut LazyGType)).get_type;
        let t = sym.call_get_type()?;
        let g = gtype_object(t)?;
        if !owner.is_null() && ffi::PyObject_SetAttrString(owner, c"__gtype__".as_ptr(), g.as_ptr()) < 0 {
            return Err(Raised);
        }
        Ok(g.into_ptr())
    })
}

unsafe extern "C" fn lazy_dealloc(o: *mut ffi::PyObject) {
    let tp = ffi::Py_TYPE(o);
    if let Some(free) = (*tp).tp_free {
        free(o as *mut c_void);
    }
    ffi::Py_DECREF(tp as *mut ffi::PyObject);
}

/// The `__gtype__` attribute to put on a class whose GType comes from `get_type`.
pub fn lazy_gtype(get_type: &'static crate::sym::Sym) -> R<Obj> {
    let mut t = LAZY_TYPE.load(Ordering::Acquire);
    // SAFETY: the slot table is only read by PyType_FromSpec; the new object is fully initialised.
    unsafe {
        if t.is_null() {
            let mut slots = [
                ffi::PyType_Slot { slot: ffi::Py_tp_descr_get, pfunc: lazy_get as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: lazy_dealloc as *mut c_void },
                ffi::PyType_Slot { slot: 0, pfunc: null_mut() },
            ];
            let mut spec = ffi::PyType_Spec {
                name: c"girgen.LazyGType".as_ptr(),
                basicsize: std::mem::size_of::<LazyGType>() as i32,
                itemsize: 0,
                flags: ffi::Py_TPFLAGS_DEFAULT as _,
                slots: slots.as_mut_ptr(),
            };
            t = ffi::PyType_FromSpec(&mut spec) as *mut ffi::PyTypeObject;
            if t.is_null() {
                return Err(Raised);
            }
            LAZY_TYPE.store(t, Ordering::Release);
        }
        let o = ((*t).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc))(t, 0);
        if o.is_null() {
            return Err(Raised);
        }
        (*(o as *mut LazyGType)).get_type = get_type;
        Obj::from_owned(o)
    }
}
