//! `girgen inspect`: what the resolved IR holds, per namespace, and what is skipped and why.

use gir::ir::{FunctionId, FunctionKind, Ir, Namespace, SkipReason, TypeKind};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Counts of one namespace, bound and skipped per kind.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub namespace: String,
    pub version: String,
    /// Asked for on the command line; `false` for namespaces pulled in by an include, whose
    /// `skipped` list is left empty unless `--all` is given.
    pub root: bool,
    pub shared_libraries: Vec<String>,
    /// kind → (bound, skipped); kinds: class, interface, record, union, enum, flags, callback,
    /// alias, function, method, constructor, static, virtual-method, constant, property, signal.
    pub counts: BTreeMap<&'static str, Count>,
    /// Every skipped item with its reason, sorted by item name.
    pub skipped: Vec<SkippedItem>,
    /// Unknown GIR elements that were skipped while loading.
    pub unknown_elements: Vec<String>,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Count {
    pub bound: usize,
    pub skipped: usize,
}

#[derive(Debug, Serialize)]
pub struct SkippedItem {
    pub item: String,
    pub kind: &'static str,
    pub reason: String,
}

fn function_kind(kind: FunctionKind) -> &'static str {
    match kind {
        FunctionKind::Function => "function",
        FunctionKind::Method => "method",
        FunctionKind::Constructor => "constructor",
        FunctionKind::Static => "static",
        FunctionKind::VirtualMethod => "virtual-method",
    }
}

pub fn summarize(ir: &Ir, ns: &Namespace) -> Summary {
    let mut s = Summary {
        namespace: ns.name.clone(),
        version: ns.version.clone(),
        root: ns.is_root,
        shared_libraries: ns.shared_libraries.clone(),
        unknown_elements: ns.unknown_elements.clone(),
        ..Summary::default()
    };
    let tally = |s: &mut Summary, kind: &'static str, item: String, skip: Option<&SkipReason>| {
        let c = s.counts.entry(kind).or_default();
        match skip {
            None => c.bound += 1,
            Some(reason) => {
                c.skipped += 1;
                s.skipped.push(SkippedItem { item, kind, reason: reason.to_string() });
            }
        }
    };
    let functions = |s: &mut Summary, prefix: &str, ids: &[FunctionId]| {
        for f in ids.iter().map(|&f| ir.function(f)) {
            tally(s, function_kind(f.kind), format!("{prefix}.{}", f.name), f.skip.as_ref());
        }
    };
    functions(&mut s, &ns.name, &ns.functions);
    for t in ns.types.iter().map(|&t| ir.ty(t)) {
        let qualified = format!("{}.{}", ns.name, t.name);
        tally(&mut s, t.kind.label(), qualified.clone(), t.skip.as_ref());
        if t.skip.is_some() {
            continue;
        }
        let (fids, vfuncs, props, signals) = match &t.kind {
            TypeKind::Class(c) => (&c.functions[..], &c.virtual_methods[..], &c.properties[..], &c.signals[..]),
            TypeKind::Interface(i) => (&i.functions[..], &i.virtual_methods[..], &i.properties[..], &i.signals[..]),
            TypeKind::Record(r) | TypeKind::Union(r) => (&r.functions[..], &[][..], &[][..], &[][..]),
            TypeKind::Enum(e) | TypeKind::Flags(e) => (&e.functions[..], &[][..], &[][..], &[][..]),
            _ => continue,
        };
        functions(&mut s, &qualified, fids);
        functions(&mut s, &qualified, vfuncs);
        for p in props {
            tally(&mut s, "property", format!("{qualified}:{}", p.name), p.skip.as_ref());
        }
        for sig in signals {
            tally(&mut s, "signal", format!("{qualified}::{}", sig.name), sig.skip.as_ref());
        }
    }
    for c in &ns.constants {
        tally(&mut s, "constant", format!("{}.{}", ns.name, c.name), None);
    }
    for k in &ns.skipped {
        tally(&mut s, "constant", format!("{}.{}", ns.name, k.name), Some(&k.reason));
    }
    s.skipped.sort_by(|a, b| a.item.cmp(&b.item));
    s
}

/// The line printed per namespace after generating.
pub fn one_line(ir: &Ir, ns: &Namespace, backend: &str) -> String {
    let s = summarize(ir, ns);
    let count = |k: &str| s.counts.get(k).copied().unwrap_or_default();
    let callables: usize = ["function", "method", "constructor", "static"].iter().map(|k| count(k).bound).sum();
    let types: usize =
        ["class", "interface", "record", "union", "enum", "flags"].iter().map(|k| count(k).bound).sum();
    format!(
        "girgen: {}-{} ({backend}): {callables} callables, {types} types, {} constants; {} items skipped",
        s.namespace,
        s.version,
        count("constant").bound,
        s.skipped.len()
    )
}

const ORDER: &[&str] = &[
    "class", "interface", "record", "union", "enum", "flags", "callback", "alias", "constant", "function", "constructor",
    "method", "static", "virtual-method", "property", "signal",
];

pub fn text(ir: &Ir, all: bool) -> String {
    let mut out = String::new();
    for ns in &ir.namespaces {
        let s = summarize(ir, ns);
        let role = if ns.is_root { "" } else { " (included)" };
        let _ = writeln!(out, "{}-{}{}  [{}]", s.namespace, s.version, role, s.shared_libraries.join(", "));
        for kind in ORDER {
            if let Some(c) = s.counts.get(kind) {
                let skipped = if c.skipped > 0 { format!("  ({} skipped)", c.skipped) } else { String::new() };
                let _ = writeln!(out, "  {kind:<15}{:>6}{skipped}", c.bound);
            }
        }
        if ns.is_root || all {
            if !s.skipped.is_empty() {
                let _ = writeln!(out, "  skipped:");
            }
            for item in &s.skipped {
                let _ = writeln!(out, "    {} ({}): {}", item.item, item.kind, item.reason);
            }
            for u in &s.unknown_elements {
                let _ = writeln!(out, "  unknown element skipped: {u}");
            }
        } else if !s.skipped.is_empty() {
            let _ = writeln!(out, "  {} items skipped (listed with --all)", s.skipped.len());
        }
        out.push('\n');
    }
    for d in &ir.diagnostics {
        let _ = writeln!(out, "warning: {d}");
    }
    out
}

pub fn json(ir: &Ir, all: bool) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        namespaces: Vec<Summary>,
        diagnostics: &'a [gir::ir::Diagnostic],
    }
    let namespaces = ir
        .namespaces
        .iter()
        .map(|ns| {
            let mut s = summarize(ir, ns);
            if !ns.is_root && !all {
                s.skipped.clear();
            }
            s
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&Report { namespaces, diagnostics: &ir.diagnostics })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
