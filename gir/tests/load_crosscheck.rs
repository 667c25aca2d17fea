//! girgen's loader against gir-parser 0.1.6 on every GIR in /usr/share/gir-1.0, plus the inputs
//! on which gir-parser falls short (the claims of `gir::load`'s module documentation).

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use gir::load::{parse_file, parse_str};
use gir::model::*;
use gir_parser::prelude::*;

const SYSTEM_GIR_DIR: &str = "/usr/share/gir-1.0";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(name)
}

/// Runs gir-parser, turning a panic into `Err(message)`.
fn gir_parser_str(text: &str) -> Result<Result<gir_parser::Repository, String>, String> {
    catch_unwind(AssertUnwindSafe(|| {
        gir_parser::Repository::from_str(text).map_err(|e| e.to_string())
    }))
    .map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

type Summary = BTreeMap<String, String>;

/// The same facts from both parsers, as `key → value` strings, so a mismatch names its place.
fn summarize_ours(ns: &Namespace) -> Summary {
    let mut s = Summary::new();
    let mut put = |k: String, v: String| {
        s.insert(k, v);
    };
    put("functions".into(), ns.functions.len().to_string());
    put("classes".into(), ns.classes.len().to_string());
    put("interfaces".into(), ns.interfaces.len().to_string());
    put("records".into(), ns.records.len().to_string());
    put("unions".into(), ns.unions.len().to_string());
    put(
        "enums".into(),
        ns.enums.iter().filter(|e| !e.is_bitfield).count().to_string(),
    );
    put(
        "bitfields".into(),
        ns.enums.iter().filter(|e| e.is_bitfield).count().to_string(),
    );
    put("callbacks".into(), ns.callbacks.len().to_string());
    put("constants".into(), ns.constants.len().to_string());
    put("aliases".into(), ns.aliases.len().to_string());
    put("c_identifier_prefixes".into(), ns.c_identifier_prefixes.join(","));
    put("c_symbol_prefixes".into(), ns.c_symbol_prefixes.join(","));
    put("shared_libraries".into(), ns.shared_libraries.join(","));
    for c in &ns.classes {
        let k = format!("class {}", c.name);
        put(format!("{k} methods"), c.methods.len().to_string());
        put(format!("{k} constructors"), c.constructors.len().to_string());
        put(format!("{k} functions"), c.functions.len().to_string());
        put(format!("{k} virtual methods"), c.virtual_methods.len().to_string());
        put(format!("{k} properties"), c.properties.len().to_string());
        put(format!("{k} signals"), c.signals.len().to_string());
        put(format!("{k} parent"), c.parent.clone().unwrap_or_default());
        put(
            format!("{k} type struct"),
            c.glib_type_struct.clone().unwrap_or_default(),
        );
    }
    for i in &ns.interfaces {
        put(format!("interface {} methods", i.name), i.methods.len().to_string());
    }
    for r in &ns.records {
        let k = format!("record {}", r.name);
        put(format!("{k} methods"), r.methods.len().to_string());
        put(
            format!("{k} copy/free"),
            format!("{:?}/{:?}", r.copy_function, r.free_function),
        );
        put(
            format!("{k} gtype struct for"),
            r.is_gtype_struct_for.clone().unwrap_or_default(),
        );
    }
    for e in &ns.enums {
        let k = format!("enum {}", e.name);
        put(
            format!("{k} members"),
            e.members
                .iter()
                .map(|m| format!("{}={}", m.name, m.value))
                .collect::<Vec<_>>()
                .join(" "),
        );
        put(
            format!("{k} error domain"),
            e.glib_error_domain.clone().unwrap_or_default(),
        );
    }
    s
}

fn summarize_theirs(ns: &gir_parser::Namespace) -> Summary {
    let mut s = Summary::new();
    let mut put = |k: String, v: String| {
        s.insert(k, v);
    };
    let split = |v: Option<&str>| {
        v.map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
    };
    put("functions".into(), ns.functions().len().to_string());
    put("classes".into(), ns.classes().len().to_string());
    put("interfaces".into(), ns.interfaces().len().to_string());
    put("records".into(), ns.records().len().to_string());
    put("unions".into(), ns.unions().len().to_string());
    put("enums".into(), ns.enums().len().to_string());
    put("bitfields".into(), ns.flags().len().to_string());
    put("callbacks".into(), ns.callbacks().len().to_string());
    put("constants".into(), ns.constants().len().to_string());
    put("aliases".into(), ns.aliases().len().to_string());
    put(
        "c_identifier_prefixes".into(),
        ns.c_identifier_prefixes().collect::<Vec<_>>().join(","),
    );
    put(
        "c_symbol_prefixes".into(),
        ns.c_symbol_prefixes().collect::<Vec<_>>().join(","),
    );
    put("shared_libraries".into(), split(ns.shared_library()));
    for c in ns.classes() {
        let k = format!("class {}", c.name());
        put(format!("{k} methods"), c.methods().count().to_string());
        put(format!("{k} constructors"), c.constructors().count().to_string());
        put(format!("{k} functions"), c.functions().count().to_string());
        put(format!("{k} virtual methods"), c.virtual_methods().len().to_string());
        put(format!("{k} properties"), c.properties().len().to_string());
        put(format!("{k} signals"), c.signals().len().to_string());
        put(format!("{k} parent"), c.parent().unwrap_or_default().to_owned());
        put(
            format!("{k} type struct"),
            c.g_type_struct().unwrap_or_default().to_owned(),
        );
    }
    for i in ns.interfaces() {
        put(
            format!("interface {} methods", i.name()),
            i.methods().count().to_string(),
        );
    }
    for r in ns.records() {
        let k = format!("record {}", r.name().unwrap_or_default());
        put(format!("{k} methods"), r.methods().count().to_string());
        put(
            format!("{k} copy/free"),
            format!("{:?}/{:?}", r.copy_function(), r.free_function()),
        );
        put(
            format!("{k} gtype struct for"),
            r.g_is_gtype_struct_for().unwrap_or_default().to_owned(),
        );
    }
    for e in ns.enums() {
        let k = format!("enum {}", e.name());
        put(
            format!("{k} members"),
            e.members()
                .iter()
                .map(|m| format!("{}={}", m.name(), m.value()))
                .collect::<Vec<_>>()
                .join(" "),
        );
        put(
            format!("{k} error domain"),
            e.g_error_domain().unwrap_or_default().to_owned(),
        );
    }
    for e in ns.flags() {
        let k = format!("enum {}", e.name());
        put(
            format!("{k} members"),
            e.members()
                .iter()
                .map(|m| format!("{}={}", m.name(), m.value()))
                .collect::<Vec<_>>()
                .join(" "),
        );
        put(format!("{k} error domain"), String::new());
    }
    s
}

#[test]
fn same_counts_as_gir_parser_on_system_girs() {
    let Ok(dir) = std::fs::read_dir(SYSTEM_GIR_DIR) else {
        eprintln!("skipped: {SYSTEM_GIR_DIR} does not exist");
        return;
    };
    let mut girs: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "gir"))
        .collect();
    girs.sort();
    let mut files = Files::default();
    let mut compared = 0;
    let mut problems = Vec::new();
    for path in &girs {
        let text = std::fs::read_to_string(path).unwrap();
        let ours = parse_file(&mut files, path).unwrap_or_else(|e| panic!("{e}"));
        let theirs = match gir_parser_str(&text) {
            Ok(Ok(r)) => r,
            // Not our failure: reported, and the file is not compared.
            Ok(Err(e)) => {
                eprintln!("{}: gir-parser error: {e}", path.display());
                continue;
            }
            Err(panic) => {
                eprintln!("{}: gir-parser panicked: {panic}", path.display());
                continue;
            }
        };
        assert_eq!(ours.namespace.name, theirs.namespace().name());
        let (a, b) = (summarize_ours(&ours.namespace), summarize_theirs(theirs.namespace()));
        for key in a.keys().chain(b.keys()).collect::<std::collections::BTreeSet<_>>() {
            if a.get(key) != b.get(key) {
                problems.push(format!(
                    "{} {key}: girgen {:?}, gir-parser {:?}",
                    path.display(),
                    a.get(key),
                    b.get(key)
                ));
            }
        }
        compared += 1;
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(compared > 0 || girs.is_empty());
    eprintln!("compared {compared} of {} GIR files", girs.len());
}

// ---- where gir-parser falls short ---------------------------------------------------------

/// A bad enumerated or integer attribute: gir-parser's derive code panics.
#[test]
fn bad_attribute_value_panics_in_gir_parser() {
    for name in ["bad_closure.gir", "bad_direction.gir"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        assert_eq!(
            gir_parser_str(&text).err().as_deref(),
            Some("deserialize failed in attr opt"),
            "{name}"
        );
        let mut files = Files::default();
        assert!(parse_str(&mut files, name.into(), &text).is_err());
    }
}

/// A missing required attribute or child: gir-parser unwraps a `None`.
#[test]
fn missing_attribute_and_truncation_panic_in_gir_parser() {
    for name in ["missing_name.gir", "truncated.gir"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        assert_eq!(
            gir_parser_str(&text).err().as_deref(),
            Some("called `Option::unwrap()` on a `None` value"),
            "{name}"
        );
        let mut files = Files::default();
        assert!(parse_str(&mut files, name.into(), &text).is_err());
    }
}

/// A truncated file that happens to cut between elements: gir-parser swallows the XML error and
/// returns a partial repository.
#[test]
fn truncated_file_is_silently_partial_in_gir_parser() {
    let path = Path::new(SYSTEM_GIR_DIR).join("GLib-2.0.gir");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: no {}", path.display());
        return;
    };
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let half = &text[..cut];
    let theirs = gir_parser_str(half).expect("no panic here").expect("no error either");
    assert!(
        theirs.namespace().functions().len() < 100,
        "gir-parser kept {} functions",
        theirs.namespace().functions().len()
    );
    let mut files = Files::default();
    let e = parse_str(&mut files, path.clone(), half).unwrap_err();
    assert!(e.to_string().starts_with(&format!("{}:", path.display())), "{e}");
}

/// A signal without `<return-value>` (allowed by the schema): gir-parser panics.
#[test]
fn signal_without_return_value_panics_in_gir_parser() {
    let text = "<repository><namespace name='a' version='1'><interface name='I' glib:type-name='I' glib:get-type='i_get_type'>\
                <glib:signal name='s'/></interface></namespace></repository>";
    assert_eq!(
        gir_parser_str(text).err().as_deref(),
        Some("called `Option::unwrap()` on a `None` value")
    );
    let mut files = Files::default();
    let r = parse_str(&mut files, "s.gir".into(), text).unwrap();
    assert!(matches!(
        r.namespace.interfaces[0].signals[0].return_value.ty,
        AnyType::Missing(_)
    ));
}

/// An array of arrays (g_desktop_app_info_search returns one): gir-parser keeps one level only.
#[test]
fn nested_array_loses_a_level_in_gir_parser() {
    let text = "<repository><namespace name='a' version='1'><function name='f' c:identifier='f'><return-value>\
                <array c:type='gchar***'><array><type name='utf8'/></array></array></return-value></function></namespace></repository>";
    let theirs = gir_parser_str(text).unwrap().unwrap();
    let rv = theirs.namespace().functions()[0].return_value();
    let ty = rv.ty();
    assert!(ty.is_array());
    assert_eq!(ty.as_array().ty().name(), Some("utf8"), "the inner array is gone");

    let mut files = Files::default();
    let r = parse_str(&mut files, "a.gir".into(), text).unwrap();
    let AnyType::Array(outer) = &r.namespace.functions[0].return_value.ty else {
        panic!()
    };
    let AnyType::Array(inner) = outer.element.as_ref() else {
        panic!("inner array lost")
    };
    assert!(matches!(inner.element.as_ref(), AnyType::Type(t) if t.name.as_deref() == Some("utf8")));
}

/// gir-parser keeps no positions and parses versions lossily into three u16s.
#[test]
fn versions_are_lossy_in_gir_parser() {
    let text = "<repository><namespace name='a' version='1'><function name='f' c:identifier='f' version='1.2.3.4' deprecated-version='3.0-beta'>\
                <return-value><type name='none'/></return-value></function></namespace></repository>";
    let theirs = gir_parser_str(text).unwrap().unwrap();
    let f = &theirs.namespace().functions()[0];
    assert_eq!(f.version().map(|v| v.to_string()), Some("1.2.3".to_owned()));
    assert_eq!(f.deprecated_version().map(|v| (v.major(), v.minor())), Some((3, None)));
    let mut files = Files::default();
    let r = parse_str(&mut files, "v.gir".into(), text).unwrap();
    let c = &r.namespace.functions[0].common;
    assert_eq!(
        (c.version.as_deref(), c.deprecated_version.as_deref()),
        (Some("1.2.3.4"), Some("3.0-beta"))
    );
    assert_eq!((c.span.line, c.span.col), (1, 45));
}

/// An attribute gir-parser does not know (the format grows): its `deny_unknown_fields` panics.
/// An unknown child element, on the other hand, disappears without a trace; ours is recorded.
#[test]
fn unknown_attribute_panics_and_unknown_element_vanishes_in_gir_parser() {
    let attr = "<repository><namespace name='a' version='1'><function name='f' c:identifier='f' frob='1'>\
                <return-value><type name='none'/></return-value></function></namespace></repository>";
    assert_eq!(
        gir_parser_str(attr).err().as_deref(),
        Some("encoutnering unknown field: \"frob\"")
    );
    let mut files = Files::default();
    assert!(parse_str(&mut files, "a.gir".into(), attr).is_ok());

    let elem = "<repository><namespace name='a' version='1'><function name='f' c:identifier='f'><frob/>\
                <return-value><type name='none'/></return-value></function></namespace></repository>";
    assert_eq!(gir_parser_str(elem).unwrap().unwrap().namespace().functions().len(), 1);
    let r = parse_str(&mut files, "e.gir".into(), elem).unwrap();
    assert_eq!(r.unknown.len(), 1);
    assert_eq!(
        (r.unknown[0].element.as_str(), r.unknown[0].parent.as_str()),
        ("frob", "function")
    );
}
