"""What a generated namespace module needs at import, and nothing more.

Importing a namespace must stay close to free, so this module imports neither ctypes nor the
C-access core: libraries are opened on the first function binding, and GType and error-domain
registrations are queued until the rest of the runtime is loaded (which happens as soon as the
first item of any namespace is used).
"""

import importlib
import sys

__all__ = ["Library", "lazy_attribute", "register_namespace"]

# Registrations made before girgen_runtime.gtype / .support were imported.
pending_types = []          # (module name, {GType name: attribute})
pending_domains = {}        # domain string -> (module, enum attribute)
pending_quark_enums = []    # (module, enum attribute) whose domain only a quark function knows


def _missing(name):
    def missing(*args, **kwargs):
        raise NotImplementedError("%s is not exported by the loaded library (a newer version "
                                  "of the library is needed)" % name)
    missing.__name__ = name
    return missing


class Utf8Arg:
    """A ctypes argument type for a `const char *` parameter that is never NULL: ctypes calls
    `from_param` on the argument and passes the bytes it returns, so a str is encoded in C, with
    no Python frame (the generated code has already checked it is a str without NUL)."""

    from_param = str.encode


class Library:
    """The shared libraries of a namespace, opened on first use (dlopen by soname, so
    LD_LIBRARY_PATH and the system paths apply, as for any program)."""

    __slots__ = ("names", "backend", "_handles")

    # Generated prototypes name it `_lib.Utf8Arg`: no import in the generated module.
    Utf8Arg = Utf8Arg

    def __init__(self, names, backend):
        self.names = names
        self.backend = backend
        self._handles = None

    def _open(self):
        import ctypes
        strict = _strict_function_type()
        handles = []
        for name in self.names:
            try:
                h = ctypes.CDLL(name)
            except OSError as e:
                raise ImportError("cannot load %s: %s" % (name, e)) from None
            h._FuncPtr = strict
            handles.append(h)
        self._handles = handles
        return handles

    def fn(self, name, restype, argtypes):
        """The C function `name` with its prototype; a stub raising NotImplementedError
        when no library exports it (the GIR is newer than the library)."""
        handles = self._handles if self._handles is not None else self._open()
        for h in handles:
            try:
                # h[name], not getattr: getattr caches one function object per handle, whose
                # argtypes another binding of the same symbol would overwrite.
                f = h[name]
            except AttributeError:
                continue
            f.restype = restype
            f.argtypes = argtypes
            if not argtypes and _PYPY:
                return _counted(f, name)
            return f
        return _missing(name)


_PYPY = sys.implementation.name == "pypy"
_strict = []


def _strict_function_type():
    """The class of the foreign functions: ctypes' C function pointer without FUNCFLAG_CDECL.
    With that flag (CDLL's default) a call may pass more arguments than argtypes, as C varargs,
    so a function without parameters, which the generated code binds directly, would accept
    `f(5)` silently. Without it CPython checks the count (TypeError "this function takes 0
    arguments (1 given)"); on Linux the flag changes nothing else (it selects stdcall on Windows
    only). PyPy's ctypes ignores it: there `_counted` checks."""
    if not _strict:
        import ctypes

        class ForeignFunction(ctypes._CFuncPtr):
            _flags_ = 0
            _restype_ = ctypes.c_int
        _strict.append(ForeignFunction)
    return _strict[0]


def _counted(f, name):
    def call(*args):
        if args:
            raise TypeError("%s() takes 0 arguments (%d given)" % (name, len(args)))
        return f()
    call.__name__ = name
    return call


def lazy_attribute(module_name, module_globals, items, name):
    """A namespace module's ``__getattr__``: import the submodule defining `name`, keep the value."""
    sub = items.get(name)
    if sub is None:
        raise AttributeError("module %r has no attribute %r" % (module_name, name))
    value = getattr(importlib.import_module(module_name + "." + sub), name)
    module_globals[name] = value
    return value


def register_namespace(module_name, gtypes, error_domains):
    """Called by each namespace module at import: cheap registrations only."""
    if gtypes:
        gt = sys.modules.get("girgen_runtime.gtype")
        if gt is not None:
            gt.register_types(module_name, gtypes)
        else:
            pending_types.append((module_name, gtypes))
    for domain, attr in error_domains:
        if domain is None:
            pending_quark_enums.append((module_name, attr))
        else:
            pending_domains[domain] = (module_name, attr)


def flush_types(register_types):
    """Hand queued GType registrations to the registry (called once it exists)."""
    while pending_types:
        module_name, gtypes = pending_types.pop(0)
        register_types(module_name, gtypes)
