//! One GIR file → [`Repository`], by recursive descent over quick-xml's event stream.
//!
//! Each element function (`repository`, `namespace`, `class`, `callable`, `any_type`, …) receives
//! the start event of its element and consumes everything up to and including the matching end
//! event (nothing more for an empty element `<x/>`), so that the caller's child loop stays in step.
//! Nothing here indexes or unwraps on input, and nesting is bounded ([`MAX_DEPTH`]) so that the
//! recursion cannot overflow the stack.

use std::borrow::Cow;
use std::path::Path;

use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::error::{LoadError, Location};
use super::position::Locator;
use crate::model::*;

/// Parse the text of one GIR file. `path` is only used in messages.
pub(crate) fn parse_file(file: FileId, path: &Path, text: &str) -> Result<Repository, LoadError> {
    // quick-xml skips a byte order mark but then counts offsets from after it: strip it here so
    // that its offsets and ours agree.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut p = Parser {
        text,
        reader: Reader::from_str(text),
        locator: Locator::new(text.as_bytes()),
        file,
        path,
        unknown: Vec::new(),
        depth: 0,
    };
    p.document().map_err(|e| *e)
}

/// Deepest element nesting accepted. Real GIRs nest about a dozen levels
/// (repository/namespace/class/method/parameters/parameter/type/type…); the bound keeps hostile
/// input from overflowing the stack of the recursive descent.
pub(crate) const MAX_DEPTH: usize = 256;

/// Elements that are part of the format but carry nothing the model keeps (documentation
/// metadata, C source positions, free-form annotations): skipped without a record.
fn is_doc_only(name: &str) -> bool {
    matches!(
        name,
        "doc" | "doc-version" | "doc-deprecated" | "doc-stability" | "source-position" | "attribute" | "doc:format"
    )
}

/// A start (or empty) element, with its position.
struct Elem<'a> {
    start: BytesStart<'a>,
    empty: bool,
    span: Span,
    /// Byte offset of the `<`.
    offset: u64,
}

impl Elem<'_> {
    fn name(&self) -> &str {
        self.start.name().into_inner()
    }
}

enum Ev<'a> {
    Start(Elem<'a>),
    End,
    Text(Cow<'a, str>),
    Eof,
}

struct Parser<'a, 'p> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    locator: Locator<'a>,
    file: FileId,
    path: &'p Path,
    unknown: Vec<Unknown>,
    /// Open elements.
    depth: usize,
}

/// The attributes of one element, decoded (entities resolved) once.
struct Attrs<'e> {
    list: Vec<(&'e str, Cow<'e, str>)>,
    elem: &'e str,
    path: &'e Path,
    span: Span,
}

impl<'e> Attrs<'e> {
    fn get(&self, key: &str) -> Option<&str> {
        self.list.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_ref())
    }

    fn string(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_owned)
    }

    fn at(&self) -> Location {
        Location::new(self.path, self.span.line, self.span.col)
    }

    fn required(&self, key: &str) -> R<String> {
        self.string(key).ok_or_else(|| {
            Box::new(LoadError::MissingAttribute {
                at: self.at(),
                element: self.elem.to_owned(),
                attribute: key.to_owned(),
            })
        })
    }

    fn bad(&self, key: &str, value: &str, expected: &'static str) -> Box<LoadError> {
        Box::new(LoadError::BadAttribute {
            at: self.at(),
            element: self.elem.to_owned(),
            attribute: key.to_owned(),
            value: value.to_owned(),
            expected,
        })
    }

    /// GIR writes booleans as "0"/"1"; "true"/"false" are accepted too.
    fn bool(&self, key: &str, default: bool) -> R<bool> {
        match self.get(key) {
            None => Ok(default),
            Some("1" | "true") => Ok(true),
            Some("0" | "false") => Ok(false),
            Some(v) => Err(self.bad(key, v, "0 or 1")),
        }
    }

    /// A non-negative integer such as a parameter index.
    fn index(&self, key: &str) -> R<Option<usize>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| self.bad(key, v, "a non-negative integer")),
        }
    }

    fn one_of<T: Copy>(&self, key: &str, table: &[(&str, T)], expected: &'static str) -> R<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match table.iter().find(|(name, _)| *name == v) {
                Some((_, t)) => Ok(Some(*t)),
                None => Err(self.bad(key, v, expected)),
            },
        }
    }

    fn transfer(&self) -> R<Option<Transfer>> {
        self.one_of(
            "transfer-ownership",
            &[
                ("none", Transfer::None),
                ("container", Transfer::Container),
                ("full", Transfer::Full),
            ],
            "none, container or full",
        )
    }

    /// Comma-separated list, empty items dropped.
    fn list(&self, key: &str) -> Option<Vec<String>> {
        self.get(key).map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
    }

    fn common(&self) -> R<Common> {
        Ok(Common {
            span: self.span,
            introspectable: self.bool("introspectable", true)?,
            // The schema types `deprecated` as a string (old GIRs wrote a message there): anything
            // but an explicit false means deprecated.
            deprecated: !matches!(self.get("deprecated"), None | Some("0" | "false")),
            deprecated_version: self.string("deprecated-version"),
            version: self.string("version"),
            doc: None,
            moved_to: self.string("moved-to"),
        })
    }
}

/// Boxed: `LoadError` is large, and every event and attribute lookup returns a `Result`.
type R<T> = Result<T, Box<LoadError>>;

impl<'a, 'p> Parser<'a, 'p> {
    fn span_at(&mut self, off: u64) -> Span {
        let (line, col) = self.locator.locate(usize::try_from(off).unwrap_or(usize::MAX));
        Span {
            file: self.file,
            line,
            col,
        }
    }

    fn loc(&self, span: Span) -> Location {
        Location::new(self.path, span.line, span.col)
    }

    fn xml_error(&mut self, off: u64, message: String) -> Box<LoadError> {
        let span = self.span_at(off);
        Box::new(LoadError::Xml {
            at: self.loc(span),
            message,
        })
    }

    fn next(&mut self) -> R<Ev<'a>> {
        loop {
            // quick-xml emits every byte as part of some event (whitespace included), so the
            // position before reading is where the next event starts: the `<` of a tag.
            let off = self.reader.buffer_position();
            let ev = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let pos = self.reader.error_position();
                    return Err(self.xml_error(pos, e.to_string()));
                }
            };
            return Ok(match ev {
                Event::Start(start) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(self.xml_error(off, format!("elements nested more than {MAX_DEPTH} deep")));
                    }
                    Ev::Start(Elem {
                        start,
                        empty: false,
                        span: self.span_at(off),
                        offset: off,
                    })
                }
                Event::Empty(start) => Ev::Start(Elem {
                    start,
                    empty: true,
                    span: self.span_at(off),
                    offset: off,
                }),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::End
                }
                Event::Text(t) => Ev::Text(t.xml10_content()),
                Event::CData(t) => Ev::Text(t.xml10_content()),
                Event::GeneralRef(r) => {
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => Ev::Text(Cow::Owned(c.to_string())),
                            Ok(None) | Err(_) => {
                                return Err(self.xml_error(off, format!("invalid character reference `&{};`", &*r)))
                            }
                        }
                    } else {
                        match quick_xml::escape::resolve_predefined_entity(&r) {
                            Some(s) => Ev::Text(Cow::Borrowed(s)),
                            None => return Err(self.xml_error(off, format!("unknown entity `&{};`", &*r))),
                        }
                    }
                }
                Event::Eof => Ev::Eof,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            });
        }
    }

    /// The next child element of the element `parent` (whose start was consumed), or `None` at its end.
    /// Text between children is ignored.
    fn next_child(&mut self, parent: &str) -> R<Option<Elem<'a>>> {
        loop {
            match self.next()? {
                Ev::Start(e) => return Ok(Some(e)),
                Ev::End => return Ok(None),
                Ev::Text(_) => {}
                Ev::Eof => return Err(self.eof_inside(parent)),
            }
        }
    }

    fn eof_inside(&mut self, parent: &str) -> Box<LoadError> {
        let off = self.reader.buffer_position();
        self.xml_error(off, format!("unexpected end of file inside <{parent}>"))
    }

    /// Consume the rest of `e` (its children and end tag).
    fn skip(&mut self, e: &Elem<'a>) -> R<()> {
        if e.empty {
            return Ok(());
        }
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Ev::Start(c) if !c.empty => depth += 1,
                Ev::Start(_) | Ev::Text(_) => {}
                Ev::End if depth == 0 => return Ok(()),
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.eof_inside(e.name())),
            }
        }
    }

    /// A child the loader does not handle: recorded in [`Repository::unknown`], then skipped.
    /// Documentation-only elements are part of the format and are skipped without a record.
    fn other(&mut self, e: &Elem<'a>, parent: &str) -> R<()> {
        if !is_doc_only(e.name()) {
            self.unknown.push(Unknown {
                element: e.name().to_owned(),
                parent: parent.to_owned(),
                span: e.span,
            });
        }
        self.skip(e)
    }

    /// The text content of `e` (a `<doc>`), entities decoded; nested markup is dropped.
    fn text(&mut self, e: &Elem<'a>) -> R<String> {
        let mut out = String::new();
        if e.empty {
            return Ok(out);
        }
        loop {
            match self.next()? {
                Ev::Text(t) => out.push_str(&t),
                Ev::Start(c) => self.skip(&c)?,
                Ev::End => return Ok(out),
                Ev::Eof => return Err(self.eof_inside(e.name())),
            }
        }
    }

    fn attrs<'e>(&self, e: &'e Elem<'a>) -> R<Attrs<'e>>
    where
        'p: 'e,
    {
        // A plain Vec measured cheaper (callgrind) than an inline array of 16 slots.
        let mut list = Vec::with_capacity(8);
        for attr in e.start.attributes() {
            let attr = attr.map_err(|err| self.attr_error(e, err))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| {
                    Box::new(LoadError::Xml {
                        at: self.loc(e.span),
                        message: err.to_string(),
                    })
                })?;
            list.push((attr.key.into_inner(), value));
        }
        Ok(Attrs {
            list,
            elem: e.name(),
            path: self.path,
            span: e.span,
        })
    }

    /// quick-xml gives attribute-syntax positions relative to the tag; report them absolutely.
    fn attr_error(&self, e: &Elem<'a>, err: AttrError) -> Box<LoadError> {
        // Positions count from the byte after `<`.
        let base = usize::try_from(e.offset).unwrap_or(usize::MAX).saturating_add(1);
        let mut locator = Locator::new(self.text.as_bytes());
        let mut at = |rel: usize| {
            let (line, col) = locator.locate(base.saturating_add(rel));
            Location::new(self.path, line, col)
        };
        let (pos, message) = match err {
            AttrError::ExpectedEq(p) => (p, "attribute name must be followed by `=`".to_owned()),
            AttrError::ExpectedValue(p) => (p, "`=` must be followed by an attribute value".to_owned()),
            AttrError::UnquotedValue(p) => (p, "attribute value must be quoted".to_owned()),
            AttrError::ExpectedQuote(p, _) => (p, "attribute value is not closed".to_owned()),
            AttrError::Duplicated(p, first) => (p, format!("duplicated attribute (first given at {})", at(first))),
        };
        Box::new(LoadError::Xml { at: at(pos), message })
    }

    // ---- document structure -------------------------------------------------------------

    fn document(&mut self) -> R<Repository> {
        let repo = loop {
            match self.next()? {
                Ev::Start(e) if e.name() == "repository" => break self.repository(e)?,
                Ev::Start(e) => {
                    return Err(Box::new(LoadError::WrongRoot {
                        at: self.loc(e.span),
                        found: e.name().to_owned(),
                    }));
                }
                Ev::Text(_) => {}
                Ev::End => {
                    // quick-xml reports unmatched end tags itself; this is for completeness.
                    let off = self.reader.buffer_position();
                    return Err(self.xml_error(off, "end tag before the root element".to_owned()));
                }
                Ev::Eof => {
                    return Err(Box::new(LoadError::NoRoot {
                        path: self.path.to_path_buf(),
                    }))
                }
            }
        };
        // Only whitespace, comments and processing instructions may follow the root element.
        loop {
            match self.next()? {
                Ev::Eof => return Ok(repo),
                Ev::Text(t) if t.trim().is_empty() => {}
                Ev::Start(e) => {
                    return Err(Box::new(LoadError::Xml {
                        at: self.loc(e.span),
                        message: format!("element <{}> after the root element", e.name()),
                    }))
                }
                Ev::Text(_) | Ev::End => {
                    let off = self.reader.buffer_position();
                    return Err(self.xml_error(off, "content after the root element".to_owned()));
                }
            }
        }
    }

    fn repository(&mut self, e: Elem<'a>) -> R<Repository> {
        let a = self.attrs(&e)?;
        let version = a.string("version");
        let mut includes = Vec::new();
        let mut c_includes = Vec::new();
        let mut packages = Vec::new();
        let mut namespace = None;
        if !e.empty {
            while let Some(c) = self.next_child("repository")? {
                match c.name() {
                    "include" => {
                        let a = self.attrs(&c)?;
                        includes.push(Include {
                            name: a.required("name")?,
                            version: a.required("version")?,
                            span: c.span,
                        });
                        self.skip(&c)?;
                    }
                    "c:include" => {
                        c_includes.push(self.attrs(&c)?.required("name")?);
                        self.skip(&c)?;
                    }
                    "package" => {
                        packages.push(self.attrs(&c)?.required("name")?);
                        self.skip(&c)?;
                    }
                    "namespace" => {
                        if namespace.is_some() {
                            return Err(Box::new(LoadError::ExtraNamespace { at: self.loc(c.span) }));
                        }
                        namespace = Some(self.namespace(c)?);
                    }
                    _ => self.other(&c, "repository")?,
                }
            }
        }
        let namespace = namespace.ok_or_else(|| Box::new(LoadError::MissingNamespace { at: self.loc(e.span) }))?;
        Ok(Repository {
            file: self.file,
            version,
            includes,
            c_includes,
            packages,
            namespace,
            unknown: std::mem::take(&mut self.unknown),
        })
    }

    fn namespace(&mut self, e: Elem<'a>) -> R<Namespace> {
        let a = self.attrs(&e)?;
        let mut ns = Namespace {
            name: a.required("name")?,
            version: a.required("version")?,
            span: e.span,
            shared_libraries: a.list("shared-library").unwrap_or_default(),
            // `c:prefix` is the pre-1.2 spelling of `c:identifier-prefixes` (girparser.c reads it
            // the same way); symbol prefixes have no old spelling.
            c_identifier_prefixes: a
                .list("c:identifier-prefixes")
                .or_else(|| a.list("c:prefix"))
                .unwrap_or_default(),
            c_symbol_prefixes: a.list("c:symbol-prefixes").unwrap_or_default(),
            aliases: Vec::new(),
            constants: Vec::new(),
            enums: Vec::new(),
            records: Vec::new(),
            unions: Vec::new(),
            classes: Vec::new(),
            interfaces: Vec::new(),
            functions: Vec::new(),
            callbacks: Vec::new(),
            boxed: Vec::new(),
        };
        drop(a);
        if e.empty {
            return Ok(ns);
        }
        while let Some(c) = self.next_child("namespace")? {
            match c.name() {
                "alias" => ns.aliases.push(self.alias(c)?),
                "constant" => ns.constants.push(self.constant(c)?),
                "enumeration" => ns.enums.push(self.enumeration(c, false)?),
                "bitfield" => ns.enums.push(self.enumeration(c, true)?),
                "record" => ns.records.push(self.record(c, true)?),
                "union" => ns.unions.push(self.union(c)?),
                "class" => ns.classes.push(self.class(c)?),
                "interface" => ns.interfaces.push(self.interface(c)?),
                "function" => ns.functions.push(self.callable(c, CallableKind::Function)?),
                "callback" => ns.callbacks.push(self.callable(c, CallableKind::Callback)?),
                "glib:boxed" => ns.boxed.push(self.boxed(c)?),
                _ => self.other(&c, "namespace")?,
            }
        }
        Ok(ns)
    }

    // ---- types ------------------------------------------------------------------------------

    fn alias(&mut self, e: Elem<'a>) -> R<Alias> {
        let a = self.attrs(&e)?;
        let mut alias = Alias {
            common: a.common()?,
            name: a.required("name")?,
            c_type: a.string("c:type"),
            target: AnyType::Missing(e.span),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("alias")? {
                match c.name() {
                    "doc" => alias.common.doc = Some(self.text(&c)?),
                    "type" | "array" => alias.target = self.any_type(c)?,
                    _ => self.other(&c, "alias")?,
                }
            }
        }
        Ok(alias)
    }

    fn constant(&mut self, e: Elem<'a>) -> R<Constant> {
        let a = self.attrs(&e)?;
        let mut k = Constant {
            common: a.common()?,
            name: a.required("name")?,
            value: a.required("value")?,
            c_type: a.string("c:type"),
            c_identifier: a.string("c:identifier"),
            ty: AnyType::Missing(e.span),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("constant")? {
                match c.name() {
                    "doc" => k.common.doc = Some(self.text(&c)?),
                    "type" | "array" => k.ty = self.any_type(c)?,
                    _ => self.other(&c, "constant")?,
                }
            }
        }
        Ok(k)
    }

    fn enumeration(&mut self, e: Elem<'a>, is_bitfield: bool) -> R<Enumeration> {
        let a = self.attrs(&e)?;
        let mut en = Enumeration {
            common: a.common()?,
            name: a.required("name")?,
            is_bitfield,
            c_type: a.string("c:type"),
            glib_type_name: a.string("glib:type-name"),
            glib_get_type: a.string("glib:get-type"),
            glib_error_domain: a.string("glib:error-domain"),
            members: Vec::new(),
            functions: Vec::new(),
        };
        drop(a);
        let tag = if is_bitfield { "bitfield" } else { "enumeration" };
        if !e.empty {
            while let Some(c) = self.next_child(tag)? {
                match c.name() {
                    "doc" => en.common.doc = Some(self.text(&c)?),
                    "member" => en.members.push(self.member(c)?),
                    "function" => en.functions.push(self.callable(c, CallableKind::Function)?),
                    _ => self.other(&c, tag)?,
                }
            }
        }
        Ok(en)
    }

    fn member(&mut self, e: Elem<'a>) -> R<Member> {
        let a = self.attrs(&e)?;
        let raw = a.required("value")?;
        let value = raw
            .trim()
            .parse::<i64>()
            .map_err(|_| a.bad("value", &raw, "a decimal integer"))?;
        let mut m = Member {
            common: a.common()?,
            name: a.required("name")?,
            value,
            c_identifier: a.string("c:identifier"),
            glib_nick: a.string("glib:nick"),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("member")? {
                match c.name() {
                    "doc" => m.common.doc = Some(self.text(&c)?),
                    _ => self.other(&c, "member")?,
                }
            }
        }
        Ok(m)
    }

    /// `named`: top-level records must have a name; anonymous structs nested in unions need not.
    fn record(&mut self, e: Elem<'a>, named: bool) -> R<Record> {
        let a = self.attrs(&e)?;
        let mut r = Record {
            common: a.common()?,
            name: if named {
                a.required("name")?
            } else {
                a.string("name").unwrap_or_default()
            },
            c_type: a.string("c:type"),
            glib_type_name: a.string("glib:type-name"),
            glib_get_type: a.string("glib:get-type"),
            disguised: a.bool("disguised", false)?,
            opaque: a.bool("opaque", false)?,
            pointer: a.bool("pointer", false)?,
            foreign: a.bool("foreign", false)?,
            is_gtype_struct_for: a.string("glib:is-gtype-struct-for"),
            copy_function: a.string("copy-function"),
            free_function: a.string("free-function"),
            fields: Vec::new(),
            constructors: Vec::new(),
            methods: Vec::new(),
            functions: Vec::new(),
            unions: Vec::new(),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("record")? {
                match c.name() {
                    "doc" => r.common.doc = Some(self.text(&c)?),
                    "field" => r.fields.push(self.field(c)?),
                    "constructor" => r.constructors.push(self.callable(c, CallableKind::Constructor)?),
                    "method" => r.methods.push(self.callable(c, CallableKind::Method)?),
                    "function" => r.functions.push(self.callable(c, CallableKind::Function)?),
                    "union" => r.unions.push(self.union(c)?),
                    _ => self.other(&c, "record")?,
                }
            }
        }
        Ok(r)
    }

    fn union(&mut self, e: Elem<'a>) -> R<Union> {
        let a = self.attrs(&e)?;
        let mut u = Union {
            common: a.common()?,
            name: a.string("name"),
            c_type: a.string("c:type"),
            glib_type_name: a.string("glib:type-name"),
            glib_get_type: a.string("glib:get-type"),
            copy_function: a.string("copy-function"),
            free_function: a.string("free-function"),
            fields: Vec::new(),
            constructors: Vec::new(),
            methods: Vec::new(),
            functions: Vec::new(),
            records: Vec::new(),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("union")? {
                match c.name() {
                    "doc" => u.common.doc = Some(self.text(&c)?),
                    "field" => u.fields.push(self.field(c)?),
                    "constructor" => u.constructors.push(self.callable(c, CallableKind::Constructor)?),
                    "method" => u.methods.push(self.callable(c, CallableKind::Method)?),
                    "function" => u.functions.push(self.callable(c, CallableKind::Function)?),
                    "record" => u.records.push(self.record(c, false)?),
                    _ => self.other(&c, "union")?,
                }
            }
        }
        Ok(u)
    }

    fn boxed(&mut self, e: Elem<'a>) -> R<Boxed> {
        let a = self.attrs(&e)?;
        let mut b = Boxed {
            common: a.common()?,
            name: a.required("glib:name")?,
            glib_type_name: a.string("glib:type-name"),
            glib_get_type: a.string("glib:get-type"),
            functions: Vec::new(),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("glib:boxed")? {
                match c.name() {
                    "doc" => b.common.doc = Some(self.text(&c)?),
                    "function" => b.functions.push(self.callable(c, CallableKind::Function)?),
                    _ => self.other(&c, "glib:boxed")?,
                }
            }
        }
        Ok(b)
    }

    fn field(&mut self, e: Elem<'a>) -> R<Field> {
        let a = self.attrs(&e)?;
        let bits = match a.get("bits") {
            None => None,
            Some(v) => Some(
                v.trim()
                    .parse::<u32>()
                    .map_err(|_| a.bad("bits", v, "a non-negative integer"))?,
            ),
        };
        let mut f = Field {
            common: a.common()?,
            name: a.required("name")?,
            readable: a.bool("readable", true)?,
            writable: a.bool("writable", false)?,
            private: a.bool("private", false)?,
            bits,
            ty: FieldType::Type(AnyType::Missing(e.span)),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("field")? {
                match c.name() {
                    "doc" => f.common.doc = Some(self.text(&c)?),
                    "type" | "array" => f.ty = FieldType::Type(self.any_type(c)?),
                    "callback" => f.ty = FieldType::Callback(Box::new(self.callable(c, CallableKind::Callback)?)),
                    "record" | "union" => {
                        self.skip(&c)?;
                        f.ty = FieldType::Nested;
                    }
                    _ => self.other(&c, "field")?,
                }
            }
        }
        Ok(f)
    }

    fn class(&mut self, e: Elem<'a>) -> R<Class> {
        let a = self.attrs(&e)?;
        let mut k = Class {
            common: a.common()?,
            name: a.required("name")?,
            c_type: a.string("c:type"),
            parent: a.string("parent"),
            is_abstract: a.bool("abstract", false)?,
            fundamental: a.bool("glib:fundamental", false)?,
            is_final: a.bool("final", false)?,
            glib_type_name: a.string("glib:type-name"),
            glib_get_type: a.string("glib:get-type"),
            glib_type_struct: a.string("glib:type-struct"),
            ref_func: a.string("glib:ref-func"),
            unref_func: a.string("glib:unref-func"),
            set_value_func: a.string("glib:set-value-func"),
            get_value_func: a.string("glib:get-value-func"),
            implements: Vec::new(),
            constructors: Vec::new(),
            methods: Vec::new(),
            functions: Vec::new(),
            virtual_methods: Vec::new(),
            fields: Vec::new(),
            properties: Vec::new(),
            signals: Vec::new(),
            callbacks: Vec::new(),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("class")? {
                match c.name() {
                    "doc" => k.common.doc = Some(self.text(&c)?),
                    "implements" => {
                        k.implements.push(self.attrs(&c)?.required("name")?);
                        self.skip(&c)?;
                    }
                    "constructor" => k.constructors.push(self.callable(c, CallableKind::Constructor)?),
                    "method" => k.methods.push(self.callable(c, CallableKind::Method)?),
                    "function" => k.functions.push(self.callable(c, CallableKind::Function)?),
                    "virtual-method" => k.virtual_methods.push(self.callable(c, CallableKind::VirtualMethod)?),
                    "field" => k.fields.push(self.field(c)?),
                    "property" => k.properties.push(self.property(c)?),
                    "glib:signal" => k.signals.push(self.callable(c, CallableKind::Signal)?),
                    "callback" => k.callbacks.push(self.callable(c, CallableKind::Callback)?),
                    // `union`, `record` and `constant` are allowed here by the schema but have no
                    // place in the model (and no scanner emits them): recorded as unknown.
                    _ => self.other(&c, "class")?,
                }
            }
        }
        Ok(k)
    }

    fn interface(&mut self, e: Elem<'a>) -> R<Interface> {
        let a = self.attrs(&e)?;
        let mut i = Interface {
            common: a.common()?,
            name: a.required("name")?,
            c_type: a.string("c:type"),
            glib_type_name: a.string("glib:type-name"),
            glib_get_type: a.string("glib:get-type"),
            glib_type_struct: a.string("glib:type-struct"),
            prerequisites: Vec::new(),
            constructors: Vec::new(),
            methods: Vec::new(),
            functions: Vec::new(),
            virtual_methods: Vec::new(),
            properties: Vec::new(),
            signals: Vec::new(),
            callbacks: Vec::new(),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("interface")? {
                match c.name() {
                    "doc" => i.common.doc = Some(self.text(&c)?),
                    "prerequisite" => {
                        i.prerequisites.push(self.attrs(&c)?.required("name")?);
                        self.skip(&c)?;
                    }
                    "constructor" => i.constructors.push(self.callable(c, CallableKind::Constructor)?),
                    "method" => i.methods.push(self.callable(c, CallableKind::Method)?),
                    "function" => i.functions.push(self.callable(c, CallableKind::Function)?),
                    "virtual-method" => i.virtual_methods.push(self.callable(c, CallableKind::VirtualMethod)?),
                    "property" => i.properties.push(self.property(c)?),
                    "glib:signal" => i.signals.push(self.callable(c, CallableKind::Signal)?),
                    "callback" => i.callbacks.push(self.callable(c, CallableKind::Callback)?),
                    _ => self.other(&c, "interface")?,
                }
            }
        }
        Ok(i)
    }

    fn property(&mut self, e: Elem<'a>) -> R<Property> {
        let a = self.attrs(&e)?;
        let mut p = Property {
            common: a.common()?,
            name: a.required("name")?,
            readable: a.bool("readable", true)?,
            writable: a.bool("writable", false)?,
            construct: a.bool("construct", false)?,
            construct_only: a.bool("construct-only", false)?,
            transfer: a.transfer()?,
            getter: a.string("getter"),
            setter: a.string("setter"),
            ty: AnyType::Missing(e.span),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("property")? {
                match c.name() {
                    "doc" => p.common.doc = Some(self.text(&c)?),
                    "type" | "array" => p.ty = self.any_type(c)?,
                    _ => self.other(&c, "property")?,
                }
            }
        }
        Ok(p)
    }

    // ---- callables ------------------------------------------------------------------------

    fn callable(&mut self, e: Elem<'a>, kind: CallableKind) -> R<Callable> {
        let a = self.attrs(&e)?;
        let tag = a.elem;
        let mut f = Callable {
            common: a.common()?,
            kind,
            name: a.required("name")?,
            c_identifier: a.string(if kind == CallableKind::Callback {
                "c:type"
            } else {
                "c:identifier"
            }),
            shadows: a.string("shadows"),
            shadowed_by: a.string("shadowed-by"),
            throws: a.bool("throws", false)?,
            invoker: a.string("invoker"),
            when: a.one_of(
                "when",
                &[
                    ("first", SignalWhen::First),
                    ("last", SignalWhen::Last),
                    ("cleanup", SignalWhen::Cleanup),
                ],
                "first, last or cleanup",
            )?,
            detailed: a.bool("detailed", false)?,
            action: a.bool("action", false)?,
            no_hooks: a.bool("no-hooks", false)?,
            no_recurse: a.bool("no-recurse", false)?,
            instance_parameter: None,
            parameters: Vec::new(),
            return_value: ReturnValue {
                span: e.span,
                transfer: None,
                nullable: false,
                allow_none: false,
                skip: false,
                doc: None,
                ty: AnyType::Missing(e.span),
            },
        };
        if e.empty {
            return Ok(f);
        }
        while let Some(c) = self.next_child(tag)? {
            match c.name() {
                "doc" => f.common.doc = Some(self.text(&c)?),
                "parameters" => {
                    if !c.empty {
                        while let Some(p) = self.next_child("parameters")? {
                            match p.name() {
                                "parameter" => f.parameters.push(self.parameter(p)?),
                                "instance-parameter" => f.instance_parameter = Some(self.parameter(p)?),
                                _ => self.other(&p, "parameters")?,
                            }
                        }
                    }
                }
                "return-value" => f.return_value = self.return_value(c)?,
                _ => self.other(&c, tag)?,
            }
        }
        Ok(f)
    }

    fn parameter(&mut self, e: Elem<'a>) -> R<Parameter> {
        let a = self.attrs(&e)?;
        let tag = a.elem;
        let mut p = Parameter {
            common: a.common()?,
            // Optional in the schema (and absent on some varargs parameters).
            name: a.string("name").unwrap_or_default(),
            direction: a
                .one_of(
                    "direction",
                    &[
                        ("in", Direction::In),
                        ("out", Direction::Out),
                        ("inout", Direction::InOut),
                    ],
                    "in, out or inout",
                )?
                .unwrap_or(Direction::In),
            caller_allocates: a.bool("caller-allocates", false)?,
            transfer: a.transfer()?,
            nullable: a.bool("nullable", false)?,
            optional: a.bool("optional", false)?,
            allow_none: a.bool("allow-none", false)?,
            closure: a.index("closure")?,
            destroy: a.index("destroy")?,
            scope: a.one_of(
                "scope",
                &[
                    ("call", Scope::Call),
                    ("async", Scope::Async),
                    ("notified", Scope::Notified),
                    ("forever", Scope::Forever),
                ],
                "call, async, notified or forever",
            )?,
            skip: a.bool("skip", false)?,
            ty: AnyType::Missing(e.span),
        };
        if !e.empty {
            while let Some(c) = self.next_child(tag)? {
                match c.name() {
                    "doc" => p.common.doc = Some(self.text(&c)?),
                    "type" | "array" | "varargs" => p.ty = self.any_type(c)?,
                    _ => self.other(&c, tag)?,
                }
            }
        }
        Ok(p)
    }

    fn return_value(&mut self, e: Elem<'a>) -> R<ReturnValue> {
        let a = self.attrs(&e)?;
        let mut r = ReturnValue {
            span: e.span,
            transfer: a.transfer()?,
            nullable: a.bool("nullable", false)?,
            allow_none: a.bool("allow-none", false)?,
            skip: a.bool("skip", false)?,
            doc: None,
            ty: AnyType::Missing(e.span),
        };
        drop(a);
        if !e.empty {
            while let Some(c) = self.next_child("return-value")? {
                match c.name() {
                    "doc" => r.doc = Some(self.text(&c)?),
                    "type" | "array" => r.ty = self.any_type(c)?,
                    _ => self.other(&c, "return-value")?,
                }
            }
        }
        Ok(r)
    }

    /// `<type>`, `<array>` or `<varargs>`.
    fn any_type(&mut self, e: Elem<'a>) -> R<AnyType> {
        match e.name() {
            "type" => {
                let a = self.attrs(&e)?;
                let mut t = TypeRef {
                    span: e.span,
                    name: a.string("name"),
                    c_type: a.string("c:type"),
                    introspectable: a.bool("introspectable", true)?,
                    params: Vec::new(),
                };
                drop(a);
                if !e.empty {
                    while let Some(c) = self.next_child("type")? {
                        match c.name() {
                            "type" | "array" => t.params.push(self.any_type(c)?),
                            _ => self.other(&c, "type")?,
                        }
                    }
                }
                Ok(AnyType::Type(t))
            }
            "array" => {
                let a = self.attrs(&e)?;
                let mut arr = ArrayType {
                    span: e.span,
                    name: a.string("name"),
                    c_type: a.string("c:type"),
                    length: a.index("length")?,
                    fixed_size: a.index("fixed-size")?,
                    zero_terminated: match a.get("zero-terminated") {
                        None => None,
                        Some(_) => Some(a.bool("zero-terminated", false)?),
                    },
                    element: Box::new(AnyType::Missing(e.span)),
                };
                drop(a);
                let mut have_element = false;
                if !e.empty {
                    while let Some(c) = self.next_child("array")? {
                        match c.name() {
                            "type" | "array" if !have_element => {
                                arr.element = Box::new(self.any_type(c)?);
                                have_element = true;
                            }
                            _ => self.other(&c, "array")?,
                        }
                    }
                }
                Ok(AnyType::Array(arr))
            }
            _ => {
                // <varargs/>
                self.skip(&e)?;
                Ok(AnyType::Varargs(e.span))
            }
        }
    }
}
