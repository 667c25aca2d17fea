//! Running `_cffi_build.py` during generation: the generated sources are written to a scratch
//! directory, the script builds the modules there with the chosen Python, and the products are
//! read back, so that they are written together with everything else.

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
