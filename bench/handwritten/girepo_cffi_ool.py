"""Hand-written cffi wrapper of libgirepository, ABI mode out-of-line: the cdef was compiled ahead
of time into _girepo_cffi_ool.py by girepo_cffi_build.py, so import parses nothing.
Same surface as girepo_ctypes. Python 3.9 compatible."""

from _girepo_cffi_ool import ffi

from girepo_cffi_common import GI_LIB, GLIB_LIB, make_api

_gi = ffi.dlopen(GI_LIB)
_glib = ffi.dlopen(GLIB_LIB)
globals().update(make_api(ffi, _gi, _glib))
