//! Runtime of girgen's pyo3 backend (built by the pyo3 backend issue).
