//! Running `_cffi_build.py` during generation: the generated sources are written to a scratch
//! directory, the script builds the modules there with the chosen Python, and the products are
//! read back, so that they are written together with everything else.
//!
//! An api build compiles C for minutes, so it is cached: `PKG/_cffi_build.key` records a hash of
//! everything the build depends on (the generated sources, the mode, the interpreter's identity,
//! the compiler variables) and the products' names; when the output directory already holds
//! products of the same key, they are reused as they are.

use super::{mode_name, CffiError};
use crate::cli::CffiMode;
use crate::output::FileSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Marks the lines of the script's output that name a product.
const PRODUCT: &str = "girgen-cffi-product: ";

/// A directory removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn scratch() -> Result<Scratch, CffiError> {
    let base = std::env::temp_dir();
    for n in 0..1000u32 {
        let path = base.join(format!("girgen-cffi-{}-{n}", std::process::id()));
        match fs::create_dir(&path) {
            Ok(()) => return Ok(Scratch(path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(CffiError::Scratch { path: path.display().to_string(), source }),
        }
    }
    Err(CffiError::Scratch {
        path: base.display().to_string(),
        source: std::io::Error::other("no free scratch directory name"),
    })
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CffiError + '_ {
    move |source| CffiError::Scratch { path: path.display().to_string(), source }
}

/// Builds the out-of-line modules of `package` from the generated `files`; returns each product
/// as (path relative to the output directory, contents).
pub fn build(files: &FileSet, package: &str, mode: CffiMode, python: &str) -> Result<Vec<(PathBuf, Vec<u8>)>, CffiError> {
    let dir = scratch()?;
    for (rel, contents) in &files.files {
        let path = dir.0.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&path, contents).map_err(io(&path))?;
    }
    let pkg_dir = dir.0.join(package);
    let script = pkg_dir.join("_cffi_build.py");
    let output = Command::new(python)
        .arg(&script)
        .arg("--mode")
        .arg(mode_name(mode))
        .arg("--outdir")
        .arg(&pkg_dir)
        .current_dir(&dir.0)
        // The products must not depend on bytecode caches or user site quirks of the scratch dir.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .map_err(|source| CffiError::PythonNotFound { python: python.to_string(), source })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(CffiError::Build { python: python.to_string(), message: stderr.trim_end().to_string() });
    }
    let mut products = Vec::new();
    for line in stdout.lines() {
        let Some(rel) = line.strip_prefix(PRODUCT) else { continue };
        let path = pkg_dir.join(rel);
        let bytes = fs::read(&path).map_err(io(&path))?;
        products.push((PathBuf::from(package).join(rel), bytes));
    }
    if products.is_empty() {
        return Err(CffiError::Build { python: python.to_string(), message: "the build script reported no module".into() });
    }
    Ok(products)
}

/// The interpreter and cffi the build would use, so that a changed interpreter invalidates the cache.
fn python_identity(python: &str) -> String {
    let probe = "import sys, sysconfig\ntry:\n    import cffi; v = cffi.__version__\nexcept ImportError:\n    v = None\nprint(sys.executable, sys.version, sysconfig.get_config_var('EXT_SUFFIX'), v)";
    match Command::new(python).arg("-c").arg(probe).output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        // Not runnable: no cache hit is possible, and the build reports the error.
        _ => format!("unusable:{python}:{}", std::process::id()),
    }
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike std's hasher.
fn fnv(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The hash of everything a build depends on.
pub fn build_key(files: &FileSet, mode: CffiMode, python: &str) -> String {
    let mut h = 0xcbf29ce484222325u64;
    for (path, contents) in &files.files {
        h = fnv(path.to_string_lossy().as_bytes(), h);
        h = fnv(&[0], h);
        h = fnv(contents, h);
        h = fnv(&[0], h);
    }
    h = fnv(mode_name(mode).as_bytes(), h);
    h = fnv(python_identity(python).as_bytes(), h);
    for var in ["CC", "CPPFLAGS", "CFLAGS", "LDFLAGS", "PKG_CONFIG_PATH"] {
        h = fnv(var.as_bytes(), h);
        h = fnv(std::env::var(var).unwrap_or_default().as_bytes(), h);
        h = fnv(&[0], h);
    }
    format!("{h:016x}")
}

pub fn key_path(package: &str) -> PathBuf {
    PathBuf::from(package).join("_cffi_build.key")
}

/// The key file: the key, then one product path per line.
pub fn key_file(key: &str, products: &[(PathBuf, Vec<u8>)]) -> Vec<u8> {
    let mut text = format!("{key}\n");
    for (path, _) in products {
        text.push_str(&format!("{}\n", path.display()));
    }
    text.into_bytes()
}

/// The products of an earlier build with the same key, if the output directory still has them.
pub fn cached_products(output_dir: &Path, package: &str, key: &str) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    let text = fs::read_to_string(output_dir.join(key_path(package))).ok()?;
    let mut lines = text.lines();
    if lines.next()? != key {
        return None;
    }
    let products: Option<Vec<_>> = lines
        .filter(|l| !l.is_empty() && !l.contains(".."))
        .map(|l| fs::read(output_dir.join(l)).ok().map(|bytes| (PathBuf::from(l), bytes)))
        .collect();
    products.filter(|p| !p.is_empty())
}
