"""Times `ingest segment` (one thread) and, if importable, pyvi on the same text; prints MB/s and the ratio.

The text: the seeds' lines and the sentences of fixtures/ud-vtb/dev-slice.conllu, repeated to the size asked.
"""
import os
import subprocess
import sys
import time

mb, work = int(sys.argv[1]), sys.argv[2]
lines = []
for name in sorted(os.listdir("seeds")):
    with open(os.path.join("seeds", name), encoding="utf-8") as f:
        lines += [l.strip().replace("_", " ") for l in f if l.strip()]
with open("fixtures/ud-vtb/dev-slice.conllu", encoding="utf-8") as f:
    lines += [l.split("=", 1)[1].strip() for l in f if l.startswith("# text")]
block = "\n".join(lines) + "\n"
path = os.path.join(work, f"segment-{mb}MB.txt")
if not os.path.exists(path):
    with open(path, "w", encoding="utf-8") as f:
        size = 0
        while size < mb * 1_000_000:
            f.write(block)
            size += len(block.encode("utf-8"))
size = os.path.getsize(path)


def ours(path, size, runs=3):
    best = float("inf")
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["target/release/ingest", "segment", path], env=env, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return size / 1e6 / best


print(f"text: {path}, {size / 1e6:.1f} MB")
ours_full = ours(path, size)
print(f"ingest segment, 1 thread, {size / 1e6:.0f} MB: {ours_full:.1f} MB/s (best of 3, process start and model load included)")

try:
    from pyvi import ViTokenizer
except ImportError:
    print("pyvi: not installed (pip install pyvi failed or no venv): peer skipped")
    sys.exit(0)

# pyvi is slow: time it on the first 2 MB, and ours on the same 2 MB.
sample = os.path.join(work, "segment-sample-2MB.txt")
with open(path, encoding="utf-8") as f, open(sample, "w", encoding="utf-8") as out:
    taken = 0
    for line in f:
        out.write(line)
        taken += len(line.encode("utf-8"))
        if taken >= 2_000_000:
            break
sample_size = os.path.getsize(sample)
with open(sample, encoding="utf-8") as f:
    sample_lines = f.read().split("\n")
ViTokenizer.tokenize("khởi động")
start = time.perf_counter()
for line in sample_lines:
    ViTokenizer.tokenize(line)
pyvi_rate = sample_size / 1e6 / (time.perf_counter() - start)
ours_sample = ours(sample, sample_size)
print(f"pyvi, 1 thread, {sample_size / 1e6:.1f} MB: {pyvi_rate:.2f} MB/s")
print(f"ingest segment on the same {sample_size / 1e6:.1f} MB: {ours_sample:.1f} MB/s")
print(f"ratio ingest / pyvi: {ours_sample / pyvi_rate:.0f}x")
