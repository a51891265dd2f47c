//! What the preview answers: an axum router with the preview's own files under
//! `/__kompetanse/` and the output folder for everything else, behind one guard that every
//! request passes first (method, Host header, path, service workers).

use super::paths::{self, Refusal, RequestPath, Resolved};
use crate::serve::live::{self, Live};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// Shown for a missing page when the site has no `404.html` (for instance before the first
/// successful build).
const FALLBACK_404: &str = "<!doctype html>\n<html lang=\"nb\">\n<head><meta charset=\"utf-8\"><title>Fant ikke siden</title></head>\n<body>\n<h1>Fant ikke siden</h1>\n<p>Siden finnes ikke i forhåndsvisningen. Har bygget feilet, står feilene i terminalen der <code>kompetanse serve</code> kjører.</p>\n</body>\n</html>\n";

const HTML: &str = "text/html; charset=utf-8";

pub struct App {
    /// The output folder; it is replaced by every successful build, so it is resolved anew
    /// for every request.
    pub output: PathBuf,
    pub live: Arc<Live>,
    /// The browser editor at `/admin/` (`None` in tests of the preview alone).
    pub editor: Option<Arc<crate::editor::LocalEditor>>,
    /// The site's base path, under which the site is served as well as at `/`.
    pub base: Arc<super::BasePath>,
}

/// The address a connection came in on, put into each request by the server: a Host header
/// may name it (besides the loopback names).
#[derive(Debug, Clone, Copy)]
pub struct LocalAddr(pub Option<SocketAddr>);

pub fn router(app: Arc<App>) -> Router {
    let editor = app.editor.clone();
    let router = Router::new()
        .route(live::SCRIPT_PATH, get(script))
        .route(live::STATUS_PATH, get(status))
        .route(live::EVENTS_PATH, get(events))
        .fallback(files)
        .with_state(app);
    let router = match editor {
        Some(editor) => router.merge(crate::editor::http::router(editor)),
        None => router,
    };
    router.layer(middleware::from_fn(guard))
}

async fn script() -> Response {
    typed("text/javascript; charset=utf-8", live::LIVE_JS)
}

async fn status(State(app): State<Arc<App>>) -> Response {
    typed("application/json", app.live.status_json())
}

async fn events(State(app): State<Arc<App>>) -> Response {
    app.live.event_stream().into_response()
}

/// The Content-Security-Policy of the preview: the published site's (deploy/nginx.conf)
/// without `upgrade-insecure-requests`, which would send the preview's own `http://` requests
/// to an `https://` nobody answers. Script comes only from the site itself, so script that
/// slipped past `check` does not run in the preview either.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The Content-Security-Policy for the answer to a request for `path`: the one place to make
/// an exception for a part of the preview that needs one; every other page keeps
/// `script-src 'self'`.
pub fn content_security_policy(_path: &str) -> &'static str {
    CONTENT_SECURITY_POLICY
}

/// Refuses what the preview never serves, then adds the headers every answer carries.
async fn guard(mut request: Request, next: Next) -> Response {
    let csp = content_security_policy(request.uri().path());
    let mut response = match check(&request) {
        Ok(path) => {
            request.extensions_mut().insert(path);
            next.run(request).await
        }
        Err(refused) => refused.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The editor's pages under /admin/ bring their own, looser policy (Decap CMS needs
    // `'unsafe-eval'`); every other answer gets the strict one.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        );
    }
    response
}

/// Why the guard refused a request: the status, and a message for the reader.
struct Refused(StatusCode, &'static str);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let mut response = text(self.0, self.1);
        if self.0 == StatusCode::METHOD_NOT_ALLOWED {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
}

impl From<Refusal> for Refused {
    fn from(refusal: Refusal) -> Refused {
        let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
        Refused(status, refusal.message())
    }
}

fn check(request: &Request) -> Result<Arc<RequestPath>, Refused> {
    let local = request
        .extensions()
        .get::<LocalAddr>()
        .and_then(|local| local.0);
    let editor_post =
        request.method() == Method::POST && crate::editor::accepts_post(request.uri().path());
    if request.method() != Method::GET && request.method() != Method::HEAD && !editor_post {
        return Err(Refused(
            StatusCode::METHOD_NOT_ALLOWED,
            "Bare GET og HEAD støttes.",
        ));
    }
    if editor_post {
        // Writes come only from the preview's own pages: a page on another site may not
        // make the browser save files here.
        let origin = request.headers().get(header::ORIGIN).map(|o| {
            o.to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .map_or("\u{0}", |(_, host)| host)
        });
        if origin.is_some_and(|host| !is_allowed_host(host, local)) {
            return Err(Refused(
                StatusCode::FORBIDDEN,
                "Redigeringen tar bare imot endringer fra forhåndsvisningens egne sider.",
            ));
        }
    }
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let (host, second) = (hosts.next(), hosts.next());
    if second.is_some() {
        // Two Host headers: which one a proxy or browser meant is anyone's guess.
        return Err(Refused(
            StatusCode::BAD_REQUEST,
            "Forespørselen har mer enn ett Host-felt.",
        ));
    }
    // The absolute form (`GET http://host/path`) names a host too.
    // A Host that is not plain text names none of ours: NUL makes sure it is refused.
    let named = host
        .map(|h| h.to_str().unwrap_or("\u{0}"))
        .into_iter()
        .chain(request.uri().authority().map(|a| a.as_str()));
    for name in named {
        if !is_allowed_host(name, local) {
            return Err(Refused(
                StatusCode::FORBIDDEN,
                "Forhåndsvisningen svarer bare på localhost og adressen den lytter på.",
            ));
        }
    }
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let path = RequestPath::parse(target)?;
    if request.headers().contains_key("service-worker") {
        // A service worker would answer from its cache and the preview would go stale;
        // without its script the site simply runs without one.
        return Err(Refused(
            StatusCode::NOT_FOUND,
            "Forhåndsvisningen bruker ikke service worker.",
        ));
    }
    Ok(Arc::new(path))
}

/// `localhost`, `127.0.0.1`, `[::1]` and the like, or the address the connection came in on;
/// with or without a port. Anything else may be a DNS rebinding attack: a foreign name that
/// resolves to this machine, which would let that site's scripts read the preview.
pub fn is_allowed_host(host: &str, local: Option<SocketAddr>) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let ip = name.parse::<IpAddr>().ok();
    name == "localhost"
        || name.ends_with(".localhost")
        || ip.is_some_and(|ip| ip.is_loopback() || Some(ip) == local.map(|l| l.ip()))
}

/// The site's files: HTML with the live-reload script, everything else as it is.
async fn files(State(app): State<Arc<App>>, request: Request) -> Response {
    let Some(path) = request.extensions().get::<Arc<RequestPath>>().cloned() else {
        return not_found(&app.output);
    };
    if path.decoded.starts_with(live::PREFIX) {
        return not_found(&app.output);
    }
    // Under the base path the same files are served, and redirects stay under it.
    let (path, prefix) = match app.base.strip(&path) {
        Some((inner, prefix)) => (Arc::new(inner), prefix),
        None => (path, String::new()),
    };
    if !prefix.is_empty() && path.segments.is_empty() && !path.trailing_slash {
        return redirect(&format!("{prefix}/{}", path.query));
    }
    match paths::resolve(&app.output, &path) {
        Resolved::File(file) => serve_file(&app.output, file, request).await,
        Resolved::Redirect(location) => redirect(&format!("{prefix}{location}")),
        Resolved::NotFound => not_found(&app.output),
        Resolved::Forbidden => Refused::from(Refusal::Outside).into_response(),
    }
}

fn redirect(location: &str) -> Response {
    let mut response = text(StatusCode::MOVED_PERMANENTLY, "Flyttet.");
    if let Ok(location) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

async fn serve_file(output: &Path, file: PathBuf, request: Request) -> Response {
    let content_type = paths::content_type(&file);
    if content_type == HTML {
        return match tokio::fs::read(&file).await {
            Ok(html) => typed(HTML, live::inject_script(&html)),
            Err(_) => not_found(output),
        };
    }
    // tower-http streams the file and answers HEAD, ranges and conditional requests; the
    // type is ours, so that it is the same as in the tests and on every platform.
    let Ok(mut response) = ServeFile::new(&file).oneshot(request).await;
    if response.status() == StatusCode::NOT_FOUND {
        // Gone between resolving and opening (a build swapped the output).
        return not_found(output);
    }
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response.map(Body::new)
}

/// The site's own `404.html`, with status 404.
fn not_found(output: &Path) -> Response {
    let page = output
        .canonicalize()
        .and_then(|root| std::fs::read(root.join("404.html")))
        .unwrap_or_else(|_| FALLBACK_404.as_bytes().to_vec());
    (
        StatusCode::NOT_FOUND,
        typed(HTML, live::inject_script(&page)),
    )
        .into_response()
}

fn typed(content_type: &'static str, body: impl Into<Body>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body.into()).into_response()
}

fn text(status: StatusCode, message: &str) -> Response {
    (
        status,
        typed("text/plain; charset=utf-8", format!("{message}\n")),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_the_local_address_pass() {
        let local: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:80",
            "[::1]:1111",
            "LOCALHOST.",
            "app.localhost",
        ] {
            assert!(is_allowed_host(host, None), "{host}");
            assert!(is_allowed_host(host, Some(local)), "{host}");
        }
        assert!(is_allowed_host("192.168.1.5:1111", Some(local)));
        assert!(is_allowed_host("192.168.1.5", Some(local)));
        for host in [
            "evil.example",
            "evil.example:1111",
            "10.0.0.1",
            "192.168.1.6:1111",
            "localhost.evil.example",
            "",
            "\u{0}",
        ] {
            assert!(!is_allowed_host(host, Some(local)), "{host}");
        }
        assert!(!is_allowed_host("192.168.1.5:1111", None));
    }
}
