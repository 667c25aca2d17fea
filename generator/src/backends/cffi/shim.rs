//! api mode: C shims that let the compiled module take pointers as integers.
//!
//! The shared Python emitter passes every pointer to C as an int (an address) and gets pointer
//! results back as ints; it tells the runtime so with one kind letter per value
//! (`girgen_runtime._cffi_core.bind`). The namespace's own cffi function takes typed pointers,
//! so without a shim such a function would be called through a cffi function pointer cast from
//! its address: a libffi call, even in api mode. A shim is a `static` C function whose
//! parameters and result have the C types of the kind letters (`uintptr_t` for a pointer, `char *`
//! for a string, the fixed-width integer types for numbers: exactly the types of the runtime's
//! function-pointer path, so a call behaves the same) and which calls the real function with
//! each value cast to the type the cdef's prototype gives it. cffi compiles the call and converts
//! the ints in C.
//!
//! Which functions get one: those the emitter binds with a pointer, string or `gint8` kind (the
//! others already use the namespace's function directly), whose every value's kind fits its C
//! type (no struct by value), and which are bound with one C signature only. The shim of
//! `symbol` is `_girgen_<symbol>` ([`PREFIX`]); `bind` finds it by that name.

use super::cdef::{CSignature, NsCdef, Passing};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// The prefix of a shim's name; the api loader exports it as `SHIM_PREFIX` for the runtime.
pub const PREFIX: &str = "_girgen_";

/// Every binding the emitter made: symbol → the kind strings (result letter, then one letter per
/// argument) it was bound with.
#[derive(Debug, Default)]
pub struct Bindings(RefCell<BTreeMap<String, BTreeSet<String>>>);

impl Bindings {
    pub fn record(&self, symbol: &str, kinds: String) {
        self.0.borrow_mut().entry(symbol.to_string()).or_default().insert(kinds);
    }

    pub fn get(&self) -> std::cell::Ref<'_, BTreeMap<String, BTreeSet<String>>> {
        self.0.borrow()
    }
}

/// One shim: the function it calls, its cdef declaration and its C definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shim {
    pub symbol: String,
    pub declaration: String,
    pub definition: String,
}

/// The C type of a kind letter (the runtime's `_C_TYPES`).
fn kind_c_type(kind: char) -> Option<&'static str> {
    Some(match kind {
        'v' => "void",
        'b' | 'i' => "int",
        'I' => "unsigned int",
        'c' => "int8_t",
        'C' => "uint8_t",
        'h' => "int16_t",
        'H' => "uint16_t",
        'x' => "int64_t",
        'X' => "uint64_t",
        'f' => "float",
        'd' => "double",
        'S' | 's' => "char *",
        'P' | 'p' => "uintptr_t",
        _ => return None,
    })
}

/// Kinds that cross as the same C type are the same to a shim (`p` is a `P` the emitter knows to
/// be an int, `s` an `S` never None).
fn canonical(kinds: &str) -> String {
    kinds.chars().map(|k| match k {
        'p' => 'P',
        's' => 'S',
        k => k,
    }).collect()
}

/// Does `bind` use a shim for these kinds: the runtime's test for calling the namespace's own
/// function directly, negated (a pointer, a nullable string or `gint8`, which cffi would take as
/// a one-byte bytes object for C `char`).
fn wants_shim(kinds: &str) -> bool {
    let mut k = kinds.chars();
    let ret = k.next().unwrap_or('v');
    "PSpsc".contains(ret) || k.any(|a| "PSpc".contains(a))
}

/// Does a value of kind `kind` fit a C value passed as `passing` (cast in C without changing
/// what is passed)?
fn fits(kind: char, passing: Passing) -> bool {
    match kind {
        'v' => passing == Passing::Void,
        'S' | 's' | 'P' | 'p' => passing == Passing::Pointer,
        _ => passing == Passing::Scalar,
    }
}

fn shim(symbol: &str, kinds: &str, sig: &CSignature) -> Option<Shim> {
    let mut letters = kinds.chars();
    let ret = letters.next()?;
    let args: Vec<char> = letters.collect();
    if args.len() != sig.params.len() || !fits(ret, sig.ret.passing) {
        return None;
    }
    if !args.iter().zip(&sig.params).all(|(&k, p)| fits(k, p.passing)) {
        return None;
    }
    let ret_c = kind_c_type(ret)?;
    let arg_c: Vec<&str> = args.iter().map(|&k| kind_c_type(k)).collect::<Option<_>>()?;
    let name = format!("{PREFIX}{symbol}");
    let declaration = if arg_c.is_empty() {
        format!("{ret_c} {name}(void);")
    } else {
        format!("{ret_c} {name}({});", arg_c.join(", "))
    };
    let params = if arg_c.is_empty() {
        "void".to_string()
    } else {
        arg_c.iter().enumerate().map(|(i, c)| declarator(c, &format!("a{i}"))).collect::<Vec<_>>().join(", ")
    };
    let call_args: Vec<String> = sig.params.iter().enumerate().map(|(i, p)| format!("({})a{i}", p.text)).collect();
    let call = format!("{symbol}({})", call_args.join(", "));
    let body = if ret == 'v' { format!("{call};") } else { format!("return ({ret_c}){call};") };
    let definition = format!("static {}({params}) {{ {body} }}", declarator(ret_c, &name));
    Some(Shim { symbol: symbol.to_string(), declaration, definition })
}

fn declarator(c: &str, name: &str) -> String {
    super::ctype::declarator(c, name)
}

/// The shims of one namespace's cdef, by symbol (deterministic: the bindings are sorted).
pub fn shims(cdef: &NsCdef, bindings: &BTreeMap<String, BTreeSet<String>>) -> Vec<Shim> {
    let mut out = Vec::new();
    for (symbol, sig) in &cdef.signatures {
        let Some(kinds) = bindings.get(symbol) else { continue };
        let wanted: BTreeSet<String> = kinds.iter().filter(|k| wants_shim(k)).map(|k| canonical(k)).collect();
        // Bound with two C signatures (never seen in practice): one shim could not serve both,
        // and `bind` finds a shim by the symbol alone, so neither gets one.
        if wanted.len() != 1 {
            continue;
        }
        if let Some(s) = wanted.iter().next().and_then(|k| shim(symbol, k, sig)) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::cffi::cdef::CParam;

    fn p(text: &str, passing: Passing) -> CParam {
        CParam { text: text.into(), passing }
    }

    #[test]
    fn shim_casts_to_the_prototypes_types() {
        let sig = CSignature {
            ret: p("gboolean", Passing::Scalar),
            params: vec![
                p("const gint32 *", Passing::Pointer),
                p("gsize", Passing::Scalar),
                p("const char *", Passing::Pointer),
                p("GError * *", Passing::Pointer),
            ],
        };
        let s = shim("bench_overhead", "bPXSP", &sig).unwrap();
        assert_eq!(s.declaration, "int _girgen_bench_overhead(uintptr_t, uint64_t, char *, uintptr_t);");
        assert_eq!(
            s.definition,
            "static int _girgen_bench_overhead(uintptr_t a0, uint64_t a1, char *a2, uintptr_t a3) { return (int)bench_overhead((const gint32 *)a0, (gsize)a1, (const char *)a2, (GError * *)a3); }"
        );
        let void = CSignature { ret: p("void", Passing::Void), params: vec![p("GObject *", Passing::Pointer)] };
        assert_eq!(
            shim("g_object_unref", "vp", &void).unwrap().definition,
            "static void _girgen_g_object_unref(uintptr_t a0) { g_object_unref((GObject *)a0); }"
        );
        let none = CSignature { ret: p("const gchar *", Passing::Pointer), params: vec![] };
        assert_eq!(
            shim("g_get_prgname", "S", &none).unwrap().definition,
            "static char *_girgen_g_get_prgname(void) { return (char *)g_get_prgname(); }"
        );
    }

    #[test]
    fn no_shim_where_a_kind_does_not_fit() {
        // A struct by value bound as a pointer, a count mismatch, an unknown letter.
        let by_value = CSignature { ret: p("void", Passing::Void), params: vec![p("GValue", Passing::Other)] };
        assert!(shim("f", "vP", &by_value).is_none());
        assert!(shim("f", "vPP", &by_value).is_none());
        let num = CSignature { ret: p("gint", Passing::Scalar), params: vec![] };
        assert!(shim("f", "P", &num).is_none());
        assert!(shim("f", "T", &num).is_none());
    }

    #[test]
    fn shims_only_where_bind_uses_them() {
        let mut cdef = NsCdef::default();
        let ptr = CSignature { ret: p("gpointer", Passing::Pointer), params: vec![p("gpointer", Passing::Pointer)] };
        let num = CSignature { ret: p("gint", Passing::Scalar), params: vec![p("gint", Passing::Scalar)] };
        cdef.signatures.insert("f_ref".into(), ptr.clone());
        cdef.signatures.insert("f_twice".into(), ptr);
        cdef.signatures.insert("f_num".into(), num);
        let mut b: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        // `p` and `P` are one C signature; numbers only need no shim; two signatures get none.
        b.entry("f_ref".into()).or_default().extend(["Pp".to_string(), "PP".to_string()]);
        b.entry("f_num".into()).or_default().insert("ii".into());
        b.entry("f_twice".into()).or_default().extend(["PP".to_string(), "SP".to_string()]);
        let names: Vec<String> = shims(&cdef, &b).into_iter().map(|s| s.symbol).collect();
        assert_eq!(names, ["f_ref"]);
    }
}
