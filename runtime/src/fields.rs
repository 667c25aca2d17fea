//! Get/set descriptors on wrapper classes (record fields, `props`).

use crate::call::{Raised, R};
use crate::ffi;
use std::ffi::CStr;

/// A `PyGetSetDef` that can live in a `static` (CPython keeps the pointer).
#[repr(transparent)]
pub struct GetSet(pub ffi::PyGetSetDef);

// SAFETY: immutable after construction; CPython only reads it.
unsafe impl Sync for GetSet {}

impl GetSet {
    pub const fn new(name: &'static CStr, get: Option<ffi::getter>, set: Option<ffi::setter>) -> GetSet {
        GetSet(ffi::PyGetSetDef { name: name.as_ptr(), get, set, doc: std::ptr::null(), closure: std::ptr::null_mut() })
    }
}

pub(crate) fn add_getsets(cls: *mut ffi::PyObject, getsets: &'static [GetSet]) -> R<()> {
    for g in getsets {
        let def = &g.0 as *const ffi::PyGetSetDef as *mut ffi::PyGetSetDef;
        // SAFETY: `def` is static and only read; `cls` is a live type.
        unsafe {
            let d = crate::pyutil::Obj::from_owned(ffi::PyDescr_NewGetSet(cls as *mut ffi::PyTypeObject, def))?;
            if ffi::PyObject_SetAttrString(cls, g.0.name, d.as_ptr()) < 0 {
                return Err(Raised);
            }
        }
    }
    Ok(())
}
