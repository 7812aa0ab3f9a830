#!/usr/bin/env python3
"""The kernel's share of the I/O an `ingest run` needs, measured alone: system seconds to read every
file of a corpus (open, read, close) and to write 1 GB into a new file, twice (the second time into
pages the first just gave back). No ingest code runs; this is the floor under its system time.

Usage: python3 scripts/kernel_floor.py CORPUS_INPUT_DIR [SCRATCH_DIR]
"""

import os
import resource
import sys
import time


def system_seconds():
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def read_all(top):
    buf = bytearray(1 << 16)
    files = size = 0
    for root, _, names in os.walk(top):
        for name in names:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                while True:
                    n = os.readv(fd, [buf])
                    size += n
                    if n < len(buf):
                        break
            finally:
                os.close(fd)
            files += 1
    return files, size


def write_new(path, total):
    piece = b"x" * (1 << 20)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for _ in range(total // len(piece)):
            os.write(fd, piece)
    finally:
        os.close(fd)


def measured(what, f):
    s0, w0 = system_seconds(), time.monotonic()
    result = f()
    print(f"{what}: {system_seconds() - s0:.2f} s system, {time.monotonic() - w0:.2f} s wall", flush=True)
    return result


def main():
    top = sys.argv[1]
    scratch = sys.argv[2] if len(sys.argv) > 2 else "."
    read_all(top)  # into the page cache first, as `just bench` does
    files, size = measured("read every file (page cache warm)", lambda: read_all(top))
    print(f"  {files:,} files, {size / 1e6:.1f} MB")
    path = os.path.join(scratch, "kernel-floor.tmp")
    try:
        # Let the guest's free memory settle, as it has between a run's start and its spill.
        time.sleep(10)
        measured("write 1 GB into a new file, pages not used lately", lambda: write_new(path, 1 << 30))
        os.unlink(path)
        measured("the same at once, into the pages just given back", lambda: write_new(path, 1 << 30))
    finally:
        if os.path.exists(path):
            os.unlink(path)


if __name__ == "__main__":
    main()
