"""Hand-written cffi wrapper of libgirepository, ABI mode inline: the cdef is parsed at import
(the usual hand-written cffi style). Same surface as girepo_ctypes. Python 3.9 compatible."""

from cffi import FFI

from girepo_cffi_common import CDEF, GI_LIB, GLIB_LIB, make_api

ffi = FFI()
ffi.cdef(CDEF)
_gi = ffi.dlopen(GI_LIB)
_glib = ffi.dlopen(GLIB_LIB)
globals().update(make_api(ffi, _gi, _glib))
