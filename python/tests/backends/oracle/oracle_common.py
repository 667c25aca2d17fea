"""Loads namespaces from PyGObject (`gi`) or from a generated package, by the first argument."""
import importlib
import sys


def load(*namespaces):
    package = sys.argv[1]
    if package == "gi":
        import gi
        versions = {"GIMarshallingTests": "1.0", "Regress": "1.0", "Bench": "1.0"}
        for ns in namespaces:
            gi.require_version(ns, versions.get(ns, "2.0"))
        return tuple(importlib.import_module("gi.repository." + ns) for ns in namespaces)
    return tuple(importlib.import_module(package + "." + ns) for ns in namespaces)
