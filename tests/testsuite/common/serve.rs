//! One launcher for `kompetanse serve` in the tests: starts the real binary on a fixture site
//! on a free port, keeps both its output streams (for failure messages, and so serve never
//! blocks on a full pipe), and kills it when dropped, also when a test fails. The areas add
//! their own ways of talking to it (`impl Serve` in serve.rs and editor.rs).

use super::Fixture;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the first build may take before the URL is printed (debug build, busy machine).
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A running `kompetanse serve`.
pub struct Serve {
    child: Child,
    pub port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies a pipe into `log` line by line, handing each line to `lines` as well.
fn drain(pipe: impl Read + Send + 'static, log: Arc<Mutex<String>>, lines: mpsc::Sender<String>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            log.lock().unwrap().push_str(&format!("{line}\n"));
            let _ = lines.send(line);
        }
    });
}

impl Serve {
    /// Starts `kompetanse serve --port 0` on `f` and waits for the address it prints.
    pub fn start(f: &Fixture) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kompetanse"))
            .arg("--root")
            .arg(f.root())
            .args(["serve", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start kompetanse serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (lines, stdout_lines) = mpsc::channel();
        drain(child.stdout.take().unwrap(), stdout.clone(), lines);
        drain(
            child.stderr.take().unwrap(),
            stderr.clone(),
            mpsc::channel().0,
        );
        let mut serve = Serve {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        while serve.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match stdout_lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Forhåndsvisning: ") {
                        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
                        serve.port = url
                            .trim_end_matches('/')
                            .rsplit(':')
                            .next()
                            .and_then(|p| p.parse().ok())
                            .unwrap_or_else(|| panic!("no port in {line:?}"));
                    }
                }
                Err(_) => panic!("serve printed no URL\n{}", serve.logs()),
            }
        }
        serve
    }

    /// Everything serve printed so far.
    pub fn logs(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }
}
