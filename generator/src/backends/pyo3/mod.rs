//! The pyo3 backend: a Rust crate (built with maturin or `girgen --build`) whose extension module
//! `PKG._native` holds every namespace, plus one tiny Python module per namespace.
//!
//! Layout of the output directory:
//! ```text
//! Cargo.toml, pyproject.toml
//! src/lib.rs                 the package table and PyInit__native
//! src/ns_<namespace>.rs      descriptors and wrappers of one namespace (quote! + prettyplease)
//! girgen-runtime/            the runtime crate's sources, vendored (self-contained output)
//! build.sh                   in-place build: PKG/_native<EXT_SUFFIX> (wheels: `maturin build`)
//! PKG/__init__.py            namespace list
//! PKG/<NS>.py                `__getattr__`/`__dir__` from the extension
//! ```
//! See docs/pyo3.md for the design (static descriptors, lazy classes, raw-C-API wrappers).

mod ctx;
mod func;
mod items;
#[cfg(test)]
mod tests;

use crate::backends::{Backend, GenerateError};
use crate::output::FileSet;
use crate::package::Plan;
use ctx::{c_lit, Ctx};
use gir::ir::{Ir, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub struct Pyo3;

/// The runtime crate's sources, embedded so the generated crate does not depend on this checkout.
const RUNTIME_SOURCES: &[(&str, &str)] = &[
    ("call.rs", include_str!("../../../../runtime/src/call.rs")),
    ("closure.rs", include_str!("../../../../runtime/src/closure.rs")),
    ("construct.rs", include_str!("../../../../runtime/src/construct.rs")),
    ("containers.rs", include_str!("../../../../runtime/src/containers.rs")),
    ("conv.rs", include_str!("../../../../runtime/src/conv.rs")),
    ("enums.rs", include_str!("../../../../runtime/src/enums.rs")),
    ("fields.rs", include_str!("../../../../runtime/src/fields.rs")),
    ("gerror.rs", include_str!("../../../../runtime/src/gerror.rs")),
    ("gvalue.rs", include_str!("../../../../runtime/src/gvalue.rs")),
    ("lib.rs", include_str!("../../../../runtime/src/lib.rs")),
    ("libffi.rs", include_str!("../../../../runtime/src/libffi.rs")),
    ("module.rs", include_str!("../../../../runtime/src/module.rs")),
    ("pyutil.rs", include_str!("../../../../runtime/src/pyutil.rs")),
    ("signals.rs", include_str!("../../../../runtime/src/signals.rs")),
    ("sym.rs", include_str!("../../../../runtime/src/sym.rs")),
    ("types.rs", include_str!("../../../../runtime/src/types.rs")),
];

const CARGO_TOML: &str = include_str!("../../../../templates/pyo3/Cargo.toml");
const RUNTIME_CARGO_TOML: &str = include_str!("../../../../templates/pyo3/runtime-Cargo.toml");
const PYPROJECT_TOML: &str = include_str!("../../../../templates/pyo3/pyproject.toml");
const PACKAGE_INIT: &str = include_str!("../../../../templates/pyo3/package_init.py");
const NAMESPACE_PY: &str = include_str!("../../../../templates/pyo3/namespace.py");
const BUILD_SH: &str = include_str!("../../../../templates/pyo3/build.sh");

/// `{{key}}` → value; the templates only lay out text.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{{{k}}}}}"), v);
    }
    s
}

/// Formats generated Rust; an unparsable token stream is a generator bug, reported as such.
fn format_rust(tokens: TokenStream, what: &str) -> Result<String, GenerateError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| GenerateError::Template {
        template: "pyo3 (generated Rust)",
        source: askama::Error::Custom(format!("{what}: generated Rust does not parse: {e}").into()),
    })?;
    Ok(prettyplease::unparse(&file))
}

impl Backend for Pyo3 {
    fn generate(&self, ir: &Ir, plan: &Plan) -> Result<FileSet, GenerateError> {
        let out = generate_files(ir, plan)?;
        Ok(out.files)
    }
}

pub struct Generated {
    pub files: FileSet,
    /// (item, reason) of items the IR binds but this backend does not (yet); written to
    /// `pyo3-skipped.txt`, and checked empty for the fixture by the tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pub skipped: Vec<(String, String)>,
}

pub fn generate_files(ir: &Ir, plan: &Plan) -> Result<Generated, GenerateError> {
    let mut ctx = Ctx::new(ir, plan);
    // Which callback types get a trampoline (known before any wrapper refers to them).
    for (i, t) in ir.types.iter().enumerate() {
        if matches!(t.kind, TypeKind::Callback(_)) {
            let id = gir::ir::TypeId(i as u32);
            let ok = items::callback_supported(&ctx, id);
            ctx.callbacks.insert(id, ok);
        }
    }
    let mut files = FileSet::default();
    let mut skipped = Vec::new();
    let mut gtypes = Vec::new();
    let mut enum_gtypes = Vec::new();
    let mut error_domains = Vec::new();
    let mut signals: Vec<(String, TokenStream)> = Vec::new();
    let mut mods = Vec::new();
    // Every namespace of the closure gets its Rust module (classes need their parents); only the
    // planned ones get a Python module.
    for (n, ns) in ir.namespaces.iter().enumerate() {
        let id = gir::ir::NamespaceId(n as u32);
        let out = items::namespace(&ctx, id);
        let m = ctx.ns_mod(id);
        files.add(format!("src/{m}.rs"), format_rust(out.tokens, &ns.name)?);
        mods.push(m);
        gtypes.extend(out.gtypes);
        enum_gtypes.extend(out.enum_gtypes);
        error_domains.extend(out.error_domains);
        signals.extend(out.signals);
        skipped.extend(out.skipped);
    }
    gtypes.sort_by(|a, b| a.0.cmp(&b.0));
    gtypes.dedup_by(|a, b| a.0 == b.0);
    enum_gtypes.sort_by(|a, b| a.0.cmp(&b.0));
    enum_gtypes.dedup_by(|a, b| a.0 == b.0);
    signals.sort_by(|a, b| a.0.cmp(&b.0));
    signals.dedup_by(|a, b| a.0 == b.0);
    let sigs: Vec<TokenStream> = signals.iter().map(|(k, p)| quote!((#k, #p as rt::signals::SignalMarshal))).collect();
    let gt: Vec<TokenStream> = gtypes.iter().map(|(n, p)| quote!((#n, &#p))).collect();
    let egt: Vec<TokenStream> = enum_gtypes.iter().map(|(n, p)| quote!((#n, &#p))).collect();
    let pkg = &plan.package;
    let native = c_lit(&format!("{pkg}._native"));
    let ns_refs: Vec<TokenStream> = mods.iter().map(|m| quote!(&#m::NS)).collect();
    let doc = format!(" {pkg}: generated by girgen (pyo3 backend). Do not edit.");
    let lib = quote! {
        #![doc = #doc]
        #![allow(non_upper_case_globals, non_snake_case, unused, unused_unsafe, clippy::all)]
        use girgen_runtime as rt;
        #(pub mod #mods;)*

        static PACKAGE: rt::Package = rt::Package {
            name: #pkg,
            namespaces: &[#(#ns_refs),*],
            gtypes: &[#(#gt),*],
            enum_gtypes: &[#(#egt),*],
            error_domains: &[#(&#error_domains),*],
            signals: &[#(#sigs),*],
        };

        /// The extension module's entry point.
        #[no_mangle]
        pub unsafe extern "C" fn PyInit__native() -> *mut rt::ffi::PyObject {
            rt::module_init(&PACKAGE, #native)
        }
    };
    files.add("src/lib.rs", format_rust(lib, "lib.rs")?);

    let planned: Vec<&gir::ir::Namespace> = plan.namespaces.iter().map(|&n| ir.namespace(n)).collect();
    let names: Vec<String> = planned.iter().map(|n| format!("{}-{}", n.name, n.version)).collect();
    let root = ir.namespaces.iter().rev().find(|n| n.is_root);
    let version = format!("{}.0", root.map_or("0.0", |n| n.version.as_str()));
    let crate_name = pkg.replace('_', "-");
    let namespaces_text = names.join(", ");
    files.add(
        "Cargo.toml",
        fill(CARGO_TOML, &[("crate", &crate_name), ("version", &version), ("namespaces", &namespaces_text)]),
    );
    files.add(
        "pyproject.toml",
        fill(
            PYPROJECT_TOML,
            &[("dist_name", &crate_name), ("version", &version), ("namespaces", &namespaces_text), ("package", pkg)],
        ),
    );
    files.add("girgen-runtime/Cargo.toml", RUNTIME_CARGO_TOML);
    for (name, text) in RUNTIME_SOURCES {
        files.add(format!("girgen-runtime/src/{name}"), *text);
    }
    let tuple: String = planned.iter().map(|n| format!("\"{}\", ", n.name)).collect();
    let first = planned.last().map_or("GLib", |n| n.name.as_str());
    files.add(
        format!("{pkg}/__init__.py"),
        fill(
            PACKAGE_INIT,
            &[("namespaces", &namespaces_text), ("package", pkg), ("first", first), ("namespace_tuple", tuple.trim_end())],
        ),
    );
    for ns in &planned {
        files.add(
            format!("{pkg}/{}.py", ns.name),
            fill(NAMESPACE_PY, &[("namespace", &ns.name), ("version", &ns.version)]),
        );
    }
    files.add("build.sh", fill(BUILD_SH, &[("package", pkg)]));
    files.add(".gitignore", "target/\ndist/\n*.so\n");
    let mut report = String::from("# Items the IR binds that the pyo3 backend leaves out, with the reason.\n");
    for (item, reason) in &skipped {
        report.push_str(&format!("{item}: {reason}\n"));
    }
    files.add("pyo3-skipped.txt", report);
    Ok(Generated { files, skipped })
}

/// `--build`: runs the generated build.sh (cargo, release) so that the extension lands next to the
/// Python sources and DIR on `sys.path` imports the package. For a wheel use `maturin build`.
pub fn build_in_place(dir: &std::path::Path, python: Option<&str>, quiet: bool) -> Result<(), String> {
    let mut cmd = std::process::Command::new("bash");
    cmd.current_dir(dir).arg("build.sh");
    // `--python`: the interpreter the extension is built for (unless the environment names one).
    if let Some(py) = python {
        if std::env::var_os("PYO3_PYTHON").is_none() && std::env::var_os("PYTHON").is_none() {
            cmd.env("PYO3_PYTHON", py);
        }
    }
    if quiet {
        cmd.env("CARGO_FLAGS", "--quiet");
    }
    let status = cmd.status().map_err(|e| format!("cannot run bash build.sh: {e}"))?;
    if !status.success() {
        return Err(format!("build.sh failed in {}", dir.display()));
    }
    Ok(())
}
