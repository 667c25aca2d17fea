//! Stable-Rust stand-in for `gir/fuzz` (cargo-fuzz needs nightly): deterministic mutations of real
//! GIR text — truncations, byte flips, inserted markup characters, deleted ranges, swapped
//! attribute values — must each give `Ok` or `Err` from `parse_str`, never a panic.
//!
//! `GIRGEN_FUZZ_ITERATIONS` overrides the number of random mutations (default 20 000 in release,
//! 2 000 in debug builds).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use gir::load::parse_str;
use gir::model::Files;

/// xorshift64*: small, deterministic, good enough to pick offsets.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/load")
}

/// Seeds: every fixture, plus whole elements cut out of the system GIRs and wrapped in a namespace.
fn seeds(rng: &mut Rng) -> Vec<String> {
    let mut seeds = Vec::new();
    let mut stack = vec![fixtures_dir()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                seeds.push(text);
            }
        }
    }
    for name in ["GLib-2.0.gir", "GObject-2.0.gir", "Gio-2.0.gir", "GIRepository-2.0.gir"] {
        let Ok(text) = std::fs::read_to_string(Path::new("/usr/share/gir-1.0").join(name)) else {
            continue;
        };
        // Whole namespace-level elements, found by the files' fixed indentation (4 spaces).
        let mut elements = Vec::new();
        for tag in [
            "class",
            "record",
            "function",
            "enumeration",
            "interface",
            "bitfield",
            "union",
            "callback",
        ] {
            let open = format!("\n    <{tag} ");
            let close = format!("\n    </{tag}>");
            for (start, _) in text.match_indices(&open) {
                let start = start + 1;
                let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                let end = if text[start..line_end].ends_with("/>") {
                    line_end
                } else {
                    match text[start..].find(&close) {
                        Some(i) => start + i + close.len(),
                        None => continue,
                    }
                };
                elements.push(&text[start..end]);
            }
        }
        for _ in 0..40 {
            let mut body = String::new();
            for _ in 0..1 + rng.below(3) {
                body.push_str(elements[rng.below(elements.len())]);
                body.push('\n');
            }
            seeds.push(format!(
                "<?xml version=\"1.0\"?>\n<repository version=\"1.2\" xmlns=\"http://www.gtk.org/introspection/core/1.0\" \
                 xmlns:c=\"http://www.gtk.org/introspection/c/1.0\" xmlns:glib=\"http://www.gtk.org/introspection/glib/1.0\">\n\
                 <namespace name=\"Fuzz\" version=\"1.0\">\n{body}</namespace>\n</repository>\n"
            ));
        }
    }
    seeds
}

const VALUES: &[&str] = &[
    "",
    "x",
    "0",
    "1",
    "-1",
    "true",
    "yes",
    "4294967296",
    "-9223372036854775809",
    "99999999999999999999999",
    "sideways",
    "inout",
    "notified",
    "container",
    "&amp;",
    "&bogus;",
    "&#0;",
    "&#xD800;",
    "&#1114112;",
    "a\"b",
    "<",
    "GLib.List",
    "1.2.3",
];

const INSERTS: &[&str] = &[
    "<",
    ">",
    "/",
    "\"",
    "'",
    "&",
    ";",
    "=",
    "<type",
    "</",
    "/>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?",
    "?>",
    "\u{0}",
    "é",
    "\n",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = bytes.len();
        match rng.below(6) {
            0 => bytes.truncate(rng.below(len + 1)),
            1 => {
                if len > 0 {
                    let i = rng.below(len);
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
            2 => {
                let at = rng.below(len + 1);
                let ins = rng.pick(INSERTS).as_bytes();
                bytes.splice(at..at, ins.iter().copied());
            }
            3 => {
                let a = rng.below(len + 1);
                let b = (a + rng.below(64)).min(len);
                bytes.drain(a..b);
            }
            4 => {
                // Replace one attribute value (the text between `="` and the next `"`).
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let quotes: Vec<usize> = text.match_indices("=\"").map(|(i, _)| i + 2).collect();
                if !quotes.is_empty() {
                    let start = *rng.pick(&quotes);
                    if let Some(rel) = text[start..].find('"') {
                        let mut s = text;
                        let value: &str = rng.pick::<&str>(VALUES);
                        s.replace_range(start..start + rel, value);
                        bytes = s.into_bytes();
                    }
                }
            }
            _ => {
                // Duplicate a range (repeated elements, attributes, namespaces).
                let a = rng.below(len + 1);
                let b = (a + rng.below(200)).min(len);
                let chunk: Vec<u8> = bytes[a..b].to_vec();
                let at = rng.below(len + 1);
                bytes.splice(at..at, chunk);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn check(files: &mut Files, text: &str, what: &str) {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let _ = parse_str(files, PathBuf::from("fuzz.gir"), text);
    }));
    if result.is_err() {
        let out = std::env::temp_dir().join("girgen-load-fuzz-crash.gir");
        let _ = std::fs::write(&out, text);
        panic!("parse_str panicked on {what}; input saved to {}", out.display());
    }
}

#[test]
fn every_truncation_of_the_full_fixture() {
    let text = std::fs::read_to_string(fixtures_dir().join("Full-1.0.gir")).unwrap();
    let step = if cfg!(debug_assertions) { 9 } else { 1 };
    let mut files = Files::default();
    let mut errors = 0;
    for cut in (0..=text.len()).step_by(step).filter(|&c| text.is_char_boundary(c)) {
        check(&mut files, &text[..cut], &format!("Full-1.0.gir cut at {cut}"));
        errors += parse_str(&mut files, "cut.gir".into(), &text[..cut]).is_err() as usize;
        files = Files::default();
    }
    // Every strict prefix is missing at least `</repository>`.
    assert!(errors >= text.len() / step - 2, "{errors} errors");
    assert!(parse_str(&mut files, "whole.gir".into(), &text).is_ok());
}

#[test]
fn random_mutations_never_panic() {
    let iterations: usize = std::env::var("GIRGEN_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 2_000 } else { 20_000 });
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let seeds = seeds(&mut rng);
    assert!(seeds.len() >= 10);
    let (mut ok, mut err) = (0usize, 0usize);
    for i in 0..iterations {
        let seed = rng.pick(&seeds).clone();
        let input = mutate(&mut rng, &seed);
        let mut files = Files::default();
        check(&mut files, &input, &format!("mutation {i}"));
        match parse_str(&mut files, "m.gir".into(), &input) {
            Ok(_) => ok += 1,
            Err(e) => {
                err += 1;
                // Every error names the file, and positions are 1-based.
                let msg = e.to_string();
                assert!(msg.starts_with("m.gir"), "{msg}");
                assert!(!msg.starts_with("m.gir:0:") && !msg.contains(":0: "), "{msg}");
            }
        }
    }
    eprintln!("{iterations} mutations: {ok} parsed, {err} rejected");
    // The mutations must exercise both paths, or the test proves little.
    assert!(ok > iterations / 20 && err > iterations / 20, "{ok} ok, {err} errors");
}
