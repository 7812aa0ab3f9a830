//! URL inputs against a real server on 127.0.0.1 (`server`): every outcome, robots.txt, retries,
//! the cache and revalidation, offline replay. Request counts prove what was (not) asked.

use std::path::Path;
use std::time::Duration;

use ingest_fetch::{Entry, HttpSettings, Settings, Sources};

use crate::server::{OK_BODY, Server, summary};

fn settings(urls: Vec<String>, cache: &Path) -> Settings {
    Settings {
        urls,
        max_document_bytes: 100 * 1024,
        http: HttpSettings {
            cache_dir: cache.to_owned(),
            delay: Duration::ZERO,
            workers: 4,
            read_timeout: Duration::from_secs(1),
            connect_timeout: Duration::from_secs(2),
            retries: 2,
            backoff: Duration::from_millis(1),
            ..HttpSettings::default()
        },
        ..Settings::default()
    }
}

fn fetch(settings: Settings) -> Vec<Entry> {
    Sources::spawn(Vec::new(), settings).unwrap().collect()
}

/// An entry as (source, outcome): the body for an item, `reason: detail` for a failure.
fn show(entry: &Entry) -> (String, String) {
    match entry {
        Ok(item) => (item.source.clone(), format!("{} {:?}", String::from_utf8_lossy(&item.bytes), item.charset)),
        Err(failure) => (failure.source.clone(), format!("{}: {}", failure.error.reason().as_str(), failure.error)),
    }
}

#[test]
fn every_kind_of_answer_is_an_item_or_a_failure_in_list_order() {
    let server = Server::start();
    let cache = tempfile::tempdir().unwrap();
    let paths = ["/ok", "/missing", "/error", "/flaky", "/slow", "/loop-a", "/moved", "/big", "/private/page"];
    let mut urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    urls.extend(["ftp://127.0.0.1/x".to_owned(), "not a url".to_owned()]);
    let entries = fetch(settings(urls.clone(), cache.path()));
    let got: Vec<(String, String)> = entries.iter().map(show).collect();
    let sources: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(sources, urls, "list order");
    let page = format!("{} Some(\"windows-1258\")", String::from_utf8_lossy(OK_BODY));
    let expect =
        |i: usize, want: &str| assert!(got[i].1.contains(want), "{}: {} does not contain {want}", got[i].0, got[i].1);
    expect(0, &page);
    expect(1, "http: cannot fetch");
    expect(1, "HTTP 404");
    expect(2, "HTTP 500 (after 3 attempts)");
    expect(3, "Hà Nội Some(\"utf-8\")");
    expect(4, "http: ");
    expect(4, "timeout");
    expect(5, "redirect loop");
    expect(5, "/loop-a -> ");
    expect(6, &page);
    expect(7, "too_large: ");
    expect(8, "robots: robots.txt disallows");
    expect(9, "only http and https");
    expect(10, "not a URL");
    let counts = summary(&server);
    assert_eq!(server.count("/robots.txt"), 1, "robots.txt once per origin: {counts:?}");
    assert_eq!(server.count("/missing"), 1, "4xx is not retried");
    assert_eq!(server.count("/error"), 3, "5xx is retried twice");
    assert_eq!(server.count("/flaky"), 2, "a retry that succeeds");
    assert_eq!(server.count("/slow"), 3, "timeouts are retried");
    assert_eq!((server.count("/loop-a"), server.count("/loop-b")), (1, 1));
    assert_eq!(server.count("/private/page"), 0, "robots.txt is obeyed");
    let agent = server.requests("/ok")[0].header("User-Agent").unwrap_or_default().to_owned();
    assert!(agent.starts_with("ingest/"), "{agent}");
}

#[test]
fn the_cache_revalidates_and_replays_offline() {
    let server = Server::start();
    let cache = tempfile::tempdir().unwrap();
    let ok = server.url("/ok");
    let first = fetch(settings(vec![ok.clone()], cache.path()));
    assert_eq!(first[0].as_ref().unwrap().bytes, OK_BODY);
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(server.requests("/ok")[0].header("If-None-Match"), None);

    // The second run asks whether the page changed; the 304 has no body, so the body is the cache's.
    let second = fetch(settings(vec![ok.clone()], cache.path()));
    assert_eq!(second[0].as_ref().unwrap().bytes, OK_BODY);
    assert_eq!(second[0].as_ref().unwrap().charset.as_deref(), Some("windows-1258"));
    assert_eq!(server.count("/ok"), 2);
    assert_eq!(server.requests("/ok")[1].header("If-None-Match"), Some("\"v1\""));

    // Offline: no request at all, and what is not cached is a failure.
    let mut offline = settings(vec![ok.clone(), server.url("/flaky")], cache.path());
    offline.http.offline = true;
    let third = fetch(offline);
    assert_eq!(third[0].as_ref().unwrap().bytes, OK_BODY);
    assert!(show(&third[1]).1.contains("not in the cache"), "{:?}", show(&third[1]));
    assert_eq!(server.count("/ok"), 2);
    assert_eq!(server.count("/robots.txt"), 2, "once per run, none offline");

    // The cache is WARC: it reads back as input.
    let as_input = Sources::spawn(vec![cache.path().to_owned()], Settings::default()).unwrap();
    let replayed: Vec<(String, String)> = as_input.map(|e| show(&e)).collect();
    assert_eq!(replayed.len(), 1);
    assert_eq!(replayed[0].0, ok);

    // A redirected URL: the next run follows the redirect and revalidates the page it led to,
    // with that page's validators, instead of downloading it again.
    let moved = server.url("/moved");
    let before = server.count("/ok");
    let first = fetch(settings(vec![moved.clone()], cache.path()));
    assert_eq!(first[0].as_ref().unwrap().bytes, OK_BODY);
    let again = fetch(settings(vec![moved.clone()], cache.path()));
    assert_eq!(again[0].as_ref().unwrap().bytes, OK_BODY);
    assert_eq!(server.count("/moved"), 2);
    let asked = server.requests("/ok");
    assert_eq!(asked.len(), before + 2);
    assert_eq!(asked[before].header("If-None-Match"), None, "first run: a plain download");
    assert_eq!(asked[before + 1].header("If-None-Match"), Some("\"v1\""), "second run: revalidated");
    assert_eq!(server.requests("/moved")[1].header("If-None-Match"), None, "the redirect has no validators");
}
