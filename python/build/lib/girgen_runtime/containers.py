"""Strings, strv, C arrays, GList/GSList and GHashTable conversions.

Transfer constants: TRANSFER_NONE (C keeps everything), TRANSFER_CONTAINER
(caller frees the container only), TRANSFER_FULL (caller frees container and
elements).  Element converters take a pointer (or number) and return the
Python value; with TRANSFER_FULL they must take ownership of the element
(e.g. object_from_full, utf8_from_full), with NONE/CONTAINER they must not
(object_from_none, utf8_from_none).
"""

import os

from ._core import core as _c

__all__ = [
    "TRANSFER_NONE", "TRANSFER_CONTAINER", "TRANSFER_FULL",
    "utf8_from_none", "utf8_from_full", "utf8_to_full", "filename_from_none",
    "filename_from_full", "filename_to_bytes", "filename_to_full",
    "strv_from_none", "strv_from_full", "strv_from_container", "strv_to_list",
    "strv_new", "strv_new_full",
    "glist_to_list", "gslist_to_list", "list_to_glist", "list_to_gslist",
    "glist_free", "gslist_free",
    "ghashtable_to_dict", "dict_to_ghashtable", "HASH_POINTER", "HASH_STRING",
    "carray_to_list", "carray_zt_to_list", "list_to_carray", "list_to_carray_full",
]

TRANSFER_NONE = 0
TRANSFER_CONTAINER = 1
TRANSFER_FULL = 2

_string_at = _c.string_at
_g_free = _c.g_free
_g_strdup = _c.g_strdup
_read_pointer = _c.read_pointer
_PSIZE = _c.POINTER_SIZE
_fsdecode = os.fsdecode
_fsencode = os.fsencode

# --- strings ------------------------------------------------------------------------


def utf8_from_none(p):
    """str from a ``const char *`` address (not freed); None for NULL."""
    if not p:
        return None
    return _string_at(p).decode()


def utf8_from_full(p):
    """str from an owned ``char *`` address, which is g_free'd; None for NULL."""
    if not p:
        return None
    try:
        return _string_at(p).decode()
    finally:
        _g_free(p)


def utf8_to_full(s):
    """g_strdup'ed copy of a str (transfer-full argument / container element)."""
    if s is None:
        return None
    return _g_strdup(s.encode())


def filename_from_none(p):
    if not p:
        return None
    return _fsdecode(_string_at(p))


def filename_from_full(p):
    if not p:
        return None
    try:
        return _fsdecode(_string_at(p))
    finally:
        _g_free(p)


def filename_to_bytes(s):
    """bytes for a filename argument: str (fs encoding), bytes or os.PathLike."""
    return None if s is None else _fsencode(s)


def filename_to_full(s):
    return None if s is None else _g_strdup(_fsencode(s))


# --- strv ---------------------------------------------------------------------------


def strv_to_list(p, transfer=TRANSFER_NONE):
    """list[str] from a NULL-terminated ``char **``; frees per transfer."""
    if not p:
        return []
    n = _c.array_length_zero_terminated(p, _c.KIND_POINTER)
    ptrs = _c.array_read(p, n, _c.KIND_POINTER)
    out = [_string_at(x).decode() for x in ptrs]
    if transfer == TRANSFER_FULL:
        _c.g_strfreev(p)
    elif transfer == TRANSFER_CONTAINER:
        _g_free(p)
    return out


def strv_from_none(p):
    return strv_to_list(p, TRANSFER_NONE)


def strv_from_full(p):
    return strv_to_list(p, TRANSFER_FULL)


def strv_from_container(p):
    return strv_to_list(p, TRANSFER_CONTAINER)


def _encode_strv(items):
    enc = []
    for s in items:
        if not isinstance(s, str):
            raise TypeError("must be a sequence of str, not containing %s" % type(s).__name__)
        if "\0" in s:
            raise ValueError("embedded null character")
        enc.append(s.encode())
    return enc


def strv_new(items):
    """Python-owned ``char **`` for a transfer-none argument: (keepalive, address).
    Raises TypeError for non-str items, ValueError for embedded NUL."""
    return _c.strv_new(_encode_strv(items))


def strv_new_full(items):
    """g_malloc'ed ``char **`` of g_strdup'ed strings (transfer full / g_strfreev)."""
    return _c.array_new_gmalloc([_g_strdup(b) for b in _encode_strv(items)],
                                _c.KIND_POINTER, zero_terminated=True)


# --- GList / GSList -------------------------------------------------------------------


def _walk(p):
    """data pointers of a GList/GSList (data is at offset 0, next after it)."""
    out = []
    append = out.append
    read = _read_pointer
    nxt = _PSIZE
    while p:
        append(read(p))
        p = read(p + nxt)
    return out


def glist_to_list(p, conv, transfer=TRANSFER_NONE):
    """list from a GList*: conv(data) per element; frees the list unless
    transfer is TRANSFER_NONE (elements are owned by conv with TRANSFER_FULL)."""
    if not p:
        return []
    data = _walk(p)
    try:
        return [conv(d) for d in data] if conv is not None else data
    finally:
        if transfer != TRANSFER_NONE:
            _c.g_list_free(p)


def gslist_to_list(p, conv, transfer=TRANSFER_NONE):
    if not p:
        return []
    data = _walk(p)
    try:
        return [conv(d) for d in data] if conv is not None else data
    finally:
        if transfer != TRANSFER_NONE:
            _c.g_slist_free(p)


def list_to_glist(items, conv=None):
    """New GList* with conv(item) as data (conv returns a pointer/int).
    The caller frees it (glist_free) unless the C function takes it."""
    prepend = _c.g_list_prepend
    p = None
    for it in reversed(items):
        p = prepend(p, conv(it) if conv is not None else it)
    return p


def list_to_gslist(items, conv=None):
    prepend = _c.g_slist_prepend
    p = None
    for it in reversed(items):
        p = prepend(p, conv(it) if conv is not None else it)
    return p


def glist_free(p, free_elem=None):
    """g_list_free, or g_list_free_full with a C free function address."""
    if not p:
        return
    if free_elem:
        _c.g_list_free_full(p, free_elem)
    else:
        _c.g_list_free(p)


def gslist_free(p, free_elem=None):
    if not p:
        return
    if free_elem:
        _c.g_slist_free_full(p, free_elem)
    else:
        _c.g_slist_free(p)


# --- GHashTable -------------------------------------------------------------------------

HASH_POINTER = 0  # g_direct_hash/g_direct_equal (pointers, GINT_TO_POINTER ints)
HASH_STRING = 1   # g_str_hash/g_str_equal


def ghashtable_to_dict(p, kconv, vconv, transfer=TRANSFER_NONE):
    """dict from a GHashTable*.  Converters always have transfer-none semantics
    (copy/ref); with a transfer other than NONE the table is unreffed afterwards,
    which frees elements through the table's own destroy functions."""
    if not p:
        return {}
    try:
        items = _c.hash_table_items(p)
        if kconv is None and vconv is None:
            return dict(items)
        return {(kconv(k) if kconv is not None else k): (vconv(v) if vconv is not None else v)
                for k, v in items}
    finally:
        if transfer != TRANSFER_NONE:
            _c.g_hash_table_unref(p)


def dict_to_ghashtable(d, kconv=None, vconv=None, key_type=HASH_POINTER,
                       key_free=None, value_free=None):
    """New GHashTable* (ref 1) from a dict; converters return pointers/ints.

    For string keys pass key_type=HASH_STRING, kconv=utf8_to_full and
    key_free=core.G_FREE.  The caller unrefs it unless C takes it.
    """
    if key_type == HASH_STRING:
        t = _c.g_hash_table_new_full(_c.G_STR_HASH, _c.G_STR_EQUAL, key_free, value_free)
    else:
        t = _c.g_hash_table_new_full(_c.G_DIRECT_HASH, _c.G_DIRECT_EQUAL, key_free, value_free)
    insert = _c.g_hash_table_insert
    for k, v in d.items():
        insert(t, kconv(k) if kconv is not None else k, vconv(v) if vconv is not None else v)
    return t


# --- C arrays ---------------------------------------------------------------------------


def carray_to_list(p, n, kind, transfer=TRANSFER_NONE, conv=None):
    """list from n elements of kind (core.KIND_*) at p.  With conv (pointer
    elements) each element is converted; the array is g_free'd unless
    transfer is TRANSFER_NONE."""
    if not p:
        return []
    try:
        vals = _c.array_read(p, n, kind)
        return [conv(v) for v in vals] if conv is not None else vals
    finally:
        if transfer != TRANSFER_NONE:
            _g_free(p)


def carray_zt_to_list(p, kind, transfer=TRANSFER_NONE, conv=None):
    """Like carray_to_list for a zero-terminated array."""
    if not p:
        return []
    n = _c.array_length_zero_terminated(p, kind)
    return carray_to_list(p, n, kind, transfer, conv)


def list_to_carray(items, kind, zero_terminated=False, conv=None):
    """Python-owned C array: (keepalive, address, length).  Numbers are
    range-checked by the backend only (ctypes truncates): validate before."""
    vals = [conv(x) for x in items] if conv is not None else list(items)
    keep, addr = _c.array_new(vals, kind, zero_terminated)
    return keep, addr, len(vals)


def list_to_carray_full(items, kind, zero_terminated=False, conv=None):
    """g_malloc'ed C array (transfer full): (address, length)."""
    vals = [conv(x) for x in items] if conv is not None else list(items)
    return _c.array_new_gmalloc(vals, kind, zero_terminated), len(vals)
