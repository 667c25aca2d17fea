//! What one run generates: the package name, the output directory and the namespaces that get a
//! module. Decided here once, so that every backend lays out the same package.

use crate::cli::{CffiMode, GenerateArgs};
use gir::ir::{Ir, NamespaceId};
use std::path::PathBuf;

#[derive(Debug)]
pub struct Plan {
    /// The Python package (a valid identifier).
    pub package: String,
    /// The package that holds namespaces not generated in this run (`--no-deps`).
    pub deps_package: String,
    pub output_dir: PathBuf,
    /// Namespaces that get a module, in dependency order.
    pub namespaces: Vec<NamespaceId>,
    pub cffi_mode: CffiMode,
    /// `--python`: the interpreter that builds compiled products (cffi's out-of-line modes).
    pub python: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("package name `{0}` is not a valid Python identifier (letters, digits and `_`, not starting with a digit)")]
    BadPackageName(String),
}

fn valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Plan {
    pub fn new(ir: &Ir, args: &GenerateArgs) -> Result<Plan, PlanError> {
        let first_root = ir.namespaces.iter().rev().find(|n| n.is_root).map(|n| n.name.to_lowercase());
        let package = args.package.clone().unwrap_or_else(|| format!("girgen_{}", first_root.unwrap_or_default()));
        if !valid_identifier(&package) {
            return Err(PlanError::BadPackageName(package));
        }
        let deps_package = args.deps_package.clone().unwrap_or_else(|| package.clone());
        if !valid_identifier(&deps_package) {
            return Err(PlanError::BadPackageName(deps_package));
        }
        let namespaces = (0..ir.namespaces.len() as u32)
            .map(NamespaceId)
            .filter(|&n| !args.no_deps || ir.namespace(n).is_root)
            .collect();
        let output_dir = args.output.clone().unwrap_or_else(|| PathBuf::from(&package));
        Ok(Plan { package, deps_package, output_dir, namespaces, cffi_mode: args.cffi_mode, python: args.python.clone() })
    }

    /// The package a namespace's module is imported from.
    pub fn package_of(&self, ns: NamespaceId) -> &str {
        if self.namespaces.contains(&ns) {
            &self.package
        } else {
            &self.deps_package
        }
    }
}
