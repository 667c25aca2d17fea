//! Record layouts as data: the fields of a C struct or union in order, with what each one
//! occupies (a scalar, a pointer, an embedded record, an inline array) and its bit width, so that
//! every backend that lays records out itself (ctypes `Structure`s, cffi's ctypes views) decides
//! the same way whether a layout is known and what it is.

use super::{ArrayLength, FieldType, Ir, Record, Type, TypeId, TypeKind};
use serde::Serialize;

/// The fields of a record or union, in C order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub fields: Vec<LayoutField>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayoutField {
    /// The field's Python name (as in [`super::Field::py_name`]).
    pub py_name: String,
    pub slot: Slot,
    /// A bit-field's width.
    pub bits: Option<u32>,
}

/// What a field occupies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Slot {
    /// A value of a basic type, or of an enum or flags type (`Type::Basic` or `Type::Def`): as wide
    /// as that type is in C.
    Scalar(Type),
    /// A pointer of any kind: strings, gpointers, records and instances held by pointer, callbacks,
    /// function pointers (vfunc slots), GLib containers, arrays that are not inline.
    Pointer,
    /// A record or union embedded by value; its own layout is known.
    Struct(TypeId),
    /// An inline array of a fixed number of elements.
    Array { element: Box<Slot>, len: usize },
}

/// How deep embedded records are followed (a cycle by value is impossible in C; this bounds a
/// broken GIR).
const MAX_DEPTH: usize = 8;

impl Ir {
    /// The layout of a record or union, or None where it cannot be known: opaque, an anonymous
    /// nested member, a field of unknown type, a class or interface held by value, an embedded
    /// record that is skipped or has no layout itself.
    pub fn record_layout(&self, r: &Record) -> Option<Layout> {
        if !self.layout_possible(r, 0) {
            return None;
        }
        let fields = r
            .fields
            .iter()
            .map(|f| {
                let slot = match &f.ty {
                    FieldType::Value { ty, c_type } => self.field_slot(ty, c_type.as_deref())?,
                    FieldType::FunctionPointer(_) => Slot::Pointer,
                    FieldType::Anonymous => return None,
                };
                Some(LayoutField { py_name: f.py_name.clone(), slot, bits: f.bits })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Layout { fields })
    }

    /// What a field of type `ty` (spelt `c_type` in C) occupies; None when it cannot be laid out.
    fn field_slot(&self, ty: &Type, c_type: Option<&str>) -> Option<Slot> {
        let by_pointer = c_type.is_some_and(|c| c.contains('*'));
        Some(match ty {
            Type::Void => return None,
            Type::Basic(super::Basic::Utf8 | super::Basic::Filename | super::Basic::Pointer) => Slot::Pointer,
            Type::Basic(_) => Slot::Scalar(ty.clone()),
            Type::Def(id) => match &self.ty(*id).kind {
                TypeKind::Enum(_) | TypeKind::Flags(_) => Slot::Scalar(ty.clone()),
                _ if by_pointer => Slot::Pointer,
                TypeKind::Callback(_) => Slot::Pointer,
                TypeKind::Record(r) | TypeKind::Union(r) if self.layout_possible(r, 0) => Slot::Struct(*id),
                _ => return None,
            },
            Type::Array(a) => match a.length {
                ArrayLength::Fixed(len) if !by_pointer => {
                    let element = self.field_slot(&a.element, a.element_c_type.as_deref())?;
                    Slot::Array { element: Box::new(element), len }
                }
                _ => Slot::Pointer,
            },
            Type::List { .. } | Type::HashTable { .. } | Type::Error => Slot::Pointer,
        })
    }

    /// Whether every field of a record can be laid out (embedded records recursively).
    fn layout_possible(&self, r: &Record, depth: usize) -> bool {
        if r.opaque || depth > MAX_DEPTH {
            return false;
        }
        let instance = |id: TypeId| matches!(self.ty(id).kind, TypeKind::Class(_) | TypeKind::Interface(_));
        r.fields.iter().all(|f| match &f.ty {
            FieldType::FunctionPointer(_) => true,
            FieldType::Anonymous => false,
            FieldType::Value { ty, c_type } => match ty {
                Type::Void => false,
                Type::Def(id) if !c_type.as_deref().is_some_and(|c| c.contains('*')) => match &self.ty(*id).kind {
                    TypeKind::Record(inner) | TypeKind::Union(inner) => {
                        self.ty(*id).is_bound() && self.layout_possible(inner, depth + 1)
                    }
                    TypeKind::Class(_) | TypeKind::Interface(_) => false,
                    _ => true,
                },
                Type::Array(a) if matches!(a.length, ArrayLength::Fixed(_)) => {
                    !matches!(&a.element, Type::Def(id) if instance(*id))
                }
                _ => true,
            },
        })
    }
}
