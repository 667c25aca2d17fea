"""GLib.Error (GError) and per-domain error subclasses."""

from ._core import core as _c

__all__ = [
    "Error", "GError", "register_error_domain", "error_class_for_domain", "take_gerror",
    "raise_gerror", "gerror_new", "propagate_gerror",
]

DEFAULT_DOMAIN = "pygi-error"  # PyGObject's default, kept for compatibility

_quark_to_string = _c.g_quark_to_string
_quark_from_string = _c.g_quark_from_string
_gerror_fields = _c.gerror_fields
_error_free = _c.g_error_free
_exc_new = BaseException.__new__


def _quark_str(quark):
    s = _quark_to_string(quark)
    return None if s is None else s.decode()


class Error(RuntimeError):
    """A GError as a Python exception: ``GLib.Error(message, domain, code)``.

    ``domain`` is the domain quark's string (an int quark is accepted and
    converted), ``code`` the error code: a member of the domain's code enum
    when the domain was registered with one and the value is a member, else int.
    """

    _domain_ = None      # subclasses made by register_error_domain set these
    _code_enum_ = None   # enum class, or zero-arg callable returning it (lazy)

    def __init__(self, message="unknown error", domain=None, code=0):
        super().__init__(message)
        if domain is None:
            domain = self._domain_ or DEFAULT_DOMAIN
        elif isinstance(domain, int):
            domain = _quark_str(domain)
        self.message = message
        self.domain = domain
        self.code = _map_code(type(self), code)

    def __str__(self):
        return "%s: %s (%d)" % (self.domain, self.message, self.code)

    def __repr__(self):
        cls = type(self)
        if cls is Error:
            prefix = "GLib.Error"
        else:
            prefix = "%s.%s" % (cls.__module__.rsplit(".", 1)[-1], cls.__qualname__)
        return "%s(%r, %r, %d)" % (prefix, self.message, self.domain, self.code)

    def __reduce__(self):
        # Rebuilt through the domain registry, so per-domain subclasses (made
        # at run time, not importable by name) survive pickling.
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("message", "domain", "code")}
        return (_rebuild, (self.message, self.domain, int(self.code)), state)

    def __setstate__(self, state):
        self.__dict__.update(state)

    def copy(self):
        return type(self)(self.message, self.domain, self.code)

    def matches(self, domain, code):
        """True if this error has the given domain and code.

        domain: the domain string, its quark (int), or an Error subclass from
        register_error_domain.
        """
        if isinstance(domain, type):
            if not issubclass(domain, Error):
                raise TypeError("matches() domain must be str, int or an Error subclass")
            domain = domain._domain_
            if domain is None:
                return False
        elif isinstance(domain, int):
            domain = _quark_str(domain)
        elif not isinstance(domain, str):
            raise TypeError("matches() domain must be str, int or an Error subclass, not %s"
                            % type(domain).__name__)
        return self.domain == domain and self.code == code

    @staticmethod
    def new_literal(domain, message, code):
        """PyGObject's ``GLib.Error.new_literal(domain_quark, message, code)``."""
        return error_class_for_domain(_quark_str(domain) if isinstance(domain, int) else domain)(
            message, domain, code)


GError = Error  # PyGObject's alias (GLib.GError)


def _map_code(cls, code):
    enum = cls._code_enum_
    if enum is None:
        return code
    if not isinstance(enum, type):
        enum = enum()
        cls._code_enum_ = enum
    return enum._value2member_map_.get(code, code)


def _rebuild(message, domain, code):
    return error_class_for_domain(domain)(message, domain, code)


_domain_classes = {}  # domain string -> subclass
_by_quark = {}        # quark -> (class, domain string); cache for take_gerror


def register_error_domain(domain, class_name, code_enum=None, module=None):
    """Return (creating once) the Error subclass for a GError domain string.

    code_enum: IntEnum class of the domain's codes, or a zero-arg callable
    returning it (resolved at first use, for lazily built enums).
    module: ``__module__`` of the new class (e.g. "gi_gen.Gio") for repr.
    """
    cls = _domain_classes.get(domain)
    if cls is not None:
        if code_enum is not None and cls._code_enum_ is None:
            cls._code_enum_ = code_enum
        return cls
    ns = {"_domain_": domain, "_code_enum_": code_enum, "__qualname__": class_name}
    if module is not None:
        ns["__module__"] = module
    cls = type(class_name, (Error,), ns)
    _domain_classes[domain] = cls
    _by_quark.clear()
    return cls


def error_class_for_domain(domain):
    """The registered subclass for a domain string, else Error."""
    return _domain_classes.get(domain, Error)


def take_gerror(addr):
    """Build the exception for a GError* and free the GError (exactly once)."""
    quark, code, message = _gerror_fields(addr)
    _error_free(addr)
    entry = _by_quark.get(quark)
    if entry is None:
        domain = _quark_str(quark)
        entry = (_domain_classes.get(domain, Error), domain)
        _by_quark[quark] = entry
    cls, domain = entry
    text = message.decode("utf-8", "replace") if message is not None else ""
    # Same result as cls(text, domain, code), without the __init__ call (hot on error paths).
    e = _exc_new(cls, text)
    e.message = text
    e.domain = domain
    e.code = code if cls._code_enum_ is None else _map_code(cls, code)
    return e


def raise_gerror(addr):
    """Raise the exception for a GError* (freeing it)."""
    raise take_gerror(addr)


def gerror_new(exc):
    """New GError* (g_error_new_literal) for a Python exception.

    An Error keeps its domain/code/message; any other exception becomes
    domain "pygi-error", code 0, message "ExceptionType: text".
    """
    if isinstance(exc, Error):
        domain, code, message = exc.domain, int(exc.code), exc.message
    else:
        domain, code = DEFAULT_DOMAIN, 0
        message = "%s: %s" % (type(exc).__name__, exc)
    return _c.g_error_new_literal(_quark_from_string(domain.encode()), code,
                                  str(message).encode("utf-8", "surrogateescape"))


def propagate_gerror(error_location, exc):
    """Store a new GError for exc into a ``GError **`` (no-op when NULL).

    Like g_propagate_error: an already set error is kept and the new one dropped.
    """
    if not error_location or _c.read_pointer(error_location):
        return
    _c.write_pointer(error_location, gerror_new(exc))
