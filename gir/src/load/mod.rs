//! GIR loader: files and `Namespace-Version` names → [`Repository`] values, includes resolved.
//!
//! - [`load`] resolves inputs through the search path (see [`LoadOptions::search_dirs`]), follows
//!   `<include>` transitively, loads each `Name-Version` once, and returns the repositories in
//!   dependency order. [`parse_str`] parses one text (tests, fuzzing).
//! - Every element gets a [`Span`] (1-based line and column of its `<`); every error with a
//!   position displays as `file:line:col: …` ([`LoadError`]).
//! - Elements the model has no place for are skipped and recorded in [`Repository::unknown`];
//!   documentation metadata (`doc-version`, `source-position`, `attribute`, …) is skipped silently.
//!
//! # Why quick-xml directly, not gir-parser
//!
//! gir-parser 0.1.6 (xmlserde derive over quick-xml 0.41) is a fine reader of well-formed GIRs
//! from a current g-ir-scanner — on the 17 files of /usr/share/gir-1.0 its counts match ours
//! (`tests/load_crosscheck.rs`) — but it cannot be the front end of a code generator:
//!
//! - **No positions.** Its types carry no GIR line/column, so no later diagnostic could say
//!   `file:line:col`. (The `filename`/`line` it keeps from `<doc>` and `<source-position>` are
//!   positions in the *C sources*, not in the GIR.)
//! - **It panics on bad input** instead of returning an error. The derive code xmlserde
//!   generates calls `panic!("deserialize failed in attr opt")` (xmlserde_derives-0.13.2
//!   `de.rs:595`, expanded e.g. in gir-parser's `parameter.rs:202`) when an attribute does not
//!   parse (`direction="sideways"`, `closure="x"`), and `Option::unwrap()`s every required
//!   attribute or child (`class.rs:51` for a `<class>` without `name`, `return_value.rs:11` for a
//!   `<return-value>` whose `<type` is cut off, `signal.rs:13` for a `<glib:signal/>` without
//!   `<return-value>`, which the schema allows). Its `deny_unknown_fields` panics on any attribute
//!   it does not know (`encoutnering unknown field`), so a newer GIR can crash it.
//! - **It swallows XML errors.** The generated loops end on `Err(_) => break`, so GLib-2.0.gir
//!   cut in half parses "successfully" with a fraction of its functions.
//! - **It drops or bends data the model needs:** an array of arrays keeps only one level (the
//!   return of `g_desktop_app_info_search`, `gchar***`, becomes an array of `utf8`); the nested
//!   `<type>`/`<array>` parameters of a `<type>` are split into two lists, losing their order;
//!   versions become three `u16`s (`1.2.3.4` → `1.2.3`, `3.0-beta` → `3`); enum member values
//!   stay unchecked strings; unknown child elements vanish without a trace.
//!
//! It does keep `glib:error-domain`, `copy-function`/`free-function`, `c:symbol-prefixes` and
//! `c:prefix`, so those are not reasons. Parsing with quick-xml's streaming reader directly costs
//! one file of code and gives positions, typed errors, no panics (`tests/load_fuzz_smoke.rs`,
//! `fuzz/`) and full control of allocation: the five GLib/GIO GIRs (11 MB) load in a few tens of
//! milliseconds in release builds (`bench/generator/bench_load.py`).

// A `LoadError` ends a load, so its size only matters on the parser's hot path, which boxes it
// (`parse::R`); the public functions return it unboxed so that callers can match on it directly.
#![allow(clippy::result_large_err)]

mod error;
mod parse;
mod position;
mod search;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use error::{LoadError, Location, PathList};
pub use search::{LoadOptions, SearchEnv};

use crate::model::{Files, Repository, Span};
use position::Locator;
use search::{classify_input, find_gir, Input};

/// The result of [`load`].
#[derive(Debug, Clone)]
pub struct Loaded {
    pub files: Files,
    /// Dependency order: every repository comes after the ones it includes.
    pub repositories: Vec<Repository>,
    /// Indexes into `repositories` of the inputs, in input order (an input named twice appears once).
    pub roots: Vec<usize>,
}

impl Loaded {
    /// The repository of namespace `name`, if loaded.
    pub fn find(&self, name: &str) -> Option<&Repository> {
        self.repositories.iter().find(|r| r.namespace.name == name)
    }
}

/// Parse one GIR text. `path` is recorded in `files` and used in messages only.
pub fn parse_str(files: &mut Files, path: PathBuf, text: &str) -> Result<Repository, LoadError> {
    let id = files.add(path);
    parse::parse_file(id, files.path(id), text)
}

/// Read one GIR file from disk and parse it.
pub fn parse_file(files: &mut Files, path: &Path) -> Result<Repository, LoadError> {
    parse_file_with(files, path, &mut Vec::new())
}

/// [`parse_file`] reading into `buf`, so that one load reuses one buffer (fewer page faults).
fn parse_file_with(files: &mut Files, path: &Path, buf: &mut Vec<u8>) -> Result<Repository, LoadError> {
    let text = read_gir(path, buf)?;
    parse_str(files, path.to_path_buf(), text)
}

/// Load `inputs` (paths to .gir files, or `Namespace-Version` names, also with a `.gir` suffix)
/// and, transitively, every namespace they include. Each namespace is loaded once.
pub fn load(inputs: &[String], options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut st = State {
        dirs: options.search_dirs(),
        files: Files::default(),
        repositories: Vec::new(),
        by_key: HashMap::new(),
        names: HashMap::new(),
        stack: Vec::new(),
        buf: Vec::new(),
    };
    let mut roots = Vec::new();
    for input in inputs {
        let (path, expected) = match classify_input(input) {
            Input::Path(p) => {
                let looks_like_path =
                    input.ends_with(".gir") || input.contains(std::path::MAIN_SEPARATOR) || input.contains('/');
                if !p.exists() && !looks_like_path {
                    return Err(LoadError::BadInput { input: input.clone() });
                }
                (p, None)
            }
            Input::Namespace { name, version } => {
                let key = format!("{name}-{version}");
                if let Some(&idx) = st.by_key.get(&key) {
                    if !roots.contains(&idx) {
                        roots.push(idx);
                    }
                    continue;
                }
                let path = find_gir(&st.dirs, name, version).ok_or_else(|| LoadError::InputNotFound {
                    input: input.clone(),
                    file: format!("{key}.gir"),
                    searched: PathList(st.dirs.clone()),
                })?;
                (path, Some(key))
            }
        };
        let idx = st.load_path(&path, expected.as_deref())?;
        if !roots.contains(&idx) {
            roots.push(idx);
        }
    }
    Ok(Loaded {
        files: st.files,
        repositories: st.repositories,
        roots,
    })
}

struct State {
    dirs: Vec<PathBuf>,
    files: Files,
    repositories: Vec<Repository>,
    /// `Name-Version` → index in `repositories`.
    by_key: HashMap<String, usize>,
    /// Namespace name → (version, file) of every namespace parsed so far, loaded or in progress.
    names: HashMap<String, (String, PathBuf)>,
    /// `Name-Version` of the namespaces whose includes are being loaded, outermost first.
    stack: Vec<String>,
    /// File contents; a file's text is not needed once it is parsed.
    buf: Vec<u8>,
}

impl State {
    /// Parse `path` and what it includes; returns its index in `repositories`.
    /// `expected` is the `Name-Version` an include asked for.
    fn load_path(&mut self, path: &Path, expected: Option<&str>) -> Result<usize, LoadError> {
        let repo = parse_file_with(&mut self.files, path, &mut self.buf)?;
        let ns = &repo.namespace;
        let key = format!("{}-{}", ns.name, ns.version);
        let ns_at = self.location(ns.span);
        if let Some(expected) = expected {
            if expected != key {
                return Err(LoadError::NamespaceMismatch {
                    at: ns_at,
                    expected: expected.to_owned(),
                    found: key,
                });
            }
        }
        if let Some(&idx) = self.by_key.get(&key) {
            // The same namespace given twice (e.g. by path and by name): the first one stays.
            return Ok(idx);
        }
        if let Some((other_version, other_path)) = self.names.get(&ns.name) {
            return Err(LoadError::VersionConflict {
                at: ns_at,
                name: ns.name.clone(),
                version: ns.version.clone(),
                other_version: other_version.clone(),
                other_path: other_path.clone(),
            });
        }
        self.names
            .insert(ns.name.clone(), (ns.version.clone(), path.to_path_buf()));
        self.stack.push(key.clone());
        for inc in &repo.includes {
            let inc_key = format!("{}-{}", inc.name, inc.version);
            if self.by_key.contains_key(&inc_key) {
                continue;
            }
            let at = self.location(inc.span);
            if let Some(pos) = self.stack.iter().position(|k| *k == inc_key) {
                let mut chain: Vec<String> = self.stack.get(pos..).unwrap_or_default().to_vec();
                chain.push(inc_key);
                return Err(LoadError::IncludeCycle { at, chain });
            }
            if let Some((other_version, other_path)) = self.names.get(&inc.name) {
                return Err(LoadError::VersionConflict {
                    at,
                    name: inc.name.clone(),
                    version: inc.version.clone(),
                    other_version: other_version.clone(),
                    other_path: other_path.clone(),
                });
            }
            let found = find_gir(&self.dirs, &inc.name, &inc.version).ok_or_else(|| LoadError::IncludeNotFound {
                at: at.clone(),
                name: inc.name.clone(),
                version: inc.version.clone(),
                searched: PathList(self.dirs.clone()),
            })?;
            self.load_path(&found, Some(&inc_key))?;
        }
        self.stack.pop();
        let idx = self.repositories.len();
        self.repositories.push(repo);
        self.by_key.insert(key, idx);
        Ok(idx)
    }

    fn location(&self, span: Span) -> Location {
        Location::new(self.files.path(span.file), span.line, span.col)
    }
}

/// Read a GIR file into `buf` as UTF-8 text, with typed errors for the usual mistakes.
fn read_gir<'b>(path: &Path, buf: &'b mut Vec<u8>) -> Result<&'b str, LoadError> {
    use std::io::Read;
    let io = |source: std::io::Error| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(LoadError::NotFound {
                path: path.to_path_buf(),
            })
        }
        Err(e) => return Err(io(e)),
        Ok(m) if m.is_dir() => {
            return Err(LoadError::IsDirectory {
                path: path.to_path_buf(),
            })
        }
        Ok(_) => {}
    }
    buf.clear();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(buf))
        .map_err(io)?;
    match std::str::from_utf8(buf) {
        Ok(text) => Ok(text),
        Err(e) => {
            let (line, col) = Locator::new(buf).locate(e.valid_up_to());
            Err(LoadError::NotUtf8 {
                at: Location::new(path, line, col),
            })
        }
    }
}
