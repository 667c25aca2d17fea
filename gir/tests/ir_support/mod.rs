//! Shared by the `ir_*` tests: loading the IR fixtures and rendering a namespace of the IR as
//! reviewable JSON for insta snapshots.
//!
//! The IR refers to types and functions by arena index; a raw dump (`{"Def": 17}`) cannot be
//! checked by reading it. The rendering below is the IR's own serde serialization with every
//! `TypeId` replaced by the qualified name, every `FunctionId` replaced by the function itself,
//! spans shortened to `file:line:col` (file name only) or to the item's `line`, `null` fields
//! dropped (and `false` flags of parameters and return values, so each fits on one line), a
//! skipped function shown by its reason instead of its (empty) signature, and one extra `python`
//! line per signature (what Python passes, what it gets back, which C parameters are hidden), so
//! each snapshot reads like the decisions it records.

#![allow(dead_code)]

use gir::ir::{Ir, Output, ParamRole, Signature, TypeId};
use gir::load::{load, LoadOptions, SearchEnv};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ir")
}

/// `--gir-dir tests/fixtures/ir` and nothing from the environment. (`/usr/share/gir-1.0` stays
/// last on the search path, but every include of the fixtures is found in the fixture directory
/// first, and `only_fixture_files` checks that nothing else was read.)
pub fn options() -> LoadOptions {
    LoadOptions {
        gir_dirs: vec![fixtures()],
        env: SearchEnv { gi_gir_path: None, xdg_data_dirs: Some("/nonexistent".into()) },
    }
}

/// Loads `inputs` (e.g. `Arrays-1.0`) from the fixture directory and builds the IR.
pub fn build(inputs: &[&str]) -> Ir {
    let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    let loaded = load(&inputs, &options()).unwrap_or_else(|e| panic!("loading {inputs:?}: {e}"));
    for r in &loaded.repositories {
        let path = loaded.files.path(r.file);
        assert!(path.starts_with(fixtures()), "{} was read from outside the fixtures", path.display());
    }
    gir::ir::build(loaded)
}

pub fn type_name(ir: &Ir, id: TypeId) -> String {
    let t = ir.ty(id);
    format!("{}.{}", ir.namespace(t.namespace).name, t.name)
}

/// The type `Ns.Name`, or a panic.
pub fn type_id(ir: &Ir, qualified: &str) -> TypeId {
    (0..ir.types.len() as u32)
        .map(TypeId)
        .find(|&t| type_name(ir, t) == qualified)
        .unwrap_or_else(|| panic!("no type {qualified}"))
}

/// The function `Ns.name` or `Ns.Type.name` (any kind), or a panic.
pub fn function<'a>(ir: &'a Ir, qualified: &str) -> &'a gir::ir::Function {
    ir.functions
        .iter()
        .find(|f| {
            let prefix = match f.owner {
                Some(o) => type_name(ir, o),
                None => ir.namespace(f.namespace).name.clone(),
            };
            format!("{prefix}.{}", f.name) == qualified
        })
        .unwrap_or_else(|| panic!("no function {qualified}"))
}

/// `name(inputs) -> outputs`, e.g. `require(self, namespace_, version, flags) -> [return]; throws`.
pub fn python_line(name: &str, sig: &Signature) -> String {
    let inputs: Vec<&str> = sig.py_inputs.iter().map(|&i| sig.params[i].py_name.as_str()).collect();
    let outputs: Vec<&str> = sig
        .py_outputs
        .iter()
        .map(|o| match o {
            Output::Return => "return",
            Output::Param(i) => sig.params[*i].py_name.as_str(),
        })
        .collect();
    let hidden: Vec<String> = sig
        .params
        .iter()
        .filter(|p| !matches!(p.role, ParamRole::Visible | ParamRole::Callback { .. } | ParamRole::Instance))
        .map(|p| p.name.clone())
        .collect();
    let mut line = format!("{name}({}) -> [{}]", inputs.join(", "), outputs.join(", "));
    if sig.throws {
        line.push_str("; throws");
    }
    if !hidden.is_empty() {
        line.push_str(&format!("; hidden: {}", hidden.join(", ")));
    }
    line
}

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).expect("the IR serializes")
}

/// Replaces spans (`{"file", "line", "col"}`) by `file:line:col` and `{"Def": n}` by
/// `{"Def": "Ns.Name"}`, recursively; drops null fields.
fn clean(ir: &Ir, v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, x| !x.is_null());
            if let (Some(Value::Number(_)), Some(line), Some(col), 3) =
                (map.get("file"), map.get("line"), map.get("col"), map.len())
            {
                let file = ir
                    .files
                    .path(gir::model::FileId(map["file"].as_u64().unwrap() as u32))
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                *v = Value::String(format!("{file}:{line}:{col}"));
                return;
            }
            if map.len() == 1 {
                if let Some(Value::Number(n)) = map.get("Def") {
                    let name = type_name(ir, TypeId(n.as_u64().unwrap() as u32));
                    map.insert("Def".into(), Value::String(name));
                    return;
                }
            }
            for x in map.values_mut() {
                clean(ir, x);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| clean(ir, x)),
        _ => {}
    }
}

fn signature_value(ir: &Ir, name: &str, sig: &Signature) -> Value {
    let mut v = to_value(sig);
    clean(ir, &mut v);
    // Flags that are false by default are left out of parameters and the return value, so that
    // each fits on one line; a flag that is shown is true.
    let drop_false = |x: &mut Value| {
        if let Value::Object(m) = x {
            m.retain(|_, f| *f != Value::Bool(false));
        }
    };
    if let Value::Object(m) = &mut v {
        if let Some(Value::Array(params)) = m.get_mut("params") {
            params.iter_mut().for_each(drop_false);
        }
        m.get_mut("ret").map(drop_false);
        m.insert("python".into(), Value::String(python_line(name, sig)));
    }
    v
}

fn function_value(ir: &Ir, id: gir::ir::FunctionId) -> Value {
    let f = ir.function(id);
    let mut m = Map::new();
    m.insert("name".into(), Value::String(f.name.clone()));
    m.insert("py_name".into(), Value::String(f.py_name.clone()));
    m.insert("kind".into(), to_value(&f.kind));
    m.insert("symbol".into(), Value::String(f.symbol.clone()));
    m.insert("line".into(), Value::from(f.info.span.line));
    if let Some(skip) = &f.skip {
        m.insert("skip".into(), Value::String(skip.to_string()));
    } else {
        m.insert("signature".into(), signature_value(ir, &f.py_name, &f.signature));
    }
    if f.info.deprecated {
        m.insert("deprecated".into(), Value::Bool(true));
    }
    Value::Object(m)
}

fn ids_to_functions(ir: &Ir, v: &mut Value, ids: &[gir::ir::FunctionId]) {
    *v = Value::Array(ids.iter().map(|&f| function_value(ir, f)).collect());
}

fn ids_to_names(ir: &Ir, v: &mut Value, ids: &[TypeId]) {
    *v = Value::Array(ids.iter().map(|&t| Value::String(type_name(ir, t))).collect());
}

fn opt_name(ir: &Ir, id: Option<TypeId>) -> Value {
    id.map_or(Value::Null, |t| Value::String(type_name(ir, t)))
}

/// Signatures inside signals, callbacks and function-pointer fields get a `python` line too.
fn add_python_lines(ir: &Ir, v: &mut Value, name: &str, sig: &Signature) {
    *v = signature_value(ir, name, sig);
}

fn type_value(ir: &Ir, id: TypeId) -> Value {
    use gir::ir::{FieldType, TypeKind};
    let t = ir.ty(id);
    let mut v = to_value(t);
    let m = v.as_object_mut().unwrap();
    m.remove("namespace");
    let info = m.remove("info").unwrap();
    m.insert("line".into(), info["span"]["line"].clone());
    if info["deprecated"] == Value::Bool(true) {
        m.insert("deprecated".into(), Value::Bool(true));
    }
    if let Some(skip) = &t.skip {
        m.insert("skip".into(), Value::String(skip.to_string()));
    }
    let kind = m.get_mut("kind").unwrap().as_object_mut().unwrap();
    let (_, body) = kind.iter_mut().next().unwrap();
    let fields_fix = |ir: &Ir, body: &mut Value, fields: &[gir::ir::Field]| {
        for (fv, f) in body["fields"].as_array_mut().unwrap().iter_mut().zip(fields) {
            if let FieldType::FunctionPointer(sig) = &f.ty {
                add_python_lines(ir, &mut fv["ty"]["FunctionPointer"], &f.py_name, sig);
            }
            if let Some(skip) = &f.skip {
                fv["skip"] = Value::String(skip.to_string());
            }
        }
    };
    let props_signals = |ir: &Ir, body: &mut Value, props: &[gir::ir::Property], signals: &[gir::ir::Signal]| {
        for (pv, p) in body["properties"].as_array_mut().unwrap().iter_mut().zip(props) {
            if let Some(skip) = &p.skip {
                pv["skip"] = Value::String(skip.to_string());
            }
        }
        for (sv, s) in body["signals"].as_array_mut().unwrap().iter_mut().zip(signals) {
            add_python_lines(ir, &mut sv["signature"], &s.py_name, &s.signature);
            if let Some(skip) = &s.skip {
                sv["skip"] = Value::String(skip.to_string());
            }
        }
    };
    match &t.kind {
        TypeKind::Class(c) => {
            body["parent"] = opt_name(ir, c.parent);
            body["type_struct"] = opt_name(ir, c.type_struct);
            ids_to_names(ir, &mut body["interfaces"], &c.interfaces);
            ids_to_functions(ir, &mut body["functions"], &c.functions);
            ids_to_functions(ir, &mut body["virtual_methods"], &c.virtual_methods);
            fields_fix(ir, body, &c.fields);
            props_signals(ir, body, &c.properties, &c.signals);
            body.as_object_mut().unwrap().insert(
                "ancestry".into(),
                Value::Array(ir.class_ancestry(id).map(|a| Value::String(type_name(ir, a))).collect()),
            );
        }
        TypeKind::Interface(i) => {
            ids_to_names(ir, &mut body["prerequisites"], &i.prerequisites);
            body["type_struct"] = opt_name(ir, i.type_struct);
            ids_to_functions(ir, &mut body["functions"], &i.functions);
            ids_to_functions(ir, &mut body["virtual_methods"], &i.virtual_methods);
            props_signals(ir, body, &i.properties, &i.signals);
        }
        TypeKind::Record(r) | TypeKind::Union(r) => {
            body["gtype_struct_for"] = opt_name(ir, r.gtype_struct_for);
            ids_to_functions(ir, &mut body["functions"], &r.functions);
            fields_fix(ir, body, &r.fields);
        }
        TypeKind::Enum(e) | TypeKind::Flags(e) => ids_to_functions(ir, &mut body["functions"], &e.functions),
        TypeKind::Callback(cb) => add_python_lines(ir, &mut body["signature"], &t.py_name, &cb.signature),
        TypeKind::Alias(_) => {}
    }
    clean(ir, &mut v);
    v
}

/// One namespace, with its types, functions, constants, skipped items and the diagnostics whose
/// item belongs to it.
pub fn namespace_value(ir: &Ir, name: &str) -> Value {
    let id = ir.namespace_by_name(name).unwrap_or_else(|| panic!("no namespace {name}"));
    let ns = ir.namespace(id);
    let mut m = Map::new();
    m.insert("name".into(), Value::String(ns.name.clone()));
    m.insert("version".into(), Value::String(ns.version.clone()));
    m.insert("is_root".into(), Value::Bool(ns.is_root));
    m.insert(
        "includes".into(),
        Value::Array(ns.includes.iter().map(|&i| Value::String(ir.namespace(i).name.clone())).collect()),
    );
    m.insert("shared_libraries".into(), to_value(&ns.shared_libraries));
    m.insert("types".into(), Value::Array(ns.types.iter().map(|&t| type_value(ir, t)).collect()));
    m.insert("functions".into(), Value::Array(ns.functions.iter().map(|&f| function_value(ir, f)).collect()));
    let mut constants = to_value(&ns.constants);
    clean(ir, &mut constants);
    m.insert("constants".into(), constants);
    m.insert(
        "skipped".into(),
        Value::Array(
            ns.skipped
                .iter()
                .map(|s| Value::String(format!("{}: {}", s.name, s.reason)))
                .collect(),
        ),
    );
    m.insert("unknown_elements".into(), to_value(&ns.unknown_elements));
    let prefix = format!("{name}.");
    m.insert(
        "diagnostics".into(),
        Value::Array(
            ir.diagnostics
                .iter()
                .filter(|d| d.item.starts_with(&prefix))
                .map(|d| Value::String(short_diagnostic(&d.to_string())))
                .collect(),
        ),
    );
    Value::Object(m)
}

/// Diagnostics carry absolute paths; snapshots keep the file name only.
pub fn short_diagnostic(d: &str) -> String {
    let dir = format!("{}/", fixtures().display());
    d.replace(&dir, "")
}

/// Pretty JSON that keeps small objects and arrays on one line, so a parameter reads as one line.
pub fn pretty(v: &Value) -> String {
    let mut out = String::new();
    write_value(v, 0, &mut out);
    out.push('\n');
    out
}

const WIDTH: usize = 110;

/// Keys whose values (or, for arrays, whose items) are always written on one line.
const ONE_LINE: &[&str] = &["params", "ret", "members", "constants"];

fn write_value(v: &Value, indent: usize, out: &mut String) {
    write_value_in(v, indent, false, out)
}

fn write_value_in(v: &Value, indent: usize, one_line: bool, out: &mut String) {
    let line = compact(v);
    if one_line || indent + line.len() <= WIDTH || !matches!(v, Value::Object(_) | Value::Array(_)) {
        out.push_str(&line);
        return;
    }
    let pad = "  ".repeat(indent / 2 + 1);
    let end_pad = "  ".repeat(indent / 2);
    match v {
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (k, x)) in map.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push_str(": ");
                if ONE_LINE.contains(&k.as_str()) {
                    if let Value::Array(items) = x {
                        // Each item on its own line.
                        out.push_str("[\n");
                        let item_pad = "  ".repeat(indent / 2 + 2);
                        for (j, item) in items.iter().enumerate() {
                            out.push_str(&item_pad);
                            write_value_in(item, indent + 4, true, out);
                            out.push_str(if j + 1 < items.len() { ",\n" } else { "\n" });
                        }
                        out.push_str(&pad);
                        out.push(']');
                        if items.is_empty() {
                            // `[\n  ]` reads badly: an empty list stays `[]`.
                            let cut = out.rfind('[').unwrap();
                            out.truncate(cut);
                            out.push_str("[]");
                        }
                    } else {
                        write_value_in(x, indent + 2, true, out);
                    }
                } else {
                    write_value(x, indent + 2, out);
                }
                if i + 1 < map.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&end_pad);
            out.push('}');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, x) in items.iter().enumerate() {
                out.push_str(&pad);
                write_value(x, indent + 2, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&end_pad);
            out.push(']');
        }
        _ => unreachable!(),
    }
}

/// One line, with a space after `:` and `,`.
fn compact(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let items: Vec<String> =
                map.iter().map(|(k, x)| format!("{}: {}", serde_json::to_string(k).unwrap(), compact(x))).collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(", ")),
        other => serde_json::to_string(other).unwrap(),
    }
}

/// The rendered namespace as snapshot text.
pub fn snapshot_text(ir: &Ir, name: &str) -> String {
    pretty(&namespace_value(ir, name))
}
