//! The extension module and the namespace modules. Module init only records the package; each
//! namespace module (`PKG/GLib.py`) gets a `__getattr__` that builds an item on first access and
//! stores it in the module, so later lookups are plain dict hits.

use crate::call::{Raised, R};
use crate::enums::EnumDesc;
use crate::ffi;
use crate::pyutil::{new_str, raise, str_of, GilCell, Obj};
use crate::sym::Libs;
use crate::types::{MethodDef, TypeDesc};
use std::ffi::{c_void, CStr};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

/// Everything one generated extension holds.
pub struct Package {
    /// The Python package, e.g. `girgen_girepository`.
    pub name: &'static str,
    pub namespaces: &'static [&'static NsDesc],
    /// GType name → class/interface/record descriptor, sorted by name.
    pub gtypes: &'static [(&'static str, &'static TypeDesc)],
    /// GType name → enum/flags descriptor, sorted by name.
    pub enum_gtypes: &'static [(&'static str, &'static EnumDesc)],
    /// Enums that are error domains.
    pub error_domains: &'static [&'static EnumDesc],
    /// `"GTypeName::signal-name"` → generated marshaller of signals whose arguments need the
    /// GIR's types, sorted by key.
    pub signals: &'static [(&'static str, crate::signals::SignalMarshal)],
}

impl Package {
    pub fn class_by_gtype_name(&self, name: &str) -> Option<&'static TypeDesc> {
        self.gtypes.binary_search_by(|(n, _)| (*n).cmp(name)).ok().map(|i| self.gtypes[i].1)
    }
    pub fn enum_by_gtype_name(&self, name: &str) -> Option<&'static EnumDesc> {
        self.enum_gtypes.binary_search_by(|(n, _)| (*n).cmp(name)).ok().map(|i| self.enum_gtypes[i].1)
    }
}

/// One namespace (one Python module).
pub struct NsDesc {
    pub name: &'static str,
    pub version: &'static str,
    /// The Python module, e.g. `girgen_girepository.GLib`.
    pub module: &'static str,
    pub libs: &'static Libs,
    /// Items by Python name, sorted.
    pub items: &'static [(&'static str, Item)],
}

/// A module-level attribute.
pub enum Item {
    Function(&'static MethodDef),
    Class(&'static TypeDesc),
    Enum(&'static EnumDesc),
    Const(Const),
    /// `GLib.Error` / `GLib.GError`: the shared runtime's exception class.
    ErrorClass,
    /// `GObject.GType`: the shared runtime's GType class.
    GTypeClass,
    /// An item the bindings leave out, with the reason (AttributeError explains it).
    Skipped(&'static str),
    /// A Python builtin (`int`, `float`, …): aliases of fundamental types.
    Builtin(&'static CStr),
}

pub enum Const {
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(&'static str),
    Enum(&'static EnumDesc, i64),
    /// `GObject.TYPE_*` (PyGObject's names), as a `GObject.GType`.
    GType(&'static str),
}

static PACKAGE: AtomicPtr<Package> = AtomicPtr::new(null_mut());

/// The package this extension holds.
pub fn package() -> &'static Package {
    let p = PACKAGE.load(Ordering::Acquire);
    assert!(!p.is_null(), "girgen runtime used before module init");
    // SAFETY: set once from a `&'static Package` in `module_init`.
    unsafe { &*p }
}

/// `PyInit__native`: creates the extension module. Nothing else is built here.
///
/// # Safety
/// Called by the import machinery, once, with the GIL held.
pub unsafe fn module_init(pkg: &'static Package, name: &'static CStr) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        PACKAGE.store(pkg as *const Package as *mut Package, Ordering::Release);
        static METHODS: GilCell<[ffi::PyMethodDef; 3]> = GilCell::new([
            ffi::PyMethodDef {
                ml_name: c"_namespace".as_ptr(),
                ml_meth: ffi::PyMethodDefPointer { PyCFunctionFastWithKeywords: namespace_hooks },
                ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
                ml_doc: c"_namespace(module_name, namespace) -> (__getattr__, __dir__)".as_ptr(),
            },
            ffi::PyMethodDef {
                ml_name: c"_live_wrappers".as_ptr(),
                ml_meth: ffi::PyMethodDefPointer { PyCFunctionFastWithKeywords: live_count },
                ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
                ml_doc: c"Number of live GObject wrappers (for tests).".as_ptr(),
            },
            ffi::PyMethodDef::zeroed(),
        ]);
        let def = Box::leak(Box::new(ffi::PyModuleDef {
            m_base: ffi::PyModuleDef_HEAD_INIT,
            m_name: name.as_ptr(),
            m_doc: c"girgen pyo3 backend: generated bindings".as_ptr(),
            m_size: -1,
            m_methods: METHODS.get().as_mut_ptr(),
            m_slots: null_mut(),
            m_traverse: None,
            m_clear: None,
            m_free: None,
        }));
        let m = ffi::PyModule_Create2(def, ffi::PYTHON_API_VERSION);
        if m.is_null() {
            return Err(Raised);
        }
        Ok(m)
    })
}

unsafe extern "C" fn live_count(
    _: *mut ffi::PyObject,
    _: *const *mut ffi::PyObject,
    _: ffi::Py_ssize_t,
    _: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ffi::PyLong_FromSsize_t(crate::types::live_count() as ffi::Py_ssize_t)
}

/// The state behind one namespace module's `__getattr__`/`__dir__` (a capsule).
struct NsHook {
    ns: &'static NsDesc,
    module: *mut ffi::PyObject,
}

static HOOK_DEFS: GilCell<[ffi::PyMethodDef; 2]> = GilCell::new([
    ffi::PyMethodDef {
        ml_name: c"__getattr__".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer { PyCFunction: ns_getattr },
        ml_flags: ffi::METH_O,
        ml_doc: std::ptr::null(),
    },
    ffi::PyMethodDef {
        ml_name: c"__dir__".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer { PyCFunction: ns_dir },
        ml_flags: ffi::METH_NOARGS,
        ml_doc: std::ptr::null(),
    },
]);

const CAPSULE: &CStr = c"girgen.namespace";

fastcall_method! {
    fn namespace_hooks(_) "_namespace" ["module_name" => modname, "namespace" => nsname] {
        let ns_name = str_of(nsname).ok_or_else(|| crate::call::wrong_type(&INFO, 1, "str", nsname))?;
        let ns = package()
            .namespaces
            .iter()
            .find(|n| n.name == ns_name)
            .ok_or_else(|| raise(ffi::PyExc_ImportError, format!("no namespace {ns_name} in this package")))?;
        let module = ffi::PyImport_GetModule(modname);
        if module.is_null() {
            if ffi::PyErr_Occurred().is_null() {
                return Err(raise(ffi::PyExc_ImportError, "namespace module is not in sys.modules".into()));
            }
            return Err(Raised);
        }
        // The module object lives as long as the process keeps it imported; the capsule keeps a reference.
        let hook = Box::into_raw(Box::new(NsHook { ns, module }));
        unsafe extern "C" fn free_hook(cap: *mut ffi::PyObject) {
            let p = ffi::PyCapsule_GetPointer(cap, CAPSULE.as_ptr()) as *mut NsHook;
            if !p.is_null() {
                let h = Box::from_raw(p);
                ffi::Py_DECREF(h.module);
            }
        }
        let cap = Obj::from_owned(ffi::PyCapsule_New(hook as *mut c_void, CAPSULE.as_ptr(), Some(free_hook)))?;
        let defs = HOOK_DEFS.get();
        let getattr = Obj::from_owned(ffi::PyCFunction_NewEx(&mut defs[0], cap.as_ptr(), modname))?;
        let dir = Obj::from_owned(ffi::PyCFunction_NewEx(&mut defs[1], cap.as_ptr(), modname))?;
        Ok(crate::pyutil::tuple(vec![getattr, dir])?.into_ptr())
    }
}

unsafe fn hook_of(cap: *mut ffi::PyObject) -> &'static NsHook {
    &*(ffi::PyCapsule_GetPointer(cap, CAPSULE.as_ptr()) as *const NsHook)
}

unsafe extern "C" fn ns_getattr(cap: *mut ffi::PyObject, name: *mut ffi::PyObject) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let hook = hook_of(cap);
        let key = str_of(name).unwrap_or_default();
        let items = hook.ns.items;
        let Ok(i) = items.binary_search_by(|(n, _)| (*n).cmp(key.as_str())) else {
            return Err(raise(
                ffi::PyExc_AttributeError,
                format!("module '{}' has no attribute '{}'", hook.ns.module, key),
            ));
        };
        let value = make_item(hook.ns, &items[i].1, &key)?;
        if ffi::PyObject_SetAttr(hook.module, name, value.as_ptr()) < 0 {
            return Err(Raised);
        }
        Ok(value.into_ptr())
    })
}

unsafe extern "C" fn ns_dir(cap: *mut ffi::PyObject, _: *mut ffi::PyObject) -> *mut ffi::PyObject {
    crate::call::trampoline(|| {
        let hook = hook_of(cap);
        let mut names = Vec::new();
        for (n, item) in hook.ns.items {
            if !matches!(item, Item::Skipped(_)) {
                names.push(new_str(n)?);
            }
        }
        // Attributes already in the module (dunders, materialised items) come along too.
        let d = ffi::PyModule_GetDict(hook.module);
        if !d.is_null() {
            let keys = Obj::from_owned(ffi::PyDict_Keys(d))?;
            let n = ffi::PyList_GET_SIZE(keys.as_ptr());
            for i in 0..n {
                let k = ffi::PyList_GET_ITEM(keys.as_ptr(), i);
                if let Some(s) = str_of(k) {
                    if hook.ns.items.binary_search_by(|(n, _)| (*n).cmp(s.as_str())).is_err() {
                        names.push(Obj::from_borrowed(k));
                    }
                }
            }
        }
        let l = crate::pyutil::list(names)?;
        if ffi::PyList_Sort(l.as_ptr()) < 0 {
            return Err(Raised);
        }
        Ok(l.into_ptr())
    })
}

fn make_item(ns: &'static NsDesc, item: &'static Item, name: &str) -> R<Obj> {
    // SAFETY: all objects are live; definitions are static.
    unsafe {
        match item {
            Item::Function(def) => {
                let modname = new_str(ns.module)?;
                Obj::from_owned(ffi::PyCFunction_NewEx(def.as_mut_ptr(), null_mut(), modname.as_ptr()))
            }
            Item::Class(desc) => Ok(Obj::from_borrowed(desc.class()?)),
            Item::Enum(desc) => Ok(Obj::from_borrowed(desc.class()?)),
            Item::Const(c) => match c {
                Const::Bool(b) => Ok(Obj::from_borrowed(if *b { ffi::Py_True() } else { ffi::Py_False() })),
                Const::Int(v) => crate::pyutil::int(*v),
                Const::UInt(v) => Obj::from_owned(ffi::PyLong_FromUnsignedLongLong(*v)),
                Const::Float(v) => Obj::from_owned(ffi::PyFloat_FromDouble(*v)),
                Const::Str(s) => new_str(s),
                Const::Enum(e, v) => crate::enums::enum_out(e, *v),
                Const::GType(n) => match crate::gvalue::type_constant(n) {
                    Some(t) => crate::conv::gtype_object(t),
                    None => Err(raise(ffi::PyExc_AttributeError, format!("{}.{} is not a known GType", ns.name, name))),
                },
            },
            Item::ErrorClass => crate::gerror::error_class(),
            Item::GTypeClass => crate::conv::gtype_class().map(|c| Obj::from_borrowed(c)),
            Item::Builtin(n) => {
                let b = ffi::PyEval_GetBuiltins();
                let v = if b.is_null() { null_mut() } else { ffi::PyDict_GetItemString(b, n.as_ptr()) };
                if v.is_null() {
                    return Err(raise(ffi::PyExc_AttributeError, format!("{}.{}: no builtin {:?}", ns.name, name, n)));
                }
                Ok(Obj::from_borrowed(v))
            }
            Item::Skipped(reason) => Err(raise(
                ffi::PyExc_AttributeError,
                format!("{}.{} is not available in these bindings: {}", ns.name, name, reason),
            )),
        }
    }
}
