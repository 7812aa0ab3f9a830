//! Where a run's wall-clock time goes: the main thread's time split into the phases it passes
//! through (waiting for input, parallel work, one-thread work), so that what keeps a second core
//! idle shows.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::batches::PassTimes;

/// Wall-clock time per phase, each lap charged to the phase that just ended.
#[derive(Debug)]
pub struct Laps {
    last: Instant,
    totals: BTreeMap<&'static str, Duration>,
    sides: BTreeMap<String, Duration>,
}

impl Laps {
    pub fn start() -> Laps {
        Laps { last: Instant::now(), totals: BTreeMap::new(), sides: BTreeMap::new() }
    }

    /// Charges the time since the last lap to `phase`.
    pub fn lap(&mut self, phase: &'static str) {
        let now = Instant::now();
        *self.totals.entry(phase).or_default() += now - self.last;
        self.last = now;
    }

    /// Adds a pass's times by side (see [`PassTimes`]) as `pass: waiting for inputs`,
    /// `pass: WORK (parallel)` and `pass: AFTER (alongside)`.
    pub fn add_pass(&mut self, pass: &'static str, times: &PassTimes, work: &str, after: &str) {
        for (side, t) in [
            ("waiting for inputs".to_owned(), times.read),
            (format!("{work} (parallel)"), times.work),
            (format!("{after} (in order, alongside the next batch)"), times.after),
        ] {
            *self.sides.entry(format!("{pass}: {side}")).or_default() += t;
        }
    }

    /// Seconds per phase.
    pub fn seconds(&self) -> BTreeMap<String, f64> {
        let totals = self.totals.iter().map(|(phase, t)| ((*phase).to_owned(), t));
        totals.chain(self.sides.iter().map(|(side, t)| (side.clone(), t))).map(|(k, t)| (k, t.as_secs_f64())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_add_up_per_phase() {
        let mut laps = Laps::start();
        std::thread::sleep(Duration::from_millis(5));
        laps.lap("a");
        laps.lap("b");
        std::thread::sleep(Duration::from_millis(5));
        laps.lap("a");
        let seconds = laps.seconds();
        assert!(seconds["a"] >= 0.010, "{seconds:?}");
        assert!(seconds["b"] < seconds["a"]);
        assert_eq!(seconds.len(), 2);
    }
}
