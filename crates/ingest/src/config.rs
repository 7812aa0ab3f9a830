//! Settings: defaults, then the `--config` file, then flags.
//!
//! The file is TOML; every key is optional and unknown keys are errors, so a typo is caught:
//!
//! ```toml
//! inputs = ["seeds"]          # paths, patterns, "-"; relative to this file
//! out = "out"
//! threads = 2
//!
//! [batch]
//! documents = 1024            # inputs per batch
//! bytes = 67108864            # input bytes per batch; memory grows with this
//!
//! [clean]
//! restore_segmented = true    # turn word-segmented input back into natural text
//!
//! [fetch]
//! include = ["*.txt"]         # globs over the path under each input
//! exclude = ["drafts/**"]
//! text_field = "text"         # JSONL field with the text
//! id_field = "id"             # JSONL field naming a record
//! url_field = "url"           # JSONL field with a record's URL
//! max_document_bytes = "64M"  # a number of bytes, or a string with K, M or G
//! max_archive_bytes = "16G"
//! urls = ["https://example.vn/a"]
//! url_files = ["urls.txt"]    # relative to this file
//!
//! [http]
//! cache = "ingest-cache"      # relative to this file
//! offline = false
//! per_host = 2
//! delay_ms = 500
//! fetchers = 8
//! timeout_ms = 30000
//! connect_timeout_ms = 10000
//! retries = 3
//! backoff_ms = 500
//! max_redirects = 5
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::cli::RunArgs;

/// Everything `ingest run` needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    /// `None`: rayon's default (RAYON_NUM_THREADS, else one per core).
    pub threads: Option<usize>,
    pub batch_documents: usize,
    pub batch_bytes: u64,
    pub clean: ingest_clean::Settings,
    pub fetch: ingest_fetch::Settings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    inputs: Option<Vec<PathBuf>>,
    out: Option<PathBuf>,
    threads: Option<usize>,
    #[serde(default)]
    batch: BatchConfig,
    #[serde(default)]
    clean: CleanConfig,
    #[serde(default)]
    fetch: FetchConfig,
    #[serde(default)]
    http: HttpConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HttpConfig {
    cache: Option<PathBuf>,
    offline: Option<bool>,
    per_host: Option<usize>,
    delay_ms: Option<u64>,
    fetchers: Option<usize>,
    timeout_ms: Option<u64>,
    connect_timeout_ms: Option<u64>,
    retries: Option<usize>,
    backoff_ms: Option<u64>,
    max_redirects: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FetchConfig {
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    text_field: Option<String>,
    id_field: Option<String>,
    url_field: Option<String>,
    max_document_bytes: Option<Size>,
    max_archive_bytes: Option<Size>,
    urls: Option<Vec<String>>,
    url_files: Option<Vec<PathBuf>>,
}

/// A size in the config file: a number of bytes, or a string such as `"64M"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Bytes(u64),
    Text(String),
}

impl Size {
    fn bytes(self) -> Result<u64> {
        match self {
            Size::Bytes(n) => Ok(n),
            Size::Text(text) => parse_size(&text).map_err(anyhow::Error::msg),
        }
    }
}

/// Parses a size: a number of bytes, or a number with a `K`, `M` or `G` suffix (powers of 1024;
/// `KB`, `MiB` and the like are read the same way).
pub fn parse_size(text: &str) -> std::result::Result<u64, String> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().map_err(|_| format!("not a size: {text:?}"))?;
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("not a size: {text:?} (use a number of bytes, or K, M, G)")),
    };
    number.checked_mul(1 << shift).ok_or_else(|| format!("size too large: {text:?}"))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct BatchConfig {
    documents: usize,
    bytes: u64,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig { documents: 1024, bytes: 64 << 20 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct CleanConfig {
    restore_segmented: bool,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig { restore_segmented: ingest_clean::Settings::default().restore_segmented }
    }
}

/// Resolves the settings of `ingest run` and checks them. Errors here are usage errors.
pub fn resolve(args: &RunArgs) -> Result<Settings> {
    let (file, base) = match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read config file {}", path.display()))?;
            let file: FileConfig =
                toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))?;
            (file, path.parent().map(Path::to_owned).unwrap_or_default())
        }
        None => (FileConfig::default(), PathBuf::new()),
    };
    let fetch = fetch_settings(args, file.fetch, file.http, &base)?;
    let inputs = if !args.inputs.is_empty() {
        args.inputs.clone()
    } else if let Some(inputs) = file.inputs {
        inputs.iter().map(|p| if p.as_os_str() == "-" { p.clone() } else { base.join(p) }).collect()
    } else if !fetch.urls.is_empty() || !fetch.url_files.is_empty() {
        // URLs alone are a complete list of inputs.
        Vec::new()
    } else {
        vec![PathBuf::from("seeds")]
    };
    let out = match (&args.out, file.out) {
        (Some(out), _) => out.clone(),
        (None, Some(out)) => base.join(out),
        (None, None) => PathBuf::from("out"),
    };
    let settings = Settings {
        inputs,
        out,
        threads: args.threads.or(file.threads),
        batch_documents: file.batch.documents,
        batch_bytes: file.batch.bytes,
        clean: ingest_clean::Settings { restore_segmented: file.clean.restore_segmented },
        fetch,
    };
    check(&settings)?;
    Ok(settings)
}

/// Flags over the `[fetch]` and `[http]` tables over the defaults.
fn fetch_settings(args: &RunArgs, file: FetchConfig, http: HttpConfig, base: &Path) -> Result<ingest_fetch::Settings> {
    let (flags, http_flags) = (&args.fetch, &args.http);
    let defaults = ingest_fetch::Settings::default();
    let or_file = |flag: &Vec<String>, file: Option<Vec<String>>| {
        if flag.is_empty() { file.unwrap_or_default() } else { flag.clone() }
    };
    let size = |flag: Option<u64>, file: Option<Size>, default: u64| -> Result<u64> {
        match (flag, file) {
            (Some(n), _) => Ok(n),
            (None, Some(size)) => size.bytes().context("invalid size in [fetch]"),
            (None, None) => Ok(default),
        }
    };
    let url_files = if http_flags.urls.is_empty() {
        file.url_files.unwrap_or_default().iter().map(|p| base.join(p)).collect()
    } else {
        http_flags.urls.clone()
    };
    let h = defaults.http.clone();
    let ms = Duration::from_millis;
    let http = ingest_fetch::HttpSettings {
        cache_dir: http_flags.cache.clone().or(http.cache.map(|c| base.join(c))).unwrap_or(h.cache_dir),
        offline: http_flags.offline || http.offline.unwrap_or(h.offline),
        per_host: http_flags.per_host.or(http.per_host).unwrap_or(h.per_host),
        delay: http_flags.delay_ms.or(http.delay_ms).map_or(h.delay, ms),
        workers: http_flags.fetchers.or(http.fetchers).unwrap_or(h.workers),
        connect_timeout: http_flags.connect_timeout_ms.or(http.connect_timeout_ms).map_or(h.connect_timeout, ms),
        read_timeout: http_flags.timeout_ms.or(http.timeout_ms).map_or(h.read_timeout, ms),
        retries: http_flags.retries.or(http.retries).unwrap_or(h.retries),
        backoff: http.backoff_ms.map_or(h.backoff, ms),
        max_redirects: http_flags.max_redirects.or(http.max_redirects).unwrap_or(h.max_redirects),
    };
    Ok(ingest_fetch::Settings {
        include: or_file(&flags.include, file.include),
        exclude: or_file(&flags.exclude, file.exclude),
        text_field: flags.text_field.clone().or(file.text_field).unwrap_or(defaults.text_field),
        id_field: flags.id_field.clone().or(file.id_field),
        url_field: flags.url_field.clone().or(file.url_field),
        max_document_bytes: size(flags.max_document_bytes, file.max_document_bytes, defaults.max_document_bytes)?,
        max_archive_bytes: size(flags.max_archive_bytes, file.max_archive_bytes, defaults.max_archive_bytes)?,
        urls: if http_flags.url.is_empty() { file.urls.unwrap_or_default() } else { http_flags.url.clone() },
        url_files,
        http,
    })
}

fn check(settings: &Settings) -> Result<()> {
    if settings.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    if settings.batch_documents == 0 || settings.batch_bytes == 0 {
        bail!("batch.documents and batch.bytes must be at least 1");
    }
    if settings.fetch.max_document_bytes == 0 || settings.fetch.max_archive_bytes == 0 {
        bail!("max_document_bytes and max_archive_bytes must be at least 1");
    }
    if settings.inputs.iter().filter(|i| i.as_os_str() == "-").count() > 1 {
        bail!("`-` (paths on standard input) can be given once");
    }
    if settings.fetch.http.per_host == 0 || settings.fetch.http.workers == 0 {
        bail!("per_host and fetchers must be at least 1");
    }
    for file in &settings.fetch.url_files {
        if std::fs::metadata(file).is_err() {
            bail!("URL list not found: {}", file.display());
        }
    }
    for input in &settings.inputs {
        let special = input.as_os_str() == "-" || input.to_string_lossy().contains(['*', '?', '[', '{']);
        if !special && std::fs::symlink_metadata(input).is_err() {
            bail!("input not found: {}", input.display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(inputs: &[&Path], config: Option<&Path>) -> RunArgs {
        RunArgs {
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            out: None,
            threads: None,
            config: config.map(Path::to_owned),
            fetch: Default::default(),
            http: Default::default(),
        }
    }

    #[test]
    fn config_file_paths_are_relative_to_the_file_and_flags_win() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("docs")).unwrap();
        let config = tmp.path().join("ingest.toml");
        std::fs::write(
            &config,
            "inputs = [\"docs\"]\nout = \"build\"\nthreads = 3\n[clean]\nrestore_segmented = false\n",
        )
        .unwrap();
        let s = resolve(&args(&[], Some(&config))).unwrap();
        assert_eq!(s.inputs, vec![tmp.path().join("docs")]);
        assert_eq!(s.out, tmp.path().join("build"));
        assert_eq!(s.threads, Some(3));
        assert!(!s.clean.restore_segmented);

        let mut flagged = args(&[tmp.path()], Some(&config));
        flagged.threads = Some(1);
        let s = resolve(&flagged).unwrap();
        assert_eq!(s.inputs, vec![tmp.path().to_owned()]);
        assert_eq!(s.threads, Some(1));
    }

    #[test]
    fn fetch_settings_from_file_and_flags() {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("ingest.toml");
        std::fs::write(
            &config,
            "inputs = [\"-\", \"data/*.jsonl\"]\n[fetch]\ninclude = [\"*.jsonl\"]\ntext_field = \"content\"\n\
             max_document_bytes = \"1M\"\nmax_archive_bytes = 4096\n",
        )
        .unwrap();
        let s = resolve(&args(&[], Some(&config))).unwrap();
        assert_eq!(s.inputs, vec![PathBuf::from("-"), tmp.path().join("data/*.jsonl")]);
        assert_eq!(s.fetch.include, ["*.jsonl"]);
        assert_eq!(s.fetch.text_field, "content");
        assert_eq!((s.fetch.max_document_bytes, s.fetch.max_archive_bytes), (1 << 20, 4096));
        let mut flagged = args(&[], Some(&config));
        flagged.fetch.text_field = Some("body".into());
        flagged.fetch.max_document_bytes = Some(10);
        let s = resolve(&flagged).unwrap();
        assert_eq!((s.fetch.text_field.as_str(), s.fetch.max_document_bytes), ("body", 10));

        // With URLs and no other input, the default `seeds` input does not apply.
        let mut urls_only = args(&[], None);
        urls_only.http.url = vec!["http://127.0.0.1:1/".into()];
        assert_eq!(resolve(&urls_only).unwrap().inputs, Vec::<PathBuf>::new());
    }

    #[test]
    fn sizes() {
        for (text, expected) in [
            ("4096", Ok(4096)),
            ("64M", Ok(64 << 20)),
            ("16 GiB", Ok(16 << 30)),
            ("1kb", Ok(1024)),
            ("", Err(())),
            ("12Q", Err(())),
            ("99999999999T", Err(())),
        ] {
            assert_eq!(parse_size(text).map_err(|_| ()), expected, "{text:?}");
        }
    }

    #[test]
    fn bad_settings_are_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("ingest.toml");
        std::fs::write(&config, "treads = 3\n").unwrap();
        let err = resolve(&args(&[tmp.path()], Some(&config))).unwrap_err();
        assert!(format!("{err:#}").contains("unknown field `treads`"), "{err:#}");

        let err = resolve(&args(&[&tmp.path().join("nope")], None)).unwrap_err();
        assert!(err.to_string().starts_with("input not found"), "{err}");

        let mut zero = args(&[tmp.path()], None);
        zero.threads = Some(0);
        assert!(resolve(&zero).is_err());
    }
}
