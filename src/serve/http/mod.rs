//! The preview's HTTP server: hyper (HTTP/1.1, one request per connection) on a tokio
//! runtime of its own, answering with the axum router of [`routes`]. The accept loop admits
//! connections through [`limits`], so slow or silent clients cannot take the server from
//! the editor's browser, and the whole request head must arrive within a deadline.

mod base_path;
mod limits;
mod paths;
mod routes;

use super::live::{self, Live};
pub use base_path::BasePath;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use limits::{Limits, Registry};
use routes::{App, LocalAddr};
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Longest request line plus headers (hyper's smallest buffer is 8 KiB).
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 100;

/// Written as it is to a connection that finds the server full of busy ones.
fn busy_answer() -> Vec<u8> {
    let body = "Forhåndsvisningen har for mange tilkoblinger.\n";
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

pub struct Server {
    app: Arc<App>,
    limits: Limits,
}

impl Server {
    pub fn new(output: PathBuf, live: Arc<Live>) -> Server {
        Server {
            app: Arc::new(App {
                output,
                live,
                editor: None,
                base: Arc::new(BasePath::default()),
            }),
            limits: Limits::DEFAULT,
        }
    }

    /// Serves the site under its base path as well as at `/`; `base` is shared with the
    /// caller, who sets it after every build.
    pub fn with_base_path(mut self, base: Arc<BasePath>) -> Server {
        if let Some(app) = Arc::get_mut(&mut self.app) {
            app.base = base;
        }
        self
    }

    /// Adds the browser editor at `/admin/` and its endpoints.
    pub fn with_editor(mut self, editor: Arc<crate::editor::LocalEditor>) -> Server {
        if let Some(app) = Arc::get_mut(&mut self.app) {
            app.editor = Some(editor);
        }
        self
    }

    /// Serves on `listener` until the process ends, on a runtime of its own in the calling
    /// thread; an error only if the runtime cannot start.
    pub fn serve(self, listener: std::net::TcpListener) -> io::Result<()> {
        listener.set_nonblocking(true)?;
        // One thread is plenty for one editor's browser; the build has the other cores.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(self.accept(listener))
    }

    async fn accept(self, listener: std::net::TcpListener) -> io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let registry = Registry::new(self.limits);
        tokio::spawn(close_expired(registry.clone()));
        let router = routes::router(self.app);
        let busy = busy_answer();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(self.limits.head)
            .keep_alive(false)
            .max_buf_size(MAX_HEAD)
            .max_headers(MAX_HEADERS);
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Usually a connection reset before accept, or out of file descriptors.
                    eprintln!("advarsel: kunne ikke ta imot en tilkobling: {err}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let Ok(ticket) = registry.admit(peer.ip()) else {
                // Best effort: a full socket buffer just means a plain close.
                let _ = stream.try_write(&busy);
                continue;
            };
            let local = LocalAddr(stream.local_addr().ok());
            let router = router.clone();
            let ticket = Arc::new(ticket);
            let on_request = ticket.clone();
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    on_request.answering(request.uri().path() == live::EVENTS_PATH);
                    request.extensions_mut().insert(local);
                    router.clone().oneshot(request.map(axum::body::Body::new))
                });
            let connection = http.serve_connection(TokioIo::new(stream), service);
            tokio::spawn(async move {
                // Closed by the registry: dropping the connection closes the socket.
                tokio::select! {
                    _ = connection => {}
                    _ = ticket.closed() => {}
                }
            });
        }
    }
}

/// Checks the deadlines of [`Limits`] once a second.
async fn close_expired(registry: Arc<Registry>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        registry.close_expired(Instant::now());
    }
}

#[cfg(test)]
mod tests;
