#!/usr/bin/env bash
# Quick whole-pipeline benchmark: builds a deterministic corpus from the seeds' lines (articles of
# 6-14 lines, 10% exact duplicates), then times `ingest run` on it with 1 and 2 threads.
# Usage: scripts/bench.sh [ARTICLES]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-2000}
work=${BENCH_DIR:-target/bench}
corpus="$work/corpus-$articles"

cargo build --release --quiet
if [ ! -d "$corpus" ]; then
    python3 - "$corpus" "$articles" <<'PY'
import os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
lines = []
for name in sorted(os.listdir("seeds")):
    with open(os.path.join("seeds", name), encoding="utf-8") as f:
        lines += [l.strip() for l in f if len(l.strip()) > 40]
rng = random.Random(20261127)
os.makedirs(out, exist_ok=True)
docs = []
for i in range(n):
    if docs and rng.random() < 0.10:
        text = rng.choice(docs)
    else:
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(6, 14))) + "\n"
        docs.append(text)
    with open(os.path.join(out, f"{i:07d}.txt"), "w", encoding="utf-8") as f:
        f.write(text)
PY
fi
# The corpus reuses the seeds' ~50 lines in every article, so each is in hundreds of articles of one
# directory: the repeated-lines rule would take every line it counts (all those of at most
# clean.repeated_max_words words). Count none, so the rule's first pass runs but removes nothing.
printf '[clean]\nrepeated_max_words = 0\n' > "$work/bench.toml"
bytes=$(du -sb "$corpus" | cut -f1)
echo "corpus: $corpus, $articles files, $((bytes / 1000)) kB"
printf '%-8s %10s %10s %12s\n' threads seconds MB/s peak_RSS_MB
for threads in 1 2; do
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$work/rss" target/release/ingest -q run "$corpus" --out "$work/out" --threads "$threads" --config "$work/bench.toml"
        rss=$(( $(cat "$work/rss") / 1024 ))
    else
        target/release/ingest -q run "$corpus" --out "$work/out" --threads "$threads" --config "$work/bench.toml"
        rss="?"
    fi
    end=$(date +%s.%N)
    python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]:<8} {s:10.2f} {int(sys.argv[4])/1e6/s:10.1f} {sys.argv[5]:>12}')" \
        "$start" "$end" "$threads" "$bytes" "$rss"
done
