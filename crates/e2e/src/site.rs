//! A static host for the bundle: precompressed gzip, no caching, and index.html for deep links.

use std::fs;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use axum::Router;
use http::HeaderValue;
use http::header::CACHE_CONTROL;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// A running static server; it stops when dropped.
pub struct Site {
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`.
    pub base_url: String,
    /// The folder served (the original, not the gzip copy).
    pub root: std::path::PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _copy: tempfile::TempDir,
}

fn copy_with_gzip(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&target)?;
            copy_with_gzip(&entry.path(), &target)?;
            continue;
        }
        let bytes = fs::read(entry.path())?;
        fs::write(&target, &bytes)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        let mut name = target.into_os_string();
        name.push(".gz");
        fs::write(name, gz.finish()?)?;
    }
    Ok(())
}

impl Site {
    /// Serves a copy of `dist` (with `.gz` siblings) on `127.0.0.1` at a free port.
    pub fn serve(dist: &Path) -> anyhow::Result<Site> {
        let copy = tempfile::tempdir()?;
        copy_with_gzip(dist, copy.path())?;
        let root = copy.path().to_path_buf();
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr: SocketAddr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async move {
                let index = ServeFile::new(root.join("index.html")).precompressed_gzip();
                let files = ServeDir::new(&root).precompressed_gzip().fallback(index);
                let app = Router::new()
                    .fallback_service(files)
                    .layer(SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-store")));
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        Ok(Site {
            base_url: format!("http://{addr}"),
            root: dist.to_path_buf(),
            shutdown: Some(shutdown),
            thread: Some(thread),
            _copy: copy,
        })
    }

    /// Absolute URL of a path such as `/builds`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
