
class _Libraries(object):
    """The namespace's libraries as one: a symbol is looked up in each, in the GIR's order."""

    def __init__(self, libs):
        self._libs = libs

    def __getattr__(self, name):
        for lib in self._libs:
            try:
                value = getattr(lib, name)
            except AttributeError:
                continue
            setattr(self, name, value)
            return value
        raise AttributeError("no symbol %r in %s" % (name, ", ".join(SHARED_LIBRARIES)))


def _open():
    libs = [ffi.dlopen(name) for name in SHARED_LIBRARIES]
    if not libs:
        return None
    # dlsym on a library also searches its dependencies, so one handle usually finds everything.
    return libs[0] if len(libs) == 1 else _Libraries(libs)


lib = _open()
