//! The agenda's general events, bucketed by the quarter second they happen in.
//!
//! A capacity run keeps about thirteen thousand completions scheduled, most a minute or so
//! ahead. In one binary heap, every pop walked fourteen levels, each a load the next waited
//! for. Here an event goes, unsorted, into the bucket of its quarter second (a ring of buckets
//! covers the next four minutes); when the agenda reaches a bucket, it is sorted once (a few
//! dozen events), and its events are then taken in order from the front. Events for the
//! bucket already being taken, or further ahead than the ring reaches, go to a binary heap
//! each, both small in such a run. The order out is exactly (time, rank, order scheduled), as
//! from one heap.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Scheduled, keep_earliest};

/// Milliseconds per bucket: a capacity run's quarter second holds about fifty events, quick
/// to sort (wider and narrower buckets, 100 ms to 1 s, measured slower).
pub(super) const WIDTH: u64 = 250;

/// Buckets in the ring: 256 s ahead, past a typical build's end.
pub(super) const RING: u64 = 1024;

/// Where the earliest event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The sorted bucket being taken.
    Current,
    /// The heap of events scheduled for that bucket after it was sorted.
    Late,
    /// The heap of events beyond the ring.
    Far,
}

/// Events by bucket: the current bucket's sorted, later ones in the ring, the rest in heaps.
#[derive(Debug)]
pub(super) struct Buckets {
    /// The bucket being taken (time / `WIDTH`), and its events in order from `taken` on.
    bucket: u64,
    current: Vec<Scheduled>,
    taken: usize,
    /// Events scheduled for the current bucket (or before it) once it was sorted.
    late: BinaryHeap<Reverse<Scheduled>>,
    /// The buckets after the current one, up to `RING - 1` ahead, unsorted.
    ring: Vec<Vec<Scheduled>>,
    in_ring: usize,
    /// Events beyond the ring.
    far: BinaryHeap<Reverse<Scheduled>>,
}

impl Default for Buckets {
    fn default() -> Buckets {
        Buckets {
            bucket: 0,
            current: Vec::new(),
            taken: 0,
            late: BinaryHeap::new(),
            ring: (0..RING).map(|_| Vec::new()).collect(),
            in_ring: 0,
            far: BinaryHeap::new(),
        }
    }
}

impl Buckets {
    /// Schedules an event.
    pub fn push(&mut self, s: Scheduled) {
        let bucket = s.at / WIDTH;
        if bucket <= self.bucket {
            self.late.push(Reverse(s));
        } else if bucket - self.bucket < RING {
            self.ring[(bucket % RING) as usize].push(s);
            self.in_ring += 1;
            self.settle();
        } else {
            self.far.push(Reverse(s));
        }
    }

    /// Once the current bucket is used up, sorts the next one that has events: the ring's
    /// earliest event is then always among the current bucket's and the late ones.
    fn settle(&mut self) {
        if self.taken < self.current.len() || !self.late.is_empty() || self.in_ring == 0 {
            return;
        }
        let Some(ahead) = (1..RING).find(|d| !self.ring[((self.bucket + d) % RING) as usize].is_empty()) else { return };
        self.bucket += ahead;
        let slot = &mut self.ring[(self.bucket % RING) as usize];
        // The used-up bucket's room goes back to the ring.
        self.current.clear();
        std::mem::swap(&mut self.current, slot);
        self.taken = 0;
        self.in_ring -= self.current.len();
        self.current.sort_unstable_by_key(Scheduled::key);
    }

    /// The earliest event and where it is.
    pub fn first(&self) -> Option<(Scheduled, Source)> {
        let mut best = self.current.get(self.taken).map(|s| (*s, Source::Current));
        keep_earliest(&mut best, self.late.peek().map(|Reverse(s)| s), Source::Late);
        keep_earliest(&mut best, self.far.peek().map(|Reverse(s)| s), Source::Far);
        best
    }

    /// Removes the event [`Buckets::first`] named.
    pub fn take(&mut self, source: Source) {
        match source {
            Source::Current => self.taken += 1,
            Source::Late => {
                self.late.pop();
            }
            Source::Far => {
                self.far.pop();
            }
        }
        self.settle();
    }

    /// Brings the ring up to the clock (`now`, the time of the event just taken) while it holds
    /// nothing: otherwise, after a quiet spell of over 256 s, every later event would lie
    /// beyond the ring as it stood and go to the far heap for the rest of the run. The current
    /// bucket's and the late events are never before the clock, so they stay where they are.
    pub fn follow(&mut self, now: u64) {
        if self.in_ring == 0 {
            self.bucket = self.bucket.max(now / WIDTH);
        }
    }

    /// The current bucket's next events in order, which the engine reads ahead for.
    pub fn upcoming(&self) -> &[Scheduled] {
        &self.current[self.taken.min(self.current.len())..]
    }

    /// Whether nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.taken >= self.current.len() && self.late.is_empty() && self.in_ring == 0 && self.far.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Rank, Scheduled};
    use super::super::super::Event;
    use super::*;

    fn at(ms: u64, order: u64) -> Scheduled {
        Scheduled::new(ms, Rank::Other, order, Event::Submit(0))
    }

    /// After a quiet spell longer than the ring reaches, events a minute ahead of the clock go
    /// into the ring again, not into the far heap for good.
    #[test]
    fn the_ring_follows_the_clock_over_a_quiet_spell() {
        let mut b = Buckets::default();
        b.push(at(1_000, 0));
        let (_, source) = b.first().expect("one event");
        b.take(source);
        b.follow(1_000);
        // An hour passes with nothing bucketed (submissions only), then work resumes.
        b.follow(3_600_000);
        b.push(at(3_660_000, 1));
        assert!(b.far.is_empty(), "the event went to the far heap");
        assert_eq!(b.first().map(|(s, _)| s.at), Some(3_660_000));
    }
}
