//! Writing generated files: only what changed, and all-or-nothing.
//!
//! Generation happens entirely in memory first, so a generation error never touches the disk.
//! Writing then goes in two steps: every new or changed file is staged next to its target as a
//! hidden temporary file; only when all are staged are they renamed into place (a rename within a
//! directory is atomic), and files that girgen wrote last time but no longer generates are
//! removed. A failure while staging removes the staged files and leaves the directory as it was.
//! Unchanged files are not rewritten, so their modification times stay and incremental builds
//! (pip, cargo) do not redo work.
//!
//! The directory is girgen's: a manifest (`.girgen-manifest`) lists what it wrote, and girgen
//! refuses to write into a non-empty directory without one, so it never deletes a user's files.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = ".girgen-manifest";

/// Generated files, relative path → contents. Sorted, so writing is deterministic.
#[derive(Debug, Default)]
pub struct FileSet {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
}

impl FileSet {
    pub fn add(&mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: is not a directory", .0.display())]
    NotADirectory(PathBuf),
    /// The path cannot be looked at, e.g. because a component of it is a regular file.
    #[error("{}: cannot be used as the output directory: {source}", path.display())]
    Unusable { path: PathBuf, source: std::io::Error },
    #[error("{}: the directory is not empty and was not written by girgen (no {MANIFEST}); refusing to write into it", .0.display())]
    NotOurs(PathBuf),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// What a write did, for the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

pub fn write(dir: &Path, set: &FileSet) -> Result<WriteStats, WriteError> {
    let previous = check_directory(dir)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut stats = WriteStats::default();
    let manifest_text: String = set.files.keys().map(|p| format!("{}\n", p.display())).collect();

    let stage_all = |staged: &mut Vec<(PathBuf, PathBuf)>, stats: &mut WriteStats| -> Result<(), WriteError> {
        let manifest = (PathBuf::from(MANIFEST), manifest_text.as_bytes().to_vec());
        for (rel, contents) in set.files.iter().map(|(p, c)| (p.clone(), c.clone())).chain(std::iter::once(manifest)) {
            let target = dir.join(&rel);
            if fs::read(&target).ok().as_deref() == Some(contents.as_slice()) {
                stats.unchanged += usize::from(rel != Path::new(MANIFEST));
                continue;
            }
            let parent = target.parent().unwrap_or(dir);
            fs::create_dir_all(parent).map_err(io(parent))?;
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = parent.join(format!(".{name}.girgen-tmp-{}", std::process::id()));
            let mut f = fs::File::create(&temp).map_err(io(&temp))?;
            staged.push((temp.clone(), target.clone()));
            f.write_all(&contents).map_err(io(&temp))?;
            stats.written += usize::from(rel != Path::new(MANIFEST));
        }
        Ok(())
    };
    if let Err(e) = stage_all(&mut staged, &mut stats) {
        for (temp, _) in &staged {
            let _ = fs::remove_file(temp);
        }
        return Err(e);
    }
    for (temp, target) in &staged {
        fs::rename(temp, target).map_err(io(target))?;
    }
    for old in previous.iter().filter(|p| !set.files.contains_key(*p)) {
        let path = dir.join(old);
        if fs::remove_file(&path).is_ok() {
            stats.removed += 1;
            remove_empty_parents(dir, &path);
        }
    }
    Ok(stats)
}

/// Checks that `dir` may be written by girgen and returns the files it wrote last time.
pub fn check_directory(dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    match fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(WriteError::Unusable { path: dir.to_path_buf(), source: e }),
        Ok(m) if !m.is_dir() => return Err(WriteError::NotADirectory(dir.to_path_buf())),
        Ok(_) => {}
    }
    let manifest = dir.join(MANIFEST);
    match fs::read_to_string(&manifest) {
        Ok(text) => Ok(text.lines().filter(|l| !l.is_empty() && !l.contains("..")).map(PathBuf::from).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut entries = fs::read_dir(dir).map_err(io(dir))?;
            if entries.next().is_some() {
                Err(WriteError::NotOurs(dir.to_path_buf()))
            } else {
                Ok(Vec::new())
            }
        }
        Err(e) => Err(WriteError::Io { path: manifest, source: e }),
    }
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> FileSet {
        let mut s = FileSet::default();
        for (p, c) in files {
            s.add(*p, c.as_bytes());
        }
        s
    }

    #[test]
    fn writes_then_keeps_unchanged_and_removes_stale() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let s1 = write(&out, &set(&[("a.py", "1"), ("pkg/b.py", "2")])).unwrap();
        assert_eq!(s1, WriteStats { written: 2, unchanged: 0, removed: 0 });
        let mtime = fs::metadata(out.join("a.py")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s2 = write(&out, &set(&[("a.py", "1"), ("c.py", "3")])).unwrap();
        assert_eq!(s2, WriteStats { written: 1, unchanged: 1, removed: 1 });
        assert_eq!(fs::metadata(out.join("a.py")).unwrap().modified().unwrap(), mtime);
        assert!(!out.join("pkg").exists(), "empty directory of a removed file is removed");
        assert_eq!(fs::read_to_string(out.join(MANIFEST)).unwrap(), "a.py\nc.py\n");
    }

    #[test]
    fn refuses_foreign_directory() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("precious.txt"), "x").unwrap();
        let err = write(tmp.path(), &set(&[("a.py", "1")])).unwrap_err();
        assert!(matches!(err, WriteError::NotOurs(_)), "{err}");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_file_as_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("file");
        fs::write(&f, "x").unwrap();
        assert!(matches!(write(&f, &set(&[("a.py", "1")])), Err(WriteError::NotADirectory(_))));
        assert_eq!(fs::read_to_string(&f).unwrap(), "x");
    }
}
