"""The rest of Regress (regress.c, the "Everything" library of gobject-introspection): mixed
signatures, aliases, private and skipped items, name handling, lazily built namespaces."""

import pytest


def test_torture_signatures(gi):
    R = gi.Regress
    assert R.test_torture_signature_0(5678, "foo", 3) == (5678.0, 11356, 6)
    assert R.test_torture_signature_1(42, "foo", 2) == (True, 42.0, 84, 5)
    seen = []
    assert R.test_torture_signature_2(42, lambda: seen.append("cb"), "foo", 7) == (42.0, 84, 10)
    assert seen == ["cb"]


def test_results_are_tuples_with_names(gi):
    r = gi.Regress.test_torture_signature_0(1, "ab", 1)
    assert isinstance(r, tuple) and r == (1.0, 2, 3)
    assert (r.y, r.z, r.q) == (1.0, 2, 3)


def test_function_with_many_kinds_of_params(gi):
    R = gi.Regress
    R.has_parameter_named_attrs(1, list(range(32)))
    with pytest.raises(ValueError, match="'attributes'"):
        R.has_parameter_named_attrs(1, [0] * 31)
    R.test_nested_parameter(3)
    R.test_multiline_doc_comments()
    R.test_versioning()


def test_struct_with_string_setter(gi):
    R = gi.Regress
    item = R.LikeXklConfigItem()
    item.set_name("foo")
    assert item.name[:4] == [ord("f"), ord("o"), ord("o"), 0]  # a gchar[32] field


def test_aliases(gi):
    R = gi.Regress
    assert R.AliasedTestBoxed is R.TestBoxed
    assert R.TestTypeGUInt64 is int
    assert R.GUINT64_CONSTANTA == 2 ** 64 - 1


def test_skipped_items_are_absent(gi):
    R = gi.Regress
    for name in ("SkippedStructure", "random_function_with_skipped_structure",
                 "test_skip_unannotated_callback", "IntsetAlias"):
        assert not hasattr(R, name)


def test_private_fields_are_hidden(gi):
    R = gi.Regress
    s = R.TestPrivateStruct()
    assert s.this_is_public_before == 0
    assert s.this_is_public_after == 0
    assert not hasattr(s, "this_is_private")


def test_keyword_names(gi):
    # Parameters named after Python keywords get a trailing underscore.
    R = gi.Regress
    assert R.test_int(in_=3) == 3


def test_enum_members(gi):
    R = gi.Regress
    assert [m.name for m in R.TestEnum] == ["VALUE1", "VALUE2", "VALUE3", "VALUE4", "VALUE5"]
    assert (R.TestEnum.VALUE3, R.TestEnum.VALUE4, R.TestEnum.VALUE5) == (-1, 48, 49)  # '0' == 48
    assert R.TestEnumUnsigned.VALUE1 == 1
    assert R.TestFlags.FLAG2 == 2
    assert (R.TestEnumNoGEnum.EVALUE2, R.TestEnumNoGEnum.EVALUE3) == (42, 48)
    assert R.TestEnum.__gtype__.name == "RegressTestEnum"
    assert R.TestEnum.param(R.TestEnum.VALUE2) == "value2"


def test_error_enums(gi):
    R, GLib = gi.Regress, gi.GLib
    for enum, domain in ((R.TestError, "regress-test-error"), (R.ATestError, "regress-atest-error"),
                         (R.TestABCError, "regress-test-abc-error"), (R.TestDEFError, "regress-test-def-error"),
                         (R.TestOtherError, "regress-test-other-error")):
        assert issubclass(enum.Error, GLib.Error)
        e = GLib.Error("x", domain, 1)
        assert e.matches(domain, 1)


def test_namespace_is_lazy(gi):
    import sys
    mod = sys.modules[gi.package + ".Regress"]
    assert "test_versioning" in dir(mod)


def test_gobject_derived_constants_and_functions(gi):
    GObject = gi.GObject
    assert GObject.type_name(GObject.TYPE_INT) == "gint"
    assert GObject.type_from_name("gint") == GObject.TYPE_INT
    assert GObject.type_is_a(gi.Regress.TestSubObj.__gtype__, gi.Regress.TestObj.__gtype__) is True


def test_glib_functions(gi):
    GLib = gi.GLib
    assert GLib.utf8_strlen("a\u2665b", -1) == 3
    assert GLib.ascii_strup("abc", -1) == "ABC"
    assert GLib.markup_escape_text("<a>", -1) == "&lt;a&gt;"
    assert GLib.MAJOR_VERSION == 2
    assert GLib.get_user_name()
