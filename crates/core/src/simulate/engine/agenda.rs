//! The engine's future: what happens next, in (time, rank, order scheduled) order.
//!
//! Three sources merged on the fly, so the priority queue stays small on million-job runs:
//! submissions (known in advance, kept sorted), deadlines (one first-in first-out list per
//! distinct delay: deadlines with the same delay are scheduled in time order, so each list is
//! already sorted), and a binary heap for everything else.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

use super::Event;

/// One scheduled event with its ordering key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheduled {
    pub at: u64,
    /// The rank in the top byte, the order scheduled below it: one number, so that ordering
    /// two events is one 128-bit comparison (the heap makes dozens per event).
    order: u64,
    pub event: Event,
}

impl Scheduled {
    fn key(&self) -> u128 {
        (u128::from(self.at) << 64) | u128::from(self.order)
    }
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum From {
    Heap,
    Submission,
    Deadline(usize),
}

/// Everything scheduled and not yet handled.
#[derive(Debug, Default)]
pub(crate) struct Agenda {
    seq: u64,
    heap: BinaryHeap<Reverse<Scheduled>>,
    submissions: VecDeque<Scheduled>,
    deadlines: Vec<(u64, VecDeque<Scheduled>)>,
}

impl Agenda {
    fn stamp(&mut self, at: u64, rank: u8, event: Event) -> Scheduled {
        self.seq += 1;
        // 2^56 events would take centuries to schedule, so the count never reaches the rank.
        Scheduled { at, order: (u64::from(rank) << 56) | self.seq, event }
    }

    /// Schedules an event.
    pub fn push(&mut self, at: u64, rank: u8, event: Event) {
        let s = self.stamp(at, rank, event);
        self.heap.push(Reverse(s));
    }

    /// Schedules a submission; in time order it costs nothing, out of order it is inserted.
    pub fn submit(&mut self, at: u64, event: Event) {
        let s = self.stamp(at, 2, event);
        if self.submissions.back().is_none_or(|last| last.key() <= s.key()) {
            self.submissions.push_back(s);
        } else {
            let i = self.submissions.partition_point(|x| x.key() <= s.key());
            self.submissions.insert(i, s);
        }
    }

    /// Schedules a deadline `delay` after `now` (rank 1: after completions at the same instant).
    pub fn deadline(&mut self, now: u64, delay: u64, event: Event) {
        let s = self.stamp(now.saturating_add(delay), 1, event);
        let list = match self.deadlines.iter().position(|(d, _)| *d == delay) {
            Some(i) => i,
            None => {
                self.deadlines.push((delay, VecDeque::new()));
                self.deadlines.len() - 1
            }
        };
        let queue = &mut self.deadlines[list].1;
        if queue.back().is_none_or(|last| last.key() <= s.key()) {
            queue.push_back(s);
        } else {
            let i = queue.partition_point(|x| x.key() <= s.key());
            queue.insert(i, s);
        }
    }

    fn next(&self) -> Option<(Scheduled, From)> {
        let mut best: Option<(Scheduled, From)> = self.heap.peek().map(|Reverse(s)| (*s, From::Heap));
        let mut consider = |s: Option<&Scheduled>, from: From| {
            if let Some(s) = s
                && best.is_none_or(|(b, _)| s.key() < b.key()) {
                    best = Some((*s, from));
                }
        };
        consider(self.submissions.front(), From::Submission);
        for (i, (_, queue)) in self.deadlines.iter().enumerate() {
            consider(queue.front(), From::Deadline(i));
        }
        best
    }

    /// The next event, without removing it.
    pub fn peek(&self) -> Option<Scheduled> {
        self.next().map(|(s, _)| s)
    }

    /// The heap's earliest event and the two that may follow it, which the engine reads ahead for.
    #[cfg(target_arch = "x86_64")]
    pub fn heap_front(&self) -> [Option<Event>; 3] {
        let slice = self.heap.as_slice();
        [0, 1, 2].map(|i| slice.get(i).map(|Reverse(s)| s.event))
    }

    /// Removes and returns the next event.
    pub fn pop(&mut self) -> Option<Scheduled> {
        let (s, from) = self.next()?;
        match from {
            From::Heap => {
                self.heap.pop();
            }
            From::Submission => {
                self.submissions.pop_front();
            }
            From::Deadline(i) => {
                self.deadlines[i].1.pop_front();
            }
        }
        Some(s)
    }

    /// Whether nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty() && self.submissions.is_empty() && self.deadlines.iter().all(|(_, q)| q.is_empty())
    }
}
