//! Stage 6: atomic output. A build writes into a fresh folder beside the output folder and
//! swaps it in only when the whole build succeeded; a failed build leaves the previous
//! output untouched.

use std::io;
use std::path::{Path, PathBuf};

/// Where a build writes. `None` (for `check`) writes nothing.
pub struct Staging {
    dir: Option<PathBuf>,
    target: PathBuf,
    /// Writes go straight into the existing output (the live preview's small updates).
    in_place: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `target` (same file system, so the final rename
    /// cannot fail halfway).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.bygges-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir: Some(dir),
            target: target.to_path_buf(),
            in_place: false,
        })
    }

    /// Writes straight into an existing output folder, file by file. Only for the live
    /// preview, where a change touches a few files and each is replaced whole.
    pub fn in_place(target: &Path) -> Staging {
        Staging {
            dir: Some(target.to_path_buf()),
            target: target.to_path_buf(),
            in_place: true,
        }
    }

    /// A staging area that discards everything (used by `kompetanse check`).
    pub fn discard() -> Staging {
        Staging {
            dir: None,
            target: PathBuf::new(),
            in_place: false,
        }
    }

    pub fn is_discarding(&self) -> bool {
        self.dir.is_none()
    }

    /// Writes one file; `rel` uses `/` separators.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let path = safe_join(dir, rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if self.in_place {
            // A reader (the preview server) never sees a half-written file.
            let temporary = path.with_extension("kompetanse-ny");
            std::fs::write(&temporary, bytes)?;
            return std::fs::rename(temporary, path);
        }
        std::fs::write(path, bytes)
    }

    /// Copies a file into the staging area.
    pub fn copy(&self, source: &Path, rel: &str) -> io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let path = safe_join(dir, rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(source, path).map(|_| ())
    }

    /// Every file written so far, as site paths with `/`, sorted.
    pub fn files(&self) -> Vec<String> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        let mut files: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let rel = e.path().strip_prefix(dir).ok()?;
                Some(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                )
            })
            .collect();
        files.sort();
        files
    }

    /// Replaces the target folder with the staged one.
    pub fn commit(mut self) -> io::Result<()> {
        if self.in_place {
            return Ok(());
        }
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let old = dir.with_file_name(format!(
            "{}.gammel",
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(err) = std::fs::rename(&dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            let _ = std::fs::remove_dir_all(&dir);
            return Err(err);
        }
        if had_old {
            remove_dir_parallel(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// A staging folder not committed is removed: the build failed or was interrupted.
    fn drop(&mut self) {
        if self.in_place {
            return;
        }
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Removes a folder tree, its top-level entries in parallel: the previous output of a large
/// site has thousands of files, and deleting them one by one is a noticeable part of a build.
fn remove_dir_parallel(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.par_iter().try_for_each(|path| {
        if path.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Joins a site path onto the output folder, refusing anything that would leave it.
fn safe_join(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("utdata-sti går utenfor mappen: {rel}"),
                ));
            }
            other => path.push(other),
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();

        let failed = Staging::new(&target).unwrap();
        failed.write("new.html", b"new").unwrap();
        drop(failed);
        assert!(
            target.join("old.html").exists(),
            "a dropped build must not touch the output"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "staging folder removed"
        );

        let ok = Staging::new(&target).unwrap();
        ok.write("a/b/index.html", b"new").unwrap();
        ok.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("a/b/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn in_place_writes_replace_files_and_keep_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir_all(target.join("a")).unwrap();
        std::fs::write(target.join("a/index.html"), "old").unwrap();
        std::fs::write(target.join("b.html"), "b").unwrap();
        let staging = Staging::in_place(&target);
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_to_string(target.join("b.html")).unwrap(), "b");
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temporary files left"
        );
        assert_eq!(std::fs::read_dir(target.join("a")).unwrap().count(), 1);
    }

    #[test]
    fn refuses_paths_outside_output() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::new(&tmp.path().join("public")).unwrap();
        assert!(staging.write("../x", b"").is_err());
    }
}
