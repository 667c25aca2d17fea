"""Selects the C-access core used by the backend-neutral runtime modules.

Only the ctypes core exists today; a cffi core (``_cffi_core``) with the same
names and semantics can be selected with GIRGEN_RUNTIME_CORE=cffi.
"""

import os

if os.environ.get("GIRGEN_RUNTIME_CORE", "ctypes") == "cffi":  # pragma: no cover
    from . import _cffi_core as core  # noqa: F401
else:
    from . import _ctypes_core as core  # noqa: F401
