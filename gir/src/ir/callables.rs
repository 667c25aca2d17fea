//! Signature analysis: from the GIR's parameter list to the C parameter list every backend
//! calls with and the Python inputs and outputs every backend exposes.
//!
//! The rules are libgirepository's (and so PyGObject's): array length parameters are hidden and
//! computed; a callback's user_data and destroy notify are hidden; the `GError**` of a throwing
//! function is appended and turned into an exception; out parameters become results, after the
//! return value.

use super::names;
use super::types::Resolver;
use super::{ArrayLength, Direction, Output, Param, ParamRole, Return, Scope, Signature, SkipReason, Transfer, Type, TypeId};
use crate::model::{self, AnyType};

/// What the analysis needs to know about named types.
pub(super) trait TypeFacts {
    fn is_callback(&self, id: TypeId) -> bool;
    /// A record or union (passed by pointer unless its C type says otherwise).
    fn is_struct(&self, id: TypeId) -> bool;
}

pub(super) fn analyse(
    res: &Resolver,
    facts: &dyn TypeFacts,
    ns: &str,
    callable: &model::Callable,
    is_callback_type: bool,
) -> Result<Signature, SkipReason> {
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
