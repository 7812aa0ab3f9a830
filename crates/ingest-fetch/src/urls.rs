//! URL inputs (`--url`, and files of URLs given with `--urls`): fetched by a pool of threads,
//! handed on in list order.
//!
//! One thread reads the URL list, `workers` threads fetch ([`crate::http`]), and the reading
//! thread hands each result on in list order as soon as those before it are done. A fetcher does
//! not start more than `2 × workers` URLs ahead of the one waited for, so memory holds at most
//! that many bodies whatever the length of the list. Each URL's source is the URL as listed.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Condvar, Mutex};

use crate::FetchError;
use crate::http::Client;
use crate::source::{Entry, Failure, Flow, Item, Producer, Stopped};

impl Producer {
    pub(crate) fn urls(&self) -> Flow {
        if self.settings.urls.is_empty() && self.settings.url_files.is_empty() {
            return Ok(());
        }
        let client = Client::new(self.settings.http.clone(), self.settings.max_document_bytes);
        let workers = self.settings.http.workers.max(1);
        let order = Order::new(2 * workers);
        let (jobs, queue) = sync_channel::<(u64, String)>(workers);
        // The fetching threads share the queue; when the last of them ends, for whatever reason,
        // the queue closes and the list reader stops instead of waiting to hand on a job.
        let queue = Arc::new(Mutex::new(queue));
        let (order, client) = (&order, &client);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let _guard = StopOnPanic(order);
                let mut next = 0u64;
                let mut put = |entry: Result<String, Failure>| {
                    let ordinal = next;
                    next += 1;
                    match entry {
                        Ok(url) => !order.is_stopped() && jobs.send((ordinal, url)).is_ok(),
                        Err(failure) => order.put(ordinal, Err(failure)),
                    }
                };
                self.url_list(&mut put);
                order.finish(next);
            });
            for _ in 0..workers {
                let queue = Arc::clone(&queue);
                scope.spawn(move || {
                    let _guard = StopOnPanic(order);
                    loop {
                        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok((ordinal, url)) = job else { break };
                        if !order.wait_room(ordinal) {
                            // Stopped: drain the queue so the list reader is not left blocked.
                            continue;
                        }
                        let entry = match client.fetch(&url) {
                            Ok(fetched) => Ok(Item {
                                source: url.clone(),
                                origin: url,
                                bytes: fetched.body,
                                charset: fetched.charset,
                                unread: None,
                            }),
                            Err(error) => Err(Failure { source: url, error }),
                        };
                        order.put(ordinal, entry);
                    }
                });
            }
            drop(queue);
            let mut failed = 0u64;
            while let Some(entry) = order.next() {
                failed += u64::from(entry.is_err());
                if self.send_entry(entry).is_err() {
                    order.stop();
                    return Err(Stopped);
                }
            }
            let count = |n: &std::sync::atomic::AtomicU64| n.load(std::sync::atomic::Ordering::Relaxed);
            tracing::info!(
                downloaded = count(&client.downloaded),
                not_modified = count(&client.not_modified),
                from_cache_offline = count(&client.offline_hits),
                failed,
                "fetched URLs"
            );
            Ok(())
        })
    }

    /// Calls `put` with each URL of `--url` and of the `--urls` files, in order, until it returns
    /// false. An unreadable file is one failure.
    fn url_list(&self, put: &mut dyn FnMut(Result<String, Failure>) -> bool) {
        for url in &self.settings.urls {
            if !put(Ok(url.trim().to_owned())) {
                return;
            }
        }
        for path in &self.settings.url_files {
            let source = path.display().to_string();
            let file = match File::open(path) {
                Ok(file) => file,
                Err(err) => {
                    let failure = Failure { source, error: FetchError::Read { path: path.clone(), source: err } };
                    if !put(Err(failure)) {
                        return;
                    }
                    continue;
                }
            };
            for line in BufReader::new(file).lines() {
                let entry = match line {
                    Ok(line) if line.trim().is_empty() || line.trim_start().starts_with('#') => continue,
                    Ok(line) => Ok(line.trim().to_owned()),
                    Err(err) => Err(Failure {
                        source: source.clone(),
                        error: FetchError::Read { path: path.clone(), source: err },
                    }),
                };
                let failed = entry.is_err();
                if !put(entry) || failed {
                    break;
                }
            }
        }
    }
}

/// Stops the hand-over when a list or fetching thread panics, so the reading thread does not
/// wait for a result that will never come; the scope then passes the panic on.
struct StopOnPanic<'a>(&'a Order);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

/// Results put in any order and taken in list order.
struct Order {
    state: Mutex<OrderState>,
    changed: Condvar,
    window: u64,
}

struct OrderState {
    next: u64,
    results: BTreeMap<u64, Entry>,
    total: Option<u64>,
    stopped: bool,
}

impl Order {
    fn new(window: usize) -> Order {
        let state = OrderState { next: 0, results: BTreeMap::new(), total: None, stopped: false };
        Order { state: Mutex::new(state), changed: Condvar::new(), window: window as u64 }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, OrderState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `ordinal` is within the window; false when reading stopped.
    fn wait_room(&self, ordinal: u64) -> bool {
        let mut state = self.lock();
        while !state.stopped && ordinal >= state.next + self.window {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        !state.stopped
    }

    /// Puts the result for `ordinal`; false when reading stopped.
    fn put(&self, ordinal: u64, entry: Entry) -> bool {
        let mut state = self.lock();
        state.results.insert(ordinal, entry);
        self.changed.notify_all();
        !state.stopped
    }

    /// There are `total` entries in all.
    fn finish(&self, total: u64) {
        self.lock().total = Some(total);
        self.changed.notify_all();
    }

    fn is_stopped(&self) -> bool {
        self.lock().stopped
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }

    /// The next entry in order, waiting for it; `None` after the last.
    fn next(&self) -> Option<Entry> {
        let mut state = self.lock();
        loop {
            let next = state.next;
            if let Some(entry) = state.results.remove(&next) {
                state.next += 1;
                self.changed.notify_all();
                return Some(entry);
            }
            if state.stopped || state.total == Some(next) {
                return None;
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
}
