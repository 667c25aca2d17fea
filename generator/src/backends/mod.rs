//! One emitter per backend. Each turns the IR into files in memory; none decides anything the IR
//! could decide for all three.

pub mod cffi;
pub mod ctypes;
pub mod pyo3;
pub mod python;

use crate::cli::BackendName;
use crate::output::FileSet;
use crate::package::Plan;
use gir::ir::Ir;

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("template error in {template}: {source}")]
    Template { template: &'static str, source: askama::Error },
    #[error(transparent)]
    Cffi(#[from] cffi::CffiError),
}

pub trait Backend {
    fn generate(&self, ir: &Ir, plan: &Plan) -> Result<FileSet, GenerateError>;
}

pub fn find(name: BackendName) -> Box<dyn Backend> {
    match name {
        BackendName::Ctypes => Box::new(ctypes::Ctypes),
        BackendName::Cffi => Box::new(cffi::Cffi),
        BackendName::Pyo3 => Box::new(pyo3::Pyo3),
    }
}
