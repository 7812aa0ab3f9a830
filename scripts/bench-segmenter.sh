#!/usr/bin/env bash
# Segmenter throughput, single thread, on >= 20 MB of Vietnamese text, and pyvi's on the same text in
# the same run (pyvi is installed into target/bench/venv; skipped with a message if that fails).
# Usage: scripts/bench-segmenter.sh [MB]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-20}
work=target/bench
mkdir -p "$work"
cargo build --release --quiet
python=python3
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv" >/dev/null 2>&1 || true
fi
if [ -x "$work/venv/bin/python" ]; then
    "$work/venv/bin/python" -c "import pyvi" 2>/dev/null || "$work/venv/bin/pip" install --quiet pyvi >/dev/null 2>&1 || true
    python="$work/venv/bin/python"
fi
"$python" scripts/bench_segmenter.py "$mb" "$work"
