//! Search path order, `Namespace-Version` inputs and include resolution, on temporary directories.

use std::ffi::OsString;
use std::path::Path;

use gir::load::{load, LoadError, LoadOptions, SearchEnv};

fn gir(name: &str, version: &str, includes: &[(&str, &str)], marker: &str) -> String {
    let mut s = String::from("<?xml version=\"1.0\"?>\n<repository version=\"1.2\" xmlns=\"http://www.gtk.org/introspection/core/1.0\" xmlns:c=\"http://www.gtk.org/introspection/c/1.0\">\n");
    for (n, v) in includes {
        s += &format!("  <include name=\"{n}\" version=\"{v}\"/>\n");
    }
    s += &format!(
        "  <namespace name=\"{name}\" version=\"{version}\" c:identifier-prefixes=\"{marker}\"/>\n</repository>\n"
    );
    s
}

fn write(dir: &Path, name: &str, version: &str, includes: &[(&str, &str)], marker: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join(format!("{name}-{version}.gir")),
        gir(name, version, includes, marker),
    )
    .unwrap();
}

/// Options that see only what the test sets up (XDG pointed at an empty directory).
fn isolated(gir_dirs: &[&Path], gi_gir_path: Option<OsString>, xdg: &Path) -> LoadOptions {
    LoadOptions {
        gir_dirs: gir_dirs.iter().map(|p| p.to_path_buf()).collect(),
        env: SearchEnv {
            gi_gir_path,
            xdg_data_dirs: Some(xdg.as_os_str().to_owned()),
        },
    }
}

fn marker(l: &gir::load::Loaded, ns: &str) -> String {
    l.find(ns)
        .unwrap_or_else(|| panic!("{ns} not loaded"))
        .namespace
        .c_identifier_prefixes
        .join(",")
}

#[test]
fn gir_dir_and_transitive_includes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("girs");
    write(&dir, "Base", "1", &[], "base");
    write(&dir, "Mid", "2.0", &[("Base", "1")], "mid");
    write(&dir, "Top", "3.1", &[("Mid", "2.0"), ("Base", "1")], "top");
    let opts = isolated(&[&dir], None, tmp.path());
    let l = load(&["Top-3.1".to_owned()], &opts).unwrap_or_else(|e| panic!("{e}"));
    let order: Vec<&str> = l.repositories.iter().map(|r| r.namespace.name.as_str()).collect();
    assert_eq!(order, ["Base", "Mid", "Top"], "includes come before includers");
    assert_eq!(l.roots, [2]);
    assert_eq!(l.files.path(l.repositories[0].file), dir.join("Base-1.gir"));

    // Several inputs: each namespace once, roots in input order.
    let l = load(
        &["Base-1".to_owned(), "Top-3.1".to_owned(), "Mid-2.0".to_owned()],
        &opts,
    )
    .unwrap();
    assert_eq!(l.repositories.len(), 3);
    let roots: Vec<&str> = l
        .roots
        .iter()
        .map(|&i| l.repositories[i].namespace.name.as_str())
        .collect();
    assert_eq!(roots, ["Base", "Top", "Mid"]);

    // The same namespace by path and by name is loaded once.
    let path = dir.join("Mid-2.0.gir").display().to_string();
    let l = load(&[path, "Mid-2.0".to_owned()], &opts).unwrap();
    assert_eq!(l.repositories.len(), 2);
    assert_eq!(l.roots, [1]);
}

#[test]
fn search_order() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    let second = tmp.path().join("second");
    let env1 = tmp.path().join("env1");
    let env2 = tmp.path().join("env2");
    let xdg = tmp.path().join("xdg");
    write(&first, "A", "1", &[], "first");
    write(&second, "A", "1", &[], "second");
    write(&second, "B", "1", &[], "second");
    write(&env1, "B", "1", &[], "env1");
    write(&env1, "C", "1", &[], "env1");
    write(&env2, "D", "1", &[], "env2");
    write(&xdg.join("gir-1.0"), "D", "1", &[], "xdg");
    write(&xdg.join("gir-1.0"), "E", "1", &[], "xdg");

    let path = std::env::join_paths([&env1, &env2]).unwrap();
    let opts = isolated(&[&first, &second], Some(path), &xdg);
    let inputs: Vec<String> = ["A-1", "B-1", "C-1", "D-1", "E-1"].map(String::from).to_vec();
    let l = load(&inputs, &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(marker(&l, "A"), "first", "--gir-dir in order");
    assert_eq!(marker(&l, "B"), "second", "--gir-dir before $GI_GIR_PATH");
    assert_eq!(marker(&l, "C"), "env1");
    assert_eq!(marker(&l, "D"), "env2", "$GI_GIR_PATH before $XDG_DATA_DIRS");
    assert_eq!(marker(&l, "E"), "xdg", "gir-1.0 under $XDG_DATA_DIRS");

    let dirs = opts.search_dirs();
    assert_eq!(
        dirs,
        [
            first,
            second,
            env1,
            env2,
            xdg.join("gir-1.0"),
            "/usr/share/gir-1.0".into()
        ]
    );
}

#[test]
fn namespace_version_dot_gir_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("girs");
    write(&dir, "Named", "1.0", &[], "named");
    let opts = isolated(&[&dir], None, tmp.path());
    // No `Named-1.0.gir` relative to the working directory, so it is looked up like `Named-1.0`.
    assert!(!Path::new("Named-1.0.gir").exists());
    let l = load(&["Named-1.0.gir".to_owned()], &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.repositories.len(), 1);
    assert_eq!(l.files.path(l.repositories[0].file), dir.join("Named-1.0.gir"));
    // Not found: the message names the file and every directory searched.
    let e = load(&["Other-1.0.gir".to_owned()], &opts).unwrap_err();
    assert!(matches!(e, LoadError::InputNotFound { .. }));
    assert_eq!(
        e.to_string(),
        format!(
            "Other-1.0.gir: no Other-1.0.gir in any GIR directory; searched: {}, {}, /usr/share/gir-1.0",
            dir.display(),
            tmp.path().join("gir-1.0").display()
        )
    );
}

#[test]
fn system_directory_is_always_searched() {
    if !Path::new("/usr/share/gir-1.0/GLib-2.0.gir").exists() {
        eprintln!("skipped: no /usr/share/gir-1.0/GLib-2.0.gir");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("girs");
    write(&dir, "UsesGio", "1", &[("Gio", "2.0")], "x");
    let opts = isolated(&[&dir], None, tmp.path());
    let l = load(&["UsesGio-1".to_owned()], &opts).unwrap_or_else(|e| panic!("{e}"));
    let order: Vec<&str> = l.repositories.iter().map(|r| r.namespace.name.as_str()).collect();
    // Gio includes GObject, GObject includes GLib: dependency order, each once.
    assert_eq!(order.last(), Some(&"UsesGio"));
    let mut unique = order.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), order.len(), "each namespace once: {order:?}");
    for (ns, deps) in [("GObject", &["GLib"][..]), ("Gio", &["GLib", "GObject"][..])] {
        let at = order.iter().position(|n| *n == ns).unwrap();
        for d in deps {
            assert!(
                order.iter().position(|n| n == d).unwrap() < at,
                "{d} before {ns}: {order:?}"
            );
        }
    }
}

#[test]
fn process_env_is_read() {
    let env = SearchEnv::from_process_env();
    assert_eq!(env.gi_gir_path, std::env::var_os("GI_GIR_PATH"));
    assert_eq!(env.xdg_data_dirs, std::env::var_os("XDG_DATA_DIRS"));
}
