//! Python names, following PyGObject's conventions: types keep their GIR names, functions and
//! methods keep their (already snake_case) GIR names, enum members are UPPER_CASE, property names
//! use underscores, and Python keywords get a trailing underscore.

/// Python keywords and soft keywords that cannot be used as identifiers (soft keywords can, but
/// PyGObject escapes the hard ones only).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "print", "exec",
];

/// Makes `name` a valid Python identifier: invalid characters become `_`, a leading digit gets a
/// leading `_`, a keyword gets a trailing `_`.
pub fn identifier(name: &str) -> String {
    let mut out: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if out.is_empty() {
        out.push('_');
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Enum member: `type-name` / `type_name` → `TYPE_NAME`; `2big` → `_2BIG`.
pub fn enum_member(name: &str) -> String {
    // GIR member names are lower snake case already; a generic case converter would split
    // `int64` into `INT_64`, so only map case and separators.
    let upper: String =
        name.chars().map(|c| if c == '-' { '_' } else { c.to_ascii_uppercase() }).collect();
    identifier(&upper)
}

/// Property: `type-name` → `type_name`.
pub fn property(name: &str) -> String {
    identifier(&name.replace('-', "_"))
}

/// Signal names stay as GObject spells them for `connect`; this is the attribute-safe form.
pub fn signal(name: &str) -> String {
    identifier(&name.replace('-', "_"))
}

/// A name that is not snake_case in the GIR (rare; e.g. a field written in camelCase) is kept,
/// since PyGObject keeps it too. Used only for uniqueness suffixes.
pub fn unique(base: &str, taken: &mut Vec<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(identifier("print"), "print_");
        assert_eq!(identifier("from"), "from_");
        assert_eq!(identifier("async"), "async_");
        assert_eq!(identifier("get_name"), "get_name");
    }

    #[test]
    fn invalid_identifiers_are_fixed() {
        assert_eq!(identifier("2big"), "_2big");
        assert_eq!(identifier("a-b"), "a_b");
        assert_eq!(identifier(""), "_");
    }

    #[test]
    fn enum_members_shout() {
        assert_eq!(enum_member("typelib_not_found"), "TYPELIB_NOT_FOUND");
        assert_eq!(enum_member("int64"), "INT64");
        assert_eq!(enum_member("none"), "NONE");
        assert_eq!(enum_member("2d"), "_2D");
    }

    #[test]
    fn properties_use_underscores() {
        assert_eq!(property("type-name"), "type_name");
    }

    #[test]
    fn unique_suffixes() {
        let mut taken = vec!["a".to_string()];
        assert_eq!(unique("a", &mut taken), "a2");
        assert_eq!(unique("b", &mut taken), "b");
    }
}
