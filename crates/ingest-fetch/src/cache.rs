//! The response cache: one gzip-compressed WARC file per URL, so a run can be replayed offline
//! and the cache read back as ordinary WARC input.
//!
//! The file is `<cache>/<first 40 hex digits of SHA-256(URL)>.warc.gz`, holding one `response`
//! record whose `WARC-Target-URI` is the URL asked for and whose block is the final response (after
//! redirects, listed in an `Ingest-Redirects` header) with the headers revalidation needs:
//! `Content-Type`, `ETag`, `Last-Modified`. The body is stored decoded (no transfer or content
//! encoding). Files are written under a temporary name and renamed, so a reader never sees half a
//! file; a file that does not parse is a miss, not an error.

use std::fs;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use ingest_core::hex;
use sha2::{Digest, Sha256};

use crate::warc;

/// A cached response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cached {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
    /// The URLs redirected to, in order; empty when there was no redirect.
    pub(crate) redirects: Vec<String>,
    pub(crate) body: Vec<u8>,
}

#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub(crate) fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, url: &str) -> PathBuf {
        let key = hex(&Sha256::digest(url.as_bytes()));
        self.dir.join(format!("{}.warc.gz", &key[..40]))
    }

    /// The cached response for `url`, if there is a readable one.
    pub(crate) fn load(&self, url: &str) -> Option<Cached> {
        let path = self.path(url);
        let file = match fs::File::open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return None,
            Err(err) => {
                tracing::warn!(path = %path.display(), "cannot read the cache: {err}");
                return None;
            }
        };
        match parse(&mut BufReader::new(MultiGzDecoder::new(file)), url) {
            Ok(cached) => cached,
            Err(cause) => {
                tracing::warn!(path = %path.display(), "ignoring an unreadable cache entry: {cause}");
                None
            }
        }
    }

    /// Stores the response for `url`, replacing any earlier one.
    pub(crate) fn store(&self, url: &str, cached: &Cached) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let path = self.path(url);
        let tmp = path.with_extension(format!("{}.{:?}.tmp", std::process::id(), std::thread::current().id()));
        let mut encoder = GzEncoder::new(fs::File::create(&tmp)?, Compression::default());
        encoder.write_all(&record(url, cached))?;
        encoder.finish()?.sync_all()?;
        fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
    }
}

fn parse(reader: &mut dyn io::BufRead, url: &str) -> Result<Option<Cached>, String> {
    let header = warc::read_header(reader).map_err(|e| e.to_string())??.ok_or("empty file")?;
    if header.get("WARC-Target-URI") != Some(url) {
        // Another URL with the same hash prefix: a miss.
        return Ok(None);
    }
    let redirects = header.get("Ingest-Redirects").map(|r| r.split_whitespace().map(str::to_owned).collect());
    let block =
        warc::read_block(reader, header.content_length, u64::MAX).map_err(|e| e.to_string())?.unwrap_or_default();
    let response = warc::parse_response(block)?;
    let find = |name: &str| response.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    Ok(Some(Cached {
        status: response.status,
        content_type: response.content_type.clone(),
        etag: find("etag"),
        last_modified: find("last-modified"),
        redirects: redirects.unwrap_or_default(),
        body: response.body,
    }))
}

/// The WARC record that caches `cached` as the response to `url`.
fn record(url: &str, cached: &Cached) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 {} {}\r\n", cached.status, if cached.status == 200 { "OK" } else { "" });
    for (name, value) in
        [("Content-Type", &cached.content_type), ("ETag", &cached.etag), ("Last-Modified", &cached.last_modified)]
    {
        if let Some(value) = value {
            http.push_str(&format!("{name}: {}\r\n", one_line(value)));
        }
    }
    http.push_str(&format!("Content-Length: {}\r\n\r\n", cached.body.len()));
    let block_len = http.len() + cached.body.len();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let key = hex(&Sha256::digest(url.as_bytes()));
    let mut head = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:ingest:{}:{}>\r\nWARC-Date: {}\r\n\
         WARC-Target-URI: {}\r\nContent-Type: application/http; msgtype=response\r\n",
        &key[..40],
        now.as_nanos(),
        warc_date(now.as_secs()),
        one_line(url),
    );
    if !cached.redirects.is_empty() {
        head.push_str(&format!("Ingest-Redirects: {}\r\n", one_line(&cached.redirects.join(" "))));
    }
    head.push_str(&format!("Content-Length: {block_len}\r\n\r\n"));
    let mut out = head.into_bytes();
    out.extend_from_slice(http.as_bytes());
    out.extend_from_slice(&cached.body);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn one_line(value: &str) -> String {
    value.replace(['\r', '\n'], " ")
}

/// `YYYY-MM-DDThh:mm:ssZ` for seconds since the Unix epoch (proleptic Gregorian, UTC).
fn warc_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for (secs, date) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_700_000_000, "2023-11-14T22:13:20Z"),
        ] {
            assert_eq!(warc_date(secs), date);
        }
    }

    #[test]
    fn entries_round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path().join("cache"));
        let url = "http://127.0.0.1:1/a?b=c";
        assert_eq!(cache.load(url), None);
        let cached = Cached {
            status: 200,
            content_type: Some("text/html; charset=windows-1258".into()),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            redirects: vec!["http://127.0.0.1:1/b".into()],
            body: b"Vi\xea\xf2t\r\n\r\nWARC/1.0\r\n".to_vec(),
        };
        cache.store(url, &cached).unwrap();
        assert_eq!(cache.load(url), Some(cached.clone()));
        assert_eq!(cache.load("http://127.0.0.1:1/other"), None);
        fs::write(cache.path(url), b"not gzip").unwrap();
        assert_eq!(cache.load(url), None, "a broken entry is a miss");
    }
}
