"""Writes _girepo_cffi_ool.py (cffi ABI out-of-line module of girepo_cffi_common.CDEF) into DIR.
Usage: python girepo_cffi_build.py DIR   (the bench harness runs it once per staging directory)."""

import os
import sys

from cffi import FFI

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from girepo_cffi_common import CDEF  # noqa: E402

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ffibuilder = FFI()
    ffibuilder.cdef(CDEF)
    ffibuilder.set_source("_girepo_cffi_ool", None)
    ffibuilder.emit_python_code(os.path.join(sys.argv[1], "_girepo_cffi_ool.py"))
