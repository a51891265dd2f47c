//! Decap CMS's local-backend protocol (what npm `decap-server` answers), served by
//! `kompetanse serve` at `/api/v1` against the working copy: `POST {action, params}`.
//!
//! Every path is checked before anything is read or written: relative, no `..`, no
//! backslash, under `content/` or the media folder, no symlink on the way, no dotfile. A
//! request with one bad path is refused (4xx) and writes nothing. Files are written through a
//! temporary file and a rename, so a failed write never leaves half a page.

use super::base64;
use super::decap::MEDIA_FOLDER;
use crate::load::CONTENT_DIR;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Component, Path, PathBuf};

/// The working copy the editor reads and writes.
#[derive(Debug, Clone)]
pub struct Local {
    root: PathBuf,
}

/// An answer: HTTP status and JSON body.
pub type Answer = (u16, Value);

#[derive(Debug)]
struct Refused(u16, String);

impl Refused {
    fn answer(self) -> Answer {
        (self.0, json!({ "error": self.1 }))
    }
}

fn bad(message: impl Into<String>) -> Refused {
    Refused(400, message.into())
}

fn forbidden(path: &str, why: &str) -> Refused {
    Refused(
        403,
        format!(
            "Redigeringen kan ikke bruke «{path}»: {why}. Bare filer under content/ og {MEDIA_FOLDER}/ kan endres."
        ),
    )
}

#[derive(Deserialize)]
struct Request {
    action: String,
    #[serde(default)]
    params: Value,
}

#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default, rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    #[serde(default)]
    encoding: Option<String>,
}

impl Local {
    pub fn new(root: impl Into<PathBuf>) -> Local {
        Local { root: root.into() }
    }

    /// Answers one request body.
    pub fn handle(&self, body: &[u8]) -> Answer {
        let request: Request = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(err) => return bad(format!("Ugyldig forespørsel: {err}")).answer(),
        };
        match self.dispatch(&request.action, &request.params) {
            Ok(value) => (200, value),
            Err(refused) => refused.answer(),
        }
    }

    fn dispatch(&self, action: &str, params: &Value) -> Result<Value, Refused> {
        let string = |key: &str| -> Result<&str, Refused> {
            params[key]
                .as_str()
                .ok_or_else(|| bad(format!("Mangler «{key}» i forespørselen.")))
        };
        match action {
            "info" => Ok(json!({
                "repo": self.root.canonicalize().ok()
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_else(|| "nettsted".into()),
                "publish_modes": ["simple"],
                "type": "local_fs",
            })),
            "entriesByFolder" => {
                let folder = string("folder")?;
                let extension = params["extension"].as_str().unwrap_or("md");
                let depth = params["depth"].as_u64().unwrap_or(1).min(20) as usize;
                let dir = self.resolve(folder)?;
                let mut files = Vec::new();
                list(&dir, folder.trim_end_matches('/'), depth, &mut files);
                files.retain(|f| {
                    f.ends_with(&format!(".{extension}"))
                        // Sections have a collection of their own.
                        && !f.ends_with("/_index.md")
                });
                files.sort();
                Ok(files.iter().map(|f| self.entry(f)).collect())
            }
            "entriesByFiles" => {
                let files = params["files"]
                    .as_array()
                    .ok_or_else(|| bad("Mangler «files» i forespørselen."))?;
                let mut entries = Vec::new();
                for file in files {
                    let path = file["path"]
                        .as_str()
                        .ok_or_else(|| bad("En fil mangler «path»."))?;
                    self.resolve(path)?;
                    let mut entry = self.entry(path);
                    entry["file"]["label"] = file["label"].clone();
                    entries.push(entry);
                }
                Ok(Value::Array(entries))
            }
            "getEntry" => {
                let path = string("path")?;
                self.resolve(path)?;
                Ok(self.entry(path))
            }
            "persistEntry" => self.persist_entry(params),
            "getMedia" => {
                let folder = string("mediaFolder")?;
                let dir = self.resolve(folder)?;
                let mut files = Vec::new();
                list(&dir, folder.trim_end_matches('/'), 1, &mut files);
                files.retain(|f| !f.ends_with(".md"));
                files.sort();
                Ok(files.iter().filter_map(|f| self.media(f)).collect())
            }
            "getMediaFile" => {
                let path = string("path")?;
                self.resolve(path)?;
                self.media(path)
                    .ok_or_else(|| Refused(404, format!("Fant ikke filen {path}.")))
            }
            "persistMedia" => {
                let asset: Asset = serde_json::from_value(params["asset"].clone())
                    .map_err(|err| bad(format!("Ugyldig fil: {err}")))?;
                let (target, bytes) = self.asset(&asset)?;
                write_atomically(&target, &bytes).map_err(|err| self.io(&asset.path, err))?;
                self.media(&asset.path)
                    .ok_or_else(|| Refused(500, format!("Kunne ikke lese {}.", asset.path)))
            }
            "deleteFile" => {
                let path = string("path")?;
                let target = self.resolve_writable(path)?;
                remove(&target).map_err(|err| self.io(path, err))?;
                Ok(json!({ "message": format!("slettet {path}") }))
            }
            "deleteFiles" => {
                let paths: Vec<String> = serde_json::from_value(params["paths"].clone())
                    .map_err(|_| bad("Mangler «paths» i forespørselen."))?;
                let targets = paths
                    .iter()
                    .map(|p| self.resolve_writable(p))
                    .collect::<Result<Vec<_>, _>>()?;
                for (path, target) in paths.iter().zip(targets) {
                    remove(&target).map_err(|err| self.io(path, err))?;
                }
                Ok(json!({ "message": format!("slettet {}", paths.join(", ")) }))
            }
            "getDeployPreview" => Ok(Value::Null),
            other => Err(Refused(
                422,
                format!(
                    "Ukjent handling «{other}»: forhåndsvisningen støtter bare enkel publisering."
                ),
            )),
        }
    }

    /// Writes the page (or pages) and their media: every path is checked first.
    fn persist_entry(&self, params: &Value) -> Result<Value, Refused> {
        let files: Vec<DataFile> = match params.get("dataFiles") {
            Some(files) => serde_json::from_value(files.clone()),
            None => serde_json::from_value(json!([params["entry"].clone()])),
        }
        .map_err(|err| bad(format!("Ugyldig side i forespørselen: {err}")))?;
        let assets: Vec<Asset> =
            serde_json::from_value(params.get("assets").cloned().unwrap_or_else(|| json!([])))
                .map_err(|err| bad(format!("Ugyldig fil i forespørselen: {err}")))?;
        let mut writes = Vec::new();
        for file in &files {
            let target = self.resolve_writable(&file.path)?;
            if !file.path.starts_with(&format!("{CONTENT_DIR}/")) || !file.path.ends_with(".md") {
                return Err(forbidden(&file.path, "sider er .md-filer under content/"));
            }
            let moved = match &file.new_path {
                Some(new_path) => {
                    if !new_path.ends_with(".md") {
                        return Err(forbidden(new_path, "sider er .md-filer under content/"));
                    }
                    Some(self.resolve_writable(new_path)?)
                }
                None => None,
            };
            writes.push((target, file.raw.as_bytes().to_vec(), moved, &file.path));
        }
        let mut media = Vec::new();
        for asset in &assets {
            media.push((self.asset(asset)?, &asset.path));
        }
        for ((target, bytes), path) in media {
            write_atomically(&target, &bytes).map_err(|err| self.io(path, err))?;
        }
        for (target, bytes, moved, path) in writes {
            // A save that changes nothing leaves the file (and the build) alone.
            let same = moved.is_none() && std::fs::read(&target).is_ok_and(|old| old == bytes);
            if same {
                continue;
            }
            write_atomically(&target, &bytes).map_err(|err| self.io(path, err))?;
            if let Some(moved) = moved {
                if let Some(parent) = moved.parent() {
                    std::fs::create_dir_all(parent).map_err(|err| self.io(path, err))?;
                }
                std::fs::rename(&target, &moved).map_err(|err| self.io(path, err))?;
            }
        }
        Ok(json!({ "message": "entry persisted" }))
    }

    fn asset(&self, asset: &Asset) -> Result<(PathBuf, Vec<u8>), Refused> {
        let target = self.resolve_writable(&asset.path)?;
        if asset.path.ends_with(".md") {
            return Err(forbidden(&asset.path, "en mediefil kan ikke være en side"));
        }
        let bytes = match asset.encoding.as_deref() {
            Some("base64") | None => base64::decode(&asset.content)
                .ok_or_else(|| bad(format!("{} er ikke gyldig base64.", asset.path)))?,
            Some(other) => return Err(bad(format!("Ukjent koding «{other}»."))),
        };
        Ok((target, bytes))
    }

    fn io(&self, path: &str, err: std::io::Error) -> Refused {
        Refused(500, format!("Kunne ikke skrive {path}: {err}"))
    }

    fn entry(&self, path: &str) -> Value {
        match self
            .resolve(path)
            .ok()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok())
        {
            Some(text) => json!({
                "data": text,
                "file": { "path": path, "id": id(text.as_bytes()) },
            }),
            None => json!({ "data": null, "file": { "path": path, "id": null } }),
        }
    }

    fn media(&self, path: &str) -> Option<Value> {
        let bytes = std::fs::read(self.resolve(path).ok()?).ok()?;
        let name = path.rsplit('/').next().unwrap_or(path);
        Some(json!({
            "id": id(&bytes),
            "content": base64::encode(&bytes),
            "encoding": "base64",
            "path": path,
            "name": name,
        }))
    }

    /// A path the editor may read: see the module docs.
    fn resolve(&self, rel: &str) -> Result<PathBuf, Refused> {
        let rel = rel.trim_end_matches('/');
        if rel.is_empty() || rel.contains('\\') || rel.contains('\0') || rel.contains(':') {
            return Err(forbidden(rel, "ugyldig sti"));
        }
        let path = Path::new(rel);
        let mut parts = Vec::new();
        for component in path.components() {
            match component {
                Component::Normal(part) => {
                    let part = part.to_string_lossy();
                    if part.starts_with('.') {
                        return Err(forbidden(rel, "skjulte filer og mapper kan ikke endres"));
                    }
                    parts.push(part.into_owned());
                }
                Component::ParentDir => return Err(forbidden(rel, "stien inneholder «..»")),
                Component::RootDir | Component::Prefix(_) => {
                    return Err(forbidden(rel, "stien må være relativ til nettstedet"));
                }
                Component::CurDir => return Err(forbidden(rel, "ugyldig sti")),
            }
        }
        let joined = parts.join("/");
        let allowed = joined == CONTENT_DIR
            || joined.starts_with(&format!("{CONTENT_DIR}/"))
            || joined == MEDIA_FOLDER
            || joined.starts_with(&format!("{MEDIA_FOLDER}/"));
        if !allowed {
            return Err(forbidden(rel, "stien er utenfor innholdet"));
        }
        // No symlink anywhere on the way: one could lead out of the site.
        let mut current = self.root.clone();
        for part in &parts {
            current.push(part);
            match std::fs::symlink_metadata(&current) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(forbidden(rel, "stien går gjennom en symbolsk lenke"));
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(self.root.join(path))
    }

    /// A path the editor may write: as [`Local::resolve`], and not a folder.
    fn resolve_writable(&self, rel: &str) -> Result<PathBuf, Refused> {
        let path = self.resolve(rel)?;
        let top = rel == CONTENT_DIR || rel == MEDIA_FOLDER;
        if top || path.is_dir() {
            return Err(forbidden(rel, "en mappe kan ikke skrives over"));
        }
        Ok(path)
    }
}

/// Files under `dir` (as `shown/...`) down to `depth` levels, skipping dotfiles and
/// symlinks.
fn list(dir: &Path, shown: &str, depth: usize, out: &mut Vec<String>) {
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let rel = format!("{shown}/{name}");
        if kind.is_dir() {
            list(&entry.path(), &rel, depth - 1, out);
        } else if kind.is_file() {
            out.push(rel);
        }
    }
}

fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Writes beside the target first, then renames over it.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("ingen mappe"))?;
    std::fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.kompetanse-lagrer"));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// A version id for a file's content (Decap only compares them).
fn id(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}-{}", bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Local) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/nyheter")).unwrap();
        std::fs::write(tmp.path().join("content/_index.md"), "---\ntitle: A\n---\n").unwrap();
        std::fs::write(
            tmp.path().join("content/nyheter/_index.md"),
            "---\ntitle: N\n---\n",
        )
        .unwrap();
        std::fs::write(
            tmp.path().join("content/nyheter/a.md"),
            "---\ntitle: A\n---\nTekst\n",
        )
        .unwrap();
        std::fs::write(tmp.path().join("site.yaml"), "title: T\n").unwrap();
        let local = Local::new(tmp.path());
        (tmp, local)
    }

    fn call(local: &Local, action: &str, params: Value) -> Answer {
        local.handle(
            json!({ "action": action, "params": params })
                .to_string()
                .as_bytes(),
        )
    }

    #[test]
    fn lists_reads_and_writes_pages() {
        let (tmp, local) = site();
        let (status, entries) = call(
            &local,
            "entriesByFolder",
            json!({ "folder": "content/nyheter", "extension": "md", "depth": 1 }),
        );
        assert_eq!(status, 200);
        assert_eq!(entries.as_array().unwrap().len(), 1, "{entries}");
        assert_eq!(entries[0]["file"]["path"], "content/nyheter/a.md");
        assert_eq!(entries[0]["data"], "---\ntitle: A\n---\nTekst\n");
        let (status, _) = call(
            &local,
            "persistEntry",
            json!({ "dataFiles": [{ "path": "content/nyheter/b.md", "slug": "b", "raw": "---\ntitle: B\n---\n" }],
                    "assets": [{ "path": "content/nyheter/bilde.png", "content": "iVBORw==", "encoding": "base64" }] }),
        );
        assert_eq!(status, 200);
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("content/nyheter/b.md")).unwrap(),
            "---\ntitle: B\n---\n"
        );
        assert_eq!(
            std::fs::read(tmp.path().join("content/nyheter/bilde.png")).unwrap(),
            [0x89, b'P', b'N', b'G']
        );
        let (status, media) = call(
            &local,
            "getMedia",
            json!({ "mediaFolder": "content/nyheter" }),
        );
        assert_eq!(status, 200);
        assert_eq!(media.as_array().unwrap().len(), 1, "{media}");
        assert_eq!(media[0]["content"], "iVBORw==");
    }

    #[test]
    fn paths_outside_content_are_refused_and_nothing_is_written() {
        let (tmp, local) = site();
        for path in [
            "../utenfor.md",
            "content/../site.yaml",
            "site.yaml",
            "/etc/passwd",
            "templates/page.html",
            "content\\..\\site.yaml",
            "content/.git/config",
            "static/js/app.js",
            "",
        ] {
            let (status, answer) = call(
                &local,
                "persistEntry",
                json!({ "dataFiles": [
                    { "path": "content/nyheter/ok.md", "slug": "ok", "raw": "x" },
                    { "path": path, "slug": "x", "raw": "x" }
                ], "assets": [] }),
            );
            assert!((400..500).contains(&status), "{path}: {status} {answer}");
            assert!(answer["error"].as_str().is_some());
            assert!(!tmp.path().join("content/nyheter/ok.md").exists(), "{path}");
            let (status, _) = call(&local, "deleteFile", json!({ "path": path }));
            assert!((400..500).contains(&status), "{path}");
            let (status, _) = call(
                &local,
                "persistMedia",
                json!({ "asset": { "path": path, "content": "eA==", "encoding": "base64" } }),
            );
            assert!((400..500).contains(&status), "{path}");
            let (status, _) = call(&local, "getEntry", json!({ "path": path }));
            assert!((400..500).contains(&status), "{path}");
        }
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap(),
            "title: T\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_refused() {
        let (tmp, local) = site();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("content/ut")).unwrap();
        let (status, _) = call(
            &local,
            "persistEntry",
            json!({ "dataFiles": [{ "path": "content/ut/a.md", "slug": "a", "raw": "x" }], "assets": [] }),
        );
        assert_eq!(status, 403);
        assert!(!outside.path().join("a.md").exists());
        let (status, _) = call(
            &local,
            "entriesByFolder",
            json!({ "folder": "content/ut", "extension": "md", "depth": 1 }),
        );
        assert_eq!(status, 403);
    }

    #[test]
    fn a_page_must_be_markdown_under_content() {
        let (tmp, local) = site();
        let (status, _) = call(
            &local,
            "persistEntry",
            json!({ "dataFiles": [{ "path": "static/media/a.md", "slug": "a", "raw": "x" }], "assets": [] }),
        );
        assert_eq!(status, 403);
        let (status, _) = call(
            &local,
            "persistEntry",
            json!({ "dataFiles": [{ "path": "content", "slug": "a", "raw": "x" }], "assets": [] }),
        );
        assert_eq!(status, 403);
        assert!(tmp.path().join("content").is_dir());
        let (status, answer) = call(&local, "unpublishedEntries", json!({}));
        assert_eq!(status, 422, "{answer}");
    }

    #[test]
    fn an_unchanged_save_leaves_the_file_untouched() {
        let (tmp, local) = site();
        let file = tmp.path().join("content/nyheter/a.md");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let save = |raw: &str| {
            call(
                &local,
                "persistEntry",
                json!({ "dataFiles": [{ "path": "content/nyheter/a.md", "slug": "a", "raw": raw }], "assets": [] }),
            )
        };
        let (status, _) = save("---\ntitle: A\n---\nTekst\n");
        assert_eq!(status, 200);
        // Not rewritten: the watcher sees no change, so no rebuild follows.
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), old);
        let (status, _) = save("---\ntitle: B\n---\nTekst\n");
        assert_eq!(status, 200);
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "---\ntitle: B\n---\nTekst\n"
        );
    }
}
