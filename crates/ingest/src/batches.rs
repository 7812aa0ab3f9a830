//! Batches, and the loop that overlaps one batch's one-thread work with the next batch's reading
//! and parallel work.

use std::time::{Duration, Instant};

use anyhow::Result;

/// Takes items until the batch holds `documents` items or `bytes` bytes (as `size` measures
/// them).
pub fn next_batch<T>(
    items: &mut impl Iterator<Item = Result<(u64, T)>>,
    documents: usize,
    bytes: u64,
    size: impl Fn(&T) -> u64,
) -> Result<Vec<(u64, T)>> {
    let mut batch = Vec::new();
    let mut total = 0u64;
    for item in items.by_ref() {
        let item = item?;
        total += size(&item.1);
        batch.push(item);
        if batch.len() >= documents || total >= bytes {
            break;
        }
    }
    Ok(batch)
}

/// Wall-clock time of a pass, by side: what the two sides did overlaps, so the three add up to
/// more than the pass took.
#[derive(Debug, Default, Clone, Copy)]
pub struct PassTimes {
    /// Waiting for a batch to be read.
    pub read: Duration,
    /// The parallel work on batches.
    pub work: Duration,
    /// The in-order work on their results.
    pub after: Duration,
}

/// Reads batches with `read` until it gives an empty one, runs `work` on each (in parallel
/// inside, on `pool`) and `after` on each result, in order. `after` of a batch runs while the next
/// batch is read and worked on, so its one-thread work does not leave the other cores idle;
/// memory holds two batches.
pub fn pipelined<T, R>(
    pool: &rayon::ThreadPool,
    mut read: impl FnMut() -> Result<Vec<T>> + Send,
    work: impl Fn(Vec<T>) -> R + Sync,
    mut after: impl FnMut(R) -> Result<()> + Send,
) -> Result<PassTimes>
where
    T: Send,
    R: Send,
{
    let mut times = PassTimes::default();
    let mut read_and_work = |times_read: &mut Duration, times_work: &mut Duration| -> Result<Option<R>> {
        let t = Instant::now();
        let batch = read()?;
        *times_read += t.elapsed();
        if batch.is_empty() {
            return Ok(None);
        }
        let t = Instant::now();
        let result = work(batch);
        *times_work += t.elapsed();
        Ok(Some(result))
    };
    let mut current = pool.install(|| read_and_work(&mut times.read, &mut times.work))?;
    while let Some(result) = current {
        let (done, next) = pool.install(|| {
            rayon::join(
                || {
                    let t = Instant::now();
                    let done = after(result);
                    (done, t.elapsed())
                },
                || read_and_work(&mut times.read, &mut times.work),
            )
        });
        times.after += done.1;
        done.0?;
        current = next?;
    }
    Ok(times)
}

/// Items taken from an iterator on a thread of its own, in chunks, a few chunks ahead of the
/// caller: the reading overlaps the caller's work. Memory holds at most [`AHEAD`] chunks of
/// [`CHUNK_ITEMS`] items or [`CHUNK_BYTES`] bytes (as `size` measures them) each.
#[derive(Debug)]
pub struct ReadAhead<T> {
    rx: std::sync::mpsc::Receiver<Vec<T>>,
    chunk: std::vec::IntoIter<T>,
    thread: Option<std::thread::JoinHandle<()>>,
}

const AHEAD: usize = 8;
const CHUNK_ITEMS: usize = 256;
const CHUNK_BYTES: usize = 4 << 20;

impl<T: Send + 'static> ReadAhead<T> {
    pub fn spawn(items: impl Iterator<Item = T> + Send + 'static, size: fn(&T) -> usize) -> std::io::Result<Self> {
        let (tx, rx) = std::sync::mpsc::sync_channel(AHEAD);
        let thread = std::thread::Builder::new().name("ingest-read-ahead".into()).spawn(move || {
            let (mut chunk, mut bytes) = (Vec::new(), 0);
            for item in items {
                bytes += size(&item);
                chunk.push(item);
                if chunk.len() >= CHUNK_ITEMS || bytes >= CHUNK_BYTES {
                    if tx.send(std::mem::take(&mut chunk)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
        })?;
        Ok(ReadAhead { rx, chunk: Vec::new().into_iter(), thread: Some(thread) })
    }
}

impl<T> Iterator for ReadAhead<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        loop {
            if let Some(item) = self.chunk.next() {
                return Some(item);
            }
            match self.rx.recv() {
                Ok(chunk) => self.chunk = chunk.into_iter(),
                Err(_) => break,
            }
        }
        // The thread is done; if it panicked, say so rather than end as if every item came.
        if let Some(thread) = self.thread.take()
            && let Err(panic) = thread.join()
        {
            std::panic::resume_unwind(panic);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_batch_is_worked_on_and_handed_on_in_order() {
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut items = (0u64..1000).map(|n| Ok((n, n)));
            let mut seen = Vec::new();
            pipelined(
                &pool,
                || next_batch(&mut items, 64, u64::MAX, |_| 1),
                |batch: Vec<(u64, u64)>| batch.into_iter().map(|(n, v)| (n, v * 2)).collect::<Vec<_>>(),
                |done: Vec<(u64, u64)>| {
                    seen.extend(done);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..1000).map(|n| (n, n * 2)).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn an_error_on_either_side_stops_the_loop() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let mut items = (0u64..100).map(|n| if n == 50 { Err(anyhow::anyhow!("bad input")) } else { Ok((n, n)) });
        let mut handed = 0;
        let err = pipelined(
            &pool,
            || next_batch(&mut items, 10, u64::MAX, |_| 1),
            |batch: Vec<(u64, u64)>| batch.len(),
            |n| {
                handed += n;
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "bad input");
        assert!(handed <= 50);
        let mut items = (0u64..100).map(|n| Ok((n, n)));
        let mut batches = 0;
        let err = pipelined(
            &pool,
            || next_batch(&mut items, 10, u64::MAX, |_| 1),
            |batch: Vec<(u64, u64)>| batch.len(),
            |_| {
                batches += 1;
                if batches == 3 { Err(anyhow::anyhow!("disk full")) } else { Ok(()) }
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(batches, 3);
    }

    #[test]
    fn read_ahead_gives_every_item_in_order() {
        let items: Vec<u64> = ReadAhead::spawn(0..10_000u64, |_| 1000).unwrap().collect();
        assert_eq!(items, (0..10_000).collect::<Vec<_>>());
        assert_eq!(ReadAhead::spawn(std::iter::empty::<u8>(), |_| 1).unwrap().count(), 0);
        // Dropped early: the thread stops at its next hand-over instead of blocking.
        let mut partly = ReadAhead::spawn(0..1_000_000u64, |_| 1).unwrap();
        assert_eq!(partly.next(), Some(0));
        drop(partly);
    }

    #[test]
    fn batches_stop_at_either_limit() {
        let mut items = (0u64..10).map(|n| Ok((n, 100u64)));
        assert_eq!(next_batch(&mut items, 4, u64::MAX, |b| *b).unwrap().len(), 4);
        assert_eq!(next_batch(&mut items, 100, 250, |b| *b).unwrap().len(), 3);
        assert_eq!(next_batch(&mut items, 100, u64::MAX, |b| *b).unwrap().len(), 3);
        assert!(next_batch(&mut items, 100, u64::MAX, |b| *b).unwrap().is_empty());
    }
}
