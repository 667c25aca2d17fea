//! The loader fills every part of the model: checked field by field on `Full-1.0.gir`, which uses
//! every element and attribute the model keeps.

use std::path::{Path, PathBuf};

use gir::load::{parse_file, parse_str};
use gir::model::*;

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load/Full-1.0.gir")
}

struct Fixture {
    text: String,
    repo: Repository,
    files: Files,
}

fn fixture() -> Fixture {
    let path = fixture_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut files = Files::default();
    let repo = parse_file(&mut files, &path).unwrap_or_else(|e| panic!("{e}"));
    Fixture { text, repo, files }
}

impl Fixture {
    /// Line and column of the first occurrence of `needle` (which starts with `<`), found in the
    /// text independently of the loader.
    fn pos(&self, needle: &str) -> (u32, u32) {
        let off = self
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in fixture"));
        let before = &self.text[..off];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, self.text[line_start..off].chars().count() as u32 + 1)
    }
    fn at(&self, span: Span) -> (u32, u32) {
        assert_eq!(span.file, self.repo.file);
        (span.line, span.col)
    }
}

fn ty(t: &AnyType) -> &TypeRef {
    match t {
        AnyType::Type(t) => t,
        other => panic!("expected <type>, got {other:?}"),
    }
}

fn arr(t: &AnyType) -> &ArrayType {
    match t {
        AnyType::Array(a) => a,
        other => panic!("expected <array>, got {other:?}"),
    }
}

#[test]
fn repository_and_namespace() {
    let f = fixture();
    let r = &f.repo;
    assert_eq!(f.files.path(r.file), fixture_path());
    assert_eq!(r.version.as_deref(), Some("1.2"));
    assert_eq!(r.includes.len(), 1);
    assert_eq!(
        (r.includes[0].name.as_str(), r.includes[0].version.as_str()),
        ("GObject", "2.0")
    );
    assert_eq!(f.at(r.includes[0].span), f.pos("<include name=\"GObject\""));
    assert_eq!(r.c_includes, ["full/full.h"]);
    assert_eq!(r.packages, ["full-1.0"]);
    let ns = &r.namespace;
    assert_eq!((ns.name.as_str(), ns.version.as_str()), ("Full", "1.0"));
    assert_eq!(f.at(ns.span), f.pos("<namespace name=\"Full\""));
    assert_eq!(ns.shared_libraries, ["libfull.so.1", "libfull-extra.so.2"]);
    assert_eq!(ns.c_identifier_prefixes, ["Full", "Fu"]);
    assert_eq!(ns.c_symbol_prefixes, ["full", "fu"]);
    let counts = (
        ns.aliases.len(),
        ns.constants.len(),
        ns.enums.len(),
        ns.records.len(),
        ns.unions.len(),
        ns.classes.len(),
    );
    assert_eq!(counts, (1, 1, 2, 1, 1, 1));
    assert_eq!(
        (
            ns.interfaces.len(),
            ns.functions.len(),
            ns.callbacks.len(),
            ns.boxed.len()
        ),
        (1, 3, 1, 1)
    );
}

#[test]
fn unknown_elements_are_recorded_but_doc_metadata_is_not() {
    let f = fixture();
    let unknown: Vec<(&str, &str, (u32, u32))> = f
        .repo
        .unknown
        .iter()
        .map(|u| (u.element.as_str(), u.parent.as_str(), f.at(u.span)))
        .collect();
    assert_eq!(
        unknown,
        [
            ("frobnicate", "class", f.pos("<frobnicate")),
            ("function-macro", "namespace", f.pos("<function-macro")),
            ("docsection", "namespace", f.pos("<docsection")),
        ]
    );
}

#[test]
fn alias_and_constant_with_entities() {
    let f = fixture();
    let ns = &f.repo.namespace;
    let a = &ns.aliases[0];
    assert_eq!((a.name.as_str(), a.c_type.as_deref()), ("Size", Some("FullSize")));
    assert_eq!(a.common.version.as_deref(), Some("1.2"));
    assert_eq!(a.common.doc.as_deref(), Some("A size & a <count>."));
    assert_eq!(ty(&a.target).name.as_deref(), Some("gsize"));
    assert_eq!(f.at(a.target.span()), f.pos("<type name=\"gsize\""));
    assert_eq!(f.at(a.common.span), f.pos("<alias"));

    let k = &ns.constants[0];
    assert_eq!(k.name, "GREETING");
    assert_eq!(k.value, "a & b <c> \u{263A}");
    assert_eq!(k.c_type.as_deref(), Some("FULL_GREETING"));
    assert_eq!(k.c_identifier.as_deref(), Some("FULL_GREETING"));
    assert_eq!(ty(&k.ty).c_type.as_deref(), Some("gchar*"));
}

#[test]
fn enumerations_and_bitfields() {
    let f = fixture();
    let ns = &f.repo.namespace;
    let e = &ns.enums[0];
    assert!(!e.is_bitfield);
    assert_eq!(e.name, "Error");
    assert_eq!(e.c_type.as_deref(), Some("FullError"));
    assert_eq!(e.glib_type_name.as_deref(), Some("FullError"));
    assert_eq!(e.glib_get_type.as_deref(), Some("full_error_get_type"));
    assert_eq!(e.glib_error_domain.as_deref(), Some("full-error-quark"));
    let m: Vec<(&str, i64, Option<&str>, Option<&str>)> = e
        .members
        .iter()
        .map(|m| {
            (
                m.name.as_str(),
                m.value,
                m.c_identifier.as_deref(),
                m.glib_nick.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        m,
        [
            ("failed", -1, Some("FULL_ERROR_FAILED"), Some("failed")),
            ("big", 2147483648, Some("FULL_ERROR_BIG"), None)
        ]
    );
    assert_eq!(e.members[0].common.doc.as_deref(), Some("It failed."));
    assert_eq!(e.functions.len(), 1);
    assert_eq!(e.functions[0].kind, CallableKind::Function);
    assert_eq!(e.functions[0].c_identifier.as_deref(), Some("full_error_quark"));

    let b = &ns.enums[1];
    assert!(b.is_bitfield);
    assert_eq!(b.members[1].value, u32::MAX as i64);
    assert_eq!(b.glib_error_domain, None);
}

#[test]
fn record_with_everything() {
    let f = fixture();
    let r = &f.repo.namespace.records[0];
    assert_eq!((r.name.as_str(), r.c_type.as_deref()), ("Box", Some("FullBox")));
    assert!(r.disguised && r.opaque && r.pointer && r.foreign);
    assert_eq!(r.is_gtype_struct_for.as_deref(), Some("Thing"));
    assert_eq!(r.copy_function.as_deref(), Some("full_box_copy"));
    assert_eq!(r.free_function.as_deref(), Some("full_box_free"));
    assert_eq!(r.glib_type_name.as_deref(), Some("FullBox"));
    assert_eq!(r.glib_get_type.as_deref(), Some("full_box_get_type"));

    assert_eq!(r.fields.len(), 3);
    let flags = &r.fields[0];
    assert!(flags.readable && flags.writable && !flags.private);
    assert_eq!(flags.bits, Some(3));
    let notify = &r.fields[1];
    assert!(!notify.readable && !notify.writable && notify.private);
    match &notify.ty {
        FieldType::Callback(cb) => {
            assert_eq!(cb.kind, CallableKind::Callback);
            assert_eq!(cb.parameters.len(), 1);
            assert_eq!(ty(&cb.parameters[0].ty).c_type.as_deref(), Some("FullBox*"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(r.fields[2].ty, FieldType::Nested));

    assert_eq!(r.unions.len(), 1);
    let u = &r.unions[0];
    assert_eq!(u.name.as_deref(), Some("u"));
    assert_eq!(u.fields.len(), 1);
    assert_eq!(u.records.len(), 1);
    assert_eq!(u.records[0].name, "pair");

    assert_eq!(r.constructors.len(), 1);
    assert_eq!(r.constructors[0].kind, CallableKind::Constructor);
    assert_eq!(r.constructors[0].return_value.transfer, Some(Transfer::Full));
    let copy = &r.methods[0];
    assert_eq!(copy.kind, CallableKind::Method);
    let inst = copy.instance_parameter.as_ref().unwrap();
    assert_eq!(inst.name, "box");
    assert!(inst.nullable && inst.allow_none);
    assert_eq!(inst.direction, Direction::In);
    assert_eq!(ty(&inst.ty).c_type.as_deref(), Some("const FullBox*"));
    assert!(copy.parameters.is_empty());
    assert_eq!(r.functions[0].name, "count");
}

#[test]
fn union_and_boxed() {
    let f = fixture();
    let ns = &f.repo.namespace;
    let u = &ns.unions[0];
    assert_eq!(u.name.as_deref(), Some("Value"));
    assert_eq!(u.glib_type_name.as_deref(), Some("FullValue"));
    assert_eq!(u.glib_get_type.as_deref(), Some("full_value_get_type"));
    assert_eq!(u.copy_function.as_deref(), Some("full_value_copy"));
    assert_eq!(u.free_function.as_deref(), Some("full_value_free"));
    assert_eq!(u.records.len(), 1);
    assert_eq!(u.records[0].name, "", "anonymous nested struct");
    assert_eq!(u.records[0].c_type.as_deref(), Some("FullValueInner"));
    assert_eq!(
        u.methods[0].instance_parameter.as_ref().map(|p| p.name.as_str()),
        Some("value")
    );

    let b = &ns.boxed[0];
    assert_eq!(b.name, "Token");
    assert_eq!(b.glib_type_name.as_deref(), Some("FullToken"));
    assert_eq!(b.glib_get_type.as_deref(), Some("full_token_get_type"));
    assert_eq!(b.functions[0].name, "make");
}

#[test]
fn class_with_everything() {
    let f = fixture();
    let k = &f.repo.namespace.classes[0];
    assert_eq!(f.at(k.common.span), f.pos("<class name=\"Thing\""));
    assert_eq!(k.name, "Thing");
    assert_eq!(k.c_type.as_deref(), Some("FullThing"));
    assert_eq!(k.parent.as_deref(), Some("GObject.Object"));
    assert!(k.is_abstract && k.fundamental && !k.is_final);
    assert_eq!(k.glib_type_name.as_deref(), Some("FullThing"));
    assert_eq!(k.glib_get_type.as_deref(), Some("full_thing_get_type"));
    assert_eq!(k.glib_type_struct.as_deref(), Some("ThingClass"));
    assert_eq!(k.ref_func.as_deref(), Some("full_thing_ref"));
    assert_eq!(k.unref_func.as_deref(), Some("full_thing_unref"));
    assert_eq!(k.set_value_func.as_deref(), Some("full_value_set_thing"));
    assert_eq!(k.get_value_func.as_deref(), Some("full_value_get_thing"));
    assert_eq!(k.implements, ["Gio.Initable", "Shape"]);
    let c = &k.common;
    assert!(c.introspectable && c.deprecated);
    assert_eq!(
        (c.version.as_deref(), c.deprecated_version.as_deref()),
        (Some("1.4"), Some("1.8"))
    );
    assert_eq!(
        c.doc.as_deref(),
        Some("First line.\n  Second line with <raw> & stuff and AB.")
    );

    assert!(k.constructors[0].throws);
    let run = &k.methods[0];
    assert_eq!(f.at(run.common.span), f.pos("<method name=\"run\""));
    assert!(!run.common.introspectable);
    assert_eq!(run.shadowed_by.as_deref(), Some("run_full"));
    assert_eq!(k.methods[1].shadows.as_deref(), Some("run"));
    let rv = &run.return_value;
    assert_eq!(
        f.at(rv.span),
        f.pos("<return-value transfer-ownership=\"none\" nullable=\"1\" skip=\"1\"")
    );
    assert!(rv.nullable && rv.skip && !rv.allow_none);
    assert_eq!(rv.transfer, Some(Transfer::None));
    assert_eq!(rv.doc.as_deref(), Some("nothing"));
    assert_eq!(run.instance_parameter.as_ref().map(|p| p.name.as_str()), Some("self"));

    let p = &run.parameters;
    assert_eq!(p.len(), 5);
    assert_eq!(f.at(p[0].common.span), f.pos("<parameter name=\"callback\""));
    assert_eq!(
        (p[0].scope, p[0].closure, p[0].destroy),
        (Some(Scope::Notified), Some(1), Some(2))
    );
    assert!(p[0].nullable && p[0].allow_none && !p[0].optional);
    assert_eq!(p[2].scope, Some(Scope::Async));
    assert_eq!(p[3].direction, Direction::Out);
    assert!(p[3].caller_allocates && p[3].optional && p[3].skip);
    assert_eq!(p[3].transfer, Some(Transfer::Container));
    let a = arr(&p[3].ty);
    assert_eq!(
        (a.name.as_deref(), a.c_type.as_deref()),
        (Some("GLib.PtrArray"), Some("GPtrArray*"))
    );
    assert_eq!(ty(&a.element).name.as_deref(), Some("utf8"));
    assert_eq!(p[4].direction, Direction::InOut);

    assert_eq!(k.functions[0].common.moved_to.as_deref(), Some("Other.default"));
    let vm = &k.virtual_methods[0];
    assert_eq!(vm.kind, CallableKind::VirtualMethod);
    assert_eq!(vm.invoker.as_deref(), Some("run"));
    assert!(vm.throws);
    assert_eq!(k.fields[0].name, "parent_instance");

    let label = &k.properties[0];
    assert!(label.readable && label.writable && label.construct && !label.construct_only);
    assert_eq!(
        (label.getter.as_deref(), label.setter.as_deref()),
        (Some("get_label"), Some("set_label"))
    );
    assert_eq!(label.transfer, Some(Transfer::None));
    let hidden = &k.properties[1];
    assert!(!hidden.readable && hidden.writable && hidden.construct_only);
    assert_eq!(hidden.transfer, Some(Transfer::Full));

    let s = &k.signals[0];
    assert_eq!(s.kind, CallableKind::Signal);
    assert_eq!(s.when, Some(SignalWhen::Last));
    assert!(s.detailed && s.action && s.no_hooks && s.no_recurse);
    assert_eq!(s.parameters[0].name, "what");
    assert_eq!(k.callbacks[0].c_identifier.as_deref(), Some("FullThingHook"));
}

#[test]
fn interface() {
    let f = fixture();
    let i = &f.repo.namespace.interfaces[0];
    assert_eq!(i.name, "Shape");
    assert_eq!(i.glib_type_struct.as_deref(), Some("ShapeInterface"));
    assert_eq!(i.prerequisites, ["GObject.Object"]);
    assert_eq!(
        (
            i.methods.len(),
            i.virtual_methods.len(),
            i.properties.len(),
            i.signals.len()
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(i.signals[0].when, Some(SignalWhen::First));
    assert!(matches!(i.signals[0].return_value.ty, AnyType::Missing(_)));
    // Properties are readable unless they say otherwise.
    assert!(i.properties[0].readable && !i.properties[0].writable);
}

#[test]
fn functions_types_and_arrays() {
    let f = fixture();
    let ns = &f.repo.namespace;
    let printf = &ns.functions[0];
    assert!(!printf.common.introspectable);
    assert!(printf.common.deprecated, "deprecated=\"<message>\" means deprecated");
    assert_eq!(printf.common.deprecated_version.as_deref(), Some("1.2"));
    assert_eq!(printf.common.version.as_deref(), Some("1.0"));
    assert_eq!(printf.common.doc, None, "doc-version is not the doc");
    match &printf.parameters[1].ty {
        AnyType::Varargs(span) => assert_eq!(f.at(*span), f.pos("<varargs/>")),
        other => panic!("{other:?}"),
    }
    assert_eq!(printf.parameters[1].name, "...");

    let sum = &ns.functions[1];
    assert!(sum.throws);
    let ht = ty(&sum.return_value.ty);
    assert_eq!(ht.name.as_deref(), Some("GLib.HashTable"));
    assert_eq!(ht.params.len(), 2);
    assert_eq!(ty(&ht.params[0]).name.as_deref(), Some("utf8"));
    let list = ty(&ht.params[1]);
    assert_eq!(list.name.as_deref(), Some("GLib.List"));
    assert_eq!(ty(&list.params[0]).name.as_deref(), Some("gint"));

    let values = arr(&sum.parameters[0].ty);
    assert_eq!(
        (values.length, values.fixed_size, values.zero_terminated),
        (Some(1), None, Some(false))
    );
    assert_eq!(values.name, None);
    assert_eq!(values.c_type.as_deref(), Some("const gint*"));
    let matrix = arr(&sum.parameters[2].ty);
    assert_eq!(
        (matrix.length, matrix.fixed_size, matrix.zero_terminated),
        (None, Some(4), None)
    );
    let inner = arr(&matrix.element);
    assert_eq!(inner.zero_terminated, Some(true));
    assert_eq!(ty(&inner.element).name.as_deref(), Some("gdouble"));
    let unnamed = &sum.parameters[3];
    assert_eq!(unnamed.name, "");
    assert!(!ty(&unnamed.ty).introspectable);

    let nothing = &ns.functions[2];
    assert!(nothing.parameters.is_empty() && nothing.instance_parameter.is_none());
    assert!(matches!(nothing.return_value.ty, AnyType::Missing(_)));

    let cb = &ns.callbacks[0];
    assert_eq!(cb.kind, CallableKind::Callback);
    assert_eq!(cb.c_identifier.as_deref(), Some("FullVisitor"));
    assert!(cb.throws);
}

#[test]
fn old_c_prefix_attribute() {
    let mut files = Files::default();
    let text = "<repository version='1.0'><namespace name='DBus' version='1.0' c:prefix='DBus'/></repository>";
    let r = parse_str(&mut files, "old.gir".into(), text).unwrap();
    assert_eq!(r.namespace.c_identifier_prefixes, ["DBus"]);
    assert!(r.namespace.c_symbol_prefixes.is_empty());
    assert!(r.namespace.shared_libraries.is_empty());
}

#[test]
fn crlf_bom_and_columns_count_characters() {
    let mut files = Files::default();
    let text = "\u{feff}<repository>\r\n<namespace name='é' version='1'><alias name='A' c:type='A'><doc>x\r\ny</doc><type name='é'/></alias></namespace></repository>";
    let r = parse_str(&mut files, "crlf.gir".into(), text).unwrap();
    let ns = &r.namespace;
    assert_eq!((ns.span.line, ns.span.col), (2, 1));
    let a = &ns.aliases[0];
    // `<alias` follows 32 characters (33 bytes: `é` is two) on line 2.
    assert_eq!((a.common.span.line, a.common.span.col), (2, 33));
    assert_eq!(a.common.doc.as_deref(), Some("x\ny"));
    let root = parse_str(
        &mut files,
        "bom.gir".into(),
        "\u{feff}<repository><namespace name='a' version='1'/></repository>",
    )
    .unwrap();
    assert_eq!((root.namespace.span.line, root.namespace.span.col), (1, 13));
}
