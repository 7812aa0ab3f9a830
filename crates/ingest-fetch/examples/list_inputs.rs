//! How fast fetch's one thread hands over the inputs of a directory, with nothing done to them:
//! the ceiling it puts on a run however many workers decode. `--unread` leaves plain files for
//! the workers ([`ingest_fetch::Settings::read_in_workers`]), as `ingest run` does.
//!
//! `cargo run --release -p ingest-fetch --example list_inputs -- DIR [--unread]`

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a directory");
    let unread = args.any(|a| a == "--unread");
    let settings = ingest_fetch::Settings { read_in_workers: unread, ..ingest_fetch::Settings::default() };
    let started = Instant::now();
    let (mut entries, mut bytes) = (0u64, 0u64);
    for entry in ingest_fetch::Sources::spawn(vec![dir.into()], settings).expect("inputs") {
        entries += 1;
        bytes += ingest_fetch::entry_bytes(&entry) as u64;
    }
    let seconds = started.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    // The figure is this tool's data, so it goes to stdout.
    #[allow(clippy::print_stdout)]
    {
        println!("{entries} entries, {mb:.1} MB in {seconds:.2} s: {:.0} MB/s", mb / seconds);
    }
}
