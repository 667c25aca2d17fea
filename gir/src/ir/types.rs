//! Turning the model's type names into [`Type`]s: basic types, named types of any loaded
//! namespace (qualified `GObject.Object` or local `Repository`), aliases followed to what they
//! stand for, and GLib's container types (List, SList, HashTable, Error, Array, PtrArray, ByteArray),
//! which libgirepository also treats by their type tag rather than as records.

use super::{Array, ArrayKind, ArrayLength, Basic, SkipReason, Type, TypeId};
use crate::model::{self, AnyType};
use std::collections::HashMap;

/// The GLib types that GI marshals by tag.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Containers {
    pub list: Option<TypeId>,
    pub slist: Option<TypeId>,
    pub hash_table: Option<TypeId>,
    pub error: Option<TypeId>,
    pub array: Option<TypeId>,
    pub ptr_array: Option<TypeId>,
    pub byte_array: Option<TypeId>,
}

/// Looks names up across every loaded namespace.
#[derive(Debug, Default)]
pub(super) struct Resolver {
    /// (namespace, name) → type.
    pub by_name: HashMap<(String, String), TypeId>,
    /// Alias targets, already followed to a non-alias type (or the reason they cannot be).
    pub alias_targets: HashMap<TypeId, Result<Type, SkipReason>>,
    pub containers: Containers,
}

pub(super) fn basic(name: &str) -> Option<Type> {
    let b = match name {
        "none" => return Some(Type::Void),
        "gboolean" => Basic::Boolean,
        "gint8" => Basic::Int8,
        "guint8" => Basic::UInt8,
        "gint16" => Basic::Int16,
        "guint16" => Basic::UInt16,
        "gint32" => Basic::Int32,
        "guint32" => Basic::UInt32,
        "gint64" => Basic::Int64,
        "guint64" => Basic::UInt64,
        "gchar" => Basic::Char,
        "guchar" => Basic::UChar,
        "gshort" => Basic::Short,
        "gushort" => Basic::UShort,
        "gint" => Basic::Int,
        "guint" => Basic::UInt,
        "glong" => Basic::Long,
        "gulong" => Basic::ULong,
        "gssize" => Basic::SSize,
        "gsize" => Basic::Size,
        "gintptr" => Basic::IntPtr,
        "guintptr" => Basic::UIntPtr,
        "gfloat" => Basic::Float,
        "gdouble" => Basic::Double,
        "gunichar" => Basic::Unichar,
        "GType" => Basic::GType,
        "gpointer" | "gconstpointer" => Basic::Pointer,
        "utf8" => Basic::Utf8,
        "filename" => Basic::Filename,
        // POSIX types GI knows by name; this is an LP64 (Linux x86_64/aarch64) mapping.
        "time_t" | "off_t" => Basic::Long,
        "pid_t" => Basic::Int,
        "uid_t" | "gid_t" | "socklen_t" => Basic::UInt,
        "dev_t" => Basic::ULong,
        _ => return None,
    };
    Some(Type::Basic(b))
}

impl Resolver {
    /// Finds a named type: `Ns.Name` anywhere, `Name` in `ns`.
    pub fn lookup(&self, ns: &str, name: &str) -> Option<TypeId> {
        match name.split_once('.') {
            Some((qual, local)) => self.by_name.get(&(qual.to_string(), local.to_string())).copied(),
            None => self.by_name.get(&(ns.to_string(), name.to_string())).copied(),
        }
    }

    /// Resolves a type use found in namespace `ns`. `length_offset` is added to array length
    /// indexes (which the GIR counts without the instance parameter).
    pub fn resolve(&self, ns: &str, ty: &AnyType, length_offset: usize) -> Result<Type, SkipReason> {
        match ty {
            AnyType::Varargs(_) => Err(SkipReason::Varargs),
            AnyType::Missing(_) => Ok(Type::Void),
            AnyType::Array(array) => self.resolve_array(ns, array, length_offset),
            AnyType::Type(t) => self.resolve_named(ns, t, length_offset),
        }
    }

    fn resolve_named(&self, ns: &str, t: &model::TypeRef, length_offset: usize) -> Result<Type, SkipReason> {
        let Some(name) = t.name.as_deref() else {
            // A type given only by its C spelling: nothing to marshal it with.
            let c = t.c_type.clone().unwrap_or_else(|| "?".into());
            return Err(SkipReason::UnsupportedType(format!("C-only type `{c}`")));
        };
        if let Some(b) = basic(name) {
            return Ok(b);
        }
        if name == "va_list" {
            return Err(SkipReason::UnsupportedType("va_list".into()));
        }
        let id = self.lookup(ns, name).ok_or_else(|| SkipReason::UnresolvedType(name.to_string()))?;
        let c = self.containers;
        let param = |i: usize| -> Result<Type, SkipReason> {
            match t.params.get(i) {
                Some(p) => self.resolve(ns, p, length_offset),
                // GIR sometimes omits element types (e.g. an untyped GList*): gpointer is what GI assumes.
                None => Ok(Type::Basic(Basic::Pointer)),
            }
        };
        if Some(id) == c.list || Some(id) == c.slist {
            return Ok(Type::List { single: Some(id) == c.slist, element: Box::new(param(0)?) });
        }
        if Some(id) == c.hash_table {
            return Ok(Type::HashTable { key: Box::new(param(0)?), value: Box::new(param(1)?) });
        }
        if Some(id) == c.error {
            return Ok(Type::Error);
        }
        if let Some(target) = self.alias_targets.get(&id) {
            return target.clone();
        }
        Ok(Type::Def(id))
    }

    fn resolve_array(&self, ns: &str, a: &model::ArrayType, length_offset: usize) -> Result<Type, SkipReason> {
        let kind = match a.name.as_deref() {
            None => ArrayKind::C,
            Some(name) => {
                let id = self.lookup(ns, name);
                let c = self.containers;
                if id.is_some() && id == c.array {
                    ArrayKind::GArray
                } else if id.is_some() && id == c.ptr_array {
                    ArrayKind::PtrArray
                } else if id.is_some() && id == c.byte_array {
                    ArrayKind::ByteArray
                } else {
                    return Err(SkipReason::UnsupportedType(format!("array type `{name}`")));
                }
            }
        };
        let element = match kind {
            // A GByteArray's element type is guint8 whatever the GIR says (it often says nothing).
            ArrayKind::ByteArray => Type::Basic(Basic::UInt8),
            _ => self.resolve(ns, &a.element, length_offset)?,
        };
        if element == Type::Void {
            return Err(SkipReason::UnsupportedType("array of void".into()));
        }
        let element_c_type = match a.element.as_ref() {
            AnyType::Type(t) => t.c_type.clone(),
            AnyType::Array(inner) => inner.c_type.clone(),
            _ => None,
        };
        // libgirepository's rule: zero-terminated unless said otherwise, or unless a length or a
        // fixed size is given.
        let zero_terminated =
            a.zero_terminated.unwrap_or(a.length.is_none() && a.fixed_size.is_none() && kind == ArrayKind::C);
        let length = if kind != ArrayKind::C {
            ArrayLength::Container
        } else if let Some(i) = a.length {
            ArrayLength::Param(i + length_offset)
        } else if let Some(n) = a.fixed_size {
            ArrayLength::Fixed(n)
        } else if zero_terminated {
            ArrayLength::ZeroTerminated
        } else {
            ArrayLength::Unknown
        };
        Ok(Type::Array(Box::new(Array { kind, element, element_c_type, length, zero_terminated })))
    }
}
