#!/usr/bin/env bash
# The benchmark: `just bench` (quick, a 100 MB corpus) or `just bench full` (1 GB).
# Builds ingest and ingest-bench, installs the peers (pyvi, underthesea, datatrove) into a
# virtualenv under target/bench/ when it can (they are skipped with a message when it cannot),
# and runs scripts/bench.py, which prints the table and writes it to target/bench/report-SIZE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
case "$mode" in
    quick|full) ;;
    *) echo "usage: scripts/bench.sh [quick|full]" >&2; exit 2 ;;
esac
work=${BENCH_DIR:-target/bench}
mkdir -p "$work"
cargo build --release --quiet -p ingest -p ingest-bench
python=python3
if [ -z "${BENCH_NO_PEERS:-}" ]; then
    if [ ! -x "$work/venv/bin/python" ]; then
        python3 -m venv "$work/venv" >/dev/null 2>&1 || echo "peers: cannot create a virtualenv; skipped" >&2
    fi
    if [ -x "$work/venv/bin/python" ]; then
        python="$work/venv/bin/python"
        # datatrove imports regex, tokenizers, xxhash and orjson without declaring them.
        "$python" -c "import pyvi, underthesea, datatrove, ftfy, regex, tokenizers, xxhash, orjson" 2>/dev/null \
            || "$work/venv/bin/pip" install --quiet pyvi underthesea datatrove ftfy regex tokenizers xxhash orjson >"$work/pip.log" 2>&1 \
            || echo "peers: pip install failed (see $work/pip.log); the ones missing are skipped" >&2
    fi
fi
exec "$python" scripts/bench.py "$mode" "$work"
