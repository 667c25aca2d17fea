//! Classes, interfaces, records and unions: static descriptors emitted by the generator, the
//! Python classes built from them on first use, the instance layout every wrapper shares, and the
//! GType → class registry that picks the most derived known class of a returned object.

use crate::call::{Raised, R};
use crate::ffi;
use crate::module::{package, NsDesc};
use crate::pyutil::{new_str, raise, GilCell, Obj};
use crate::sym::Sym;
use gobject_sys as gobject;
use std::collections::HashMap;
use std::ffi::{c_int, c_void, CStr};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

pub type GType = usize;

/// What kind of type a descriptor describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Interface,
    Record,
    Union,
    /// A non-GObject instantiatable fundamental (GParamSpec and its subclasses, …).
    Fundamental,
}

/// How instances are copied and released (the IR's `Memory`, with symbols resolved lazily).
pub enum Memory {
    Object,
    Fundamental { ref_: &'static Sym, unref: &'static Sym, ref_sink: Option<&'static Sym> },
    Boxed,
    CopyFree { copy: &'static Sym, free: &'static Sym },
    RefCounted { ref_: &'static Sym, unref: &'static Sym },
    /// Plain struct, released with g_free; copied with the type's `size` (when 0, the layout is
    /// unknown and transfer-none pointers are borrowed).
    Struct,
    Borrowed,
    Interface,
}

/// A `PyMethodDef` that can live in a `static`.
#[repr(transparent)]
pub struct MethodDef(pub ffi::PyMethodDef);

// SAFETY: the definition is immutable after construction; CPython only reads it.
unsafe impl Sync for MethodDef {}

pub type Wrapper = unsafe extern "C" fn(
    *mut ffi::PyObject,
    *const *mut ffi::PyObject,
    ffi::Py_ssize_t,
    *mut ffi::PyObject,
) -> *mut ffi::PyObject;

impl MethodDef {
    pub const fn new(name: &'static CStr, f: Wrapper) -> MethodDef {
        MethodDef(ffi::PyMethodDef {
            ml_name: name.as_ptr(),
            ml_meth: ffi::PyMethodDefPointer { PyCFunctionFastWithKeywords: f },
            ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
            ml_doc: std::ptr::null(),
        })
    }
    pub fn as_mut_ptr(&'static self) -> *mut ffi::PyMethodDef {
        // CPython takes `PyMethodDef *` but never writes through it.
        &self.0 as *const ffi::PyMethodDef as *mut ffi::PyMethodDef
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// A generated method that checks `self` itself (`types::self_in`, so that a wrong `self`
    /// is a TypeError naming the parameter): a method descriptor that takes any object.
    Checked,
    /// Bound to an instance (`obj.m()`), a method descriptor.
    Instance,
    /// `Type.f()`, a static method.
    Static,
    /// `Type.new()`, a class method (constructors).
    Class,
}

pub struct Method {
    pub def: MethodDef,
    pub kind: MethodKind,
}

/// Per-type state filled in at run time.
pub struct TypeState {
    class: AtomicPtr<ffi::PyObject>,
    gtype: AtomicUsize,
}

impl TypeState {
    pub const fn new() -> TypeState {
        TypeState { class: AtomicPtr::new(null_mut()), gtype: AtomicUsize::new(0) }
    }
}

impl Default for TypeState {
    fn default() -> Self {
        Self::new()
    }
}

/// A class, interface, record or union of a namespace.
pub struct TypeDesc {
    pub ns: &'static NsDesc,
    /// The Python name.
    pub name: &'static str,
    pub kind: Kind,
    /// `glib:type-name`, for the GType → class registry.
    pub gtype_name: Option<&'static str>,
    pub get_type: Option<&'static Sym>,
    pub parent: Option<&'static TypeDesc>,
    pub interfaces: &'static [&'static TypeDesc],
    pub memory: Memory,
    /// `sizeof` the C struct, when known (0 otherwise).
    pub size: usize,
    pub methods: &'static [Method],
    /// Runtime-provided methods added after the generated ones (GObject.Object's connect, …).
    pub extra_methods: &'static [Method],
    /// Read-only/read-write properties and field accessors (get/set descriptors).
    pub getsets: &'static [crate::fields::GetSet],
    /// Properties whose GIR type says more than their GType (containers), by GObject name.
    pub props: &'static [crate::gvalue::PropDesc],
    pub state: TypeState,
}

impl TypeDesc {
    /// The GType (0 for unregistered types).
    pub fn gtype(&self) -> R<GType> {
        let t = self.state.gtype.load(Ordering::Relaxed);
        if t != 0 {
            return Ok(t);
        }
        let t = match self.get_type {
            Some(s) => s.call_get_type()?,
            None => 0,
        };
        self.state.gtype.store(t, Ordering::Relaxed);
        Ok(t)
    }

    /// The Python class (built on first use; a borrowed reference kept for the process).
    #[inline]
    pub fn class(&'static self) -> R<*mut ffi::PyObject> {
        let c = self.state.class.load(Ordering::Acquire);
        if !c.is_null() {
            return Ok(c);
        }
        build_class(self)
    }

    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.ns.name, self.name)
    }
}

/// The memory layout of every wrapper: the C pointer, how to release it, then Python's
/// per-instance dict and weak reference list.
#[repr(C)]
pub struct Instance {
    pub ob_base: ffi::PyObject,
    pub ptr: *mut c_void,
    pub release: Release,
    /// For `Release::Boxed`, the GType; for `Release::Call`, the `&'static Sym` to call.
    pub aux: usize,
    pub dict: *mut ffi::PyObject,
    pub weaklist: *mut ffi::PyObject,
}

/// What the wrapper does with its pointer when it dies.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// Borrowed: nothing.
    Nothing = 0,
    /// g_object_unref, after leaving the identity map.
    Object = 1,
    /// g_boxed_free(aux, ptr).
    Boxed = 2,
    /// A free/unref function (aux is a `&'static Sym`).
    Call = 3,
    /// g_free.
    GFree = 4,
    /// Borrowed memory inside another wrapper (a struct field held by value): aux is a strong
    /// reference to that wrapper, which keeps the memory alive.
    Parent = 5,
    /// A Python-allocated GValue: g_value_unset (when initialised), then g_free.
    Value = 6,
}

static BASE: AtomicPtr<ffi::PyTypeObject> = AtomicPtr::new(null_mut());

/// The runtime's base class of every wrapper class.
pub fn base_type() -> R<*mut ffi::PyTypeObject> {
    let b = BASE.load(Ordering::Acquire);
    if !b.is_null() {
        return Ok(b);
    }
    static mut MEMBERS: [ffi::PyMemberDef; 3] = [
        ffi::PyMemberDef {
            name: c"__dictoffset__".as_ptr(),
            type_code: ffi::Py_T_PYSSIZET,
            offset: std::mem::offset_of!(Instance, dict) as ffi::Py_ssize_t,
            flags: ffi::Py_READONLY,
            doc: std::ptr::null(),
        },
        ffi::PyMemberDef {
            name: c"__weaklistoffset__".as_ptr(),
            type_code: ffi::Py_T_PYSSIZET,
            offset: std::mem::offset_of!(Instance, weaklist) as ffi::Py_ssize_t,
            flags: ffi::Py_READONLY,
            doc: std::ptr::null(),
        },
        ffi::PyMemberDef { name: std::ptr::null(), type_code: 0, offset: 0, flags: 0, doc: std::ptr::null() },
    ];
    static mut GETSET: [ffi::PyGetSetDef; 3] = [
        ffi::PyGetSetDef {
            name: c"_ptr".as_ptr(),
            get: Some(get_ptr),
            set: None,
            doc: c"Address of the wrapped C instance (int).".as_ptr(),
            closure: std::ptr::null_mut(),
        },
        ffi::PyGetSetDef {
            name: c"__grefcount__".as_ptr(),
            get: Some(get_refcount),
            set: None,
            doc: c"The GObject's reference count (for tests).".as_ptr(),
            closure: std::ptr::null_mut(),
        },
        ffi::PyGetSetDef { name: std::ptr::null(), get: None, set: None, doc: std::ptr::null(), closure: std::ptr::null_mut() },
    ];
    // SAFETY: the slot tables are only read by PyType_FromSpec (which copies what it keeps).
    unsafe {
        let mut slots = [
            ffi::PyType_Slot { slot: ffi::Py_tp_dealloc, pfunc: inst_dealloc as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_traverse, pfunc: inst_traverse as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_clear, pfunc: inst_clear as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_new, pfunc: crate::construct::inst_new as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_init, pfunc: crate::construct::inst_init as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_repr, pfunc: inst_repr as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_members, pfunc: (&raw mut MEMBERS) as *mut c_void },
            ffi::PyType_Slot { slot: ffi::Py_tp_getset, pfunc: (&raw mut GETSET) as *mut c_void },
            ffi::PyType_Slot { slot: 0, pfunc: null_mut() },
        ];
        let mut spec = ffi::PyType_Spec {
            name: c"girgen.Instance".as_ptr(),
            basicsize: std::mem::size_of::<Instance>() as c_int,
            itemsize: 0,
            flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_BASETYPE | ffi::Py_TPFLAGS_HAVE_GC) as _,
            slots: slots.as_mut_ptr(),
        };
        let t = ffi::PyType_FromSpec(&mut spec);
        if t.is_null() {
            return Err(Raised);
        }
        BASE.store(t as *mut ffi::PyTypeObject, Ordering::Release);
        Ok(t as *mut ffi::PyTypeObject)
    }
}

unsafe extern "C" fn get_refcount(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    let inst = o as *mut Instance;
    if (*inst).release != Release::Object || (*inst).ptr.is_null() {
        ffi::PyErr_SetString(ffi::PyExc_AttributeError, c"__grefcount__: not a GObject".as_ptr());
        return null_mut();
    }
    let go = (*inst).ptr as *mut gobject::GObject;
    ffi::PyLong_FromUnsignedLong((*go).ref_count as _)
}

unsafe extern "C" fn get_ptr(o: *mut ffi::PyObject, _: *mut c_void) -> *mut ffi::PyObject {
    ffi::PyLong_FromVoidPtr((*(o as *mut Instance)).ptr)
}

/// Is `o` a wrapper (an instance of the runtime's base class)?
///
/// # Safety
/// `o` is a live object.
pub unsafe fn is_instance(o: *mut ffi::PyObject) -> bool {
    let b = BASE.load(Ordering::Acquire);
    !b.is_null() && ffi::PyObject_TypeCheck(o, b) != 0
}

/// The C pointer of a wrapper known to be one (method `self`).
///
/// # Safety
/// `o` is an instance of a wrapper class.
#[inline(always)]
pub unsafe fn ptr_of(o: *mut ffi::PyObject) -> *mut c_void {
    (*(o as *mut Instance)).ptr
}

/// The C pointer of a method's `self` (its class was checked by the method descriptor); a
/// wrapper never initialised (`Cls.__new__(Cls)`) raises instead of passing NULL to C.
///
/// # Safety
/// `o` is an instance of a wrapper class.
#[inline(always)]
pub unsafe fn self_ptr(o: *mut ffi::PyObject) -> R<*mut c_void> {
    let p = ptr_of(o);
    if p.is_null() {
        return Err(null_self());
    }
    Ok(p)
}

/// `self` of a generated method (a `MethodKind::Checked` descriptor takes any object): an
/// initialised instance of `desc` (or, for interfaces and fundamentals, of its GType in C).
///
/// # Safety
/// `o` is a live object.
#[inline(always)]
pub unsafe fn self_in(info: &crate::call::FnInfo, o: *mut ffi::PyObject, desc: &'static TypeDesc) -> R<*mut c_void> {
    let cls = desc.class()?;
    if ffi::Py_TYPE(o) as *mut ffi::PyObject == cls || ffi::PyObject_TypeCheck(o, cls as *mut ffi::PyTypeObject) != 0 {
        let p = ptr_of(o);
        if !p.is_null() {
            return Ok(p);
        }
        return Err(null_self());
    }
    self_in_slow(info, o, desc)
}

#[cold]
#[inline(never)]
unsafe fn self_in_slow(info: &crate::call::FnInfo, o: *mut ffi::PyObject, desc: &'static TypeDesc) -> R<*mut c_void> {
    if is_instance(o) && matches!(desc.kind, Kind::Object | Kind::Interface | Kind::Fundamental) && holds_type_instance(o) {
        let inst = o as *mut Instance;
        let t = desc.gtype()?;
        if t != 0 && gobject::g_type_check_instance_is_a((*inst).ptr as *mut _, t) != 0 {
            return Ok((*inst).ptr);
        }
    }
    let got = crate::pyutil::type_name(o);
    Err(raise(ffi::PyExc_TypeError, format!("{}() argument 'self' must be {}, not {got}", info.name, desc.qualified_name())))
}

#[cold]
#[inline(never)]
fn null_self() -> Raised {
    // SAFETY: static exception type.
    raise(unsafe { ffi::PyExc_ValueError }, "argument 'self' is not initialised (NULL instance)".into())
}

unsafe extern "C" fn inst_traverse(o: *mut ffi::PyObject, visit: ffi::visitproc, arg: *mut c_void) -> c_int {
    let inst = o as *mut Instance;
    let d = (*inst).dict;
    if !d.is_null() {
        let r = visit(d, arg);
        if r != 0 {
            return r;
        }
    }
    if (*inst).release == Release::Parent && (*inst).aux != 0 {
        let r = visit((*inst).aux as *mut ffi::PyObject, arg);
        if r != 0 {
            return r;
        }
    }
    // Heap types must visit their type (Python 3.9+).
    visit(ffi::Py_TYPE(o) as *mut ffi::PyObject, arg)
}

unsafe extern "C" fn inst_clear(o: *mut ffi::PyObject) -> c_int {
    let inst = o as *mut Instance;
    let d = (*inst).dict;
    if !d.is_null() {
        (*inst).dict = null_mut();
        ffi::Py_DECREF(d);
    }
    if (*inst).release == Release::Parent && (*inst).aux != 0 {
        // The memory belongs to the parent: without it the pointer must not be used.
        let parent = (*inst).aux as *mut ffi::PyObject;
        (*inst).ptr = null_mut();
        (*inst).aux = 0;
        ffi::Py_DECREF(parent);
    }
    0
}

unsafe extern "C" fn inst_dealloc(o: *mut ffi::PyObject) {
    let tp = ffi::Py_TYPE(o);
    ffi::PyObject_GC_UnTrack(o as *mut c_void);
    let inst = o as *mut Instance;
    if !(*inst).weaklist.is_null() {
        ffi::PyObject_ClearWeakRefs(o);
    }
    inst_clear(o);
    let p = (*inst).ptr;
    (*inst).ptr = null_mut();
    if !p.is_null() {
        release(p, (*inst).release, (*inst).aux);
    }
    if let Some(free) = (*tp).tp_free {
        free(o as *mut c_void);
    }
    ffi::Py_DECREF(tp as *mut ffi::PyObject);
}

/// Drops what a wrapper owned. May run arbitrary code (finalizers calling back into Python), so the
/// current exception, if any, is kept aside.
unsafe fn release(p: *mut c_void, how: Release, aux: usize) {
    let mut ptype = null_mut();
    let mut pvalue = null_mut();
    let mut ptb = null_mut();
    ffi::PyErr_Fetch(&mut ptype, &mut pvalue, &mut ptb);
    match how {
        Release::Nothing => {}
        Release::Object => {
            live().remove(&(p as usize));
            gobject::g_object_unref(p as *mut gobject::GObject);
        }
        Release::Boxed => gobject::g_boxed_free(aux, p),
        Release::Call => (*(aux as *const Sym)).call_free(p),
        Release::GFree => glib_sys::g_free(p),
        Release::Parent => {
            if aux != 0 {
                ffi::Py_DECREF(aux as *mut ffi::PyObject);
            }
        }
        Release::Value => free_value(p),
    }
    ffi::PyErr_Restore(ptype, pvalue, ptb);
}

unsafe extern "C" fn inst_repr(o: *mut ffi::PyObject) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let tp = ffi::Py_TYPE(o) as *mut ffi::PyObject;
        let module = crate::pyutil::getattr(tp, c"__module__").ok().and_then(|m| crate::pyutil::str_of(m.as_ptr()));
        ffi::PyErr_Clear();
        let qual = crate::pyutil::getattr(tp, c"__qualname__").ok().and_then(|m| crate::pyutil::str_of(m.as_ptr()));
        ffi::PyErr_Clear();
        let p = (*(o as *mut Instance)).ptr;
        let short_module = module.as_deref().map(|m| m.rsplit('.').next().unwrap_or(m).to_string());
        let name = match (short_module, qual) {
            (Some(m), Some(q)) => format!("{m}.{q}"),
            (_, Some(q)) => q,
            _ => crate::pyutil::type_name(o),
        };
        let what = if p.is_null() {
            "NULL".to_string()
        } else if (*(o as *mut Instance)).release == Release::Object {
            let t = type_from_instance(p);
            let tn = gobject::g_type_name(t);
            let tn = if tn.is_null() { "?".into() } else { CStr::from_ptr(tn).to_string_lossy().into_owned() };
            format!("{tn} at {p:p}")
        } else {
            format!("at {p:p}")
        };
        let s = format!("<{name} object at {o:p} ({what})>");
        Ok(new_str(&s)?.into_ptr())
    })
}

/// G_TYPE_FROM_INSTANCE.
///
/// # Safety
/// `p` is a live GTypeInstance.
#[inline]
pub unsafe fn type_from_instance(p: *mut c_void) -> GType {
    let inst = p as *mut gobject::GTypeInstance;
    (*(*inst).g_class).g_type
}

/// A new wrapper of class `cls` around `p`.
///
/// # Safety
/// `cls` is a wrapper class; `p` matches `release`/`aux`.
pub unsafe fn alloc(cls: *mut ffi::PyObject, p: *mut c_void, release: Release, aux: usize) -> R<Obj> {
    let tp = cls as *mut ffi::PyTypeObject;
    let alloc = (*tp).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc);
    let o = alloc(tp, 0);
    if o.is_null() {
        // The pointer is ours to drop (the caller handed it over).
        release_now(p, release, aux);
        return Err(Raised);
    }
    let inst = o as *mut Instance;
    (*inst).ptr = p;
    (*inst).release = release;
    (*inst).aux = aux;
    Ok(Obj::from_owned(o)?)
}

unsafe fn release_now(p: *mut c_void, how: Release, aux: usize) {
    match how {
        Release::Nothing => {}
        Release::Object => gobject::g_object_unref(p as *mut gobject::GObject),
        Release::Boxed => gobject::g_boxed_free(aux, p),
        Release::Call => (*(aux as *const Sym)).call_free(p),
        Release::GFree => glib_sys::g_free(p),
        Release::Parent => {
            if aux != 0 {
                ffi::Py_DECREF(aux as *mut ffi::PyObject);
            }
        }
        Release::Value => free_value(p),
    }
}

/// Unsets (when initialised) and frees a Python-allocated GValue.
unsafe fn free_value(p: *mut c_void) {
    let v = p as *mut gobject::GValue;
    if (*v).g_type != 0 {
        gobject::g_value_unset(v);
    }
    glib_sys::g_free(p);
}

/// A wrapper of class `desc` around memory inside the wrapper `parent` (a struct field held by
/// value): it shares the memory and keeps `parent` alive.
///
/// # Safety
/// `p` points into the memory `parent` owns.
pub unsafe fn borrowed_in(desc: &'static TypeDesc, p: *mut c_void, parent: *mut ffi::PyObject) -> R<Obj> {
    let cls = desc.class()?;
    ffi::Py_INCREF(parent);
    alloc(cls, p, Release::Parent, parent as usize)
}

// --- identity map ---------------------------------------------------------------------------------

static LIVE: GilCell<Option<HashMap<usize, *mut ffi::PyObject>>> = GilCell::new(None);

fn live() -> &'static mut HashMap<usize, *mut ffi::PyObject> {
    // SAFETY: GIL held by every caller; the reference does not outlive the caller's use.
    unsafe { LIVE.get().get_or_insert_with(HashMap::new) }
}

/// Records a new GObject wrapper in the identity map.
pub(crate) fn register_live(p: *mut c_void, w: *mut ffi::PyObject) {
    live().insert(p as usize, w);
}

/// A g_malloc'd copy of `size` bytes.
///
/// # Safety
/// `p` points to at least `size` readable bytes.
pub unsafe fn memdup(p: *const c_void, size: usize) -> *mut c_void {
    let q = glib_sys::g_malloc(size);
    std::ptr::copy_nonoverlapping(p as *const u8, q as *mut u8, size);
    q
}

/// How many GObject wrappers are alive (for tests of the identity map).
pub fn live_count() -> usize {
    live().len()
}

/// The live wrapper of a GObject, if any (borrowed).
pub fn live_wrapper(p: *mut c_void) -> Option<*mut ffi::PyObject> {
    live().get(&(p as usize)).copied()
}

/// Wraps a GObject: the same wrapper while one is alive; otherwise a new one of the most derived
/// known class, holding one strong reference (floating references are sunk).
///
/// # Safety
/// `p` is NULL or a live GObject; with `full` the caller hands over one reference.
pub unsafe fn object_out(p: *mut c_void, full: bool) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    if let Some(w) = live_wrapper(p) {
        if full {
            gobject::g_object_unref(p as *mut gobject::GObject);
        }
        return Ok(Obj::from_borrowed(w));
    }
    let cls = match class_for_gtype(type_from_instance(p)) {
        Ok(c) => c,
        Err(e) => {
            if full {
                gobject::g_object_unref(p as *mut gobject::GObject);
            }
            return Err(e);
        }
    };
    let go = p as *mut gobject::GObject;
    if full {
        if gobject::g_object_is_floating(go) != 0 {
            gobject::g_object_ref_sink(go);
        }
    } else {
        gobject::g_object_ref_sink(go);
    }
    let w = alloc(cls, p, Release::Object, 0)?;
    live().insert(p as usize, w.as_ptr());
    Ok(w)
}

/// Wraps a fundamental instance (GParamSpec, …) of the static type `desc`.
///
/// # Safety
/// `p` is NULL or a live instance; with `full` the caller hands over one reference.
pub unsafe fn fundamental_out(desc: &'static TypeDesc, p: *mut c_void, full: bool) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    let Memory::Fundamental { ref_, unref, ref_sink } = &desc.memory else {
        return record_out(desc, p, full);
    };
    let cls = match class_for_gtype(type_from_instance(p)) {
        Ok(c) => c,
        Err(_) => {
            ffi::PyErr_Clear();
            desc.class()?
        }
    };
    if !full {
        match ref_sink {
            Some(s) => s.call_ptr(p)?,
            None => ref_.call_ptr(p)?,
        };
    }
    alloc(cls, p, Release::Call, *unref as *const Sym as usize)
}

/// Wraps a record/union pointer per the type's memory management.
///
/// # Safety
/// `p` is NULL or a live instance of `desc`; with `full` the caller hands it over.
pub unsafe fn record_out(desc: &'static TypeDesc, p: *mut c_void, full: bool) -> R<Obj> {
    if p.is_null() {
        return Ok(Obj::none());
    }
    let cls = desc.class()?;
    match &desc.memory {
        Memory::Boxed => {
            let t = desc.gtype()?;
            let q = if full { p } else { gobject::g_boxed_copy(t, p) };
            alloc(cls, q, Release::Boxed, t)
        }
        Memory::CopyFree { copy, free } => {
            let q = if full { p } else { copy.call_ptr(p)? };
            alloc(cls, q, Release::Call, *free as *const Sym as usize)
        }
        Memory::RefCounted { ref_, unref } => {
            if desc.gtype_name == Some("GVariant") {
                // A floating GVariant (what its constructors return) is sunk: the wrapper owns
                // that reference; otherwise (transfer none) it takes a new one.
                let v = p as *mut glib_sys::GVariant;
                if !full || glib_sys::g_variant_is_floating(v) != 0 {
                    glib_sys::g_variant_ref_sink(v);
                }
            } else if !full {
                ref_.call_ptr(p)?;
            }
            alloc(cls, p, Release::Call, *unref as *const Sym as usize)
        }
        Memory::Struct => {
            if full {
                alloc(cls, p, Release::GFree, 0)
            } else if desc.size > 0 {
                let q = memdup(p, desc.size);
                alloc(cls, q, Release::GFree, 0)
            } else {
                alloc(cls, p, Release::Nothing, 0)
            }
        }
        Memory::Fundamental { .. } => fundamental_out(desc, p, full),
        Memory::Object | Memory::Interface => object_out(p, full),
        Memory::Borrowed => alloc(cls, p, Release::Nothing, 0),
    }
}

/// The C pointer of an argument that must be an instance of `desc` (or a subclass).
///
/// # Safety
/// `o` is a live object.
#[inline]
pub unsafe fn instance_in(info: &crate::call::FnInfo, index: usize, o: *mut ffi::PyObject, desc: &'static TypeDesc) -> R<*mut c_void> {
    let cls = desc.class()?;
    if ffi::PyObject_TypeCheck(o, cls as *mut ffi::PyTypeObject) != 0 {
        let p = ptr_of(o);
        if !p.is_null() {
            return Ok(p);
        }
        return Err(null_instance(info, index));
    }
    instance_in_slow(info, index, o, desc)
}

/// Does the wrapper `o` hold a GTypeInstance (a GObject or an instance of a fundamental type),
/// whose class C can be asked about? Records and unions are plain memory.
///
/// # Safety
/// `o` is a wrapper (`is_instance`).
pub(crate) unsafe fn holds_type_instance(o: *mut ffi::PyObject) -> bool {
    let inst = o as *mut Instance;
    if (*inst).ptr.is_null() {
        return false;
    }
    (*inst).release == Release::Object
        || matches!(desc_of_type(ffi::Py_TYPE(o)).map(|d| d.kind), Some(Kind::Object | Kind::Interface | Kind::Fundamental))
}

/// A wrapper never initialised (`Cls.__new__(Cls)`), or whose memory has gone: C must not get NULL.
#[cold]
#[inline(never)]
pub fn null_instance(info: &crate::call::FnInfo, index: usize) -> Raised {
    // SAFETY: static exception type.
    crate::call::bad_arg(unsafe { ffi::PyExc_ValueError }, info, index, "is not initialised (NULL instance)")
}

#[cold]
#[inline(never)]
unsafe fn instance_in_slow(info: &crate::call::FnInfo, index: usize, o: *mut ffi::PyObject, desc: &'static TypeDesc) -> R<*mut c_void> {
    // An object whose Python class does not show the interface (or class) may still be one in C.
    if is_instance(o) && matches!(desc.kind, Kind::Object | Kind::Interface | Kind::Fundamental) && holds_type_instance(o) {
        let inst = o as *mut Instance;
        let t = desc.gtype()?;
        if t != 0 && gobject::g_type_check_instance_is_a((*inst).ptr as *mut _, t) != 0 {
            return Ok((*inst).ptr);
        }
    }
    Err(crate::call::wrong_type(info, index, &desc.qualified_name(), o))
}

/// As [`instance_in`], with None accepted as NULL.
///
/// # Safety
/// `o` is a live object.
#[inline]
pub unsafe fn instance_in_opt(info: &crate::call::FnInfo, index: usize, o: *mut ffi::PyObject, desc: &'static TypeDesc) -> R<*mut c_void> {
    if o == ffi::Py_None() {
        return Ok(null_mut());
    }
    instance_in(info, index, o, desc)
}

/// Adds a reference (or a copy) for a transfer-full argument, per the type's memory management.
///
/// # Safety
/// `p` is NULL or a live instance of `desc`.
pub unsafe fn give(desc: &'static TypeDesc, p: *mut c_void) -> R<*mut c_void> {
    if p.is_null() {
        return Ok(p);
    }
    Ok(match &desc.memory {
        Memory::Object | Memory::Interface => gobject::g_object_ref(p as *mut gobject::GObject) as *mut c_void,
        Memory::Fundamental { ref_, .. } => ref_.call_ptr(p)?,
        Memory::Boxed => gobject::g_boxed_copy(desc.gtype()?, p),
        Memory::CopyFree { copy, .. } => copy.call_ptr(p)?,
        Memory::RefCounted { ref_, .. } => {
            ref_.call_ptr(p)?;
            p
        }
        Memory::Struct if desc.size > 0 => memdup(p, desc.size),
        Memory::Struct | Memory::Borrowed => p,
    })
}

/// Drops what [`give`] made (the error path of transfer-full arguments).
///
/// # Safety
/// `p` is NULL or owned by the caller, as `give` returned it.
pub unsafe fn drop_given(desc: &'static TypeDesc, p: *mut c_void) {
    if p.is_null() {
        return;
    }
    match &desc.memory {
        Memory::Object | Memory::Interface => gobject::g_object_unref(p as *mut gobject::GObject),
        Memory::Fundamental { unref, .. } | Memory::RefCounted { unref, .. } => unref.call_free(p),
        Memory::Boxed => {
            if let Ok(t) = desc.gtype() {
                gobject::g_boxed_free(t, p);
            }
        }
        Memory::CopyFree { free, .. } => free.call_free(p),
        Memory::Struct if desc.size > 0 => glib_sys::g_free(p),
        Memory::Struct | Memory::Borrowed => {}
    }
}

// --- class construction ---------------------------------------------------------------------------

/// Type object → descriptor, for construction and the registry.
static CLASS_DESCS: GilCell<Option<HashMap<usize, &'static TypeDesc>>> = GilCell::new(None);

fn class_descs() -> &'static mut HashMap<usize, &'static TypeDesc> {
    // SAFETY: GIL held by every caller.
    unsafe { CLASS_DESCS.get().get_or_insert_with(HashMap::new) }
}

/// The descriptor of the nearest generated class in `tp`'s MRO.
///
/// # Safety
/// `tp` is a live type object.
pub unsafe fn desc_of_type(tp: *mut ffi::PyTypeObject) -> Option<&'static TypeDesc> {
    let mro = (*tp).tp_mro;
    if mro.is_null() {
        return class_descs().get(&(tp as usize)).copied();
    }
    let n = ffi::PyTuple_GET_SIZE(mro);
    for i in 0..n {
        let t = ffi::PyTuple_GET_ITEM(mro, i);
        if let Some(d) = class_descs().get(&(t as usize)) {
            return Some(d);
        }
    }
    None
}

#[cold]
#[inline(never)]
fn build_class(desc: &'static TypeDesc) -> R<*mut ffi::PyObject> {
    let mut bases: Vec<Obj> = Vec::new();
    match desc.parent {
        // SAFETY: classes are kept alive for the process.
        Some(p) => bases.push(unsafe { Obj::from_borrowed(p.class()?) }),
        None => bases.push(unsafe { Obj::from_borrowed(base_type()? as *mut ffi::PyObject) }),
    }
    for iface in desc.interfaces {
        let ic = iface.class()?;
        // SAFETY: live type objects.
        let covered = bases.iter().any(|b| unsafe { ffi::PyType_IsSubtype(b.as_ptr() as *mut _, ic as *mut _) } != 0);
        if !covered {
            // SAFETY: as above.
            bases.push(unsafe { Obj::from_borrowed(ic) });
        }
    }
    let module = new_str(desc.ns.module)?;
    let cls = match make_class(desc.name, &bases, module.as_ptr()) {
        Ok(c) => c,
        Err(Raised) if bases.len() > 1 => {
            // An MRO conflict between interfaces: keep the parent only (as PyGObject does).
            // SAFETY: an exception is set.
            unsafe { ffi::PyErr_Clear() };
            make_class(desc.name, &bases[..1], module.as_ptr())?
        }
        Err(e) => return Err(e),
    };
    // Another build may have won while Python code ran (class creation can run Python code).
    let existing = desc.state.class.load(Ordering::Acquire);
    if !existing.is_null() {
        return Ok(existing);
    }
    let c = cls.as_ptr();
    if let Some(sym) = desc.get_type {
        let g = crate::conv::lazy_gtype(sym)?;
        crate::pyutil::setattr(c, "__gtype__", g.as_ptr())?;
    }
    add_methods(c, desc.methods, desc.ns.module)?;
    if matches!(desc.kind, Kind::Record | Kind::Union) && copyable(desc) && !desc.methods.iter().any(|m| name_is(m, "copy")) {
        add_methods(c, &RECORD_METHODS, desc.ns.module)?;
    }
    add_methods(c, desc.extra_methods, desc.ns.module)?;
    crate::fields::add_getsets(c, desc.getsets)?;
    if desc.gtype_name == Some("GObject") {
        crate::gvalue::install_object_extras(c, desc.ns.module)?;
    }
    class_descs().insert(c as usize, desc);
    desc.state.class.store(cls.into_ptr(), Ordering::Release);
    Ok(c)
}

fn name_is(m: &Method, name: &str) -> bool {
    // SAFETY: method names are static C strings.
    unsafe { CStr::from_ptr(m.def.0.ml_name) }.to_bytes() == name.as_bytes()
}

/// Can `rec.copy()` make an independent copy (or a new reference)?
fn copyable(desc: &TypeDesc) -> bool {
    match desc.memory {
        Memory::Boxed | Memory::CopyFree { .. } | Memory::RefCounted { .. } => true,
        Memory::Struct => desc.size > 0,
        _ => false,
    }
}

/// Runtime methods of copyable records and unions without a `copy` of their own.
static RECORD_METHODS: [Method; 1] = [Method { def: MethodDef::new(c"copy", record_copy), kind: MethodKind::Instance }];

fastcall_method! {
    fn record_copy(slf) "copy" [] {
        let p = self_ptr(slf)?;
        let Some(desc) = desc_of_type(ffi::Py_TYPE(slf)) else {
            return Err(raise(ffi::PyExc_TypeError, "copy(): not a record".into()));
        };
        if !copyable(desc) {
            return Err(raise(ffi::PyExc_TypeError, format!("{} cannot be copied", desc.qualified_name())));
        }
        let q = give(desc, p)?;
        Ok(record_out(desc, q, true)?.into_ptr())
    }
}

/// `type(name, bases, {"__module__": module, "__slots__": ()})`.
pub(crate) fn make_class(name: &str, bases: &[Obj], module: *mut ffi::PyObject) -> R<Obj> {
    // SAFETY: plain C-API calls on live objects; references are owned by `Obj`s.
    unsafe {
        let bases_t = crate::pyutil::tuple(bases.iter().map(|b| Obj::from_borrowed(b.as_ptr())).collect())?;
        let dict = Obj::from_owned(ffi::PyDict_New())?;
        if ffi::PyDict_SetItemString(dict.as_ptr(), c"__module__".as_ptr(), module) < 0 {
            return Err(Raised);
        }
        let slots = Obj::from_owned(ffi::PyTuple_New(0))?;
        if ffi::PyDict_SetItemString(dict.as_ptr(), c"__slots__".as_ptr(), slots.as_ptr()) < 0 {
            return Err(Raised);
        }
        let name = new_str(name)?;
        crate::pyutil::call(
            (&raw mut ffi::PyType_Type) as *mut ffi::PyObject,
            &[name.as_ptr(), bases_t.as_ptr(), dict.as_ptr()],
        )
    }
}

/// Puts method descriptors, class methods and static methods on a class.
pub(crate) fn add_methods(cls: *mut ffi::PyObject, methods: &'static [Method], module: &str) -> R<()> {
    let modname = new_str(module)?;
    for m in methods {
        let def = m.def.as_mut_ptr();
        // SAFETY: `def` is static; `cls` is a live type.
        let descr = unsafe {
            match m.kind {
                MethodKind::Instance => Obj::from_owned(ffi::PyDescr_NewMethod(cls as *mut ffi::PyTypeObject, def))?,
                MethodKind::Checked => Obj::from_owned(ffi::PyDescr_NewMethod(&raw mut ffi::PyBaseObject_Type, def))?,
                MethodKind::Class => Obj::from_owned(ffi::PyDescr_NewClassMethod(cls as *mut ffi::PyTypeObject, def))?,
                MethodKind::Static => {
                    let f = Obj::from_owned(ffi::PyCFunction_NewEx(def, null_mut(), modname.as_ptr()))?;
                    Obj::from_owned(ffi::PyStaticMethod_New(f.as_ptr()))?
                }
            }
        };
        // SAFETY: the name is a static C string.
        if unsafe { ffi::PyObject_SetAttrString(cls, m.def.0.ml_name, descr.as_ptr()) } < 0 {
            return Err(Raised);
        }
    }
    Ok(())
}

// --- GType → class --------------------------------------------------------------------------------

static BY_GTYPE: GilCell<Option<HashMap<GType, *mut ffi::PyObject>>> = GilCell::new(None);

fn by_gtype() -> &'static mut HashMap<GType, *mut ffi::PyObject> {
    // SAFETY: GIL held by every caller.
    unsafe { BY_GTYPE.get().get_or_insert_with(HashMap::new) }
}

fn gtype_name(t: GType) -> Option<&'static str> {
    // SAFETY: g_type_name returns NULL or a static interned string.
    unsafe {
        let n = gobject::g_type_name(t);
        if n.is_null() {
            None
        } else {
            CStr::from_ptr(n).to_str().ok()
        }
    }
}

/// The most derived known class for a GType: its own class if generated, else a class made (once)
/// from the nearest generated ancestor plus the generated interfaces the type implements.
pub fn class_for_gtype(t: GType) -> R<*mut ffi::PyObject> {
    if let Some(&c) = by_gtype().get(&t) {
        return Ok(c);
    }
    let c = resolve_class(t)?;
    by_gtype().insert(t, c);
    Ok(c)
}

#[cold]
#[inline(never)]
fn resolve_class(t: GType) -> R<*mut ffi::PyObject> {
    let pkg = package();
    let mut a = t;
    let mut found = None;
    while a != 0 {
        if let Some(desc) = gtype_name(a).and_then(|n| pkg.class_by_gtype_name(n)) {
            found = Some(desc);
            break;
        }
        // SAFETY: plain query.
        a = unsafe { gobject::g_type_parent(a) };
    }
    let Some(desc) = found else {
        let name = gtype_name(t).unwrap_or("?");
        // SAFETY: static exception type.
        return Err(raise(unsafe { ffi::PyExc_TypeError }, format!("no Python class for GType {name}")));
    };
    let base = desc.class()?;
    if a == t {
        return Ok(base);
    }
    // An unknown subclass: add the known interfaces it implements that the ancestor lacks.
    let mut bases = vec![unsafe { Obj::from_borrowed(base) }];
    let mut n: u32 = 0;
    // SAFETY: returns a g_malloc'd array of n GTypes.
    let ifaces = unsafe { gobject::g_type_interfaces(t, &mut n) };
    for i in 0..n as usize {
        // SAFETY: within the array.
        let it = unsafe { *ifaces.add(i) };
        if let Some(idesc) = gtype_name(it).and_then(|nm| pkg.class_by_gtype_name(nm)) {
            let ic = idesc.class()?;
            // SAFETY: live types.
            let covered = bases.iter().any(|b| unsafe { ffi::PyType_IsSubtype(b.as_ptr() as *mut _, ic as *mut _) } != 0);
            if !covered {
                bases.push(unsafe { Obj::from_borrowed(ic) });
            }
        }
    }
    // SAFETY: allocated by g_type_interfaces.
    unsafe { glib_sys::g_free(ifaces as *mut c_void) };
    // A class of its own even without extra interfaces, so that `type(o).__gtype__` is the
    // object's GType (as PyGObject does).
    let module = new_str("girgen.dynamic")?;
    let name = gtype_name(t).unwrap_or("Unknown");
    let cls = match make_class(name, &bases, module.as_ptr()) {
        Ok(c) => c,
        Err(_) => {
            // SAFETY: an exception is set.
            unsafe { ffi::PyErr_Clear() };
            return Ok(base);
        }
    };
    let g = crate::conv::gtype_object(t)?;
    crate::pyutil::setattr(cls.as_ptr(), "__gtype__", g.as_ptr())?;
    class_descs().insert(cls.as_ptr() as usize, desc);
    Ok(cls.into_ptr())
}

/// A caller-allocated struct for an out parameter.
pub struct StructOut {
    desc: &'static TypeDesc,
    ptr: *mut c_void,
}

/// Allocates a zeroed `size`-byte struct for a caller-allocated out parameter.
pub fn alloc_struct(desc: &'static TypeDesc, size: usize) -> R<StructOut> {
    // SAFETY: plain allocation.
    let ptr = unsafe { glib_sys::g_malloc0(size.max(1)) };
    Ok(StructOut { desc, ptr })
}

impl StructOut {
    pub fn ptr(&self) -> *mut c_void {
        self.ptr
    }
    /// The wrapper owning the filled struct.
    pub fn into_py(self) -> R<Obj> {
        let (desc, p) = (self.desc, self.ptr);
        std::mem::forget(self);
        // SAFETY: `p` is our allocation, filled by C.
        unsafe {
            let cls = desc.class()?;
            match desc.memory {
                Memory::Boxed => {
                    // A boxed copy owns its contents; the shallow original goes.
                    let t = desc.gtype()?;
                    let q = gobject::g_boxed_copy(t, p);
                    glib_sys::g_free(p);
                    alloc(cls, q, Release::Boxed, t)
                }
                _ => alloc(cls, p, Release::GFree, 0),
            }
        }
    }
}

impl Drop for StructOut {
    fn drop(&mut self) {
        // SAFETY: our allocation, never handed out.
        unsafe { glib_sys::g_free(self.ptr) };
    }
}
