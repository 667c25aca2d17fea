//! What the pyo3 emitter needs to know about IR types: Rust paths of descriptors, how a named
//! type is marshalled, element descriptors of containers, C struct layouts, and the per-module
//! tables of symbols and element descriptors.

use crate::package::Plan;
use gir::ir::{Basic, FieldType, Ir, Memory, NamespaceId, Transfer, Type, TypeId, TypeKind};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ffi::CString;

/// How a named type is marshalled, with the path of its descriptor.
pub enum DefKind {
    Enum { desc: TokenStream, unsigned: bool },
    Flags(TokenStream),
    Object(TokenStream),
    Interface(TokenStream),
    Fundamental(TokenStream),
    Record(TokenStream),
    /// GObject.Value.
    Value(TokenStream),
    /// A callback type; the path of its C trampoline when it can be called back.
    Callback(Option<TokenStream>),
}

pub struct Ctx<'a> {
    pub ir: &'a Ir,
    pub plan: &'a Plan,
    pub value_type: Option<TypeId>,
    /// GObject.Closure: arguments accept any Python callable.
    pub closure_type: Option<TypeId>,
    cancellable: Option<TypeId>,
    /// Callback types whose trampoline exists (decided before functions are emitted).
    pub callbacks: HashMap<TypeId, bool>,
    layouts: RefCell<HashMap<TypeId, Option<(usize, usize)>>>,
    pub tables: RefCell<Tables>,
}

/// Per-module statics shared by the wrappers of one namespace.
#[derive(Default)]
pub struct Tables {
    /// C symbol → (ident, namespace whose libraries provide it).
    pub syms: BTreeMap<String, Ident>,
    /// element descriptor source → (ident, initializer).
    pub elems: BTreeMap<String, (Ident, TokenStream)>,
}

/// Access to the symbol table of the module being emitted.
pub struct Syms<'c, 'a>(pub &'c Ctx<'a>);

impl Syms<'_, '_> {
    /// The `Sym` static for a C symbol (declared once per module).
    pub fn get(&mut self, symbol: &str) -> Ident {
        let mut t = self.0.tables.borrow_mut();
        let n = t.syms.len();
        t.syms.entry(symbol.to_string()).or_insert_with(|| sym_ident(symbol, n)).clone()
    }
}

fn sym_ident(symbol: &str, n: usize) -> Ident {
    if symbol.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !symbol.is_empty() {
        format_ident!("S_{}", symbol)
    } else {
        format_ident!("S__{}", n)
    }
}

/// A `c"..."` literal.
pub fn c_lit(s: &str) -> proc_macro2::Literal {
    let c = CString::new(s.replace('\0', "")).unwrap_or_default();
    proc_macro2::Literal::c_string(&c)
}

/// A Rust identifier from a Python/GIR name (already a valid identifier; Rust keywords are
/// avoided by the caller's prefixes).
pub fn ident(prefix: &str, name: &str) -> Ident {
    let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    format_ident!("{}{}", prefix, clean)
}

impl<'a> Ctx<'a> {
    pub fn new(ir: &'a Ir, plan: &'a Plan) -> Ctx<'a> {
        let find = |ns: &str, name: &str| {
            let n = ir.namespace_by_name(ns)?;
            ir.namespace(n).types.iter().copied().find(|&t| ir.ty(t).name == name && ir.ty(t).is_bound())
        };
        Ctx {
            ir,
            plan,
            value_type: find("GObject", "Value"),
            closure_type: find("GObject", "Closure"),
            cancellable: find("Gio", "Cancellable"),
            callbacks: HashMap::new(),
            layouts: RefCell::new(HashMap::new()),
            tables: RefCell::new(Tables::default()),
        }
    }

    pub fn ns_mod(&self, ns: NamespaceId) -> Ident {
        ident("ns_", &self.ir.namespace(ns).name.to_lowercase())
    }

    pub fn is_cancellable(&self, id: TypeId) -> bool {
        Some(id) == self.cancellable
    }

    /// `crate::ns_x::T_Name` (classes, records…) or `crate::ns_x::E_Name` (enums).
    pub fn desc_path(&self, id: TypeId) -> TokenStream {
        let def = self.ir.ty(id);
        let m = self.ns_mod(def.namespace);
        let prefix = match def.kind {
            TypeKind::Enum(_) | TypeKind::Flags(_) => "E_",
            TypeKind::Callback(_) => "cb_",
            _ => "T_",
        };
        let i = ident(prefix, &def.name);
        quote!(crate::#m::#i)
    }

    pub fn def_kind(&self, id: TypeId) -> Result<DefKind, String> {
        let def = self.ir.ty(id);
        if !def.is_bound() {
            return Err(format!("uses `{}`, which is skipped", def.name));
        }
        let path = self.desc_path(id);
        Ok(match &def.kind {
            TypeKind::Enum(e) => DefKind::Enum { desc: path, unsigned: e.unsigned },
            TypeKind::Flags(_) => DefKind::Flags(path),
            TypeKind::Class(c) => match c.memory {
                Memory::Object => DefKind::Object(path),
                Memory::Fundamental { .. } => DefKind::Fundamental(path),
                _ => return Err(format!("class `{}` with no known memory management", def.name)),
            },
            TypeKind::Interface(_) => DefKind::Interface(path),
            TypeKind::Record(_) | TypeKind::Union(_) if Some(id) == self.value_type => DefKind::Value(path),
            TypeKind::Record(_) | TypeKind::Union(_) => DefKind::Record(path),
            TypeKind::Callback(cb) => {
                // `cb_Name` (taking the closure in its user_data) exists for supported types with
                // a user_data parameter; others are called through libffi closures.
                let with_data = cb.signature.params.iter().any(|p| matches!(p.role, gir::ir::ParamRole::UserData { .. }));
                DefKind::Callback((with_data && self.callbacks.get(&id).copied().unwrap_or(false)).then_some(path))
            }
            TypeKind::Alias(_) => return Err(format!("alias `{}` not followed", def.name)),
        })
    }

    pub fn transfer_lit(&self, t: Transfer) -> TokenStream {
        match t {
            Transfer::None => quote!(rt::containers::Transfer::None),
            Transfer::Container => quote!(rt::containers::Transfer::Container),
            Transfer::Full => quote!(rt::containers::Transfer::Full),
        }
    }

    /// The ident of a static `rt::containers::Elem` describing container elements of type `ty`
    /// (`c_type`: the element's C type as written, which tells structs stored by value).
    pub fn elem_spec(&self, ty: &Type, c_type: Option<&str>) -> Result<Ident, String> {
        let init = self.elem_init(ty, c_type)?;
        let key = init.to_string();
        let mut t = self.tables.borrow_mut();
        let n = t.elems.len();
        Ok(t.elems.entry(key).or_insert_with(|| (format_ident!("EL_{}", n), init)).0.clone())
    }

    fn elem_init(&self, ty: &Type, c_type: Option<&str>) -> Result<TokenStream, String> {
        let by_value = c_type.is_some_and(|c| !c.contains('*') && c != "gpointer" && c != "gconstpointer");
        Ok(match ty {
            Type::Basic(b) => {
                let v = match b {
                    Basic::Boolean => quote!(Bool),
                    Basic::Int8 | Basic::Char => quote!(I8),
                    Basic::UInt8 | Basic::UChar => quote!(U8),
                    Basic::Int16 | Basic::Short => quote!(I16),
                    Basic::UInt16 | Basic::UShort => quote!(U16),
                    Basic::Int32 | Basic::Int => quote!(I32),
                    Basic::UInt32 | Basic::UInt => quote!(U32),
                    Basic::Int64 | Basic::Long | Basic::SSize | Basic::IntPtr => quote!(I64),
                    Basic::UInt64 | Basic::ULong | Basic::Size | Basic::UIntPtr => quote!(U64),
                    Basic::Float => quote!(F32),
                    Basic::Double => quote!(F64),
                    Basic::Unichar => quote!(Unichar),
                    Basic::GType => quote!(GType),
                    Basic::Pointer => quote!(Pointer),
                    Basic::Utf8 => quote!(Utf8),
                    Basic::Filename => quote!(Filename),
                };
                quote!(rt::containers::Elem::#v)
            }
            Type::Def(id) => match self.def_kind(*id)? {
                DefKind::Enum { desc, .. } => quote!(rt::containers::Elem::Enum(&#desc)),
                DefKind::Flags(desc) => quote!(rt::containers::Elem::Enum(&#desc)),
                DefKind::Object(desc) | DefKind::Interface(desc) => quote!(rt::containers::Elem::Object(&#desc)),
                DefKind::Fundamental(desc) => quote!(rt::containers::Elem::Fundamental(&#desc)),
                DefKind::Value(desc) if by_value => quote!(rt::containers::Elem::ValueInline(&#desc)),
                DefKind::Value(desc) => quote!(rt::containers::Elem::ValuePtr(&#desc)),
                DefKind::Record(desc) if by_value => {
                    let size = self
                        .struct_size(*id)
                        .ok_or_else(|| format!("array of `{}` structs of unknown size", self.ir.ty(*id).name))?;
                    quote!(rt::containers::Elem::RecordInline(&#desc, #size))
                }
                DefKind::Record(desc) => quote!(rt::containers::Elem::Record(&#desc)),
                DefKind::Callback(_) => return Err("callbacks inside a container".into()),
            },
            Type::Error => quote!(rt::containers::Elem::Error),
            Type::Void => return Err("container of void".into()),
            Type::Array(_) | Type::List { .. } | Type::HashTable { .. } => return Err("nested containers".into()),
        })
    }

    /// `sizeof` a record/union/class instance struct, from its fields (LP64 C layout rules), when
    /// every field's layout is known.
    pub fn struct_size(&self, id: TypeId) -> Option<usize> {
        self.layout(id).map(|(s, _)| s)
    }

    fn layout(&self, id: TypeId) -> Option<(usize, usize)> {
        if let Some(l) = self.layouts.borrow().get(&id) {
            return *l;
        }
        // Mark in progress (a struct containing itself by value is impossible; this stops cycles).
        self.layouts.borrow_mut().insert(id, None);
        let l = self.compute_layout(id).map(|(s, a, _)| (s, a));
        self.layouts.borrow_mut().insert(id, l);
        l
    }

    /// Byte offset of each field (None for bit-fields), when the layout is known.
    pub fn field_offsets(&self, id: TypeId) -> Option<Vec<Option<usize>>> {
        self.layout(id)?;
        self.compute_layout(id).map(|(_, _, offsets)| offsets)
    }

    fn compute_layout(&self, id: TypeId) -> Option<(usize, usize, Vec<Option<usize>>)> {
        let def = self.ir.ty(id);
        let (fields, union) = match &def.kind {
            TypeKind::Record(r) => {
                if r.opaque {
                    return None;
                }
                (&r.fields, false)
            }
            TypeKind::Union(r) => {
                if r.opaque {
                    return None;
                }
                (&r.fields, true)
            }
            TypeKind::Class(c) => (&c.fields, false),
            _ => return None,
        };
        if fields.is_empty() {
            return None;
        }
        let mut size = 0usize;
        let mut align = 1usize;
        let mut offsets = Vec::with_capacity(fields.len());
        // Bit-field packing state: (unit offset, unit size, bits used).
        let mut bits: Option<(usize, usize, u32)> = None;
        for f in fields {
            let (fs, fa) = match &f.ty {
                FieldType::Value { ty, c_type } => self.value_layout(ty, c_type.as_deref())?,
                FieldType::FunctionPointer(_) => (8, 8),
                FieldType::Anonymous => return None,
            };
            if union {
                offsets.push(if f.bits.is_some() { None } else { Some(0) });
                size = size.max(fs);
                align = align.max(fa);
                continue;
            }
            if let Some(nbits) = f.bits {
                offsets.push(None);
                if let Some((off, us, used)) = bits {
                    if us == fs && used + nbits <= (fs * 8) as u32 {
                        bits = Some((off, us, used + nbits));
                        continue;
                    }
                }
                size = size.div_ceil(fa) * fa;
                bits = Some((size, fs, nbits));
                size += fs;
                align = align.max(fa);
                continue;
            }
            bits = None;
            let off = size.div_ceil(fa) * fa;
            offsets.push(Some(off));
            size = off + fs;
            align = align.max(fa);
        }
        Some((size.div_ceil(align) * align, align, offsets))
    }

    fn value_layout(&self, ty: &Type, c_type: Option<&str>) -> Option<(usize, usize)> {
        let pointer = c_type.is_some_and(|c| c.contains('*'));
        if pointer {
            return Some((8, 8));
        }
        Some(match ty {
            Type::Basic(b) => match b {
                Basic::Boolean | Basic::Int32 | Basic::UInt32 | Basic::Int | Basic::UInt | Basic::Unichar | Basic::Float => (4, 4),
                Basic::Int8 | Basic::UInt8 | Basic::Char | Basic::UChar => (1, 1),
                Basic::Int16 | Basic::UInt16 | Basic::Short | Basic::UShort => (2, 2),
                _ => (8, 8),
            },
            Type::Def(id) => match &self.ir.ty(*id).kind {
                TypeKind::Enum(_) | TypeKind::Flags(_) => (4, 4),
                TypeKind::Callback(_) => (8, 8),
                TypeKind::Record(_) | TypeKind::Union(_) | TypeKind::Class(_) => self.layout(*id)?,
                TypeKind::Interface(_) => (8, 8),
                TypeKind::Alias(_) => return None,
            },
            Type::Array(a) => match a.length {
                gir::ir::ArrayLength::Fixed(n) if a.kind == gir::ir::ArrayKind::C => {
                    let (es, ea) = self.value_layout(&a.element, a.element_c_type.as_deref())?;
                    (es * n, ea)
                }
                _ => (8, 8),
            },
            Type::List { .. } | Type::HashTable { .. } | Type::Error => (8, 8),
            Type::Void => return None,
        })
    }
}
