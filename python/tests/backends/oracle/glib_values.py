"""GLib functions with strings, integers, out parameters and arrays."""
from oracle_common import load

(GLib,) = load("GLib")
print(GLib.MAJOR_VERSION >= 2, GLib.MAXINT32 if hasattr(GLib, "MAXINT32") else "n/a")
print(GLib.markup_escape_text("<a href='x'>&</a>", -1))
print(GLib.utf8_strup("grüße", -1), GLib.utf8_strlen("grüße", -1))
print(GLib.strcmp0("a", "b"), GLib.strcmp0(None, None))
print(GLib.path_get_basename("/usr/share/gir-1.0"), GLib.path_get_dirname("/usr/share/gir-1.0"))
print(GLib.build_filenamev(["a", "b", "c"]))
print(GLib.str_to_ascii("àéî", None))
print(GLib.shell_quote("it's"))
print(GLib.shell_parse_argv("a 'b c' d"))
try:
    GLib.shell_parse_argv("a 'b")
except GLib.Error as e:
    print("error", e.domain, int(e.code), e.message)
print(GLib.uri_escape_string("a b/c", None, True))
print(GLib.ascii_strtoll("123abc", 10))
print(GLib.unichar_toupper("ä"), GLib.unichar_isdigit("7"))
print(GLib.base64_encode(b"hello"))
print(GLib.compute_checksum_for_string(GLib.ChecksumType.SHA256, "abc", -1))
print(GLib.spaced_primes_closest(100))
v = GLib.Variant.new_int32(42) if hasattr(GLib.Variant, "new_int32") else None
print(v.get_int32() if v is not None else "n/a", v.get_type_string() if v is not None else "n/a")
d = GLib.Date.new_dmy(24, GLib.DateMonth.DECEMBER, 2026)
print(d.get_day(), int(d.get_month()), d.get_year(), int(d.get_weekday()), d.is_leap_year(2024))
