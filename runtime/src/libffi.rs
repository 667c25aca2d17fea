//! C function pointers made at run time (libffi closures), for callback parameters that carry no
//! user_data: the C side calls a fresh code address bound to one Python callable, as ctypes'
//! CFUNCTYPE does. libffi is opened by soname when the first such closure is made (CPython's own
//! `_ctypes` uses the same library), so building the extension needs no libffi headers.

use crate::call::{Raised, R};
use crate::ffi;
use crate::pyutil::{raise, GilCell};
use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::ptr::null_mut;

extern "C" {
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}

/// The C types a callback's arguments and result are passed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FfiType {
    Void,
    U8,
    S8,
    U16,
    S16,
    U32,
    S32,
    U64,
    S64,
    F32,
    F64,
    Pointer,
}

const TYPE_SYMBOLS: [&CStr; 12] = [
    c"ffi_type_void",
    c"ffi_type_uint8",
    c"ffi_type_sint8",
    c"ffi_type_uint16",
    c"ffi_type_sint16",
    c"ffi_type_uint32",
    c"ffi_type_sint32",
    c"ffi_type_uint64",
    c"ffi_type_sint64",
    c"ffi_type_float",
    c"ffi_type_double",
    c"ffi_type_pointer",
];

/// `void fun(ffi_cif *cif, void *ret, void **args, void *user_data)`.
pub type Handler = unsafe extern "C" fn(*mut c_void, *mut c_void, *mut *mut c_void, *mut c_void);

type PrepCif = unsafe extern "C" fn(*mut c_void, c_int, c_uint, *mut c_void, *mut *mut c_void) -> c_int;
type ClosureAlloc = unsafe extern "C" fn(usize, *mut *mut c_void) -> *mut c_void;
type PrepClosureLoc = unsafe extern "C" fn(*mut c_void, *mut c_void, Handler, *mut c_void, *mut c_void) -> c_int;
type ClosureFree = unsafe extern "C" fn(*mut c_void);

struct Api {
    prep_cif: PrepCif,
    closure_alloc: ClosureAlloc,
    prep_closure_loc: PrepClosureLoc,
    closure_free: ClosureFree,
    types: [*mut c_void; 12],
}

/// FFI_DEFAULT_ABI of the platforms GLib-based stacks run on.
#[cfg(target_arch = "x86_64")]
const DEFAULT_ABI: c_int = 2; // FFI_UNIX64
#[cfg(not(target_arch = "x86_64"))]
const DEFAULT_ABI: c_int = 1; // FFI_SYSV (aarch64, arm, x86)

/// `sizeof(ffi_cif)` and `sizeof(ffi_closure)` are at most this on every supported platform.
const CIF_SIZE: usize = 128;
const CLOSURE_SIZE: usize = 256;

static API: GilCell<Option<Api>> = GilCell::new(None);

unsafe fn api() -> R<&'static Api> {
    let slot = API.get();
    if let Some(a) = slot.as_ref() {
        return Ok(&*(a as *const Api));
    }
    let mut handle = null_mut();
    for name in [c"libffi.so.8", c"libffi.so.7", c"libffi.so.6", c"libffi.so", c"libffi.dylib"] {
        handle = dlopen(name.as_ptr(), 2 /* RTLD_NOW */);
        if !handle.is_null() {
            break;
        }
    }
    let missing = || raise(ffi::PyExc_NotImplementedError, "callbacks without user_data need libffi (libffi.so.8), which cannot be loaded".into());
    if handle.is_null() {
        return Err(missing());
    }
    let sym = |n: &CStr| {
        let p = dlsym(handle, n.as_ptr());
        if p.is_null() {
            Err(missing())
        } else {
            Ok(p)
        }
    };
    let mut types = [null_mut(); 12];
    for (t, n) in types.iter_mut().zip(TYPE_SYMBOLS) {
        *t = sym(n)?;
    }
    let a = Api {
        prep_cif: std::mem::transmute::<*mut c_void, PrepCif>(sym(c"ffi_prep_cif")?),
        closure_alloc: std::mem::transmute::<*mut c_void, ClosureAlloc>(sym(c"ffi_closure_alloc")?),
        prep_closure_loc: std::mem::transmute::<*mut c_void, PrepClosureLoc>(sym(c"ffi_prep_closure_loc")?),
        closure_free: std::mem::transmute::<*mut c_void, ClosureFree>(sym(c"ffi_closure_free")?),
        types,
    };
    *slot = Some(a);
    Ok(&*(slot.as_ref().ok_or(Raised)? as *const Api))
}

/// A C function type (one per callback type), its `ffi_cif` prepared on first use and kept.
pub struct Sig {
    ret: FfiType,
    args: &'static [FfiType],
    cif: GilCell<*mut c_void>,
}

impl Sig {
    pub const fn new(ret: FfiType, args: &'static [FfiType]) -> Sig {
        Sig { ret, args, cif: GilCell::new(null_mut()) }
    }

    unsafe fn cif(&'static self, a: &Api) -> R<*mut c_void> {
        let slot = self.cif.get();
        if !slot.is_null() {
            return Ok(*slot);
        }
        // Kept for the process: closures refer to it.
        let atypes: &'static mut [*mut c_void] =
            Box::leak(self.args.iter().map(|t| a.types[*t as usize]).collect::<Vec<_>>().into_boxed_slice());
        let cif = Box::leak(Box::new([0u64; CIF_SIZE / 8])) as *mut [u64; CIF_SIZE / 8] as *mut c_void;
        let status = (a.prep_cif)(cif, DEFAULT_ABI, self.args.len() as c_uint, a.types[self.ret as usize], atypes.as_mut_ptr());
        if status != 0 {
            return Err(raise(ffi::PyExc_SystemError, format!("ffi_prep_cif failed ({status})")));
        }
        *slot = cif;
        Ok(cif)
    }
}

/// A closure: (the allocation to free, the code address C calls).
///
/// # Safety
/// GIL held; `data` stays valid for as long as the code can be called.
pub unsafe fn closure_new(sig: &'static Sig, handler: Handler, data: *mut c_void) -> R<(*mut c_void, *mut c_void)> {
    let a = api()?;
    let cif = sig.cif(a)?;
    let mut code = null_mut();
    let closure = (a.closure_alloc)(CLOSURE_SIZE, &mut code);
    if closure.is_null() {
        return Err(raise(ffi::PyExc_MemoryError, "ffi_closure_alloc failed".into()));
    }
    let status = (a.prep_closure_loc)(closure, cif, handler, data, code);
    if status != 0 {
        (a.closure_free)(closure);
        return Err(raise(ffi::PyExc_SystemError, format!("ffi_prep_closure_loc failed ({status})")));
    }
    Ok((closure, code))
}

/// Frees a closure made by [`closure_new`] (not while it runs: see `closure::defer_free`).
///
/// # Safety
/// GIL held; `closure` came from [`closure_new`] and is not executing.
pub unsafe fn closure_free(closure: *mut c_void) {
    if closure.is_null() {
        return;
    }
    if let Some(a) = API.get().as_ref() {
        (a.closure_free)(closure);
    }
}

/// Stores a callback's result where libffi expects it: integer results narrower than a register
/// are widened to `ffi_arg` (sign- or zero-extended).
pub trait RetWrite {
    /// # Safety
    /// `ret` is libffi's result buffer (at least 8 bytes).
    unsafe fn write(self, ret: *mut c_void);
}

macro_rules! widen {
    ($($t:ty => $w:ty),*) => {$(
        impl RetWrite for $t {
            #[inline]
            unsafe fn write(self, ret: *mut c_void) {
                *(ret as *mut $w) = self as $w;
            }
        }
    )*};
}

widen!(i8 => i64, u8 => u64, i16 => i64, u16 => u64, i32 => i64, u32 => u64, i64 => i64, u64 => u64, f32 => f32, f64 => f64);

impl RetWrite for () {
    #[inline]
    unsafe fn write(self, _: *mut c_void) {}
}

impl RetWrite for *mut c_void {
    #[inline]
    unsafe fn write(self, ret: *mut c_void) {
        *(ret as *mut *mut c_void) = self;
    }
}

impl RetWrite for *const c_char {
    #[inline]
    unsafe fn write(self, ret: *mut c_void) {
        *(ret as *mut *const c_char) = self;
    }
}

impl RetWrite for *mut glib_sys::GError {
    #[inline]
    unsafe fn write(self, ret: *mut c_void) {
        *(ret as *mut *mut glib_sys::GError) = self;
    }
}
