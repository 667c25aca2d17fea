//! One test per error kind, checking the exact message including `file:line:col`.

use std::path::{Path, PathBuf};

use gir::load::{load, parse_str, LoadError, LoadOptions, SearchEnv};
use gir::model::Files;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

/// Search `dir` under the fixtures, then the defaults (no environment).
fn options(dir: &str) -> LoadOptions {
    LoadOptions {
        gir_dirs: vec![fixtures().join(dir)],
        env: SearchEnv {
            gi_gir_path: None,
            xdg_data_dirs: Some("/nonexistent".into()),
        },
    }
}

fn load_err_in(dir: &str, input: &str) -> LoadError {
    match load(&[input.to_owned()], &options(dir)) {
        Ok(l) => panic!(
            "{input}: loaded {} repositories, expected an error",
            l.repositories.len()
        ),
        Err(e) => e,
    }
}

fn load_err(input: &str) -> LoadError {
    load_err_in("", input)
}

fn parse_err(text: &str) -> String {
    let mut files = Files::default();
    match parse_str(&mut files, "mem.gir".into(), text) {
        Ok(r) => panic!("parsed namespace {}, expected an error", r.namespace.name),
        Err(e) => e.to_string(),
    }
}

#[test]
fn truncated_xml() {
    let f = fixture("truncated.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::Xml { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{f}:9:9: malformed XML: syntax error: tag not closed: `>` not found before end of input")
    );
}

#[test]
fn truncated_between_elements() {
    let text = "<repository>\n  <namespace name='a' version='1'>\n    <alias name='x'>";
    assert_eq!(
        parse_err(text),
        "mem.gir:3:21: malformed XML: unexpected end of file inside <alias>"
    );
}

#[test]
fn mismatched_end_tag() {
    let text = "<repository>\n<namespace name='a' version='1'>\n</repository>";
    assert_eq!(
        parse_err(text),
        "mem.gir:3:1: malformed XML: ill-formed document: expected `</namespace>`, but `</repository>` was found"
    );
}

#[test]
fn unknown_entity() {
    assert_eq!(
        parse_err("<repository>\n  <namespace name='a' version='1'><doc>&nbsp;</doc></namespace></repository>"),
        "mem.gir:2:40: malformed XML: unknown entity `&nbsp;`"
    );
}

#[test]
fn wrong_root() {
    let f = fixture("wrong_root.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::WrongRoot { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{f}:3:1: expected root element <repository>, found <gir>")
    );
}

#[test]
fn no_root() {
    assert_eq!(
        parse_err("<?xml version='1.0'?>\n<!-- nothing -->\n"),
        "mem.gir: no root element <repository> (the file has no element at all)"
    );
}

#[test]
fn missing_name() {
    let f = fixture("missing_name.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::MissingAttribute { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{f}:7:5: <class> is missing required attribute `name`")
    );
}

#[test]
fn bad_direction() {
    let f = fixture("bad_direction.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::BadAttribute { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{f}:12:9: <parameter> has invalid direction=\"sideways\": expected in, out or inout")
    );
}

#[test]
fn bad_enum_value() {
    let f = fixture("bad_enum_value.gir");
    assert_eq!(
        load_err(&f).to_string(),
        format!("{f}:9:7: <member> has invalid value=\"one\": expected a decimal integer")
    );
}

#[test]
fn bad_closure() {
    let f = fixture("bad_closure.gir");
    assert_eq!(
        load_err(&f).to_string(),
        format!("{f}:10:9: <parameter> has invalid closure=\"x\": expected a non-negative integer")
    );
}

#[test]
fn bad_boolean() {
    let f = fixture("bad_bool.gir");
    assert_eq!(
        load_err(&f).to_string(),
        format!("{f}:7:5: <class> has invalid abstract=\"yes\": expected 0 or 1")
    );
}

#[test]
fn missing_namespace() {
    let f = fixture("no_namespace.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::MissingNamespace { .. }), "{e:?}");
    assert_eq!(e.to_string(), format!("{f}:2:1: <repository> contains no <namespace>"));
}

#[test]
fn second_namespace() {
    let text = "<repository>\n<namespace name='a' version='1'/>\n  <namespace name='b' version='1'/></repository>";
    assert_eq!(
        parse_err(text),
        "mem.gir:3:3: <repository> contains a second <namespace> (only one per file is supported)"
    );
}

#[test]
fn empty_file() {
    let f = fixture("empty.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::Empty { .. }), "{e:?}");
    assert_eq!(e.to_string(), format!("{f}: file is empty"));
    assert_eq!(parse_err(" \n\t\n"), "mem.gir: file is empty");
}

#[test]
fn not_utf8() {
    let f = fixture("not_utf8.gir");
    assert_eq!(load_err(&f).to_string(), format!("{f}:7:31: file is not valid UTF-8"));
}

#[test]
fn file_not_found() {
    let f = fixture("no_such_file.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::NotFound { .. }), "{e:?}");
    assert_eq!(e.to_string(), format!("{f}: no such file"));
}

#[test]
fn directory_given() {
    let f = fixture("cycle");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::IsDirectory { .. }), "{e:?}");
    assert_eq!(e.to_string(), format!("{f}: is a directory, not a GIR file"));
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Locked-1.gir");
    std::fs::write(&path, "<repository/>").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: running as a user that can read mode-000 files (root)");
        return;
    }
    let e = load_err(&path.display().to_string());
    assert!(matches!(e, LoadError::Io { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{}: cannot read: Permission denied (os error 13)", path.display())
    );
}

#[test]
fn bad_input_name() {
    assert_eq!(
        load_err("NoVersion").to_string(),
        "NoVersion: neither an existing .gir file nor a Namespace-Version name"
    );
}

#[test]
fn input_not_found() {
    let e = load_err("NoSuchLib-9.9");
    assert!(matches!(e, LoadError::InputNotFound { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("NoSuchLib-9.9: no NoSuchLib-9.9.gir in any GIR directory; searched: {}/, /nonexistent/gir-1.0, /usr/share/gir-1.0", fixtures().display())
    );
}

#[test]
fn include_not_found() {
    let f = fixture("include_missing.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::IncludeNotFound { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "{f}:7:3: included namespace NoSuchLib-9.9 not found (NoSuchLib-9.9.gir); searched: {}/, /nonexistent/gir-1.0, /usr/share/gir-1.0",
            fixtures().display()
        )
    );
}

#[test]
fn include_cycle() {
    let e = load_err_in("cycle", "CycleA-1");
    assert!(matches!(e, LoadError::IncludeCycle { .. }), "{e:?}");
    let b = fixtures().join("cycle/CycleB-1.gir");
    assert_eq!(
        e.to_string(),
        format!("{}:6:3: include cycle: CycleA-1 -> CycleB-1 -> CycleA-1", b.display())
    );
}

#[test]
fn two_versions_of_one_namespace() {
    let e = load_err_in("conflict", "App-1");
    assert!(matches!(e, LoadError::VersionConflict { .. }), "{e:?}");
    let dir = fixtures().join("conflict");
    assert_eq!(
        e.to_string(),
        format!(
            "{}:7:3: Lib-2 conflicts with Lib-1 already loaded from {}",
            dir.join("App-1.gir").display(),
            dir.join("Lib-1.gir").display()
        )
    );
    // The same between inputs.
    let opts = options("conflict");
    let e = load(&["Lib-1".to_owned(), "Lib-2".to_owned()], &opts).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:6:3: Lib-2 conflicts with Lib-1 already loaded from {}",
            dir.join("Lib-2.gir").display(),
            dir.join("Lib-1.gir").display()
        )
    );
}

#[test]
fn file_declares_another_namespace() {
    let e = load_err_in("mismatch", "Wrong-1");
    assert!(matches!(e, LoadError::NamespaceMismatch { .. }), "{e:?}");
    let f = fixtures().join("mismatch/Wrong-1.gir");
    assert_eq!(
        e.to_string(),
        format!(
            "{}:6:3: expected namespace Wrong-1, the file declares Other-1",
            f.display()
        )
    );
}

#[test]
fn duplicate_attribute() {
    assert_eq!(
        parse_err("<repository>\n  <namespace name='a' name='b' version='1'/></repository>"),
        "mem.gir:2:23: malformed XML: duplicated attribute (first given at mem.gir:2:14)"
    );
    assert_eq!(
        parse_err("<repository>\n  <namespace name='a' version=1/></repository>"),
        "mem.gir:2:31: malformed XML: attribute value must be quoted"
    );
}

#[test]
fn nesting_too_deep() {
    // 100 000 nested <type> would overflow the stack of a recursive descent without a bound.
    let mut text = String::from("<repository><namespace name='a' version='1'><alias name='x'>\n");
    text.push_str(&"<type>".repeat(100_000));
    let e = parse_err(&text);
    // Depth 257 is the 254th <type> (after repository, namespace and alias): column 1 + 253 * 6.
    assert_eq!(e, "mem.gir:2:1519: malformed XML: elements nested more than 256 deep");
}

/// An I/O error other than "not found" (runs as root too, unlike the permission test).
#[test]
fn path_through_a_file() {
    let f = fixture("empty.gir/Inner-1.gir");
    let e = load_err(&f);
    assert!(matches!(e, LoadError::Io { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!("{f}: cannot read: Not a directory (os error 20)")
    );
}
