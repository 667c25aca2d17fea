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

/// The names of [`type_constant`], for `GObject.TYPE_*`.
pub const TYPE_CONSTANTS: &[&str] = &[
    "TYPE_BOOLEAN", "TYPE_BOXED", "TYPE_CHAR", "TYPE_DOUBLE", "TYPE_ENUM", "TYPE_FLAGS", "TYPE_FLOAT",
    "TYPE_GTYPE", "TYPE_INT", "TYPE_INT64", "TYPE_INTERFACE", "TYPE_INVALID", "TYPE_LONG", "TYPE_NONE",
    "TYPE_OBJECT", "TYPE_PARAM", "TYPE_POINTER", "TYPE_STRING", "TYPE_STRV", "TYPE_UCHAR", "TYPE_UINT",
    "TYPE_UINT64", "TYPE_ULONG", "TYPE_UNICHAR", "TYPE_VALUE", "TYPE_VARIANT",
];

/// PyGObject's `GObject.TYPE_*` constants.
pub fn type_constant(name: &str) -> Option<GType> {
    Some(match name {
        "TYPE_INVALID" => 0,
        "TYPE_NONE" => fund(1),
        "TYPE_INTERFACE" => T_INTERFACE,
        "TYPE_CHAR" => T_CHAR,
        "TYPE_UCHAR" => T_UCHAR,
        "TYPE_BOOLEAN" => T_BOOLEAN,
        "TYPE_INT" => T_INT,
        "TYPE_UINT" | "TYPE_UNICHAR" => T_UINT,
        "TYPE_LONG" => T_LONG,
        "TYPE_ULONG" => T_ULONG,
        "TYPE_INT64" => T_INT64,
        "TYPE_UINT64" => T_UINT64,
        "TYPE_ENUM" => T_ENUM,
        "TYPE_FLAGS" => T_FLAGS,
        "TYPE_FLOAT" => T_FLOAT,
        "TYPE_DOUBLE" => T_DOUBLE,
        "TYPE_STRING" => T_STRING,
        "TYPE_POINTER" => T_POINTER,
        "TYPE_BOXED" => T_BOXED,
        "TYPE_PARAM" => T_PARAM,
        "TYPE_OBJECT" => T_OBJECT,
        "TYPE_VARIANT" => T_VARIANT,
        "TYPE_GTYPE" => gtype_type(),
        "TYPE_STRV" => strv_type(),
        "TYPE_VALUE" => value_type(),
        _ => return None,
    })
}

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
                init_from_py(inner.as_mut_ptr(), o, what)?;
                gobject::g_value_set_boxed(v, inner.as_mut_ptr() as *const c_void);
            } else {
                let p = instance_ptr_boxed(o, t, what)?;
                gobject::g_value_set_boxed(v, p);
            }
        }
        T_VARIANT => {
            if o == ffi::Py_None() {
                gobject::g_value_set_variant(v, null_mut());
            } else if is_instance(o)
                && !ptr_of(o).is_null()
                && crate::types::desc_of_type(ffi::Py_TYPE(o)).is_some_and(|d| d.gtype_name == Some("GVariant"))
            {
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
    // Only a GTypeInstance can be asked for its class (a record's memory cannot).
    if is_instance(o) && crate::types::holds_type_instance(o) {
        let p = ptr_of(o);
        if gobject::g_type_check_instance_is_a(p as *mut _, t) != 0 {
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
        if v.is_null() {
            return Err(crate::types::null_instance(info, index));
        }
        if (*v).g_type == 0 {
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
    // Containers gpointer values point to, kept until the object is made.
    let mut keep: Vec<Box<dyn std::any::Any>> = Vec::new();
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
            if (*pspec).flags & gobject::G_PARAM_WRITABLE == 0 {
                return Err(raise(ffi::PyExc_TypeError, format!("{class_name}(): property '{key}' is not writable")));
            }
            let mut v = Value::new();
            match prop_type(pspec) {
                Some(ty) => {
                    gobject::g_value_init(v.as_mut_ptr(), (*pspec).value_type);
                    if let Some(k) = typed_from_py(v.as_mut_ptr(), ty, val, &format!("property '{key}'"))? {
                        keep.push(k);
                    }
                }
                None => from_py(v.as_mut_ptr(), (*pspec).value_type, val, &format!("property '{key}'"))?,
            }
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

// --- GObject.Value -------------------------------------------------------------------------------

/// Runtime methods of `GObject.Value` (PyGObject's), after the GIR's.
pub static VALUE_METHODS: [crate::types::Method; 5] = [
    crate::types::Method { def: crate::types::MethodDef::new(c"init", value_init), kind: crate::types::MethodKind::Instance },
    crate::types::Method { def: crate::types::MethodDef::new(c"get_value", value_get_value), kind: crate::types::MethodKind::Instance },
    crate::types::Method { def: crate::types::MethodDef::new(c"set_value", value_set_value), kind: crate::types::MethodKind::Instance },
    crate::types::Method { def: crate::types::MethodDef::new(c"unset", value_unset), kind: crate::types::MethodKind::Instance },
    // (the GIR's g_value_reset returns its argument "transfer full": wrapping that would free
    // the Value's memory twice)
    crate::types::Method { def: crate::types::MethodDef::new(c"reset", value_reset), kind: crate::types::MethodKind::Instance },
];

/// `GObject.Value.g_type` (read-only: the GValue's own field must not be written from Python).
pub static VALUE_GETSETS: [crate::fields::GetSet; 1] = [crate::fields::GetSet::new(c"g_type", Some(value_g_type), None)];

/// Is `t` a type a GValue can hold?
fn check_value_type(t: GType) -> R<()> {
    // SAFETY: plain query; any number is accepted.
    if t == 0 || unsafe { gobject::g_type_check_is_value_type(t) } == 0 {
        // SAFETY: static exception type.
        return Err(raise(unsafe { ffi::PyExc_TypeError }, format!("{} cannot be stored in a GObject.Value", type_name_of(t))));
    }
    Ok(())
}

/// `GObject.Value(gtype=None, value=None)`: a zeroed GValue owned by the wrapper (unset when it
/// dies), initialised to `gtype` and set to `value` when given.
///
/// # Safety
/// `tp` is the Value class (or a subclass); `args`/`kwargs` as CPython passes them to `tp_new`.
pub(crate) unsafe fn new_value(tp: *mut ffi::PyTypeObject, args: *mut ffi::PyObject, kwargs: *mut ffi::PyObject) -> R<Obj> {
    static INFO: crate::call::FnInfo = crate::call::FnInfo { name: "Value", params: &["gtype", "value"] };
    let mut slots: [*mut ffi::PyObject; 2] = [null_mut(); 2];
    let n = if args.is_null() { 0 } else { ffi::PyTuple_GET_SIZE(args) as usize };
    if n > 2 {
        return Err(raise(ffi::PyExc_TypeError, format!("Value() takes at most 2 positional arguments ({n} given)")));
    }
    for (i, slot) in slots.iter_mut().enumerate().take(n) {
        *slot = ffi::PyTuple_GET_ITEM(args, i as ffi::Py_ssize_t);
    }
    if !kwargs.is_null() {
        let mut pos: ffi::Py_ssize_t = 0;
        let mut k = null_mut();
        let mut val = null_mut();
        while ffi::PyDict_Next(kwargs, &mut pos, &mut k, &mut val) != 0 {
            let key = str_of(k).unwrap_or_default();
            let i = match key.as_str() {
                "gtype" | "value_type" => 0,
                "value" | "py_value" => 1,
                _ => return Err(raise(ffi::PyExc_TypeError, format!("Value() got an unexpected keyword argument '{key}'"))),
            };
            if !slots[i].is_null() {
                return Err(raise(ffi::PyExc_TypeError, format!("Value() got multiple values for argument '{key}'")));
            }
            slots[i] = val;
        }
    }
    let p = glib_sys::g_malloc0(std::mem::size_of::<gobject::GValue>());
    let w = crate::types::alloc(tp as *mut ffi::PyObject, p, Release::Value, 0)?;
    let [gtype, value] = slots;
    if !gtype.is_null() && gtype != ffi::Py_None() {
        let t = crate::conv::gtype_in(&INFO, 0, gtype)?;
        check_value_type(t)?;
        gobject::g_value_init(p as *mut gobject::GValue, t);
        if !value.is_null() && value != ffi::Py_None() {
            set(p as *mut gobject::GValue, value, "Value() argument 'value'")?;
        }
    } else if !value.is_null() && value != ffi::Py_None() {
        return Err(raise(ffi::PyExc_TypeError, "Value(): a value needs a gtype".into()));
    }
    Ok(w)
}

/// `self` of a Value method: the GValue (the method descriptor checked the class).
unsafe fn value_self(slf: *mut ffi::PyObject) -> R<*mut gobject::GValue> {
    Ok(crate::types::self_ptr(slf)? as *mut gobject::GValue)
}

fastcall_method! {
    fn value_init(slf) "init" ["gtype" => gtype] {
        let v = value_self(slf)?;
        let t = crate::conv::gtype_in(&INFO, 0, gtype)?;
        if (*v).g_type != 0 {
            return Err(raise(ffi::PyExc_TypeError, "Value is already initialized".into()));
        }
        check_value_type(t)?;
        gobject::g_value_init(v, t);
        Ok(Obj::none().into_ptr())
    }
}

fastcall_method! {
    fn value_get_value(slf) "get_value" [] {
        let v = value_self(slf)?;
        if (*v).g_type == 0 {
            return Ok(Obj::none().into_ptr());
        }
        Ok(to_py(v)?.into_ptr())
    }
}

fastcall_method! {
    fn value_set_value(slf) "set_value" ["value" => o] {
        let v = value_self(slf)?;
        if (*v).g_type == 0 {
            return Err(raise(ffi::PyExc_TypeError, "set_value(): the Value is not initialised".into()));
        }
        set(v, o, "set_value() argument 'value'")?;
        Ok(Obj::none().into_ptr())
    }
}

fastcall_method! {
    fn value_unset(slf) "unset" [] {
        let v = value_self(slf)?;
        if (*v).g_type != 0 {
            gobject::g_value_unset(v);
        }
        Ok(Obj::none().into_ptr())
    }
}

fastcall_method! {
    fn value_reset(slf) "reset" [] {
        let v = value_self(slf)?;
        if (*v).g_type != 0 {
            gobject::g_value_reset(v);
        }
        Ok(Obj::none().into_ptr())
    }
}

unsafe extern "C" fn value_g_type(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let v = value_self(o)?;
        Ok(crate::conv::gtype_object((*v).g_type)?.into_ptr())
    })
}

/// Stores the Python value `o` in the zeroed GValue `slot`: a copy of a `GObject.Value` (which
/// must be initialised), else a value of the type `o` suggests. `what` names it in errors.
///
/// # Safety
/// `slot` is a zeroed GValue; `o` is live.
pub unsafe fn init_from_py(slot: *mut gobject::GValue, o: *mut ffi::PyObject, what: &str) -> R<()> {
    if let Some(src) = value_wrapper_ptr(o) {
        if src.is_null() || (*src).g_type == 0 {
            return Err(raise(ffi::PyExc_TypeError, format!("{what}: an uninitialised GObject.Value")));
        }
        gobject::g_value_init(slot, (*src).g_type);
        gobject::g_value_copy(src, slot);
        return Ok(());
    }
    let t = guess_type(o).map_err(|_| {
        ffi::PyErr_Clear();
        raise(ffi::PyExc_TypeError, format!("{what}: cannot store a {} in a GValue", type_name(o)))
    })?;
    from_py(slot, t, o, what)
}

/// The GValue of a `GObject.Value` wrapper (None when `o` is not one).
unsafe fn value_wrapper_ptr(o: *mut ffi::PyObject) -> Option<*mut gobject::GValue> {
    if !is_instance(o) {
        return None;
    }
    let d = crate::types::desc_of_type(ffi::Py_TYPE(o))?;
    (d.gtype_name == Some("GValue")).then(|| ptr_of(o) as *mut gobject::GValue)
}

// --- GObject.ParamSpec -----------------------------------------------------------------------------

/// PyGObject's attributes of `GObject.ParamSpec`: `name`, `nick`, `blurb`, `flags`, `value_type`,
/// `owner_type`, `default_value`.
pub static PARAMSPEC_GETSETS: [crate::fields::GetSet; 7] = [
    crate::fields::GetSet::new(c"name", Some(pspec_name), None),
    crate::fields::GetSet::new(c"nick", Some(pspec_nick), None),
    crate::fields::GetSet::new(c"blurb", Some(pspec_blurb), None),
    crate::fields::GetSet::new(c"flags", Some(pspec_flags), None),
    crate::fields::GetSet::new(c"value_type", Some(pspec_value_type), None),
    crate::fields::GetSet::new(c"owner_type", Some(pspec_owner_type), None),
    crate::fields::GetSet::new(c"default_value", Some(pspec_default_value), None),
];

/// The GParamSpec of a wrapper (the getset descriptor checked the class).
unsafe fn pspec_of(o: *mut ffi::PyObject) -> R<*mut gobject::GParamSpec> {
    Ok(crate::types::self_ptr(o)? as *mut gobject::GParamSpec)
}

unsafe extern "C" fn pspec_name(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| Ok(crate::conv::utf8_out(gobject::g_param_spec_get_name(pspec_of(o)?), false)?.into_ptr()))
}

unsafe extern "C" fn pspec_nick(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| Ok(crate::conv::utf8_out(gobject::g_param_spec_get_nick(pspec_of(o)?), false)?.into_ptr()))
}

unsafe extern "C" fn pspec_blurb(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| Ok(crate::conv::utf8_out(gobject::g_param_spec_get_blurb(pspec_of(o)?), false)?.into_ptr()))
}

unsafe extern "C" fn pspec_flags(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let flags = (*pspec_of(o)?).flags as i64;
        Ok(match package().enum_by_gtype_name("GParamFlags") {
            Some(e) => crate::enums::enum_out(e, flags)?,
            None => crate::conv::i64_out(flags)?,
        }
        .into_ptr())
    })
}

unsafe extern "C" fn pspec_value_type(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| Ok(crate::conv::gtype_object((*pspec_of(o)?).value_type)?.into_ptr()))
}

unsafe extern "C" fn pspec_owner_type(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| Ok(crate::conv::gtype_object((*pspec_of(o)?).owner_type)?.into_ptr()))
}

unsafe extern "C" fn pspec_default_value(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let v = gobject::g_param_spec_get_default_value(pspec_of(o)?);
        Ok(if v.is_null() { Obj::none() } else { to_py(v)? }.into_ptr())
    })
}

// --- class-level properties -------------------------------------------------------------------------

/// The ParamSpecs of a class (or interface) with GType `t`, or `name`'s only.
unsafe fn class_pspecs(t: GType, name: Option<&str>) -> R<Vec<*mut gobject::GParamSpec>> {
    let iface = fundamental_of(t) == T_INTERFACE;
    if !iface && gobject::g_type_is_a(t, T_OBJECT) == 0 {
        return Err(raise(ffi::PyExc_TypeError, format!("{} has no properties", type_name_of(t))));
    }
    let klass = if iface { gobject::g_type_default_interface_ref(t) } else { gobject::g_type_class_ref(t) };
    let mut out = Vec::new();
    match name {
        Some(n) => {
            let c = CString::new(n.replace('_', "-")).map_err(|_| raise(ffi::PyExc_ValueError, "embedded null character".into()))?;
            let p = if iface {
                gobject::g_object_interface_find_property(klass, c.as_ptr())
            } else {
                gobject::g_object_class_find_property(klass as *mut gobject::GObjectClass, c.as_ptr())
            };
            if !p.is_null() {
                out.push(p);
            }
        }
        None => {
            let mut n: std::ffi::c_uint = 0;
            let specs = if iface {
                gobject::g_object_interface_list_properties(klass, &mut n)
            } else {
                gobject::g_object_class_list_properties(klass as *mut gobject::GObjectClass, &mut n)
            };
            for i in 0..n as usize {
                out.push(*specs.add(i));
            }
            glib_sys::g_free(specs as *mut c_void);
        }
    }
    // Classes of registered types are never freed; the ParamSpecs stay valid.
    if iface {
        gobject::g_type_default_interface_unref(klass);
    } else {
        gobject::g_type_class_unref(klass);
    }
    Ok(out)
}

/// A ParamSpec wrapper (a new reference).
unsafe fn pspec_out(p: *mut gobject::GParamSpec) -> R<Obj> {
    match class_desc_for(T_PARAM) {
        Some(d) => fundamental_out(d, p as *mut c_void, false),
        None => crate::conv::pointer_out(p as *mut c_void),
    }
}

/// The GType of a class object (its `__gtype__`).
unsafe fn gtype_of_class(cls: *mut ffi::PyObject) -> R<GType> {
    let g = crate::pyutil::getattr(cls, c"__gtype__")?;
    let v = ffi::PyLong_AsUnsignedLongLong(g.as_ptr());
    if v == u64::MAX && !ffi::PyErr_Occurred().is_null() {
        return Err(Raised);
    }
    Ok(v as GType)
}

/// `Cls.props` (on the class): the ParamSpecs by attribute.
#[repr(C)]
struct ClassProps {
    ob_base: ffi::PyObject,
    owner: *mut ffi::PyObject,
}

/// The `props` descriptor of GObject.Object: the instance's properties (the wrapped getset
/// descriptor) on an instance, the ParamSpecs on the class.
#[repr(C)]
struct PropsDescr {
    ob_base: ffi::PyObject,
    inner: *mut ffi::PyObject,
}

static CLASS_PROPS_TYPE: std::sync::atomic::AtomicPtr<ffi::PyTypeObject> = std::sync::atomic::AtomicPtr::new(null_mut());
static PROPS_DESCR_TYPE: std::sync::atomic::AtomicPtr<ffi::PyTypeObject> = std::sync::atomic::AtomicPtr::new(null_mut());

unsafe fn make_type(name: &'static CStr, size: usize, slots: &mut [ffi::PyType_Slot]) -> R<*mut ffi::PyTypeObject> {
    let mut spec = ffi::PyType_Spec {
        name: name.as_ptr(),
        basicsize: size as i32,
        itemsize: 0,
        flags: ffi::Py_TPFLAGS_DEFAULT as _,
        slots: slots.as_mut_ptr(),
    };
    let t = ffi::PyType_FromSpec(&mut spec) as *mut ffi::PyTypeObject;
    if t.is_null() {
        return Err(Raised);
    }
    Ok(t)
}

/// tp_dealloc of the runtime's small helper objects laid out as (header, one owned reference):
/// `ClassProps`, `PropsDescr` here and `signals::Props`.
pub(crate) unsafe extern "C" fn two_field_dealloc(o: *mut ffi::PyObject) {
    let tp = ffi::Py_TYPE(o);
    ffi::Py_XDECREF((*(o as *mut ClassProps)).owner);
    if let Some(free) = (*tp).tp_free {
        free(o as *mut c_void);
    }
    ffi::Py_DECREF(tp as *mut ffi::PyObject);
}

static mut CLASS_PROPS_METHODS: [ffi::PyMethodDef; 2] = [
    ffi::PyMethodDef {
        ml_name: c"__dir__".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer { PyCFunction: class_props_dir },
        ml_flags: ffi::METH_NOARGS,
        ml_doc: std::ptr::null(),
    },
    ffi::PyMethodDef::zeroed(),
];

fn class_props_type() -> R<*mut ffi::PyTypeObject> {
    let t = CLASS_PROPS_TYPE.load(std::sync::atomic::Ordering::Acquire);
    if !t.is_null() {
        return Ok(t);
    }
    // SAFETY: the slot table is only read by PyType_FromSpec.
    unsafe {
        let mut slots = [
            ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: two_field_dealloc as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_getattro, pfunc: class_props_getattro as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_methods, pfunc: (&raw mut CLASS_PROPS_METHODS) as *mut c_void },
            ffi::PyType_Slot { slot: 0, pfunc: null_mut() },
        ];
        let t = make_type(c"girgen.ClassProps", std::mem::size_of::<ClassProps>(), &mut slots)?;
        CLASS_PROPS_TYPE.store(t, std::sync::atomic::Ordering::Release);
        Ok(t)
    }
}

unsafe extern "C" fn class_props_getattro(o: *mut ffi::PyObject, name: *mut ffi::PyObject) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let n = str_of(name).unwrap_or_default();
        if n.starts_with("__") {
            return Obj::from_owned(ffi::PyObject_GenericGetAttr(o, name)).map(Obj::into_ptr);
        }
        let owner = (*(o as *mut ClassProps)).owner;
        let t = gtype_of_class(owner)?;
        match class_pspecs(t, Some(&n))?.first() {
            Some(&p) => Ok(pspec_out(p)?.into_ptr()),
            None => Err(raise(ffi::PyExc_AttributeError, format!("class '{}' has no property '{n}'", type_name_of(t)))),
        }
    })
}

unsafe extern "C" fn class_props_dir(o: *mut ffi::PyObject, _: *mut ffi::PyObject) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let t = gtype_of_class((*(o as *mut ClassProps)).owner)?;
        let mut names = Vec::new();
        for p in class_pspecs(t, None)? {
            let name = CStr::from_ptr((*p).name).to_string_lossy().replace('-', "_");
            names.push(crate::pyutil::new_str(&name)?);
        }
        Ok(crate::pyutil::list(names)?.into_ptr())
    })
}

unsafe extern "C" fn props_descr_get(d: *mut ffi::PyObject, obj: *mut ffi::PyObject, owner: *mut ffi::PyObject) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        if obj.is_null() || obj == ffi::Py_None() {
            let t = class_props_type()?;
            let p = ((*t).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc))(t, 0);
            if p.is_null() {
                return Err(Raised);
            }
            ffi::Py_INCREF(owner);
            (*(p as *mut ClassProps)).owner = owner;
            return Ok(p);
        }
        let inner = (*(d as *mut PropsDescr)).inner;
        let get = (*ffi::Py_TYPE(inner)).tp_descr_get.ok_or_else(|| raise(ffi::PyExc_TypeError, "props".into()))?;
        Obj::from_owned(get(inner, obj, owner)).map(Obj::into_ptr)
    })
}

unsafe extern "C" fn props_descr_set(d: *mut ffi::PyObject, obj: *mut ffi::PyObject, value: *mut ffi::PyObject) -> std::ffi::c_int {
    let inner = (*(d as *mut PropsDescr)).inner;
    match (*ffi::Py_TYPE(inner)).tp_descr_set {
        Some(set) => set(inner, obj, value),
        None => {
            ffi::PyErr_SetString(ffi::PyExc_AttributeError, c"attribute 'props' is read-only".as_ptr());
            -1
        }
    }
}

/// Class methods of GObject.Object: `list_properties()`, `find_property(name)`.
static OBJECT_CLASS_METHODS: [crate::types::Method; 2] = [
    crate::types::Method { def: crate::types::MethodDef::new(c"list_properties", list_properties), kind: crate::types::MethodKind::Class },
    crate::types::Method { def: crate::types::MethodDef::new(c"find_property", find_property), kind: crate::types::MethodKind::Class },
];

fastcall_method! {
    fn list_properties(cls) "list_properties" [] {
        let t = gtype_of_class(cls)?;
        let mut out = Vec::new();
        for p in class_pspecs(t, None)? {
            out.push(pspec_out(p)?);
        }
        Ok(crate::pyutil::list(out)?.into_ptr())
    }
}

fastcall_method! {
    fn find_property(cls) "find_property" ["name" => name] {
        let n = str_of(name).ok_or_else(|| crate::call::wrong_type(&INFO, 0, "str", name))?;
        let t = gtype_of_class(cls)?;
        Ok(match class_pspecs(t, Some(&n))?.first() {
            Some(&p) => pspec_out(p)?,
            None => Obj::none(),
        }
        .into_ptr())
    }
}

/// Property methods of GObject.Object the GIR's are left out for: `notify`, `freeze_notify`,
/// `thaw_notify` (added unless the class has them already).
static OBJECT_NOTIFY_METHODS: [crate::types::Method; 3] = [
    crate::types::Method { def: crate::types::MethodDef::new(c"notify", object_notify), kind: crate::types::MethodKind::Instance },
    crate::types::Method { def: crate::types::MethodDef::new(c"freeze_notify", object_freeze_notify), kind: crate::types::MethodKind::Instance },
    crate::types::Method { def: crate::types::MethodDef::new(c"thaw_notify", object_thaw_notify), kind: crate::types::MethodKind::Instance },
];

fastcall_method! {
    fn object_notify(slf) "notify" ["property_name" => name] {
        let obj = crate::types::self_ptr(slf)? as *mut gobject::GObject;
        let n = str_of(name).ok_or_else(|| crate::call::wrong_type(&INFO, 0, "str", name))?;
        let t = crate::types::type_from_instance(obj as *mut c_void);
        let Some(&p) = class_pspecs(t, Some(&n))?.first() else {
            return Err(raise(ffi::PyExc_TypeError, format!("object of type `{}' does not have property `{n}'", type_name_of(t))));
        };
        gobject::g_object_notify_by_pspec(obj, p);
        Ok(Obj::none().into_ptr())
    }
}

fastcall_method! {
    fn object_freeze_notify(slf) "freeze_notify" [] {
        gobject::g_object_freeze_notify(crate::types::self_ptr(slf)? as *mut gobject::GObject);
        Ok(Obj::none().into_ptr())
    }
}

fastcall_method! {
    fn object_thaw_notify(slf) "thaw_notify" [] {
        gobject::g_object_thaw_notify(crate::types::self_ptr(slf)? as *mut gobject::GObject);
        Ok(Obj::none().into_ptr())
    }
}

/// On GObject.Object's class: `props` that works on classes too, `list_properties`,
/// `find_property`, `notify`, `freeze_notify`, `thaw_notify`.
pub(crate) fn install_object_extras(cls: *mut ffi::PyObject, module: &str) -> R<()> {
    crate::types::add_methods(cls, &OBJECT_CLASS_METHODS, module)?;
    for m in &OBJECT_NOTIFY_METHODS {
        // SAFETY: live class; static name.
        if unsafe { ffi::PyObject_HasAttrString(cls, m.def.0.ml_name) } == 0 {
            crate::types::add_methods(cls, std::slice::from_ref(m), module)?;
        }
    }
    // SAFETY: plain C-API calls on live objects.
    unsafe {
        let dict = (*(cls as *mut ffi::PyTypeObject)).tp_dict;
        let inner = if dict.is_null() { null_mut() } else { ffi::PyDict_GetItemString(dict, c"props".as_ptr()) };
        if inner.is_null() {
            return Ok(());
        }
        let mut t = PROPS_DESCR_TYPE.load(std::sync::atomic::Ordering::Acquire);
        if t.is_null() {
            let mut slots = [
                ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: two_field_dealloc as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_descr_get, pfunc: props_descr_get as *mut c_void },
                ffi::PyType_Slot { slot: ffi::Py_tp_descr_set, pfunc: props_descr_set as *mut c_void },
                ffi::PyType_Slot { slot: 0, pfunc: null_mut() },
            ];
            t = make_type(c"girgen.PropsDescriptor", std::mem::size_of::<PropsDescr>(), &mut slots)?;
            PROPS_DESCR_TYPE.store(t, std::sync::atomic::Ordering::Release);
        }
        let d = ((*t).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc))(t, 0);
        if d.is_null() {
            return Err(Raised);
        }
        let d = Obj::from_owned(d)?;
        ffi::Py_INCREF(inner);
        (*(d.as_ptr() as *mut PropsDescr)).inner = inner;
        crate::pyutil::setattr(cls, "props", d.as_ptr())?;
    }
    Ok(())
}

// --- properties typed by the GIR ---------------------------------------------------------------------

/// A property whose GIR type tells the elements of the container its GValue holds (a boxed
/// GHashTable/GByteArray/GList or a gpointer to a GList).
pub struct PropDesc {
    /// The GObject name (with dashes).
    pub name: &'static str,
    pub ty: PropType,
}

pub enum PropType {
    Array { elem: &'static crate::containers::Elem, kind: crate::containers::ArrayKind, zero_terminated: bool },
    List { elem: &'static crate::containers::Elem, single: bool },
    Hash { key: &'static crate::containers::Elem, value: &'static crate::containers::Elem },
}

/// The GIR type of a property, when its descriptor (the owner type's) records one.
///
/// # Safety
/// `pspec` is a live GParamSpec.
pub unsafe fn prop_type(pspec: *mut gobject::GParamSpec) -> Option<&'static PropType> {
    let desc = class_desc_for((*pspec).owner_type)?;
    let name = CStr::from_ptr((*pspec).name).to_str().ok()?;
    desc.props.iter().find(|p| p.name == name).map(|p| &p.ty)
}

/// Python value of a property GValue holding a container described by `ty`.
///
/// # Safety
/// `v` is an initialised GValue of the property's type.
pub unsafe fn typed_to_py(v: *const gobject::GValue, ty: &PropType) -> R<Obj> {
    use crate::containers::{array_out, hash_out, list_out, Transfer};
    let p = if fundamental_of((*v).g_type) == T_POINTER {
        gobject::g_value_get_pointer(v)
    } else if fundamental_of((*v).g_type) == T_BOXED {
        gobject::g_value_get_boxed(v)
    } else {
        return to_py(v);
    };
    match ty {
        PropType::Array { elem, kind, .. } => {
            if p.is_null() {
                return Ok(Obj::none());
            }
            array_out(p, -1, elem, *kind, Transfer::None)
        }
        PropType::List { elem, single } => list_out(p, *single, elem, Transfer::None),
        PropType::Hash { key, value } => hash_out(p, key, value, Transfer::None),
    }
}

/// Stores a container converted per `ty` in the GValue `v` (initialised to the property's type).
/// A boxed value owns what it holds; for a gpointer value the container is returned, to be kept
/// until the value has been used.
///
/// # Safety
/// `v` is an initialised GValue of the property's type; `o` is live.
pub unsafe fn typed_from_py(v: *mut gobject::GValue, ty: &PropType, o: *mut ffi::PyObject, what: &str) -> R<Option<Box<dyn std::any::Any>>> {
    use crate::containers::{array_in, hash_in, list_in, ArrayKind, Scratch, Transfer};
    static INFO: crate::call::FnInfo = crate::call::FnInfo { name: "property", params: &["value"] };
    let f = fundamental_of((*v).g_type);
    let pointer = f == T_POINTER;
    if (!pointer && f != T_BOXED) || o == ffi::Py_None() {
        set(v, o, what)?;
        return Ok(None);
    }
    match ty {
        PropType::Array { elem, kind, zero_terminated } if *kind != ArrayKind::C && !pointer => {
            let mut scratch = Scratch::new();
            let a = array_in(&INFO, 0, o, elem, *kind, *zero_terminated, 0, Transfer::Full, false, &mut scratch)?.give();
            gobject::g_value_take_boxed(v, a.ptr());
            Ok(None)
        }
        PropType::Array { .. } => {
            set(v, o, what)?;
            Ok(None)
        }
        PropType::List { elem, single } => {
            let l = list_in(&INFO, 0, o, *single, elem, Transfer::None, false)?;
            if pointer {
                gobject::g_value_set_pointer(v, l.ptr());
                Ok(Some(Box::new((l, Obj::from_borrowed(o)))))
            } else {
                // The boxed copy; our list nodes go with `l` (the Python sequence outlives the copy's use).
                gobject::g_value_set_boxed(v, l.ptr());
                Ok(Some(Box::new((l, Obj::from_borrowed(o)))))
            }
        }
        PropType::Hash { key, value } => {
            // Full: the object may keep the table (a reference); it owns its keys and values.
            let h = hash_in(&INFO, 0, o, key, value, Transfer::Full, false)?;
            if pointer {
                gobject::g_value_set_pointer(v, h.ptr());
                Ok(Some(Box::new(h)))
            } else {
                gobject::g_value_set_boxed(v, h.ptr());
                Ok(None)
            }
        }
    }
}
