//! Errors of the GIR loader. Every message that has a position starts with `file:line:col: `.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a file, for messages: `path:line:col` (1-based; the column counts characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: u32,
    pub col: u32,
}

impl Location {
    pub fn new(path: &Path, line: u32, col: u32) -> Self {
        Location {
            path: path.to_path_buf(),
            line,
            col,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// A list of paths for messages: `a, b, c` (or `(none)`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathList(pub Vec<PathBuf>);

impl fmt::Display for PathList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(none)");
        }
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", p.display())?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The XML itself is broken (quick-xml's error, or an unknown entity, or a bad attribute list).
    #[error("{at}: malformed XML: {message}")]
    Xml { at: Location, message: String },

    /// The file is not UTF-8 (GIR files always are); `at` is the first invalid byte.
    #[error("{at}: file is not valid UTF-8")]
    NotUtf8 { at: Location },

    #[error("{at}: expected root element <repository>, found <{found}>")]
    WrongRoot { at: Location, found: String },

    #[error("{}: no root element <repository> (the file has no element at all)", path.display())]
    NoRoot { path: PathBuf },

    #[error("{at}: <{element}> is missing required attribute `{attribute}`")]
    MissingAttribute {
        at: Location,
        element: String,
        attribute: String,
    },

    #[error("{at}: <{element}> has invalid {attribute}=\"{value}\": expected {expected}")]
    BadAttribute {
        at: Location,
        element: String,
        attribute: String,
        value: String,
        expected: &'static str,
    },

    #[error("{at}: <repository> contains no <namespace>")]
    MissingNamespace { at: Location },

    #[error("{at}: <repository> contains a second <namespace> (only one per file is supported)")]
    ExtraNamespace { at: Location },

    #[error("{}: file is empty", path.display())]
    Empty { path: PathBuf },

    #[error("{}: no such file", path.display())]
    NotFound { path: PathBuf },

    #[error("{}: is a directory, not a GIR file", path.display())]
    IsDirectory { path: PathBuf },

    #[error("{}: cannot read: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    /// An input given as `Name-Version` that is in none of the search directories.
    #[error("{input}: no {file} in any GIR directory; searched: {searched}")]
    InputNotFound {
        input: String,
        file: String,
        searched: PathList,
    },

    /// An input that is neither an existing file nor of the form `Name-Version`.
    #[error("{input}: neither an existing .gir file nor a Namespace-Version name")]
    BadInput { input: String },

    #[error("{at}: included namespace {name}-{version} not found ({name}-{version}.gir); searched: {searched}")]
    IncludeNotFound {
        at: Location,
        name: String,
        version: String,
        searched: PathList,
    },

    /// `chain` lists `Name-Version` from the first namespace of the cycle back to it.
    #[error("{at}: include cycle: {}", chain.join(" -> "))]
    IncludeCycle { at: Location, chain: Vec<String> },

    /// One load may hold only one version of each namespace.
    #[error("{at}: {name}-{version} conflicts with {name}-{other_version} already loaded from {}", other_path.display())]
    VersionConflict {
        at: Location,
        name: String,
        version: String,
        other_version: String,
        other_path: PathBuf,
    },

    /// A file found as `Name-Version.gir` that declares another namespace.
    #[error("{at}: expected namespace {expected}, the file declares {found}")]
    NamespaceMismatch {
        at: Location,
        expected: String,
        found: String,
    },
}
