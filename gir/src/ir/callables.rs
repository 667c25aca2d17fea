//! Signature analysis: from the GIR's parameter list to the C parameter list every backend
//! calls with and the Python inputs and outputs every backend exposes.
//!
//! The rules are libgirepository's (and so PyGObject's): array length parameters are hidden and
//! computed; a callback's user_data and destroy notify are hidden; the `GError**` of a throwing
//! function is appended and turned into an exception; out parameters become results, after the
//! return value.

use super::names;
use super::types::Resolver;
use super::{
    ArrayKind, ArrayLength, Basic, Direction, Output, Param, ParamRole, Return, Scope, Signature, SkipReason, Transfer,
    Type, TypeId,
};
use crate::model::{self, AnyType};

/// What a named type is in C, as far as pointers go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Shape {
    /// Enums and flags: passed by value.
    Scalar,
    /// Records and unions: passed by pointer unless their C type says otherwise.
    Struct,
    /// Classes, interfaces, boxed types: always by pointer.
    Instance,
    /// Callback types: the C typedef is itself a function pointer.
    Callback,
    /// Aliases (followed before analysis: never seen in a resolved type).
    #[default]
    Other,
}

/// What the analysis needs to know about named types.
pub(super) trait TypeFacts {
    fn shape(&self, id: TypeId) -> Shape;
    /// How many pointer levels a C type name declared by the loaded GIRs stands for
    /// (`GStrv` 2, a callback typedef 1, a struct or enum 0; a range for an alias of `gpointer`);
    /// None if no GIR declares it.
    fn c_name_depth(&self, name: &str) -> Option<(u32, u32)>;
    fn is_callback(&self, id: TypeId) -> bool {
        self.shape(id) == Shape::Callback
    }
    /// A record or union (passed by pointer unless its C type says otherwise).
    fn is_struct(&self, id: TypeId) -> bool {
        self.shape(id) == Shape::Struct
    }
}

pub(super) fn analyse(
    res: &Resolver,
    facts: &dyn TypeFacts,
    ns: &str,
    callable: &model::Callable,
    is_callback_type: bool,
) -> Result<Signature, SkipReason> {
    if let Some(why) = callable.c_identifier.as_deref().and_then(super::errata::erratum) {
        return Err(SkipReason::Erratum(why));
    }
    let offset = usize::from(callable.instance_parameter.is_some());
    let mut params = Vec::with_capacity(callable.parameters.len() + offset + usize::from(callable.throws));

    if let Some(inst) = &callable.instance_parameter {
        params.push(Param {
            name: inst.name.clone(),
            py_name: "self".into(),
            ty: res.resolve(ns, &inst.ty, 0)?,
            c_type: c_type_of(&inst.ty),
            direction: Direction::In,
            caller_allocates: false,
            transfer: inst.transfer.unwrap_or(Transfer::None),
            nullable: false,
            optional: false,
            role: ParamRole::Instance,
        });
    }
    for p in &callable.parameters {
        if matches!(p.ty, AnyType::Varargs(_)) {
            return Err(SkipReason::Varargs);
        }
        let ty = res.resolve(ns, &p.ty, offset)?;
        let (nullable, optional) = match p.direction {
            Direction::In => (p.nullable || p.allow_none, false),
            // On out parameters, old GIRs used allow-none to mean "may pass NULL to ignore".
            Direction::Out | Direction::InOut => (p.nullable, p.optional || p.allow_none),
        };
        params.push(Param {
            name: p.name.clone(),
            py_name: String::new(),
            ty,
            c_type: c_type_of(&p.ty),
            direction: p.direction,
            caller_allocates: p.caller_allocates,
            transfer: p.transfer.unwrap_or(Transfer::None),
            nullable,
            optional,
            role: if p.skip { ParamRole::Skipped } else { ParamRole::Visible },
        });
    }

    let ret = Return {
        ty: res.resolve(ns, &callable.return_value.ty, offset)?,
        c_type: c_type_of(&callable.return_value.ty),
        transfer: callable.return_value.transfer.unwrap_or(Transfer::None),
        nullable: callable.return_value.nullable || callable.return_value.allow_none,
        skip: callable.return_value.skip,
    };

    assign_closures(facts, callable, offset, is_callback_type, &mut params)?;
    assign_array_lengths(&ret, &mut params)?;
    check_supported(facts, &ret.ty, &params)?;
    check_pointer_depths(facts, callable, offset, &ret, &params)?;

    if callable.throws {
        params.push(Param {
            name: "error".into(),
            py_name: "error".into(),
            ty: Type::Error,
            c_type: Some("GError**".into()),
            direction: Direction::Out,
            caller_allocates: false,
            transfer: Transfer::Full,
            nullable: true,
            optional: true,
            role: ParamRole::Error,
        });
    }

    // Python names: keyword-safe and unique (`self` is reserved for the instance).
    let mut taken = vec!["self".to_string()];
    for p in params.iter_mut().filter(|p| p.role != ParamRole::Instance) {
        let base = names::identifier(&p.name);
        p.py_name = names::unique(&base, &mut taken);
    }

    let visible = |p: &Param| matches!(p.role, ParamRole::Visible | ParamRole::Callback { .. });
    let py_inputs = params
        .iter()
        .enumerate()
        .filter(|(_, p)| visible(p) && p.direction != Direction::Out)
        .map(|(i, _)| i)
        .collect();
    let mut py_outputs = Vec::new();
    if ret.ty != Type::Void && !ret.skip {
        py_outputs.push(Output::Return);
    }
    py_outputs.extend(
        params
            .iter()
            .enumerate()
            .filter(|(_, p)| visible(p) && p.direction != Direction::In)
            .map(|(i, _)| Output::Param(i)),
    );

    Ok(Signature { params, ret, throws: callable.throws, py_inputs, py_outputs })
}

fn c_type_of(ty: &AnyType) -> Option<String> {
    match ty {
        AnyType::Type(t) => t.c_type.clone(),
        AnyType::Array(a) => a.c_type.clone(),
        AnyType::Varargs(_) | AnyType::Missing(_) => None,
    }
}

fn bad(msg: String) -> SkipReason {
    SkipReason::BadAnnotation(msg)
}

/// Marks callback parameters and the user_data / destroy-notify parameters that go with them.
fn assign_closures(
    facts: &dyn TypeFacts,
    callable: &model::Callable,
    offset: usize,
    is_callback_type: bool,
    params: &mut [Param],
) -> Result<(), SkipReason> {
    let n = params.len();
    let index = |written: usize, what: &str| -> Result<usize, SkipReason> {
        let i = written + offset;
        if i < n {
            Ok(i)
        } else {
            Err(bad(format!("{what} index {written} is out of range")))
        }
    };
    for (k, p) in callable.parameters.iter().enumerate() {
        let i = k + offset;
        let is_cb = matches!(params[i].ty, Type::Def(id) if facts.is_callback(id));
        if is_callback_type {
            // In a callback type, `closure` on a parameter marks that parameter as the user_data.
            if p.closure == Some(k) || (p.closure.is_some() && !is_cb) {
                params[i].role = ParamRole::UserData { callback: None };
            }
            continue;
        }
        if is_cb && params[i].role == ParamRole::Visible && params[i].direction == Direction::In {
            let user_data = p.closure.map(|c| index(c, "closure")).transpose()?;
            let destroy = p.destroy.map(|d| index(d, "destroy")).transpose()?;
            let scope = p.scope.unwrap_or(Scope::Call);
            params[i].role = ParamRole::Callback { scope, user_data, destroy };
            if let Some(u) = user_data.filter(|&u| u != i) {
                params[u].role = ParamRole::UserData { callback: Some(i) };
            }
            if let Some(d) = destroy.filter(|&d| d != i) {
                params[d].role = ParamRole::DestroyNotify { callback: i };
            }
        } else if !is_cb {
            // Older GIRs put `closure` on the user_data parameter, pointing at the callback.
            if let Some(c) = p.closure {
                let cb = index(c, "closure")?;
                if matches!(params[cb].ty, Type::Def(id) if facts.is_callback(id)) && params[i].role == ParamRole::Visible {
                    params[i].role = ParamRole::UserData { callback: Some(cb) };
                }
            }
        }
    }
    // Fix up callbacks whose user_data was only given in the old style.
    for i in 0..n {
        if let ParamRole::UserData { callback: Some(cb) } = params[i].role {
            if let ParamRole::Callback { scope, user_data: None, destroy } = params[cb].role {
                params[cb].role = ParamRole::Callback { scope, user_data: Some(i), destroy };
            }
        }
    }
    Ok(())
}

/// Hides the parameters that give the length of an array parameter or of the returned array.
fn assign_array_lengths(ret: &Return, params: &mut [Param]) -> Result<(), SkipReason> {
    let mut lengths: Vec<(usize, Output)> = Vec::new();
    for (i, p) in params.iter().enumerate() {
        if let Type::Array(a) = &p.ty {
            if let ArrayLength::Param(l) = a.length {
                lengths.push((l, Output::Param(i)));
            }
        }
    }
    if let Type::Array(a) = &ret.ty {
        if let ArrayLength::Param(l) = a.length {
            lengths.push((l, Output::Return));
        }
    }
    for (l, array) in lengths {
        let Some(lp) = params.get_mut(l) else {
            return Err(bad(format!("array length index {l} is out of range")));
        };
        if !matches!(lp.ty, Type::Basic(b) if b.int_range().is_some()) {
            return Err(bad(format!("array length parameter `{}` is not an integer", lp.name)));
        }
        if array == Output::Param(l) {
            return Err(bad(format!("parameter `{}` is its own array length", lp.name)));
        }
        // The first array a length belongs to decides; a length shared by several arrays stays hidden.
        if matches!(lp.role, ParamRole::Visible | ParamRole::Skipped) {
            lp.role = ParamRole::ArrayLength { array };
        }
    }
    Ok(())
}

/// Rejects what no backend can marshal, so that all three skip the same items.
fn check_supported(facts: &dyn TypeFacts, ret: &Type, params: &[Param]) -> Result<(), SkipReason> {
    fn callback_inside(facts: &dyn TypeFacts, t: &Type) -> bool {
        match t {
            Type::Def(id) => facts.is_callback(*id),
            Type::Array(a) => callback_inside(facts, &a.element),
            Type::List { element, .. } => callback_inside(facts, element),
            Type::HashTable { key, value } => callback_inside(facts, key) || callback_inside(facts, value),
            _ => false,
        }
    }
    fn nested_container(t: &Type) -> bool {
        let inner = |t: &Type| matches!(t, Type::Array(_) | Type::List { .. } | Type::HashTable { .. });
        match t {
            Type::Array(a) => inner(&a.element),
            Type::List { element, .. } => inner(element),
            Type::HashTable { key, value } => inner(key) || inner(value),
            _ => false,
        }
    }
    for p in params {
        let nested_cb = match &p.ty {
            Type::Def(_) => false,
            other => callback_inside(facts, other),
        };
        if nested_cb {
            return Err(SkipReason::UnsupportedType(format!("callbacks inside a container (`{}`)", p.name)));
        }
        if matches!(p.ty, Type::Def(id) if facts.is_callback(id)) && p.direction != Direction::In {
            return Err(SkipReason::UnsupportedType(format!("callback as out parameter (`{}`)", p.name)));
        }
        let by_value = p.c_type.as_deref().is_some_and(|c| !c.contains('*'));
        if matches!(p.ty, Type::Def(id) if facts.is_struct(id)) && by_value && p.role != ParamRole::Instance {
            return Err(SkipReason::UnsupportedType(format!("struct passed by value (`{}`)", p.name)));
        }
        if nested_container(&p.ty) {
            return Err(SkipReason::UnsupportedType(format!("nested containers (`{}`)", p.name)));
        }
        if let Type::Array(a) = &p.ty {
            if a.length == ArrayLength::Unknown {
                return Err(SkipReason::BadAnnotation(format!("array `{}` has no length, size or terminator", p.name)));
            }
        }
    }
    if callback_inside(facts, ret) {
        return Err(SkipReason::UnsupportedType("returns a callback".into()));
    }
    if nested_container(ret) {
        return Err(SkipReason::UnsupportedType("returns nested containers".into()));
    }
    if let Type::Array(a) = ret {
        if a.length == ArrayLength::Unknown {
            return Err(SkipReason::BadAnnotation("returned array has no length, size or terminator".into()));
        }
    }
    Ok(())
}

/// Rejects a callable where the GIR type of a parameter or return value and its `c:type`
/// disagree on how many pointers deep the C value is (`guint16` for a `const gunichar2 *`,
/// `utf8` for a `gchar **`, a callee-allocated out for a `GTypeInfo *`). The bindings marshal by
/// the GIR type, so such a call hands C a value where it reads a pointer (or the reverse). Only
/// spellings whose base name is known are compared; a missing or unknown c:type is trusted, and
/// so is a generic pointer (`gpointer`, `void *`), which may stand for any pointer. Signals are
/// marshalled through GValues by their GIR types: their c:types say nothing.
fn check_pointer_depths(
    facts: &dyn TypeFacts,
    callable: &model::Callable,
    offset: usize,
    ret: &Return,
    params: &[Param],
) -> Result<(), SkipReason> {
    if callable.kind == model::CallableKind::Signal {
        return Ok(());
    }
    let check = |what: String, gir: &AnyType, p_ty: &Type, c_type: Option<&str>, extra: u32| {
        let Some(c) = c_type else { return Ok(()) };
        let Some((c_lo, c_hi)) = c_depth(facts, c) else { return Ok(()) };
        // A record passed (or returned) by value: the struct-by-value rule decides.
        if matches!(p_ty, Type::Def(id) if facts.is_struct(*id)) && !c.contains('*') {
            return Ok(());
        }
        let Some((lo, hi)) = type_depth(facts, p_ty, false) else { return Ok(()) };
        let (lo, hi) = (lo + extra, hi.saturating_add(extra));
        if lo <= c_hi && c_lo <= hi {
            return Ok(());
        }
        Err(SkipReason::CTypeMismatch(format!(
            "{what} is `{}` in the GIR ({}) but `{c}` in C ({})",
            gir_name(gir),
            levels(lo, hi),
            levels(c_lo, c_hi)
        )))
    };
    if let (Some(inst), Some(p)) = (&callable.instance_parameter, params.first()) {
        check(format!("instance parameter `{}`", p.name), &inst.ty, &p.ty, p.c_type.as_deref(), 0)?;
    }
    for (k, gp) in callable.parameters.iter().enumerate() {
        let p = &params[k + offset];
        let extra = match p.direction {
            Direction::In => 0,
            // The caller passes the storage of a struct or array itself, anything else by address.
            Direction::Out | Direction::InOut => {
                let storage = matches!(p.ty, Type::Array(_)) || matches!(p.ty, Type::Def(id) if facts.is_struct(id));
                u32::from(!(p.caller_allocates && storage))
            }
        };
        // The scanner gives the length of a caller-allocated array the array's direction, though
        // C takes it by value: no binding knows what size to pass.
        if let ParamRole::ArrayLength { array: Output::Param(arr) } = p.role {
            let by_value = p.c_type.as_deref().and_then(|c| c_depth(facts, c)) == Some((0, 0));
            if params[arr].caller_allocates && p.direction != Direction::In && by_value {
                return Err(SkipReason::CTypeMismatch(format!(
                    "parameter `{}`, the length of the caller-allocated array `{}`, is an out parameter in the GIR but `{}` (by value) in C",
                    p.name,
                    params[arr].name,
                    p.c_type.as_deref().unwrap_or_default()
                )));
            }
        }
        check(format!("parameter `{}`", p.name), &gp.ty, &p.ty, p.c_type.as_deref(), extra)?;
    }
    check("the return value".into(), &callable.return_value.ty, &ret.ty, ret.c_type.as_deref(), 0)
}

/// "1 pointer", "0 to 1 pointers", "at least 1 pointer".
fn levels(lo: u32, hi: u32) -> String {
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    match (lo, hi) {
        (l, h) if l == h => format!("{l} pointer{}", plural(l)),
        (l, u32::MAX) => format!("at least {l} pointer{}", plural(l)),
        (l, h) => format!("{l} to {h} pointers"),
    }
}

/// The GIR's name of a type use (`guint16`, `GLib.Variant`, `array of utf8`).
fn gir_name(t: &AnyType) -> String {
    match t {
        AnyType::Type(t) => t.name.clone().unwrap_or_else(|| "?".into()),
        AnyType::Array(a) => match &a.name {
            Some(n) => n.clone(),
            None => format!("array of {}", gir_name(&a.element)),
        },
        AnyType::Varargs(_) => "varargs".into(),
        AnyType::Missing(_) => "?".into(),
    }
}

/// The pointer levels a resolved type has in C, as an inclusive range: the element of a C array
/// may be a struct by value or a pointer to one, and a gpointer may stand for any pointer.
/// None for `void`, which says nothing.
fn type_depth(facts: &dyn TypeFacts, t: &Type, element: bool) -> Option<(u32, u32)> {
    let exactly = |n| Some((n, n));
    match t {
        Type::Void => None,
        Type::Basic(Basic::Pointer) => Some((1, u32::MAX)),
        Type::Basic(Basic::Utf8 | Basic::Filename) => exactly(1),
        Type::Basic(_) => exactly(0),
        Type::Def(id) => match facts.shape(*id) {
            Shape::Scalar => exactly(0),
            Shape::Struct if element => Some((0, 1)),
            Shape::Struct | Shape::Instance | Shape::Callback => exactly(1),
            Shape::Other => None,
        },
        Type::Array(a) if a.kind == ArrayKind::C => {
            let (lo, hi) = type_depth(facts, &a.element, true)?;
            Some((lo + 1, hi.saturating_add(1)))
        }
        Type::Array(_) | Type::List { .. } | Type::HashTable { .. } | Type::Error => exactly(1),
    }
}

/// The pointer levels of a C type spelling (`const gchar* const*` 2, `GStrv` 2, `gint[4]` 1),
/// those its typedef hides included, as an inclusive range (`gpointer` and `void *` are at least
/// one); None when its base name is not known.
pub(super) fn c_depth(facts: &dyn TypeFacts, c: &str) -> Option<(u32, u32)> {
    let explicit = c.chars().filter(|&ch| ch == '*' || ch == '[').count() as u32;
    let words: Vec<&str> = c
        .split(|ch: char| ch == '*' || ch == '[' || ch == ']' || ch.is_whitespace())
        .filter(|w| !w.is_empty() && !matches!(*w, "const" | "volatile" | "restrict" | "struct" | "union" | "enum"))
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let (lo, hi) = match words.as_slice() {
        [name] => match *name {
            "gpointer" | "gconstpointer" => (1, u32::MAX),
            "void" if explicit > 0 => (0, u32::MAX),
            n if C_SCALARS.contains(&n) => (0, 0),
            n => facts.c_name_depth(n)?,
        },
        // `unsigned char`, `long long`, …
        [_, _, ..]
            if words.iter().all(|w| matches!(*w, "unsigned" | "signed" | "char" | "short" | "int" | "long" | "double")) =>
        {
            (0, 0)
        }
        _ => return None,
    };
    Some((lo + explicit, hi.saturating_add(explicit)))
}

/// C and GLib scalar type names (and `void`) that no GIR declares.
const C_SCALARS: &[&str] = &[
    "void", "gboolean", "gchar", "guchar", "gshort", "gushort", "gint", "guint", "glong", "gulong", "gint8", "guint8",
    "gint16", "guint16", "gint32", "guint32", "gint64", "guint64", "gfloat", "gdouble", "gsize", "gssize", "goffset",
    "gintptr", "guintptr", "gunichar", "gunichar2", "GType", "char", "short", "int", "long", "unsigned", "signed",
    "float", "double", "bool", "_Bool", "size_t", "ssize_t", "intptr_t", "uintptr_t", "int8_t", "uint8_t", "int16_t",
    "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t", "time_t", "off_t", "pid_t", "uid_t", "gid_t", "dev_t",
    "socklen_t",
];
