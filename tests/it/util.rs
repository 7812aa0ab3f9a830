//! Running the binary and reading what it wrote.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

pub(crate) fn fixture(rel: &str) -> PathBuf {
    repo().join("fixtures").join(rel)
}

pub(crate) fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("INGEST_BIN") {
        return PathBuf::from(path);
    }
    // target/<profile>/deps/it-HASH → target/<profile>/ingest
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join(format!("ingest{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is missing: run the tests with `cargo test --workspace`, which builds it",
        bin.display()
    );
    bin
}

/// A temporary working directory to run `ingest` in.
pub(crate) struct Sandbox {
    pub(crate) dir: tempfile::TempDir,
}

/// What one run of `ingest` did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Sandbox {
    pub(crate) fn new() -> Sandbox {
        Sandbox { dir: tempfile::tempdir().unwrap() }
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Copies a file into the sandbox at `rel`.
    pub(crate) fn copy(&self, from: &Path, rel: &str) -> PathBuf {
        let to = self.path(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, &to).unwrap();
        to
    }

    pub(crate) fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let to = self.path(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(&to, bytes).unwrap();
        to
    }

    /// Copies the repository's seeds into `rel`.
    pub(crate) fn seeds(&self, rel: &str) -> PathBuf {
        for entry in fs::read_dir(repo().join("seeds")).unwrap() {
            let entry = entry.unwrap();
            self.copy(&entry.path(), &format!("{rel}/{}", entry.file_name().to_string_lossy()));
        }
        self.path(rel)
    }

    pub(crate) fn ingest(&self, args: &[&str]) -> Run {
        self.ingest_env(args, &[])
    }

    pub(crate) fn ingest_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(binary());
        cmd.args(args).current_dir(self.dir.path()).env_remove("RUST_LOG").env_remove("RAYON_NUM_THREADS");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let Output { status, stdout, stderr } = cmd.output().unwrap();
        Run {
            code: status.code(),
            stdout: String::from_utf8(stdout).unwrap(),
            stderr: String::from_utf8(stderr).unwrap(),
        }
    }

    /// The records of a JSONL output file.
    pub(crate) fn jsonl(&self, rel: &str) -> Vec<Value> {
        read_jsonl(&self.path(rel))
    }
}

pub(crate) fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.is_empty() || text.ends_with('\n'), "{} does not end with a newline", path.display());
    text.lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

/// Asserts a run's exit code, showing its stderr when it is wrong.
#[track_caller]
pub(crate) fn assert_code(run: &Run, code: i32) {
    assert_eq!(run.code, Some(code), "exit code; stderr:\n{}", run.stderr);
}
