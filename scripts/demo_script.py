"""The same script on every backend: python3 demo_script.py PACKAGE (or `gi` for PyGObject)."""
import importlib
import sys

package = sys.argv[1]
if package == "gi":
    import gi
    gi.require_version("GIRepository", "2.0")
    from gi.repository import GIRepository, GLib
else:
    GIRepository = importlib.import_module(package + ".GIRepository")
    GLib = importlib.import_module(package + ".GLib")

repo = GIRepository.Repository.get_default()
repo.require("GLib", "2.0", 0)
names = [repo.get_info("GLib", i).get_name() for i in range(repo.get_n_infos("GLib"))]
print("GLib has %d infos; first: %s" % (len(names), ", ".join(names[:4])))
info = repo.find_by_name("GLib", "MainLoop")
print("GLib.MainLoop: info type %d, deprecated: %s" % (int(info.get_type()), info.is_deprecated()))
try:
    repo.require("NoSuchNamespace", None, 0)
except GLib.Error as e:
    print("GLib.Error:", e.domain, int(e.code), e.message)
