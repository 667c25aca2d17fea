//! Builds the [`Ir`] from loaded repositories: allocate an ID for every named type of every
//! namespace, resolve aliases, then fill in types and callables, and finally the analyses that
//! need the whole picture (memory management, error domains, skip propagation).

use super::callables::{self, Shape, TypeFacts};
use super::names;
use super::types::{Containers, Resolver};
use super::*;
use crate::load::Loaded;
use crate::model::{self, AnyType};
use std::collections::HashMap;

/// Resolves and analyses everything that was loaded.
pub fn build(loaded: Loaded) -> Ir {
    let Loaded { files, repositories, roots } = loaded;
    let mut b = Builder {
        ir: Ir { files, namespaces: Vec::new(), types: Vec::new(), functions: Vec::new(), diagnostics: Vec::new() },
        res: Resolver::default(),
        callback_ids: Facts::default(),
        invokers: Vec::new(),
    };
    b.declare(&repositories, &roots);
    b.resolve_aliases(&repositories);
    b.c_name_depths(&repositories);
    for (n, repo) in repositories.iter().enumerate() {
        b.fill_namespace(NamespaceId(n as u32), repo);
    }
    b.link_vfuncs();
    b.assign_memory();
    b.apply_runtime_overrides();
    b.propagate_skips();
    b.sort();
    b.ir
}

struct Builder {
    ir: Ir,
    res: Resolver,
    /// Indexed by TypeId, known before any callable is analysed.
    callback_ids: Facts,
    /// (virtual method, owner, the GIR's `invoker` method name), linked once all types are built.
    invokers: Vec<(FunctionId, TypeId, String)>,
}

/// What signature analysis needs to know of named types: their shape by TypeId, and the pointer
/// levels of the C type names the GIRs declare.
#[derive(Default)]
struct Facts {
    shapes: Vec<Shape>,
    c_depths: HashMap<String, (u32, u32)>,
}

impl TypeFacts for Facts {
    fn shape(&self, id: TypeId) -> Shape {
        self.shapes.get(id.0 as usize).copied().unwrap_or_default()
    }
    fn c_name_depth(&self, name: &str) -> Option<(u32, u32)> {
        self.c_depths.get(name).copied()
    }
}

fn item_info(c: &model::Common) -> ItemInfo {
    ItemInfo {
        span: c.span,
        deprecated: c.deprecated,
        deprecated_version: c.deprecated_version.clone(),
        version: c.version.clone(),
        doc: c.doc.clone(),
    }
}

fn gtype(type_name: &Option<String>, get_type: &Option<String>) -> Option<GType> {
    Some(GType { type_name: type_name.clone()?, get_type: get_type.clone()? })
}

fn introspectable(c: &model::Common) -> Option<SkipReason> {
    (!c.introspectable).then_some(SkipReason::NotIntrospectable)
}

/// The placeholder kind a type has between `declare` and `fill_namespace`.
fn placeholder() -> TypeKind {
    TypeKind::Alias(Type::Void)
}

impl Builder {
    fn ns_name(&self, ns: NamespaceId) -> String {
        self.ir.namespace(ns).name.clone()
    }

    fn qualified(&self, ns: NamespaceId, name: &str) -> String {
        format!("{}.{}", self.ir.namespace(ns).name, name)
    }

    fn diagnose(&mut self, span: model::Span, item: String, message: String) {
        let location = self.ir.files.locate(span);
        self.ir.diagnostics.push(Diagnostic { location, item, message });
    }

    /// Every item skipped for a type that resolves to nothing gets a diagnostic, wherever the
    /// type is named (the other skip reasons are listed by `girgen inspect`).
    fn diagnose_unresolved(&mut self, span: model::Span, item: String, reason: &SkipReason) {
        if let SkipReason::UnresolvedType(t) = reason {
            self.diagnose(span, item, format!("unresolved type `{t}`; skipped"));
        }
    }

    /// Phase 1: namespaces and one arena slot per named type.
    fn declare(&mut self, repos: &[model::Repository], roots: &[usize]) {
        for (n, repo) in repos.iter().enumerate() {
            let ns = &repo.namespace;
            let includes = repo
                .includes
                .iter()
                .filter_map(|inc| repos.iter().position(|r| r.namespace.name == inc.name))
                .map(|i| NamespaceId(i as u32))
                .collect();
            self.ir.namespaces.push(Namespace {
                name: ns.name.clone(),
                version: ns.version.clone(),
                shared_libraries: ns.shared_libraries.clone(),
                c_identifier_prefixes: ns.c_identifier_prefixes.clone(),
                c_symbol_prefixes: ns.c_symbol_prefixes.clone(),
                includes,
                is_root: roots.contains(&n),
                c_includes: repo.c_includes.clone(),
                packages: repo.packages.clone(),
                types: Vec::new(),
                functions: Vec::new(),
                constants: Vec::new(),
                skipped: Vec::new(),
                unknown_elements: repo
                    .unknown
                    .iter()
                    .map(|u| format!("{}: <{}> in <{}>", self.ir.files.locate(u.span), u.element, u.parent))
                    .collect(),
            });
            let nsid = NamespaceId(n as u32);
            let declare = |b: &mut Builder, name: &str, c_type: &Option<String>, gt: Option<GType>, common: &model::Common, shape: Shape| {
                let key = (ns.name.clone(), name.to_string());
                if b.res.by_name.contains_key(&key) {
                    let item = b.qualified(nsid, name);
                    b.diagnose(common.span, item, "duplicate type name; the first definition is used".into());
                    return;
                }
                let id = TypeId(b.ir.types.len() as u32);
                b.res.by_name.insert(key, id);
                b.callback_ids.shapes.push(shape);
                b.ir.types.push(TypeDef {
                    namespace: nsid,
                    name: name.to_string(),
                    py_name: names::identifier(name),
                    c_type: c_type.clone(),
                    gtype: gt,
                    info: item_info(common),
                    kind: placeholder(),
                    skip: introspectable(common),
                });
                b.ir.namespaces[n].types.push(id);
            };
            for a in &ns.aliases {
                declare(self, &a.name, &a.c_type, None, &a.common, Shape::Other);
            }
            for e in &ns.enums {
                declare(self, &e.name, &e.c_type, gtype(&e.glib_type_name, &e.glib_get_type), &e.common, Shape::Scalar);
            }
            for r in &ns.records {
                declare(self, &r.name, &r.c_type, gtype(&r.glib_type_name, &r.glib_get_type), &r.common, Shape::Struct);
            }
            for u in &ns.unions {
                if let Some(name) = &u.name {
                    declare(self, name, &u.c_type, gtype(&u.glib_type_name, &u.glib_get_type), &u.common, Shape::Struct);
                }
            }
            for bx in &ns.boxed {
                declare(self, &bx.name, &None, gtype(&bx.glib_type_name, &bx.glib_get_type), &bx.common, Shape::Instance);
            }
            for c in &ns.classes {
                declare(self, &c.name, &c.c_type, gtype(&c.glib_type_name, &c.glib_get_type), &c.common, Shape::Instance);
            }
            for i in &ns.interfaces {
                declare(self, &i.name, &i.c_type, gtype(&i.glib_type_name, &i.glib_get_type), &i.common, Shape::Instance);
            }
            for cb in &ns.callbacks {
                declare(self, &cb.name, &cb.c_identifier, None, &cb.common, Shape::Callback);
            }
        }
        let find = |res: &Resolver, name: &str| res.by_name.get(&("GLib".to_string(), name.to_string())).copied();
        let builtins = [
            ("List", "Python's list"),
            ("SList", "Python's list"),
            ("HashTable", "Python's dict"),
            ("Error", "the runtime's GLib.Error exception"),
            ("Array", "Python's list"),
            ("PtrArray", "Python's list"),
            ("ByteArray", "Python's bytes"),
        ];
        for (name, what) in builtins {
            if let Some(id) = find(&self.res, name) {
                self.ir.types[id.0 as usize].skip = Some(SkipReason::Builtin(what));
            }
        }
        self.res.containers = Containers {
            list: find(&self.res, "List"),
            slist: find(&self.res, "SList"),
            hash_table: find(&self.res, "HashTable"),
            error: find(&self.res, "Error"),
            array: find(&self.res, "Array"),
            ptr_array: find(&self.res, "PtrArray"),
            byte_array: find(&self.res, "ByteArray"),
        };
    }

    /// Phase 2: follow aliases to what they stand for, aliases of aliases first (depth-limited, so a
    /// cycle becomes a diagnostic instead of a hang).
    fn resolve_aliases(&mut self, repos: &[model::Repository]) {
        let mut aliases: HashMap<TypeId, (String, &model::Alias)> = HashMap::new();
        for repo in repos {
            for a in &repo.namespace.aliases {
                if let Some(&id) = self.res.by_name.get(&(repo.namespace.name.clone(), a.name.clone())) {
                    aliases.insert(id, (repo.namespace.name.clone(), a));
                }
            }
        }
        let mut ids: Vec<TypeId> = aliases.keys().copied().collect();
        ids.sort();
        for id in ids {
            self.resolve_alias(id, &aliases, 0);
        }
    }

    fn resolve_alias(&mut self, id: TypeId, aliases: &HashMap<TypeId, (String, &model::Alias)>, depth: usize) {
        if self.res.alias_targets.contains_key(&id) {
            return;
        }
        let Some((ns, alias)) = aliases.get(&id) else { return };
        if depth > 16 {
            let item = format!("{ns}.{}", alias.name);
            self.diagnose(alias.common.span, item, "alias cycle".into());
            self.res.alias_targets.insert(id, Err(SkipReason::BadAnnotation("alias cycle".into())));
            return;
        }
        // `GType` is an alias of gsize in GObject's GIR; GI treats it as its own type tag.
        if alias.c_type.as_deref() == Some("GType") {
            self.res.alias_targets.insert(id, Ok(Type::Basic(Basic::GType)));
            return;
        }
        if let AnyType::Type(model::TypeRef { name: Some(target), .. }) = &alias.target {
            if let Some(t) = self.res.lookup(ns, target).filter(|t| aliases.contains_key(t)) {
                self.resolve_alias(t, aliases, depth + 1);
            }
        }
        let target = self.res.resolve(ns, &alias.target, 0);
        let target = match target {
            Ok(Type::Def(t)) if aliases.contains_key(&t) => {
                Err(SkipReason::BadAnnotation("alias cycle".into()))
            }
            other => other,
        };
        self.res.alias_targets.insert(id, target);
    }

    /// Phase 2b: the pointer levels each C type name declared by the GIRs stands for: none for
    /// structs, enums and classes (`GObject`), one for callback typedefs, and for an alias those
    /// of its target's spelling (`GStrv` → `gchar**` → 2).
    fn c_name_depths(&mut self, repos: &[model::Repository]) {
        let depths = &mut self.callback_ids.c_depths;
        for repo in repos {
            let ns = &repo.namespace;
            let named = ns.enums.iter().map(|e| (&e.c_type, 0))
                .chain(ns.records.iter().map(|r| (&r.c_type, u32::from(r.pointer))))
                .chain(ns.unions.iter().map(|u| (&u.c_type, 0)))
                .chain(ns.classes.iter().map(|c| (&c.c_type, 0)))
                .chain(ns.interfaces.iter().map(|i| (&i.c_type, 0)))
                .chain(ns.callbacks.iter().map(|c| (&c.c_identifier, 1)));
            for (c, depth) in named {
                if let Some(c) = c {
                    depths.entry(c.clone()).or_insert((depth, depth));
                }
            }
        }
        // An alias's target may be an alias declared later (or in a later namespace): repeat
        // while that helps (bounded, in case of a cycle).
        let aliases: Vec<(&String, &AnyType)> = repos
            .iter()
            .flat_map(|r| &r.namespace.aliases)
            .filter_map(|a| Some((a.c_type.as_ref()?, &a.target)))
            .collect();
        for _ in 0..8 {
            let mut changed = false;
            for (name, target) in &aliases {
                if self.callback_ids.c_depths.contains_key(*name) {
                    continue;
                }
                let Some(spelling) = c_type(target) else { continue };
                if let Some(d) = callables::c_depth(&self.callback_ids, &spelling) {
                    self.callback_ids.c_depths.insert((*name).clone(), d);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn type_id(&self, ns: NamespaceId, name: &str) -> Option<TypeId> {
        self.res.lookup(&self.ir.namespace(ns).name, name)
    }

    /// Resolves a type reference to a named type (prerequisite, implements); one that resolves
    /// to nothing is left out of the list.
    fn named(&mut self, ns: NamespaceId, name: &str, span: model::Span, item: &str) -> Option<TypeId> {
        let found = self.type_id(ns, name);
        if found.is_none() {
            self.diagnose(span, item.to_string(), format!("unresolved type `{name}`; left out"));
        }
        found
    }

    /// Analyses a callable and stores it.
    fn function(
        &mut self,
        ns: NamespaceId,
        owner: Option<TypeId>,
        kind: FunctionKind,
        c: &model::Callable,
    ) -> FunctionId {
        let ns_name = self.ns_name(ns);
        let item = match owner {
            Some(o) => format!("{}.{}.{}", ns_name, self.ir.ty(o).name, c.name),
            None => format!("{}.{}", ns_name, c.name),
        };
        let analysed = callables::analyse(&self.res, &self.callback_ids, &ns_name, c, false);
        let (signature, mut skip) = match analysed {
            Ok(sig) => (sig, None),
            Err(reason) => (empty_signature(), Some(reason)),
        };
        if let Some(reason) = &skip {
            self.diagnose_unresolved(c.common.span, item.clone(), reason);
        }
        // (A c:type that disagrees with the type is an upstream GIR bug the user cannot fix: it is
        // listed by `girgen inspect`, not reported on every run.)
        if let Some(SkipReason::BadAnnotation(m)) = &skip {
            self.diagnose(c.common.span, item.clone(), format!("{m}; skipped"));
        }
        if let Some(by) = &c.shadowed_by {
            skip = Some(SkipReason::ShadowedBy(by.clone()));
        }
        if !c.common.introspectable && skip.is_none() {
            skip = Some(SkipReason::NotIntrospectable);
        }
        let symbol = c.c_identifier.clone().unwrap_or_else(|| c.name.clone());
        if kind != FunctionKind::VirtualMethod && c.c_identifier.is_none() && skip.is_none() {
            skip = Some(SkipReason::BadAnnotation("no c:identifier".into()));
        }
        let id = FunctionId(self.ir.functions.len() as u32);
        self.ir.functions.push(Function {
            namespace: ns,
            owner,
            kind,
            name: c.name.clone(),
            py_name: names::identifier(c.shadows.as_deref().unwrap_or(&c.name)),
            symbol,
            signature,
            info: item_info(&c.common),
            skip,
            invokes: None,
            vfunc_slot: None,
        });
        if kind == FunctionKind::VirtualMethod {
            if let (Some(owner), Some(invoker)) = (owner, &c.invoker) {
                self.invokers.push((id, owner, invoker.clone()));
            }
        }
        id
    }

    /// Links each method to the virtual method it invokes (`invoker`), and each virtual method to
    /// its function-pointer field in the class (or interface) struct.
    fn link_vfuncs(&mut self) {
        let links = std::mem::take(&mut self.invokers);
        for (vfunc, owner, invoker) in links {
            let functions = match &self.ir.types[owner.0 as usize].kind {
                TypeKind::Class(c) => c.functions.clone(),
                TypeKind::Interface(i) => i.functions.clone(),
                _ => continue,
            };
            // The invoker must take what the vfunc takes: GIRs name mismatched invokers
            // (GObject's `notify` method takes a property name, the vfunc a GParamSpec).
            let types = |f: &Function| -> (Vec<Type>, Type) {
                let params = f.signature.params.iter().filter(|p| p.role != ParamRole::Instance).map(|p| p.ty.clone()).collect();
                (params, f.signature.ret.ty.clone())
            };
            let wanted = types(&self.ir.functions[vfunc.0 as usize]);
            let method = functions.iter().copied().find(|&f| {
                let f = &self.ir.functions[f.0 as usize];
                f.kind == FunctionKind::Method && f.name == invoker && types(f) == wanted
            });
            if let Some(m) = method {
                self.ir.functions[m.0 as usize].invokes = Some(vfunc);
            }
        }
        let vfuncs: Vec<(FunctionId, TypeId)> = self
            .ir
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FunctionKind::VirtualMethod)
            .filter_map(|(i, f)| Some((FunctionId(i as u32), f.owner?)))
            .collect();
        for (vfunc, owner) in vfuncs {
            let type_struct = match &self.ir.types[owner.0 as usize].kind {
                TypeKind::Class(c) => c.type_struct,
                TypeKind::Interface(i) => i.type_struct,
                _ => None,
            };
            let Some(ts) = type_struct else { continue };
            let TypeKind::Record(r) = &self.ir.types[ts.0 as usize].kind else { continue };
            let name = &self.ir.functions[vfunc.0 as usize].name;
            let slot = r.fields.iter().position(|f| &f.name == name && matches!(f.ty, FieldType::FunctionPointer(_)));
            self.ir.functions[vfunc.0 as usize].vfunc_slot = slot;
        }
    }

    /// Functions, methods and constructors of a type scope.
    fn scope_functions(
        &mut self,
        ns: NamespaceId,
        owner: TypeId,
        constructors: &[model::Callable],
        methods: &[model::Callable],
        functions: &[model::Callable],
    ) -> Vec<FunctionId> {
        let mut out = Vec::new();
        for c in constructors {
            out.push(self.function(ns, Some(owner), FunctionKind::Constructor, c));
        }
        for c in methods {
            let kind = if c.instance_parameter.is_some() { FunctionKind::Method } else { FunctionKind::Static };
            out.push(self.function(ns, Some(owner), kind, c));
        }
        for c in functions {
            out.push(self.function(ns, Some(owner), FunctionKind::Static, c));
        }
        out
    }

    fn fields(&mut self, ns: NamespaceId, owner: &str, fields: &[model::Field]) -> Vec<Field> {
        let ns_name = self.ns_name(ns);
        let mut taken = Vec::new();
        fields
            .iter()
            .map(|f| {
                let (ty, skip) = match &f.ty {
                    model::FieldType::Type(t) => match self.res.resolve(&ns_name, t, 0) {
                        Ok(ty) => (FieldType::Value { ty, c_type: c_type(t) }, None),
                        Err(reason) => {
                            self.diagnose_unresolved(f.common.span, format!("{ns_name}.{owner}.{}", f.name), &reason);
                            (FieldType::Anonymous, Some(reason))
                        }
                    },
                    model::FieldType::Callback(cb) => {
                        match callables::analyse(&self.res, &self.callback_ids, &ns_name, cb, true) {
                            Ok(sig) => (FieldType::FunctionPointer(Box::new(sig)), None),
                            Err(reason) => (FieldType::FunctionPointer(Box::new(empty_signature())), Some(reason)),
                        }
                    }
                    model::FieldType::Nested => (FieldType::Anonymous, Some(SkipReason::UnsupportedType("anonymous nested struct".into()))),
                };
                Field {
                    name: f.name.clone(),
                    py_name: names::unique(&names::identifier(&f.name), &mut taken),
                    readable: f.readable,
                    writable: f.writable,
                    private: f.private,
                    bits: f.bits,
                    ty,
                    skip: skip.or_else(|| introspectable(&f.common)),
                }
            })
            .collect()
    }

    fn properties(&mut self, ns: NamespaceId, owner: &str, props: &[model::Property]) -> Vec<Property> {
        let ns_name = self.ns_name(ns);
        props
            .iter()
            .map(|p| {
                let (ty, skip) = match self.res.resolve(&ns_name, &p.ty, 0) {
                    Ok(t) => (t, introspectable(&p.common)),
                    Err(r) => {
                        self.diagnose_unresolved(p.common.span, format!("{ns_name}.{owner}:{}", p.name), &r);
                        (Type::Void, Some(r))
                    }
                };
                Property {
                    name: p.name.clone(),
                    py_name: names::property(&p.name),
                    ty,
                    readable: p.readable,
                    writable: p.writable,
                    construct_only: p.construct_only,
                    transfer: p.transfer.unwrap_or(Transfer::None),
                    skip,
                }
            })
            .collect()
    }

    fn signals(&mut self, ns: NamespaceId, owner: &str, signals: &[model::Callable]) -> Vec<Signal> {
        let ns_name = self.ns_name(ns);
        signals
            .iter()
            .map(|s| {
                let (signature, skip) = match callables::analyse(&self.res, &self.callback_ids, &ns_name, s, false) {
                    Ok(sig) => (sig, introspectable(&s.common)),
                    Err(r) => {
                        self.diagnose_unresolved(s.common.span, format!("{ns_name}.{owner}::{}", s.name), &r);
                        (empty_signature(), Some(r))
                    }
                };
                Signal {
                    name: s.name.clone(),
                    py_name: names::signal(&s.name),
                    signature,
                    run: s.when,
                    detailed: s.detailed,
                    action: s.action,
                    skip,
                }
            })
            .collect()
    }

    fn vfuncs(&mut self, ns: NamespaceId, owner: TypeId, vfuncs: &[model::Callable]) -> Vec<FunctionId> {
        vfuncs.iter().map(|v| self.function(ns, Some(owner), FunctionKind::VirtualMethod, v)).collect()
    }

    fn record(&mut self, ns: NamespaceId, id: TypeId, r: &model::Record) -> Record {
        let functions = self.scope_functions(ns, id, &r.constructors, &r.methods, &r.functions);
        let fields = self.fields(ns, &r.name, &r.fields);
        let gtype_struct_for = r.is_gtype_struct_for.as_deref().and_then(|n| self.type_id(ns, n));
        Record {
            // Provisional: `assign_memory` decides, and keeps this only for unregistered records.
            memory: copy_free(&r.copy_function, &r.free_function),
            opaque: r.opaque || r.disguised || r.fields.is_empty() || r.pointer,
            gtype_struct_for,
            fields,
            functions,
        }
    }

    fn union(&mut self, ns: NamespaceId, id: TypeId, u: &model::Union) -> Record {
        let functions = self.scope_functions(ns, id, &u.constructors, &u.methods, &u.functions);
        let owner = u.name.clone().unwrap_or_default();
        let fields = self.fields(ns, &owner, &u.fields);
        let memory = copy_free(&u.copy_function, &u.free_function);
        Record { memory, opaque: u.fields.is_empty(), gtype_struct_for: None, fields, functions }
    }

    /// Phase 3: everything of one namespace.
    fn fill_namespace(&mut self, ns: NamespaceId, repo: &model::Repository) {
        let m = &repo.namespace;
        let id_of = |b: &Builder, name: &str| b.res.by_name.get(&(m.name.clone(), name.to_string())).copied();

        for a in &m.aliases {
            let Some(id) = id_of(self, &a.name) else { continue };
            let target = self.res.alias_targets.get(&id).cloned().unwrap_or(Ok(Type::Void));
            match target {
                Ok(t) => self.ir.types[id.0 as usize].kind = TypeKind::Alias(t),
                Err(reason) => {
                    self.diagnose_unresolved(a.common.span, self.qualified(ns, &a.name), &reason);
                    self.ir.types[id.0 as usize].skip = Some(reason);
                }
            }
        }
        for e in &m.enums {
            let Some(id) = id_of(self, &e.name) else { continue };
            let functions = e.functions.iter().map(|f| self.function(ns, Some(id), FunctionKind::Static, f)).collect();
            let mut taken = Vec::new();
            let members = e
                .members
                .iter()
                .map(|mem| EnumMember {
                    name: mem.name.clone(),
                    py_name: names::unique(&names::enum_member(&mem.name), &mut taken),
                    value: mem.value,
                    c_identifier: mem.c_identifier.clone(),
                    nick: mem.glib_nick.clone(),
                })
                .collect();
            let def = Enum {
                members,
                unsigned: e.members.iter().all(|m| m.value >= 0),
                error_domain: e.glib_error_domain.clone().map(ErrorDomain::Named),
                functions,
            };
            self.ir.types[id.0 as usize].kind = if e.is_bitfield { TypeKind::Flags(def) } else { TypeKind::Enum(def) };
        }
        for r in &m.records {
            let Some(id) = id_of(self, &r.name) else { continue };
            let rec = self.record(ns, id, r);
            self.ir.types[id.0 as usize].kind = TypeKind::Record(rec);
        }
        for u in &m.unions {
            let Some(id) = u.name.as_deref().and_then(|n| id_of(self, n)) else { continue };
            let rec = self.union(ns, id, u);
            self.ir.types[id.0 as usize].kind = TypeKind::Union(rec);
        }
        for bx in &m.boxed {
            let Some(id) = id_of(self, &bx.name) else { continue };
            let functions = bx.functions.iter().map(|f| self.function(ns, Some(id), FunctionKind::Static, f)).collect();
            self.ir.types[id.0 as usize].kind = TypeKind::Record(Record {
                memory: Memory::NotApplicable,
                opaque: true,
                gtype_struct_for: None,
                fields: Vec::new(),
                functions,
            });
        }
        for c in &m.classes {
            let Some(id) = id_of(self, &c.name) else { continue };
            let item = self.qualified(ns, &c.name);
            let parent = match c.parent.as_deref() {
                None => None,
                Some(p) => {
                    let found = self.type_id(ns, p);
                    if found.is_none() {
                        // Bound without its parent, the class would get the wrong base class and
                        // memory kind: it is skipped instead.
                        let reason = SkipReason::UnresolvedType(p.to_string());
                        self.diagnose_unresolved(c.common.span, item.clone(), &reason);
                        self.ir.types[id.0 as usize].skip.get_or_insert(reason);
                    }
                    found
                }
            };
            let interfaces = c.implements.iter().filter_map(|i| self.named(ns, i, c.common.span, &item)).collect();
            let type_struct = c.glib_type_struct.as_deref().and_then(|s| self.type_id(ns, s));
            let mut functions = self.scope_functions(ns, id, &c.constructors, &c.methods, &c.functions);
            let virtual_methods = self.vfuncs(ns, id, &c.virtual_methods);
            let fields = self.fields(ns, &c.name, &c.fields);
            let properties = self.properties(ns, &c.name, &c.properties);
            let signals = self.signals(ns, &c.name, &c.signals);
            // Callbacks declared inside a class are namespace-level types in GI; keep their functions nowhere.
            functions.dedup();
            let memory = match (&c.ref_func, &c.unref_func) {
                (Some(r), Some(u)) => Memory::Fundamental { ref_func: r.clone(), unref_func: u.clone(), ref_sink_func: None },
                _ => Memory::NotApplicable,
            };
            self.ir.types[id.0 as usize].kind = TypeKind::Class(Class {
                parent,
                interfaces,
                is_abstract: c.is_abstract,
                fundamental: c.fundamental,
                is_final: c.is_final,
                type_struct,
                memory,
                fields,
                functions,
                virtual_methods,
                properties,
                signals,
            });
        }
        for i in &m.interfaces {
            let Some(id) = id_of(self, &i.name) else { continue };
            let item = self.qualified(ns, &i.name);
            let prerequisites = i.prerequisites.iter().filter_map(|p| self.named(ns, p, i.common.span, &item)).collect();
            let type_struct = i.glib_type_struct.as_deref().and_then(|s| self.type_id(ns, s));
            let functions = self.scope_functions(ns, id, &i.constructors, &i.methods, &i.functions);
            let virtual_methods = self.vfuncs(ns, id, &i.virtual_methods);
            let properties = self.properties(ns, &i.name, &i.properties);
            let signals = self.signals(ns, &i.name, &i.signals);
            self.ir.types[id.0 as usize].kind =
                TypeKind::Interface(Interface { prerequisites, type_struct, functions, virtual_methods, properties, signals });
        }
        let ns_name = self.ns_name(ns);
        for cb in &m.callbacks {
            let Some(id) = id_of(self, &cb.name) else { continue };
            match callables::analyse(&self.res, &self.callback_ids, &ns_name, cb, true) {
                Ok(signature) => self.ir.types[id.0 as usize].kind = TypeKind::Callback(Callback { signature }),
                Err(reason) => {
                    self.diagnose_unresolved(cb.common.span, self.qualified(ns, &cb.name), &reason);
                    self.ir.types[id.0 as usize].kind = TypeKind::Callback(Callback { signature: empty_signature() });
                    if self.ir.types[id.0 as usize].skip.is_none() {
                        self.ir.types[id.0 as usize].skip = Some(reason);
                    }
                }
            }
        }
        for f in &m.functions {
            let fid = self.function(ns, None, FunctionKind::Function, f);
            self.ir.namespaces[ns.0 as usize].functions.push(fid);
        }
        for c in &m.constants {
            match self.constant(&ns_name, c) {
                Ok(constant) => self.ir.namespaces[ns.0 as usize].constants.push(constant),
                Err(reason) => {
                    let item = format!("{ns_name}.{}", c.name);
                    if let SkipReason::BadAnnotation(msg) = &reason {
                        self.diagnose(c.common.span, item.clone(), msg.clone());
                    }
                    self.diagnose_unresolved(c.common.span, item, &reason);
                    self.ir.namespaces[ns.0 as usize].skipped.push(Skipped { name: c.name.clone(), reason });
                }
            }
        }
        self.error_domains(ns);
    }

    fn constant(&self, ns: &str, c: &model::Constant) -> Result<Constant, SkipReason> {
        if let Some(r) = introspectable(&c.common) {
            return Err(r);
        }
        let ty = self.res.resolve(ns, &c.ty, 0)?;
        let bad = || SkipReason::BadAnnotation(format!("constant value `{}` does not fit its type", c.value));
        let value = match &ty {
            Type::Basic(Basic::Boolean) => ConstantValue::Bool(matches!(c.value.as_str(), "true" | "TRUE" | "1")),
            Type::Basic(Basic::Float | Basic::Double) => ConstantValue::Float(c.value.parse().map_err(|_| bad())?),
            Type::Basic(Basic::Utf8 | Basic::Filename) => ConstantValue::Str(c.value.clone()),
            Type::Basic(b) if b.int_range().is_some() => match c.value.parse::<i64>() {
                Ok(v) => ConstantValue::Int(v),
                Err(_) => ConstantValue::UInt(c.value.parse().map_err(|_| bad())?),
            },
            Type::Def(id) if matches!(self.ir.ty(*id).kind, TypeKind::Enum(_) | TypeKind::Flags(_)) => {
                ConstantValue::Int(c.value.parse().map_err(|_| bad())?)
            }
            other => return Err(SkipReason::UnsupportedType(format!("constant of type {other:?}"))),
        };
        Ok(Constant {
            name: c.name.clone(),
            py_name: names::identifier(&c.name),
            ty,
            value,
            info: item_info(&c.common),
        })
    }

    /// Error domains: `glib:error-domain`, or else the namespace's `*_error_quark` function matched
    /// through the enum's C type (GIRepositoryError ↔ g_irepository_error_quark).
    fn error_domains(&mut self, ns: NamespaceId) {
        let squash = |s: &str| s.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect::<String>();
        let mut quark_functions: HashMap<String, String> = HashMap::new();
        let candidates = self.ir.functions.iter().filter(|f| f.namespace == ns && f.skip.is_none());
        for f in candidates {
            let returns_quark = f.signature.ret.c_type.as_deref() == Some("GQuark")
                || matches!(f.signature.ret.ty, Type::Basic(Basic::UInt32));
            if f.signature.params.is_empty() && returns_quark && f.symbol.ends_with("_quark") {
                quark_functions.insert(squash(&f.symbol), f.symbol.clone());
            }
        }
        let type_ids = self.ir.namespace(ns).types.clone();
        for id in type_ids {
            let c_type = self.ir.ty(id).c_type.clone();
            if let TypeKind::Enum(e) = &mut self.ir.types[id.0 as usize].kind {
                if e.error_domain.is_none() {
                    if let Some(symbol) = c_type.and_then(|c| quark_functions.get(&(squash(&c) + "quark"))) {
                        e.error_domain = Some(ErrorDomain::QuarkFunction(symbol.clone()));
                    }
                }
            }
        }
    }

    /// Phase 4: how instances of each type are managed.
    fn assign_memory(&mut self) {
        let gobject = self.res.lookup("GObject", "Object");
        for i in 0..self.ir.types.len() {
            let id = TypeId(i as u32);
            let memory = match &self.ir.types[i].kind {
                TypeKind::Class(_) => self.class_memory(id, gobject),
                TypeKind::Interface(_) => Memory::Interface,
                TypeKind::Record(r) | TypeKind::Union(r) => self.record_memory(id, r),
                _ => continue,
            };
            match &mut self.ir.types[i].kind {
                TypeKind::Class(c) => c.memory = memory,
                TypeKind::Record(r) | TypeKind::Union(r) => r.memory = memory,
                _ => {}
            }
        }
    }

    fn class_memory(&self, id: TypeId, gobject: Option<TypeId>) -> Memory {
        let ancestry: Vec<TypeId> = self.ir.class_ancestry(id).take(64).collect();
        if gobject.is_some_and(|g| ancestry.contains(&g)) {
            return Memory::Object;
        }
        // Fundamental types: the nearest ancestor that names ref/unref functions decides. The
        // `ref_sink` method is looked for up the whole chain: the ancestor found first may be a
        // subclass whose memory was already assigned (arena order), not the fundamental type
        // that defines the method.
        for &t in &ancestry {
            if let TypeKind::Class(c) = &self.ir.ty(t).kind {
                if let Memory::Fundamental { ref_func, unref_func, .. } = &c.memory {
                    return Memory::Fundamental {
                        ref_func: ref_func.clone(),
                        unref_func: unref_func.clone(),
                        ref_sink_func: ancestry.iter().find_map(|&a| self.method_symbol(a, "ref_sink")),
                    };
                }
            }
        }
        Memory::Borrowed
    }

    fn method_symbol(&self, owner: TypeId, name: &str) -> Option<String> {
        let functions = match &self.ir.ty(owner).kind {
            TypeKind::Class(c) => &c.functions,
            TypeKind::Record(r) | TypeKind::Union(r) => &r.functions,
            _ => return None,
        };
        functions
            .iter()
            .map(|&f| self.ir.function(f))
            .find(|f| f.name == name && f.kind == FunctionKind::Method && f.signature.params.len() == 1)
            .map(|f| f.symbol.clone())
    }

    fn record_memory(&self, id: TypeId, r: &Record) -> Memory {
        let def = self.ir.ty(id);
        let registered = def.gtype.as_ref().is_some_and(|g| g.get_type != "intern");
        let ref_unref = self.method_symbol(id, "ref").zip(self.method_symbol(id, "unref"));
        if registered {
            Memory::Boxed
        } else if let Memory::CopyFree { .. } = &r.memory {
            r.memory.clone()
        } else if let Some((ref_func, unref_func)) = ref_unref {
            Memory::RefCounted { ref_func, unref_func }
        } else if !r.opaque && r.fields.iter().all(|f| !matches!(f.ty, FieldType::Anonymous)) {
            Memory::Struct
        } else {
            Memory::Borrowed
        }
    }

    /// The runtimes give GObject.Object a Pythonic API for properties and signals, as PyGObject's
    /// overrides do; the C functions of the same Python names are left out so they cannot hide it.
    fn apply_runtime_overrides(&mut self) {
        const OBJECT_OVERRIDES: &[&str] = &[
            "get_property", "set_property", "getv", "setv", "get", "set", "notify", "notify_by_pspec",
            "freeze_notify", "thaw_notify", "connect", "disconnect", "emit", "weak_ref", "weak_unref",
            "ref", "unref", "ref_sink", "force_floating", "is_floating", "watch_closure", "run_dispose",
            "get_data", "set_data", "steal_data", "get_qdata", "set_qdata", "steal_qdata",
            "add_toggle_ref", "remove_toggle_ref", "add_weak_pointer", "remove_weak_pointer",
            "find_property", "list_properties", "install_property", "install_properties",
            "interface_find_property", "interface_list_properties", "interface_install_property",
            "new", "newv", "new_with_properties", "handler_block", "handler_unblock",
        ];
        let Some(object) = self.res.lookup("GObject", "Object") else { return };
        let TypeKind::Class(c) = &self.ir.ty(object).kind else { return };
        for &f in &c.functions.clone() {
            let func = &mut self.ir.functions[f.0 as usize];
            if func.skip.is_none() && OBJECT_OVERRIDES.contains(&func.py_name.as_str()) {
                func.skip = Some(SkipReason::Builtin("the runtime's Pythonic GObject.Object method"));
            }
        }
    }

    /// Phase 5: anything that uses a skipped type is skipped too, with the reason.
    fn propagate_skips(&mut self) {
        let skipped: Vec<bool> = self.ir.types.iter().map(|t| t.skip.is_some()).collect();
        let first_skipped = |t: &Type| -> Option<TypeId> {
            fn walk(t: &Type, skipped: &[bool]) -> Option<TypeId> {
                match t {
                    Type::Def(id) => skipped[id.0 as usize].then_some(*id),
                    Type::Array(a) => walk(&a.element, skipped),
                    Type::List { element, .. } => walk(element, skipped),
                    Type::HashTable { key, value } => walk(key, skipped).or_else(|| walk(value, skipped)),
                    _ => None,
                }
            }
            walk(t, &skipped)
        };
        let mut updates = Vec::new();
        for (i, f) in self.ir.functions.iter().enumerate() {
            if f.skip.is_some() {
                continue;
            }
            let sig = &f.signature;
            let uses = sig.params.iter().map(|p| &p.ty).chain(std::iter::once(&sig.ret.ty)).find_map(first_skipped);
            let owner_skipped = f.owner.filter(|o| skipped[o.0 as usize]);
            if let Some(t) = uses.or(owner_skipped) {
                updates.push((i, self.qualified(self.ir.ty(t).namespace, &self.ir.ty(t).name)));
            }
        }
        for (i, name) in updates {
            self.ir.functions[i].skip = Some(SkipReason::DependsOnSkipped(name));
        }
        let type_names: Vec<String> =
            self.ir.types.iter().map(|t| format!("{}.{}", self.ir.namespace(t.namespace).name, t.name)).collect();
        for t in &mut self.ir.types {
            let (props, signals) = match &mut t.kind {
                TypeKind::Class(c) => (&mut c.properties, &mut c.signals),
                TypeKind::Interface(i) => (&mut i.properties, &mut i.signals),
                _ => continue,
            };
            for p in props.iter_mut().filter(|p| p.skip.is_none()) {
                if let Some(s) = first_skipped(&p.ty) {
                    p.skip = Some(SkipReason::DependsOnSkipped(type_names[s.0 as usize].clone()));
                }
            }
            for s in signals.iter_mut().filter(|s| s.skip.is_none()) {
                let sig = &s.signature;
                if let Some(t) = sig.params.iter().map(|p| &p.ty).chain(std::iter::once(&sig.ret.ty)).find_map(first_skipped) {
                    s.skip = Some(SkipReason::DependsOnSkipped(type_names[t.0 as usize].clone()));
                }
            }
        }
    }

    /// Deterministic order: types by name, functions by Python name (ties by C symbol).
    fn sort(&mut self) {
        let Ir { namespaces, types, functions, .. } = &mut self.ir;
        let fkey = |f: &FunctionId| {
            let func = &functions[f.0 as usize];
            (func.py_name.clone(), func.symbol.clone())
        };
        for ns in namespaces.iter_mut() {
            ns.types.sort_by(|a, b| types[a.0 as usize].name.cmp(&types[b.0 as usize].name));
            ns.functions.sort_by_key(fkey);
            ns.constants.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for t in types.iter_mut() {
            match &mut t.kind {
                TypeKind::Class(c) => {
                    c.functions.sort_by_key(fkey);
                    c.virtual_methods.sort_by_key(fkey);
                }
                TypeKind::Interface(i) => {
                    i.functions.sort_by_key(fkey);
                    i.virtual_methods.sort_by_key(fkey);
                }
                TypeKind::Record(r) | TypeKind::Union(r) => r.functions.sort_by_key(fkey),
                TypeKind::Enum(e) | TypeKind::Flags(e) => e.functions.sort_by_key(fkey),
                _ => {}
            }
        }
    }
}

fn c_type(t: &AnyType) -> Option<String> {
    match t {
        AnyType::Type(t) => t.c_type.clone(),
        AnyType::Array(a) => a.c_type.clone(),
        _ => None,
    }
}

/// `copy-function` and `free-function` of a record or union: both are needed to own a copy.
fn copy_free(copy: &Option<String>, free: &Option<String>) -> Memory {
    match (copy, free) {
        (Some(c), Some(f)) => Memory::CopyFree { copy_func: c.clone(), free_func: f.clone() },
        _ => Memory::NotApplicable,
    }
}

fn empty_signature() -> Signature {
    Signature {
        params: Vec::new(),
        ret: Return { ty: Type::Void, c_type: None, transfer: Transfer::None, nullable: false, skip: false },
        throws: false,
        py_inputs: Vec::new(),
        py_outputs: Vec::new(),
    }
}
