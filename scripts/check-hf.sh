#!/usr/bin/env bash
# Proves the output loads with Hugging Face `datasets`: builds seeds/ (plain, and zstd-compressed) and
# a build of many zstd shards from text and HTML pages, installs `datasets` into target/check-hf/venv,
# and loads each build's directory.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/check-hf
mkdir -p "$work"
cargo build --release --quiet
target/release/ingest -q run seeds --out "$work/plain"
target/release/ingest -q run seeds --out "$work/zstd" --compress zstd
# Shards where an optional field is null throughout (plain text: no author) beside shards where it
# is a string (HTML pages): loading needs the types README.md declares.
rm -rf "$work/mixed-in" && mkdir -p "$work/mixed-in/text" "$work/mixed-in/pages"
cp seeds/* "$work/mixed-in/text/" && cp fixtures/html/*.html "$work/mixed-in/pages/"
target/release/ingest -q run "$work/mixed-in" --out "$work/shards" --shard-size 4KB --compress zstd
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet datasets zstandard
fi
"$work/venv/bin/python" - "$work" <<'PY'
import glob, json, sys
from datasets import load_dataset
work = sys.argv[1]
for name in ["plain", "zstd", "shards"]:
    files = sorted(glob.glob(f"{work}/{name}/documents*.jsonl*"))
    # The build directory itself: README.md names the files and the type of every field.
    ds = load_dataset(f"{work}/{name}", split="train")
    manifest = json.load(open(f"{work}/{name}/manifest.json"))
    assert len(ds) == manifest["counts"]["documents"], (len(ds), manifest["counts"])
    assert set(["id", "text", "source", "segmented", "metadata"]) <= set(ds.column_names), ds.column_names
    authors = [d["metadata"]["author"] for d in ds]
    print(f"{name}: {len(files)} file(s), {len(ds)} documents, columns {ds.column_names}, "
          f"{sum(a is not None for a in authors)} with an author: OK")
PY
