# Recipes name cargo commands and scripts; see README.md.

# Build the dataset from seeds/ into out/
run *ARGS:
    cargo run --release -- run {{ARGS}}

# Run every test
test:
    cargo test --workspace

# The slow end-to-end tests too (100,000 files, a 200 MB file, a 50 MB line), in release
test-slow:
    INGEST_SLOW_TESTS=1 cargo test --release --workspace

# Run one fuzz target for SECONDS, its corpus seeded from fixtures/ (cargo install cargo-fuzz --locked)
fuzz TARGET SECONDS="180" *FLAGS:
    bash scripts/fuzz.sh {{TARGET}} {{SECONDS}} {{FLAGS}}

# Formatting and clippy, warnings denied
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Format the code
fmt:
    cargo fmt --all

# The benchmark table: MODE quick (100 MB corpus) or full (1 GB); peers installed into target/bench/venv
bench MODE="quick":
    bash scripts/bench.sh {{MODE}}

# A benchmark corpus with truth.json: just corpus target/bench/c 10MB
corpus OUT SIZE="100MB" *ARGS:
    cargo run --release -p ingest-bench -- corpus --out {{OUT}} --size {{SIZE}} {{ARGS}}

# Segmenter throughput on >= MB megabytes, one thread, beside pyvi's (installed into a venv)
bench-segmenter MB="20":
    bash scripts/bench-segmenter.sh {{MB}}

# Word-segmentation P/R/F1 against a CoNLL-U treebank (default: the committed VTB dev slice)
eval-segmenter CONLLU="fixtures/ud-vtb/dev-slice.conllu":
    cargo run --release -- eval-segmenter {{CONLLU}}

# Load the seeds' output with Hugging Face `datasets` (installs it into a venv)
check-hf:
    bash scripts/check-hf.sh

# Rewrite the golden files from the current build; review the diff
regen:
    UPDATE_EXPECT=1 cargo test --workspace golden

# What CI runs
ci:
    bash .ci/run
