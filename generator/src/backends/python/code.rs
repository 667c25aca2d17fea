//! A small builder for indented Python statements, and the per-submodule import set.
//!
//! Marshallers produce statements one at a time; templates place the finished blocks.

use std::collections::BTreeSet;

/// Indented lines of Python.
#[derive(Debug, Default, Clone)]
pub struct Code {
    lines: Vec<String>,
    indent: usize,
}

impl Code {
    pub fn line(&mut self, text: impl AsRef<str>) -> &mut Self {
        let text = text.as_ref();
        self.lines.push(if text.is_empty() { String::new() } else { format!("{}{}", "    ".repeat(self.indent), text) });
        self
    }
    pub fn indent(&mut self) -> &mut Self {
        self.indent += 1;
        self
    }
    pub fn dedent(&mut self) -> &mut Self {
        self.indent = self.indent.saturating_sub(1);
        self
    }
    /// Appends another block, indented by this block's current level.
    pub fn block(&mut self, other: &Code) -> &mut Self {
        for l in &other.lines {
            self.line(l);
        }
        self
    }
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    /// The lines joined, each indented by `extra` more levels (for placing into a template).
    pub fn render(&self, extra: usize) -> String {
        let pad = "    ".repeat(extra);
        let mut out = String::new();
        for l in &self.lines {
            if !l.is_empty() {
                out.push_str(&pad);
                out.push_str(l);
            }
            out.push('\n');
        }
        out
    }
}

/// What a generated submodule imports: runtime helpers by name, sibling namespaces by name.
#[derive(Debug, Default)]
pub struct Imports {
    /// Names imported from the runtime's support module, bound as `_name`.
    pub runtime: BTreeSet<&'static str>,
    /// Other namespace modules used (`from .. import GObject as _ns_GObject`).
    pub namespaces: BTreeSet<String>,
}

impl Imports {
    /// Uses a runtime helper; returns the local name it is bound to.
    pub fn rt(&mut self, name: &'static str) -> String {
        self.runtime.insert(name);
        format!("_{name}")
    }
}

/// A Python string literal (double-quoted, escaped).
pub fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A docstring body: the first paragraph of the GIR doc, made safe for a triple-quoted string.
pub fn docstring(doc: Option<&str>) -> Option<String> {
    let first = doc?.split("\n\n").next()?.trim();
    if first.is_empty() {
        return None;
    }
    let one_line = first.split_whitespace().collect::<Vec<_>>().join(" ");
    let short = if one_line.chars().count() > 300 {
        format!("{}…", one_line.chars().take(300).collect::<String>())
    } else {
        one_line
    };
    // Escaping every quote keeps a doc that ends with `"` from closing the docstring early.
    Some(short.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(py_str("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\x01\"");
    }

    #[test]
    fn code_indents() {
        let mut c = Code::default();
        c.line("if x:").indent().line("y()").dedent().line("z()");
        assert_eq!(c.render(1), "    if x:\n        y()\n    z()\n");
    }

    #[test]
    fn docstrings_are_safe() {
        assert_eq!(docstring(Some("Say \"\"\"hi\"\"\"\n  now\n\nmore")).unwrap(), "Say \\\"\\\"\\\"hi\\\"\\\"\\\" now");
        assert_eq!(docstring(Some("ends with \"http\"")).unwrap(), "ends with \\\"http\\\"");
        assert_eq!(docstring(Some("  ")), None);
    }
}
