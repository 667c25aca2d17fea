//! Every GIR in /usr/share/gir-1.0, loaded by girgen, against counts taken independently from the
//! XML by `count_gir.py` (Python's xml.etree).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gir::load::{load, parse_file, LoadOptions, SearchEnv};
use gir::model::*;

const SYSTEM_GIR_DIR: &str = "/usr/share/gir-1.0";

fn system_girs() -> Option<Vec<PathBuf>> {
    let mut girs: Vec<PathBuf> = std::fs::read_dir(SYSTEM_GIR_DIR)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "gir"))
        .collect();
    girs.sort();
    (!girs.is_empty()).then_some(girs)
}

type Counts = BTreeMap<String, u64>;

#[derive(Default)]
struct Counter(Counts);

impl Counter {
    fn add(&mut self, key: &str, n: usize) {
        *self.0.entry(key.to_owned()).or_default() += n as u64;
    }
    fn doc(&mut self, doc: &Option<String>) {
        self.add("docs", doc.is_some() as usize);
    }
    fn callable(&mut self, c: &Callable) {
        let key = match c.kind {
            CallableKind::Function => "all_functions",
            CallableKind::Method => "methods",
            CallableKind::Constructor => "constructors",
            CallableKind::VirtualMethod => "virtual_methods",
            CallableKind::Signal => "signals",
            CallableKind::Callback => "",
        };
        if !key.is_empty() {
            self.add(key, 1);
        }
        self.doc(&c.common.doc);
        self.doc(&c.return_value.doc);
        if let Some(p) = &c.instance_parameter {
            self.doc(&p.common.doc);
        }
        self.add("parameters", c.parameters.len());
        for p in &c.parameters {
            self.doc(&p.common.doc);
        }
    }
    fn callables(&mut self, cs: &[Callable]) {
        cs.iter().for_each(|c| self.callable(c));
    }
    fn fields(&mut self, fs: &[Field]) {
        self.add("fields", fs.len());
        for f in fs {
            self.doc(&f.common.doc);
            if let FieldType::Callback(cb) = &f.ty {
                self.callable(cb);
            }
        }
    }
    fn properties(&mut self, ps: &[Property]) {
        self.add("properties", ps.len());
        ps.iter().for_each(|p| self.doc(&p.common.doc));
    }
    fn record(&mut self, r: &Record) {
        self.doc(&r.common.doc);
        self.fields(&r.fields);
        self.callables(&r.constructors);
        self.callables(&r.methods);
        self.callables(&r.functions);
        r.unions.iter().for_each(|u| self.union(u));
    }
    fn union(&mut self, u: &Union) {
        self.doc(&u.common.doc);
        self.fields(&u.fields);
        self.callables(&u.constructors);
        self.callables(&u.methods);
        self.callables(&u.functions);
        u.records.iter().for_each(|r| self.record(r));
    }
}

fn count_model(ns: &Namespace) -> Counts {
    let mut c = Counter::default();
    for key in [
        "all_functions",
        "methods",
        "constructors",
        "virtual_methods",
        "signals",
        "properties",
        "fields",
        "parameters",
        "members",
        "docs",
    ] {
        c.add(key, 0);
    }
    c.add("functions", ns.functions.len());
    c.add("classes", ns.classes.len());
    c.add("interfaces", ns.interfaces.len());
    c.add("records", ns.records.len());
    c.add("unions", ns.unions.len());
    c.add("enums", ns.enums.len());
    c.add("bitfields", ns.enums.iter().filter(|e| e.is_bitfield).count());
    c.add("constants", ns.constants.len());
    c.add("callbacks", ns.callbacks.len());
    c.add("aliases", ns.aliases.len());
    c.add("boxed", ns.boxed.len());

    ns.aliases.iter().for_each(|a| c.doc(&a.common.doc));
    ns.constants.iter().for_each(|k| c.doc(&k.common.doc));
    for e in &ns.enums {
        c.doc(&e.common.doc);
        c.add("members", e.members.len());
        e.members.iter().for_each(|m| c.doc(&m.common.doc));
        c.callables(&e.functions);
    }
    ns.records.iter().for_each(|r| c.record(r));
    ns.unions.iter().for_each(|u| c.union(u));
    for k in &ns.classes {
        c.doc(&k.common.doc);
        c.callables(&k.constructors);
        c.callables(&k.methods);
        c.callables(&k.functions);
        c.callables(&k.virtual_methods);
        c.callables(&k.signals);
        c.callables(&k.callbacks);
        c.fields(&k.fields);
        c.properties(&k.properties);
    }
    for i in &ns.interfaces {
        c.doc(&i.common.doc);
        c.callables(&i.constructors);
        c.callables(&i.methods);
        c.callables(&i.functions);
        c.callables(&i.virtual_methods);
        c.callables(&i.signals);
        c.callables(&i.callbacks);
        c.properties(&i.properties);
    }
    c.callables(&ns.functions);
    c.callables(&ns.callbacks);
    for b in &ns.boxed {
        c.doc(&b.common.doc);
        c.callables(&b.functions);
    }
    c.0
}

#[derive(serde::Deserialize)]
struct PyCount {
    namespace: String,
    version: String,
    counts: Counts,
}

#[test]
fn counts_match_python_etree() {
    let Some(girs) = system_girs() else {
        eprintln!("skipped: no GIR files in {SYSTEM_GIR_DIR}");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/count_gir.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(&girs)
        .output()
        .expect("python3 must be on PATH");
    assert!(
        out.status.success(),
        "count_gir.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: BTreeMap<String, PyCount> = serde_json::from_slice(&out.stdout).expect("count_gir.py prints JSON");
    assert_eq!(expected.len(), girs.len());

    let mut files = Files::default();
    let mut failures = Vec::new();
    for path in &girs {
        let repo = parse_file(&mut files, path).unwrap_or_else(|e| panic!("{e}"));
        let py = &expected[&path.display().to_string()];
        assert_eq!(
            (&repo.namespace.name, &repo.namespace.version),
            (&py.namespace, &py.version)
        );
        let ours = count_model(&repo.namespace);
        if ours != py.counts {
            for (k, v) in &py.counts {
                let o = ours.get(k).copied().unwrap_or(0);
                if o != *v {
                    failures.push(format!("{}: {k}: girgen {o}, etree {v}", path.display()));
                }
            }
            for k in ours.keys().filter(|k| !py.counts.contains_key(*k)) {
                failures.push(format!("{}: {k} counted only by girgen", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "count mismatches:\n{}", failures.join("\n"));
}

/// Every system GIR loads with its includes resolved through the default search path, and the
/// repositories come in dependency order.
#[test]
fn every_system_gir_loads_with_includes() {
    let Some(girs) = system_girs() else {
        eprintln!("skipped: no GIR files in {SYSTEM_GIR_DIR}");
        return;
    };
    let inputs: Vec<String> = girs.iter().map(|p| p.display().to_string()).collect();
    let options = LoadOptions {
        gir_dirs: vec![SYSTEM_GIR_DIR.into()],
        env: SearchEnv::default(),
    };
    let loaded = load(&inputs, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.roots.len(), girs.len());
    for (i, repo) in loaded.repositories.iter().enumerate() {
        for inc in &repo.includes {
            let at = loaded
                .repositories
                .iter()
                .position(|r| r.namespace.name == inc.name && r.namespace.version == inc.version);
            assert!(
                matches!(at, Some(j) if j < i),
                "{} includes {}-{} which is not loaded before it",
                repo.namespace.name,
                inc.name,
                inc.version
            );
        }
    }
}
