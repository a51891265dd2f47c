//! The editor's routes on the preview server (`kompetanse serve`): `/admin/` (the page, its
//! generated configuration and the vendored files), Decap's local backend at `/api/v1` and
//! the preview endpoint. The preview's guard (Host check, Origin check for POST) runs first.

use super::local::Local;
use super::{decap, preview};
use crate::config::Config;
use crate::site::Target;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;

/// Largest request body: a page or an image.
const MAX_BODY: usize = 32 * 1024 * 1024;

/// The working copy the preview's editor edits.
pub struct LocalEditor {
    root: PathBuf,
    target: Target,
    local: Local,
}

impl LocalEditor {
    pub fn new(root: impl Into<PathBuf>, target: Target) -> LocalEditor {
        let root = root.into();
        LocalEditor {
            local: Local::new(&root),
            root,
            target,
        }
    }

    /// The configuration for this working copy, read afresh (sections may have been added).
    pub fn config_json(&self) -> Result<serde_json::Value, String> {
        let config = Config::load(&self.root).map_err(|d| d.one_line())?;
        let loaded = crate::load::load(&self.root).map_err(|e| e.to_string())?;
        let sections = decap::SectionInfo::from_sections(&loaded.sections);
        Ok(decap::config(&config, &sections, decap::Mode::Local))
    }
}

pub fn router(editor: Arc<LocalEditor>) -> Router {
    Router::new()
        .route("/admin", get(redirect))
        .route("/admin/", get(index))
        .route("/admin/config.json", get(config))
        .route("/admin/{*path}", get(asset))
        .route(super::API_PATH, post(api))
        .route(super::PREVIEW_PATH, post(render))
        .with_state(editor)
}

async fn redirect() -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    response
        .headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/admin/"));
    response
}

fn with_csp(mut response: Response) -> Response {
    if let Ok(csp) = HeaderValue::from_str(&super::content_security_policy(&[])) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

async fn index(State(editor): State<Arc<LocalEditor>>) -> Response {
    let (title, language) = match Config::load(&editor.root) {
        Ok(config) => (config.title, config.language),
        Err(_) => ("nettstedet".into(), "nb".into()),
    };
    let html = super::index_html(&title, &language, None);
    with_csp(typed("text/html; charset=utf-8", html))
}

async fn config(State(editor): State<Arc<LocalEditor>>) -> Response {
    let answer = tokio::task::spawn_blocking(move || editor.config_json()).await;
    match answer {
        Ok(Ok(config)) => json(StatusCode::OK, &config),
        Ok(Err(message)) => json(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::json!({ "error": message }),
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn asset(UrlPath(path): UrlPath<String>) -> Response {
    let Some(bytes) = super::asset(&path) else {
        return (StatusCode::NOT_FOUND, "Fant ikke filen.\n").into_response();
    };
    let content_type = match path.rsplit('.').next() {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("txt") | None => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    with_csp(typed(content_type, bytes))
}

/// Only JSON bodies: a form on another site cannot send one without the browser asking
/// first (and the preview never says yes).
async fn body(request: Request) -> Result<axum::body::Bytes, Response> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Err(json(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &serde_json::json!({ "error": "Forespørselen må være JSON (Content-Type: application/json)." }),
        ));
    }
    to_bytes(request.into_body(), MAX_BODY).await.map_err(|_| {
        json(
            StatusCode::PAYLOAD_TOO_LARGE,
            &serde_json::json!({ "error": "Forespørselen er for stor (høyst 32 MB)." }),
        )
    })
}

async fn api(State(editor): State<Arc<LocalEditor>>, request: Request) -> Response {
    let bytes = match body(request).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    match tokio::task::spawn_blocking(move || editor.local.handle(&bytes)).await {
        Ok((status, value)) => json(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            &value,
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Deserialize)]
struct PreviewRequest {
    path: String,
    text: String,
}

async fn render(State(editor): State<Arc<LocalEditor>>, request: Request) -> Response {
    let bytes = match body(request).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let Ok(asked) = serde_json::from_slice::<PreviewRequest>(&bytes) else {
        return json(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({ "error": "Ugyldig forespørsel: ventet {path, text}." }),
        );
    };
    let answer = tokio::task::spawn_blocking(move || {
        preview::render(&editor.root, editor.target, &asked.path, &asked.text)
    })
    .await;
    match answer {
        Ok(preview) => json(StatusCode::OK, &preview),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn typed(content_type: &'static str, body: impl Into<Body>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body.into()).into_response()
}

fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    (status, typed("application/json", body)).into_response()
}
