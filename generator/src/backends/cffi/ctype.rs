//! C type spellings for the cdef: parsing the GIR's `c:type` strings, and spelling IR types
//! where the GIR gives none (or one that names something the cdef cannot declare).

/// A parsed `c:type`: a base name, `const` on the base, and one entry per `*` (is that pointer
/// level itself `const`). `volatile` is dropped: cffi does not need it and C accepts the
/// unqualified pointer wherever the qualified one is expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CType {
    pub base: String,
    pub const_base: bool,
    pub ptrs: Vec<bool>,
}

/// Multi-word C base types the parser accepts (cffi knows them all).
const MULTIWORD: &[&str] = &[
    "unsigned char",
    "signed char",
    "unsigned short",
    "unsigned int",
    "unsigned long",
    "long long",
    "unsigned long long",
    "long double",
    "short int",
    "long int",
    "unsigned long int",
    "unsigned short int",
];

impl CType {
    /// Parses a GIR `c:type` such as `const gchar* const*` or `unsigned int*`. Returns None for
    /// anything else (function types, arrays, `struct tm*`, junk), so that the caller falls back
    /// to the IR type.
    pub fn parse(s: &str) -> Option<CType> {
        let mut words: Vec<String> = Vec::new();
        let mut const_base = false;
        let mut ptrs: Vec<bool> = Vec::new();
        let spaced = s.replace('*', " * ");
        for tok in spaced.split_whitespace() {
            match tok {
                "*" => {
                    if words.is_empty() {
                        return None;
                    }
                    ptrs.push(false);
                }
                "const" => match ptrs.last_mut() {
                    Some(last) => *last = true,
                    None => const_base = true,
                },
                "volatile" | "restrict" | "__restrict" => {}
                word => {
                    if !ptrs.is_empty() || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        return None;
                    }
                    if word.starts_with(|c: char| c.is_ascii_digit()) {
                        return None;
                    }
                    words.push(word.to_string());
                }
            }
        }
        let base = match words.len() {
            0 => return None,
            1 => words.pop()?,
            _ => {
                let joined = words.join(" ");
                if !MULTIWORD.contains(&joined.as_str()) {
                    return None;
                }
                joined
            }
        };
        Some(CType { base, const_base, ptrs })
    }

    pub fn is_pointer(&self) -> bool {
        !self.ptrs.is_empty()
    }

    /// The spelling, e.g. `const gchar * const *`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if self.const_base {
            out.push_str("const ");
        }
        out.push_str(&self.base);
        for &c in &self.ptrs {
            out.push_str(" *");
            if c {
                out.push_str(" const");
            }
        }
        out
    }
}

/// C types cffi knows without a declaration (its primitive types and `FILE`).
pub fn is_cffi_builtin(name: &str) -> bool {
    MULTIWORD.contains(&name)
        || matches!(
            name,
            "void"
                | "char"
                | "short"
                | "int"
                | "long"
                | "unsigned"
                | "signed"
                | "float"
                | "double"
                | "_Bool"
                | "bool"
                | "size_t"
                | "ssize_t"
                | "ptrdiff_t"
                | "intptr_t"
                | "uintptr_t"
                | "int8_t"
                | "uint8_t"
                | "int16_t"
                | "uint16_t"
                | "int32_t"
                | "uint32_t"
                | "int64_t"
                | "uint64_t"
                | "wchar_t"
                | "FILE"
        )
}

/// GLib's fundamental typedefs (gtypes.h, glibconfig.h), for LP64 Linux, the platform the IR's
/// integer ranges assume. Declared once, in the cdef of the namespace at the root of the include
/// tree (GLib); every other cdef sees them through `ffi.include`.
pub const GLIB_BASIC: &[(&str, &str)] = &[
    ("gchar", "char"),
    ("guchar", "unsigned char"),
    ("gshort", "short"),
    ("gushort", "unsigned short"),
    ("gint", "int"),
    ("guint", "unsigned int"),
    ("glong", "long"),
    ("gulong", "unsigned long"),
    ("gint8", "signed char"),
    ("guint8", "unsigned char"),
    ("gint16", "short"),
    ("guint16", "unsigned short"),
    ("gint32", "int"),
    ("guint32", "unsigned int"),
    ("gint64", "long"),
    ("guint64", "unsigned long"),
    ("gfloat", "float"),
    ("gdouble", "double"),
    ("gsize", "unsigned long"),
    ("gssize", "long"),
    ("goffset", "long"),
    ("gintptr", "long"),
    ("guintptr", "unsigned long"),
    ("gpointer", "void *"),
    ("gconstpointer", "const void *"),
    ("gboolean", "int"),
    ("gunichar", "unsigned int"),
    ("gunichar2", "unsigned short"),
    ("GType", "unsigned long"),
    ("grefcount", "int"),
    ("gatomicrefcount", "int"),
];

/// POSIX typedefs that GIR `c:type`s name (LP64 Linux/glibc), declared with the GLib basics.
pub const POSIX_BASIC: &[(&str, &str)] = &[
    ("pid_t", "int"),
    ("uid_t", "unsigned int"),
    ("gid_t", "unsigned int"),
    ("time_t", "long"),
    ("off_t", "long"),
    ("dev_t", "unsigned long"),
    ("socklen_t", "unsigned int"),
    ("mode_t", "unsigned int"),
];

pub fn is_basic_typedef(name: &str) -> bool {
    GLIB_BASIC.iter().chain(POSIX_BASIC).any(|(n, _)| *n == name)
}

/// Spells a declarator: a type spelling and a name (`gint x`, `GList * next`).
pub fn declarator(spelling: &str, name: &str) -> String {
    if spelling.ends_with('*') {
        format!("{spelling}{name}")
    } else {
        format!("{spelling} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gir_spellings() {
        let c = CType::parse("const gchar* const*").unwrap();
        assert_eq!(c, CType { base: "gchar".into(), const_base: true, ptrs: vec![true, false] });
        assert_eq!(c.render(), "const gchar * const *");
        assert_eq!(CType::parse("unsigned int*").unwrap().render(), "unsigned int *");
        assert_eq!(CType::parse("volatile const gint*").unwrap().render(), "const gint *");
        assert_eq!(CType::parse("gchar const*").unwrap().render(), "const gchar *");
        assert_eq!(CType::parse("GValue").unwrap().ptrs.len(), 0);
        assert_eq!(CType::parse("long double").unwrap().base, "long double");
        assert!(CType::parse("struct tm*").is_none());
        assert!(CType::parse("*").is_none());
        assert!(CType::parse("").is_none());
        assert!(CType::parse("int[3]").is_none());
    }

    #[test]
    fn declarators() {
        assert_eq!(declarator("gint", "x"), "gint x");
        assert_eq!(declarator("GList *", "next"), "GList *next");
    }
}
