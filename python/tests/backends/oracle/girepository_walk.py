"""Walks GLib's and GObject's typelib infos; prints names, info types and a few facts per info."""
from oracle_common import load

GIRepository, GLib = load("GIRepository", "GLib")
repo = GIRepository.Repository.get_default()
for ns in ("GLib", "GObject"):
    repo.require(ns, "2.0", 0)
    n = repo.get_n_infos(ns)
    print(ns, n, repo.get_version(ns), repo.get_c_prefix(ns), repo.get_shared_library(ns))
    for i in range(n):
        info = repo.get_info(ns, i)
        print(i, info.get_name(), int(info.get_type()), info.is_deprecated(), info.get_namespace())
print({"GLib", "GObject"} <= set(repo.get_loaded_namespaces()))
print(repo.get_dependencies("GObject"))
print(repo.get_immediate_dependencies("GObject"))
print(GIRepository.function_info_get_symbol(repo.find_by_name("GLib", "idle_add")))
for name in ("NoSuchNamespace", "AlsoMissing"):
    try:
        repo.require(name, None, 0)
    except GLib.Error as e:
        print("error", e.domain, int(e.code), e.message)
