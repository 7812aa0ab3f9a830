#!/usr/bin/env bash
# Proves the output loads with Hugging Face `datasets`: builds seeds/ (plain, and zstd-compressed),
# installs `datasets` into target/check-hf/venv, and loads both.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/check-hf
mkdir -p "$work"
cargo build --release --quiet
target/release/ingest -q run seeds --out "$work/plain"
target/release/ingest -q run seeds --out "$work/zstd" --compress zstd
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet datasets zstandard
fi
"$work/venv/bin/python" - "$work" <<'PY'
import glob, json, sys
from datasets import load_dataset
work = sys.argv[1]
for name in ["plain", "zstd"]:
    files = sorted(glob.glob(f"{work}/{name}/documents*.jsonl*"))
    ds = load_dataset("json", data_files=files, split="train")
    manifest = json.load(open(f"{work}/{name}/manifest.json"))
    assert len(ds) == manifest["counts"]["documents"], (len(ds), manifest["counts"])
    assert set(["id", "text", "source", "segmented", "metadata"]) <= set(ds.column_names), ds.column_names
    print(f"{name}: {len(files)} file(s), {len(ds)} documents, columns {ds.column_names}: OK")
PY
