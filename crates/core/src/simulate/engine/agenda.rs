//! The engine's future: what happens next, in (time, rank, order scheduled) order.
//!
//! Three sources merged on the fly, so the priority queue stays small on million-job runs:
//! submissions (known in advance and scheduled in time order, so kept as runs of consecutive
//! jobs whose times the engine's jobs hold: a million of them cost a few bytes), deadlines
//! (one first-in first-out list per distinct delay: deadlines with the same delay are
//! scheduled in time order, so each list is already sorted), and the rest in buckets of a
//! quarter second ([`buckets`]).

mod buckets;

use std::cmp::Ordering;
use std::collections::VecDeque;

use super::Event;
use buckets::{Buckets, Source};

/// One scheduled event with its ordering key, in 24 bytes: the event's kind rides in the low
/// bits of the order (below the order scheduled, which is unique, so it never decides) and its
/// two numbers beside it, where an `Event` would pad an entry to 32 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scheduled {
    pub at: u64,
    /// The rank in the top byte, the order scheduled below it, the event's kind in the lowest
    /// three bits: one number, so that ordering two events is one 128-bit comparison (the agenda
    /// makes dozens per event).
    order: u64,
    a: u32,
    b: u32,
}

/// An event as its kind (three bits) and its two numbers.
fn pack(event: Event) -> (u64, u32, u32) {
    match event {
        Event::Submit(j) => (0, j, 0),
        Event::Cancel(j) => (1, j, 0),
        Event::UnitDone(u, e) => (2, u, e),
        Event::UnitTimeout(u, e) => (3, u, e),
        Event::NuonWake(j, e) => (4, j, e),
        Event::RainbondDone(j, e) => (5, j, e),
        Event::RainbondExpire(j) => (6, j, 0),
        Event::NuonOverdue(j) => (7, j, 0),
    }
}

/// Which events go first among those at the same instant: work that ends exactly at a
/// deadline is in time, and submissions and cancels see the instant's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    /// An attempt ends (or a runner picks a job up).
    Completion = 0,
    /// A timeout or another deadline fires.
    Deadline = 1,
    /// Submissions, cancels and everything else.
    Other = 2,
}

impl Scheduled {
    fn new(at: u64, rank: Rank, seq: u64, event: Event) -> Scheduled {
        // 2^53 events would take centuries to schedule, so the count never reaches the rank.
        let (kind, a, b) = pack(event);
        Scheduled { at, order: ((rank as u64) << 56) | (seq << 3) | kind, a, b }
    }

    /// What happens.
    pub fn event(&self) -> Event {
        let (a, b) = (self.a, self.b);
        match self.order & 7 {
            0 => Event::Submit(a),
            1 => Event::Cancel(a),
            2 => Event::UnitDone(a, b),
            3 => Event::UnitTimeout(a, b),
            4 => Event::NuonWake(a, b),
            5 => Event::RainbondDone(a, b),
            6 => Event::RainbondExpire(a),
            _ => Event::NuonOverdue(a),
        }
    }

    fn key(&self) -> u128 {
        (u128::from(self.at) << 64) | u128::from(self.order)
    }
}

/// Makes `candidate` the `best` so far (with where it came from) if it is earlier: how the
/// agenda, and its buckets within it, pick the next event among several sources.
fn keep_earliest<F: Copy>(best: &mut Option<(Scheduled, F)>, candidate: Option<&Scheduled>, from: F) {
    if let Some(s) = candidate
        && best.is_none_or(|(b, _)| s.key() < b.key())
    {
        *best = Some((*s, from));
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
    Events(Source),
    Submission,
    Deadline(usize),
}

/// Submissions of `count` consecutive jobs from `job`, scheduled one after another from `seq`.
#[derive(Debug, Clone, Copy)]
struct Run {
    job: u32,
    count: u32,
    seq: u64,
}

/// Everything scheduled and not yet handled.
#[derive(Debug, Default)]
pub(crate) struct Agenda {
    seq: u64,
    events: Buckets,
    submissions: VecDeque<Run>,
    /// The time of the last submission in `submissions`: later ones join them, earlier ones
    /// (a job the app adds for a time before the workload's last) go to `events`.
    last_submission: u64,
    deadlines: Vec<(u64, VecDeque<Scheduled>)>,
    /// When set, submissions are numbered on their own from here, below every other event.
    submission_seq: Option<u64>,
}

/// Where a [`Agenda::submissions_first`] agenda numbers its other events from: above any
/// count of submissions a run could make (a trillion jobs), far below the rank's byte.
const AFTER_SUBMISSIONS: u64 = 1 << 40;

impl Agenda {
    /// An agenda for a run that makes its jobs as the clock reaches them: each submission is
    /// numbered as if all had been scheduled before the run started (as they are when the jobs
    /// are made up front), so both ways order events at the same instant alike.
    pub fn submissions_first() -> Agenda {
        Agenda { seq: AFTER_SUBMISSIONS, submission_seq: Some(0), ..Agenda::default() }
    }

    fn stamp(&mut self, at: u64, rank: Rank, event: Event) -> Scheduled {
        self.seq += 1;
        Scheduled::new(at, rank, self.seq, event)
    }

    /// Schedules an event.
    pub fn push(&mut self, at: u64, rank: Rank, event: Event) {
        let s = self.stamp(at, rank, event);
        self.events.push(s);
    }

    /// Schedules a job's submission at `at`; in time order it costs nothing, out of order it
    /// goes with the other events.
    pub fn submit(&mut self, at: u64, job: u32) {
        let seq = match &mut self.submission_seq {
            Some(seq) => {
                *seq += 1;
                *seq
            }
            None => {
                self.seq += 1;
                self.seq
            }
        };
        if !self.submissions.is_empty() && at < self.last_submission {
            self.events.push(Scheduled::new(at, Rank::Other, seq, Event::Submit(job)));
            return;
        }
        self.last_submission = at;
        match self.submissions.back_mut() {
            Some(run) if u64::from(run.job) + u64::from(run.count) == u64::from(job) && run.seq + u64::from(run.count) == seq && run.count < u32::MAX => {
                run.count += 1;
            }
            _ => self.submissions.push_back(Run { job, count: 1, seq }),
        }
    }

    /// Schedules a deadline `delay` after `now` (after completions at the same instant).
    pub fn deadline(&mut self, now: u64, delay: u64, event: Event) {
        let s = self.stamp(now.saturating_add(delay), Rank::Deadline, event);
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

    /// The earliest event; `submitted` tells a job's submission time.
    fn next(&self, submitted: impl Fn(u32) -> u64) -> Option<(Scheduled, From)> {
        let mut best: Option<(Scheduled, From)> = self.events.first().map(|(s, source)| (s, From::Events(source)));
        let submission = self.submissions.front().map(|run| Scheduled::new(submitted(run.job), Rank::Other, run.seq, Event::Submit(run.job)));
        keep_earliest(&mut best, submission.as_ref(), From::Submission);
        for (i, (_, queue)) in self.deadlines.iter().enumerate() {
            keep_earliest(&mut best, queue.front(), From::Deadline(i));
        }
        best
    }

    /// The next event, without removing it.
    pub fn peek(&self, submitted: impl Fn(u32) -> u64) -> Option<Scheduled> {
        self.next(submitted).map(|(s, _)| s)
    }

    /// The current bucket's next three events in order, which the engine reads ahead for.
    pub fn upcoming(&self) -> [Option<Event>; 3] {
        let slice = self.events.upcoming();
        [0, 1, 2].map(|i| slice.get(i).map(Scheduled::event))
    }

    /// Removes and returns the next event if it happens by `until` (finding the next event
    /// once, where a peek and then a pop would find it twice).
    pub fn pop_due(&mut self, until: u64, submitted: impl Fn(u32) -> u64) -> Option<Scheduled> {
        let (s, from) = self.next(submitted).filter(|(s, _)| s.at <= until)?;
        match from {
            From::Events(source) => self.events.take(source),
            From::Submission => {
                if let Some(run) = self.submissions.front_mut() {
                    run.job += 1;
                    run.seq += 1;
                    run.count -= 1;
                    if run.count == 0 {
                        self.submissions.pop_front();
                    }
                }
            }
            From::Deadline(i) => {
                self.deadlines[i].1.pop_front();
            }
        }
        self.events.follow(s.at);
        Some(s)
    }

    /// Whether nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.submissions.is_empty() && self.deadlines.iter().all(|(_, q)| q.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the agenda is asked to do: schedule a submission, an event, a deadline, or pop.
    #[derive(Debug, Clone)]
    enum Op {
        Submit(u64),
        Push(u64, Rank),
        Deadline(u64),
        /// Pop the next event if it happens by this time.
        Pop(u64),
    }

    /// A time: mostly in a few milliseconds, so that events tie; also within a few buckets,
    /// beyond the buckets' ring, and at the edges of buckets and of the ring.
    fn time() -> impl Strategy<Value = u64> {
        use buckets::{RING, WIDTH};
        let edge = (0u64..3, 0u64..3, 0u64..2).prop_map(|(ring, bucket, before)| (ring * RING + bucket) * WIDTH - before.min(ring + bucket));
        prop_oneof![4 => 0u64..50, 2 => 0u64..2_000, 1 => 0u64..600_000, 2 => edge]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => time().prop_map(Op::Submit),
            2 => (time(), prop_oneof![Just(Rank::Completion), Just(Rank::Deadline), Just(Rank::Other)]).prop_map(|(at, rank)| Op::Push(at, rank)),
            1 => prop_oneof![Just(5u64), Just(9)].prop_map(Op::Deadline),
            3 => prop_oneof![Just(u64::MAX), time()].prop_map(Op::Pop),
        ]
    }

    proptest! {
        /// Whatever the order things are scheduled in, they come out in (time, rank, order
        /// scheduled) order, as from one sorted list; with submissions first, a submission
        /// goes before any other event of its time and rank, whenever either was scheduled.
        #[test]
        fn pops_in_key_order(ops in proptest::collection::vec(op(), 0..200), first in any::<bool>()) {
            let mut agenda = if first { Agenda::submissions_first() } else { Agenda::default() };
            let mut submitted: Vec<u64> = Vec::new();
            let mut reference: std::collections::BTreeMap<(u64, u8, u64), Event> = Default::default();
            let (mut seq, mut now) = (0u64, 0u64);
            // Where other events are numbered from with submissions first.
            let others = if first { AFTER_SUBMISSIONS } else { 0 };
            for op in ops.into_iter().chain(std::iter::repeat_n(Op::Pop(u64::MAX), 200)) {
                match op {
                    Op::Submit(at) => {
                        let job = submitted.len() as u32;
                        submitted.push(at);
                        agenda.submit(at, job);
                        let order = if first { u64::from(job) + 1 } else { seq + 1 };
                        seq += u64::from(!first);
                        reference.insert((at, 2, order), Event::Submit(job));
                    }
                    Op::Push(at, rank) => {
                        agenda.push(at, rank, Event::Cancel(seq as u32));
                        seq += 1;
                        reference.insert((at, rank as u8, others + seq), Event::Cancel((seq - 1) as u32));
                    }
                    Op::Deadline(delay) => {
                        agenda.deadline(now, delay, Event::RainbondExpire(seq as u32));
                        seq += 1;
                        reference.insert((now + delay, 1, others + seq), Event::RainbondExpire((seq - 1) as u32));
                    }
                    Op::Pop(until) => {
                        let popped = agenda.pop_due(until, |j| submitted[j as usize]);
                        let due = reference.first_key_value().is_some_and(|((at, _, _), _)| *at <= until);
                        let expected = if due { reference.pop_first() } else { None };
                        prop_assert_eq!(popped.map(|s| (s.at, s.event())), expected.map(|((at, _, _), e)| (at, e)));
                        if let Some(s) = popped {
                            now = now.max(s.at);
                        }
                    }
                }
            }
            prop_assert!(agenda.is_empty());
        }
    }
}
