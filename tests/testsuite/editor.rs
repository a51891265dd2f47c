//! The browser editor: `/admin/` in the internal build only when `editor:` is configured (and
//! never in the public build or the service worker), and `kompetanse serve`'s local backend
//! (`/api/v1`) and preview endpoint, spoken to over raw HTTP: writes confined to `content/`
//! and the media folder, cross-site requests refused, a save that breaks the build kept.

use crate::common::Fixture;
use crate::common::serve::Serve;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const EDITOR: &str = "editor:\n  backend: gitlab\n  repo: it/portal\n  base_url: https://git.example.no\n  app_id: abc123\n";

fn site(editor: bool) -> Fixture {
    let f = Fixture::new();
    let mut config = "title: Testportalen\nbase_url: https://test.example/\nlanguage: nb\nminify: false\nowners: [IT]\n".to_string();
    if editor {
        config.push_str(EDITOR);
    }
    f.write("site.yaml", &config);
    f.write(
        "content/_index.md",
        "---\ntitle: Testportalen\naccess: public\n---\n\nVelkommen.\n",
    );
    f.write(
        "content/nyheter/_index.md",
        "---\ntitle: Nyheter\npage_kind: nyhet\naccess: public\n---\n",
    );
    f.write(
        "content/nyheter/a.md",
        "---\n# En kommentar\ntitle: \"Første nyhet\"\ndate: 2026-01-02\nowner: IT\naccess: public\n---\n\nTekst.\n",
    );
    f
}

/// Builds `target` into the fixture's folder `out`; the build must succeed.
fn build(f: &Fixture, target: &str, out: &str) {
    let out = f.path(out);
    let run = f.run(&[
        "build",
        "--target",
        target,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_internal_build_carries_the_editor_only_when_configured() {
    let f = site(true);
    build(&f, "internal", "intern");
    let index = f.read("intern/admin/index.html");
    assert!(index.contains("Content-Security-Policy"), "{index}");
    assert!(
        index.contains("connect-src 'self' https://git.example.no"),
        "{index}"
    );
    let config: serde_json::Value =
        serde_json::from_str(&f.read("intern/admin/config.json")).unwrap();
    assert_eq!(config["backend"]["name"], "gitlab");
    assert_eq!(config["backend"]["auth_type"], "pkce");
    assert_eq!(config["backend"]["app_id"], "abc123");
    assert_eq!(config["publish_mode"], "editorial_workflow");
    // The hosted preview shows the published page: every page's address in this build.
    let published = &config["_kompetanse"]["published"];
    assert_eq!(
        published["content/nyheter/a.md"], "nyheter/a/",
        "{published}"
    );
    assert_eq!(published["content/nyheter/_index.md"], "nyheter/");
    assert!(f.path("intern/nyheter/a/index.html").is_file());
    let nyheter = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["folder"] == "content/nyheter")
        .expect("a collection for the section");
    assert!(
        nyheter["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "date" && f["required"] == true)
    );
    assert!(
        f.path("intern/admin/vendor/decap-cms/decap-cms.js")
            .is_file()
    );
    assert!(f.path("intern/admin/kompetanse-format.js").is_file());
    // Readers' browsers do not download the editor for offline use.
    assert!(!f.read("intern/sw.js").contains("admin/"));

    build(&f, "public", "offentlig");
    assert!(f.path("offentlig/index.html").is_file());
    assert!(
        !f.path("offentlig/admin").exists(),
        "the public build never carries the editor"
    );

    let plain = site(false);
    build(&plain, "internal", "intern");
    assert!(
        !plain.path("intern/admin").exists(),
        "no editor: without `editor:`"
    );
}

#[test]
fn the_editor_of_an_english_site_speaks_english() {
    let f = Fixture::site("languages");
    f.write(
        "site.yaml",
        &format!("title: Lingua\nbase_url: https://test.example/\nlanguage: en\nvocabularies:\n  municipalities:\n    molde: Molde\n  areas:\n    oppvekst-og-utdanning: Oppvekst og utdanning\n{EDITOR}"),
    );
    build(&f, "internal", "intern");
    let index = f.read("intern/admin/index.html");
    assert!(index.contains("<html lang=\"en\">"), "{index}");
    assert!(index.contains("<title>Editing – Lingua</title>"), "{index}");
    let config: serde_json::Value =
        serde_json::from_str(&f.read("intern/admin/config.json")).unwrap();
    assert_eq!(config["locale"], "en", "Decap's own texts in English");
    let reqs = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["folder"] == "content/reqs")
        .expect("a collection for the requirements section");
    let field = |name: &str| {
        reqs["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {name}"))
            .clone()
    };
    assert_eq!(field("owner")["label"], "Owner");
    assert_eq!(
        field("owner")["hint"],
        "The unit that keeps the page up to date"
    );
    assert_eq!(field("access")["options"][1]["label"], "Internal");
    assert_eq!(field("status")["options"][2]["label"], "Withdrawn");
    assert_eq!(field("body")["label"], "Text");
    assert_eq!(
        config["_kompetanse"]["texts"]["checking"],
        "Checking the page …"
    );
    // No bokmål left in what the form shows.
    let shown = serde_json::to_string(&reqs["fields"]).unwrap();
    for word in ["Påkrevd", "Ansvarlig", "Tilgang", "Gjeldende", "eksempel"] {
        assert!(!shown.contains(word), "{word} in {shown}");
    }
}

#[test]
fn an_unknown_editor_key_is_an_error_naming_it() {
    let f = site(false);
    f.write(
        "site.yaml",
        &format!("title: T\nbase_url: https://test.example/\n{EDITOR}  repo_url: x\n"),
    );
    let run = f.run(&["check"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("repo_url") || run.stdout.contains("repo_url"),
        "{}",
        run.stderr
    );
}

impl Serve {
    /// (status, body) of a request with `headers` (each ending in CRLF) and `body`.
    fn send(&self, method: &str, target: &str, headers: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let request = format!(
            "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text[9..12].parse().unwrap();
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn api(&self, action: &str, params: serde_json::Value) -> (u16, serde_json::Value) {
        let body = serde_json::json!({ "action": action, "params": params }).to_string();
        let (status, body) = self.send(
            "POST",
            "/api/v1",
            "Content-Type: application/json\r\n",
            &body,
        );
        (
            status,
            serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        )
    }
}

#[test]
fn the_local_backend_writes_only_content_and_media() {
    let f = site(false);
    let serve = Serve::start(&f);
    let (status, config) = {
        let (status, body) = serve.send("GET", "/admin/config.json", "", "");
        (
            status,
            serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        )
    };
    assert_eq!(status, 200);
    assert_eq!(config["backend"]["name"], "proxy");
    let (status, page) = serve.send("GET", "/admin/", "", "");
    assert_eq!(status, 200);
    assert!(page.contains("vendor/decap-cms/decap-cms.js"));

    let (status, entries) = serve.api(
        "entriesByFolder",
        serde_json::json!({ "folder": "content/nyheter", "extension": "md", "depth": 1 }),
    );
    assert_eq!(status, 200);
    assert_eq!(entries[0]["data"], f.read("content/nyheter/a.md"));

    for bad in [
        "../utenfor.md",
        "content/../site.yaml",
        "site.yaml",
        "/tmp/x.md",
        "templates/page.html",
        "themes/default/templates/page.html",
        "target/kompetanse-serve/internal/index.md",
    ] {
        let (status, answer) = serve.api(
            "persistEntry",
            serde_json::json!({ "dataFiles": [{ "path": bad, "slug": "x", "raw": "ødelagt" }], "assets": [] }),
        );
        assert!((400..500).contains(&status), "{bad}: {status} {answer}");
        assert!(
            answer["error"].as_str().unwrap().contains("content/"),
            "{answer}"
        );
        let (status, _) = serve.api(
            "persistMedia",
            serde_json::json!({ "asset": { "path": bad, "content": "eA==", "encoding": "base64" } }),
        );
        assert!((400..500).contains(&status), "{bad}: {status}");
    }
    assert!(!f.root().parent().unwrap().join("utenfor.md").exists());
    assert!(f.read("site.yaml").starts_with("title: Testportalen"));

    // Another site's page cannot make the browser write here.
    let (status, _) = serve.send(
        "POST",
        "/api/v1",
        "Content-Type: application/json\r\nOrigin: http://evil.example\r\n",
        r#"{"action":"info","params":{}}"#,
    );
    assert_eq!(status, 403);
    let (status, _) = serve.send(
        "POST",
        "/api/v1",
        "Content-Type: text/plain\r\n",
        r#"{"action":"info"}"#,
    );
    assert_eq!(status, 415);
    let (status, _) = serve.send(
        "POST",
        "/index.html",
        "Content-Type: application/json\r\n",
        "{}",
    );
    assert_eq!(status, 405);

    let (status, _) = serve.api(
        "persistMedia",
        serde_json::json!({ "asset": { "path": "static/media/bilde.png", "content": "iVBORw==", "encoding": "base64" } }),
    );
    assert_eq!(status, 200);
    assert_eq!(
        std::fs::read(f.path("static/media/bilde.png")).unwrap(),
        b"\x89PNG"
    );
}

#[test]
fn a_save_that_breaks_the_build_is_kept_and_reported() {
    let f = site(false);
    let serve = Serve::start(&f);
    let broken = "---\ntitle: Uten dato\nowner: IT\n---\n\nTeksten redaktøren skrev.\n";
    let (status, answer) = serve.api(
        "persistEntry",
        serde_json::json!({ "dataFiles": [{ "path": "content/nyheter/b.md", "slug": "b", "raw": broken }], "assets": [] }),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        f.read("content/nyheter/b.md"),
        broken,
        "what was typed is on disk"
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = serve.send("GET", "/__kompetanse/status", "", "");
        let status: serde_json::Value = serde_json::from_str(&body).unwrap();
        if status["ok"] == false {
            assert!(status["errors"].to_string().contains("b.md"), "{status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the failed rebuild was never reported: {status}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_preview_renders_an_entry_with_the_sites_pipeline_and_its_diagnostics() {
    let f = site(false);
    f.write(
        "content/begreper/_index.md",
        "---\ntitle: Begreper\npage_kind: begrep\n---\n",
    );
    f.write(
        "content/begreper/dpia.md",
        "---\ntitle: DPIA\nterm: DPIA\nexpansion: Data Protection Impact Assessment\nowner: IT\nupdated: 2026-01-01\n---\n\nEn vurdering av personvernkonsekvenser.\n",
    );
    let serve = Serve::start(&f);
    let text = "---\ntitle: \"Ny overskrift\"\ndate: 2026-02-03\nowner: IT\n---\n\nVi har gjort en DPIA.\n";
    let body = serde_json::json!({ "path": "content/nyheter/a.md", "text": text }).to_string();
    let (status, answer) = serve.send(
        "POST",
        "/__kompetanse/editor/preview",
        "Content-Type: application/json\r\n",
        &body,
    );
    assert_eq!(status, 200, "{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let html = answer["html"].as_str().expect("html");
    assert!(html.starts_with("<main"), "{html}");
    assert!(html.contains("Ny overskrift"));
    assert!(
        html.contains("3. februar 2026"),
        "dates as the site shows them: {html}"
    );
    assert!(
        html.contains("<abbr") || html.contains("begreper/dpia"),
        "glossary marks: {html}"
    );
    assert_eq!(answer["diagnostics"], serde_json::json!([]));
    // The file on disk is untouched: the preview renders the text it was sent.
    assert!(f.read("content/nyheter/a.md").contains("Første nyhet"));

    let bad = "---\ntitle: Uten eier\ndate: 2026-02-03\nowner: Ukjent\n---\n\nTekst.\n";
    let body = serde_json::json!({ "path": "content/nyheter/a.md", "text": bad }).to_string();
    let (_, answer) = serve.send(
        "POST",
        "/__kompetanse/editor/preview",
        "Content-Type: application/json\r\n",
        &body,
    );
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let problems = answer["diagnostics"].to_string();
    assert!(problems.contains("Ukjent"), "{answer}");

    // A section's own page previews the typed text too, not the saved file.
    let typed = "---\ntitle: Nyheter fra IT\npage_kind: nyhet\naccess: public\n---\n\nSiste nytt fra driften.\n";
    let body =
        serde_json::json!({ "path": "content/nyheter/_index.md", "text": typed }).to_string();
    let (status, answer) = serve.send(
        "POST",
        "/__kompetanse/editor/preview",
        "Content-Type: application/json\r\n",
        &body,
    );
    assert_eq!(status, 200, "{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let html = answer["html"].as_str().expect("html");
    assert!(html.contains("Nyheter fra IT"), "{html}");
    assert!(html.contains("Siste nytt fra driften."), "{html}");
    assert_eq!(answer["url"], "nyheter/");
    assert_eq!(answer["diagnostics"], serde_json::json!([]));
    assert!(
        f.read("content/nyheter/_index.md")
            .contains("title: Nyheter\n")
    );
    // … and the section's load errors are shown for the typed text.
    let typed = "---\ntitle: Nyheter\npage_kind: nyhet\nfarge: rød\n---\n";
    let body =
        serde_json::json!({ "path": "content/nyheter/_index.md", "text": typed }).to_string();
    let (_, answer) = serve.send(
        "POST",
        "/__kompetanse/editor/preview",
        "Content-Type: application/json\r\n",
        &body,
    );
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert!(
        answer["diagnostics"].to_string().contains("farge"),
        "{answer}"
    );
}
