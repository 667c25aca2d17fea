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

impl GetSet {
    /// The accessor of a struct field.
    pub const fn field(name: &'static CStr, field: &'static Field) -> GetSet {
        GetSet(ffi::PyGetSetDef {
            name: name.as_ptr(),
            get: Some(field_get),
            set: if field.writable { Some(field_set) } else { None },
            doc: std::ptr::null(),
            closure: field as *const Field as *mut std::ffi::c_void,
        })
    }
}

/// A field of a record/union: where it is and what it holds.
pub struct Field {
    pub name: &'static str,
    pub offset: usize,
    /// The value's type (for arrays: the element type).
    pub elem: &'static crate::containers::Elem,
    pub writable: bool,
    /// For error messages of writes (`setattr() argument 'x' ...`).
    pub info: crate::call::FnInfo,
    pub shape: Shape,
}

/// What a field holds.
pub enum Shape {
    /// One value of `elem`.
    Value,
    /// A C array of `n` elements held in the struct (read as a list).
    Fixed(usize),
    /// A pointer to an array: zero-terminated C array or a GArray/GPtrArray/GByteArray.
    Array(crate::containers::ArrayKind),
}

unsafe fn field_base(o: *mut ffi::PyObject, f: &Field) -> R<*mut u8> {
    let p = crate::types::ptr_of(o);
    if p.is_null() {
        return Err(crate::pyutil::raise(ffi::PyExc_ValueError, format!("field '{}' of a NULL instance", f.name)));
    }
    Ok((p as *mut u8).add(f.offset))
}

unsafe extern "C" fn field_get(o: *mut ffi::PyObject, closure: *mut std::ffi::c_void) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let f = &*(closure as *const Field);
        let slot = field_base(o, f)?;
        use crate::containers::{array_out, ArrayKind, Elem, Transfer};
        let v = match (&f.shape, f.elem) {
            // A struct held by value: a wrapper sharing the memory (writes reach the parent),
            // which keeps its parent alive.
            (Shape::Value, Elem::RecordInline(d, _)) => crate::types::borrowed_in(d, slot as *mut std::ffi::c_void, o)?,
            (Shape::Value, e) => crate::containers::read_field(e, slot)?,
            (Shape::Fixed(n), e) => array_out(slot as *mut std::ffi::c_void, *n as i64, e, ArrayKind::C, Transfer::None)?,
            (Shape::Array(kind), e) => {
                let p = *(slot as *const *mut std::ffi::c_void);
                if p.is_null() && *kind == ArrayKind::C {
                    crate::pyutil::list(Vec::new())?
                } else {
                    array_out(p, -1, e, *kind, Transfer::None)?
                }
            }
        };
        Ok(v.into_ptr())
    })
}

unsafe extern "C" fn field_set(o: *mut ffi::PyObject, value: *mut ffi::PyObject, closure: *mut std::ffi::c_void) -> std::ffi::c_int {
    let r = crate::call::trampoline(|| {
        let f = &*(closure as *const Field);
        if value.is_null() {
            return Err(crate::pyutil::raise(ffi::PyExc_TypeError, format!("field '{}' cannot be deleted", f.name)));
        }
        if !matches!(f.shape, Shape::Value)
            || matches!(f.elem, crate::containers::Elem::RecordInline(..) | crate::containers::Elem::ValueInline(_))
        {
            // Memory the struct holds by value: read-only, as on the other backends.
            return Err(crate::pyutil::raise(ffi::PyExc_AttributeError, format!("field '{}' is read-only", f.name)));
        }
        let slot = field_base(o, f)?;
        crate::containers::write_field(f.elem, &f.info, value, slot)?;
        Ok(crate::pyutil::Obj::none().into_ptr())
    });
    if r.is_null() {
        -1
    } else {
        ffi::Py_DECREF(r);
        0
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
