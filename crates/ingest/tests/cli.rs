//! The command line's own contract: help, version, usage errors. (Having an integration test also
//! makes `cargo test --workspace` build the binary the end-to-end tests in `tests/` run.)

use std::process::Command;

fn ingest(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ingest")).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn version_and_help_go_to_stdout() {
    let (code, stdout, _) = ingest(&["--version"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, format!("ingest {}\n", env!("CARGO_PKG_VERSION")));
    let (code, stdout, _) = ingest(&["run", "--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("--threads"), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, stderr) = ingest(&[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("Usage"), "{stderr}");
    let (code, _, _) = ingest(&["run", "--threads", "0"]);
    assert_eq!(code, Some(2));
}

#[cfg(not(feature = "hf"))]
#[test]
fn hf_tokenizer_without_the_feature_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let (code, _, stderr) = ingest(&["run", seeds, "--out", out.to_str().unwrap(), "--hf-tokenizer", "tokenizer.json"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--features hf"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}
