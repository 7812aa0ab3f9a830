//! Faults end to end: an output that cannot be written, a full disk, inputs that vanish while the
//! run reads them, and inputs of extreme shapes. A failed run must exit 2 with a clear error,
//! leave no partial build behind and the previous build as it was.
//!
//! The slow cases (100,000 files, a 200 MB file, a 50 MB line) run only with
//! `INGEST_SLOW_TESTS=1` (`just test-slow`, in release).
//!
//! Read-only and full file systems are tmpfs mounts, which need root (CI and the development
//! machines run as root); without that the tests fall back to `chattr +i` and `ulimit -f`.
//! Resuming after SIGKILL is not tested: `--resume` does not exist yet.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::bench_corpus::generate;
use crate::util::{Sandbox, assert_code, binary, read_jsonl};

const OUTPUT_FILES: [&str; 4] = ["documents.jsonl", "duplicates.jsonl", "rejects.jsonl", "manifest.json"];

fn slow_tests() -> bool {
    let on = std::env::var_os("INGEST_SLOW_TESTS").is_some_and(|v| v == "1");
    if !on {
        eprintln!("slow test skipped: run it with INGEST_SLOW_TESTS=1 (just test-slow)");
    }
    on
}

/// A tmpfs mounted on a directory for the life of the value.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// `None` when this process may not mount (not root, or in a container that forbids it).
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_owned()))
    }

    fn read_only(&self) {
        let status = Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).status().unwrap();
        assert!(status.success(), "remount read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// The immutable attribute on a directory (even root cannot create files in it), removed on drop.
struct Immutable(PathBuf);

impl Immutable {
    fn set(dir: &Path) -> Option<Immutable> {
        let ok = Command::new("chattr").arg("+i").arg(dir).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
        ok.then(|| Immutable(dir.to_owned()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

fn snapshot(dir: &Path) -> Vec<Vec<u8>> {
    OUTPUT_FILES.iter().map(|f| fs::read(dir.join(f)).unwrap()).collect()
}

/// Nothing but `keep` in `dir`: no `.NAME.partial` staging directory, no `.tmp` file.
fn assert_only(dir: &Path, keep: &[&str]) {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, keep, "left behind in {}", dir.display());
}

#[test]
fn output_under_a_regular_file_is_a_clear_error() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    sb.write("file", "not a directory");
    let run = sb.ingest(&["run", "seeds", "--out", "file/out"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("file/") && run.stderr.contains("ot a directory"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(sb.path("file")).unwrap(), "not a directory");
    assert_only(sb.dir.path(), &["file", "seeds"]);
}

#[test]
fn read_only_output_directory_fails_cleanly_and_keeps_the_previous_build() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    let mnt = sb.path("mnt");
    let tmpfs = Tmpfs::mount(&mnt, "16m");
    let first = sb.ingest(&["run", "seeds", "--out", "mnt/out"]);
    assert_code(&first, 0);
    let before = snapshot(&sb.path("mnt/out"));
    // Read-only: the whole file system if we may remount, else the directory made immutable.
    let _immutable = match &tmpfs {
        Some(t) => {
            t.read_only();
            None
        }
        None => match Immutable::set(&mnt) {
            Some(guard) => Some(guard),
            None => {
                eprintln!("cannot make a directory read-only here (needs root): only the regular-file case is checked");
                return;
            }
        },
    };
    let run = sb.ingest(&["run", "seeds", "--out", "mnt/out"]);
    assert_code(&run, 2);
    assert!(run.stderr.contains("cannot write") && run.stderr.contains("mnt/"), "{}", run.stderr);
    assert!(snapshot(&sb.path("mnt/out")) == before, "the previous build changed");
    assert_only(&mnt, &["out"]);
}

#[test]
fn a_full_disk_fails_cleanly_and_keeps_the_previous_build() {
    let sb = Sandbox::new();
    sb.seeds("seeds");
    generate(&sb.path("big"), 2_000_000, 3, 200);
    let disk = sb.path("disk");
    // A 1 MB file system: the seeds' build fits, the 2 MB corpus's does not.
    let tmpfs = Tmpfs::mount(&disk, "1m");
    fs::create_dir_all(&disk).unwrap();
    let first = sb.ingest(&["run", "seeds", "--out", "disk/out"]);
    assert_code(&first, 0);
    let before = snapshot(&sb.path("disk/out"));
    let run = if tmpfs.is_some() {
        sb.ingest(&["run", "big/input", "--out", "disk/out"])
    } else {
        // No mount: a file size limit instead (SIGXFSZ ignored, so writes fail with EFBIG).
        let out = Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 1024; exec \"$0\" \"$@\"")
            .arg(binary())
            .args(["run", "big/input", "--out", "disk/out"])
            .current_dir(sb.dir.path())
            .output()
            .unwrap();
        crate::util::Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    };
    assert_code(&run, 2);
    assert!(run.stderr.contains("No space left on device") || run.stderr.contains("File too large"), "{}", run.stderr);
    assert!(snapshot(&sb.path("disk/out")) == before, "the previous build changed");
    assert_only(&disk, &["out"]);
}

#[test]
fn a_dangling_symlink_is_an_io_reject() {
    let sb = Sandbox::new();
    sb.seeds("in");
    std::os::unix::fs::symlink(sb.path("nowhere.txt"), sb.path("in/gone.txt")).unwrap();
    let run = sb.ingest(&["run", "in"]);
    assert_code(&run, 1);
    let rejects = sb.jsonl("out/rejects.jsonl");
    assert_eq!(rejects.len(), 1);
    assert_eq!((rejects[0]["source"].as_str(), rejects[0]["reason"].as_str()), (Some("gone.txt"), Some("io")));
    assert_eq!(sb.jsonl("out/documents.jsonl").len(), 5);
}

fn counts(out: &Path) -> (u64, u64) {
    let manifest: Value = serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let c = &manifest["counts"];
    let n = |k: &str| c[k].as_u64().unwrap();
    (n("inputs"), n("documents") + n("duplicates") + n("rejects"))
}

#[test]
fn inputs_deleted_during_the_run_are_io_rejects() {
    let sb = Sandbox::new();
    // One directory, so the reader lists every name before the files go.
    let truth = generate(&sb.path("c"), 1_500_000, 9, 100_000);
    // Small batches, and reading no further ahead than one chunk (the default 16 MB is the whole
    // corpus here).
    sb.write("small-batches.toml", "[batch]\ndocuments = 32\n[fetch]\nread_ahead = 1\n");
    let mut child = Command::new(binary())
        .args(["run", "c/input", "--out", "out", "--threads", "1", "--config", "small-batches.toml", "-v"])
        .current_dir(sb.dir.path())
        .env_remove("RUST_LOG")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    // Each input is read once, in the first pass: delete the last half once that pass has listed
    // the directory and read its first batch.
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        log.push_str(&line);
        if line.contains("first pass: read up to") {
            break;
        }
        line.clear();
    }
    let half = truth.files.len() / 2;
    let deleted: Vec<&str> = truth.files[half..].iter().map(|f| f.path.as_str()).collect();
    for path in &deleted {
        fs::remove_file(sb.path(&format!("c/input/{path}"))).unwrap();
    }
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    log.push_str(&rest);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{log}");
    let (inputs, outcomes) = counts(&sb.path("out"));
    assert_eq!(inputs, outcomes);
    assert_eq!(inputs, truth.files.len() as u64, "every listed input has an outcome");
    let rejects = read_jsonl(&sb.path("out/rejects.jsonl"));
    let io: Vec<&str> = rejects.iter().filter(|r| r["reason"] == "io").map(|r| r["source"].as_str().unwrap()).collect();
    assert!(!io.is_empty(), "no input was read after it was deleted: {log}");
    assert!(io.iter().all(|s| deleted.contains(s)), "an io reject for a file that was not deleted");
}

/// `n` files of `size` bytes each (lines of Vietnamese prose), in directories of 1,000.
fn many_files(dir: &Path, n: usize) {
    for i in 0..n {
        let path = dir.join(format!("{:03}/{i:06}.txt", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
        }
        fs::write(path, format!("Tin số {i}: hai bên nhất trí tăng cường hợp tác.\n")).unwrap();
    }
}

/// A text of about `bytes` bytes of distinct sentences, with a newline between lines or not.
fn big_text(bytes: usize, newlines: bool) -> String {
    let sentences = crate::bench_corpus::sentences();
    let mut text = String::with_capacity(bytes + 1000);
    let mut i = 0usize;
    while text.len() < bytes {
        text.push_str(&format!("Đoạn {i}: "));
        text.push_str(&sentences[i % sentences.len()]);
        text.push(if newlines && i % 3 == 2 { '\n' } else { ' ' });
        i += 1;
    }
    text
}

fn assert_one_outcome_each(sb: &Sandbox, run: &crate::util::Run, inputs: u64) {
    assert_code(run, 0);
    let (listed, outcomes) = counts(&sb.path("out"));
    assert_eq!((listed, outcomes), (inputs, inputs), "{}", run.stderr);
}

/// A slow case: `make` writes the inputs into `in/`; the run must give each of `inputs` one outcome.
fn slow_case(make: impl FnOnce(&Sandbox), inputs: u64) {
    if !slow_tests() {
        return;
    }
    let sb = Sandbox::new();
    make(&sb);
    let run = sb.ingest(&["run", "in"]);
    assert_one_outcome_each(&sb, &run, inputs);
    eprintln!("{}", run.stderr.lines().last().unwrap_or_default());
}

#[test]
fn a_hundred_thousand_tiny_files() {
    slow_case(|sb| many_files(&sb.path("in"), 100_000), 100_000);
}

#[test]
fn one_file_of_200_mb() {
    slow_case(
        |sb| {
            sb.write("in/big.txt", big_text(200_000_000, true));
        },
        1,
    );
}

#[test]
fn a_50_mb_line_without_a_newline() {
    slow_case(
        |sb| {
            sb.write("in/line.txt", big_text(50_000_000, false));
        },
        1,
    );
}
