//! A small HTTP server on 127.0.0.1 for the tests, on a std `TcpListener`: one thread accepts,
//! one thread answers each connection. It records every request, and stops when dropped.
//!
//! Routes:
//! - `/robots.txt`: disallows `/private/` for every agent;
//! - `/ok`: a windows-1258 HTML page with `ETag: "v1"`; `304` to `If-None-Match: "v1"`;
//! - `/missing`: 404; `/error`: 500, always; `/flaky`: 503 once, then 200;
//! - `/slow`: answers after 2.5 s; `/big`: a 200 KiB body;
//! - `/loop-a` ⇄ `/loop-b`: a redirect loop; `/moved`: 301 to `/ok`;
//! - `/private/page`: 200 (robots.txt forbids asking).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The body of `/ok`: "Việt Nam" in windows-1258.
pub(crate) const OK_BODY: &[u8] = b"<p>Vi\xea\xf2t Nam h\xf4m nay</p>";

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub(crate) struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    pub(crate) fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (log, stop) = (Arc::clone(&log), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let log = Arc::clone(&log);
                            std::thread::spawn(move || answer(stream, &log));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(2)),
                    }
                }
            })
        };
        Server { addr, log, stop, acceptor: Some(acceptor) }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The requests for `path` so far.
    pub(crate) fn requests(&self, path: &str) -> Vec<Request> {
        self.log.lock().unwrap().iter().filter(|r| r.path == path).cloned().collect()
    }

    pub(crate) fn count(&self, path: &str) -> usize {
        self.requests(path).len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn answer(mut stream: TcpStream, log: &Mutex<Vec<Request>>) {
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let path = lines.next().unwrap_or_default().split_whitespace().nth(1).unwrap_or_default().to_owned();
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())).collect();
    let request = Request { path: path.clone(), headers };
    let seen = {
        let mut log = log.lock().unwrap();
        log.push(request.clone());
        log.iter().filter(|r| r.path == path).count()
    };
    let (status, headers, body) = route(&request, seen);
    if path == "/slow" {
        std::thread::sleep(Duration::from_millis(2500));
    }
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes()).and_then(|()| stream.write_all(&body));
}

type Answer = (&'static str, Vec<(&'static str, String)>, Vec<u8>);

/// The answer to `request`, the `seen`-th request for its path.
fn route(request: &Request, seen: usize) -> Answer {
    let html = || ("Content-Type", "text/html; charset=windows-1258".to_owned());
    let location = |to: &str| vec![("Location", to.to_owned())];
    match request.path.as_str() {
        "/robots.txt" => ("200 OK", vec![], b"User-agent: *\nDisallow: /private/\n".to_vec()),
        "/ok" if request.header("If-None-Match") == Some("\"v1\"") => ("304 Not Modified", vec![], Vec::new()),
        "/ok" | "/slow" => ("200 OK", vec![html(), ("ETag", "\"v1\"".to_owned())], OK_BODY.to_vec()),
        "/flaky" if seen == 1 => ("503 Service Unavailable", vec![], Vec::new()),
        "/flaky" | "/private/page" => {
            ("200 OK", vec![("Content-Type", "text/plain; charset=utf-8".to_owned())], "Hà Nội".as_bytes().to_vec())
        }
        "/error" => ("500 Internal Server Error", vec![], b"oops".to_vec()),
        "/loop-a" => ("302 Found", location("/loop-b"), Vec::new()),
        "/loop-b" => ("302 Found", location("/loop-a"), Vec::new()),
        "/moved" => ("301 Moved Permanently", location("/ok"), Vec::new()),
        "/big" => ("200 OK", vec![("Content-Type", "text/plain".to_owned())], vec![b'a'; 200 * 1024]),
        _ => ("404 Not Found", vec![], b"not found".to_vec()),
    }
}

/// Requests per path, for messages.
pub(crate) fn summary(server: &Server) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for request in server.log.lock().unwrap().iter() {
        *counts.entry(request.path.clone()).or_default() += 1;
    }
    counts
}
