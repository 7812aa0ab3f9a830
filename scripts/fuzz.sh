#!/usr/bin/env bash
# Runs one fuzz target for SECONDS, its corpus (fuzz/corpus/TARGET, kept between runs) first seeded
# with the project's real inputs for that target and with the inputs that found its past bugs: the
# fuzzer starts from encodings, archives, pages and articles instead of from nothing.
#
#   bash scripts/fuzz.sh TARGET [SECONDS [LIBFUZZER-FLAGS...]]    (just fuzz TARGET [SECONDS [FLAGS...]])
set -euo pipefail

target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-180}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/fuzz/corpus/$target"
mkdir -p "$corpus"

# Copies FILES into the corpus as seed-NAME (overwriting an earlier copy of the same seed).
seed() {
    for file in "$@"; do
        if [ -f "$file" ]; then cp "$file" "$corpus/seed-$(basename "$file")"; fi
    done
}

case "$target" in
    decode)
        seed "$root"/fixtures/encodings/*.txt "$root"/fixtures/fetch/encodings/*.txt "$root"/seeds/*
        ;;
    containers)
        # The target reads its first byte as the index of the file's suffix, the rest as the file.
        suffixes=(jsonl jsonl.gz warc warc.gz tar tar.gz zip txt.gz txt.zst jsonl.zst)
        for file in "$root"/fixtures/fetch/containers/*; do
            name=$(basename "$file")
            pick=-1
            for i in "${!suffixes[@]}"; do
                # The longest suffix that fits wins (`.jsonl.gz` over `.gz`).
                case "$name" in *."${suffixes[$i]}") pick=$i ;; esac
            done
            [ "$pick" -ge 0 ] || continue
            { printf "\\x$(printf %02x "$pick")"; cat "$file"; } >"$corpus/seed-$name"
        done
        ;;
    html)
        seed "$root"/fixtures/html/*.html
        ;;
    clean)
        seed "$root"/seeds/* "$root"/fixtures/html/*.html
        ;;
    segment)
        seed "$root"/seeds/*
        # The treebank's sentences, 100 to an input (an input is at most 64 KiB).
        sed -n 's/^# text = //p' "$root/fixtures/ud-vtb/dev-slice.conllu" | split -l 100 - "$corpus/seed-ud-vtb-"
        ;;
    *)
        echo "unknown fuzz target: $target (decode, containers, html, clean, segment)" >&2
        exit 2
        ;;
esac
seed "$root/fuzz/regressions/$target"/*

cd "$root/fuzz"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run -O "$target" "$corpus" -- -max_total_time="$seconds" -max_len=65536 "${@:3}"
