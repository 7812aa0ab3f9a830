//! Settings: defaults, then the `--config` file, then flags.
//!
//! The file is TOML; every key is optional and unknown keys are errors, so a typo is caught. Any
//! key can also be set on the command line with `--set KEY=VALUE` (`--set clean.filters.min_words=10`),
//! and `ingest config --print` shows what a run would use:
//!
//! ```toml
//! inputs = ["seeds"]          # paths, patterns, "-"; relative to this file
//! out = "out"
//! threads = 2
//! keep_rejected = false       # rejected documents' clean text into rejects.jsonl (--keep-rejected)
//!
//! [output]
//! compress = "none"           # document shards: "none", "zstd" (level 3) or "gzip"
//! shard_size = "256MB"        # uncompressed bytes per shard; one documents.jsonl if all fit
//!
//! [batch]
//! documents = 1024            # inputs per batch
//! bytes = 67108864            # input bytes per batch; memory grows with this
//!
//! [clean]
//! restore_segmented = true    # turn word-segmented input back into natural text
//! tone_style = "keep"         # tone marks of oa/oe/uy: "keep", "new" (hòa, khỏe, thủy) or
//!                             # "old" (hoà, khoẻ, thuỷ)
//! repeated_min_documents = 3  # a line found in this many distinct documents of one site or
//!                             # directory is boilerplate and removed; 0 = off (no first pass)
//! repeated_max_words = 30     # only lines of at most this many words count as repeated
//!
//! [clean.filters]             # a document failing one is a reject (stage clean, reason in brackets)
//! min_words = 20              # fewest words [too_short]
//! languages = ["vie"]         # accepted languages, ISO 639-3; [] accepts any [language]
//! reject_no_diacritics = false  # reject Vietnamese typed without diacritics [no_diacritics]
//! max_symbol_share = 0.25     # most punctuation and symbols among non-space characters [symbols]
//! max_duplicate_line_share = 0.5  # most lines repeating an earlier line [duplicate_lines]
//! max_caps_share = 0.5        # most words of 2+ letters in capitals [all_caps]
//! min_punctuated_line_share = 0.2  # fewest lines ending like a sentence [unpunctuated]
//! max_mean_syllable_length = 6.0  # most letters per word on average [long_words]
//!
//! [dedupe]
//! index = "published.redb"   # persistent index of earlier builds' documents (optional)
//! paragraphs = false         # drop paragraphs earlier kept documents had (cc_net style)
//! near = true                 # near-duplicates by MinHash-LSH (false: exact only)
//! near_threshold = 0.8        # estimated Jaccard similarity of 5-syllable shingles
//! shingle = 5                 # syllables per shingle
//! num_perm = 128              # hash functions; bands x rows of them are used
//!
//! [tokenize]
//! hf_tokenizer = "phobert/tokenizer.json"   # subword counts (build with --features hf)
//! segment = true              # false: no `segmented`, no `metadata.words` (--no-segment)
//!
//! [fetch]
//! include = ["*.txt"]         # globs over the path under each input
//! exclude = ["drafts/**"]
//! text_field = "text"         # JSONL field with the text
//! id_field = "id"             # JSONL field naming a record
//! url_field = "url"           # JSONL field with a record's URL
//! max_document_bytes = "64M"  # a number of bytes, or a string with K, M or G
//! max_archive_bytes = "16G"
//! read_ahead = "16M"          # input read ahead of the pipeline, at most
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
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    /// `None`: rayon's default (RAYON_NUM_THREADS, else one per core).
    pub threads: Option<usize>,
    pub batch_documents: usize,
    pub batch_bytes: u64,
    pub clean: ingest_clean::Settings,
    pub dedupe: ingest_dedupe::Settings,
    /// The persistent dedupe index, if any.
    pub index: Option<PathBuf>,
    /// A Hugging Face tokenizer.json to count subword tokens with.
    pub hf_tokenizer: Option<PathBuf>,
    /// Word-segment the documents (`segmented`, `metadata.words`).
    pub segment: bool,
    /// Write rejected documents' text into `rejects.jsonl`.
    pub keep_rejected: bool,
    pub compression: ingest_emit::Compression,
    /// Uncompressed bytes per document shard.
    pub shard_size: u64,
    /// Continue an interrupted build of the same settings.
    pub resume: bool,
    pub fetch: ingest_fetch::Settings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    inputs: Option<Vec<PathBuf>>,
    out: Option<PathBuf>,
    threads: Option<usize>,
    #[serde(default)]
    keep_rejected: bool,
    #[serde(default)]
    output: OutputConfig,
    #[serde(default)]
    batch: BatchConfig,
    #[serde(default)]
    clean: CleanConfig,
    #[serde(default)]
    dedupe: DedupeConfig,
    #[serde(default)]
    tokenize: TokenizeConfig,
    #[serde(default)]
    fetch: FetchConfig,
    #[serde(default)]
    http: HttpConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct OutputConfig {
    compress: String,
    shard_size: String,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig { compress: "none".to_owned(), shard_size: "256MB".to_owned() }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct DedupeConfig {
    index: Option<PathBuf>,
    paragraphs: bool,
    near: bool,
    near_threshold: f64,
    shingle: usize,
    num_perm: usize,
}

impl Default for DedupeConfig {
    fn default() -> Self {
        let p = ingest_dedupe::Params::default();
        DedupeConfig {
            index: None,
            paragraphs: false,
            near: true,
            near_threshold: p.threshold,
            shingle: p.shingle,
            num_perm: p.num_perm,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenizeConfig {
    hf_tokenizer: Option<PathBuf>,
    segment: Option<bool>,
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
    read_ahead: Option<Size>,
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
    tone_style: ToneStyleConfig,
    repeated_min_documents: u32,
    repeated_max_words: usize,
    filters: ingest_clean::quality::Filters,
}

impl Default for CleanConfig {
    fn default() -> Self {
        let clean = ingest_clean::Settings::default();
        CleanConfig {
            restore_segmented: clean.restore_segmented,
            tone_style: ToneStyleConfig::Keep,
            repeated_min_documents: clean.repeated_min_documents,
            repeated_max_words: clean.repeated_max_words,
            filters: ingest_clean::quality::Filters::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ToneStyleConfig {
    Keep,
    New,
    Old,
}

impl From<ToneStyleConfig> for ingest_clean::ToneStyle {
    fn from(style: ToneStyleConfig) -> Self {
        match style {
            ToneStyleConfig::Keep => ingest_clean::ToneStyle::Keep,
            ToneStyleConfig::New => ingest_clean::ToneStyle::New,
            ToneStyleConfig::Old => ingest_clean::ToneStyle::Old,
        }
    }
}

/// Resolves the settings of `ingest run` and checks them. Errors here are usage errors.
pub fn resolve(args: &RunArgs) -> Result<Settings> {
    let (mut table, base) = match &args.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read config file {}", path.display()))?;
            let table: toml::Table =
                toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))?;
            (table, path.parent().map(Path::to_owned).unwrap_or_default())
        }
        None => (toml::Table::new(), PathBuf::new()),
    };
    for assignment in &args.set {
        apply_set(&mut table, assignment)?;
    }
    let origin = args.config.as_ref().map_or_else(|| "--set".to_owned(), |p| p.display().to_string());
    let file: FileConfig =
        toml::Value::Table(table).try_into().with_context(|| format!("invalid settings (from {origin})"))?;
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
        clean: ingest_clean::Settings {
            restore_segmented: file.clean.restore_segmented,
            tone_style: file.clean.tone_style.into(),
            repeated_min_documents: file.clean.repeated_min_documents,
            repeated_max_words: file.clean.repeated_max_words,
            filters: file.clean.filters,
        },
        keep_rejected: args.keep_rejected || file.keep_rejected,
        compression: {
            let name = args.compress.as_deref().unwrap_or(&file.output.compress);
            ingest_emit::Compression::from_name(name)
                .with_context(|| format!("unknown compression `{name}` (use none, zstd or gzip)"))?
        },
        shard_size: parse_size(args.shard_size.as_deref().unwrap_or(&file.output.shard_size))
            .map_err(anyhow::Error::msg)?,
        resume: args.resume,
        dedupe: ingest_dedupe::Settings {
            near: (file.dedupe.near && !args.no_near).then(|| ingest_dedupe::Params {
                threshold: args.near_threshold.unwrap_or(file.dedupe.near_threshold),
                shingle: file.dedupe.shingle,
                num_perm: file.dedupe.num_perm,
            }),
            paragraphs: file.dedupe.paragraphs || args.dedupe_paragraphs,
        },
        index: args.index.clone().or_else(|| file.dedupe.index.as_ref().map(|p| base.join(p))),
        hf_tokenizer: args.hf_tokenizer.clone().or_else(|| file.tokenize.hf_tokenizer.map(|p| base.join(p))),
        segment: !args.no_segment && file.tokenize.segment.unwrap_or(true),
        fetch,
    };
    check(&settings)?;
    Ok(settings)
}

/// Applies `--set KEY=VALUE`: the value is read as TOML (`10`, `true`, `["vie"]`, `"text"`), and a
/// bare word as a string.
fn apply_set(table: &mut toml::Table, assignment: &str) -> Result<()> {
    let (key, value) =
        assignment.split_once('=').with_context(|| format!("--set needs KEY=VALUE, not `{assignment}`"))?;
    let value: toml::Value = match toml::from_str::<toml::Table>(&format!("v = {value}")) {
        Ok(mut parsed) => parsed.remove("v").expect("parsed the key just written"),
        Err(_) => toml::Value::String(value.to_owned()),
    };
    let mut path: Vec<&str> = key.trim().split('.').collect();
    let last = path.pop().filter(|k| !k.is_empty()).with_context(|| format!("--set: empty key in `{assignment}`"))?;
    let mut node = table;
    for part in path {
        let entry = node.entry(part.to_owned()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        node = entry.as_table_mut().with_context(|| format!("--set: `{part}` in `{key}` is not a table"))?;
    }
    node.insert(last.to_owned(), value);
    Ok(())
}

/// The resolved settings as JSON, for `ingest config --print`.
pub fn describe(settings: &Settings) -> Result<String> {
    #[derive(serde::Serialize)]
    struct Described {
        inputs: Vec<String>,
        out: String,
        threads: Option<usize>,
        batch_documents: usize,
        batch_bytes: u64,
        index: Option<String>,
        hf_tokenizer: Option<String>,
        resume: bool,
        /// The settings that decide the output, as the manifest records them.
        output: crate::recorded::OutputSettings,
    }
    let path = |p: &Path| p.display().to_string();
    let described = Described {
        inputs: settings.inputs.iter().map(|p| path(p)).collect(),
        out: path(&settings.out),
        threads: settings.threads,
        batch_documents: settings.batch_documents,
        batch_bytes: settings.batch_bytes,
        index: settings.index.as_deref().map(path),
        hf_tokenizer: settings.hf_tokenizer.as_deref().map(path),
        resume: settings.resume,
        output: crate::recorded::OutputSettings::of(settings, None),
    };
    Ok(serde_json::to_string_pretty(&described)? + "\n")
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
        read_ahead_bytes: size(None, file.read_ahead, defaults.read_ahead_bytes)?,
        urls: if http_flags.url.is_empty() { file.urls.unwrap_or_default() } else { http_flags.url.clone() },
        url_files,
        http,
        // Decided by the first pass, from the threads it has (`first_pass::read_in_workers`).
        read_in_workers: defaults.read_in_workers,
    })
}

fn check(settings: &Settings) -> Result<()> {
    if settings.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    if let Some(near) = settings.dedupe.near {
        if !(near.threshold > 0.0 && near.threshold <= 1.0) {
            bail!("near_threshold must be in (0, 1], not {}", near.threshold);
        }
        if near.shingle == 0 || !(1..=1024).contains(&near.num_perm) {
            bail!("dedupe.shingle must be at least 1 and dedupe.num_perm between 1 and 1024");
        }
    }
    if !settings.segment && settings.hf_tokenizer.is_some() {
        bail!("an hf_tokenizer counts the tokens of `segmented`, which tokenize.segment = false leaves out");
    }
    if settings.shard_size == 0 {
        bail!("shard_size must be at least 1 byte");
    }
    if settings.batch_documents == 0 || settings.batch_bytes == 0 {
        bail!("batch.documents and batch.bytes must be at least 1");
    }
    let f = &settings.clean.filters;
    for (name, share) in [
        ("max_symbol_share", f.max_symbol_share),
        ("max_duplicate_line_share", f.max_duplicate_line_share),
        ("max_caps_share", f.max_caps_share),
        ("min_punctuated_line_share", f.min_punctuated_line_share),
    ] {
        if !(0.0..=1.0).contains(&share) {
            bail!("clean.filters.{name} must be between 0 and 1, not {share}");
        }
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
            hf_tokenizer: None,
            no_segment: false,
            no_near: false,
            index: None,
            dedupe_paragraphs: false,
            near_threshold: None,
            keep_rejected: false,
            compress: None,
            shard_size: None,
            resume: false,
            set: Vec::new(),
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
            "inputs = [\"docs\"]\nout = \"build\"\nthreads = 3\n[clean]\nrestore_segmented = false\ntone_style = \"old\"\n",
        )
        .unwrap();
        let s = resolve(&args(&[], Some(&config))).unwrap();
        assert_eq!(s.inputs, vec![tmp.path().join("docs")]);
        assert_eq!(s.out, tmp.path().join("build"));
        assert_eq!(s.threads, Some(3));
        assert!(!s.clean.restore_segmented);
        assert_eq!(s.clean.tone_style, ingest_clean::ToneStyle::Old);
        assert_eq!(s.clean.filters, ingest_clean::quality::Filters::default(), "unset filters keep their defaults");

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
             max_document_bytes = \"1M\"\nmax_archive_bytes = 4096\nread_ahead = \"2M\"\n",
        )
        .unwrap();
        let s = resolve(&args(&[], Some(&config))).unwrap();
        assert_eq!(s.inputs, vec![PathBuf::from("-"), tmp.path().join("data/*.jsonl")]);
        assert_eq!(s.fetch.include, ["*.jsonl"]);
        assert_eq!(s.fetch.text_field, "content");
        assert_eq!((s.fetch.max_document_bytes, s.fetch.max_archive_bytes), (1 << 20, 4096));
        assert_eq!(s.fetch.read_ahead_bytes, 2 << 20);
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
        std::fs::write(&config, "[clean]\ntone_style = \"modern\"\n").unwrap();
        let err = resolve(&args(&[tmp.path()], Some(&config))).unwrap_err();
        assert!(format!("{err:#}").contains("unknown variant `modern`"), "{err:#}");
        std::fs::write(&config, "[clean.filters]\nmax_caps_share = 50\n").unwrap();
        let err = resolve(&args(&[tmp.path()], Some(&config))).unwrap_err();
        assert!(err.to_string().contains("max_caps_share must be between 0 and 1"), "{err:#}");
        std::fs::write(&config, "[clean.filters]\nmin_wrods = 5\n").unwrap();
        let err = resolve(&args(&[tmp.path()], Some(&config))).unwrap_err();
        assert!(format!("{err:#}").contains("unknown field `min_wrods`"), "{err:#}");

        let err = resolve(&args(&[&tmp.path().join("nope")], None)).unwrap_err();
        assert!(err.to_string().starts_with("input not found"), "{err}");

        let mut zero = args(&[tmp.path()], None);
        zero.threads = Some(0);
        assert!(resolve(&zero).is_err());
    }
}
