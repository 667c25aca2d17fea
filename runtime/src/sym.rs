//! C functions are found at run time: each namespace's libraries are opened by soname (so the
//! dynamic loader searches LD_LIBRARY_PATH and the system paths, as ctypes does) the first time
//! one of its functions is called, and each symbol is looked up once and cached. A symbol missing
//! from the installed library raises when that function is called instead of failing the import.

use crate::call::{Raised, R};
use crate::ffi;
use crate::pyutil::raise;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

extern "C" {
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
}

const RTLD_NOW: c_int = 2;
/// Symbols stay private to the library, as with ctypes' default mode.
const RTLD_LOCAL: c_int = 0;
/// `RTLD_DEFAULT`: search the global scope (libglib and libgobject are linked into the module).
const RTLD_DEFAULT: *mut c_void = std::ptr::null_mut();

/// The shared libraries of one namespace (GIR `shared-library`, in order).
pub struct Libs {
    pub names: &'static [&'static CStr],
    handles: [AtomicPtr<c_void>; 4],
    opened: AtomicBool,
}

impl Libs {
    pub const fn new(names: &'static [&'static CStr]) -> Libs {
        Libs {
            names,
            handles: [
                AtomicPtr::new(std::ptr::null_mut()),
                AtomicPtr::new(std::ptr::null_mut()),
                AtomicPtr::new(std::ptr::null_mut()),
                AtomicPtr::new(std::ptr::null_mut()),
            ],
            opened: AtomicBool::new(false),
        }
    }

    /// Opens every library (once). A library that cannot be opened is an ImportError naming it.
    fn open(&self) -> R<()> {
        if self.opened.load(Ordering::Acquire) {
            return Ok(());
        }
        for (i, name) in self.names.iter().enumerate().take(self.handles.len()) {
            if !self.handles[i].load(Ordering::Acquire).is_null() {
                continue;
            }
            // SAFETY: valid C string; dlopen is thread-safe.
            let h = unsafe { dlopen(name.as_ptr(), RTLD_NOW | RTLD_LOCAL) };
            if h.is_null() {
                // SAFETY: dlerror returns NULL or a valid string.
                let why = unsafe {
                    let e = dlerror();
                    if e.is_null() { String::new() } else { CStr::from_ptr(e).to_string_lossy().into_owned() }
                };
                return Err(raise(
                    // SAFETY: static exception type.
                    unsafe { ffi::PyExc_ImportError },
                    format!("cannot load {}: {why}", name.to_string_lossy()),
                ));
            }
            self.handles[i].store(h, Ordering::Release);
        }
        self.opened.store(true, Ordering::Release);
        Ok(())
    }

    fn lookup(&self, symbol: &CStr) -> R<*mut c_void> {
        self.open()?;
        for h in self.handles.iter().take(self.names.len()) {
            let h = h.load(Ordering::Acquire);
            if h.is_null() {
                continue;
            }
            // SAFETY: valid handle and C string.
            let p = unsafe { dlsym(h, symbol.as_ptr()) };
            if !p.is_null() {
                return Ok(p);
            }
        }
        // SAFETY: as above; RTLD_DEFAULT searches the process's global scope.
        let p = unsafe { dlsym(RTLD_DEFAULT, symbol.as_ptr()) };
        if !p.is_null() {
            return Ok(p);
        }
        let libs: Vec<String> = self.names.iter().map(|n| n.to_string_lossy().into_owned()).collect();
        Err(raise(
            // SAFETY: static exception type.
            unsafe { ffi::PyExc_NotImplementedError },
            format!("{} is not in {} (the installed library is older than its GIR?)", symbol.to_string_lossy(), libs.join(", ")),
        ))
    }
}

/// One C function (or variable), resolved on first use.
pub struct Sym {
    pub name: &'static CStr,
    libs: &'static Libs,
    ptr: AtomicPtr<c_void>,
}

impl Sym {
    pub const fn new(name: &'static CStr, libs: &'static Libs) -> Sym {
        Sym { name, libs, ptr: AtomicPtr::new(std::ptr::null_mut()) }
    }

    #[inline(always)]
    pub fn get(&self) -> R<*mut c_void> {
        let p = self.ptr.load(Ordering::Relaxed);
        if !p.is_null() {
            return Ok(p);
        }
        self.resolve()
    }

    #[cold]
    #[inline(never)]
    fn resolve(&self) -> R<*mut c_void> {
        let p = self.libs.lookup(self.name)?;
        self.ptr.store(p, Ordering::Relaxed);
        Ok(p)
    }

    /// Calls a `GType f(void)` (a `*_get_type` function).
    pub fn call_get_type(&self) -> R<usize> {
        let p = self.get()?;
        // SAFETY: get_type functions take nothing and return a GType.
        let f: unsafe extern "C" fn() -> usize = unsafe { std::mem::transmute(p) };
        // SAFETY: see above.
        Ok(unsafe { f() })
    }

    /// Calls a `GQuark f(void)` (a `*_error_quark` function).
    pub fn call_quark(&self) -> R<u32> {
        let p = self.get()?;
        // SAFETY: quark functions take nothing and return a GQuark.
        let f: unsafe extern "C" fn() -> u32 = unsafe { std::mem::transmute(p) };
        // SAFETY: see above.
        Ok(unsafe { f() })
    }

    /// Calls a `gpointer f(gpointer)` (copy/ref functions).
    pub fn call_ptr(&self, arg: *mut c_void) -> R<*mut c_void> {
        let p = self.get()?;
        // SAFETY: copy/ref/ref_sink functions take and return one pointer.
        let f: unsafe extern "C" fn(*mut c_void) -> *mut c_void = unsafe { std::mem::transmute(p) };
        // SAFETY: see above.
        Ok(unsafe { f(arg) })
    }

    /// Calls a `void f(gpointer)` (free/unref functions). Lookup failures are reported as
    /// unraisable: this runs from deallocators.
    pub fn call_free(&self, arg: *mut c_void) {
        match self.get() {
            Ok(p) => {
                // SAFETY: free/unref functions take one pointer.
                let f: unsafe extern "C" fn(*mut c_void) = unsafe { std::mem::transmute(p) };
                // SAFETY: see above.
                unsafe { f(arg) }
            }
            // SAFETY: an exception is set.
            Err(Raised) => unsafe { ffi::PyErr_WriteUnraisable(std::ptr::null_mut()) },
        }
    }
}
