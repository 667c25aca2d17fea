//! The GIR model: a faithful, unresolved picture of one GIR file.
//!
//! Every element keeps its source position (`Span`) so that later phases can report
//! `file:line:col` diagnostics. Names are kept exactly as written in the XML; type names
//! stay strings here and are turned into typed IDs by `resolve`.

use serde::Serialize;
use std::path::PathBuf;

/// Index of a loaded file in [`Files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A position in a loaded GIR file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

/// The table of loaded files, so that spans stay small and copyable.
#[derive(Debug, Default, Clone)]
pub struct Files {
    paths: Vec<PathBuf>,
}

impl Files {
    pub fn add(&mut self, path: PathBuf) -> FileId {
        self.paths.push(path);
        FileId(self.paths.len() as u32 - 1)
    }
    pub fn path(&self, id: FileId) -> &std::path::Path {
        &self.paths[id.0 as usize]
    }
    /// `file:line:col` for messages.
    pub fn locate(&self, span: Span) -> String {
        format!("{}:{}:{}", self.path(span.file).display(), span.line, span.col)
    }
}

/// Attributes that nearly every GIR element may carry.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub span: Span,
    pub introspectable: bool,
    pub deprecated: bool,
    pub deprecated_version: Option<String>,
    pub version: Option<String>,
    pub doc: Option<String>,
    pub moved_to: Option<String>,
}

/// A parsed `.gir` file.
#[derive(Debug, Clone, Serialize)]
pub struct Repository {
    pub file: FileId,
    pub version: Option<String>,
    pub includes: Vec<Include>,
    pub c_includes: Vec<String>,
    pub packages: Vec<String>,
    pub namespace: Namespace,
    /// Elements the loader does not know; skipped, but recorded (the format grows).
    pub unknown: Vec<Unknown>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Include {
    pub name: String,
    pub version: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unknown {
    /// The element name, e.g. `glib:boxed` or `docsection`.
    pub element: String,
    /// The element it was found in.
    pub parent: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Namespace {
    pub name: String,
    pub version: String,
    pub span: Span,
    /// Comma-separated in the XML; split here. Empty for namespaces without a library (GLib has one).
    pub shared_libraries: Vec<String>,
    pub c_identifier_prefixes: Vec<String>,
    pub c_symbol_prefixes: Vec<String>,
    pub aliases: Vec<Alias>,
    pub constants: Vec<Constant>,
    /// `<enumeration>` and `<bitfield>` (see [`Enumeration::is_bitfield`]).
    pub enums: Vec<Enumeration>,
    pub records: Vec<Record>,
    pub unions: Vec<Union>,
    pub classes: Vec<Class>,
    pub interfaces: Vec<Interface>,
    pub functions: Vec<Callable>,
    pub callbacks: Vec<Callable>,
    /// `<glib:boxed>`: a boxed type without a C struct (e.g. GLib's `Strv`-like helpers).
    pub boxed: Vec<Boxed>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alias {
    pub common: Common,
    pub name: String,
    pub c_type: Option<String>,
    pub target: AnyType,
}

#[derive(Debug, Clone, Serialize)]
pub struct Constant {
    pub common: Common,
    pub name: String,
    pub value: String,
    pub c_type: Option<String>,
    pub c_identifier: Option<String>,
    pub ty: AnyType,
}

#[derive(Debug, Clone, Serialize)]
pub struct Enumeration {
    pub common: Common,
    pub name: String,
    pub is_bitfield: bool,
    pub c_type: Option<String>,
    pub glib_type_name: Option<String>,
    pub glib_get_type: Option<String>,
    pub glib_error_domain: Option<String>,
    pub members: Vec<Member>,
    pub functions: Vec<Callable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub common: Common,
    pub name: String,
    /// The numeric value; GIR writes it in decimal, possibly negative, and bitfields may use the full u32 range.
    pub value: i64,
    pub c_identifier: Option<String>,
    pub glib_nick: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub common: Common,
    pub name: String,
    pub c_type: Option<String>,
    pub glib_type_name: Option<String>,
    pub glib_get_type: Option<String>,
    /// `disguised="1"`: a typedef of a pointer or of an opaque struct.
    pub disguised: bool,
    /// `opaque="1"`: the struct's layout is private.
    pub opaque: bool,
    pub pointer: bool,
    pub foreign: bool,
    /// `glib:is-gtype-struct-for`: the class/interface struct of that type.
    pub is_gtype_struct_for: Option<String>,
    pub copy_function: Option<String>,
    pub free_function: Option<String>,
    pub fields: Vec<Field>,
    pub constructors: Vec<Callable>,
    pub methods: Vec<Callable>,
    pub functions: Vec<Callable>,
    /// Anonymous unions nested in the struct.
    pub unions: Vec<Union>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Union {
    pub common: Common,
    /// Anonymous nested unions have no name.
    pub name: Option<String>,
    pub c_type: Option<String>,
    pub glib_type_name: Option<String>,
    pub glib_get_type: Option<String>,
    pub copy_function: Option<String>,
    pub free_function: Option<String>,
    pub fields: Vec<Field>,
    pub constructors: Vec<Callable>,
    pub methods: Vec<Callable>,
    pub functions: Vec<Callable>,
    /// Anonymous structs nested in the union.
    pub records: Vec<Record>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Boxed {
    pub common: Common,
    pub name: String,
    pub glib_type_name: Option<String>,
    pub glib_get_type: Option<String>,
    pub functions: Vec<Callable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub common: Common,
    pub name: String,
    pub readable: bool,
    pub writable: bool,
    pub private: bool,
    pub bits: Option<u32>,
    pub ty: FieldType,
}

#[derive(Debug, Clone, Serialize)]
pub enum FieldType {
    Type(AnyType),
    /// A function pointer field with an inline `<callback>` (vfunc slots of class structs).
    Callback(Box<Callable>),
    /// An anonymous `<record>`/`<union>` inside a field (rare).
    Nested,
}

#[derive(Debug, Clone, Serialize)]
pub struct Class {
    pub common: Common,
    pub name: String,
    pub c_type: Option<String>,
    /// Unqualified or `Ns.Name`-qualified, as in the XML.
    pub parent: Option<String>,
    pub is_abstract: bool,
    pub fundamental: bool,
    pub is_final: bool,
    pub glib_type_name: Option<String>,
    pub glib_get_type: Option<String>,
    pub glib_type_struct: Option<String>,
    pub ref_func: Option<String>,
    pub unref_func: Option<String>,
    pub set_value_func: Option<String>,
    pub get_value_func: Option<String>,
    pub implements: Vec<String>,
    pub constructors: Vec<Callable>,
    pub methods: Vec<Callable>,
    pub functions: Vec<Callable>,
    pub virtual_methods: Vec<Callable>,
    pub fields: Vec<Field>,
    pub properties: Vec<Property>,
    pub signals: Vec<Callable>,
    pub callbacks: Vec<Callable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Interface {
    pub common: Common,
    pub name: String,
    pub c_type: Option<String>,
    pub glib_type_name: Option<String>,
    pub glib_get_type: Option<String>,
    pub glib_type_struct: Option<String>,
    pub prerequisites: Vec<String>,
    pub constructors: Vec<Callable>,
    pub methods: Vec<Callable>,
    pub functions: Vec<Callable>,
    pub virtual_methods: Vec<Callable>,
    pub properties: Vec<Property>,
    pub signals: Vec<Callable>,
    pub callbacks: Vec<Callable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Property {
    pub common: Common,
    pub name: String,
    pub readable: bool,
    pub writable: bool,
    pub construct: bool,
    pub construct_only: bool,
    pub transfer: Option<Transfer>,
    pub getter: Option<String>,
    pub setter: Option<String>,
    pub ty: AnyType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CallableKind {
    Function,
    Method,
    Constructor,
    VirtualMethod,
    Callback,
    Signal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SignalWhen {
    First,
    Last,
    Cleanup,
}

/// Functions, methods, constructors, virtual methods, callbacks and signals share one shape.
#[derive(Debug, Clone, Serialize)]
pub struct Callable {
    pub common: Common,
    pub kind: CallableKind,
    pub name: String,
    /// `c:identifier` of functions, `c:type` of callbacks.
    pub c_identifier: Option<String>,
    pub shadows: Option<String>,
    pub shadowed_by: Option<String>,
    pub throws: bool,
    /// Virtual methods: the method that invokes it.
    pub invoker: Option<String>,
    /// Signals only.
    pub when: Option<SignalWhen>,
    pub detailed: bool,
    pub action: bool,
    pub no_hooks: bool,
    pub no_recurse: bool,
    pub instance_parameter: Option<Parameter>,
    pub parameters: Vec<Parameter>,
    pub return_value: ReturnValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    In,
    Out,
    InOut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Transfer {
    None,
    Container,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Scope {
    Call,
    Async,
    Notified,
    Forever,
}

#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub common: Common,
    pub name: String,
    pub direction: Direction,
    pub caller_allocates: bool,
    pub transfer: Option<Transfer>,
    pub nullable: bool,
    pub optional: bool,
    pub allow_none: bool,
    /// Index (into `parameters`, not counting the instance parameter) of the user_data parameter, as written.
    pub closure: Option<usize>,
    /// Index of the destroy-notify parameter, as written.
    pub destroy: Option<usize>,
    pub scope: Option<Scope>,
    pub skip: bool,
    /// `AnyType::Varargs` for `<varargs/>`.
    pub ty: AnyType,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReturnValue {
    pub span: Span,
    pub transfer: Option<Transfer>,
    pub nullable: bool,
    pub allow_none: bool,
    pub skip: bool,
    pub doc: Option<String>,
    pub ty: AnyType,
}

/// A type use: `<type>`, `<array>` or `<varargs>`.
#[derive(Debug, Clone, Serialize)]
pub enum AnyType {
    Type(TypeRef),
    Array(ArrayType),
    Varargs(Span),
    /// No type element at all (e.g. a `<return-value>` with only a doc; a `void` return written without `<type>`).
    Missing(Span),
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeRef {
    pub span: Span,
    /// `gint`, `utf8`, `GObject.Object`, `Repository`, …; absent for some `c:type`-only types.
    pub name: Option<String>,
    pub c_type: Option<String>,
    pub introspectable: bool,
    /// Element types of GList/GSList/GHashTable/GLib.Array etc.
    pub params: Vec<AnyType>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArrayType {
    pub span: Span,
    /// `GLib.Array`, `GLib.PtrArray`, `GLib.ByteArray` or absent for a C array.
    pub name: Option<String>,
    pub c_type: Option<String>,
    /// Index of the length parameter, as written (not counting the instance parameter).
    pub length: Option<usize>,
    pub fixed_size: Option<usize>,
    /// As written; `None` when absent (GIR's default is "not zero-terminated" when a length or size is given,
    /// else zero-terminated — the analysis applies that rule).
    pub zero_terminated: Option<bool>,
    pub element: Box<AnyType>,
}

impl AnyType {
    pub fn span(&self) -> Span {
        match self {
            AnyType::Type(t) => t.span,
            AnyType::Array(a) => a.span,
            AnyType::Varargs(s) | AnyType::Missing(s) => *s,
        }
    }
}
