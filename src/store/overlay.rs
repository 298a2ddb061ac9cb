//! A database file seen through a copy-on-write layer in memory: redb may
//! repair and check it as if it could write, and the file on disk never
//! changes. `rolo check` uses it, so checking a damaged file cannot damage
//! it further (opening it for writing set redb's recovery flag, which
//! stayed in the header when the check then failed).

use redb::StorageBackend;
use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::Mutex;

const BLOCK: u64 = 4096;

#[derive(Debug)]
pub struct Overlay {
    file: File,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    len: u64,
    /// Bytes of the file below this offset are still visible (a shrink
    /// hides the rest for good, even if the storage grows again).
    visible: u64,
    /// Blocks written since opening, by block number.
    blocks: HashMap<u64, Box<[u8]>>,
}

impl Overlay {
    pub fn new(file: File) -> io::Result<Overlay> {
        let len = file.metadata()?.len();
        Ok(Overlay {
            file,
            state: Mutex::new(State {
                len,
                visible: len,
                blocks: HashMap::new(),
            }),
        })
    }

    fn state(&self) -> io::Result<std::sync::MutexGuard<'_, State>> {
        self.state
            .lock()
            .map_err(|_| io::Error::other("the overlay's lock was poisoned"))
    }
}

impl State {
    /// One block as it reads now: written, else the file's, else zeros.
    fn block(&self, file: &File, n: u64) -> io::Result<Box<[u8]>> {
        if let Some(b) = self.blocks.get(&n) {
            return Ok(b.clone());
        }
        let mut buf = vec![0u8; BLOCK as usize].into_boxed_slice();
        let start = n * BLOCK;
        if start < self.visible {
            let upto = (self.visible - start).min(BLOCK) as usize;
            file.read_exact_at(&mut buf[..upto], start)?;
        }
        Ok(buf)
    }
}

impl StorageBackend for Overlay {
    fn len(&self) -> io::Result<u64> {
        Ok(self.state()?.len)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        let state = self.state()?;
        let end = offset + out.len() as u64;
        if end > state.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("read of {}..{end} past the end ({})", offset, state.len),
            ));
        }
        let mut at = offset;
        while at < end {
            let n = at / BLOCK;
            let within = (at % BLOCK) as usize;
            let take = ((BLOCK as usize) - within).min((end - at) as usize);
            let dst = &mut out[(at - offset) as usize..][..take];
            match state.blocks.get(&n) {
                Some(b) => dst.copy_from_slice(&b[within..within + take]),
                None if at + take as u64 <= state.visible => self.file.read_exact_at(dst, at)?,
                None => dst.copy_from_slice(&state.block(&self.file, n)?[within..within + take]),
            }
            at += take as u64;
        }
        Ok(())
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        let mut state = self.state()?;
        if len < state.len {
            state.visible = state.visible.min(len);
            // Bytes past the new end read as zeros if the storage grows again.
            let last = len / BLOCK;
            state.blocks.retain(|&n, _| n <= last);
            if let Some(b) = state.blocks.get_mut(&last) {
                b[(len % BLOCK) as usize..].fill(0);
            }
        }
        state.len = len;
        Ok(())
    }

    fn sync_data(&self) -> io::Result<()> {
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        let mut state = self.state()?;
        let end = offset + data.len() as u64;
        let mut at = offset;
        while at < end {
            let n = at / BLOCK;
            let within = (at % BLOCK) as usize;
            let take = ((BLOCK as usize) - within).min((end - at) as usize);
            let mut block = state.block(&self.file, n)?;
            block[within..within + take].copy_from_slice(&data[(at - offset) as usize..][..take]);
            state.blocks.insert(n, block);
            at += take as u64;
        }
        state.len = state.len.max(end);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_stay_in_memory_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        let original: Vec<u8> = (0..10_000u32).map(|i| i as u8).collect();
        std::fs::write(&path, &original).expect("write");
        let o = Overlay::new(File::open(&path).expect("open")).expect("overlay");
        o.write(4090, b"abcdefghij")
            .expect("write across a block edge");
        let mut got = [0u8; 14];
        o.read(4088, &mut got).expect("read");
        assert_eq!(&got[..2], &original[4088..4090]);
        assert_eq!(&got[2..12], b"abcdefghij");
        assert_eq!(&got[12..], &original[4100..4102]);
        o.set_len(5000).expect("shrink");
        o.set_len(12_000).expect("grow");
        let mut tail = [1u8; 100];
        o.read(5000, &mut tail).expect("read zeros");
        assert!(tail.iter().all(|&b| b == 0));
        o.write(11_990, b"0123456789").expect("write at the end");
        assert!(o.read(11_995, &mut [0u8; 10]).is_err(), "past the end");
        assert_eq!(
            std::fs::read(&path).expect("read"),
            original,
            "file untouched"
        );
    }
}
