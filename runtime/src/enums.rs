//! Enums and flags as `enum.IntEnum` / `enum.IntFlag` classes, built on first use. An error-domain
//! enum also registers its exception class with the shared Python runtime (`E.Error`).

use crate::call::{FnInfo, Raised, R};
use crate::ffi;
use crate::module::NsDesc;
use crate::pyutil::{import, new_str, raise, Obj};
use crate::sym::Sym;
use crate::types::{add_methods, Method};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

/// Where an error domain's string comes from (the IR's `ErrorDomain`).
pub enum Domain {
    Named(&'static str),
    QuarkFunction(&'static Sym),
}

pub struct EnumDesc {
    pub ns: &'static NsDesc,
    pub name: &'static str,
    pub flags: bool,
    /// (Python member name, value), in GIR order.
    pub members: &'static [(&'static str, i64)],
    pub get_type: Option<&'static Sym>,
    pub error_domain: Option<Domain>,
    pub methods: &'static [Method],
    pub state: EnumState,
}

pub struct EnumState {
    class: AtomicPtr<ffi::PyObject>,
    /// `_value2member_map_` of the class, for fast member lookup.
    members: AtomicPtr<ffi::PyObject>,
    quark: AtomicU32,
}

impl EnumState {
    pub const fn new() -> EnumState {
        EnumState { class: AtomicPtr::new(null_mut()), members: AtomicPtr::new(null_mut()), quark: AtomicU32::new(0) }
    }
}

impl Default for EnumState {
    fn default() -> Self {
        Self::new()
    }
}

impl EnumDesc {
    #[inline]
    pub fn class(&'static self) -> R<*mut ffi::PyObject> {
        let c = self.state.class.load(Ordering::Acquire);
        if !c.is_null() {
            return Ok(c);
        }
        build(self)
    }

    /// The error domain's quark (0 if not an error domain).
    pub fn quark(&self) -> R<u32> {
        let q = self.state.quark.load(Ordering::Relaxed);
        if q != 0 {
            return Ok(q);
        }
        let q = match &self.error_domain {
            None => 0,
            Some(Domain::Named(s)) => {
                let c = std::ffi::CString::new(*s).unwrap_or_default();
                // SAFETY: valid C string.
                unsafe { glib_sys::g_quark_from_string(c.as_ptr()) }
            }
            Some(Domain::QuarkFunction(sym)) => sym.call_quark()?,
        };
        self.state.quark.store(q, Ordering::Relaxed);
        Ok(q)
    }

    /// The domain string.
    pub fn domain(&self) -> R<Option<String>> {
        match &self.error_domain {
            None => Ok(None),
            Some(Domain::Named(s)) => Ok(Some(s.to_string())),
            Some(Domain::QuarkFunction(_)) => {
                let q = self.quark()?;
                // SAFETY: returns NULL or a static string.
                let s = unsafe { glib_sys::g_quark_to_string(q) };
                if s.is_null() {
                    return Ok(None);
                }
                // SAFETY: valid C string.
                Ok(Some(unsafe { std::ffi::CStr::from_ptr(s) }.to_string_lossy().into_owned()))
            }
        }
    }

    pub fn has_value(&self, v: i64) -> bool {
        self.members.iter().any(|(_, m)| *m == v)
    }
}

#[cold]
#[inline(never)]
fn build(desc: &'static EnumDesc) -> R<*mut ffi::PyObject> {
    let enum_mod = import(c"enum")?;
    let base = crate::pyutil::getattr(enum_mod.as_ptr(), if desc.flags { c"IntFlag" } else { c"IntEnum" })?;
    let mut members = Vec::with_capacity(desc.members.len());
    for (name, value) in desc.members {
        members.push(crate::pyutil::tuple(vec![new_str(name)?, crate::pyutil::int(*value)?])?);
    }
    let members = crate::pyutil::list(members)?;
    let name = new_str(desc.name)?;
    let module = new_str(desc.ns.module)?;
    let cls = crate::pyutil::call_kw(
        base.as_ptr(),
        &[name.as_ptr(), members.as_ptr()],
        &[("module", module.as_ptr()), ("qualname", name.as_ptr())],
    )?;
    let existing = desc.state.class.load(Ordering::Acquire);
    if !existing.is_null() {
        return Ok(existing);
    }
    add_methods(cls.as_ptr(), desc.methods, desc.ns.module)?;
    if let Some(gt) = desc.get_type {
        let g = crate::conv::lazy_gtype(gt)?;
        crate::pyutil::setattr(cls.as_ptr(), "__gtype__", g.as_ptr())?;
    }
    let map = crate::pyutil::getattr(cls.as_ptr(), c"_value2member_map_")?;
    desc.state.members.store(map.into_ptr(), Ordering::Release);
    let c = cls.into_ptr();
    desc.state.class.store(c, Ordering::Release);
    if let Some(domain) = desc.domain()? {
        // `E.Error`: the shared runtime's subclass of GLib.Error for this domain.
        let errors = import(c"girgen_runtime.errors")?;
        let register = crate::pyutil::getattr(errors.as_ptr(), c"register_error_domain")?;
        let dom = new_str(&domain)?;
        let cname = new_str(desc.name)?;
        let sub = crate::pyutil::call_kw(
            register.as_ptr(),
            &[dom.as_ptr(), cname.as_ptr()],
            &[("code_enum", c), ("module", module.as_ptr())],
        )?;
        crate::pyutil::setattr(c, "Error", sub.as_ptr())?;
    }
    Ok(c)
}

/// The Python value of an enum/flags value: the member, or a plain int for unknown enum values.
pub fn enum_out(desc: &'static EnumDesc, v: i64) -> R<Obj> {
    let cls = desc.class()?;
    let value = crate::pyutil::int(v)?;
    if desc.flags {
        // IntFlag composes unknown bit combinations itself.
        return crate::pyutil::call(cls, &[value.as_ptr()]);
    }
    let map = desc.state.members.load(Ordering::Acquire);
    // SAFETY: `map` is the class's member dict, kept alive with the class.
    unsafe {
        let m = ffi::PyDict_GetItemWithError(map, value.as_ptr());
        if !m.is_null() {
            return Ok(Obj::from_borrowed(m));
        }
        if !ffi::PyErr_Occurred().is_null() {
            return Err(Raised);
        }
    }
    Ok(value)
}

/// An enum argument: an int (members are ints) that is one of the enum's values.
///
/// # Safety
/// `o` is a live object.
pub unsafe fn enum_in(info: &FnInfo, index: usize, o: *mut ffi::PyObject, desc: &'static EnumDesc) -> R<i64> {
    if ffi::PyLong_Check(o) == 0 {
        return Err(crate::call::wrong_type(info, index, &format!("int or {}.{}", desc.ns.name, desc.name), o));
    }
    let mut overflow = 0;
    let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
    if v == -1 && !ffi::PyErr_Occurred().is_null() {
        return Err(Raised);
    }
    if desc.flags {
        // Flags are unsigned in C: a negative value is out of range.
        let max = u32::MAX as i64;
        let min = 0;
        if overflow != 0 || v < min || v > max {
            return Err(crate::call::bad_arg(ffi::PyExc_OverflowError, info, index, "is out of range for a flags value"));
        }
        return Ok(v);
    }
    if overflow != 0 || v < i32::MIN as i64 || v > u32::MAX as i64 {
        // Not even a C enum (32 bits).
        return Err(crate::call::bad_arg(ffi::PyExc_OverflowError, info, index, "is out of range for an enum value"));
    }
    if !desc.has_value(v) {
        let shown = Obj::from_owned(ffi::PyObject_Repr(o)).ok().and_then(|r| crate::pyutil::str_of(r.as_ptr())).unwrap_or_default();
        ffi::PyErr_Clear();
        return Err(raise(
            ffi::PyExc_ValueError,
            format!("{}() argument '{}': {} is not a valid {}.{}", info.name, info.param(index), shown, desc.ns.name, desc.name),
        ));
    }
    Ok(v)
}
