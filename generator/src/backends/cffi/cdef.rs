//! The cffi cdef of each namespace, computed from the IR.
//!
//! One cdef per namespace; a namespace's FFI includes those of the namespaces it includes
//! (`ffi.include`), so every C name is declared exactly once in the closure. Sections, in order:
//! the GLib basic typedefs (root of the include tree only), forward declarations of every
//! struct/union (so pointers may refer to anything), enums as integer typedefs, then aliases,
//! callback typedefs and struct bodies in dependency order (a by-value use or a typedef name must
//! be declared first), the enum members as integer constants, and last the function prototypes.
//! Ties are broken by C name, so the output is deterministic.
//!
//! Layout: cffi's ABI mode cannot check a struct against the C compiler, so an ABI cdef only
//! gives a struct body when every field's size is known from the GIR; otherwise the struct stays
//! opaque and the reason is recorded ([`NsCdef::opaque_notes`]). The API cdef gives the fields it
//! knows and ends the struct with `...;`, letting the C compiler fill in the rest; the fields it
//! does give are checked against the real headers when the module is compiled and loaded.

use super::ctype::{self, declarator, is_basic_typedef, is_cffi_builtin, CType};
use gir::ir::{
    Array, ArrayKind, ArrayLength, Basic, Direction, Field, FieldType, FunctionKind, Ir, Memory, NamespaceId, Param,
    Return, Signature, Type, TypeDef, TypeId, TypeKind,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Which cffi mode the cdef is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `ffi.dlopen` (abi-inline, abi-outofline): exact layouts or opaque.
    Abi,
    /// `set_source` with the real headers: partial structs (`...;`) allowed.
    Api,
}

/// The cdef of one namespace, section by section (each entry one declaration).
#[derive(Debug, Default)]
pub struct NsCdef {
    pub basics: Vec<String>,
    pub forward: Vec<String>,
    pub enums: Vec<String>,
    /// Aliases, callback typedefs and struct bodies, in dependency order.
    pub decls: Vec<String>,
    pub constants: Vec<String>,
    pub functions: Vec<String>,
    /// Structs declared without a body (or, in API mode, with `...;`), and why.
    pub opaque_notes: Vec<String>,
    /// C names (types and functions) this cdef declares, for tests and the loaders.
    pub function_symbols: Vec<String>,
    /// The C types of every function this cdef declares, as its prototype spells them (for the
    /// api-mode shims, see [`super::shim`]).
    pub signatures: BTreeMap<String, CSignature>,
}

/// How a spelled C type is passed, as far as a shim taking it as a kind letter's type cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    Void,
    /// An integer, enum, boolean or floating-point value.
    Scalar,
    /// A data or function pointer.
    Pointer,
    /// A struct or union by value, or a type the cdef cannot classify.
    Other,
}

/// One C type of a prototype: its spelling in the cdef and how it is passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CParam {
    pub text: String,
    pub passing: Passing,
}

/// A declared function's result and parameter types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CSignature {
    pub ret: CParam,
    pub params: Vec<CParam>,
}

impl NsCdef {
    /// The whole cdef text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for section in [&self.basics, &self.forward, &self.enums, &self.decls, &self.constants, &self.functions] {
            for line in section.iter() {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// How a named type is declared in the cdef.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decl {
    Struct { union: bool },
    Int { unsigned: bool },
    Alias,
    Callback,
}

/// A spelled type and the declarations (aliases, callbacks, struct bodies) that must come before.
#[derive(Debug, Default, Clone)]
struct Spelled {
    text: String,
    needs: BTreeSet<TypeId>,
}

impl Spelled {
    fn plain(text: impl Into<String>) -> Spelled {
        Spelled { text: text.into(), needs: BTreeSet::new() }
    }
}

/// Why a field (and so its struct's layout) is not known.
type Unknown = String;

/// A struct body: member declarations, the declarations they need first, the fields left out.
type Body = (Vec<String>, BTreeSet<TypeId>, Vec<Unknown>);

struct Gen<'a> {
    ir: &'a Ir,
    flavor: Flavor,
    /// visible[ns][other]: `other` is `ns` or (transitively) included by it.
    visible: Vec<Vec<bool>>,
    decl: HashMap<TypeId, Decl>,
    /// C type name → the type that declares it (the first one, in namespace then type order).
    by_c_name: HashMap<String, TypeId>,
    /// Memo of [`Gen::body_fields`] outcome: does the type get a struct body.
    has_body: HashMap<TypeId, bool>,
    in_progress: HashSet<TypeId>,
}

/// Computes the cdef of every namespace of the IR (indexed by namespace).
pub fn generate(ir: &Ir, flavor: Flavor) -> Vec<NsCdef> {
    let mut g = Gen::new(ir, flavor);
    let mut declared_symbols: HashSet<String> = HashSet::new();
    let mut declared_constants: HashSet<String> = HashSet::new();
    (0..ir.namespaces.len())
        .map(|n| g.namespace(NamespaceId(n as u32), &mut declared_symbols, &mut declared_constants))
        .collect()
}

impl<'a> Gen<'a> {
    fn new(ir: &'a Ir, flavor: Flavor) -> Gen<'a> {
        let n = ir.namespaces.len();
        let mut visible = vec![vec![false; n]; n];
        for (i, row) in visible.iter_mut().enumerate() {
            let mut stack = vec![NamespaceId(i as u32)];
            while let Some(ns) = stack.pop() {
                if !row[ns.0 as usize] {
                    row[ns.0 as usize] = true;
                    stack.extend(ir.namespace(ns).includes.iter().copied());
                }
            }
        }
        let mut g = Gen {
            ir,
            flavor,
            visible,
            decl: HashMap::new(),
            by_c_name: HashMap::new(),
            has_body: HashMap::new(),
            in_progress: HashSet::new(),
        };
        for ns in &ir.namespaces {
            for &id in &ns.types {
                let def = ir.ty(id);
                let Some(c) = def.c_type.as_deref() else { continue };
                // Only plain identifiers name a declarable type; GType is a GLib basic.
                if CType::parse(c).is_none_or(|ct| ct.is_pointer() || ct.const_base || ct.base != c)
                    || is_cffi_builtin(c)
                    || is_basic_typedef(c)
                    || g.by_c_name.contains_key(c)
                {
                    continue;
                }
                let decl = match &def.kind {
                    TypeKind::Class(_) | TypeKind::Interface(_) | TypeKind::Record(_) => Decl::Struct { union: false },
                    TypeKind::Union(_) => Decl::Struct { union: true },
                    TypeKind::Enum(e) | TypeKind::Flags(e) => Decl::Int { unsigned: e.unsigned },
                    TypeKind::Alias(_) => Decl::Alias,
                    TypeKind::Callback(_) => Decl::Callback,
                };
                g.decl.insert(id, decl);
                g.by_c_name.insert(c.to_string(), id);
            }
        }
        g
    }

    fn is_visible(&self, from: NamespaceId, id: TypeId) -> bool {
        self.visible[from.0 as usize][self.ir.ty(id).namespace.0 as usize]
    }

    /// The declared C name of a type, if it has one visible from `ns`.
    fn c_name(&self, ns: NamespaceId, id: TypeId) -> Option<&'a str> {
        if self.decl.contains_key(&id) && self.is_visible(ns, id) {
            self.ir.ty(id).c_type.as_deref()
        } else {
            None
        }
    }

    fn named_pointer(&self, ns: NamespaceId, c: &str) -> Spelled {
        match self.by_c_name.get(c) {
            Some(&id) if self.is_visible(ns, id) => Spelled::plain(format!("{c} *")),
            _ => Spelled::plain("void *"),
        }
    }

    // ---- spelling -------------------------------------------------------------------------

    /// Spells a parsed GIR `c:type` if every name in it is declared and visible from `ns`.
    fn spell_c(&mut self, ns: NamespaceId, c: &CType) -> Option<Spelled> {
        let mut needs = BTreeSet::new();
        if !(is_cffi_builtin(&c.base) || is_basic_typedef(&c.base)) {
            let &id = self.by_c_name.get(&c.base)?;
            if !self.is_visible(ns, id) {
                return None;
            }
            match self.decl[&id] {
                Decl::Struct { .. } => {
                    if !c.is_pointer() {
                        needs.insert(id);
                    }
                }
                Decl::Alias | Decl::Callback => {
                    needs.insert(id);
                }
                Decl::Int { .. } => {}
            }
        }
        if c.base == "void" && !c.is_pointer() && c.const_base {
            return Some(Spelled::plain("void"));
        }
        Some(Spelled { text: c.render(), needs })
    }

    /// Spells an IR type as a value of that type is passed (objects and records by pointer).
    fn spell_ir(&mut self, ns: NamespaceId, ty: &Type) -> Spelled {
        match ty {
            Type::Void => Spelled::plain("void"),
            Type::Basic(b) => Spelled::plain(match b {
                Basic::Utf8 | Basic::Filename => "gchar *",
                Basic::Pointer => "gpointer",
                other => other.gir_name(),
            }),
            Type::Def(id) => {
                let def = self.ir.ty(*id);
                match (&def.kind, self.c_name(ns, *id)) {
                    (TypeKind::Enum(e) | TypeKind::Flags(e), None) => {
                        Spelled::plain(if e.unsigned { "unsigned int" } else { "int" })
                    }
                    (TypeKind::Enum(_) | TypeKind::Flags(_), Some(c)) => Spelled::plain(c),
                    (TypeKind::Callback(_), Some(c)) => {
                        Spelled { text: c.to_string(), needs: BTreeSet::from([*id]) }
                    }
                    (TypeKind::Class(_) | TypeKind::Interface(_) | TypeKind::Record(_) | TypeKind::Union(_), Some(c)) => {
                        Spelled::plain(format!("{c} *"))
                    }
                    _ => Spelled::plain("void *"),
                }
            }
            Type::Array(a) => match a.kind {
                ArrayKind::C => {
                    let mut e = self.spell_element(ns, a);
                    e.text = format!("{} *", e.text);
                    e
                }
                ArrayKind::GArray => self.named_pointer(ns, "GArray"),
                ArrayKind::PtrArray => self.named_pointer(ns, "GPtrArray"),
                ArrayKind::ByteArray => self.named_pointer(ns, "GByteArray"),
            },
            Type::List { single, .. } => self.named_pointer(ns, if *single { "GSList" } else { "GList" }),
            Type::HashTable { .. } => self.named_pointer(ns, "GHashTable"),
            Type::Error => self.named_pointer(ns, "GError"),
        }
    }

    /// The element type of a C array as stored in it.
    fn spell_element(&mut self, ns: NamespaceId, a: &Array) -> Spelled {
        if let Some(s) = a.element_c_type.as_deref().and_then(CType::parse).and_then(|c| self.spell_c(ns, &c)) {
            return s;
        }
        self.spell_ir(ns, &a.element)
    }

    fn spell_param(&mut self, ns: NamespaceId, p: &Param) -> Spelled {
        if let Some(s) = p.c_type.as_deref().and_then(CType::parse).and_then(|c| self.spell_c(ns, &c)) {
            return s;
        }
        let mut s = self.spell_ir(ns, &p.ty);
        let is_struct = matches!(&p.ty, Type::Def(id) if matches!(self.ir.ty(*id).kind, TypeKind::Record(_) | TypeKind::Union(_)));
        if p.direction != Direction::In && !(p.caller_allocates && is_struct) {
            s.text = format!("{} *", s.text);
        }
        s
    }

    fn spell_return(&mut self, ns: NamespaceId, r: &Return) -> Spelled {
        if r.ty == Type::Void {
            return Spelled::plain("void");
        }
        if let Some(s) = r.c_type.as_deref().and_then(CType::parse).and_then(|c| self.spell_c(ns, &c)) {
            return s;
        }
        self.spell_ir(ns, &r.ty)
    }

    /// `RET NAME(ARGS)` with `name_part` in the middle (a symbol, `(*name)`).
    fn spell_signature(&mut self, ns: NamespaceId, sig: &Signature, name_part: &str) -> Spelled {
        let (mut ret, args) = self.spell_parts(ns, sig);
        ret.text = prototype(&ret.text, name_part, &args);
        ret
    }

    /// The spelled result (with every declaration the signature needs) and parameter types.
    fn spell_parts(&mut self, ns: NamespaceId, sig: &Signature) -> (Spelled, Vec<String>) {
        let mut ret = self.spell_return(ns, &sig.ret);
        let mut args = Vec::with_capacity(sig.params.len());
        for p in &sig.params {
            let s = self.spell_param(ns, p);
            ret.needs.extend(s.needs);
            args.push(s.text);
        }
        (ret, args)
    }

    /// How a type spelled by this cdef (from `ns`) is passed in C.
    fn passing(&mut self, ns: NamespaceId, text: &str) -> Passing {
        let mut text = text.to_string();
        let mut ns = ns;
        // Aliases of aliases end in a few steps; the bound only guards against a cycle.
        for _ in 0..16 {
            if text.contains('*') {
                return Passing::Pointer;
            }
            let base = text.strip_prefix("const ").unwrap_or(&text).trim();
            match base {
                "void" => return Passing::Void,
                "gpointer" | "gconstpointer" => return Passing::Pointer,
                "FILE" => return Passing::Other,
                b if is_cffi_builtin(b) || is_basic_typedef(b) => return Passing::Scalar,
                _ => {}
            }
            let Some(&id) = self.by_c_name.get(base) else { return Passing::Other };
            if !self.is_visible(ns, id) {
                return Passing::Other;
            }
            match self.decl[&id] {
                Decl::Int { .. } => return Passing::Scalar,
                Decl::Callback => return Passing::Pointer,
                Decl::Struct { .. } => return Passing::Other,
                Decl::Alias => {
                    let TypeKind::Alias(target) = &self.ir.ty(id).kind else { return Passing::Other };
                    ns = self.ir.ty(id).namespace;
                    text = self.alias_target(ns, target).text;
                }
            }
        }
        Passing::Other
    }

    fn c_param(&mut self, ns: NamespaceId, text: &str) -> CParam {
        CParam { passing: self.passing(ns, text), text: text.to_string() }
    }

    // ---- struct layouts ---------------------------------------------------------------------

    /// Does this struct/union/class get a body in this flavor (memoised).
    fn gets_body(&mut self, id: TypeId) -> bool {
        if let Some(&b) = self.has_body.get(&id) {
            return b;
        }
        if !self.in_progress.insert(id) {
            // A by-value cycle cannot exist in C; treat it as unknown rather than loop.
            return false;
        }
        let b = self.body_fields(id).is_ok();
        self.in_progress.remove(&id);
        self.has_body.insert(id, b);
        b
    }

    fn fields_of(&self, id: TypeId) -> Option<(&'a [Field], bool)> {
        match &self.ir.ty(id).kind {
            TypeKind::Record(r) if !r.opaque => Some((&r.fields, false)),
            TypeKind::Union(r) if !r.opaque => Some((&r.fields, true)),
            TypeKind::Class(c) if !c.fields.is_empty() => Some((&c.fields, false)),
            _ => None,
        }
    }

    /// The body of a struct as (member declarations, needs, unknown fields). Err when the type
    /// gets no body: opaque, or (ABI) some field's size is not known.
    fn body_fields(&mut self, id: TypeId) -> Result<Body, Unknown> {
        let Some((fields, _)) = self.fields_of(id) else {
            return Err("opaque in the GIR".into());
        };
        let ns = self.ir.ty(id).namespace;
        let mut spelled: Vec<(&Field, Result<Spelled, Unknown>)> = Vec::with_capacity(fields.len());
        for f in fields {
            let s = self.field(ns, f);
            if let (Err(why), Flavor::Abi) = (&s, self.flavor) {
                return Err(format!("field `{}`: {why}", f.name));
            }
            spelled.push((f, s));
        }
        // cffi refuses bitfields in a struct the compiler completes (`...;`): once one field is
        // unknown, the bitfields go too.
        let partial = spelled.iter().any(|(_, s)| s.is_err());
        let mut members = Vec::new();
        let mut needs = BTreeSet::new();
        let mut unknown = Vec::new();
        for (f, s) in spelled {
            match s {
                Ok(_) if partial && f.bits.is_some() => {
                    unknown.push(format!("field `{}`: a bitfield in a struct the compiler completes", f.name))
                }
                Ok(s) => {
                    needs.extend(s.needs);
                    members.push(s.text);
                }
                Err(why) => unknown.push(format!("field `{}`: {why}", f.name)),
            }
        }
        if members.is_empty() {
            return Err("no field of known layout".into());
        }
        needs.remove(&id);
        Ok((members, needs, unknown))
    }

    /// One member declaration (without the `;`).
    fn field(&mut self, ns: NamespaceId, f: &Field) -> Result<Spelled, Unknown> {
        let mut s = match &f.ty {
            FieldType::Anonymous => return Err("anonymous nested struct or union the GIR does not describe".into()),
            // Typedef names in the signature must be declared first (they are in `needs`).
            FieldType::FunctionPointer(sig) => self.spell_signature(ns, sig, &format!("(*{})", f.name)),
            FieldType::Value { ty, c_type } => self.value_field(ns, &f.name, ty, c_type.as_deref())?,
        };
        if let Some(bits) = f.bits {
            s.text = format!("{} : {bits}", s.text);
        }
        Ok(s)
    }

    fn value_field(&mut self, ns: NamespaceId, name: &str, ty: &Type, c_type: Option<&str>) -> Result<Spelled, Unknown> {
        if let Type::Array(a) = ty {
            if let ArrayLength::Fixed(n) = a.length {
                let elem = self.by_value(ns, &a.element, a.element_c_type.as_deref())?;
                return Ok(Spelled { text: format!("{}[{n}]", declarator(&elem.text, name)), needs: elem.needs });
            }
        }
        let s = self.by_value(ns, ty, c_type)?;
        Ok(Spelled { text: declarator(&s.text, name), needs: s.needs })
    }

    /// A type stored by value (a field, an array element), with the layout checks that needs.
    fn by_value(&mut self, ns: NamespaceId, ty: &Type, c_type: Option<&str>) -> Result<Spelled, Unknown> {
        if let Some(c) = c_type.and_then(CType::parse) {
            if let Some(s) = self.spell_c(ns, &c) {
                if let Some(&id) = self.by_c_name.get(&c.base) {
                    if matches!(self.decl[&id], Decl::Struct { .. }) && !c.is_pointer() && !self.gets_body(id) {
                        return Err(format!("`{}` is stored by value and its layout is not known", c.base));
                    }
                    if self.decl[&id] == Decl::Alias && !c.is_pointer() {
                        self.alias_sized(id)?;
                    }
                }
                if c.base == "void" && !c.is_pointer() {
                    return Err("`void` stored by value".into());
                }
                return Ok(s);
            }
        }
        match ty {
            Type::Def(id) => {
                let def = self.ir.ty(*id);
                match &def.kind {
                    TypeKind::Record(_) | TypeKind::Union(_) | TypeKind::Class(_) => {
                        if c_type.is_some() {
                            // A c:type we could not use: pointer or value is unknown.
                            return Err(format!("C type `{}` not declarable", c_type.unwrap_or_default()));
                        }
                        if def.c_type.is_none() {
                            // An anonymous struct/union the GIR names (`_Value__data__union`): inline it.
                            return self.inline_anonymous(*id);
                        }
                        Err(format!("`{}` without c:type: by value or by pointer is unknown", def.name))
                    }
                    _ => Ok(self.spell_ir(ns, ty)),
                }
            }
            Type::Void => Err("no type".into()),
            other => Ok(self.spell_ir(ns, other)),
        }
    }

    /// Is an alias used by value of a known size (a typedef of void is not).
    fn alias_sized(&mut self, id: TypeId) -> Result<(), Unknown> {
        match &self.ir.ty(id).kind {
            TypeKind::Alias(Type::Void) => Err(format!("`{}` is a typedef of void", self.ir.ty(id).name)),
            TypeKind::Alias(Type::Def(t)) => {
                let t = *t;
                if matches!(self.decl.get(&t), Some(Decl::Struct { .. })) && !self.gets_body(t) {
                    Err(format!("`{}` stands for a struct of unknown layout", self.ir.ty(id).name))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// `union { ... }` for a struct/union that has no C name of its own.
    fn inline_anonymous(&mut self, id: TypeId) -> Result<Spelled, Unknown> {
        if self.flavor == Flavor::Api {
            // cffi cannot name an anonymous C type to check it; let the compiler lay it out.
            return Err(format!("anonymous `{}` (checked by the C compiler only)", self.ir.ty(id).name));
        }
        let union = matches!(self.ir.ty(id).kind, TypeKind::Union(_));
        let (members, needs, _) = self.body_fields(id)?;
        let kw = if union { "union" } else { "struct" };
        let body: String = members.iter().map(|m| format!(" {m};")).collect();
        Ok(Spelled { text: format!("{kw} {{{body} }}"), needs })
    }

    // ---- one namespace --------------------------------------------------------------------

    fn namespace(&mut self, ns: NamespaceId, symbols: &mut HashSet<String>, constants: &mut HashSet<String>) -> NsCdef {
        let ir = self.ir;
        let namespace = ir.namespace(ns);
        let mut out = NsCdef::default();
        if namespace.includes.is_empty() {
            for (name, c) in ctype::GLIB_BASIC.iter().chain(ctype::POSIX_BASIC) {
                out.basics.push(format!("typedef {};", declarator(c, name)));
            }
        }
        let mut own: Vec<(String, TypeId)> = namespace
            .types
            .iter()
            .filter(|&&id| self.decl.contains_key(&id) && self.by_c_name.get(ir.ty(id).c_type.as_deref().unwrap_or("")) == Some(&id))
            .map(|&id| (ir.ty(id).c_type.clone().unwrap_or_default(), id))
            .collect();
        own.sort();

        // Declarations that must be ordered: text and needs per type.
        let mut ordered: BTreeMap<TypeId, Spelled> = BTreeMap::new();
        for (c, id) in &own {
            let def = ir.ty(*id);
            match self.decl[id] {
                Decl::Struct { union } => {
                    let kw = if union { "union" } else { "struct" };
                    out.forward.push(format!("typedef {kw} _{c} {c};"));
                    if self.fields_of(*id).is_none() {
                        continue;
                    }
                    match self.body_fields(*id) {
                        Ok((members, needs, unknown)) if self.gets_body(*id) => {
                            let mut body: String = members.iter().map(|m| format!(" {m};")).collect();
                            if !unknown.is_empty() {
                                body.push_str(" ...;");
                                out.opaque_notes.push(format!("{c}: partial ({})", unknown.join("; ")));
                            }
                            ordered.insert(*id, Spelled { text: format!("{kw} _{c} {{{body} }};"), needs });
                        }
                        Ok(_) => {}
                        Err(why) => out.opaque_notes.push(format!("{c}: opaque ({why})")),
                    }
                }
                Decl::Int { unsigned } => {
                    let int = if unsigned { "unsigned int" } else { "int" };
                    out.enums.push(format!("typedef {int} {c};"));
                    if let TypeKind::Enum(e) | TypeKind::Flags(e) = &def.kind {
                        for m in &e.members {
                            let Some(ident) = m.c_identifier.as_deref() else { continue };
                            if constants.insert(ident.to_string()) {
                                // A value past i32 may be a negative int in C (`(gint) (1u << 31)`,
                                // G_PARAM_DEPRECATED): in API mode the compiler gives it.
                                let api_unsure = self.flavor == Flavor::Api && m.value > i64::from(i32::MAX);
                                let value = if api_unsure { "...".to_string() } else { m.value.to_string() };
                                out.constants.push(format!("#define {ident} {value}"));
                            }
                        }
                    }
                }
                Decl::Alias => {
                    let TypeKind::Alias(target) = &def.kind else { continue };
                    let s = self.alias_target(ns, target);
                    ordered.insert(*id, Spelled { text: format!("typedef {};", declarator(&s.text, c)), needs: s.needs });
                }
                Decl::Callback => {
                    let TypeKind::Callback(cb) = &def.kind else { continue };
                    let s = self.spell_signature(ns, &cb.signature, &format!("(*{c})"));
                    ordered.insert(*id, Spelled { text: format!("typedef {};", s.text), needs: s.needs });
                }
            }
        }
        out.decls = topo_order(ir, ordered);

        // Functions: every bound one, then what backends call without binding it (GType
        // lookups, memory management, error quarks), with generic pointer signatures.
        // Symbol -> (result type, parameter types), spelled.
        let mut protos: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        let mut all_functions: Vec<gir::ir::FunctionId> = namespace.functions.clone();
        for &id in &namespace.types {
            all_functions.extend(type_functions(ir.ty(id)));
        }
        for fid in all_functions {
            let f = ir.function(fid);
            if f.skip.is_some() || f.kind == FunctionKind::VirtualMethod || symbols.contains(&f.symbol) {
                continue;
            }
            if protos.contains_key(&f.symbol) {
                continue;
            }
            let (ret, args) = self.spell_parts(ns, &f.signature);
            protos.insert(f.symbol.clone(), (ret.text, args));
        }
        let extra = |protos: &mut BTreeMap<String, (String, Vec<String>)>, sym: &str, ret: &str, args: &[&str]| {
            if !symbols.contains(sym) && !protos.contains_key(sym) && !sym.is_empty() {
                protos.insert(sym.to_string(), (ret.to_string(), args.iter().map(|a| a.to_string()).collect()));
            }
        };
        for &id in &namespace.types {
            let def = ir.ty(id);
            if let Some(gt) = &def.gtype {
                if gt.get_type != "intern" {
                    extra(&mut protos, &gt.get_type, "GType", &[]);
                }
            }
            let memory = match &def.kind {
                TypeKind::Class(c) => Some(&c.memory),
                TypeKind::Record(r) | TypeKind::Union(r) => Some(&r.memory),
                _ => None,
            };
            let (copies, frees): (Vec<&String>, Vec<&String>) = match memory {
                Some(Memory::Fundamental { ref_func, unref_func, ref_sink_func }) => {
                    (std::iter::once(ref_func).chain(ref_sink_func.as_ref()).collect(), vec![unref_func])
                }
                Some(Memory::CopyFree { copy_func, free_func }) => (vec![copy_func], vec![free_func]),
                Some(Memory::RefCounted { ref_func, unref_func }) => (vec![ref_func], vec![unref_func]),
                _ => (vec![], vec![]),
            };
            for sym in copies {
                extra(&mut protos, sym, "gpointer", &["gpointer"]);
            }
            for sym in frees {
                extra(&mut protos, sym, "void", &["gpointer"]);
            }
            if let TypeKind::Enum(e) | TypeKind::Flags(e) = &def.kind {
                if let Some(gir::ir::ErrorDomain::QuarkFunction(sym)) = &e.error_domain {
                    extra(&mut protos, sym, "guint32", &[]);
                }
            }
        }
        for (sym, (ret, args)) in protos {
            out.functions.push(format!("{};", prototype(&ret, &sym, &args)));
            let signature = CSignature {
                ret: self.c_param(ns, &ret),
                params: args.iter().map(|a| self.c_param(ns, a)).collect(),
            };
            out.signatures.insert(sym.clone(), signature);
            symbols.insert(sym.clone());
            out.function_symbols.push(sym);
        }
        out
    }

    /// The type an alias stands for, as a typedef target.
    fn alias_target(&mut self, ns: NamespaceId, target: &Type) -> Spelled {
        match target {
            Type::Void => Spelled::plain("void"),
            // The IR keeps only what an alias resolves to, not its C spelling: `GStrv` is utf8
            // with c:type `gchar**`. A pointer-sized `void *` is right for every such case.
            Type::Basic(Basic::Utf8 | Basic::Filename | Basic::Pointer) => Spelled::plain("void *"),
            Type::Basic(b) => Spelled::plain(b.gir_name()),
            Type::Def(id) => match (self.c_name(ns, *id), self.decl.get(id)) {
                (Some(c), Some(Decl::Struct { .. } | Decl::Int { .. })) => Spelled::plain(c),
                (Some(c), Some(_)) => Spelled { text: c.to_string(), needs: BTreeSet::from([*id]) },
                _ => Spelled::plain("void *"),
            },
            _ => Spelled::plain("void *"),
        }
    }
}

/// `RET NAME(ARGS)`, `void` for no arguments.
fn prototype(ret: &str, name_part: &str, args: &[String]) -> String {
    let args = if args.is_empty() { "void".to_string() } else { args.join(", ") };
    format!("{}({args})", declarator(ret, name_part))
}

/// The functions in a type's scope (constructors, methods, statics).
fn type_functions(def: &TypeDef) -> Vec<gir::ir::FunctionId> {
    match &def.kind {
        TypeKind::Class(c) => c.functions.clone(),
        TypeKind::Interface(i) => i.functions.clone(),
        TypeKind::Record(r) | TypeKind::Union(r) => r.functions.clone(),
        TypeKind::Enum(e) | TypeKind::Flags(e) => e.functions.clone(),
        _ => Vec::new(),
    }
}

/// Orders declarations so that each comes after what it needs (within the namespace; what other
/// namespaces declare is included before). Ties, and what is left by a cycle, go by C name.
fn topo_order(ir: &Ir, items: BTreeMap<TypeId, Spelled>) -> Vec<String> {
    let name = |id: TypeId| ir.ty(id).c_type.clone().unwrap_or_default();
    let mut pending: BTreeMap<TypeId, BTreeSet<TypeId>> =
        items.iter().map(|(id, s)| (*id, s.needs.iter().copied().filter(|n| items.contains_key(n) && n != id).collect())).collect();
    let mut ready: BTreeSet<(String, TypeId)> =
        pending.iter().filter(|(_, d)| d.is_empty()).map(|(id, _)| (name(*id), *id)).collect();
    let mut out = Vec::with_capacity(items.len());
    let mut done: HashSet<TypeId> = HashSet::new();
    loop {
        while let Some(first) = ready.pop_first() {
            let id = first.1;
            pending.remove(&id);
            done.insert(id);
            out.push(items[&id].text.clone());
            for (other, deps) in pending.iter_mut() {
                if deps.remove(&id) && deps.is_empty() {
                    ready.insert((name(*other), *other));
                }
            }
        }
        // A cycle (only possible through typedef names, never by value): emit the smallest name.
        let Some((&id, _)) = pending.iter().min_by_key(|(id, _)| name(**id)) else { break };
        if let Some(d) = pending.get_mut(&id) {
            d.clear();
        }
        ready.insert((name(id), id));
    }
    out
}
