//! Nodes and where a pod fits, as the Kubernetes scheduler decides it.
//!
//! Fit is by requests only (a missing request is its limit), plus the pod cap. Among the nodes
//! that fit, the scheduler's default scoring picks one: node affinity (Zadig's `preferred`
//! strategy, weight 10 per label key, normalised to 0–100 and weighted 2) plus the least
//! allocated share of CPU and memory (0–100); ties go to the node listed first. Unlike the real
//! scheduler, the share is the node's before the pod and the affinity is normalised over every
//! node the strategy admits rather than over those the pod fits (a score independent of the
//! request is what lets the tree keep each subtree's best), and ties are not broken at random. A segment tree
//! per node group answers "best node that fits" in about log(nodes), so a thousand-node cluster
//! costs little per pod.

use std::collections::BTreeMap;

use super::scenario::{ClusterSpec, StrategySpec};

/// What a pod asks of a node: CPU in millicores, memory in MiB, GPUs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Request {
    pub cpu: i64,
    pub memory: i64,
    pub gpus: i64,
}

/// A node's capacity and what is placed on it now.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
    pub cluster: usize,
    pub capacity: Request,
    pub used: Request,
    pub max_pods: i64,
    pub pods: i64,
    pub arch: String,
    pub labels: BTreeMap<String, String>,
    pub builder: bool,
    /// Rainbond builder slots (2 × CPU count) and how many are taken.
    pub slots: i64,
    pub slots_used: i64,
    /// (group, position in that group) for every group the node belongs to.
    memberships: Vec<(usize, usize)>,
    /// The first of them again, in the node itself: most nodes belong to one group, and a pod
    /// bound or freed then updates it without a second load through the list's pointer.
    first_membership: (u32, u32),
}

impl Node {
    fn free(&self) -> Request {
        Request { cpu: self.capacity.cpu - self.used.cpu, memory: self.capacity.memory - self.used.memory, gpus: self.capacity.gpus - self.used.gpus }
    }

    /// Whether `request` fits now, by requests and the pod cap.
    pub fn fits(&self, request: Request) -> bool {
        let free = self.free();
        self.pods < self.max_pods && free.cpu >= request.cpu && free.memory >= request.memory && free.gpus >= request.gpus
    }

    /// Which of the scheduler's resource reasons ([`RESOURCE_REASONS`], as bits in that order)
    /// the node refuses `request` for while it holds `used` and `pods`: one rule for the reasons
    /// a waiting pod is given and for telling whether a change of the node alters them.
    pub fn refusals(&self, used: Request, pods: i64, request: Request) -> u8 {
        let short = |capacity: i64, used: i64, asked: i64| capacity - used < asked;
        u8::from(pods >= self.max_pods)
            | u8::from(short(self.capacity.cpu, used.cpu, request.cpu)) << 1
            | u8::from(short(self.capacity.memory, used.memory, request.memory)) << 2
            | u8::from(short(self.capacity.gpus, used.gpus, request.gpus)) << 3
    }

    /// Least-allocated score in thousandths (0–1000), Kubernetes' default spreading.
    fn least_allocated(&self) -> i32 {
        let share = |free: i64, cap: i64| if cap <= 0 { 0 } else { free.max(0) * 1000 / cap };
        let free = self.free();
        ((share(free.cpu, self.capacity.cpu) + share(free.memory, self.capacity.memory)) / 2) as i32
    }
}

/// The scheduler's words for a node's resource refusals, in the bit order of [`Node::refusals`].
pub const RESOURCE_REASONS: [&str; 4] = ["Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient nvidia.com/gpu"];

/// Which nodes a pod may use: an architecture and a Zadig strategy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Selector {
    pub cluster: usize,
    pub arch: Option<String>,
    /// `normal`, `required` or `preferred`.
    pub strategy: String,
    /// Label requirements grouped per key: a node matches a key when its value is among these.
    pub labels: Vec<(String, Vec<String>)>,
}

impl Selector {
    /// The selector of a strategy (or `normal` when there is none).
    pub fn of(cluster: usize, arch: Option<String>, strategy: Option<&StrategySpec>) -> Selector {
        let Some(s) = strategy else { return Selector { cluster, arch, strategy: "normal".into(), labels: Vec::new() } };
        let mut labels: Vec<(String, Vec<String>)> = Vec::new();
        for label in &s.labels {
            let (k, v) = label.split_once(':').unwrap_or((label.as_str(), ""));
            let (k, v) = (k.trim().to_string(), v.trim().to_string());
            match labels.iter_mut().find(|(key, _)| *key == k) {
                Some((_, values)) => values.push(v),
                None => labels.push((k, vec![v])),
            }
        }
        Selector { cluster, arch, strategy: s.strategy.clone(), labels }
    }

    fn matched_keys(&self, node: &Node) -> usize {
        self.labels.iter().filter(|(k, values)| node.labels.get(k).is_some_and(|v| values.contains(v))).count()
    }

    /// Whether the node may run the pod at all (cluster, architecture, required labels).
    fn admits(&self, node: &Node) -> bool {
        node.cluster == self.cluster
            && self.arch.as_ref().is_none_or(|a| *a == node.arch)
            && (self.strategy != "required" || self.matched_keys(node) > 0)
    }
}

/// One slot of a group's segment tree: the most of each free resource, and the best score, of
/// the nodes below it. 32-bit fields (capacities are capped at `i32::MAX`) keep a slot to 24
/// bytes, so the thousand-node tree a capacity run updates for every pod stays near the core;
/// the four free amounts side by side are one vector maximum, and the score with its node one
/// integer maximum, at each of the levels an update recomputes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    /// Free CPU, memory, GPUs and room for pods.
    free: [i32; 4],
    /// The best score in the high half (offset so that it orders as unsigned), the complement
    /// of the first listed member with that score in the low half: the greater rank wins.
    rank: u64,
}

impl Slot {
    const EMPTY: Slot = Slot { free: [-1, -1, -1, 0], rank: 0 };

    fn new(free: [i32; 4], score: i32, best: u32) -> Slot {
        Slot { free, rank: (u64::from(score.cast_unsigned() ^ 0x8000_0000) << 32) | u64::from(!best) }
    }

    fn score(&self) -> i32 {
        ((self.rank >> 32) as u32 ^ 0x8000_0000).cast_signed()
    }

    /// The first listed member with the best score below this slot: when it fits, nothing
    /// else below can win, so most searches end at the root.
    fn best(&self) -> u32 {
        !(self.rank as u32)
    }

    /// Written out field by field: natively `[_; 4]::map` is inlined, but the wasm build kept it
    /// a call per tree level, which an engine that does not inline wasm calls pays for (Node
    /// 20's V8: a third of the capacity run with the update around it; Chromium 156 inlines it).
    #[inline]
    fn max(a: Slot, b: Slot) -> Slot {
        let [a0, a1, a2, a3] = a.free;
        let [b0, b1, b2, b3] = b.free;
        Slot { free: [a0.max(b0), a1.max(b1), a2.max(b2), a3.max(b3)], rank: a.rank.max(b.rank) }
    }

    fn may_fit(&self, r: Request) -> bool {
        let [cpu, memory, gpus, pods] = self.free;
        pods > 0 && i64::from(cpu) >= r.cpu && i64::from(memory) >= r.memory && i64::from(gpus) >= r.gpus
    }
}

/// A count as a slot holds it (capacities are capped, so free amounts fit).
fn narrow(n: i64) -> i32 {
    n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// The nodes a selector admits, with a segment tree over their free capacity and score.
#[derive(Debug, Clone)]
struct Group {
    selector: Selector,
    members: Vec<usize>,
    /// Static affinity bonus per member (0–2000), for `preferred`.
    bonus: Vec<i32>,
    size: usize,
    tree: Vec<Slot>,
}

impl Group {
    fn leaf(&mut self, position: usize, node: &Node) {
        let mut i = self.size + position;
        let free = node.free();
        let free = [narrow(free.cpu), narrow(free.memory), narrow(free.gpus), narrow(node.max_pods - node.pods)];
        let mut slot = Slot::new(free, self.bonus[position] + node.least_allocated(), position as u32);
        self.tree[i] = slot;
        // Every ancestor is recomputed, without stopping early where one comes out unchanged:
        // that test costs a mispredicted branch per update, more than the levels it saves.
        // The slot just computed stays in registers; only its sibling is read.
        while i > 1 {
            let sibling = self.tree[i ^ 1];
            slot = if i & 1 == 0 { Slot::max(slot, sibling) } else { Slot::max(sibling, slot) };
            i /= 2;
            self.tree[i] = slot;
        }
    }

    /// The best-scoring member that fits (first listed among equals), by branch and bound.
    fn best(&self, r: Request) -> Option<usize> {
        let mut best: Option<(i32, usize)> = None;
        self.search(1, 0, r, &mut best);
        best.map(|(_, p)| p)
    }

    /// Searches the subtree at `i`, whose first leaf is `lo`.
    fn search(&self, i: usize, lo: usize, r: Request, best: &mut Option<(i32, usize)>) {
        let slot = &self.tree[i];
        if !slot.may_fit(r) {
            return;
        }
        let slot_score = slot.score();
        if let Some((score, position)) = *best {
            // Only a better score can win, or an equal one on a node listed earlier.
            if slot_score < score || (slot_score == score && lo > position) {
                return;
            }
        }
        let top = slot.best() as usize;
        if self.tree.get(self.size + top).is_some_and(|leaf| leaf.may_fit(r)) {
            if best.is_none_or(|(score, position)| slot_score > score || (slot_score == score && top < position)) {
                *best = Some((slot_score, top));
            }
            return;
        }
        if i >= self.size {
            return;
        }
        let half = (self.size >> (usize::BITS - 1 - i.leading_zeros())) / 2;
        let (l, rr) = (2 * i, 2 * i + 1);
        if self.tree[rr].score() > self.tree[l].score() {
            self.search(rr, lo + half, r, best);
            self.search(l, lo, r, best);
        } else {
            self.search(l, lo, r, best);
            self.search(rr, lo + half, r, best);
        }
    }
}

/// A capacity as the fleet keeps it: never negative, at most `i32::MAX` (two million cores,
/// two pebibytes), so the segment tree's 32-bit slots hold it exactly.
fn cap(n: i64) -> i64 {
    n.clamp(0, i64::from(i32::MAX))
}

/// Every node of every cluster, with the groups selectors have asked for.
#[derive(Debug, Clone, Default)]
pub struct Fleet {
    pub nodes: Vec<Node>,
    pub clusters: Vec<ClusterInfo>,
    groups: Vec<Group>,
    index: BTreeMap<Selector, usize>,
}

/// A cluster's name, its nodes and its strategies.
#[derive(Debug, Clone)]
pub struct ClusterInfo {
    pub name: String,
    pub nodes: std::ops::Range<usize>,
    pub strategies: Vec<StrategySpec>,
    /// Whether some node is marked as a Rainbond builder (else every node builds).
    pub marks_builders: bool,
    /// The architectures its nodes have, each once (what Rainbond's console checks a build against).
    pub archs: Vec<String>,
}

/// The strategy among a cluster's `strategies` that a build naming `name` is scheduled by: that
/// one, else the cluster's default (Zadig silently drops a strategy name its cluster lacks and
/// runs by the default), else none (`normal`).
pub fn strategy_for<'a>(strategies: &'a [StrategySpec], name: Option<&str>) -> Option<&'a StrategySpec> {
    name.and_then(|n| strategies.iter().find(|s| s.name == n)).or_else(|| strategies.iter().find(|s| s.default))
}

/// What Zadig does with a strategy name its cluster lacks, in the words the editor's lint and the
/// scenario's finding share: it drops the name and schedules `build` by the cluster's default.
/// `None` when the cluster has that strategy.
pub fn unknown_strategy_message(cluster: &str, strategies: &[StrategySpec], name: &str, build: &str) -> Option<String> {
    if strategies.iter().any(|s| s.name == name) {
        return None;
    }
    let instead = strategy_for(strategies, None).map_or("as `normal` (it has no default strategy)".to_string(), |s| format!("by its default strategy, `{}`", s.name));
    let names: Vec<&str> = strategies.iter().map(|s| s.name.as_str()).collect();
    let (there, meant) = super::names_held::around("strategies", name, &names);
    Some(format!("Cluster `{cluster}` has no strategy `{name}`{there}; Zadig ignores the name and schedules {build} {instead}.{meant}"))
}

impl Fleet {
    /// Millicores a cluster's nodes can give out in all (the base its utilisation is a share of).
    pub fn cpu_capacity(&self, cluster: &ClusterInfo) -> i64 {
        self.nodes[cluster.nodes.clone()].iter().map(|n| n.capacity.cpu.max(0)).sum()
    }

    /// Expands the scenario's node specs (`count` copies) into nodes.
    pub fn new(clusters: &[ClusterSpec]) -> Fleet {
        let mut fleet = Fleet::default();
        for (c, spec) in clusters.iter().enumerate() {
            let start = fleet.nodes.len();
            for n in &spec.nodes {
                for k in 0..n.count.max(1) {
                    let name = n.node_name(k);
                    fleet.nodes.push(Node {
                        name,
                        cluster: c,
                        capacity: Request { cpu: cap(n.cpu), memory: cap(n.memory), gpus: cap(n.gpus) },
                        used: Request::default(),
                        max_pods: cap(n.max_pods),
                        pods: 0,
                        arch: super::scenario::node_arch(&n.arch).unwrap_or(&n.arch).to_string(),
                        labels: n.labels.clone(),
                        builder: n.builder,
                        slots: 2 * (n.cpu.max(0) / 1000),
                        slots_used: 0,
                        memberships: Vec::new(),
                        first_membership: (0, 0),
                    });
                }
            }
            let marks_builders = spec.nodes.iter().any(|n| n.builder);
            let mut archs: Vec<String> = fleet.nodes[start..].iter().map(|n| n.arch.clone()).collect();
            archs.sort();
            archs.dedup();
            fleet.clusters.push(ClusterInfo { name: spec.name.clone(), nodes: start..fleet.nodes.len(), strategies: spec.strategies.clone(), marks_builders, archs });
        }
        fleet
    }

    /// The group for a selector, built on first use.
    pub fn group(&mut self, selector: &Selector) -> usize {
        if let Some(g) = self.index.get(selector) {
            return *g;
        }
        let id = self.groups.len();
        let members: Vec<usize> = self.clusters[selector.cluster].nodes.clone().filter(|n| selector.admits(&self.nodes[*n])).collect();
        let matches: Vec<usize> = members.iter().map(|n| selector.matched_keys(&self.nodes[*n])).collect();
        let most = matches.iter().copied().max().unwrap_or(0);
        let bonus = matches
            .iter()
            .map(|m| if selector.strategy == "preferred" && most > 0 { (2000 * *m / most) as i32 } else { 0 })
            .collect();
        let size = members.len().next_power_of_two().max(1);
        let mut group = Group {
            selector: selector.clone(),
            members: members.clone(),
            bonus,
            size,
            tree: vec![Slot::EMPTY; 2 * size],
        };
        for (p, n) in members.iter().enumerate() {
            group.leaf(p, &self.nodes[*n]);
            if self.nodes[*n].memberships.is_empty() {
                self.nodes[*n].first_membership = (id as u32, p as u32);
            }
            self.nodes[*n].memberships.push((id, p));
        }
        self.groups.push(group);
        self.index.insert(selector.clone(), id);
        id
    }

    /// The node the scheduler would bind a pod to, if any fits now.
    pub fn best(&self, group: usize, request: Request) -> Option<usize> {
        let g = &self.groups[group];
        g.best(request).map(|p| g.members[p])
    }

    /// Whether a node belongs to a group.
    pub fn admits(&self, group: usize, node: usize) -> bool {
        self.nodes[node].memberships.iter().any(|(g, _)| *g == group)
    }

    /// Binds a pod (`sign` 1) or releases it (`sign` -1).
    pub fn place(&mut self, node: usize, request: Request, sign: i64) {
        let n = &mut self.nodes[node];
        n.used.cpu += sign * request.cpu;
        n.used.memory += sign * request.memory;
        n.used.gpus += sign * request.gpus;
        n.pods += sign;
        let count = self.nodes[node].memberships.len();
        if count > 0 {
            let (g, p) = self.nodes[node].first_membership;
            self.groups[g as usize].leaf(p as usize, &self.nodes[node]);
        }
        for k in 1..count {
            let (g, p) = self.nodes[node].memberships[k];
            self.groups[g].leaf(p, &self.nodes[node]);
        }
    }

    /// Why no node fits, in the scheduler's words, counted over the cluster's nodes:
    /// "Insufficient cpu on all 3 nodes of cluster prod".
    pub fn why_not(&self, group: usize, request: Request) -> String {
        let selector = &self.groups[group].selector;
        let cluster = &self.clusters[selector.cluster];
        let total = cluster.nodes.len();
        if total == 0 {
            return format!("cluster {} has no nodes", cluster.name);
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        let mut bump = |reason: &'static str| match counts.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, c)) => *c += 1,
            None => counts.push((reason, 1)),
        };
        for node in &self.nodes[cluster.nodes.clone()] {
            if selector.arch.as_ref().is_some_and(|a| *a != node.arch) {
                bump("architecture mismatch");
                continue;
            }
            if selector.strategy == "required" && selector.matched_keys(node) == 0 {
                bump("node(s) didn't match node affinity");
                continue;
            }
            let refused = node.refusals(node.used, node.pods, request);
            for (bit, reason) in RESOURCE_REASONS.into_iter().enumerate() {
                if refused & (1 << bit) != 0 {
                    bump(reason);
                }
            }
        }
        let nodes = |n: usize| super::text::counted(n as u64, "node", "nodes");
        let parts: Vec<String> = counts
            .iter()
            .map(|(reason, n)| if *n == total && total > 1 { format!("{reason} on all {}", nodes(*n)) } else { format!("{reason} on {}", nodes(*n)) })
            .collect();
        if parts.is_empty() {
            return format!("no node of cluster {} fits", cluster.name);
        }
        format!("{} of cluster {}", parts.join(", "), cluster.name)
    }

    /// Whether a node runs Rainbond's builder.
    pub fn is_builder(&self, node: usize) -> bool {
        let n = &self.nodes[node];
        n.builder || !self.clusters[n.cluster].marks_builders
    }

    /// Whether any node of the group could ever hold the request, even when empty.
    pub fn could_ever_fit(&self, group: usize, request: Request) -> bool {
        self.groups[group].members.iter().any(|n| {
            let node = &self.nodes[*n];
            node.max_pods > 0 && node.capacity.cpu >= request.cpu && node.capacity.memory >= request.memory && node.capacity.gpus >= request.gpus
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Fleet, Request, Selector};
    use crate::simulate::scenario::{ClusterSpec, NodeSpec, StrategySpec};

    /// The scheduler's choice by looking at every node: the best score that fits, first listed.
    fn by_scan(fleet: &Fleet, group: usize, r: Request) -> Option<usize> {
        let g = &fleet.groups[group];
        let mut best: Option<(i32, usize)> = None;
        for (p, n) in g.members.iter().enumerate() {
            let node = &fleet.nodes[*n];
            let score = g.bonus[p] + node.least_allocated();
            if node.fits(r) && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, *n));
            }
        }
        best.map(|(_, n)| n)
    }

    proptest! {
        /// However pods come and go, the segment tree picks the node a full scan would.
        #[test]
        fn the_tree_picks_what_a_scan_picks(
            nodes in prop::collection::vec((1i64..9, 1i64..9, 0i64..3, 1i64..6, any::<bool>()), 1..40),
            preferred in any::<bool>(),
            ops in prop::collection::vec((1i64..5, 1i64..5, 0i64..2, any::<bool>()), 1..120),
        ) {
            let specs: Vec<NodeSpec> = nodes.iter().enumerate().map(|(i, (cpu, memory, gpus, pods, labelled))| NodeSpec {
                name: format!("n{i}"), cpu: cpu * 1000, memory: memory * 1024, gpus: *gpus, max_pods: *pods, count: 1,
                labels: if *labelled { [("pool".to_string(), "build".to_string())].into_iter().collect() } else { Default::default() },
                ..NodeSpec::default()
            }).collect();
            let strategy = StrategySpec { name: "s".into(), strategy: if preferred { "preferred" } else { "normal" }.into(), labels: vec!["pool:build".into()], default: true };
            let mut fleet = Fleet::new(&[ClusterSpec { name: "c".into(), nodes: specs, strategies: vec![strategy.clone()] }]);
            let group = fleet.group(&Selector::of(0, None, Some(&strategy)));
            let mut placed: Vec<(usize, Request)> = Vec::new();
            for (cpu, memory, gpus, release) in ops {
                if release && !placed.is_empty() {
                    let (node, r) = placed.remove(placed.len() / 2);
                    fleet.place(node, r, -1);
                    continue;
                }
                let r = Request { cpu: cpu * 500, memory: memory * 512, gpus };
                let chosen = fleet.best(group, r);
                prop_assert_eq!(chosen, by_scan(&fleet, group, r));
                if let Some(node) = chosen {
                    fleet.place(node, r, 1);
                    placed.push((node, r));
                }
            }
        }
    }
}
