//! Writing on its own thread: while the pool prepares and segments batch N+1, the writer writes
//! batch N. Batches go through a channel of one, in order, so the output is the same bytes and
//! memory holds at most two batches.

use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use ingest_core::Outcome;
use ingest_emit::Writer;

/// The outcomes of one batch, in input order, each with a rejected document's clean text.
pub type Batch = Vec<(Outcome, Option<String>)>;

/// The writer's thread; see the module docs.
#[derive(Debug)]
pub struct Background {
    tx: Option<SyncSender<Batch>>,
    handle: Option<JoinHandle<Result<(Writer, Duration)>>>,
}

impl Background {
    /// Moves `writer` to a thread of its own.
    pub fn spawn(mut writer: Writer) -> Result<Background> {
        let (tx, rx) = sync_channel::<Batch>(1);
        let handle = std::thread::Builder::new()
            .name("ingest-emit".into())
            .spawn(move || -> Result<(Writer, Duration)> {
                let mut busy = Duration::ZERO;
                for batch in rx {
                    let t = Instant::now();
                    for (outcome, rejected_text) in &batch {
                        writer.write_with_text(outcome, rejected_text.as_deref())?;
                    }
                    busy += t.elapsed();
                }
                Ok((writer, busy))
            })
            .context("cannot start the writing thread")?;
        Ok(Background { tx: Some(tx), handle: Some(handle) })
    }

    /// Hands a batch to the writer. If the writer has stopped on an error, that error.
    pub fn send(&mut self, batch: Batch) -> Result<()> {
        let tx = self.tx.as_ref().ok_or_else(|| anyhow!("the writer is closed"))?;
        if tx.send(batch).is_err() {
            // The thread ended early: it failed, and joining gives its error.
            return self.join().map(|_| ());
        }
        Ok(())
    }

    /// Waits for every batch to be written; gives the writer back with the time it spent.
    pub fn finish(mut self) -> Result<(Writer, Duration)> {
        self.join()
    }

    fn join(&mut self) -> Result<(Writer, Duration)> {
        self.tx.take();
        let handle = self.handle.take().ok_or_else(|| anyhow!("the writer is closed"))?;
        match handle.join() {
            Ok(result) => result,
            Err(_) => Err(anyhow!("the writing thread panicked")),
        }
    }
}

/// A run that stops early (an error, Ctrl-C) still waits for the writer, so the unfinished build
/// it holds is removed before the process ends.
impl Drop for Background {
    fn drop(&mut self) {
        if self.handle.is_some() {
            let _ = self.join();
        }
    }
}
