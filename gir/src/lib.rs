//! girgen's front end: GIR XML → [`model`] (faithful to the XML, with positions) →
//! [`ir`] (resolved to typed IDs and analysed once for every backend).

pub mod model;
pub mod load;
pub mod ir;
