//! Tests of the pyo3 emitter.
