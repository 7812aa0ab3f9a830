//! Runs `html::extract` on the first `COUNT` HTML pages (sorted by path) under `DIR/*/`, for
//! counting instructions with callgrind, or, given `--dump OUT`, writes each page's text and
//! metadata to OUT to compare two builds.
//!
//! `html_pages DIR [COUNT] [--dump OUT]`

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().expect("html_pages DIR [COUNT] [--dump OUT]");
    let count = args.get(1).and_then(|c| c.parse().ok()).unwrap_or(usize::MAX);
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1));
    let mut dirs: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    let mut paths = Vec::new();
    for sub in dirs {
        if paths.len() >= count {
            break;
        }
        let Ok(files) = std::fs::read_dir(sub) else { continue };
        let mut html: Vec<_> =
            files.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "html")).collect();
        html.sort();
        paths.extend(html);
    }
    paths.truncate(count);
    let pages: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let mut out = dump.map(|d| std::io::BufWriter::new(std::fs::File::create(d).unwrap()));
    let mut chars = 0;
    for (path, html) in paths.iter().zip(&pages) {
        let page = ingest_clean::html::extract(html);
        chars += page.text.len();
        if let Some(out) = out.as_mut() {
            writeln!(out, "== {}\n{:?}\n{}", path.display(), page.meta, page.text).unwrap();
        }
    }
    eprintln!("{} pages, {chars} bytes of text", pages.len());
}
