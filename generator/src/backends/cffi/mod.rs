//! The cffi backend: the cdef of each namespace computed from the IR, in three cffi modes.
//!
//! * `abi-inline`: `_<Ns>_ffi.py` parses the cdef (`_<Ns>_cdef.py`) with `ffi.cdef()` at import
//!   and opens the libraries with `ffi.dlopen()`. Slow to import; kept as the baseline.
//! * `abi-outofline` (default): `_cffi_build.py` compiles each cdef ahead of time into
//!   `_<Ns>_cffi.py` (cffi's `set_source(name, None)`); import parses nothing. No C compiler.
//! * `api`: `_cffi_build.py` has cffi write C that includes the real headers and compiles it into
//!   `_<Ns>_cffi<EXT_SUFFIX>`. The compiler checks every prototype, and cffi checks every struct
//!   layout the cdef gives against the compiler's when the type is first used. Functions bound
//!   with pointer or string values are called through compiled shims taking pointers as
//!   integers ([`shim`]), which follow what the shared emitter bound: so the Python modules are
//!   generated first.
//!
//! The build runs as part of generation, with the Python given by `--python`, in a scratch
//! directory: its products join the generated files, so the output is still written
//! all-or-nothing and the manifest lists them.
//!
//! Files per namespace (flat in the package, so that loading the FFI imports nothing else):
//! `PKG/_<Ns>_cdef.py`, `PKG/_<Ns>_ffi.py` (exports `ffi` and `lib`), and in the out-of-line
//! modes the build product `PKG/_<Ns>_cffi.*`; once per package `PKG/_cffi_build.py`.

pub mod cdef;
mod ctype;
pub mod ffi;
pub mod run;
pub mod shim;

use crate::cli::CffiMode;
use crate::output::FileSet;
use crate::package::Plan;
use askama::Template;
use cdef::{Flavor, NsCdef};
use gir::ir::{Ir, NamespaceId};
use shim::Bindings;

/// Errors of the cffi backend.
#[derive(Debug, thiserror::Error)]
pub enum CffiError {
    #[error("template error in {template}: {source}")]
    Template { template: &'static str, source: askama::Error },
    #[error("cannot run `{python}` (--python) for the cffi build: {source}")]
    PythonNotFound { python: String, source: std::io::Error },
    #[error("cffi build with `{python}` failed:\n{message}")]
    Build { python: String, message: String },
    #[error("cffi build scratch directory {path}: {source}")]
    Scratch { path: String, source: std::io::Error },
}

pub fn mode_name(mode: CffiMode) -> &'static str {
    match mode {
        CffiMode::AbiInline => "abi-inline",
        CffiMode::AbiOutofline => "abi-outofline",
        CffiMode::Api => "api",
    }
}

pub fn flavor(mode: CffiMode) -> Flavor {
    match mode {
        CffiMode::Api => Flavor::Api,
        CffiMode::AbiInline | CffiMode::AbiOutofline => Flavor::Abi,
    }
}

/// A Python string literal (the cdef's names are ASCII identifiers and file names).
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Template)]
#[template(path = "cffi/cdef_module.py", escape = "none")]
struct CdefModule<'a> {
    ns: &'a str,
    version: &'a str,
    flavor: &'static str,
    notes: &'a [String],
    ns_literal: String,
    version_literal: String,
    includes: Vec<String>,
    libraries: Vec<String>,
    c_includes: Vec<String>,
    packages: Vec<String>,
    cdef: String,
    /// api: (symbol, cdef declaration, C definition) of each shim, as literals.
    shims: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "cffi/ffi_abi_inline.py", escape = "none")]
struct FfiAbiInline<'a> {
    ns: &'a str,
    version: &'a str,
    package: &'a str,
    /// (package, namespace) of each directly included namespace.
    includes: Vec<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "cffi/ffi_abi_outofline.py", escape = "none")]
struct FfiAbiOutofline<'a> {
    ns: &'a str,
    version: &'a str,
    package: &'a str,
    libraries: Vec<String>,
}

#[derive(Template)]
#[template(path = "cffi/ffi_api.py", escape = "none")]
struct FfiApi<'a> {
    ns: &'a str,
    version: &'a str,
    package: &'a str,
    libraries: Vec<String>,
    shim_prefix: String,
}

#[derive(Template)]
#[template(path = "cffi/build.py", escape = "none")]
struct BuildScript<'a> {
    package: &'a str,
    package_literal: String,
    mode_literal: String,
    namespaces: Vec<(String, String)>,
}

fn render<T: Template>(t: &T, template: &'static str) -> Result<String, CffiError> {
    t.render().map_err(|source| CffiError::Template { template, source })
}

/// The cffi-specific source files of the package (cdefs, loaders, build script), in memory.
/// `bindings`: what the emitter bound (symbol → kind strings), for the api-mode shims.
pub fn source_files(ir: &Ir, plan: &Plan, mode: CffiMode, bindings: &Bindings) -> Result<(FileSet, Vec<NsCdef>), CffiError> {
    let cdefs = cdef::generate(ir, flavor(mode));
    let mut files = FileSet::default();
    let pkg = plan.package.as_str();
    for &ns in &plan.namespaces {
        let namespace = ir.namespace(ns);
        let name = namespace.name.as_str();
        let c = &cdefs[ns.0 as usize];
        let text = c.text();
        debug_assert!(!text.contains("\"\"\"") && !text.contains('\\'));
        let shims = match mode {
            CffiMode::Api => shim::shims(c, &bindings.get()),
            CffiMode::AbiInline | CffiMode::AbiOutofline => Vec::new(),
        };
        let module = CdefModule {
            ns: name,
            version: &namespace.version,
            flavor: match flavor(mode) {
                Flavor::Abi => "ABI: exact",
                Flavor::Api => "API: checked by the C compiler",
            },
            notes: &c.opaque_notes,
            ns_literal: lit(name),
            version_literal: lit(&namespace.version),
            includes: namespace.includes.iter().map(|&i| lit(&ir.namespace(i).name)).collect(),
            libraries: namespace.shared_libraries.iter().map(|l| lit(l)).collect(),
            c_includes: namespace.c_includes.iter().map(|l| lit(l)).collect(),
            packages: namespace.packages.iter().map(|l| lit(l)).collect(),
            cdef: text,
            shims: shims.iter().map(|s| (lit(&s.symbol), lit(&s.declaration), lit(&s.definition))).collect(),
        };
        files.add(format!("{pkg}/_{name}_cdef.py"), render(&module, "cffi/cdef_module.py")?);
        let libraries: Vec<String> = namespace.shared_libraries.iter().map(|l| lit(l)).collect();
        let loader = match mode {
            CffiMode::AbiInline => render(
                &FfiAbiInline {
                    ns: name,
                    version: &namespace.version,
                    package: pkg,
                    includes: namespace
                        .includes
                        .iter()
                        .map(|&i| (plan.package_of(i), ir.namespace(i).name.as_str()))
                        .collect(),
                },
                "cffi/ffi_abi_inline.py",
            )?,
            CffiMode::AbiOutofline => render(
                &FfiAbiOutofline { ns: name, version: &namespace.version, package: pkg, libraries },
                "cffi/ffi_abi_outofline.py",
            )?,
            CffiMode::Api => render(
                &FfiApi { ns: name, version: &namespace.version, package: pkg, libraries, shim_prefix: lit(shim::PREFIX) },
                "cffi/ffi_api.py",
            )?,
        };
        files.add(format!("{pkg}/_{name}_ffi.py"), loader);
    }
    if mode != CffiMode::AbiInline {
        let script = BuildScript {
            package: pkg,
            package_literal: lit(pkg),
            mode_literal: lit(mode_name(mode)),
            namespaces: (0..ir.namespaces.len() as u32)
                .map(NamespaceId)
                .map(|n| (lit(&ir.namespace(n).name), lit(plan.package_of(n))))
                .collect(),
        };
        files.add(format!("{pkg}/_cffi_build.py"), render(&script, "cffi/build.py")?);
    }
    Ok((files, cdefs))
}

/// Everything the cffi backend contributes: the sources and, in the out-of-line modes, the
/// modules built from them with `python`.
pub fn generate(ir: &Ir, plan: &Plan, mode: CffiMode, python: &str, bindings: &Bindings) -> Result<FileSet, CffiError> {
    let (mut files, _) = source_files(ir, plan, mode, bindings)?;
    if mode != CffiMode::AbiInline {
        let key = run::build_key(&files, mode, python);
        let products = match run::cached_products(&plan.output_dir, &plan.package, &key) {
            Some(products) => products,
            None => run::build(&files, &plan.package, mode, python)?,
        };
        files.add(run::key_path(&plan.package), run::key_file(&key, &products));
        for (path, bytes) in products {
            files.add(path, bytes);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests;

/// The cffi backend, as `backends::find` hands it out.
pub struct Cffi;

/// The Python that runs the build: `--python`, else `$GIRGEN_PYTHON`, else `python3`.
fn build_python(plan: &Plan) -> String {
    plan.python
        .clone()
        .or_else(|| std::env::var("GIRGEN_PYTHON").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "python3".into())
}

impl crate::backends::Backend for Cffi {
    fn generate(&self, ir: &Ir, plan: &Plan) -> Result<FileSet, crate::backends::GenerateError> {
        // The Python modules first: the api-mode shims follow what they bind.
        let hooks = ffi::CffiFfi { api: plan.cffi_mode == CffiMode::Api, ..Default::default() };
        let extras = crate::backends::python::Extras {
            files: Vec::new(),
            // The compiled module (api) and the out-of-line module are package data.
            package_data: vec![(plan.package.clone(), "_*_cffi*".into())],
            dependencies: vec!["cffi>=1.15".into()],
        };
        let mut files = crate::backends::python::generate(ir, plan, &hooks, extras)?;
        let mine = generate(ir, plan, plan.cffi_mode, &build_python(plan), &hooks.bindings)?;
        for (path, contents) in mine.files {
            files.add(path, contents);
        }
        Ok(files)
    }
}
