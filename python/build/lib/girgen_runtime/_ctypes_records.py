"""Field access for generated record classes whose ``_layout_`` is a ctypes Structure.

    class _RectLayout(ctypes.Structure):
        _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ...]

    class Rectangle(Boxed):
        __slots__ = ()
        __gtype__ = LazyGType(_lib.gdk_rectangle_get_type)
        _layout_ = _RectLayout
        _size_ = ctypes.sizeof(_RectLayout)
        x = Field("x", check=INT32)
        name = Field("name", to_py=utf8_from_none)   # char* field, read-only
        origin = EmbeddedField("origin", lambda: Point)  # nested struct by value
"""

__all__ = ["Field", "EmbeddedField"]


class Field:
    """Data descriptor for one field of ``_layout_``.

    to_py: converter applied on read (e.g. utf8_from_none for a char* field
    declared c_void_p, object_from_none for a GObject* field).
    from_py: converter applied on write; without it a field with to_py is
    read-only.  check: an ArgKind validated on write (ctypes truncates ints).
    """

    __slots__ = ("name", "to_py", "from_py", "check")

    def __init__(self, name, to_py=None, from_py=None, check=None):
        self.name = name
        self.to_py = to_py
        self.from_py = from_py
        self.check = check

    def __get__(self, obj, cls):
        if obj is None:
            return self
        v = getattr(obj._struct(), self.name)
        return v if self.to_py is None else self.to_py(v)

    def __set__(self, obj, value):
        if self.to_py is not None and self.from_py is None:
            raise AttributeError("field '%s' is read-only" % self.name)
        chk = self.check
        if chk is not None:
            r = chk.check(value)
            if r is not None:
                raise r[0]("field '%s' %s" % (self.name, r[1]))
        if self.from_py is not None:
            value = self.from_py(value)
        setattr(obj._struct(), self.name, value)


class EmbeddedField:
    """A struct embedded by value: reads give a wrapper of cls that borrows the
    parent's memory (and keeps the parent alive)."""

    __slots__ = ("name", "cls")

    def __init__(self, name, cls):
        self.name = name
        self.cls = cls  # class, or zero-arg callable returning it

    def __get__(self, obj, owner):
        if obj is None:
            return self
        cls = self.cls
        if not isinstance(cls, type):
            cls = self.cls = cls()
        offset = getattr(type(obj)._layout_, self.name).offset
        w = object.__new__(cls)
        w._ptr = obj._ptr + offset
        w._own = 0  # OWN_NONE
        w._buf = obj  # keeps the parent's memory alive
        return w

