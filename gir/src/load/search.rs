//! Where GIR files are looked for, and how an input names one.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variables the search depends on, taken explicitly so that tests need not
/// mutate the process environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchEnv {
    /// `$GI_GIR_PATH`: colon-separated directories.
    pub gi_gir_path: Option<OsString>,
    /// `$XDG_DATA_DIRS`: colon-separated; `gir-1.0` is looked for under each entry.
    pub xdg_data_dirs: Option<OsString>,
}

impl SearchEnv {
    pub fn from_process_env() -> Self {
        SearchEnv {
            gi_gir_path: std::env::var_os("GI_GIR_PATH"),
            xdg_data_dirs: std::env::var_os("XDG_DATA_DIRS"),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// `--gir-dir`, searched first, in order.
    pub gir_dirs: Vec<PathBuf>,
    pub env: SearchEnv,
}

/// The XDG base-directory default, used when `$XDG_DATA_DIRS` is unset or empty.
const XDG_DATA_DIRS_DEFAULT: &str = "/usr/local/share:/usr/share";
const SYSTEM_GIR_DIR: &str = "/usr/share/gir-1.0";

impl LoadOptions {
    /// The directories searched for `Name-Version.gir`, in order, without duplicates: each
    /// `--gir-dir`, each `$GI_GIR_PATH` entry, `gir-1.0` under each `$XDG_DATA_DIRS` entry, then
    /// `/usr/share/gir-1.0`.
    pub fn search_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self.gir_dirs.clone();
        if let Some(p) = &self.env.gi_gir_path {
            dirs.extend(std::env::split_paths(p).filter(|d| !d.as_os_str().is_empty()));
        }
        let xdg = match &self.env.xdg_data_dirs {
            Some(v) if !v.is_empty() => v.clone(),
            _ => OsString::from(XDG_DATA_DIRS_DEFAULT),
        };
        dirs.extend(
            std::env::split_paths(&xdg)
                .filter(|d| !d.as_os_str().is_empty())
                .map(|d| d.join("gir-1.0")),
        );
        dirs.push(PathBuf::from(SYSTEM_GIR_DIR));
        let mut unique: Vec<PathBuf> = Vec::with_capacity(dirs.len());
        for d in dirs {
            if !unique.contains(&d) {
                unique.push(d);
            }
        }
        unique
    }
}

/// The first `dir/Name-Version.gir` that is a file.
pub(crate) fn find_gir(dirs: &[PathBuf], name: &str, version: &str) -> Option<PathBuf> {
    let file = format!("{name}-{version}.gir");
    dirs.iter().map(|d| d.join(&file)).find(|p| p.is_file())
}

/// `GLib-2.0` → `("GLib", "2.0")`: the version is what follows the last `-` and starts with a digit.
pub(crate) fn split_namespace_version(s: &str) -> Option<(&str, &str)> {
    let (name, version) = s.rsplit_once('-')?;
    let ok = !name.is_empty()
        && version.starts_with(|c: char| c.is_ascii_digit())
        && !name.contains(['/', '\\'])
        && !version.contains(['/', '\\']);
    ok.then_some((name, version))
}

/// What an input string names.
pub(crate) enum Input<'s> {
    Path(PathBuf),
    Namespace { name: &'s str, version: &'s str },
}

/// An existing path wins; otherwise `Name-Version` or `Name-Version.gir` (no directory part)
/// names a namespace to search for.
pub(crate) fn classify_input(input: &str) -> Input<'_> {
    let path = Path::new(input);
    if path.exists() {
        return Input::Path(path.to_path_buf());
    }
    let stem = input.strip_suffix(".gir").unwrap_or(input);
    match split_namespace_version(stem) {
        Some((name, version)) => Input::Namespace { name, version },
        None => Input::Path(path.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_defaults() {
        let opts = LoadOptions {
            gir_dirs: vec!["/a".into(), "/b".into()],
            env: SearchEnv {
                gi_gir_path: Some("/c::/d".into()),
                xdg_data_dirs: Some("/e:/usr/share".into()),
            },
        };
        let want: Vec<PathBuf> = ["/a", "/b", "/c", "/d", "/e/gir-1.0", "/usr/share/gir-1.0"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(opts.search_dirs(), want);

        let opts = LoadOptions {
            gir_dirs: vec![],
            env: SearchEnv {
                gi_gir_path: None,
                xdg_data_dirs: Some("".into()),
            },
        };
        let want: Vec<PathBuf> = ["/usr/local/share/gir-1.0", "/usr/share/gir-1.0"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(opts.search_dirs(), want);
    }

    #[test]
    fn namespace_version_names() {
        assert_eq!(split_namespace_version("GLib-2.0"), Some(("GLib", "2.0")));
        assert_eq!(split_namespace_version("Gtk-Source-5"), Some(("Gtk-Source", "5")));
        assert_eq!(split_namespace_version("GLib"), None);
        assert_eq!(split_namespace_version("-2.0"), None);
        assert_eq!(split_namespace_version("GLib-x"), None);
        assert_eq!(split_namespace_version("dir/GLib-2.0"), None);
    }
}
