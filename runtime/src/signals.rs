//! GObject.Object's Python-level API that the GIR cannot describe: properties (`props`,
//! `get_property`, `set_property`) and signals (`connect`, `connect_after`, `emit`, `disconnect`,
//! `disconnect_by_func`, `handler_block`, `handler_unblock`).

use crate::call::{parse_args, trampoline, wrong_type, FnInfo, Raised, R};
use crate::ffi;
use crate::fields::GetSet;
use crate::gvalue::{from_py, to_py, Value};
use crate::pyutil::{new_str, raise, str_of, type_name, GilCell, Obj};
use crate::types::{object_out, type_from_instance, Method, MethodDef, MethodKind};
use gobject_sys as gobject;
use std::collections::HashMap;
use std::ffi::{c_char, c_uint, c_void, CStr, CString};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

type Args = *const *mut ffi::PyObject;

/// G_SIGNAL_TYPE_STATIC_SCOPE (G_TYPE_FLAG_RESERVED_ID_BIT), a flag bit in signal parameter types.
const STATIC_SCOPE: usize = 1;

pub static OBJECT_METHODS: [Method; 13] = [
    Method { def: MethodDef::new(c"get_property", get_property), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"set_property", set_property), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"connect", connect), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"connect_after", connect_after), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"disconnect", disconnect), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"disconnect_by_func", disconnect_by_func), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"handler_block", handler_block), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"handler_unblock", handler_unblock), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"emit", emit), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"handler_is_connected", handler_is_connected), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"handler_block_by_func", handler_block_by_func), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"handler_unblock_by_func", handler_unblock_by_func), kind: MethodKind::Instance },
    Method { def: MethodDef::new(c"handler_disconnect", disconnect), kind: MethodKind::Instance },
];

pub static OBJECT_GETSETS: [GetSet; 1] = [GetSet::new(c"props", Some(props_get), None)];

/// The GObject of a wrapper (`self` of the runtime's methods); a wrapper never initialised
/// (`Cls.__new__(Cls)`) raises instead of passing NULL to C.
unsafe fn gobj(slf: *mut ffi::PyObject) -> R<*mut gobject::GObject> {
    Ok(crate::types::self_ptr(slf)? as *mut gobject::GObject)
}

unsafe fn find_pspec(obj: *mut gobject::GObject, name: &str) -> Option<*mut gobject::GParamSpec> {
    let c = CString::new(name.replace('_', "-")).ok()?;
    let klass = (*(obj as *mut gobject::GTypeInstance)).g_class as *mut gobject::GObjectClass;
    let p = gobject::g_object_class_find_property(klass, c.as_ptr());
    (!p.is_null()).then_some(p)
}

unsafe fn type_name_of_instance(obj: *mut gobject::GObject) -> String {
    let n = gobject::g_type_name(type_from_instance(obj as *mut c_void));
    if n.is_null() {
        "?".into()
    } else {
        CStr::from_ptr(n).to_string_lossy().into_owned()
    }
}

unsafe fn no_property(obj: *mut gobject::GObject, name: &str) -> Raised {
    raise(
        ffi::PyExc_TypeError,
        format!("object of type `{}' does not have property `{name}'", type_name_of_instance(obj)),
    )
}

/// `obj.get_property(name)`.
pub unsafe fn property_value(obj: *mut gobject::GObject, name: &str) -> R<Obj> {
    let pspec = find_pspec(obj, name).ok_or_else(|| no_property(obj, name))?;
    if (*pspec).flags & gobject::G_PARAM_READABLE == 0 {
        return Err(raise(ffi::PyExc_TypeError, format!("property '{name}' is not readable")));
    }
    let mut v = Value::new();
    gobject::g_value_init(v.as_mut_ptr(), (*pspec).value_type);
    gobject::g_object_get_property(obj, (*pspec).name, v.as_mut_ptr());
    match crate::gvalue::prop_type(pspec) {
        Some(ty) => crate::gvalue::typed_to_py(v.as_mut_ptr(), ty),
        None => to_py(v.as_mut_ptr()),
    }
}

/// `obj.set_property(name, value)`.
pub unsafe fn set_property_value(obj: *mut gobject::GObject, name: &str, value: *mut ffi::PyObject) -> R<()> {
    let pspec = find_pspec(obj, name).ok_or_else(|| no_property(obj, name))?;
    let flags = (*pspec).flags;
    if flags & gobject::G_PARAM_WRITABLE == 0 || flags & gobject::G_PARAM_CONSTRUCT_ONLY != 0 {
        return Err(raise(ffi::PyExc_TypeError, format!("property '{name}' is not writable")));
    }
    let mut v = Value::new();
    if let Some(ty) = crate::gvalue::prop_type(pspec) {
        // A container typed by the GIR (kept alive until the object has copied it).
        gobject::g_value_init(v.as_mut_ptr(), (*pspec).value_type);
        let _keep = crate::gvalue::typed_from_py(v.as_mut_ptr(), ty, value, &format!("property '{name}'"))?;
        gobject::g_object_set_property(obj, (*pspec).name, v.as_mut_ptr());
        return Ok(());
    }
    from_py(v.as_mut_ptr(), (*pspec).value_type, value, &format!("property '{name}'"))?;
    gobject::g_object_set_property(obj, (*pspec).name, v.as_mut_ptr());
    Ok(())
}

unsafe extern "C" fn get_property(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "get_property", params: &["property_name"] };
    trampoline(|| {
        let [name] = parse_args::<1>(&INFO, args, nargs, kw)?;
        let n = str_of(name).ok_or_else(|| wrong_type(&INFO, 0, "str", name))?;
        Ok(property_value(gobj(slf)?, &n)?.into_ptr())
    })
}

unsafe extern "C" fn set_property(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "set_property", params: &["property_name", "value"] };
    trampoline(|| {
        let [name, value] = parse_args::<2>(&INFO, args, nargs, kw)?;
        let n = str_of(name).ok_or_else(|| wrong_type(&INFO, 0, "str", name))?;
        set_property_value(gobj(slf)?, &n, value)?;
        Ok(Obj::none().into_ptr())
    })
}

// --- props ---------------------------------------------------------------------------------------

/// `obj.props`: attribute access to properties.
#[repr(C)]
struct Props {
    ob_base: ffi::PyObject,
    owner: *mut ffi::PyObject,
}

static PROPS_TYPE: AtomicPtr<ffi::PyTypeObject> = AtomicPtr::new(null_mut());

fn props_type() -> R<*mut ffi::PyTypeObject> {
    let t = PROPS_TYPE.load(Ordering::Acquire);
    if !t.is_null() {
        return Ok(t);
    }
    // SAFETY: the slot table is only read by PyType_FromSpec.
    unsafe {
        let mut slots = [
            ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: crate::gvalue::two_field_dealloc as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_getattro, pfunc: props_getattro as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_setattro, pfunc: props_setattro as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_methods, pfunc: (&raw mut PROPS_METHODS) as *mut c_void },
            ffi::PyType_Slot { slot: 0, pfunc: null_mut() },
        ];
        let mut spec = ffi::PyType_Spec {
            name: c"girgen.Props".as_ptr(),
            basicsize: std::mem::size_of::<Props>() as i32,
            itemsize: 0,
            flags: ffi::Py_TPFLAGS_DEFAULT as _,
            slots: slots.as_mut_ptr(),
        };
        let t = ffi::PyType_FromSpec(&mut spec) as *mut ffi::PyTypeObject;
        if t.is_null() {
            return Err(Raised);
        }
        PROPS_TYPE.store(t, Ordering::Release);
        Ok(t)
    }
}

static mut PROPS_METHODS: [ffi::PyMethodDef; 2] = [
    ffi::PyMethodDef {
        ml_name: c"__dir__".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer { PyCFunction: props_dir },
        ml_flags: ffi::METH_NOARGS,
        ml_doc: std::ptr::null(),
    },
    ffi::PyMethodDef::zeroed(),
];

unsafe extern "C" fn props_get(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    trampoline(|| {
        let t = props_type()?;
        let p = ((*t).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc))(t, 0);
        if p.is_null() {
            return Err(Raised);
        }
        ffi::Py_INCREF(o);
        (*(p as *mut Props)).owner = o;
        Ok(p)
    })
}

unsafe extern "C" fn props_getattro(o: *mut ffi::PyObject, name: *mut ffi::PyObject) -> *mut ffi::PyObject {
    trampoline(|| {
        let n = str_of(name).unwrap_or_default();
        if n.starts_with("__") {
            return Obj::from_owned(ffi::PyObject_GenericGetAttr(o, name)).map(Obj::into_ptr);
        }
        let owner = (*(o as *mut Props)).owner;
        let obj = gobj(owner)?;
        if find_pspec(obj, &n).is_none() {
            return Err(raise(
                ffi::PyExc_AttributeError,
                format!("'{}' object has no property '{n}'", type_name_of_instance(obj)),
            ));
        }
        Ok(property_value(obj, &n)?.into_ptr())
    })
}

unsafe extern "C" fn props_setattro(o: *mut ffi::PyObject, name: *mut ffi::PyObject, value: *mut ffi::PyObject) -> i32 {
    let r = trampoline(|| {
        if value.is_null() {
            return Err(raise(ffi::PyExc_TypeError, "properties cannot be deleted".into()));
        }
        let n = str_of(name).unwrap_or_default();
        let owner = (*(o as *mut Props)).owner;
        set_property_value(gobj(owner)?, &n, value)?;
        Ok(Obj::none().into_ptr())
    });
    if r.is_null() {
        -1
    } else {
        ffi::Py_DECREF(r);
        0
    }
}

unsafe extern "C" fn props_dir(o: *mut ffi::PyObject, _: *mut ffi::PyObject) -> *mut ffi::PyObject {
    trampoline(|| {
        let owner = (*(o as *mut Props)).owner;
        let obj = gobj(owner)?;
        let klass = (*(obj as *mut gobject::GTypeInstance)).g_class as *mut gobject::GObjectClass;
        let mut n: c_uint = 0;
        let specs = gobject::g_object_class_list_properties(klass, &mut n);
        let mut names = Vec::new();
        for i in 0..n as usize {
            let s = *specs.add(i);
            let name = CStr::from_ptr((*s).name).to_string_lossy().replace('-', "_");
            names.push(new_str(&name)?);
        }
        glib_sys::g_free(specs as *mut c_void);
        Ok(crate::pyutil::list(names)?.into_ptr())
    })
}

// --- signals -------------------------------------------------------------------------------------

/// The C layout of GClosure (gobject-sys declares it truncated because of its bit-fields):
/// 32 bits of flags, then marshal, data and notifiers.
#[repr(C)]
struct RawClosure {
    flags: u32,
    marshal: *mut c_void,
    data: *mut c_void,
    notifiers: *mut c_void,
}

/// A GClosure carrying a Python handler and the extra arguments given to connect().
#[repr(C)]
struct PyClosure {
    closure: RawClosure,
    handler: *mut ffi::PyObject,
    extra: *mut ffi::PyObject,
    instance: *mut c_void,
    /// The signal's generated marshaller, when its GValues need the GIR's types (arrays with
    /// lengths, GErrors, containers, inout/out pointers).
    typed: Option<SignalMarshal>,
}

/// A generated signal marshaller: converts the emission's GValues (the instance first) by the
/// signal's GIR types, calls `handler(instance, *args, *extra)`, and stores its result(s) (the
/// return value into `ret`, inout/out arguments through their pointers).
pub type SignalMarshal =
    unsafe fn(handler: *mut ffi::PyObject, extra: *mut ffi::PyObject, values: *const gobject::GValue, n: c_uint, ret: *mut gobject::GValue) -> R<()>;

/// The pointer a GValue holds (G_TYPE_POINTER, boxed, object…), without copying it.
///
/// # Safety
/// `v` is an initialised GValue of a pointer type.
#[inline]
pub unsafe fn value_ptr(v: *const gobject::GValue) -> *mut c_void {
    (*v).data[0].v_pointer
}

/// An integer GValue (an array length argument) as i64.
///
/// # Safety
/// `v` is an initialised GValue.
pub unsafe fn value_int(v: *const gobject::GValue) -> i64 {
    let t = gobject::g_type_fundamental((*v).g_type);
    let d = &(*v).data[0];
    match t {
        gobject::G_TYPE_INT | gobject::G_TYPE_BOOLEAN | gobject::G_TYPE_ENUM => d.v_int as i64,
        gobject::G_TYPE_UINT | gobject::G_TYPE_FLAGS => d.v_uint as i64,
        gobject::G_TYPE_LONG | gobject::G_TYPE_INT64 => d.v_int64,
        gobject::G_TYPE_ULONG | gobject::G_TYPE_UINT64 => d.v_uint64 as i64,
        gobject::G_TYPE_CHAR => d.v_int as i8 as i64,
        gobject::G_TYPE_UCHAR => d.v_uint as u8 as i64,
        _ => 0,
    }
}

/// Calls a handler with the converted arguments followed by the extra arguments of connect().
///
/// # Safety
/// GIL held; `extra` is NULL or a tuple.
pub unsafe fn call_handler(handler: *mut ffi::PyObject, extra: *mut ffi::PyObject, mut args: Vec<Obj>) -> R<Obj> {
    if !extra.is_null() {
        for i in 0..ffi::PyTuple_GET_SIZE(extra) {
            args.push(Obj::from_borrowed(ffi::PyTuple_GET_ITEM(extra, i)));
        }
    }
    let ptrs: Vec<*mut ffi::PyObject> = args.iter().map(|a| a.as_ptr()).collect();
    crate::pyutil::call(handler, &ptrs)
}

/// Sets a signal's return value from the handler's result (nothing for a void signal).
///
/// # Safety
/// `ret` is NULL or an initialised GValue; `r` is live.
pub unsafe fn set_return(ret: *mut gobject::GValue, r: *mut ffi::PyObject) -> R<()> {
    if !ret.is_null() && (*ret).g_type != 0 {
        crate::gvalue::set(ret, r, "signal handler result")?;
    }
    Ok(())
}

/// The generated marshaller of a signal (by the GType name that defines it and its name).
unsafe fn typed_marshaller(id: c_uint) -> Option<SignalMarshal> {
    let table = crate::module::package().signals;
    if table.is_empty() {
        return None;
    }
    let mut q: gobject::GSignalQuery = std::mem::zeroed();
    gobject::g_signal_query(id, &mut q);
    if q.signal_id == 0 {
        return None;
    }
    let owner = gobject::g_type_name(q.itype);
    if owner.is_null() || q.signal_name.is_null() {
        return None;
    }
    let key = format!(
        "{}::{}",
        CStr::from_ptr(owner).to_string_lossy(),
        CStr::from_ptr(q.signal_name as *const c_char).to_string_lossy().replace('_', "-")
    );
    table.binary_search_by(|(k, _)| (*k).cmp(key.as_str())).ok().map(|i| table[i].1)
}

/// Live handler closures, for disconnect_by_func.
static CLOSURES: GilCell<Option<HashMap<usize, usize>>> = GilCell::new(None);

fn closures() -> &'static mut HashMap<usize, usize> {
    // SAFETY: GIL held by every caller.
    unsafe { CLOSURES.get().get_or_insert_with(HashMap::new) }
}

unsafe extern "C" fn closure_finalize(_: *mut c_void, closure: *mut gobject::GClosure) {
    let gil = ffi::PyGILState_Ensure();
    let c = closure as *mut PyClosure;
    closures().remove(&(closure as usize));
    ffi::Py_XDECREF((*c).handler);
    ffi::Py_XDECREF((*c).extra);
    (*c).handler = null_mut();
    (*c).extra = null_mut();
    ffi::PyGILState_Release(gil);
}

unsafe extern "C" fn closure_marshal(
    closure: *mut gobject::GClosure,
    return_value: *mut gobject::GValue,
    n_param_values: c_uint,
    param_values: *const gobject::GValue,
    _hint: *mut c_void,
    _marshal_data: *mut c_void,
) {
    let gil = ffi::PyGILState_Ensure();
    crate::call::guard_c((), || {
        let c = closure as *mut PyClosure;
        if (*c).handler.is_null() {
            return;
        }
        if let Some(m) = (*c).typed {
            if m((*c).handler, (*c).extra, param_values, n_param_values, return_value).is_err() {
                ffi::PyErr_Print();
            }
            return;
        }
        let r = (|| -> R<()> {
            let mut args: Vec<Obj> = Vec::with_capacity(n_param_values as usize + 2);
            for i in 0..n_param_values as usize {
                args.push(to_py(param_values.add(i))?);
            }
            let extra = (*c).extra;
            if !extra.is_null() {
                for i in 0..ffi::PyTuple_GET_SIZE(extra) {
                    args.push(Obj::from_borrowed(ffi::PyTuple_GET_ITEM(extra, i)));
                }
            }
            let ptrs: Vec<*mut ffi::PyObject> = args.iter().map(|a| a.as_ptr()).collect();
            let r = crate::pyutil::call((*c).handler, &ptrs)?;
            if !return_value.is_null() && (*return_value).g_type != 0 {
                crate::gvalue::set(return_value, r.as_ptr(), "signal handler result")?;
            }
            Ok(())
        })();
        if r.is_err() {
            ffi::PyErr_Print();
        }
    });
    ffi::PyGILState_Release(gil);
}

/// A new floating GClosure that calls `handler(*param_values, *extra)` (no instance bookkeeping).
unsafe fn py_closure_new(handler: *mut ffi::PyObject, extra: *mut ffi::PyObject) -> *mut gobject::GClosure {
    let closure = gobject::g_closure_new_simple(std::mem::size_of::<PyClosure>() as c_uint, null_mut());
    let c = closure as *mut PyClosure;
    ffi::Py_INCREF(handler);
    (*c).handler = handler;
    if !extra.is_null() {
        ffi::Py_INCREF(extra);
    }
    (*c).extra = extra;
    (*c).instance = null_mut();
    (*c).typed = None;
    gobject::g_closure_set_marshal(closure, Some(closure_marshal));
    gobject::g_closure_add_finalize_notifier(closure, null_mut(), Some(closure_finalize));
    closure
}

/// A `GClosure*` argument: an existing `GObject.Closure` wrapper, or a GClosure made for a Python
/// callable. Holds one reference of its own to a closure it made, dropped after the call.
pub struct ClosureArg {
    ptr: *mut c_void,
    owned: bool,
    desc: &'static crate::types::TypeDesc,
}

impl ClosureArg {
    #[inline]
    pub fn ptr(&self) -> *mut c_void {
        self.ptr
    }
    /// For a transfer-full argument: C takes a reference.
    ///
    /// # Safety
    /// GIL held.
    pub unsafe fn give(self) -> R<*mut c_void> {
        let p = self.ptr;
        if self.owned {
            std::mem::forget(self);
            Ok(p)
        } else {
            crate::types::give(self.desc, p)
        }
    }
}

impl Drop for ClosureArg {
    fn drop(&mut self) {
        if self.owned && !self.ptr.is_null() {
            // SAFETY: our own reference (taken by ref + sink in closure_in).
            unsafe { gobject::g_closure_unref(self.ptr as *mut gobject::GClosure) };
        }
    }
}

/// Converts a `GClosure*` argument: a `GObject.Closure` instance, or any Python callable (wrapped
/// in a GClosure whose marshaller converts the parameter values and sets the return value).
///
/// # Safety
/// `o` is a live object; GIL held.
pub unsafe fn closure_in(
    info: &FnInfo,
    index: usize,
    o: *mut ffi::PyObject,
    desc: &'static crate::types::TypeDesc,
    nullable: bool,
) -> R<ClosureArg> {
    if o == ffi::Py_None() && nullable {
        return Ok(ClosureArg { ptr: null_mut(), owned: false, desc });
    }
    let cls = desc.class()?;
    if ffi::PyObject_TypeCheck(o, cls as *mut ffi::PyTypeObject) == 0 && ffi::PyCallable_Check(o) != 0 {
        let closure = py_closure_new(o, null_mut());
        gobject::g_closure_ref(closure);
        gobject::g_closure_sink(closure);
        return Ok(ClosureArg { ptr: closure as *mut c_void, owned: true, desc });
    }
    let p = crate::types::instance_in(info, index, o, desc)?;
    Ok(ClosureArg { ptr: p, owned: false, desc })
}

unsafe fn parse_signal(obj: *mut gobject::GObject, name: *mut ffi::PyObject, info: &FnInfo) -> R<(c_uint, u32)> {
    let n = str_of(name).ok_or_else(|| wrong_type(info, 0, "str", name))?;
    let c = CString::new(n.clone()).map_err(|_| raise(ffi::PyExc_ValueError, "signal name with a NUL".into()))?;
    let mut id: c_uint = 0;
    let mut detail: u32 = 0;
    let t = type_from_instance(obj as *mut c_void);
    if gobject::g_signal_parse_name(c.as_ptr(), t, &mut id, &mut detail, 1) == 0 {
        return Err(raise(
            ffi::PyExc_TypeError,
            format!("{}: unknown signal name: {n}", type_name_of_instance(obj)),
        ));
    }
    Ok((id, detail))
}

unsafe fn do_connect(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject, after: bool) -> R<Obj> {
    let info: &FnInfo = if after {
        static I: FnInfo = FnInfo { name: "connect_after", params: &["detailed_signal", "handler"] };
        &I
    } else {
        static I: FnInfo = FnInfo { name: "connect", params: &["detailed_signal", "handler"] };
        &I
    };
    if !kw.is_null() || nargs < 2 {
        return Err(raise(ffi::PyExc_TypeError, format!("{}() takes a signal name, a handler and extra arguments, positionally", info.name)));
    }
    let name = *args;
    let handler = *args.add(1);
    if ffi::PyCallable_Check(handler) == 0 {
        return Err(wrong_type(info, 1, "callable", handler));
    }
    let obj = gobj(slf)?;
    let (id, detail) = parse_signal(obj, name, info)?;
    let extra = Obj::from_owned(ffi::PyTuple_New(nargs - 2))?;
    for i in 2..nargs {
        let a = *args.add(i as usize);
        ffi::Py_INCREF(a);
        ffi::PyTuple_SET_ITEM(extra.as_ptr(), i - 2, a);
    }
    let closure = py_closure_new(handler, extra.as_ptr());
    (*(closure as *mut PyClosure)).instance = obj as *mut c_void;
    (*(closure as *mut PyClosure)).typed = typed_marshaller(id);
    closures().insert(closure as usize, obj as usize);
    let hid = gobject::g_signal_connect_closure_by_id(obj, id, detail, closure, after as i32);
    crate::conv::u64_out(hid as u64)
}

unsafe extern "C" fn connect(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    trampoline(|| Ok(do_connect(slf, args, nargs, kw, false)?.into_ptr()))
}

unsafe extern "C" fn connect_after(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    trampoline(|| Ok(do_connect(slf, args, nargs, kw, true)?.into_ptr()))
}

unsafe fn handler_op(
    slf: *mut ffi::PyObject,
    args: Args,
    nargs: ffi::Py_ssize_t,
    kw: *mut ffi::PyObject,
    info: &FnInfo,
    op: unsafe extern "C" fn(*mut gobject::GObject, std::ffi::c_ulong),
) -> R<Obj> {
    let [id] = parse_args::<1>(info, args, nargs, kw)?;
    let id = crate::conv::u64_in(info, 0, id, "gulong")?;
    let obj = gobj(slf)?;
    if gobject::g_signal_handler_is_connected(obj, id as _) == 0 {
        return Err(raise(ffi::PyExc_ValueError, format!("{}(): no handler with id {id}", info.name)));
    }
    op(obj, id as _);
    Ok(Obj::none())
}

unsafe extern "C" fn disconnect(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "disconnect", params: &["handler_id"] };
    trampoline(|| Ok(handler_op(slf, args, nargs, kw, &INFO, gobject::g_signal_handler_disconnect)?.into_ptr()))
}

unsafe extern "C" fn handler_block(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "handler_block", params: &["handler_id"] };
    trampoline(|| Ok(handler_op(slf, args, nargs, kw, &INFO, gobject::g_signal_handler_block)?.into_ptr()))
}

unsafe extern "C" fn handler_unblock(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "handler_unblock", params: &["handler_id"] };
    trampoline(|| Ok(handler_op(slf, args, nargs, kw, &INFO, gobject::g_signal_handler_unblock)?.into_ptr()))
}

type Matched = unsafe extern "C" fn(
    *mut gobject::GObject,
    gobject::GSignalMatchType,
    c_uint,
    glib_sys::GQuark,
    *mut gobject::GClosure,
    *mut c_void,
    *mut c_void,
) -> c_uint;

/// `disconnect_by_func`, `handler_block_by_func`, `handler_unblock_by_func`: applies `op` to every
/// handler closure of this object whose callable equals `func`; returns how many handlers matched.
unsafe fn by_func(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject, info: &FnInfo, op: Matched) -> R<Obj> {
    let [func] = parse_args::<1>(info, args, nargs, kw)?;
    let obj = gobj(slf)?;
    let mut matching = Vec::new();
    for (&closure, &inst) in closures().iter() {
        if inst != obj as usize {
            continue;
        }
        let h = (*(closure as *mut PyClosure)).handler;
        if h.is_null() {
            continue;
        }
        match ffi::PyObject_RichCompareBool(h, func, ffi::Py_EQ) {
            1 => matching.push(closure),
            0 => {}
            _ => return Err(Raised),
        }
    }
    let mut n: u64 = 0;
    for closure in matching {
        n += op(obj, gobject::G_SIGNAL_MATCH_CLOSURE, 0, 0, closure as *mut gobject::GClosure, null_mut(), null_mut()) as u64;
    }
    if n == 0 {
        let r = crate::pyutil::repr(func).unwrap_or_default();
        return Err(raise(ffi::PyExc_TypeError, format!("nothing connected to {r}")));
    }
    crate::conv::u64_out(n)
}

unsafe extern "C" fn disconnect_by_func(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "disconnect_by_func", params: &["func"] };
    trampoline(|| Ok(by_func(slf, args, nargs, kw, &INFO, gobject::g_signal_handlers_disconnect_matched)?.into_ptr()))
}

unsafe extern "C" fn handler_block_by_func(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "handler_block_by_func", params: &["func"] };
    trampoline(|| Ok(by_func(slf, args, nargs, kw, &INFO, gobject::g_signal_handlers_block_matched)?.into_ptr()))
}

unsafe extern "C" fn handler_unblock_by_func(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "handler_unblock_by_func", params: &["func"] };
    trampoline(|| Ok(by_func(slf, args, nargs, kw, &INFO, gobject::g_signal_handlers_unblock_matched)?.into_ptr()))
}

unsafe extern "C" fn handler_is_connected(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "handler_is_connected", params: &["handler_id"] };
    trampoline(|| {
        let [id] = parse_args::<1>(&INFO, args, nargs, kw)?;
        let id = crate::conv::u64_in(&INFO, 0, id, "gulong")?;
        let connected = gobject::g_signal_handler_is_connected(gobj(slf)?, id as _) != 0;
        Ok(crate::conv::bool_out(connected as i32)?.into_ptr())
    })
}

unsafe extern "C" fn emit(slf: *mut ffi::PyObject, args: Args, nargs: ffi::Py_ssize_t, kw: *mut ffi::PyObject) -> *mut ffi::PyObject {
    static INFO: FnInfo = FnInfo { name: "emit", params: &["detailed_signal"] };
    trampoline(|| {
        if !kw.is_null() || nargs < 1 {
            return Err(raise(ffi::PyExc_TypeError, "emit() takes a signal name and the signal's arguments, positionally".into()));
        }
        let obj = gobj(slf)?;
        let (id, detail) = parse_signal(obj, *args, &INFO)?;
        let mut q: gobject::GSignalQuery = std::mem::zeroed();
        gobject::g_signal_query(id, &mut q);
        let given = (nargs - 1) as usize;
        if given != q.n_params as usize {
            let name = CStr::from_ptr(q.signal_name as *const c_char).to_string_lossy();
            return Err(raise(
                ffi::PyExc_TypeError,
                format!("{name} signal takes {} argument{}, {given} given", q.n_params, if q.n_params == 1 { "" } else { "s" }),
            ));
        }
        let mut values: Vec<Value> = (0..=given).map(|_| Value::new()).collect();
        gobject::g_value_init(values[0].as_mut_ptr(), type_from_instance(obj as *mut c_void));
        gobject::g_value_set_object(values[0].as_mut_ptr(), obj);
        for i in 0..given {
            let t = *q.param_types.add(i) & !STATIC_SCOPE;
            from_py(values[i + 1].as_mut_ptr(), t, *args.add(i + 1), &format!("emit() argument {}", i + 1))?;
        }
        let rtype = q.return_type & !STATIC_SCOPE;
        let mut ret = Value::new();
        if rtype != gobject::G_TYPE_NONE {
            gobject::g_value_init(ret.as_mut_ptr(), rtype);
        }
        gobject::g_signal_emitv(values[0].as_mut_ptr() as *const gobject::GValue, id, detail, ret.as_mut_ptr());
        if rtype == gobject::G_TYPE_NONE {
            return Ok(Obj::none().into_ptr());
        }
        Ok(to_py(ret.as_mut_ptr())?.into_ptr())
    })
}

#[allow(dead_code)]
fn _unused() -> (unsafe fn(*mut c_void, bool) -> R<Obj>, unsafe fn(*mut ffi::PyObject) -> String) {
    (object_out, type_name)
}
