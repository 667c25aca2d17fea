//! The emitter shared by the Python-code backends (ctypes and cffi): the package layout, the
//! namespace modules with their lazy attribute tables, and one submodule per item. The FFI-specific
//! parts come from an [`Ffi`] implementation.
//!
//! Layout of a generated distribution:
//! ```text
//! pyproject.toml
//! PKG/__init__.py            backend and namespace list
//! PKG/NS/__init__.py         constants, the lazy attribute table, GType and error-domain registration
//! PKG/NS/_t_Name.py          one bound type (class, interface, record, union, enum, flags, callback, alias)
//! PKG/NS/_f<N>.py            a chunk of namespace-level functions
//! ```
//! Importing a namespace reads only its `__init__`; everything else comes on first attribute access.

pub mod code;
pub mod functions;
pub mod items;
pub mod marshal;

use crate::backends::GenerateError;
use crate::output::FileSet;
use crate::package::Plan;
use askama::Template;
use code::py_str;
use gir::ir::{ErrorDomain, FunctionId, Ir, NamespaceId, TypeKind};
pub use marshal::{CKind, Ctx, Ffi};
use std::collections::BTreeMap;

/// Namespace functions per submodule: small enough that one first use loads little.
const FUNCTIONS_PER_CHUNK: usize = 32;

#[derive(Template)]
#[template(path = "python/namespace_init.py", escape = "none")]
struct NamespaceInit<'a> {
    ns: &'a str,
    version: &'a str,
    version_literal: String,
    backend: &'a str,
    backend_literal: String,
    libraries: String,
    extra_imports: Vec<String>,
    constants: Vec<(String, String)>,
    items: Vec<(String, String)>,
    gtypes: Vec<(String, String)>,
    error_domains: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "python/submodule.py", escape = "none")]
struct Submodule<'a> {
    title: String,
    backend: &'a str,
    ns: &'a str,
    prelude: Vec<String>,
    setup: Vec<String>,
    namespaces: Vec<String>,
    runtime: Vec<&'static str>,
    symbols: Vec<(String, String)>,
    body: String,
}

#[derive(Template)]
#[template(path = "python/package_init.py", escape = "none")]
struct PackageInit<'a> {
    backend: &'a str,
    backend_literal: String,
    package: &'a str,
    namespaces_text: String,
    first: String,
    namespaces: Vec<String>,
}

#[derive(Template)]
#[template(path = "python/pyproject.toml", escape = "none")]
struct Pyproject<'a> {
    backend: &'a str,
    dist_name: String,
    version: String,
    namespaces_text: String,
    dependencies: Vec<String>,
    packages: Vec<String>,
    package_data: Vec<(String, String)>,
}

fn render<T: Template>(t: &T, template: &'static str) -> Result<String, GenerateError> {
    t.render().map_err(|source| GenerateError::Template { template, source })
}

/// Extra files a backend adds to a namespace package (e.g. cffi's compiled module).
pub struct Extras {
    pub files: Vec<(String, Vec<u8>)>,
    /// setuptools package-data patterns per package.
    pub package_data: Vec<(String, String)>,
    pub dependencies: Vec<String>,
}

pub fn generate(ir: &Ir, plan: &Plan, ffi: &dyn Ffi, extras: Extras) -> Result<FileSet, GenerateError> {
    let mut files = FileSet::default();
    let pkg = &plan.package;
    let backend = ffi.name();
    let mut packages = vec![pkg.clone()];
    let ns_names: Vec<String> = plan.namespaces.iter().map(|&n| ir.namespace(n).name.clone()).collect();
    let namespaces_text =
        plan.namespaces.iter().map(|&n| format!("{}-{}", ir.namespace(n).name, ir.namespace(n).version)).collect::<Vec<_>>().join(", ");

    for &ns in &plan.namespaces {
        let name = &ir.namespace(ns).name;
        packages.push(format!("{pkg}.{name}"));
        for (path, text) in namespace_files(ir, plan, ns, ffi)? {
            files.add(format!("{pkg}/{name}/{path}"), text);
        }
    }
    files.add(
        format!("{pkg}/__init__.py"),
        render(
            &PackageInit {
                backend,
                backend_literal: py_str(backend),
                package: pkg,
                namespaces_text: namespaces_text.clone(),
                first: ns_names.last().cloned().unwrap_or_default(),
                namespaces: ns_names.iter().map(|n| py_str(n)).collect(),
            },
            "python/package_init.py",
        )?,
    );
    let root = plan.namespaces.iter().rev().map(|&n| ir.namespace(n)).find(|n| n.is_root);
    let mut dependencies = vec!["girgen-runtime".to_string()];
    dependencies.extend(extras.dependencies);
    files.add(
        "pyproject.toml",
        render(
            &Pyproject {
                backend,
                dist_name: pkg.replace('_', "-"),
                version: format!("{}.0", root.map_or("0.0", |n| n.version.as_str())),
                namespaces_text,
                dependencies,
                packages,
                package_data: extras.package_data,
            },
            "python/pyproject.toml",
        )?,
    );
    for (path, contents) in extras.files {
        files.add(path, contents);
    }
    Ok(files)
}

/// The submodule name of a type.
fn type_module(py_name: &str) -> String {
    format!("_t_{py_name}")
}

fn namespace_files(ir: &Ir, plan: &Plan, ns: NamespaceId, ffi: &dyn Ffi) -> Result<Vec<(String, String)>, GenerateError> {
    let namespace = ir.namespace(ns);
    let mut out = Vec::new();
    let mut items: BTreeMap<String, String> = BTreeMap::new();

    for &t in &namespace.types {
        let def = ir.ty(t);
        if !def.is_bound() {
            continue;
        }
        let module = type_module(&def.py_name);
        let mut ctx = Ctx::new(ir, ffi, ns);
        let body = items::type_item(&mut ctx, t);
        out.push((format!("{module}.py"), submodule(&mut ctx, plan, ffi, &format!("{}.{}", namespace.name, def.py_name), body)?));
        items.insert(def.py_name.clone(), module);
    }
    let bound: Vec<FunctionId> = namespace.functions.iter().copied().filter(|&f| ir.function(f).skip.is_none()).collect();
    for (n, chunk) in bound.chunks(FUNCTIONS_PER_CHUNK).enumerate() {
        let module = format!("_f{n}");
        let mut ctx = Ctx::new(ir, ffi, ns);
        let body = items::namespace_functions(&mut ctx, chunk);
        let title = format!("{} functions, part {}", namespace.name, n + 1);
        out.push((format!("{module}.py"), submodule(&mut ctx, plan, ffi, &title, body)?));
        for &f in chunk {
            items.entry(ir.function(f).py_name.clone()).or_insert_with(|| module.clone());
        }
    }

    let constants = namespace
        .constants
        .iter()
        .filter(|c| !items.contains_key(&c.py_name))
        .map(|c| (c.py_name.clone(), items::constant_literal(&c.value)))
        .collect();
    let mut gtypes = Vec::new();
    let mut error_domains = Vec::new();
    for &t in &namespace.types {
        let def = ir.ty(t);
        if !def.is_bound() {
            continue;
        }
        // Enums and flags too: values read from GValues (properties, signals) come back as members.
        let registered = matches!(
            def.kind,
            TypeKind::Class(_) | TypeKind::Interface(_) | TypeKind::Record(_) | TypeKind::Union(_) | TypeKind::Enum(_) | TypeKind::Flags(_)
        );
        if let Some(gt) = def.gtype.as_ref().filter(|_| registered) {
            gtypes.push((py_str(&gt.type_name), py_str(&def.py_name)));
        }
        if let TypeKind::Enum(e) = &def.kind {
            match &e.error_domain {
                Some(ErrorDomain::Named(d)) => error_domains.push((py_str(d), py_str(&def.py_name))),
                Some(ErrorDomain::QuarkFunction(_)) => error_domains.push(("None".into(), py_str(&def.py_name))),
                None => {}
            }
        }
    }
    let extra_imports = builtin_exports(ir, ns);
    let init = NamespaceInit {
        ns: &namespace.name,
        version: &namespace.version,
        version_literal: py_str(&namespace.version),
        backend: ffi.name(),
        backend_literal: py_str(ffi.name()),
        libraries: format!("({})", namespace.shared_libraries.iter().map(|l| py_str(l) + ",").collect::<Vec<_>>().join(" ")),
        extra_imports,
        constants,
        items: items.into_iter().map(|(k, v)| (py_str(&k), py_str(&v))).collect(),
        gtypes,
        error_domains,
    };
    out.push(("__init__.py".into(), render(&init, "python/namespace_init.py")?));
    out.sort();
    Ok(out)
}

/// Names a namespace module takes from the runtime instead of generating them (GLib's Error,
/// GObject's GType and Value), as PyGObject's overrides provide them.
fn builtin_exports(ir: &Ir, ns: NamespaceId) -> Vec<String> {
    match ir.namespace(ns).name.as_str() {
        "GLib" => vec!["from girgen_runtime.errors import Error".into(), "GError = Error".into()],
        "GObject" => vec![
            "from girgen_runtime.gtype import GType".into(),
            "from girgen_runtime.support import gobject_type_constants as _gobject_type_constants".into(),
            "globals().update(_gobject_type_constants())".into(),
        ],
        _ => Vec::new(),
    }
}

fn submodule(ctx: &mut Ctx, plan: &Plan, ffi: &dyn Ffi, title: &str, body: items::Body) -> Result<String, GenerateError> {
    let mut symbols = body.symbols;
    symbols.sort();
    symbols.dedup_by(|a, b| a.0 == b.0);
    let ns = ctx.ir.namespace(ctx.ns).name.clone();
    let imports = std::mem::take(&mut ctx.imports);
    let t = Submodule {
        title: title.to_string(),
        backend: ffi.name(),
        ns: &ns,
        prelude: ffi.submodule_prelude(),
        setup: ffi.submodule_setup(),
        // Namespaces of this package are siblings; with --no-deps the others come from the
        // dependencies' package.
        namespaces: imports
            .namespaces
            .into_iter()
            .filter(|n| *n != ns)
            .map(|n| {
                let here = plan.namespaces.iter().any(|&id| ctx.ir.namespace(id).name == n);
                let from = if here { ".." } else { plan.deps_package.as_str() };
                format!("from {from} import {n} as _ns_{n}")
            })
            .collect(),
        runtime: imports.runtime.into_iter().collect(),
        symbols,
        body: body.code.render(0),
    };
    render(&t, "python/submodule.py")
}
