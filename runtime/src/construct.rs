//! `Ns.Class(...)`: creating C instances from Python.

use crate::call::{Raised, R};
use crate::ffi;
use crate::pyutil::{raise, Obj};
use crate::types::{alloc, desc_of_type, Kind, Memory, Release};
use gobject_sys as gobject;
use std::ffi::c_void;

/// `tp_new` of every wrapper class: an empty wrapper (NULL pointer). `Cls.__new__(Cls)` is a
/// wrapper never initialised, which raises wherever its pointer would reach C.
pub(crate) unsafe extern "C" fn inst_new(
    tp: *mut ffi::PyTypeObject,
    _args: *mut ffi::PyObject,
    _kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        if desc_of_type(tp).is_none() {
            let name = crate::pyutil::type_name(tp as *mut ffi::PyObject);
            return Err(raise(ffi::PyExc_TypeError, format!("cannot create '{name}' instances")));
        }
        alloc(tp as *mut ffi::PyObject, std::ptr::null_mut(), Release::Nothing, 0).map(Obj::into_ptr)
    })
}

/// `tp_init` of every wrapper class: a GObject of the class's GType with construct properties
/// (keywords), or a zeroed plain struct, now owned by `slf`.
pub(crate) unsafe extern "C" fn inst_init(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> std::ffi::c_int {
    let r = crate::call::trampoline(|| {
        let inst = slf as *mut crate::types::Instance;
        if !(*inst).ptr.is_null() {
            return Err(raise(ffi::PyExc_TypeError, "the instance is already initialised".into()));
        }
        let w = new_instance(ffi::Py_TYPE(slf), args, kwargs)?;
        let made = w.as_ptr() as *mut crate::types::Instance;
        let (p, release, aux) = ((*made).ptr, (*made).release, (*made).aux);
        if release == Release::Object && ffi::Py_REFCNT(w.as_ptr()) > 1 {
            // Construction code already wrapped the object (that wrapper stays in the identity
            // map): this one holds a reference of its own.
            gobject::g_object_ref(p as *mut gobject::GObject);
        } else {
            // Take over the new wrapper's pointer; it dies empty.
            (*made).ptr = std::ptr::null_mut();
            (*made).release = Release::Nothing;
            (*made).aux = 0;
            if release == Release::Object {
                crate::types::register_live(p, slf);
            }
        }
        (*inst).ptr = p;
        (*inst).release = release;
        (*inst).aux = aux;
        Ok(Obj::none().into_ptr())
    });
    if r.is_null() {
        -1
    } else {
        ffi::Py_DECREF(r);
        0
    }
}

unsafe fn new_instance(tp: *mut ffi::PyTypeObject, args: *mut ffi::PyObject, kwargs: *mut ffi::PyObject) -> R<Obj> {
    let name = crate::pyutil::type_name(tp as *mut ffi::PyObject);
    let Some(desc) = desc_of_type(tp) else {
        return Err(raise(ffi::PyExc_TypeError, format!("cannot create '{name}' instances")));
    };
    if desc.gtype_name == Some("GValue") {
        return crate::gvalue::new_value(tp, args, kwargs);
    }
    if !args.is_null() && ffi::PyTuple_GET_SIZE(args) > 0 {
        return Err(raise(ffi::PyExc_TypeError, format!("{name}() takes keyword arguments only (construct properties)")));
    }
    match (&desc.kind, &desc.memory) {
        (Kind::Object, _) => {
            let t = desc.gtype()?;
            let p = crate::gvalue::new_object(t, kwargs, &name)?;
            // A new object is ours (floating references are sunk).
            let go = p as *mut gobject::GObject;
            if gobject::g_object_is_floating(go) != 0 {
                gobject::g_object_ref_sink(go);
            }
            if let Some(w) = crate::types::live_wrapper(p) {
                // Construction code already wrapped it (e.g. a handler): keep that wrapper.
                gobject::g_object_unref(go);
                return Ok(Obj::from_borrowed(w));
            }
            let w = alloc(tp as *mut ffi::PyObject, p, Release::Object, 0)?;
            crate::types::register_live(p, w.as_ptr());
            Ok(w)
        }
        (Kind::Record | Kind::Union, Memory::Struct) if desc.size > 0 => {
            if !kwargs.is_null() && ffi::PyDict_Size(kwargs) > 0 {
                return Err(raise(ffi::PyExc_TypeError, format!("{name}() takes no arguments")));
            }
            let p = glib_sys::g_malloc0(desc.size) as *mut c_void;
            alloc(tp as *mut ffi::PyObject, p, Release::GFree, 0)
        }
        (Kind::Record | Kind::Union, Memory::Boxed) if crate::gvalue::boxed_size(desc) > 0 => {
            if !kwargs.is_null() && ffi::PyDict_Size(kwargs) > 0 {
                return Err(raise(ffi::PyExc_TypeError, format!("{name}() takes no arguments")));
            }
            // A zeroed struct of a boxed type, as PyGObject makes one: our allocation, freed with
            // g_free (C gets its own copy through g_boxed_copy when it takes ownership).
            let p = glib_sys::g_malloc0(crate::gvalue::boxed_size(desc)) as *mut c_void;
            alloc(tp as *mut ffi::PyObject, p, Release::GFree, 0)
        }
        _ => Err(raise(
            ffi::PyExc_TypeError,
            format!("cannot create '{}' instances from Python; use a constructor", desc.qualified_name()),
        )),
    }
}

#[allow(dead_code)]
fn _unused() -> Raised {
    Raised
}
