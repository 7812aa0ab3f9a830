//! Fetching one URL politely: robots.txt, a per-host limit and delay, retries, redirects, the
//! cache.
//!
//! - Every request names the tool in its User-Agent ([`USER_AGENT`]) and has connect and read
//!   timeouts. Connection failures, timeouts and 5xx answers are retried with exponential backoff
//!   (backon); 4xx answers are not.
//! - robots.txt is fetched once per origin and obeyed for the product token `ingest` (RFC 9309:
//!   a 4xx robots.txt allows everything, an unreachable one disallows everything). Its
//!   `Crawl-delay` raises the delay for that host (up to 30 s).
//! - At most `per_host` requests to one host run at once, and they start at least `delay` apart.
//! - Redirects are followed here, not by ureq, so that each hop is checked against robots.txt,
//!   a loop is named as one, and the chain is recorded (in the log and the cache).
//! - A response is cached ([`crate::cache`]); the next run sends `If-None-Match` /
//!   `If-Modified-Since` and reuses the cached body on `304 Not Modified`; for a redirected URL
//!   the request that carries them is the one for the page the body came from, after the
//!   redirects are followed again. Offline, only the cache answers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use backon::{BlockingRetryable, ExponentialBuilder};
use robotxt::{AccessResult, Robots};
use url::Url;

use crate::FetchError;
use crate::cache::{Cache, Cached};
use crate::charset::content_type_charset;

/// The User-Agent of every request.
pub const USER_AGENT: &str =
    concat!("ingest/", env!("CARGO_PKG_VERSION"), " (Vietnamese corpus builder; +https://github.com/ingest-vi/ingest)");
/// The product token robots.txt groups are matched against.
const ROBOTS_AGENT: &str = "ingest";
/// Largest robots.txt read (RFC 9309 asks for at least 500 KiB).
const MAX_ROBOTS_BYTES: u64 = 512 * 1024;
/// Longest `Crawl-delay` honoured.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(30);

/// How URLs are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpSettings {
    /// Where responses are cached, as WARC files.
    pub cache_dir: std::path::PathBuf,
    /// Use only the cache; make no request.
    pub offline: bool,
    /// Requests to one host at once.
    pub per_host: usize,
    /// Least time between the starts of two requests to one host.
    pub delay: Duration,
    /// Requests in flight at once, over all hosts.
    pub workers: usize,
    pub connect_timeout: Duration,
    /// Time allowed for the response head, and again for the body.
    pub read_timeout: Duration,
    /// Retries after the first attempt, for connection failures, timeouts and 5xx.
    pub retries: usize,
    /// First backoff; each retry waits twice as long as the one before.
    pub backoff: Duration,
    pub max_redirects: usize,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            cache_dir: "ingest-cache".into(),
            offline: false,
            per_host: 2,
            delay: Duration::from_millis(500),
            workers: 8,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            max_redirects: 5,
        }
    }
}

/// A fetched document.
#[derive(Debug)]
pub(crate) struct Fetched {
    pub(crate) body: Vec<u8>,
    pub(crate) charset: Option<String>,
}

/// The HTTP client shared by the fetching threads.
pub(crate) struct Client {
    agent: ureq::Agent,
    settings: HttpSettings,
    max_body: u64,
    cache: Cache,
    hosts: Hosts,
    robots: Mutex<HashMap<String, Arc<OnceLock<Robots>>>>,
    /// Documents downloaded, revalidated (304), and answered by the cache offline.
    pub(crate) downloaded: AtomicU64,
    pub(crate) not_modified: AtomicU64,
    pub(crate) offline_hits: AtomicU64,
}

/// Why one attempt failed, and whether another may succeed.
#[derive(Debug)]
enum Attempt {
    Status(u16),
    Transport { cause: String, retry: bool },
}

impl Attempt {
    fn retryable(&self) -> bool {
        match self {
            Attempt::Status(status) => *status >= 500,
            Attempt::Transport { retry, .. } => *retry,
        }
    }

    fn describe(&self, tries: usize) -> String {
        let what = match self {
            Attempt::Status(status) => format!("HTTP {status}"),
            Attempt::Transport { cause, .. } => cause.clone(),
        };
        if self.retryable() && tries > 1 { format!("{what} (after {tries} attempts)") } else { what }
    }
}

impl Client {
    pub(crate) fn new(settings: HttpSettings, max_body: u64) -> Client {
        let config = ureq::Agent::config_builder()
            .user_agent(USER_AGENT)
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(settings.connect_timeout))
            .timeout_recv_response(Some(settings.read_timeout))
            .timeout_recv_body(Some(settings.read_timeout))
            .build();
        let cache = Cache::new(settings.cache_dir.clone());
        Client {
            agent: config.into(),
            settings,
            max_body,
            cache,
            hosts: Hosts::default(),
            robots: Mutex::default(),
            downloaded: AtomicU64::new(0),
            not_modified: AtomicU64::new(0),
            offline_hits: AtomicU64::new(0),
        }
    }

    /// Fetches `url`, from the network or the cache; see the module docs.
    pub(crate) fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let fail = |cause: String| FetchError::Http { url: url.to_owned(), cause };
        let parsed = Url::parse(url).map_err(|e| fail(format!("not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(fail("only http and https URLs are fetched".into()));
        }
        let cached = self.cache.load(url);
        if self.settings.offline {
            let cached =
                cached.ok_or_else(|| fail(format!("not in the cache {} (offline)", self.cache.dir().display())))?;
            return Ok(fetched(cached));
        }
        let mut chain = vec![parsed];
        loop {
            let current = chain.last().expect("the chain starts with the URL").clone();
            if !self.allowed(&current) {
                return Err(FetchError::Robots { url: current.to_string() });
            }
            // The cached copy's validators are those of the URL its body came from: the last URL
            // it was redirected to, or the URL asked for. The request for that URL carries them, so
            // a redirected page that has not changed is not downloaded again.
            let conditional = cached.as_ref().filter(|c| match c.redirects.last() {
                Some(last) => last == current.as_str(),
                None => chain.len() == 1,
            });
            let (response, _slot, tries) =
                self.request(&current, conditional).map_err(|(attempt, tries)| fail(attempt.describe(tries)))?;
            let status = response.status().as_u16();
            if status == 304 {
                if let Some(cached) = cached {
                    tracing::debug!(url, "not modified; the cached copy is used");
                    self.not_modified.fetch_add(1, Ordering::Relaxed);
                    return Ok(fetched(cached));
                }
                return Err(fail("HTTP 304 to a request that was not conditional".into()));
            }
            if (300..400).contains(&status) {
                let location =
                    header(&response, "location").ok_or_else(|| fail(format!("HTTP {status} without a Location")))?;
                let next =
                    current.join(&location).map_err(|e| fail(format!("bad redirect Location {location:?}: {e}")))?;
                if chain.contains(&next) {
                    return Err(fail(format!("redirect loop: {}", route(&chain, &next))));
                }
                if chain.len() > self.settings.max_redirects {
                    return Err(fail(format!(
                        "more than {} redirects: {}",
                        self.settings.max_redirects,
                        route(&chain, &next)
                    )));
                }
                tracing::debug!(from = %current, to = %next, status, "redirect");
                chain.push(next);
                continue;
            }
            if !(200..300).contains(&status) {
                return Err(fail(Attempt::Status(status).describe(tries)));
            }
            let content_type = header(&response, "content-type");
            let etag = header(&response, "etag");
            let last_modified = header(&response, "last-modified");
            let mut body = response.into_body();
            let body = body.with_config().limit(self.max_body).read_to_vec().map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge { origin: url.to_owned(), limit },
                other => fail(format!("cannot read the body: {other}")),
            })?;
            let redirects: Vec<String> = chain[1..].iter().map(Url::to_string).collect();
            if !redirects.is_empty() {
                tracing::info!(url, to = %redirects.join(" -> "), "redirected");
            }
            let entry = Cached { status, content_type, etag, last_modified, redirects, body };
            if let Err(err) = self.cache.store(url, &entry) {
                tracing::warn!(url, "cannot write the cache: {err}");
            }
            self.downloaded.fetch_add(1, Ordering::Relaxed);
            return Ok(fetched(entry));
        }
    }

    /// One request, retried: the response, the host slot it holds until its body is read, and
    /// how many attempts it took.
    fn request(
        &self,
        url: &Url,
        conditional: Option<&Cached>,
    ) -> Result<(ureq::http::Response<ureq::Body>, Slot<'_>, usize), (Attempt, usize)> {
        let host = url.host_str().unwrap_or_default().to_owned();
        let mut tries = 0;
        let attempt = || {
            tries += 1;
            let slot = self.hosts.acquire(&host, self.settings.per_host, self.settings.delay);
            let mut request = self.agent.get(url.as_str());
            if let Some(cached) = conditional {
                if let Some(etag) = &cached.etag {
                    request = request.header("If-None-Match", etag);
                }
                if let Some(date) = &cached.last_modified {
                    request = request.header("If-Modified-Since", date);
                }
            }
            match request.call() {
                Ok(response) if response.status().is_server_error() => Err(Attempt::Status(response.status().as_u16())),
                Ok(response) => Ok((response, slot)),
                Err(err) => Err(transport(err)),
            }
        };
        let backoff =
            ExponentialBuilder::default().with_min_delay(self.settings.backoff).with_max_times(self.settings.retries);
        let result = attempt
            .retry(backoff)
            .sleep(std::thread::sleep)
            .when(Attempt::retryable)
            .notify(|err, wait| tracing::debug!(%url, ?wait, "retrying after {err:?}"))
            .call();
        match result {
            Ok((response, slot)) => Ok((response, slot, tries)),
            Err(err) => Err((err, tries)),
        }
    }

    /// Whether robots.txt lets us fetch `url`.
    fn allowed(&self, url: &Url) -> bool {
        let origin = url.origin().ascii_serialization();
        let slot = {
            let mut robots = self.robots.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(robots.entry(origin.clone()).or_default())
        };
        let robots = slot.get_or_init(|| self.fetch_robots(url, &origin));
        if let Some(delay) = robots.crawl_delay() {
            self.hosts.raise_delay(url.host_str().unwrap_or_default(), delay.min(MAX_CRAWL_DELAY));
        }
        robots.is_url_allowed(url)
    }

    fn fetch_robots(&self, url: &Url, origin: &str) -> Robots {
        let Ok(robots_url) = url.join("/robots.txt") else { return Robots::allow_all() };
        let access = match self.request(&robots_url, None) {
            Ok((response, _slot, _)) if response.status().is_success() => {
                let mut body = response.into_body();
                match body.with_config().limit(MAX_ROBOTS_BYTES).read_to_vec() {
                    Ok(bytes) => return Robots::parse(&bytes, ROBOTS_AGENT),
                    Err(ureq::Error::BodyExceedsLimit(_)) => AccessResult::Unavailable,
                    Err(_) => AccessResult::Unreachable,
                }
            }
            Ok((response, _, _)) if response.status().is_redirection() => AccessResult::TooManyRedirects,
            Ok(_) => AccessResult::Unavailable,
            Err(_) => AccessResult::Unreachable,
        };
        tracing::debug!(origin, ?access, "robots.txt");
        Robots::from_access(access, ROBOTS_AGENT)
    }
}

fn fetched(cached: Cached) -> Fetched {
    let charset = cached.content_type.as_deref().and_then(content_type_charset).map(str::to_owned);
    Fetched { body: cached.body, charset }
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn route(chain: &[Url], next: &Url) -> String {
    chain.iter().chain([next]).map(Url::as_str).collect::<Vec<_>>().join(" -> ")
}

fn transport(err: ureq::Error) -> Attempt {
    let retry = matches!(err, ureq::Error::Timeout(_) | ureq::Error::Io(_) | ureq::Error::ConnectionFailed);
    Attempt::Transport { cause: err.to_string(), retry }
}

/// The per-host limit and delay.
#[derive(Debug, Default)]
struct Hosts {
    state: Mutex<HashMap<String, Host>>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct Host {
    active: usize,
    next_start: Option<Instant>,
    extra_delay: Duration,
}

/// A request slot on a host, given back when dropped.
struct Slot<'a> {
    hosts: &'a Hosts,
    host: String,
}

impl Hosts {
    fn acquire(&self, host: &str, per_host: usize, delay: Duration) -> Slot<'_> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            let entry = state.entry(host.to_owned()).or_default();
            let wait = entry.next_start.map_or(Duration::ZERO, |at| at.saturating_duration_since(now));
            if entry.active < per_host.max(1) && wait.is_zero() {
                entry.active += 1;
                entry.next_start = Some(now + delay.max(entry.extra_delay));
                return Slot { hosts: self, host: host.to_owned() };
            }
            let timeout = if wait.is_zero() { Duration::from_millis(100) } else { wait };
            state = self.changed.wait_timeout(state, timeout).unwrap_or_else(|e| e.into_inner()).0;
        }
    }

    fn raise_delay(&self, host: &str, delay: Duration) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let entry = state.entry(host.to_owned()).or_default();
        entry.extra_delay = entry.extra_delay.max(delay);
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = self.hosts.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(entry) = state.get_mut(&self.host) {
            entry.active -= 1;
        }
        self.hosts.changed.notify_all();
    }
}
