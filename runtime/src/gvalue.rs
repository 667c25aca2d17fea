//! GValue ↔ Python, by the value's GType: used for properties, signal arguments, construct
//! properties and GValue parameters.

use crate::call::{Raised, R};
use crate::ffi;
use crate::module::package;
use crate::pyutil::{raise, str_of, type_name, Obj};
use crate::types::{fundamental_out, is_instance, object_out, ptr_of, record_out, GType, Instance, Release, TypeDesc};
use gobject_sys as gobject;
use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr::null_mut;

const fn fund(n: usize) -> GType {
    n << 2
}
pub const T_INTERFACE: GType = fund(2);
pub const T_CHAR: GType = fund(3);
pub const T_UCHAR: GType = fund(4);
pub const T_BOOLEAN: GType = fund(5);
pub const T_INT: GType = fund(6);
pub const T_UINT: GType = fund(7);
pub const T_LONG: GType = fund(8);
pub const T_ULONG: GType = fund(9);
pub const T_INT64: GType = fund(10);
pub const T_UINT64: GType = fund(11);
pub const T_ENUM: GType = fund(12);
pub const T_FLAGS: GType = fund(13);
pub const T_FLOAT: GType = fund(14);
pub const T_DOUBLE: GType = fund(15);
pub const T_STRING: GType = fund(16);
pub const T_POINTER: GType = fund(17);
pub const T_BOXED: GType = fund(18);
pub const T_PARAM: GType = fund(19);
pub const T_OBJECT: GType = fund(20);
pub const T_VARIANT: GType = fund(21);

/// A zero-initialised GValue that is unset on drop.
#[repr(transparent)]
pub struct Value(pub gobject::GValue);

impl Value {
    pub fn new() -> Value {
        // SAFETY: an all-zero GValue is the documented uninitialised state (G_VALUE_INIT).
        Value(unsafe { std::mem::zeroed() })
    }
    pub fn as_mut_ptr(&mut self) -> *mut gobject::GValue {
        &mut self.0
    }
    pub fn gtype(&self) -> GType {
        self.0.g_type
    }
}

impl Default for Value {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Value {
    fn drop(&mut self) {
        if self.0.g_type != 0 {
            // SAFETY: initialised value.
            unsafe { gobject::g_value_unset(&mut self.0) };
        }
    }
}

pub fn fundamental_of(t: GType) -> GType {
    // SAFETY: plain query.
    unsafe { gobject::g_type_fundamental(t) }
}

fn type_name_of(t: GType) -> String {
    // SAFETY: NULL or a static string.
    unsafe {
        let n = gobject::g_type_name(t);
        if n.is_null() {
            format!("GType {t}")
        } else {
            CStr::from_ptr(n).to_string_lossy().into_owned()
        }
    }
}

fn class_desc_for(t: GType) -> Option<&'static TypeDesc> {
    // SAFETY: NULL or a static string.
    let name = unsafe { gobject::g_type_name(t) };
    if name.is_null() {
        return None;
    }
    // SAFETY: valid C string.
    let name = unsafe { CStr::from_ptr(name) }.to_str().ok()?;
    package().class_by_gtype_name(name)
}

fn strv_type() -> GType {
    // SAFETY: plain query.
    unsafe { glib_sys::g_strv_get_type() }
}

fn gtype_type() -> GType {
    // SAFETY: plain query.
    unsafe { gobject::g_gtype_get_type() }
}

fn value_type() -> GType {
    // SAFETY: plain query.
    unsafe { gobject::g_value_get_type() }
}

/// The Python value held by a GValue (a copy or a new reference; the GValue keeps its own).
///
/// # Safety
/// `v` is an initialised GValue.
pub unsafe fn to_py(v: *const gobject::GValue) -> R<Obj> {
    let t = (*v).g_type;
    let f = fundamental_of(t);
    match f {
        T_BOOLEAN => crate::conv::bool_out(gobject::g_value_get_boolean(v)),
        T_CHAR => crate::conv::i64_out(gobject::g_value_get_schar(v) as i64),
        T_UCHAR => crate::conv::i64_out(gobject::g_value_get_uchar(v) as i64),
        T_INT => crate::conv::i64_out(gobject::g_value_get_int(v) as i64),
        T_UINT => crate::conv::i64_out(gobject::g_value_get_uint(v) as i64),
        T_LONG => crate::conv::i64_out(gobject::g_value_get_long(v) as i64),
        T_ULONG => crate::conv::u64_out(gobject::g_value_get_ulong(v) as u64),
        T_INT64 => crate::conv::i64_out(gobject::g_value_get_int64(v)),
        T_UINT64 => crate::conv::u64_out(gobject::g_value_get_uint64(v)),
        T_FLOAT => crate::conv::f64_out(gobject::g_value_get_float(v) as f64),
        T_DOUBLE => crate::conv::f64_out(gobject::g_value_get_double(v)),
        T_STRING => crate::conv::utf8_out(gobject::g_value_get_string(v), false),
        T_ENUM | T_FLAGS => {
            let raw = if f == T_ENUM { gobject::g_value_get_enum(v) as i64 } else { gobject::g_value_get_flags(v) as i64 };
            let name = type_name_of(t);
            match package().enum_by_gtype_name(&name) {
                Some(e) => crate::enums::enum_out(e, raw),
                None => crate::conv::i64_out(raw),
            }
        }
        T_OBJECT | T_INTERFACE => object_out(gobject::g_value_get_object(v) as *mut c_void, false),
        T_PARAM => {
            let p = gobject::g_value_get_param(v) as *mut c_void;
            match class_desc_for(T_PARAM) {
                Some(d) => fundamental_out(d, p, false),
                None => crate::conv::pointer_out(p),
            }
        }
        T_POINTER if t == gtype_type() => crate::conv::gtype_object(gobject::g_value_get_gtype(v)),
        T_POINTER => crate::conv::pointer_out(gobject::g_value_get_pointer(v)),
        T_BOXED => {
            let p = gobject::g_value_get_boxed(v);
            if t == strv_type() {
                return crate::containers::strv_out(p as *const *const c_char);
            }
            if t == value_type() {
                if p.is_null() {
                    return Ok(Obj::none());
                }
                return to_py(p as *const gobject::GValue);
            }
            match class_desc_for(t) {
                Some(d) => record_out(d, p, false),
                None => Err(raise(ffi::PyExc_TypeError, format!("cannot convert a GValue of type {} to Python", type_name_of(t)))),
            }
        }
        T_VARIANT => {
            let p = gobject::g_value_get_variant(v) as *mut c_void;
            let desc = package().class_by_gtype_name("GVariant");
            match desc {
                Some(d) => record_out(d, p, false),
                None => crate::conv::pointer_out(p),
            }
        }
        _ => Err(raise(ffi::PyExc_TypeError, format!("cannot convert a GValue of type {} to Python", type_name_of(t)))),
    }
}

fn int_of(o: *mut ffi::PyObject, what: &str, min: i64, max: i64) -> R<i64> {
    // SAFETY: live object.
    unsafe {
        if ffi::PyLong_Check(o) == 0 {
            return Err(raise(ffi::PyExc_TypeError, format!("{what} must be int, not {}", type_name(o))));
        }
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if v == -1 && !ffi::PyErr_Occurred().is_null() {
            return Err(Raised);
        }
        if overflow != 0 || v < min || v > max {
            return Err(raise(ffi::PyExc_OverflowError, format!("{what}: value out of range")));
        }
        Ok(v)
    }
}

fn u64_of(o: *mut ffi::PyObject, what: &str) -> R<u64> {
    // SAFETY: live object.
    unsafe {
        if ffi::PyLong_Check(o) == 0 {
            return Err(raise(ffi::PyExc_TypeError, format!("{what} must be int, not {}", type_name(o))));
        }
        let v = ffi::PyLong_AsUnsignedLongLong(o);
        if v == u64::MAX && !ffi::PyErr_Occurred().is_null() {
            ffi::PyErr_Clear();
            return Err(raise(ffi::PyExc_OverflowError, format!("{what}: value out of range")));
        }
        Ok(v)
    }
}

fn f64_of(o: *mut ffi::PyObject, what: &str) -> R<f64> {
    // SAFETY: live object.
    unsafe {
        if ffi::PyFloat_Check(o) == 0 && ffi::PyLong_Check(o) == 0 {
            return Err(raise(ffi::PyExc_TypeError, format!("{what} must be float, not {}", type_name(o))));
        }
        let v = ffi::PyFloat_AsDouble(o);
        if v == -1.0 && !ffi::PyErr_Occurred().is_null() {
            return Err(Raised);
        }
        Ok(v)
    }
}

/// Initialises `v` to type `t` and stores the Python value `o` in it. `what` names the value in
/// error messages (e.g. `property 'name'`).
///
/// # Safety
/// `v` is an uninitialised (zeroed) GValue; `o` is live.
pub unsafe fn from_py(v: *mut gobject::GValue, t: GType, o: *mut ffi::PyObject, what: &str) -> R<()> {
    gobject::g_value_init(v, t);
    set(v, o, what)
}

/// Stores the Python value `o` in the initialised GValue `v` (of any type).
///
/// # Safety
/// `v` is an initialised GValue; `o` is live.
pub unsafe fn set(v: *mut gobject::GValue, o: *mut ffi::PyObject, what: &str) -> R<()> {
    let t = (*v).g_type;
    let f = fundamental_of(t);
    match f {
        T_BOOLEAN => gobject::g_value_set_boolean(v, crate::conv::bool_in(o)?),
        T_CHAR => gobject::g_value_set_schar(v, int_of(o, what, i8::MIN as i64, i8::MAX as i64)? as i8),
        T_UCHAR => gobject::g_value_set_uchar(v, int_of(o, what, 0, u8::MAX as i64)? as u8),
        T_INT => gobject::g_value_set_int(v, int_of(o, what, i32::MIN as i64, i32::MAX as i64)? as i32),
        T_UINT => gobject::g_value_set_uint(v, int_of(o, what, 0, u32::MAX as i64)? as u32),
        T_LONG => gobject::g_value_set_long(v, int_of(o, what, i64::MIN, i64::MAX)? as _),
        T_ULONG => gobject::g_value_set_ulong(v, u64_of(o, what)? as _),
        T_INT64 => gobject::g_value_set_int64(v, int_of(o, what, i64::MIN, i64::MAX)?),
        T_UINT64 => gobject::g_value_set_uint64(v, u64_of(o, what)?),
        T_FLOAT => gobject::g_value_set_float(v, f64_of(o, what)? as f32),
        T_DOUBLE => gobject::g_value_set_double(v, f64_of(o, what)?),
        T_ENUM => gobject::g_value_set_enum(v, int_of(o, what, i32::MIN as i64, u32::MAX as i64)? as i32),
        T_FLAGS => gobject::g_value_set_flags(v, int_of(o, what, i32::MIN as i64, u32::MAX as i64)? as u32),
        T_STRING => {
            if o == ffi::Py_None() {
                gobject::g_value_set_string(v, std::ptr::null());
            } else {
                let s = str_of(o).ok_or_else(|| raise(ffi::PyExc_TypeError, format!("{what} must be str, not {}", type_name(o))))?;
                let c = CString::new(s).map_err(|_| raise(ffi::PyExc_ValueError, format!("{what}: embedded null character")))?;
                gobject::g_value_set_string(v, c.as_ptr());
            }
        }
        T_OBJECT | T_INTERFACE => {
            if o == ffi::Py_None() {
                gobject::g_value_set_object(v, null_mut());
            } else {
                let p = instance_ptr_of_type(o, t, what)?;
                gobject::g_value_set_object(v, p as *mut gobject::GObject);
            }
        }
        T_PARAM => {
            if o == ffi::Py_None() {
                gobject::g_value_set_param(v, null_mut());
            } else {
                let p = instance_ptr_of_type(o, t, what)?;
                gobject::g_value_set_param(v, p as *mut gobject::GParamSpec);
            }
        }
        T_POINTER if t == gtype_type() => {
            let g = if ffi::PyLong_Check(o) != 0 {
                u64_of(o, what)? as usize
            } else {
                let a = crate::pyutil::getattr(o, c"__gtype__").map_err(|_| {
                    ffi::PyErr_Clear();
                    raise(ffi::PyExc_TypeError, format!("{what} must be a GType, not {}", type_name(o)))
                })?;
                u64_of(a.as_ptr(), what)? as usize
            };
            gobject::g_value_set_gtype(v, g);
        }
        T_POINTER => {
            let p = if o == ffi::Py_None() { null_mut() } else { u64_of(o, what)? as usize as *mut c_void };
            gobject::g_value_set_pointer(v, p);
        }
        T_BOXED => {
            if o == ffi::Py_None() {
                gobject::g_value_set_boxed(v, std::ptr::null());
            } else if t == strv_type() {
                let strv = crate::containers::strv_from_py(o, what)?;
                gobject::g_value_take_boxed(v, strv as *const c_void);
            } else if t == value_type() {
                let mut inner = Value::new();
                let it = guess_type(o)?;
                from_py(inner.as_mut_ptr(), it, o, what)?;
                gobject::g_value_set_boxed(v, inner.as_mut_ptr() as *const c_void);
            } else {
                let p = instance_ptr_boxed(o, t, what)?;
                gobject::g_value_set_boxed(v, p);
            }
        }
        T_VARIANT => {
            if o == ffi::Py_None() {
                gobject::g_value_set_variant(v, null_mut());
            } else if is_instance(o) {
                gobject::g_value_set_variant(v, ptr_of(o) as *mut glib_sys::GVariant);
            } else {
                return Err(raise(ffi::PyExc_TypeError, format!("{what} must be GLib.Variant, not {}", type_name(o))));
            }
        }
        _ => {
            return Err(raise(ffi::PyExc_TypeError, format!("{what}: cannot store a value of type {}", type_name_of(t))));
        }
    }
    Ok(())
}

unsafe fn instance_ptr_of_type(o: *mut ffi::PyObject, t: GType, what: &str) -> R<*mut c_void> {
    if is_instance(o) {
        let p = ptr_of(o);
        if !p.is_null() && gobject::g_type_check_instance_is_a(p as *mut _, t) != 0 {
            return Ok(p);
        }
    }
    Err(raise(ffi::PyExc_TypeError, format!("{what} must be {}, not {}", type_name_of(t), type_name(o))))
}

unsafe fn instance_ptr_boxed(o: *mut ffi::PyObject, t: GType, what: &str) -> R<*mut c_void> {
    if is_instance(o) {
        let inst = o as *mut Instance;
        if (*inst).release != Release::Object {
            if let Some(d) = crate::types::desc_of_type(ffi::Py_TYPE(o)) {
                if d.gtype().unwrap_or(0) == t {
                    return Ok((*inst).ptr);
                }
            }
        }
    }
    Err(raise(ffi::PyExc_TypeError, format!("{what} must be {}, not {}", type_name_of(t), type_name(o))))
}

/// The GType a plain Python value is stored as when no type is given (GValue arguments).
///
/// # Safety
/// `o` is live.
pub unsafe fn guess_type(o: *mut ffi::PyObject) -> R<GType> {
    if ffi::PyBool_Check(o) != 0 {
        return Ok(T_BOOLEAN);
    }
    // A value whose class has a GType (enum and flags members, GType-carrying classes).
    if !is_instance(o) {
        let tp = ffi::Py_TYPE(o) as *mut ffi::PyObject;
        let g = ffi::PyObject_GetAttrString(tp, c"__gtype__".as_ptr());
        if g.is_null() {
            ffi::PyErr_Clear();
        } else {
            let g = Obj::from_owned(g)?;
            if ffi::PyLong_Check(g.as_ptr()) != 0 {
                let t = ffi::PyLong_AsUnsignedLongLong(g.as_ptr()) as usize;
                if t != 0 && !ffi::PyErr_Occurred().is_null() {
                    ffi::PyErr_Clear();
                } else if t != 0 {
                    return Ok(t);
                }
            }
        }
    }
    if ffi::PyLong_Check(o) != 0 {
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        return Ok(if overflow > 0 {
            T_UINT64
        } else if overflow == 0 && v >= i32::MIN as i64 && v <= i32::MAX as i64 {
            T_INT
        } else {
            T_INT64
        });
    }
    if ffi::PyFloat_Check(o) != 0 {
        return Ok(T_DOUBLE);
    }
    if ffi::PyUnicode_Check(o) != 0 {
        return Ok(T_STRING);
    }
    if is_instance(o) {
        let inst = o as *mut Instance;
        if (*inst).release == Release::Object {
            return Ok(crate::types::type_from_instance((*inst).ptr));
        }
        if let Some(d) = crate::types::desc_of_type(ffi::Py_TYPE(o)) {
            let t = d.gtype()?;
            if t != 0 {
                return Ok(t);
            }
        }
    }
    if let Ok(g) = crate::pyutil::getattr(o, c"__gtype__") {
        let _ = g;
        return Ok(gtype_type());
    }
    ffi::PyErr_Clear();
    if ffi::PyList_Check(o) != 0 || ffi::PyTuple_Check(o) != 0 {
        return Ok(strv_type());
    }
    Err(raise(ffi::PyExc_TypeError, format!("cannot store a {} in a GValue", type_name(o))))
}

/// A GValue argument: a `GObject.Value` wrapper is passed as is; a plain value is stored in a
/// temporary GValue of the type it suggests.
pub enum ValueArg {
    Borrowed(*mut gobject::GValue),
    Temp(Box<Value>),
}

impl ValueArg {
    pub fn ptr(&mut self) -> *mut gobject::GValue {
        match self {
            ValueArg::Borrowed(p) => *p,
            ValueArg::Temp(v) => v.as_mut_ptr(),
        }
    }
}

/// # Safety
/// `o` is live.
pub unsafe fn value_in(info: &crate::call::FnInfo, index: usize, o: *mut ffi::PyObject, value_desc: &'static TypeDesc, nullable: bool) -> R<ValueArg> {
    if nullable && o == ffi::Py_None() {
        return Ok(ValueArg::Borrowed(null_mut()));
    }
    let cls = value_desc.class()?;
    if ffi::PyObject_TypeCheck(o, cls as *mut ffi::PyTypeObject) != 0 {
        let v = ptr_of(o) as *mut gobject::GValue;
        if v.is_null() || (*v).g_type == 0 {
            return Err(crate::call::bad_arg(ffi::PyExc_TypeError, info, index, "is an uninitialised GObject.Value"));
        }
        return Ok(ValueArg::Borrowed(v));
    }
    let mut v = Box::new(Value::new());
    let t = guess_type(o).map_err(|_| {
        ffi::PyErr_Clear();
        crate::call::wrong_type(info, index, "GObject.Value or a value", o)
    })?;
    from_py(v.as_mut_ptr(), t, o, &format!("{}() argument '{}'", info.name, info.param(index)))?;
    Ok(ValueArg::Temp(v))
}

/// A GValue result: the Python value (the GValue is unset and freed with `full`).
///
/// # Safety
/// `p` is NULL or an initialised GValue.
pub unsafe fn value_out(p: *mut gobject::GValue, full: bool) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    let r = if (*p).g_type == 0 { Ok(Obj::none()) } else { to_py(p) };
    if full {
        gobject::g_boxed_free(value_type(), p as *mut c_void);
    }
    r
}

/// Creates a GObject of type `t` with the keyword arguments as construct properties.
///
/// # Safety
/// `kwargs` is NULL or a dict.
pub unsafe fn new_object(t: GType, kwargs: *mut ffi::PyObject, class_name: &str) -> R<*mut c_void> {
    if gobject::g_type_test_flags(t, gobject::G_TYPE_FLAG_ABSTRACT) != 0 {
        return Err(raise(ffi::PyExc_TypeError, format!("cannot create instance of abstract (non-instantiable) type `{}'", type_name_of(t))));
    }
    let klass = gobject::g_type_class_ref(t) as *mut gobject::GObjectClass;
    struct ClassRef(*mut gobject::GObjectClass);
    impl Drop for ClassRef {
        fn drop(&mut self) {
            // SAFETY: the reference taken above.
            unsafe { gobject::g_type_class_unref(self.0 as *mut _) };
        }
    }
    let _klass = ClassRef(klass);
    let mut names: Vec<CString> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if !kwargs.is_null() {
        let mut pos: ffi::Py_ssize_t = 0;
        let mut k = null_mut();
        let mut val = null_mut();
        while ffi::PyDict_Next(kwargs, &mut pos, &mut k, &mut val) != 0 {
            let key = str_of(k).unwrap_or_default();
            let pname = key.replace('_', "-");
            let c = CString::new(pname).map_err(|_| raise(ffi::PyExc_TypeError, "bad property name".into()))?;
            let pspec = gobject::g_object_class_find_property(klass, c.as_ptr());
            if pspec.is_null() {
                return Err(raise(ffi::PyExc_TypeError, format!("{class_name}(): unknown property '{key}'")));
            }
            let mut v = Value::new();
            from_py(v.as_mut_ptr(), (*pspec).value_type, val, &format!("property '{key}'"))?;
            names.push(c);
            values.push(v);
        }
    }
    let mut name_ptrs: Vec<*const c_char> = names.iter().map(|n| n.as_ptr()).collect();
    let p = gobject::g_object_new_with_properties(
        t,
        values.len() as u32,
        name_ptrs.as_mut_ptr(),
        values.as_ptr() as *const gobject::GValue,
    );
    if p.is_null() {
        return Err(raise(ffi::PyExc_RuntimeError, format!("could not create {class_name}")));
    }
    Ok(p as *mut c_void)
}

/// The C size of a type's instances, when the generator knew it (0 otherwise).
pub fn boxed_size(desc: &TypeDesc) -> usize {
    desc.size
}
