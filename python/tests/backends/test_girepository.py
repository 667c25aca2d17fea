"""libgirepository through the generated bindings, checked against the GIR XML."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

GIR_DIR = Path("/usr/share/gir-1.0")
CORE = "{http://www.gtk.org/introspection/core/1.0}"
GLIB = "{http://www.gtk.org/introspection/glib/1.0}"

# GIR element -> GIInfoType name
ELEMENT_INFO_TYPE = {
    CORE + "function": "FUNCTION",
    CORE + "callback": "CALLBACK",
    CORE + "record": "STRUCT",
    GLIB + "boxed": "BOXED",
    CORE + "enumeration": "ENUM",
    CORE + "bitfield": "FLAGS",
    CORE + "class": "OBJECT",
    CORE + "interface": "INTERFACE",
    CORE + "constant": "CONSTANT",
    CORE + "union": "UNION",
}


def gir_entries(namespace):
    """{name: info type name} of the top-level entries of a GIR file, read independently."""
    root = ET.parse(GIR_DIR / ("%s-2.0.gir" % namespace)).getroot()
    ns = root.find(CORE + "namespace")
    out = {}
    for el in ns:
        kind = ELEMENT_INFO_TYPE.get(el.tag)
        if kind is not None:
            out[el.get("name")] = kind
    return out


@pytest.fixture
def repo(gi):
    r = gi.GIRepository.Repository.get_default()
    r.require("GLib", "2.0", 0)
    r.require("GObject", "2.0", 0)
    return r


def test_issue_example_script(gi):
    GIRepository, GLib = gi.GIRepository, gi.GLib
    repo = GIRepository.Repository.get_default()
    repo.require("GLib", "2.0", 0)
    names = [repo.get_info("GLib", i).get_name() for i in range(repo.get_n_infos("GLib"))]
    assert "MainLoop" in names and "idle_add" in names
    with pytest.raises(GLib.Error) as info:
        repo.require("NoSuchNamespace", None, 0)
    e = info.value
    assert e.domain == "g-irepository-error-quark"
    assert e.code == GIRepository.RepositoryError.TYPELIB_NOT_FOUND == 0
    assert e.message == "Typelib file for namespace 'NoSuchNamespace' (any version) not found"
    assert isinstance(e, RuntimeError)
    assert isinstance(e, GIRepository.RepositoryError.Error)
    assert e.matches("g-irepository-error-quark", 0)
    assert not e.matches("g-irepository-error-quark", 1)


@pytest.mark.parametrize("namespace", ["GLib", "GObject"])
def test_every_info_matches_the_gir(gi, repo, namespace):
    expected = gir_entries(namespace)
    InfoType = gi.GIRepository.InfoType
    seen = {}
    for i in range(repo.get_n_infos(namespace)):
        info = repo.get_info(namespace, i)
        assert info.get_namespace() == namespace
        t = info.get_type()
        assert isinstance(t, InfoType)
        seen[info.get_name()] = t.name
    # The typelib holds every introspectable top-level entry of the GIR with the same kind.
    wrong = {n: (t, expected.get(n)) for n, t in seen.items() if expected.get(n) != t}
    assert not wrong
    missing = set(expected) - set(seen)
    assert len(seen) > 100
    assert len(missing) < len(expected) * 0.2, sorted(missing)[:20]


def test_find_by_name(gi, repo):
    info = repo.find_by_name("GObject", "Object")
    assert info.get_name() == "Object"
    assert info.get_type() == gi.GIRepository.InfoType.OBJECT
    assert repo.find_by_name("GObject", "NoSuchThing") is None
    fn = repo.find_by_name("GLib", "idle_add")
    assert fn.get_type() == gi.GIRepository.InfoType.FUNCTION
    # Aliases of BaseInfo take any info: a namespace-level function of GIRepository.
    assert gi.GIRepository.function_info_get_symbol(fn) == "g_idle_add_full"


def test_out_parameters_and_lists(gi, repo):
    versions = repo.enumerate_versions("GLib")
    assert "2.0" in versions
    loaded = repo.get_loaded_namespaces()
    assert {"GLib", "GObject"} <= set(loaded)
    assert repo.get_version("GLib") == "2.0"
    assert repo.is_registered("GLib", None) is True
    assert repo.is_registered("NoSuch", None) is False


def test_wrong_arguments_raise_python_exceptions(gi, repo):
    with pytest.raises(TypeError, match="namespace_"):
        repo.get_n_infos(42)
    with pytest.raises(TypeError, match="namespace_"):
        repo.get_n_infos(None)
    with pytest.raises(ValueError, match="namespace_"):
        repo.get_n_infos("GLib\0x")
    with pytest.raises(OverflowError, match="index"):
        repo.get_info("GLib", 2 ** 40)
    with pytest.raises(TypeError, match="index"):
        repo.get_info("GLib", "0")
