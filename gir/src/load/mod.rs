//! GIR loader: files and `Namespace-Version` names → [`Repository`] values, includes resolved.
//!
//! DOC-PLACEHOLDER

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
    let text = read_gir(path)?;
    parse_str(files, path.to_path_buf(), &text)
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
    };
    let mut roots = Vec::new();
    for input in inputs {
        let path = match classify_input(input) {
            Input::Path(p) => {
                let looks_like_path = input.ends_with(".gir") || input.contains(std::path::MAIN_SEPARATOR) || input.contains('/');
                if !p.exists() && !looks_like_path {
                    return Err(LoadError::BadInput { input: input.clone() });
                }
                p
            }
            Input::Namespace { name, version } => {
                let key = format!("{name}-{version}");
                if let Some(&idx) = st.by_key.get(&key) {
                    if !roots.contains(&idx) {
                        roots.push(idx);
                    }
                    continue;
                }
                find_gir(&st.dirs, name, version).ok_or_else(|| LoadError::InputNotFound {
                    input: input.clone(),
                    file: format!("{key}.gir"),
                    searched: PathList(st.dirs.clone()),
                })?
            }
        };
        let idx = st.load_path(&path, None)?;
        if !roots.contains(&idx) {
            roots.push(idx);
        }
    }
    Ok(Loaded { files: st.files, repositories: st.repositories, roots })
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
}

impl State {
    /// Parse `path` and what it includes; returns its index in `repositories`.
    /// `expected` is the `Name-Version` an include asked for.
    fn load_path(&mut self, path: &Path, expected: Option<&str>) -> Result<usize, LoadError> {
        let repo = parse_file(&mut self.files, path)?;
        let ns = &repo.namespace;
        let key = format!("{}-{}", ns.name, ns.version);
        let ns_at = self.location(ns.span);
        if let Some(expected) = expected {
            if expected != key {
                return Err(LoadError::NamespaceMismatch { at: ns_at, expected: expected.to_owned(), found: key });
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
        self.names.insert(ns.name.clone(), (ns.version.clone(), path.to_path_buf()));
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

/// Read a GIR file as UTF-8 text, with typed errors for the usual mistakes.
fn read_gir(path: &Path) -> Result<String, LoadError> {
    let io = |source: std::io::Error| LoadError::Io { path: path.to_path_buf(), source };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(LoadError::NotFound { path: path.to_path_buf() })
        }
        Err(e) => return Err(io(e)),
        Ok(m) if m.is_dir() => return Err(LoadError::IsDirectory { path: path.to_path_buf() }),
        Ok(_) => {}
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        let off = e.utf8_error().valid_up_to();
        let (line, col) = Locator::new(e.as_bytes()).locate(off);
        LoadError::NotUtf8 { at: Location::new(path, line, col) }
    })
}
