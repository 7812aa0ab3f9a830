"""The benchmark table: scripts/bench.sh runs this with the peers' virtualenv when there is one.

Usage: bench.py quick|full WORKDIR

1. a corpus with known answers (ingest-bench corpus: 100 MB or 1 GB), kept between runs;
2. the whole pipeline at 1 and 2 threads: wall time, MB/s per core, inputs/s, peak RSS (from
   /usr/bin/time -v), scaling, and the two outputs compared byte for byte;
3. the run checked against truth.json (ingest-bench check);
4. each stage alone, one thread (ingest-bench stages);
5. peers on the same input in the same run: pyvi and underthesea word segmentation beside
   `ingest segment`, and a datatrove pipeline (JSONL reader, ftfy, exact dedupe, pyvi, JSONL
   writer) beside `ingest run`, with the ratios.

Every figure comes from this run on this machine; ratios are against peers measured in it.
"""

import datetime
import filecmp
import json
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import time

MODE, WORK = sys.argv[1], sys.argv[2]
SIZE = os.environ.get("BENCH_SIZE") or {"quick": "100MB", "full": "1GB"}[MODE]
# Runs of each whole-pipeline configuration: `BENCH_RUNS`, else 2 in quick mode and 1 in full.
REPEAT = int(os.environ.get("BENCH_RUNS") or (2 if MODE == "quick" else 1))
INGEST = "target/release/ingest"
BENCH = "target/release/ingest-bench"
# The corpus is kept between runs, under a name that changes when the generator or its sources do.
def _files(top):
    for root, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            yield os.path.join(root, name)


GENERATOR = hashlib.sha256(b"".join(
    open(path, "rb").read() for top in ("crates/ingest-bench/src", "seeds") for path in _files(top)
) + open("fixtures/ud-vtb/dev-slice.conllu", "rb").read()).hexdigest()[:8]
CORPUS = os.path.join(WORK, f"corpus-{SIZE}-{GENERATOR}")
INPUT = os.path.join(CORPUS, "input")
PEER_MB = int(os.environ.get("BENCH_PEER_MB", "3"))
SEGMENT_MB = float(os.environ.get("BENCH_SEGMENT_MB", "1"))
GOALS = {"with_segment": 25.0, "without_segment": 250.0, "scaling": 1.8, "rss_mb": 300.0}

lines = []


def out(text=""):
    print(text, flush=True)
    lines.append(text)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def corpus():
    if not os.path.exists(os.path.join(CORPUS, "truth.json")):
        shutil.rmtree(CORPUS, ignore_errors=True)
        sh([BENCH, "corpus", "--out", CORPUS, "--size", SIZE])
    total, files = 0, 0
    for root, _, names in os.walk(INPUT):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def warm(path):
    """Reads every file once, so each timed run starts with the corpus in the page cache."""
    for root, _, names in os.walk(path):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def burn(n):
    start = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - start


def machine_scaling():
    """How much faster two independent busy processes finish than one does twice: what this
    (virtual, shared) machine gives a second thread right now. 2.0 on two real idle cores."""
    import multiprocessing

    n = 15_000_000
    # The best of three each: one slow measurement alone made the figure above 2 on a busy host.
    one = min(burn(n) for _ in range(3))
    two = float("inf")
    with multiprocessing.Pool(2) as pool:
        for _ in range(3):
            start = time.perf_counter()
            pool.map(burn, [n, n])
            two = min(two, time.perf_counter() - start)
    return 2 * one / two


def steal_seconds():
    """CPU time the hypervisor gave to others while this machine's CPUs wanted it (all CPUs, from
    /proc/stat), or None where the kernel does not say."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


# Steal time during each run, by output directory: how much a run was slowed by the host.
STEAL = {}
# User and system CPU seconds of each run, by output directory.
USER_SYSTEM = {}


def timed_run(inputs, out_dir, threads, log, extra=(), pin=None):
    """`ingest run` under /usr/bin/time -v, on the CPUs `pin` lists when given (taskset): (seconds,
    peak RSS in MB, summary counts, CPU seconds). Its steal time goes into STEAL."""
    rusage = out_dir + ".time"
    cmd = [INGEST, "run", inputs, "--out", out_dir, "--threads", str(threads)] + list(extra)
    # Each run starts alike: no earlier output for it to delete (which costs the run system time),
    # no earlier run's writes still going to disk beside it, and the corpus in the page cache
    # (which this machine may have emptied of files not read for a while).
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.sync()
    warm(inputs)
    if pin is not None:
        cmd = ["taskset", "-c", pin] + cmd
    steal = steal_seconds()
    start = time.perf_counter()
    with open(log, "w") as err:
        if os.path.exists("/usr/bin/time"):
            code = subprocess.run(["/usr/bin/time", "-v", "-o", rusage] + cmd, stderr=err).returncode
        else:
            code = subprocess.run(cmd, stderr=err).returncode
    seconds = time.perf_counter() - start
    after = steal_seconds()
    STEAL[out_dir] = after - steal if steal is not None and after is not None else None
    if code not in (0, 1):
        sys.exit(f"ingest run failed ({code}); see {log}")
    rss, cpu = None, None
    if os.path.exists(rusage):
        usage = open(rusage).read()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", usage)
        rss = int(m.group(1)) / 1024 if m else None
        times = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", usage)
        cpu = sum(float(t) for t in times) if times else None
        if len(times) == 2:
            USER_SYSTEM[out_dir] = tuple(float(t) for t in times)
    done = re.search(r"done: (\d+) inputs, (\d+) documents, (\d+) duplicates, (\d+) rejects", open(log).read())
    counts = tuple(int(x) for x in done.groups()) if done else None
    return seconds, rss, counts, cpu


def pipeline(total, files):
    out("## Whole pipeline (`ingest run`, default settings, corpus in the page cache)")
    out()
    out("| threads | seconds | MB/s | MB/s per thread | MB per CPU-second | CPU s: user + system | inputs/s | "
        "documents/s | peak RSS MB | steal s |")
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    runs = {}
    # Each configuration runs REPEAT times, the configurations alternating, and the faster run is
    # kept: the machine is shared, and noise only ever adds time.

    def keep_faster(key, name, threads, **kw):
        dest = os.path.join(WORK, f"out-{SIZE}-{name}")
        result = timed_run(INPUT, dest, threads, dest + ".log", **kw)
        if key not in runs or result[0] < runs[key][0]:
            runs[key] = result + (dest,)

    for _ in range(REPEAT):
        keep_faster(1, "1", 1)
        keep_faster(2, "2", 2)
    # Without segmentation (`--no-segment`), one thread, for the goal that leaves segmentation out.
    for _ in range(REPEAT):
        keep_faster("plain", "1-no-segment", 1, extra=["--no-segment"])
    # One thread on one core (taskset): `--threads 1` alone lets fetch's reader, the spill's
    # read-ahead and the in-order work run on a second core, so it is not what one core does.
    has_taskset = shutil.which("taskset") is not None
    for _ in range(REPEAT if has_taskset else 0):
        keep_faster("core", "1-core", 1, pin="0")
    names = {1: "1", 2: "2", "plain": "1, `--no-segment`", "core": "1, on one core (taskset)"}
    for key in [k for k in (1, 2, "plain", "core") if k in runs]:
        seconds, rss, counts, cpu, _ = runs[key]
        threads = 2 if key == 2 else 1
        mbs = total / 1e6 / seconds
        docs = counts[1] if counts else 0
        rss_text = f"{rss:.0f}" if rss else "?"
        cpu_text = f"{total / 1e6 / cpu:.1f}" if cpu else "?"
        name = names[key]
        steal = STEAL.get(runs[key][4])
        steal_text = f"{steal:.1f}" if steal is not None else "?"
        split = USER_SYSTEM.get(runs[key][4])
        split_text = f"{split[0]:.1f} + {split[1]:.1f}" if split else "?"
        out(f"| {name} | {seconds:.1f} | {mbs:.1f} | {mbs / threads:.1f} | {cpu_text} | {split_text} | "
            f"{files / seconds:,.0f} | {docs / seconds:,.0f} | {rss_text} | {steal_text} |")
    with open(os.path.join(runs[1][4], "manifest.json"), encoding="utf-8") as f:
        data_files = [entry["name"] for entry in json.load(f)["files"]] + ["manifest.json"]
    others = [runs[k][4] for k in (2, "core") if k in runs]
    same = all(filecmp.cmp(os.path.join(runs[1][4], f), os.path.join(other, f), shallow=False)
               for f in data_files for other in others)
    scaling = runs[1][0] / runs[2][0]
    out()
    if not has_taskset:
        out("(taskset is not installed: no run on one core.)")
        out()
    if REPEAT > 1:
        out(f"Each row: the fastest of {REPEAT} runs (`BENCH_RUNS`), the 1- and 2-thread runs alternating.")
        out()
    out("steal s: CPU time the host gave to other guests while this one's CPUs wanted it, during the run "
        "(/proc/stat, all CPUs): a run with steal was slowed by something outside this machine.")
    out()
    out("System time: mostly the kernel copying files in and out of the page cache. On a virtual machine whose "
        "host takes back memory the guest leaves free (free page reporting, DAMON), a page the run writes into "
        "for the first time in a while costs many times one used recently, so system time varies from run to run "
        "more than user time does.")
    out()
    c = runs[2][2]
    if c:
        out(f"Counts: {c[0]:,} inputs = {c[1]:,} documents + {c[2]:,} duplicates + {c[3]:,} rejects"
            f" ({'adds up' if c[0] == c[1] + c[2] + c[3] else 'DOES NOT ADD UP'}).")
    reference = machine_scaling()
    core_note = ""
    if "core" in runs:
        core_note = (f" 2 threads / 1 thread on one core: {runs['core'][0] / runs[2][0]:.2f}x (what a second core "
                     f"buys: the 1-thread run above uses part of the second core for reading and writing).")
    out(f"2 threads / 1 thread: {scaling:.2f}x; the machine itself, measured now: two independent busy processes "
        f"finish {reference:.2f}x as fast as one does twice (2.0 on two free cores).{core_note} "
        f"Outputs of the 1- and 2-thread runs (and the one-core run): {'identical' if same else 'DIFFERENT'}.")
    out()
    wall_phases(runs)
    return runs, scaling, reference


def wall_phases(runs):
    """Where the main thread's wall-clock time went (`timings.json` of each run)."""
    phases = {}
    for key in (1, 2):
        path = os.path.join(runs[key][4], "timings.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                phases[key] = json.load(f).get("wall", {})
    if not phases:
        return
    out("Where the wall-clock time went (`timings.json`, `wall`): the passes, and in each the main thread's two "
        "sides, which overlap (the in-order side of a batch runs alongside the next batch's reading and parallel "
        "work), so a pass's sides add up to more than the pass.")
    out()
    out("| phase | 1 thread, s | 2 threads, s |")
    out("|---|---:|---:|")
    for name in sorted(set().union(*[set(p) for p in phases.values()])):
        cells = [f"{phases[k][name]:.2f}" if name in phases.get(k, {}) else "" for k in (1, 2)]
        out(f"| {name} | {cells[0]} | {cells[1]} |")
    out()


def bench_table(title, args):
    """Runs `ingest-bench ARGS` and adds its table to the report in a code block."""
    out(title)
    out()
    table = subprocess.run([BENCH] + args, check=True, capture_output=True, text=True).stdout
    out("```")
    for line in table.rstrip("\n").split("\n"):
        out(line)
    out("```")
    out()
    return table


def check(dest):
    bench_table("## Correctness of the 2-thread run against truth.json (`ingest-bench check`)",
                ["check", os.path.join(CORPUS, "truth.json"), dest])


def stages():
    table = bench_table("## Each stage alone, 1 thread (`ingest-bench stages`)",
                        ["stages", INPUT, "--mb", "100", "--scratch", WORK])
    m = re.search(r"sum, without segment\s+[\d.]+\s+([\d.]+)", table)
    return float(m.group(1)) if m else None


def peer_segmenters(sample):
    """`ingest segment` (1 thread, best of 3, process start and model load included) beside pyvi
    and underthesea (imported and warmed up first) on the same lines."""
    out(f"## Word segmentation on the same {SEGMENT_MB:g} MB of article lines, 1 thread")
    out()
    text = os.path.join(sample, "segment.txt")
    with open(os.path.join(sample, "text.txt"), encoding="utf-8") as f, open(text, "w", encoding="utf-8") as o:
        size = 0
        for line in f:
            o.write(line)
            size += len(line.encode("utf-8"))
            if size >= SEGMENT_MB * 1e6:
                break
    size = os.path.getsize(text)
    with open(text, encoding="utf-8") as f:
        text_lines = f.read().split("\n")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sh([INGEST, "segment", text], env=dict(os.environ, RAYON_NUM_THREADS="1"), stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    ours = size / 1e6 / best
    out("| segmenter | MB/s | ingest is |")
    out("|---|---:|---:|")
    out(f"| ingest segment | {ours:.2f} | |")
    for name, load in (("pyvi", load_pyvi), ("underthesea", load_underthesea)):
        segment = load()
        if segment is None:
            out(f"| {name} | not installed: skipped | |")
            continue
        segment("khởi động")
        start = time.perf_counter()
        for line in text_lines:
            segment(line)
        rate = size / 1e6 / (time.perf_counter() - start)
        out(f"| {name} | {rate:.2f} | {ours / rate:.0f}x faster |")
    out()


def load_pyvi():
    try:
        from pyvi import ViTokenizer
    except ImportError:
        return None
    return ViTokenizer.tokenize


def load_underthesea():
    try:
        from underthesea import word_tokenize
    except ImportError:
        return None
    return lambda line: word_tokenize(line, format="text")


def peer_datatrove(sample):
    out(f"## datatrove beside ingest on the same first {PEER_MB} MB of the corpus, 1 thread")
    out()
    try:
        from datatrove.data import Document  # noqa: F401
        from datatrove.executor import LocalPipelineExecutor
        from datatrove.pipeline.base import PipelineStep
        from datatrove.pipeline.dedup.exact_dedup import (
            ExactDedupConfig, ExactDedupFilter, ExactDedupSignature, ExactFindDedups)
        from datatrove.pipeline.formatters import FTFYFormatter
        from datatrove.pipeline.readers import JsonlReader
        from datatrove.pipeline.writers import JsonlWriter
        from pyvi import ViTokenizer
        import orjson  # noqa: F401  (datatrove's JSONL reader needs it)
        import xxhash  # noqa: F401  (datatrove's exact dedupe hashes with it)
    except ImportError as err:
        out(f"datatrove or pyvi not installed ({err}): skipped")
        out()
        return

    class PyviSegment(PipelineStep):
        name = "pyvi word segmentation"

        def run(self, data, rank=0, world_size=1):
            for doc in data:
                doc.text = "\n".join(ViTokenizer.tokenize(line) for line in doc.text.split("\n") if line.strip())
                yield doc

    def content(doc) -> bytes:
        return doc.text.encode("utf-8")

    dt = os.path.join(sample, "datatrove")
    shutil.rmtree(dt, ignore_errors=True)
    config = ExactDedupConfig(content_getter=content)
    jsonl = os.path.join(sample, "corpus.jsonl")
    jsonl_bytes = os.path.getsize(jsonl)

    def reader():
        return JsonlReader(sample, glob_pattern="corpus.jsonl", compression=None)

    quiet = dict(tasks=1, workers=1, skip_completed=False)
    # datatrove prints every step's stats: into a log file, not the table.
    saved = os.dup(1), os.dup(2)
    log = os.open(os.path.join(sample, "datatrove.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    sys.stdout.flush()
    os.dup2(log, 1)
    os.dup2(log, 2)
    start = time.perf_counter()
    LocalPipelineExecutor(pipeline=[reader(), FTFYFormatter(), ExactDedupSignature(f"{dt}/sigs", config)],
                          logging_dir=f"{dt}/logs1", **quiet).run()
    LocalPipelineExecutor(pipeline=[ExactFindDedups(f"{dt}/sigs", f"{dt}/dups", config)],
                          logging_dir=f"{dt}/logs2", **quiet).run()
    LocalPipelineExecutor(pipeline=[reader(), FTFYFormatter(), ExactDedupFilter(f"{dt}/dups", config), PyviSegment(),
                                    JsonlWriter(f"{dt}/out", compression=None)],
                          logging_dir=f"{dt}/logs3", **quiet).run()
    theirs = time.perf_counter() - start
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)
    written = sum(1 for name in os.listdir(f"{dt}/out") for _ in open(os.path.join(dt, "out", name)))
    sample_input = os.path.join(sample, "input")
    input_bytes = sum(os.path.getsize(os.path.join(r, n)) for r, _, ns in os.walk(sample_input) for n in ns)
    ours, _, counts, _ = timed_run(sample_input, os.path.join(sample, "ingest-out"), 1,
                                os.path.join(sample, "ingest-out.log"))
    out("| tool | input | MB | seconds | MB/s | documents written |")
    out("|---|---|---:|---:|---:|---:|")
    out(f"| ingest run --threads 1 | the files | {input_bytes / 1e6:.1f} | {ours:.2f} | "
        f"{input_bytes / 1e6 / ours:.2f} | {counts[1] if counts else '?'} |")
    out(f"| datatrove (JSONL, ftfy, exact dedupe, pyvi, JSONL) | their decoded text as JSONL, HTML pages left out | "
        f"{jsonl_bytes / 1e6:.1f} | {theirs:.2f} | {jsonl_bytes / 1e6 / theirs:.2f} | {written} |")
    out()
    out(f"ingest is {(input_bytes / ours) / (jsonl_bytes / theirs):.0f}x datatrove's MB/s; datatrove had less to do "
        "(no HTML extraction, no encoding detection, no near dedupe, no quality filters).")
    out()


def main():
    total, files = corpus()
    cpu = "?"
    if os.path.exists("/proc/cpuinfo"):
        m = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
        cpu = m.group(1) if m else cpu
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    out(f"# ingest benchmark, {SIZE} ({MODE})")
    out()
    out(f"{datetime.date.today().isoformat()}; {cpu}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}; {rustc}; corpus `{CORPUS}`: {files:,} files, {total / 1e6:.1f} MB.")
    out()
    runs, scaling, reference = pipeline(total, files)
    check(runs[2][4])
    without = stages()
    sample = os.path.join(WORK, f"sample-{PEER_MB}MB")
    sh([BENCH, "sample", INPUT, "--mb", str(PEER_MB), "--out", sample], stderr=subprocess.DEVNULL)
    peer_segmenters(sample)
    peer_datatrove(sample)
    one = total / 1e6 / runs[1][0]
    per_cpu = total / 1e6 / runs[1][3] if runs[1][3] else one
    plain_one = total / 1e6 / runs["plain"][0]
    plain = total / 1e6 / runs["plain"][3] if runs["plain"][3] else plain_one
    rss = max(runs[1][1] or 0, runs[2][1] or 0)
    out("## Goals")
    out()
    out("| goal | measured | met |")
    out("|---|---:|:---:|")
    out(f"| pipeline with segmentation >= {GOALS['with_segment']:g} MB/s per core (1 thread: per CPU-second; "
        f"wall clock {one:.1f}) | {per_cpu:.1f} | {'yes' if per_cpu >= GOALS['with_segment'] else 'no'} |")
    sum_note = f"; the stages alone, summed: {without:.1f}" if without else ""
    out(f"| pipeline without segmentation >= {GOALS['without_segment']:g} MB/s per core (`--no-segment`, 1 thread: "
        f"per CPU-second; wall clock {plain_one:.1f}{sum_note}) | {plain:.1f} | "
        f"{'yes' if plain >= GOALS['without_segment'] else 'no'} |")
    out(f"| 2-thread scaling >= {GOALS['scaling']}x (the machine's own: {reference:.2f}x) | {scaling:.2f}x | "
        f"{'yes' if scaling >= GOALS['scaling'] else 'no'} |")
    if "core" in runs:
        by_core = runs["core"][0] / runs[2][0]
        out(f"| the same, from one thread on one core (taskset) | {by_core:.2f}x | "
            f"{'yes' if by_core >= GOALS['scaling'] else 'no'} |")
    note = "" if MODE == "full" else " (goal is for 1 GB; this is the quick mode)"
    out(f"| peak RSS <= {GOALS['rss_mb']:g} MB{note} | {rss:.0f} MB | {'yes' if rss <= GOALS['rss_mb'] else 'no'} |")
    report = os.path.join(WORK, f"report-{SIZE}.md")
    with open(report, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"\n(written to {report})", file=sys.stderr)


main()
