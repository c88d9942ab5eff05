//! A quantity over time at a fixed interval — its mean and its most in each — for runs that
//! keep summaries only: a million-job run changes its queue two million times, but its chart
//! needs a point per pixel, and the planner needs the peaks as much as the averages.

use super::area;

/// One interval: from `at` (ms) until the next point, the time-weighted mean and the most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub at: u64,
    pub mean: f64,
    pub most: i64,
}

/// A non-negative quantity (jobs waiting, millicores requested) sampled into equal intervals;
/// intervals that read the same as the one before are merged, so a quiet hour costs nothing.
#[derive(Debug, Clone)]
pub struct Sampled {
    width: u64,
    /// Where the open interval starts, and when the value last changed in it.
    start: u64,
    since: u64,
    value: i64,
    /// The value × milliseconds over the open interval so far.
    area: u128,
    most: i64,
    points: Vec<Interval>,
}

impl Sampled {
    /// An empty series (value 0 from time 0) of intervals `width` ms long (at least 1).
    pub fn new(width: u64) -> Sampled {
        Sampled { width: width.max(1), start: 0, since: 0, value: 0, area: 0, most: 0, points: Vec::new() }
    }

    /// The quantity now.
    pub fn value(&self) -> i64 {
        self.value
    }

    /// The quantity is `value` from `now` on (`now` never goes back; negatives read as 0).
    #[inline]
    pub fn set(&mut self, now: u64, value: i64) {
        if now >= self.start.saturating_add(self.width) {
            self.roll(now);
        }
        self.area += area(self.value as u64, now.saturating_sub(self.since));
        self.hold_until(now);
        self.since = now.max(self.since);
        self.value = value.max(0);
    }

    /// Counts the value towards the interval's most if it held until `at` for a while: a job
    /// queued and started in the same millisecond never waited.
    #[inline]
    fn hold_until(&mut self, at: u64) {
        if at > self.since {
            self.most = self.most.max(self.value);
        }
    }

    /// Closes the open interval and any whole ones without a change, up to the one `now` is in.
    #[cold]
    fn roll(&mut self, now: u64) {
        let end = self.start + self.width;
        self.area += area(self.value as u64, end - self.since);
        self.hold_until(end);
        self.close(self.width);
        let skipped = (now - end) / self.width;
        if skipped > 0 {
            self.push(Interval { at: end, mean: self.value as f64, most: self.value });
        }
        self.start = end + skipped * self.width;
        self.since = self.start;
        self.area = 0;
        self.most = 0;
    }

    /// Records the open interval, `length` ms of it.
    fn close(&mut self, length: u64) {
        let mean = if length == 0 { self.value as f64 } else { self.area as f64 / length as f64 };
        self.push(Interval { at: self.start, mean, most: self.most });
    }

    fn push(&mut self, interval: Interval) {
        if self.points.last().is_some_and(|last| last.mean == interval.mean && last.most == interval.most) {
            return;
        }
        self.points.push(interval);
    }

    /// The intervals up to `end` (the last one cut short there), and their length: whole
    /// multiples of the width, so that there are at most `CHART_INTERVALS` (a run that lasts
    /// far longer than expected still draws a point per pixel, not one per interval).
    pub fn until(&self, end: u64) -> (u64, Vec<Interval>) {
        self.at_most(end, CHART_INTERVALS)
    }

    fn at_most(&self, end: u64, limit: u64) -> (u64, Vec<Interval>) {
        let mut s = self.clone();
        if end >= s.start.saturating_add(s.width) {
            s.roll(end);
        }
        if end > s.start {
            s.area += area(s.value as u64, end.saturating_sub(s.since));
            s.hold_until(end);
            s.close(end - s.start);
        }
        let group = s.width * end.div_ceil(s.width).div_ceil(limit.max(1)).max(1);
        if group == s.width {
            return (s.width, s.points);
        }
        (group, coarsen(&s.points, group, end))
    }
}

/// The most intervals a series is read out in.
pub const CHART_INTERVALS: u64 = 2000;

/// Merges `points` (intervals of some width dividing `group`) into intervals `group` long: the
/// mean weighted by time, the most of the most.
fn coarsen(points: &[Interval], group: u64, end: u64) -> Vec<Interval> {
    let mut out = Sampled::new(group);
    let (mut i, mut from) = (0, 0);
    while from < end && !points.is_empty() {
        let to = from.saturating_add(group).min(end);
        while points.get(i + 1).is_some_and(|p| p.at <= from) {
            i += 1;
        }
        let (mut weighted, mut most, mut j) = (0.0, 0, i);
        loop {
            let p = points[j];
            let until = points.get(j + 1).map_or(to, |n| n.at.min(to));
            weighted += p.mean * until.saturating_sub(p.at.max(from)) as f64;
            most = most.max(p.most);
            match points.get(j + 1) {
                Some(next) if next.at < to => j += 1,
                _ => break,
            }
        }
        out.push(Interval { at: from, mean: weighted / (to - from) as f64, most });
        from = to;
    }
    out.points
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Interval, Sampled};

    #[test]
    fn each_interval_holds_its_time_weighted_mean_and_its_most() {
        let mut s = Sampled::new(10);
        s.set(2, 4); // 0 for 2 ms, 4 for 8 ms: mean 3.2
        s.set(15, 1); // 4 for 5 ms, 1 for 5 ms: mean 2.5, most 4
        s.set(47, 0); // 1 through 20–40 (merged), then 1 for 7 ms and 0 for 3 ms
        let (width, points) = s.until(45 + 10);
        assert_eq!(width, 10);
        assert_eq!(
            points,
            [
                Interval { at: 0, mean: 3.2, most: 4 },
                Interval { at: 10, mean: 2.5, most: 4 },
                Interval { at: 20, mean: 1.0, most: 1 },
                Interval { at: 40, mean: 0.7, most: 1 },
                Interval { at: 50, mean: 0.0, most: 0 },
            ]
        );
    }

    proptest! {
        /// However the changes fall, the intervals' means add up to the exact integral, the
        /// most of every interval is the largest value it held for a while (a value replaced
        /// in the same millisecond counts for nothing), and points come in time order.
        #[test]
        fn means_add_up_to_the_integral_and_the_peak_is_kept(
            width in 1u64..50,
            steps in proptest::collection::vec((0u64..40, 0i64..100), 0..60),
            limit in prop_oneof![Just(u64::MAX), 1u64..8],
        ) {
            let mut s = Sampled::new(width);
            let (mut now, mut value, mut integral, mut peak) = (0u64, 0i64, 0u128, 0i64);
            for (gap, v) in steps {
                integral += u128::from(value as u64) * u128::from(gap);
                if gap > 0 {
                    peak = peak.max(value);
                }
                now += gap;
                value = v;
                s.set(now, v);
            }
            let end = now + 7;
            integral += u128::from(value as u64) * 7;
            peak = peak.max(value);
            let (group, points) = s.at_most(end, limit);
            // Whole multiples of the width, and no more intervals than the limit allows.
            prop_assert!(group % width == 0);
            prop_assert!(group == width || end.div_ceil(group) <= limit);
            prop_assert!(points.iter().all(|p| p.at % group == 0));
            prop_assert!(points.windows(2).all(|w| w[0].at < w[1].at));
            prop_assert_eq!(points.iter().map(|p| p.most).max().unwrap_or(0), peak);
            // Each point holds until the next (or `end`), interval by interval.
            let mut sum = 0.0;
            for (i, p) in points.iter().enumerate() {
                let until = points.get(i + 1).map_or(end, |n| n.at);
                sum += p.mean * (until - p.at) as f64;
            }
            prop_assert!((sum - integral as f64).abs() < 1e-6 * (integral as f64).max(1.0), "{} vs {}", sum, integral);
        }
    }
}
