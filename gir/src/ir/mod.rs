//! The resolved and analysed IR that every backend emits from.
//!
//! Everything a backend needs to know about a binding is decided here, once: which C parameter
//! is the instance, which ones are hidden (array lengths, user_data, destroy notifies, the
//! GError), what Python sees as arguments and as results, who owns what, how each type's memory
//! is managed, and the Python name of every item. Items that cannot be bound are kept with the
//! reason, so that `girgen inspect` can explain them.
//!
//! Types live in one arena ([`Ir::types`]) addressed by [`TypeId`]; callables in
//! [`Ir::functions`] addressed by [`FunctionId`]; namespaces by [`NamespaceId`].

mod build;
mod callables;
mod errata;
mod layout;
mod names;
mod types;

pub use build::build;
pub use layout::{Layout, LayoutField, Slot};

use crate::model::{Files, Span};
use serde::Serialize;

pub use crate::model::{Direction, Scope, Transfer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NamespaceId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TypeId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FunctionId(pub u32);

/// The whole resolved closure of namespaces.
#[derive(Debug, Serialize)]
pub struct Ir {
    #[serde(skip)]
    pub files: Files,
    /// Dependency order: a namespace comes after everything it includes.
    pub namespaces: Vec<Namespace>,
    pub types: Vec<TypeDef>,
    pub functions: Vec<Function>,
    /// Problems found while resolving (unresolvable types, inconsistent annotations). The item concerned is
    /// skipped; generation goes on.
    pub diagnostics: Vec<Diagnostic>,
}

impl Ir {
    pub fn namespace(&self, id: NamespaceId) -> &Namespace {
        &self.namespaces[id.0 as usize]
    }
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }
    pub fn function(&self, id: FunctionId) -> &Function {
        &self.functions[id.0 as usize]
    }
    pub fn namespace_by_name(&self, name: &str) -> Option<NamespaceId> {
        self.namespaces.iter().position(|ns| ns.name == name).map(|i| NamespaceId(i as u32))
    }
    /// `file:line:col` of a span.
    pub fn locate(&self, span: Span) -> String {
        self.files.locate(span)
    }
    /// Walks the parent chain of a class, starting with the class itself.
    pub fn class_ancestry(&self, id: TypeId) -> impl Iterator<Item = TypeId> + '_ {
        std::iter::successors(Some(id), move |&t| match &self.ty(t).kind {
            TypeKind::Class(c) => c.parent,
            _ => None,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// `file:line:col`, already rendered.
    pub location: String,
    /// The item concerned, e.g. `GIRepository.Repository.get_info`.
    pub item: String,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.item, self.message)
    }
}

#[derive(Debug, Serialize)]
pub struct Namespace {
    pub name: String,
    pub version: String,
    /// Libraries to open, in the order given by the GIR.
    pub shared_libraries: Vec<String>,
    pub c_identifier_prefixes: Vec<String>,
    pub c_symbol_prefixes: Vec<String>,
    /// Directly included namespaces.
    pub includes: Vec<NamespaceId>,
    /// Asked for on the command line (as opposed to pulled in by an include).
    pub is_root: bool,
    pub c_includes: Vec<String>,
    pub packages: Vec<String>,
    /// Every type of the namespace, sorted by name (bound or skipped).
    pub types: Vec<TypeId>,
    /// Namespace-level functions, sorted by Python name (bound or skipped).
    pub functions: Vec<FunctionId>,
    pub constants: Vec<Constant>,
    /// Items skipped while loading or resolving that have no arena entry (e.g. a constant of unknown type).
    pub skipped: Vec<Skipped>,
    /// Elements of the GIR the loader did not know (recorded, not fatal).
    pub unknown_elements: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub name: String,
    pub reason: SkipReason,
}

/// Why an item is left out of the bindings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SkipReason {
    /// `introspectable="0"` in the GIR.
    NotIntrospectable,
    /// A C variadic function: no Python call can be marshalled to it.
    Varargs,
    /// Another function `shadows` this one and takes its Python name.
    ShadowedBy(String),
    /// A type name that resolves to nothing in the loaded namespaces.
    UnresolvedType(String),
    /// A type the bindings cannot marshal (e.g. `va_list`, a callback inside a container).
    UnsupportedType(String),
    /// The annotations are inconsistent (e.g. a length index out of range).
    BadAnnotation(String),
    /// The GIR type of a parameter or return value and its `c:type` disagree on the pointer
    /// depth (`guint16` for a `const gunichar2 *`): marshalling by the GIR type would hand C a
    /// value where it reads a pointer, or the reverse.
    CTypeMismatch(String),
    /// The GIR's annotations of this function are known to be wrong (`errata.rs`).
    Erratum(&'static str),
    /// A type this item depends on is itself skipped.
    DependsOnSkipped(String),
    /// A GLib type that bindings represent by a Python built-in or by the runtime (GList → list,
    /// GError → the runtime's `GLib.Error`), as libgirepository's type tags do.
    Builtin(&'static str),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::NotIntrospectable => write!(f, "marked introspectable=\"0\""),
            SkipReason::Varargs => write!(f, "takes C varargs"),
            SkipReason::ShadowedBy(by) => write!(f, "shadowed by {by}"),
            SkipReason::UnresolvedType(t) => write!(f, "unresolved type `{t}`"),
            SkipReason::UnsupportedType(t) => write!(f, "unsupported type: {t}"),
            SkipReason::BadAnnotation(m) => write!(f, "bad annotation: {m}"),
            SkipReason::CTypeMismatch(m) => write!(f, "GIR type and c:type disagree: {m}"),
            SkipReason::Erratum(why) => write!(f, "wrong annotations in the GIR: {why}"),
            SkipReason::DependsOnSkipped(t) => write!(f, "uses `{t}`, which is skipped"),
            SkipReason::Builtin(what) => write!(f, "represented by {what}"),
        }
    }
}

/// Common facts about a named item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemInfo {
    pub span: Span,
    pub deprecated: bool,
    pub deprecated_version: Option<String>,
    pub version: Option<String>,
    pub doc: Option<String>,
}

/// A named type of a namespace.
#[derive(Debug, Serialize)]
pub struct TypeDef {
    pub namespace: NamespaceId,
    /// The GIR name (`Repository`, `nvokeError`).
    pub name: String,
    /// The Python name; equal to `name` except where that is not a valid identifier.
    pub py_name: String,
    pub c_type: Option<String>,
    /// The GType, where the type is registered.
    pub gtype: Option<GType>,
    pub info: ItemInfo,
    pub kind: TypeKind,
    pub skip: Option<SkipReason>,
}

impl TypeDef {
    pub fn is_bound(&self) -> bool {
        self.skip.is_none()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GType {
    /// `glib:type-name`, e.g. `GIRepository`.
    pub type_name: String,
    /// `glib:get-type`, e.g. `g_irepository_get_type`; `intern` for GLib's fundamentals.
    pub get_type: String,
}

#[derive(Debug, Serialize)]
pub enum TypeKind {
    Class(Class),
    Interface(Interface),
    Record(Record),
    Union(Record),
    Enum(Enum),
    Flags(Enum),
    Callback(Callback),
    /// A typedef. `target` is what it finally stands for (aliases of aliases are followed).
    Alias(Type),
}

impl TypeKind {
    /// A short lower-case name of the kind, for summaries.
    pub fn label(&self) -> &'static str {
        match self {
            TypeKind::Class(_) => "class",
            TypeKind::Interface(_) => "interface",
            TypeKind::Record(_) => "record",
            TypeKind::Union(_) => "union",
            TypeKind::Enum(_) => "enum",
            TypeKind::Flags(_) => "flags",
            TypeKind::Callback(_) => "callback",
            TypeKind::Alias(_) => "alias",
        }
    }
}

/// How the memory of instances of a type is managed. Decided once from the GIR data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Memory {
    /// A GObject.Object descendant: g_object_ref / g_object_unref, floating references sunk.
    Object,
    /// A fundamental type with its own ref/unref functions (GParamSpec, GVariant, …),
    /// inherited down the class hierarchy.
    Fundamental { ref_func: String, unref_func: String, ref_sink_func: Option<String> },
    /// A registered boxed type: g_boxed_copy / g_boxed_free through its GType.
    Boxed,
    /// A record with explicit copy and free functions (GIR `copy-function` / `free-function`).
    CopyFree { copy_func: String, free_func: String },
    /// A record reference-counted through its own `ref`/`unref` methods and no GType.
    RefCounted { ref_func: String, unref_func: String },
    /// A plain C struct of known layout: Python can allocate and copy it; transfer-full pointers are g_free'd.
    Struct,
    /// Opaque, unregistered and without copy/free: pointers are only borrowed.
    Borrowed,
    /// Interfaces: instances are objects of some class; memory is that of their class (usually Object).
    Interface,
    /// Not an instance type (enums, callbacks, aliases).
    NotApplicable,
}

#[derive(Debug, Serialize)]
pub struct Class {
    pub parent: Option<TypeId>,
    pub interfaces: Vec<TypeId>,
    pub is_abstract: bool,
    pub fundamental: bool,
    pub is_final: bool,
    /// The class struct (`GObjectClass`), if the GIR names one.
    pub type_struct: Option<TypeId>,
    pub memory: Memory,
    pub fields: Vec<Field>,
    /// Constructors, methods and static functions, sorted by Python name.
    pub functions: Vec<FunctionId>,
    pub virtual_methods: Vec<FunctionId>,
    pub properties: Vec<Property>,
    pub signals: Vec<Signal>,
}

#[derive(Debug, Serialize)]
pub struct Interface {
    pub prerequisites: Vec<TypeId>,
    pub type_struct: Option<TypeId>,
    pub functions: Vec<FunctionId>,
    pub virtual_methods: Vec<FunctionId>,
    pub properties: Vec<Property>,
    pub signals: Vec<Signal>,
}

/// A record (struct) or a union.
#[derive(Debug, Serialize)]
pub struct Record {
    pub memory: Memory,
    /// The layout is private (`opaque`/`disguised`, or no fields): no size, no field access.
    pub opaque: bool,
    /// `glib:is-gtype-struct-for`: the class or interface struct of that type.
    pub gtype_struct_for: Option<TypeId>,
    pub fields: Vec<Field>,
    pub functions: Vec<FunctionId>,
}

#[derive(Debug, Serialize)]
pub struct Field {
    pub name: String,
    pub py_name: String,
    pub readable: bool,
    pub writable: bool,
    pub private: bool,
    pub bits: Option<u32>,
    pub ty: FieldType,
    /// Why the field cannot be read or written from Python (it still takes its place in the layout).
    pub skip: Option<SkipReason>,
}

#[derive(Debug, Serialize)]
pub enum FieldType {
    /// A value field; `c_type` is as the GIR wrote it.
    Value { ty: Type, c_type: Option<String> },
    /// A function pointer (vfunc slots of class structs, callback fields).
    FunctionPointer(Box<Signature>),
    /// A field whose layout is given by an anonymous nested struct/union the model does not describe.
    Anonymous,
}

#[derive(Debug, Serialize)]
pub struct Property {
    /// The GObject name, with dashes (`type-name`).
    pub name: String,
    /// The Python attribute name (`type_name`).
    pub py_name: String,
    pub ty: Type,
    pub readable: bool,
    pub writable: bool,
    pub construct_only: bool,
    pub transfer: Transfer,
    pub skip: Option<SkipReason>,
}

#[derive(Debug, Serialize)]
pub struct Signal {
    pub name: String,
    pub py_name: String,
    /// Parameters exclude the emitting instance, as in the GIR.
    pub signature: Signature,
    pub run: Option<crate::model::SignalWhen>,
    pub detailed: bool,
    pub action: bool,
    pub skip: Option<SkipReason>,
}

#[derive(Debug, Serialize)]
pub struct Enum {
    pub members: Vec<EnumMember>,
    /// Values are stored as unsigned 32-bit in C when the GIR has no negative member.
    pub unsigned: bool,
    pub error_domain: Option<ErrorDomain>,
    pub functions: Vec<FunctionId>,
}

#[derive(Debug, Serialize)]
pub struct EnumMember {
    pub name: String,
    /// UPPER_CASE, keyword-safe, not starting with a digit.
    pub py_name: String,
    pub value: i64,
    pub c_identifier: Option<String>,
    pub nick: Option<String>,
}

/// Where the GError domain of an error enum comes from.
#[derive(Debug, Clone, Serialize)]
pub enum ErrorDomain {
    /// `glib:error-domain`: the quark's string is known statically.
    Named(String),
    /// The GIR leaves the attribute out but the namespace has the domain's `*_error_quark` function
    /// (matched through the enum's C type: `GIRepositoryError` ↔ `g_irepository_error_quark`). The
    /// domain string is obtained at run time by calling it.
    QuarkFunction(String),
}

#[derive(Debug, Serialize)]
pub struct Callback {
    pub signature: Signature,
}

#[derive(Debug, Clone, Serialize)]
pub struct Constant {
    pub name: String,
    pub py_name: String,
    pub ty: Type,
    pub value: ConstantValue,
    pub info: ItemInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ConstantValue {
    Bool(bool),
    Int(i64),
    /// Unsigned values above i64::MAX (guint64 constants).
    UInt(u64),
    Float(f64),
    Str(String),
}

/// A use of a type (a parameter, return value, field, property, element).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Type {
    Void,
    Basic(Basic),
    /// A named type of some namespace (class, interface, record, union, enum, flags, callback).
    /// Aliases are already followed: this never names an alias.
    Def(TypeId),
    Array(Box<Array>),
    /// GList (`single: false`) or GSList (`single: true`).
    List { single: bool, element: Box<Type> },
    HashTable { key: Box<Type>, value: Box<Type> },
    /// A `GError*` passed as a value (not the trailing `GError**` of throwing functions).
    Error,
}

/// The fundamental C types, with their GIR names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Basic {
    Boolean,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    /// `gchar`: a C char used as a small integer.
    Char,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    SSize,
    Size,
    IntPtr,
    UIntPtr,
    Float,
    Double,
    /// `gunichar`: a Unicode code point, a one-character str in Python.
    Unichar,
    GType,
    /// `gpointer`/`gconstpointer`: passed as an address.
    Pointer,
    /// `utf8`: UTF-8 `char*`, str in Python.
    Utf8,
    /// `filename`: `char*` in the GLib filename encoding, str (or bytes) in Python.
    Filename,
}

impl Basic {
    /// The GIR spelling.
    pub fn gir_name(self) -> &'static str {
        match self {
            Basic::Boolean => "gboolean",
            Basic::Int8 => "gint8",
            Basic::UInt8 => "guint8",
            Basic::Int16 => "gint16",
            Basic::UInt16 => "guint16",
            Basic::Int32 => "gint32",
            Basic::UInt32 => "guint32",
            Basic::Int64 => "gint64",
            Basic::UInt64 => "guint64",
            Basic::Char => "gchar",
            Basic::UChar => "guchar",
            Basic::Short => "gshort",
            Basic::UShort => "gushort",
            Basic::Int => "gint",
            Basic::UInt => "guint",
            Basic::Long => "glong",
            Basic::ULong => "gulong",
            Basic::SSize => "gssize",
            Basic::Size => "gsize",
            Basic::IntPtr => "gintptr",
            Basic::UIntPtr => "guintptr",
            Basic::Float => "gfloat",
            Basic::Double => "gdouble",
            Basic::Unichar => "gunichar",
            Basic::GType => "GType",
            Basic::Pointer => "gpointer",
            Basic::Utf8 => "utf8",
            Basic::Filename => "filename",
        }
    }

    /// Integer range as (bits, signed) for the integer types (LP64: long is 64-bit), else None.
    pub fn int_range(self) -> Option<(u32, bool)> {
        Some(match self {
            Basic::Int8 | Basic::Char => (8, true),
            Basic::UInt8 | Basic::UChar => (8, false),
            Basic::Int16 | Basic::Short => (16, true),
            Basic::UInt16 | Basic::UShort => (16, false),
            Basic::Int32 | Basic::Int => (32, true),
            Basic::UInt32 | Basic::UInt | Basic::Unichar => (32, false),
            Basic::Int64 | Basic::Long | Basic::SSize | Basic::IntPtr => (64, true),
            Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr | Basic::GType => (64, false),
            _ => return None,
        })
    }

    /// Is this passed as a C pointer (and therefore nullable)?
    pub fn is_pointer(self) -> bool {
        matches!(self, Basic::Pointer | Basic::Utf8 | Basic::Filename)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Array {
    pub kind: ArrayKind,
    pub element: Type,
    /// The element's C type as written, if any (needed for `guint8*` vs `gchar*` decisions).
    pub element_c_type: Option<String>,
    pub length: ArrayLength,
    /// Also zero-terminated (a C array can have both a length parameter and a terminator).
    pub zero_terminated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ArrayKind {
    /// A plain C array.
    C,
    /// `GArray*`
    GArray,
    /// `GPtrArray*`
    PtrArray,
    /// `GByteArray*`
    ByteArray,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ArrayLength {
    /// Sized by another parameter of the same signature (index into [`Signature::params`]).
    Param(usize),
    /// A fixed number of elements.
    Fixed(usize),
    /// Terminated by a zero element.
    ZeroTerminated,
    /// GArray/GPtrArray/GByteArray carry their own length.
    Container,
    /// Nothing tells the length: the array cannot be converted (a diagnostic says so).
    Unknown,
}

/// A function, method, constructor, static method or virtual method.
#[derive(Debug, Serialize)]
pub struct Function {
    pub namespace: NamespaceId,
    /// The type it belongs to (methods, constructors, static functions), if any.
    pub owner: Option<TypeId>,
    pub kind: FunctionKind,
    /// The GIR name.
    pub name: String,
    /// The Python name (shadows applied, keywords escaped).
    pub py_name: String,
    /// The C symbol to call (`c:identifier`); the vfunc name for virtual methods.
    pub symbol: String,
    pub signature: Signature,
    pub info: ItemInfo,
    pub skip: Option<SkipReason>,
    /// Methods: the virtual method this method invokes (the GIR's `<virtual-method invoker=…>`
    /// naming it). A class may leave that vfunc NULL, so bindings check its slot before calling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invokes: Option<FunctionId>,
    /// Virtual methods of classes and interfaces: the index in the type struct's fields of the
    /// function pointer that holds it (the field named like the vfunc, as libgirepository finds it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vfunc_slot: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FunctionKind {
    /// A namespace-level function.
    Function,
    /// Takes an instance as first C argument.
    Method,
    /// Returns a new instance of its owner; a class method in Python.
    Constructor,
    /// A function in a type's scope without an instance: a static method in Python.
    Static,
    VirtualMethod,
}

/// The analysed C signature of a callable or callback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    /// Every C parameter, in C order: the instance first (methods), the `GError**` last (throws).
    pub params: Vec<Param>,
    pub ret: Return,
    pub throws: bool,
    /// Indexes into `params` of what Python passes, in order (keyword names are their `py_name`).
    pub py_inputs: Vec<usize>,
    /// What Python gets back, in order: the return value unless void/skipped, then each out/inout
    /// parameter that is not hidden. One output is returned bare; several as a tuple; none is None.
    pub py_outputs: Vec<Output>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Output {
    Return,
    Param(usize),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The C/GIR name.
    pub name: String,
    /// A valid, keyword-safe Python identifier, unique within the signature.
    pub py_name: String,
    pub ty: Type,
    /// As written in the GIR, e.g. `const gchar*`, `GError**`.
    pub c_type: Option<String>,
    pub direction: Direction,
    pub caller_allocates: bool,
    pub transfer: Transfer,
    /// In: Python may pass None (NULL). Out: C may return NULL (→ None).
    pub nullable: bool,
    /// Out: C accepts NULL instead of a pointer to write to.
    pub optional: bool,
    pub role: ParamRole,
}

/// What a C parameter is for. Anything but `Visible` is not seen by Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamRole {
    /// The instance of a method (`self` in Python).
    Instance,
    /// An ordinary argument or result, visible in Python.
    Visible,
    /// A callback argument, visible in Python; its user_data and destroy notify are hidden.
    Callback { scope: Scope, user_data: Option<usize>, destroy: Option<usize> },
    /// The length of the array parameter (or return value) at `array`; computed from the array (in)
    /// or used to size it (out).
    ArrayLength { array: Output },
    /// The user_data of the callback parameter at `callback`.
    UserData { callback: Option<usize> },
    /// The destroy notify of the callback parameter at `callback`.
    DestroyNotify { callback: usize },
    /// The trailing `GError**` of a throwing function.
    Error,
    /// `skip="1"`: passed as NULL/0, not shown to Python.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Return {
    pub ty: Type,
    pub c_type: Option<String>,
    pub transfer: Transfer,
    pub nullable: bool,
    /// `skip="1"`: not shown to Python.
    pub skip: bool,
}

impl Param {
    /// An in string whose C parameter is a non-const `gchar *` / `char *`: C may write into it
    /// (`g_strlcpy`'s `dest`, the in-place `g_str*` functions), so bindings must pass a copy of
    /// the string they were given, never the buffer of an object shared with the interpreter.
    pub fn c_writable(&self) -> bool {
        self.direction == Direction::In
            && matches!(self.ty, Type::Basic(Basic::Utf8 | Basic::Filename))
            && self.c_type.as_deref().is_some_and(|c| {
                let c: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
                c == "gchar*" || c == "char*"
            })
    }
}

impl Signature {
    pub fn is_method(&self) -> bool {
        self.params.first().is_some_and(|p| p.role == ParamRole::Instance)
    }
}
