//! C arrays, GArray/GPtrArray/GByteArray, GList/GSList and GHashTable. One data-driven
//! implementation for every element type ([`Elem`], a static descriptor emitted per use), so the
//! generated crate carries no per-type container code.

use crate::call::{bad_arg, wrong_type, FnInfo, Raised, R};
use crate::enums::EnumDesc;
use crate::ffi;
use crate::pyutil::{raise, type_name, Obj};
use crate::types::{fundamental_out, instance_in, object_out, record_out, TypeDesc};
use glib_sys as glib;
use std::ffi::{c_char, c_void, CString};
use std::ptr::null_mut;

/// The element type of a container.
pub enum Elem {
    Bool,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    Unichar,
    GType,
    Pointer,
    Utf8,
    Filename,
    Enum(&'static EnumDesc),
    Object(&'static TypeDesc),
    Fundamental(&'static TypeDesc),
    /// A pointer to a record.
    Record(&'static TypeDesc),
    /// A record stored by value (C arrays/GArray of structs), with its size.
    RecordInline(&'static TypeDesc, usize),
    /// A GValue stored by value.
    ValueInline(&'static TypeDesc),
    /// A pointer to a GValue (converted to the Python value it holds).
    ValuePtr(&'static TypeDesc),
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayKind {
    C,
    GArray,
    PtrArray,
    ByteArray,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    None,
    Container,
    Full,
}

impl Elem {
    /// Size of one element in a C array / GArray.
    pub fn size(&self) -> usize {
        match self {
            Elem::I8 | Elem::U8 => 1,
            Elem::I16 | Elem::U16 => 2,
            Elem::Bool | Elem::I32 | Elem::U32 | Elem::F32 | Elem::Unichar | Elem::Enum(_) => 4,
            Elem::RecordInline(_, s) => *s,
            Elem::ValueInline(_) => std::mem::size_of::<gobject_sys::GValue>(),
            _ => 8,
        }
    }
}

// --- one element -------------------------------------------------------------------------------

/// Reads the element stored at `slot` (C arrays) as Python. With `full`, ownership of what the
/// element points to passes to Python.
///
/// # Safety
/// `slot` points to a valid element of type `e`.
unsafe fn read_slot(e: &Elem, slot: *const u8, full: bool) -> R<Obj> {
    match e {
        Elem::Bool => crate::conv::bool_out(*(slot as *const i32)),
        Elem::I8 => crate::conv::i64_out(*(slot as *const i8) as i64),
        Elem::U8 => crate::conv::i64_out(*slot as i64),
        Elem::I16 => crate::conv::i64_out(*(slot as *const i16) as i64),
        Elem::U16 => crate::conv::i64_out(*(slot as *const u16) as i64),
        Elem::I32 => crate::conv::i64_out(*(slot as *const i32) as i64),
        Elem::U32 => crate::conv::i64_out(*(slot as *const u32) as i64),
        Elem::I64 => crate::conv::i64_out(*(slot as *const i64)),
        Elem::U64 => crate::conv::u64_out(*(slot as *const u64)),
        Elem::F32 => crate::conv::f64_out(*(slot as *const f32) as f64),
        Elem::F64 => crate::conv::f64_out(*(slot as *const f64)),
        Elem::Unichar => crate::conv::unichar_out(*(slot as *const u32)),
        Elem::GType => crate::conv::gtype_object(*(slot as *const usize)),
        Elem::Enum(d) => crate::enums::enum_out(d, *(slot as *const i32) as i64),
        Elem::RecordInline(d, size) => {
            // A copy of the struct, owned by the wrapper.
            let q = crate::types::memdup(slot as *const c_void, *size);
            record_out_owned_struct(d, q)
        }
        Elem::ValueInline(_) => crate::gvalue::to_py(slot as *const gobject_sys::GValue),
        _ => read_pointer(e, *(slot as *const *mut c_void), full),
    }
}

unsafe fn record_out_owned_struct(d: &'static TypeDesc, q: *mut c_void) -> R<Obj> {
    let cls = d.class()?;
    crate::types::alloc(cls, q, crate::types::Release::GFree, 0)
}

/// Reads an element stored as a pointer (lists, hash tables, pointer arrays; integers are stored
/// with GINT_TO_POINTER).
///
/// # Safety
/// `p` is a valid element of type `e`.
unsafe fn read_pointer(e: &Elem, p: *mut c_void, full: bool) -> R<Obj> {
    match e {
        Elem::Pointer => crate::conv::pointer_out(p),
        Elem::Utf8 => crate::conv::utf8_out(p as *const c_char, full),
        Elem::Filename => crate::conv::filename_out(p as *const c_char, full),
        Elem::Object(_) => object_out(p, full),
        Elem::Fundamental(d) => fundamental_out(d, p, full),
        Elem::Record(d) => record_out(d, p, full),
        Elem::RecordInline(d, _) => record_out(d, p, full),
        Elem::ValueInline(_) | Elem::ValuePtr(_) => crate::gvalue::value_out(p as *mut gobject_sys::GValue, full),
        Elem::Error => crate::gerror::error_value_out(p as *mut glib::GError, full),
        Elem::Bool => crate::conv::bool_out((p as isize != 0) as i32),
        Elem::I8 | Elem::I16 | Elem::I32 => crate::conv::i64_out(p as isize as i64),
        Elem::U8 | Elem::U16 | Elem::U32 => crate::conv::u64_out(p as usize as u64),
        // Pointers to the values (see Conv::pointer).
        Elem::I64 | Elem::U64 | Elem::F32 | Elem::F64 => {
            if p.is_null() {
                return crate::conv::i64_out(0);
            }
            let r = match e {
                Elem::I64 => crate::conv::i64_out(*(p as *const i64)),
                Elem::U64 => crate::conv::u64_out(*(p as *const u64)),
                Elem::F32 => crate::conv::f64_out(*(p as *const f32) as f64),
                _ => crate::conv::f64_out(*(p as *const f64)),
            };
            if full {
                glib::g_free(p);
            }
            r
        }
        Elem::Unichar => crate::conv::unichar_out(p as usize as u32),
        Elem::GType => crate::conv::gtype_object(p as usize),
        Elem::Enum(d) => crate::enums::enum_out(d, p as isize as i64),
    }
}

/// What converting one Python element produced: the C value (as pointer-sized bits, or written to
/// a slot), plus anything that must stay alive during the call.
struct Conv<'k> {
    keep: &'k mut Vec<Obj>,
    full: bool,
    info: &'k FnInfo,
    index: usize,
    /// GValues stored by value are unset after the call (transfer none: they stay ours).
    unset_values: bool,
}

impl Conv<'_> {
    fn item_err(&self, i: usize, expected: &str, o: *mut ffi::PyObject) -> Raised {
        // SAFETY: live object.
        let got = unsafe { type_name(o) };
        raise(
            // SAFETY: static exception type.
            unsafe { ffi::PyExc_TypeError },
            format!("{}() argument '{}' item {i} must be {expected}, not {got}", self.info.name, self.info.param(self.index)),
        )
    }

    /// An integer element in [min, max].
    unsafe fn int(&self, i: usize, o: *mut ffi::PyObject, min: i64, max: i64, ctype: &str) -> R<i64> {
        if ffi::PyLong_Check(o) == 0 {
            return Err(self.item_err(i, "int", o));
        }
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(o, &mut overflow);
        if v == -1 && !ffi::PyErr_Occurred().is_null() {
            return Err(Raised);
        }
        if overflow != 0 || v < min || v > max {
            let shown = Obj::from_owned(ffi::PyObject_Repr(o)).ok().and_then(|r| crate::pyutil::str_of(r.as_ptr())).unwrap_or_default();
            ffi::PyErr_Clear();
            return Err(raise(
                ffi::PyExc_OverflowError,
                format!("{}() argument '{}' item {i}: {shown} out of range for {ctype}", self.info.name, self.info.param(self.index)),
            ));
        }
        Ok(v)
    }

    unsafe fn u64(&self, i: usize, o: *mut ffi::PyObject) -> R<u64> {
        if ffi::PyLong_Check(o) == 0 {
            return Err(self.item_err(i, "int", o));
        }
        let v = ffi::PyLong_AsUnsignedLongLong(o);
        if v == u64::MAX && !ffi::PyErr_Occurred().is_null() {
            ffi::PyErr_Clear();
            return Err(raise(
                ffi::PyExc_OverflowError,
                format!("{}() argument '{}' item {i}: out of range for guint64", self.info.name, self.info.param(self.index)),
            ));
        }
        Ok(v)
    }

    unsafe fn f64(&self, i: usize, o: *mut ffi::PyObject) -> R<f64> {
        if ffi::PyFloat_Check(o) == 0 && ffi::PyLong_Check(o) == 0 {
            return Err(self.item_err(i, "float", o));
        }
        let v = ffi::PyFloat_AsDouble(o);
        if v == -1.0 && !ffi::PyErr_Occurred().is_null() {
            return Err(Raised);
        }
        Ok(v)
    }

    /// A pointer-typed element.
    unsafe fn pointer(&mut self, e: &Elem, i: usize, o: *mut ffi::PyObject) -> R<*mut c_void> {
        Ok(match e {
            Elem::Pointer => {
                if o == ffi::Py_None() {
                    null_mut()
                } else {
                    self.u64(i, o)? as usize as *mut c_void
                }
            }
            Elem::Utf8 => {
                if ffi::PyUnicode_Check(o) == 0 {
                    return Err(self.item_err(i, "str", o));
                }
                let mut size = 0;
                let p = ffi::PyUnicode_AsUTF8AndSize(o, &mut size);
                if p.is_null() {
                    return Err(Raised);
                }
                if std::ffi::CStr::from_ptr(p).to_bytes().len() != size as usize {
                    return Err(bad_arg(ffi::PyExc_ValueError, self.info, self.index, &format!("item {i} contains an embedded null character")));
                }
                if self.full {
                    glib::g_strdup(p) as *mut c_void
                } else {
                    // The sequence (kept for the call) keeps the str and its UTF-8 alive.
                    p as *mut c_void
                }
            }
            Elem::Filename => {
                let b = crate::conv::filename_in(self.info, self.index, o, false)?;
                let p = b.ptr();
                let q = glib::g_strdup(p);
                if self.full {
                    q as *mut c_void
                } else {
                    // Freed with the container's other temporaries.
                    self.keep.push(Obj::from_owned(ffi::PyCapsule_New(q as *mut c_void, std::ptr::null(), Some(free_capsule)))?);
                    q as *mut c_void
                }
            }
            Elem::ValuePtr(_) => {
                // A GObject.Value is passed as is, a plain value in a new GValue.
                let v = glib::g_malloc0(std::mem::size_of::<gobject_sys::GValue>()) as *mut gobject_sys::GValue;
                let what = format!("{}() argument '{}' item {i}", self.info.name, self.info.param(self.index));
                if let Err(e) = crate::gvalue::init_from_py(v, o, &what) {
                    gobject_sys::g_boxed_free(gobject_sys::g_value_get_type(), v as *mut c_void);
                    return Err(e);
                }
                if !self.full {
                    self.keep.push(Obj::from_owned(ffi::PyCapsule_New(v as *mut c_void, std::ptr::null(), Some(free_value_capsule)))?);
                }
                v as *mut c_void
            }
            Elem::Object(d) | Elem::Fundamental(d) | Elem::Record(d) => {
                let p = instance_in(self.info, self.index, o, d)?;
                if self.full {
                    crate::types::give(d, p)?
                } else {
                    p
                }
            }
            Elem::Error => return Err(self.item_err(i, "GLib.Error", o)),
            Elem::Bool => (crate::conv::bool_in(o)? as isize) as *mut c_void,
            Elem::I8 => self.int(i, o, i8::MIN as i64, i8::MAX as i64, "gint8")? as isize as *mut c_void,
            Elem::U8 => self.int(i, o, 0, u8::MAX as i64, "guint8")? as isize as *mut c_void,
            Elem::I16 => self.int(i, o, i16::MIN as i64, i16::MAX as i64, "gint16")? as isize as *mut c_void,
            Elem::U16 => self.int(i, o, 0, u16::MAX as i64, "guint16")? as isize as *mut c_void,
            Elem::I32 => self.int(i, o, i32::MIN as i64, i32::MAX as i64, "gint32")? as isize as *mut c_void,
            Elem::U32 | Elem::Unichar => self.int(i, o, 0, u32::MAX as i64, "guint32")? as isize as *mut c_void,
            // 64-bit and floating-point values do not fit a pointer: a pointer to a g_malloc'd
            // value, as GI stores them (freed with the call's temporaries, or by C with transfer full).
            Elem::I64 => {
                let v = self.int(i, o, i64::MIN, i64::MAX, "gint64")?;
                self.heap_number(&v.to_ne_bytes())?
            }
            Elem::U64 => {
                let v = self.u64(i, o)?;
                self.heap_number(&v.to_ne_bytes())?
            }
            Elem::F64 => {
                let v = self.f64(i, o)?;
                self.heap_number(&v.to_ne_bytes())?
            }
            Elem::F32 => {
                let v = self.f64(i, o)?;
                if v.is_finite() && v.abs() > f32::MAX as f64 {
                    return Err(raise(
                        ffi::PyExc_OverflowError,
                        format!("{}() argument '{}' item {i}: out of range for gfloat", self.info.name, self.info.param(self.index)),
                    ));
                }
                self.heap_number(&(v as f32).to_ne_bytes())?
            }
            Elem::GType => crate::conv::gtype_in(self.info, self.index, o)? as *mut c_void,
            Elem::Enum(d) => {
                let v = self.int(i, o, i32::MIN as i64, u32::MAX as i64, "enum")?;
                if !d.flags && !d.has_value(v) {
                    return Err(raise(
                        ffi::PyExc_ValueError,
                        format!("{}() argument '{}' item {i}: {v} is not a valid {}.{}", self.info.name, self.info.param(self.index), d.ns.name, d.name),
                    ));
                }
                v as isize as *mut c_void
            }
            Elem::RecordInline(..) | Elem::ValueInline(_) => {
                return Err(raise(ffi::PyExc_TypeError, "this element type cannot be stored as a pointer".into()))
            }
        })
    }

    /// A g_malloc'd copy of a number, for containers of pointers.
    unsafe fn heap_number(&mut self, bytes: &[u8]) -> R<*mut c_void> {
        let p = crate::types::memdup(bytes.as_ptr() as *const c_void, bytes.len());
        if !self.full {
            self.keep.push(Obj::from_owned(ffi::PyCapsule_New(p, std::ptr::null(), Some(free_capsule)))?);
        }
        Ok(p)
    }

    /// Writes one element into a C array slot.
    unsafe fn write_slot(&mut self, e: &Elem, i: usize, o: *mut ffi::PyObject, slot: *mut u8) -> R<()> {
        match e {
            Elem::Bool => *(slot as *mut i32) = crate::conv::bool_in(o)?,
            Elem::I8 => *(slot as *mut i8) = self.int(i, o, i8::MIN as i64, i8::MAX as i64, "gint8")? as i8,
            Elem::U8 => *slot = self.int(i, o, 0, u8::MAX as i64, "guint8")? as u8,
            Elem::I16 => *(slot as *mut i16) = self.int(i, o, i16::MIN as i64, i16::MAX as i64, "gint16")? as i16,
            Elem::U16 => *(slot as *mut u16) = self.int(i, o, 0, u16::MAX as i64, "guint16")? as u16,
            Elem::I32 => *(slot as *mut i32) = self.int(i, o, i32::MIN as i64, i32::MAX as i64, "gint32")? as i32,
            Elem::U32 => *(slot as *mut u32) = self.int(i, o, 0, u32::MAX as i64, "guint32")? as u32,
            Elem::I64 => *(slot as *mut i64) = self.int(i, o, i64::MIN, i64::MAX, "gint64")?,
            Elem::U64 => *(slot as *mut u64) = self.u64(i, o)?,
            Elem::GType => {
                let g = crate::conv::gtype_in(self.info, self.index, o)?;
                *(slot as *mut usize) = g;
            }
            Elem::F32 => *(slot as *mut f32) = self.f64(i, o)? as f32,
            Elem::F64 => *(slot as *mut f64) = self.f64(i, o)?,
            Elem::Unichar => *(slot as *mut u32) = crate::conv::unichar_in(self.info, self.index, o)?,
            Elem::Enum(_) => *(slot as *mut i32) = self.pointer(e, i, o)? as isize as i32,
            Elem::RecordInline(d, size) => {
                let p = instance_in(self.info, self.index, o, d)?;
                std::ptr::copy_nonoverlapping(p as *const u8, slot, *size);
                if self.full && matches!(d.memory, crate::types::Memory::Boxed) {
                    // The C side frees the copies' contents; give it its own by copying deeply.
                    let copy = crate::types::give(d, p)?;
                    std::ptr::copy_nonoverlapping(copy as *const u8, slot, *size);
                    glib::g_free(copy);
                }
            }
            Elem::ValueInline(_) => {
                // The slot may be uninitialised memory (stack scratch): a GValue starts zeroed.
                let v = slot as *mut gobject_sys::GValue;
                std::ptr::write_bytes(v, 0, 1);
                let what = format!("{}() argument '{}' item {i}", self.info.name, self.info.param(self.index));
                crate::gvalue::init_from_py(v, o, &what)?;
                if self.unset_values {
                    // Unset after the call (strings, objects the value holds).
                    self.keep.push(Obj::from_owned(ffi::PyCapsule_New(v as *mut c_void, std::ptr::null(), Some(unset_capsule)))?);
                }
            }
            _ => *(slot as *mut *mut c_void) = self.pointer(e, i, o)?,
        }
        Ok(())
    }
}

/// Frees an element stored as a pointer that a transfer-full conversion made (a string copy, a
/// reference, a record copy), when a later element fails and the container never reaches C.
///
/// # Safety
/// `p` is NULL or such an element of type `e`.
unsafe fn free_owned(e: &Elem, p: *mut c_void) {
    if p.is_null() {
        return;
    }
    match e {
        Elem::Utf8 | Elem::Filename | Elem::I64 | Elem::U64 | Elem::F32 | Elem::F64 => glib::g_free(p),
        Elem::Object(d) | Elem::Fundamental(d) | Elem::Record(d) => crate::types::drop_given(d, p),
        Elem::ValuePtr(_) => gobject_sys::g_boxed_free(gobject_sys::g_value_get_type(), p),
        _ => {}
    }
}

/// Does a transfer-full element of this type own memory (see [`free_owned`])?
fn owns_memory(e: &Elem) -> bool {
    matches!(
        e,
        Elem::Utf8 | Elem::Filename | Elem::I64 | Elem::U64 | Elem::F32 | Elem::F64 | Elem::Object(_) | Elem::Fundamental(_) | Elem::Record(_) | Elem::ValuePtr(_)
    )
}

unsafe extern "C" fn unset_capsule(cap: *mut ffi::PyObject) {
    let p = ffi::PyCapsule_GetPointer(cap, std::ptr::null()) as *mut gobject_sys::GValue;
    if !p.is_null() && (*p).g_type != 0 {
        gobject_sys::g_value_unset(p);
    }
}

unsafe extern "C" fn free_value_capsule(cap: *mut ffi::PyObject) {
    let p = ffi::PyCapsule_GetPointer(cap, std::ptr::null());
    gobject_sys::g_boxed_free(gobject_sys::g_value_get_type(), p);
}

unsafe extern "C" fn free_capsule(cap: *mut ffi::PyObject) {
    let p = ffi::PyCapsule_GetPointer(cap, std::ptr::null());
    glib::g_free(p);
}

/// A Python sequence as a `PySequence_Fast` (list or tuple).
unsafe fn fast_seq(info: &FnInfo, index: usize, o: *mut ffi::PyObject, what: &str) -> R<Obj> {
    if ffi::PyUnicode_Check(o) != 0 || ffi::PyDict_Check(o) != 0 || ffi::PySequence_Check(o) == 0 {
        return Err(wrong_type(info, index, what, o));
    }
    Obj::from_owned(ffi::PySequence_Fast(o, c"expected a sequence".as_ptr()))
}

unsafe fn seq_items(seq: &Obj) -> &[*mut ffi::PyObject] {
    let n = ffi::PySequence_Fast_GET_SIZE(seq.as_ptr()) as usize;
    if n == 0 {
        return &[];
    }
    std::slice::from_raw_parts(ffi::PySequence_Fast_ITEMS(seq.as_ptr()), n)
}

// --- arrays --------------------------------------------------------------------------------------

/// Bytes of a transfer-none C array kept on the caller's stack (no allocation for small arrays).
const INLINE: usize = 128;

/// Stack storage for a small transfer-none C array argument, declared by the wrapper next to it.
pub struct Scratch(std::mem::MaybeUninit<[u64; INLINE / 8]>);

impl Scratch {
    #[inline(always)]
    pub fn new() -> Scratch {
        Scratch(std::mem::MaybeUninit::uninit())
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

/// An array argument: the C container, its length, and the Python objects it borrows from.
pub struct ArrayArg<'s> {
    /// The data pointer (C arrays) or the container (GArray & co).
    ptr: *mut c_void,
    /// `ptr` was allocated here (and is freed on drop unless given).
    owned: bool,
    len: usize,
    kind: ArrayKind,
    _seq: Option<Obj>,
    _keep: Vec<Obj>,
    _scratch: std::marker::PhantomData<&'s mut Scratch>,
}

impl ArrayArg<'_> {
    fn empty(kind: ArrayKind) -> Self {
        ArrayArg { ptr: null_mut(), owned: false, len: 0, kind, _seq: None, _keep: Vec::new(), _scratch: std::marker::PhantomData }
    }
    #[inline(always)]
    pub fn ptr(&self) -> *mut c_void {
        self.ptr
    }
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Ownership of the container passes to C (transfer container/full).
    #[inline(always)]
    pub fn give(mut self) -> Self {
        self.owned = false;
        self
    }
}

impl Drop for ArrayArg<'_> {
    #[inline]
    fn drop(&mut self) {
        // First what refers into the container (GValues it holds are unset).
        self._keep.clear();
        if self.owned && !self.ptr.is_null() {
            // SAFETY: the container was allocated below with the matching allocator.
            unsafe { free_container(self.ptr, self.kind) }
        }
    }
}

unsafe fn free_container(p: *mut c_void, kind: ArrayKind) {
    match kind {
        ArrayKind::C => glib::g_free(p),
        ArrayKind::GArray => {
            glib::g_array_unref(p as *mut glib::GArray);
        }
        ArrayKind::PtrArray => glib::g_ptr_array_unref(p as *mut glib::GPtrArray),
        ArrayKind::ByteArray => glib::g_byte_array_unref(p as *mut glib::GByteArray),
    }
}

/// Frees a half-built container when an element fails to convert.
struct Building(*mut c_void, ArrayKind);

impl Drop for Building {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: allocated by array_in with the matching allocator.
            unsafe { free_container(self.0, self.1) }
        }
    }
}

impl Building {
    fn done(mut self) -> *mut c_void {
        std::mem::replace(&mut self.0, null_mut())
    }
}

/// Reads a struct field (a copy: strings, structs by value, boxed pointers are copied).
///
/// # Safety
/// `slot` points to a field of type `e`.
pub unsafe fn read_field(e: &Elem, slot: *const u8) -> R<Obj> {
    read_slot(e, slot, false)
}

/// Writes a struct field. Strings are duplicated and objects referenced (the struct keeps them; the
/// previous value is not freed, as the struct's owner may share it).
///
/// # Safety
/// `slot` points to a field of type `e`.
pub unsafe fn write_field(e: &Elem, info: &FnInfo, value: *mut ffi::PyObject, slot: *mut u8) -> R<()> {
    let mut keep = Vec::new();
    let mut conv = Conv { keep: &mut keep, full: true, info, index: 0, unset_values: false };
    conv.write_slot(e, 0, value, slot)
}

/// Integer C types filled by the fast path.
trait IntSlot: Copy {
    const MIN: i64;
    const MAX: i64;
    fn from_i64(v: i64) -> Self;
}

macro_rules! int_slot {
    ($($t:ty),*) => {$(
        impl IntSlot for $t {
            const MIN: i64 = <$t>::MIN as i64;
            const MAX: i64 = <$t>::MAX as i64;
            #[inline(always)]
            fn from_i64(v: i64) -> Self { v as $t }
        }
    )*};
}
int_slot!(i8, u8, i16, u16, i32, u32, i64);

/// Fills integer slots: exact ints in range inline, everything else (and errors) per element.
#[inline(always)]
unsafe fn fill_ints<T: IntSlot>(conv: &mut Conv, e: &Elem, items: &[*mut ffi::PyObject], buf: *mut u8) -> R<()> {
    let out = buf as *mut T;
    for (i, &item) in items.iter().enumerate() {
        if ffi::PyLong_CheckExact(item) != 0 {
            let mut overflow = 0;
            let v = ffi::PyLong_AsLongLongAndOverflow(item, &mut overflow);
            if overflow == 0 && v >= T::MIN && v <= T::MAX {
                *out.add(i) = T::from_i64(v);
                continue;
            }
        }
        conv.write_slot(e, i, item, out.add(i) as *mut u8)?;
    }
    Ok(())
}

/// Converts each item into a C array slot.
#[inline]
unsafe fn fill_slots(conv: &mut Conv, e: &Elem, items: &[*mut ffi::PyObject], buf: *mut u8) -> R<()> {
    match e {
        Elem::I8 => fill_ints::<i8>(conv, e, items, buf),
        Elem::U8 => fill_ints::<u8>(conv, e, items, buf),
        Elem::I16 => fill_ints::<i16>(conv, e, items, buf),
        Elem::U16 => fill_ints::<u16>(conv, e, items, buf),
        Elem::I32 => fill_ints::<i32>(conv, e, items, buf),
        Elem::U32 => fill_ints::<u32>(conv, e, items, buf),
        Elem::I64 => fill_ints::<i64>(conv, e, items, buf),
        _ => {
            let esize = e.size();
            for (i, &item) in items.iter().enumerate() {
                conv.write_slot(e, i, item, buf.add(i * esize))?;
            }
            Ok(())
        }
    }
}

/// Converts a sequence (or bytes for guint8 elements) into a C array / GArray / GPtrArray /
/// GByteArray. `fixed`: a fixed size the sequence must have (0: any).
///
/// # Safety
/// `o` is a live object.
#[allow(clippy::too_many_arguments)]
pub unsafe fn array_in<'s>(
    info: &FnInfo,
    index: usize,
    o: *mut ffi::PyObject,
    e: &Elem,
    kind: ArrayKind,
    zero_terminated: bool,
    fixed: usize,
    transfer: Transfer,
    nullable: bool,
    scratch: &'s mut Scratch,
) -> R<ArrayArg<'s>> {
    let mut out = ArrayArg::empty(kind);
    if nullable && o == ffi::Py_None() {
        return Ok(out);
    }
    let full = transfer == Transfer::Full;
    // Bytes-like input for byte arrays.
    if matches!(e, Elem::U8 | Elem::I8) && (ffi::PyBytes_Check(o) != 0 || ffi::PyByteArray_Check(o) != 0) {
        let (data, n) = if ffi::PyBytes_Check(o) != 0 {
            (ffi::PyBytes_AsString(o) as *const u8, ffi::PyBytes_Size(o) as usize)
        } else {
            (ffi::PyByteArray_AsString(o) as *const u8, ffi::PyByteArray_Size(o) as usize)
        };
        if fixed > 0 && n != fixed {
            return Err(bad_arg(ffi::PyExc_ValueError, info, index, &format!("must have {fixed} items, not {n}")));
        }
        out.owned = true;
        out.ptr = match kind {
            ArrayKind::ByteArray => {
                let a = glib::g_byte_array_sized_new(n as u32);
                glib::g_byte_array_append(a, data, n as u32);
                a as *mut c_void
            }
            ArrayKind::GArray => {
                let a = glib::g_array_sized_new(zero_terminated as i32, 1, 1, n as u32);
                glib::g_array_append_vals(a, data as *const c_void, n as u32);
                a as *mut c_void
            }
            _ => {
                let p = glib::g_malloc0(n + 1) as *mut u8;
                std::ptr::copy_nonoverlapping(data, p, n);
                p as *mut c_void
            }
        };
        out.len = n;
        return Ok(out);
    }
    let seq = fast_seq(info, index, o, "a sequence")?;
    let items = seq_items(&seq);
    let n = items.len();
    if fixed > 0 && n != fixed {
        return Err(bad_arg(ffi::PyExc_ValueError, info, index, &format!("must have {fixed} items, not {n}")));
    }
    let mut keep = Vec::new();
    let mut conv = Conv { keep: &mut keep, full, info, index, unset_values: transfer == Transfer::None };
    let esize = e.size();
    out.owned = true;
    match kind {
        ArrayKind::C => {
            let total = (n + usize::from(zero_terminated)) * esize;
            if transfer == Transfer::None && total <= INLINE {
                let buf = scratch.0.as_mut_ptr() as *mut u8;
                fill_slots(&mut conv, e, items, buf)?;
                if zero_terminated {
                    std::ptr::write_bytes(buf.add(n * esize), 0, esize);
                }
                out.ptr = buf as *mut c_void;
                out.owned = false;
            } else {
                let buf = glib::g_malloc0(total.max(1)) as *mut u8;
                let building = Building(buf as *mut c_void, kind);
                if let Err(x) = fill_slots(&mut conv, e, items, buf) {
                    // The zeroed slots not reached yet hold NULL.
                    keep.clear();
                    free_slots(e, full, buf, n);
                    return Err(x);
                }
                out.ptr = building.done();
            }
        }
        ArrayKind::GArray => {
            let a = glib::g_array_sized_new(zero_terminated as i32, 1, esize as u32, n as u32);
            let building = Building(a as *mut c_void, kind);
            glib::g_array_set_size(a, n as u32);
            if let Err(x) = fill_slots(&mut conv, e, items, (*a).data as *mut u8) {
                keep.clear();
                free_slots(e, full, (*a).data as *mut u8, n);
                return Err(x);
            }
            out.ptr = building.done();
        }
        ArrayKind::PtrArray => {
            let a = glib::g_ptr_array_sized_new(n as u32);
            let building = Building(a as *mut c_void, kind);
            for (i, &item) in items.iter().enumerate() {
                match conv.pointer(e, i, item) {
                    Ok(p) => glib::g_ptr_array_add(a, p),
                    Err(x) => {
                        keep.clear();
                        if full {
                            free_slots(e, full, (*a).pdata as *mut u8, (*a).len as usize);
                        }
                        return Err(x);
                    }
                }
            }
            out.ptr = building.done();
        }
        ArrayKind::ByteArray => {
            let a = glib::g_byte_array_sized_new(n as u32);
            let building = Building(a as *mut c_void, kind);
            for (i, &item) in items.iter().enumerate() {
                let v = conv.int(i, item, 0, 255, "guint8")? as u8;
                glib::g_byte_array_append(a, &v, 1);
            }
            out.ptr = building.done();
        }
    }
    out.len = n;
    out._seq = Some(seq);
    out._keep = keep;
    Ok(out)
}

/// Frees the elements a failed transfer-full conversion stored in `n` pointer slots.
unsafe fn free_slots(e: &Elem, full: bool, buf: *mut u8, n: usize) {
    if !full || !owns_memory(e) {
        return;
    }
    let slots = buf as *mut *mut c_void;
    for i in 0..n {
        free_owned(e, *slots.add(i));
    }
}

/// An empty GArray/GPtrArray/GByteArray for a caller-allocated out parameter (C fills it;
/// [`array_out`] with transfer container or full frees it).
pub fn caller_array(e: &Elem, kind: ArrayKind, zero_terminated: bool) -> *mut c_void {
    // SAFETY: plain constructors.
    unsafe {
        match kind {
            ArrayKind::GArray => glib::g_array_new(zero_terminated as i32, 1, e.size() as u32) as *mut c_void,
            ArrayKind::PtrArray => glib::g_ptr_array_new() as *mut c_void,
            ArrayKind::ByteArray => glib::g_byte_array_new() as *mut c_void,
            ArrayKind::C => null_mut(),
        }
    }
}

/// Converts an array result. `len` < 0: zero-terminated (C) or the container's own length.
///
/// # Safety
/// `p` is NULL or a valid array of `e` as described.
pub unsafe fn array_out(p: *mut c_void, len: i64, e: &Elem, kind: ArrayKind, transfer: Transfer) -> R<Obj> {
    if p.is_null() {
        return match kind {
            ArrayKind::C if matches!(e, Elem::U8) && len >= 0 => Obj::from_owned(ffi::PyBytes_FromStringAndSize(std::ptr::null(), 0)),
            ArrayKind::C if len > 0 => Ok(Obj::none()),
            ArrayKind::C => {
                if matches!(e, Elem::U8) {
                    Obj::from_owned(ffi::PyBytes_FromStringAndSize(std::ptr::null(), 0))
                } else {
                    crate::pyutil::list(Vec::new())
                }
            }
            _ => Ok(Obj::none()),
        };
    }
    let full = transfer == Transfer::Full;
    let free_container = transfer != Transfer::None;
    match kind {
        ArrayKind::C => {
            let esize = e.size();
            let n = if len >= 0 { len as usize } else { zero_terminated_len(p as *const u8, esize) };
            let r = if matches!(e, Elem::U8) {
                Obj::from_owned(ffi::PyBytes_FromStringAndSize(p as *const c_char, n as ffi::Py_ssize_t))
            } else {
                let mut items = Vec::with_capacity(n);
                let mut err = None;
                for i in 0..n {
                    match read_slot(e, (p as *const u8).add(i * esize), full) {
                        Ok(o) => items.push(o),
                        Err(x) => {
                            err = Some(x);
                            break;
                        }
                    }
                }
                match err {
                    Some(x) => Err(x),
                    None => crate::pyutil::list(items),
                }
            };
            if free_container {
                glib::g_free(p);
            }
            r
        }
        ArrayKind::GArray => {
            let a = p as *mut glib::GArray;
            let n = (*a).len as usize;
            let esize = glib::g_array_get_element_size(a) as usize;
            let data = (*a).data as *const u8;
            let r = if matches!(e, Elem::U8) {
                Obj::from_owned(ffi::PyBytes_FromStringAndSize(data as *const c_char, n as ffi::Py_ssize_t))
            } else {
                let mut items = Vec::with_capacity(n);
                for i in 0..n {
                    items.push(read_slot(e, data.add(i * esize), full)?);
                }
                crate::pyutil::list(items)
            };
            if free_container {
                glib::g_array_unref(a);
            }
            r
        }
        ArrayKind::PtrArray => {
            let a = p as *mut glib::GPtrArray;
            let n = (*a).len as usize;
            let mut items = Vec::with_capacity(n);
            for i in 0..n {
                items.push(read_pointer(e, *(*a).pdata.add(i), full)?);
            }
            if free_container {
                if full {
                    // The elements are Python's now; do not let the array free them too.
                    glib::g_ptr_array_set_free_func(a, None);
                }
                glib::g_ptr_array_unref(a);
            }
            crate::pyutil::list(items)
        }
        ArrayKind::ByteArray => {
            let a = p as *mut glib::GByteArray;
            let r = Obj::from_owned(ffi::PyBytes_FromStringAndSize((*a).data as *const c_char, (*a).len as ffi::Py_ssize_t));
            if free_container {
                glib::g_byte_array_unref(a);
            }
            r
        }
    }
}

unsafe fn zero_terminated_len(p: *const u8, esize: usize) -> usize {
    let mut n = 0;
    loop {
        let slot = std::slice::from_raw_parts(p.add(n * esize), esize);
        if slot.iter().all(|b| *b == 0) {
            return n;
        }
        n += 1;
    }
}

// --- lists -----------------------------------------------------------------------------------------

/// A GList/GSList argument.
pub struct ListArg {
    ptr: *mut c_void,
    single: bool,
    given: bool,
    _keep: Vec<Obj>,
}

impl ListArg {
    #[inline]
    pub fn ptr(&self) -> *mut c_void {
        self.ptr
    }
    pub fn give(mut self) -> ListArg {
        self.given = true;
        self
    }
}

impl Drop for ListArg {
    fn drop(&mut self) {
        if self.given || self.ptr.is_null() {
            return;
        }
        // SAFETY: built below.
        unsafe {
            if self.single {
                glib::g_slist_free(self.ptr as *mut glib::GSList);
            } else {
                glib::g_list_free(self.ptr as *mut glib::GList);
            }
        }
    }
}

/// # Safety
/// `o` is a live object.
#[allow(clippy::too_many_arguments)]
pub unsafe fn list_in(
    info: &FnInfo,
    index: usize,
    o: *mut ffi::PyObject,
    single: bool,
    e: &Elem,
    transfer: Transfer,
    nullable: bool,
) -> R<ListArg> {
    let mut keep = Vec::new();
    if nullable && o == ffi::Py_None() {
        return Ok(ListArg { ptr: null_mut(), single, given: false, _keep: keep });
    }
    let seq = fast_seq(info, index, o, "a sequence")?;
    let items = seq_items(&seq);
    let mut conv = Conv { keep: &mut keep, full: transfer == Transfer::Full, info, index, unset_values: false };
    let mut out = ListArg { ptr: null_mut(), single, given: false, _keep: Vec::new() };
    let full = transfer == Transfer::Full;
    for (i, &item) in items.iter().enumerate().rev() {
        let p = match conv.pointer(e, i, item) {
            Ok(p) => p,
            Err(x) => {
                if full && owns_memory(e) {
                    // The elements converted so far never reach C (the list itself is freed on drop).
                    let mut node = out.ptr;
                    while !node.is_null() {
                        let (data, next) = list_node(node, single);
                        free_owned(e, data);
                        node = next;
                    }
                }
                return Err(x);
            }
        };
        out.ptr = if single {
            glib::g_slist_prepend(out.ptr as *mut glib::GSList, p) as *mut c_void
        } else {
            glib::g_list_prepend(out.ptr as *mut glib::GList, p) as *mut c_void
        };
    }
    keep.push(seq);
    out._keep = keep;
    Ok(out)
}

/// The data and the next node of a GSList (`single`) or GList node.
unsafe fn list_node(node: *mut c_void, single: bool) -> (*mut c_void, *mut c_void) {
    if single {
        let n = node as *mut glib::GSList;
        ((*n).data, (*n).next as *mut c_void)
    } else {
        let n = node as *mut glib::GList;
        ((*n).data, (*n).next as *mut c_void)
    }
}

/// # Safety
/// `p` is NULL or a valid list of `e`.
pub unsafe fn list_out(p: *mut c_void, single: bool, e: &Elem, transfer: Transfer) -> R<Obj> {
    let full = transfer == Transfer::Full;
    let mut items = Vec::new();
    let mut node = p;
    let mut err = None;
    while !node.is_null() {
        let (data, next) = list_node(node, single);
        if err.is_none() {
            match read_pointer(e, data, full) {
                Ok(o) => items.push(o),
                Err(x) => err = Some(x),
            }
        }
        node = next;
    }
    if transfer != Transfer::None && !p.is_null() {
        if single {
            glib::g_slist_free(p as *mut glib::GSList);
        } else {
            glib::g_list_free(p as *mut glib::GList);
        }
    }
    match err {
        Some(x) => Err(x),
        None => crate::pyutil::list(items),
    }
}

// --- hash tables -------------------------------------------------------------------------------------

pub struct HashArg {
    ptr: *mut glib::GHashTable,
    given: bool,
    _keep: Vec<Obj>,
}

impl HashArg {
    #[inline]
    pub fn ptr(&self) -> *mut c_void {
        self.ptr as *mut c_void
    }
    pub fn give(mut self) -> HashArg {
        self.given = true;
        self
    }
}

impl Drop for HashArg {
    fn drop(&mut self) {
        if !self.given && !self.ptr.is_null() {
            // SAFETY: created below.
            unsafe { glib::g_hash_table_unref(self.ptr) };
        }
    }
}

fn destroy_for(e: &Elem, full: bool) -> glib::GDestroyNotify {
    if !full {
        return None;
    }
    match e {
        Elem::Utf8 | Elem::Filename | Elem::I64 | Elem::U64 | Elem::F32 | Elem::F64 => Some(glib::g_free),
        Elem::Object(_) => Some(gobject_sys::g_object_unref as unsafe extern "C" fn(*mut gobject_sys::GObject) as _)
            .map(|f: unsafe extern "C" fn(*mut gobject_sys::GObject)| {
                // SAFETY: same ABI (one pointer argument).
                unsafe { std::mem::transmute::<unsafe extern "C" fn(*mut gobject_sys::GObject), unsafe extern "C" fn(glib::gpointer)>(f) }
            }),
        _ => None,
    }
}

/// # Safety
/// `o` is a live object.
#[allow(clippy::too_many_arguments)]
pub unsafe fn hash_in(
    info: &FnInfo,
    index: usize,
    o: *mut ffi::PyObject,
    k: &Elem,
    v: &Elem,
    transfer: Transfer,
    nullable: bool,
) -> R<HashArg> {
    let mut keep = Vec::new();
    if nullable && o == ffi::Py_None() {
        return Ok(HashArg { ptr: null_mut(), given: false, _keep: keep });
    }
    if ffi::PyDict_Check(o) == 0 {
        return Err(wrong_type(info, index, "dict", o));
    }
    let full = transfer == Transfer::Full;
    let (hash, equal): (glib::GHashFunc, glib::GEqualFunc) = match k {
        Elem::Utf8 | Elem::Filename => (Some(glib::g_str_hash), Some(glib::g_str_equal)),
        Elem::I64 | Elem::U64 => (Some(glib::g_int64_hash), Some(glib::g_int64_equal)),
        Elem::F32 | Elem::F64 => (Some(glib::g_double_hash), Some(glib::g_double_equal)),
        _ => (Some(glib::g_direct_hash), Some(glib::g_direct_equal)),
    };
    let table = glib::g_hash_table_new_full(hash, equal, destroy_for(k, full), destroy_for(v, full));
    let mut out = HashArg { ptr: table, given: false, _keep: Vec::new() };
    let mut conv = Conv { keep: &mut keep, full, info, index, unset_values: false };
    let mut pos = 0;
    let mut key = null_mut();
    let mut value = null_mut();
    let mut i = 0;
    while ffi::PyDict_Next(o, &mut pos, &mut key, &mut value) != 0 {
        let kp = conv.pointer(k, i, key)?;
        let vp = match conv.pointer(v, i, value) {
            Ok(vp) => vp,
            Err(x) => {
                // The key is not in the table yet: its destroy function will not free it.
                if full {
                    free_owned(k, kp);
                }
                return Err(x);
            }
        };
        glib::g_hash_table_insert(table, kp, vp);
        i += 1;
    }
    keep.push(Obj::from_borrowed(o));
    out._keep = keep;
    Ok(out)
}

/// # Safety
/// `p` is NULL or a valid GHashTable of `k` → `v`.
pub unsafe fn hash_out(p: *mut c_void, k: &Elem, v: &Elem, transfer: Transfer) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    let table = p as *mut glib::GHashTable;
    let d = Obj::from_owned(ffi::PyDict_New())?;
    let mut iter: glib::GHashTableIter = std::mem::zeroed();
    glib::g_hash_table_iter_init(&mut iter, table);
    let mut kp = null_mut();
    let mut vp = null_mut();
    let mut result = Ok(());
    while glib::g_hash_table_iter_next(&mut iter, &mut kp, &mut vp) != 0 {
        // The table keeps owning its elements (its destroy functions free them).
        let r = (|| -> R<()> {
            let ko = read_pointer(k, kp, false)?;
            let vo = read_pointer(v, vp, false)?;
            if ffi::PyDict_SetItem(d.as_ptr(), ko.as_ptr(), vo.as_ptr()) < 0 {
                return Err(Raised);
            }
            Ok(())
        })();
        if r.is_err() {
            result = r;
            break;
        }
    }
    if transfer != Transfer::None {
        glib::g_hash_table_unref(table);
    }
    result.map(|_| d)
}

// --- strv ------------------------------------------------------------------------------------------

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
    let mut strings = Vec::new();
    for (i, &item) in seq_items(&seq).iter().enumerate() {
        let s = crate::pyutil::str_of(item)
            .ok_or_else(|| raise(ffi::PyExc_TypeError, format!("{what} item {i} must be str, not {}", type_name(item))))?;
        strings.push(CString::new(s).map_err(|_| raise(ffi::PyExc_ValueError, format!("{what} item {i}: embedded null character")))?);
    }
    let out = glib::g_malloc0_n(strings.len() + 1, std::mem::size_of::<*mut c_char>()) as *mut *mut c_char;
    for (i, s) in strings.iter().enumerate() {
        *out.add(i) = glib::g_strdup(s.as_ptr());
    }
    Ok(out)
}
