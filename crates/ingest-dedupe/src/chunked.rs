//! Append-only storage in chunks of a fixed size, for the near index's per-document arrays.
//!
//! A `Vec` that doubles holds up to twice what it needs, and while it grows it briefly holds the
//! old buffer and the new one (the allocator copies large blocks rather than remapping them). Over
//! a large run those arrays are a good part of the memory, so they grow a chunk at a time
//! instead: at most one chunk is spare, and nothing is copied.

#[derive(Debug)]
pub(crate) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    chunk_len: usize,
    len: usize,
}

impl<T: Copy> Chunked<T> {
    /// Storage whose chunks hold `chunk_len` values each.
    pub(crate) fn new(chunk_len: usize) -> Chunked<T> {
        Chunked { chunks: Vec::new(), chunk_len: chunk_len.max(1), len: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `values` in one chunk. Every append must have the same length, and that length
    /// must divide `chunk_len`: then every chunk but the last is full, so a value's place is
    /// found by division, and what one append added is read back whole by [`Chunked::slice`].
    pub(crate) fn extend(&mut self, values: impl ExactSizeIterator<Item = T>) {
        debug_assert_eq!(self.chunk_len % values.len().max(1), 0, "appends must divide the chunk");
        if self.chunks.last().is_none_or(|chunk| chunk.len() == self.chunk_len) {
            self.chunks.push(Vec::with_capacity(self.chunk_len));
        }
        let n = values.len();
        self.chunks.last_mut().expect("pushed above").extend(values);
        self.len += n;
    }

    pub(crate) fn push(&mut self, value: T) {
        self.extend(std::iter::once(value));
    }

    /// The value at `index`, counting every value pushed.
    pub(crate) fn get(&self, index: usize) -> T {
        self.slice(index, 1)[0]
    }

    /// `len` values from `start`, which lie in one chunk (what one [`Chunked::extend`] added).
    pub(crate) fn slice(&self, start: usize, len: usize) -> &[T] {
        let chunk = start / self.chunk_len;
        let at = start % self.chunk_len;
        &self.chunks[chunk][at..at + len]
    }

    /// Values the chunks have room for.
    pub(crate) fn capacity(&self) -> usize {
        self.chunks.iter().map(Vec::capacity).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_pushed_across_chunks() {
        let mut values = Chunked::new(6);
        assert_eq!(values.len(), 0);
        for i in 0..20u32 {
            values.extend([i, i + 100, i + 200].into_iter());
        }
        assert_eq!(values.len(), 60);
        for i in 0..20usize {
            assert_eq!(values.slice(3 * i, 3), [i as u32, i as u32 + 100, i as u32 + 200]);
            assert_eq!(values.get(3 * i + 1), i as u32 + 100);
        }
        assert_eq!(values.capacity(), 60, "ten full chunks, nothing spare");
        let mut single = Chunked::new(4);
        (0..9u8).for_each(|v| single.push(v));
        assert_eq!((0..9).map(|i| single.get(i)).collect::<Vec<u8>>(), (0..9).collect::<Vec<u8>>());
        assert_eq!(single.capacity(), 12);
    }
}
