//! The contraction order of `jnp.einsum`: `opt_einsum`'s `contract_path` with
//! `optimize='auto'`, as JAX calls it.
//!
//! JAX counterpart: `opt_einsum` 3.4 (`contract.py` `contract_path`, `paths.py` `optimal`,
//! `branch`, `greedy`), which `jax/_src/numpy/einsum.py` calls. `auto` picks by the number
//! of operands: the exhaustive search up to 4, branch and bound with all / 2 / 1 branches
//! up to 6 / 8 / 14, greedy beyond. Each search is rewritten here from the algorithm's
//! description, keeping the order in which it visits pairs and breaks ties, which decides
//! the path when costs are equal.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

/// A set of index labels (a Python `frozenset` of characters).
pub(crate) type Labels = BTreeSet<char>;

/// A path: the positions contracted at each step, in the list of operands that remain
/// (each step's result is appended at the end), as `opt_einsum` returns it.
pub(crate) type Path = Vec<Vec<usize>>;

/// `helpers.compute_size_by_dict`.
fn size_of<'a>(labels: impl IntoIterator<Item = &'a char>, sizes: &HashMap<char, usize>) -> u128 {
    labels.into_iter().map(|c| sizes[c] as u128).product()
}

/// `helpers.flop_count`.
fn flop_count(idx: &Labels, inner: bool, terms: usize, sizes: &HashMap<char, usize>) -> u128 {
    let factor = (terms.max(2) - 1) as u128 + u128::from(inner);
    size_of(idx, sizes) * factor
}

/// `paths.calc_k12_flops`: the labels of the pair's result and the cost of making it.
fn k12_flops(
    inputs: &[Labels],
    output: &Labels,
    remaining: &[usize],
    i: usize,
    j: usize,
    sizes: &HashMap<char, usize>,
) -> (Labels, u128) {
    let (k1, k2) = (&inputs[i], &inputs[j]);
    let either: Labels = k1 | k2;
    let mut keep = output.clone();
    for &r in remaining {
        if r != i && r != j {
            keep.extend(inputs[r].iter().copied());
        }
    }
    let k12: Labels = &either & &keep;
    let shared: Labels = k1 & k2;
    let inner = shared.iter().any(|c| !keep.contains(c));
    (k12, flop_count(&either, inner, 2, sizes))
}

/// A Python `set` of small integers, laid out as CPython 3.11's `setobject.c` lays it out,
/// so that iterating it visits the elements in CPython's order: `optimal` and `branch`
/// walk `itertools.combinations(remaining, 2)`, and when costs tie the first pair seen
/// wins, so the path depends on that order.
#[derive(Clone)]
struct PySet {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Empty,
    Dummy,
    Key(usize),
}

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;

impl PySet {
    fn empty() -> PySet {
        PySet {
            table: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
        }
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// `set(range(n))`: one `set_add_entry` per element.
    fn range(n: usize) -> PySet {
        let mut s = PySet::empty();
        for k in 0..n {
            s.add(k);
        }
        s
    }

    /// The elements in table order (`set_next`).
    fn iter(&self) -> Vec<usize> {
        self.table
            .iter()
            .filter_map(|s| match s {
                Slot::Key(k) => Some(*k),
                _ => None,
            })
            .collect()
    }

    /// `set_insert_clean`: the first empty slot of `key`'s probe sequence.
    fn insert_clean(table: &mut [Slot], key: usize) {
        let mask = table.len() - 1;
        let mut perturb = key;
        let mut i = key & mask;
        loop {
            if table[i] == Slot::Empty {
                table[i] = Slot::Key(key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if table[i + j] == Slot::Empty {
                        table[i + j] = Slot::Key(key);
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }

    /// `set_table_resize`: the smallest power-of-two table above `minused`, refilled in
    /// the old table's order.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::Empty; size]);
        self.fill = self.used;
        for slot in old {
            if let Slot::Key(k) = slot {
                PySet::insert_clean(&mut self.table, k);
            }
        }
    }

    /// `set_add_entry` (an int's hash is itself).
    fn add(&mut self, key: usize) {
        let mask = self.mask();
        let mut i = key & mask;
        let mut perturb = key;
        let mut freeslot = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.table[j] {
                    Slot::Empty => {
                        match freeslot {
                            Some(f) => {
                                self.table[f] = Slot::Key(key);
                                self.used += 1;
                            }
                            None => {
                                self.table[j] = Slot::Key(key);
                                self.fill += 1;
                                self.used += 1;
                                if self.fill * 5 >= mask * 3 {
                                    let target = if self.used > 50000 {
                                        self.used * 2
                                    } else {
                                        self.used * 4
                                    };
                                    self.resize(target);
                                }
                            }
                        }
                        return;
                    }
                    Slot::Key(k) if k == key => return,
                    Slot::Dummy if freeslot.is_none() => freeslot = Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }

    /// `set_discard_entry`.
    fn discard(&mut self, key: usize) {
        if let Some(slot) = self.table.iter_mut().find(|s| **s == Slot::Key(key)) {
            *slot = Slot::Dummy;
            self.used -= 1;
        }
    }

    /// `set_merge` of `other` into `self`.
    fn merge(&mut self, other: &PySet) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table.clone_from(&other.table);
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for k in other.iter() {
                PySet::insert_clean(&mut self.table, k);
            }
            return;
        }
        for k in other.iter() {
            self.add(k);
        }
    }

    /// `set_copy`.
    fn copy(&self) -> PySet {
        let mut s = PySet::empty();
        s.merge(self);
        s
    }

    /// `(self - {i, j}) | {new}`, as CPython evaluates it.
    fn step(&self, i: usize, j: usize, new: usize) -> PySet {
        let diff = if (self.used >> 2) > 2 {
            // `set_copy_and_difference`, for a set much larger than `{i, j}`.
            let mut d = self.copy();
            d.discard(i);
            d.discard(j);
            d
        } else {
            let mut d = PySet::empty();
            for k in self.iter() {
                if k != i && k != j {
                    d.add(k);
                }
            }
            d
        };
        let mut single = PySet::empty();
        single.add(new);
        let mut out = diff.copy();
        out.merge(&single);
        out
    }

    /// `itertools.combinations(self, 2)`, each pair ordered `(min, max)`.
    fn pairs(&self) -> Vec<(usize, usize)> {
        let r = self.iter();
        let mut out = Vec::new();
        for (a, &i) in r.iter().enumerate() {
            for &j in &r[a + 1..] {
                out.push((i.min(j), i.max(j)));
            }
        }
        out
    }
}

/// `paths.ssa_to_linear`: single-assignment ids to positions in the shrinking list.
fn ssa_to_linear(ssa_path: &[Vec<usize>]) -> Path {
    let n = ssa_path.iter().map(Vec::len).sum::<usize>() + 1 - ssa_path.len();
    let mut ids: Vec<usize> = (0..n).collect();
    let mut path = Vec::new();
    for (next, scon) in (n..).zip(ssa_path) {
        let mut con: Vec<usize> = scon
            .iter()
            .map(|s| ids.partition_point(|x| x < s))
            .collect();
        con.sort_unstable();
        for &j in con.iter().rev() {
            ids.remove(j);
        }
        ids.push(next);
        path.push(con);
    }
    path
}

/// The memo of `calc_k12_flops` results, keyed (as `opt_einsum` keys it) by the two
/// operands' labels only.
type K12Cache = HashMap<(Labels, Labels), (Labels, u128)>;

/// `paths.optimal`: the exhaustive depth-first search for the fewest flops.
fn optimal(inputs: &[Labels], output: &Labels, sizes: &HashMap<char, usize>) -> Path {
    struct Search<'a> {
        output: &'a Labels,
        sizes: &'a HashMap<char, usize>,
        best_flops: u128,
        best: Vec<Vec<usize>>,
        cache: K12Cache,
    }
    fn iterate(
        s: &mut Search<'_>,
        path: Vec<Vec<usize>>,
        inputs: Vec<Labels>,
        remaining: PySet,
        flops: u128,
    ) {
        if remaining.used == 1 {
            s.best_flops = flops;
            s.best = path;
            return;
        }
        let members = remaining.iter();
        for (i, j) in remaining.pairs() {
            let key = (inputs[i].clone(), inputs[j].clone());
            let (k12, flops12) = match s.cache.get(&key) {
                Some(v) => v.clone(),
                None => {
                    let v = k12_flops(&inputs, s.output, &members, i, j, s.sizes);
                    s.cache.insert(key, v.clone());
                    v
                }
            };
            let new_flops = flops + flops12;
            if new_flops >= s.best_flops {
                continue;
            }
            let mut p = path.clone();
            p.push(vec![i, j]);
            let mut ins = inputs.clone();
            ins.push(k12);
            let rem = remaining.step(i, j, inputs.len());
            iterate(s, p, ins, rem, new_flops);
        }
    }
    let mut s = Search {
        output,
        sizes,
        best_flops: u128::MAX,
        best: vec![(0..inputs.len()).collect()],
        cache: HashMap::new(),
    };
    iterate(
        &mut s,
        Vec::new(),
        inputs.to_vec(),
        PySet::range(inputs.len()),
        0,
    );
    ssa_to_linear(&s.best)
}

/// `paths.BranchBound` with `nbranch` branches per step (all when `None`), minimizing
/// flops, pruning at 4 times the best flops seen at each depth.
fn branch(
    inputs: &[Labels],
    output: &Labels,
    sizes: &HashMap<char, usize>,
    nbranch: Option<usize>,
) -> Path {
    struct Search<'a> {
        output: &'a Labels,
        sizes: &'a HashMap<char, usize>,
        nbranch: Option<usize>,
        best_flops: u128,
        best_size: u128,
        best: Vec<Vec<usize>>,
        progress: HashMap<usize, u128>,
        cache: K12Cache,
        size_cache: HashMap<Labels, u128>,
    }
    /// `(cost, flops12, new_flops, new_size, (i, j))`, compared as the Python tuple is.
    type Candidate = (i128, u128, u128, u128, (usize, usize));
    fn assess(
        s: &mut Search<'_>,
        inputs: &[Labels],
        remaining: &[usize],
        flops: u128,
        size: u128,
        i: usize,
        j: usize,
    ) -> Option<(Candidate, Labels)> {
        let key = (inputs[i].clone(), inputs[j].clone());
        let (k12, flops12) = match s.cache.get(&key) {
            Some(v) => v.clone(),
            None => {
                let v = k12_flops(inputs, s.output, remaining, i, j, s.sizes);
                s.cache.insert(key, v.clone());
                v
            }
        };
        let sizes = s.sizes;
        let size12 = *s
            .size_cache
            .entry(k12.clone())
            .or_insert_with(|| size_of(&k12, sizes));
        let new_flops = flops + flops12;
        let new_size = size.max(size12);
        let better =
            new_flops < s.best_flops || (new_flops == s.best_flops && new_size < s.best_size);
        if !better {
            return None;
        }
        let progress = s.progress.entry(inputs.len()).or_insert(u128::MAX);
        if new_flops < *progress {
            *progress = new_flops;
        } else if new_flops > progress.saturating_mul(4) {
            return None;
        }
        let size1 = *s
            .size_cache
            .entry(inputs[i].clone())
            .or_insert_with(|| size_of(&inputs[i], sizes));
        let size2 = *s
            .size_cache
            .entry(inputs[j].clone())
            .or_insert_with(|| size_of(&inputs[j], sizes));
        let cost = size12 as i128 - size1 as i128 - size2 as i128;
        Some(((cost, flops12, new_flops, new_size, (i, j)), k12))
    }
    fn iterate(
        s: &mut Search<'_>,
        path: Vec<Vec<usize>>,
        inputs: Vec<Labels>,
        remaining: PySet,
        flops: u128,
        size: u128,
    ) {
        if remaining.used == 1 {
            s.best_size = size;
            s.best_flops = flops;
            s.best = path;
            return;
        }
        let mut candidates = BinaryHeap::new();
        let members = remaining.iter();
        for (i, j) in remaining.pairs() {
            if inputs[i].is_disjoint(&inputs[j]) {
                continue;
            }
            if let Some((c, k12)) = assess(s, &inputs, &members, flops, size, i, j) {
                candidates.push(Reverse((c, k12)));
            }
        }
        if candidates.is_empty() {
            for (i, j) in remaining.pairs() {
                if let Some((c, k12)) = assess(s, &inputs, &members, flops, size, i, j) {
                    candidates.push(Reverse((c, k12)));
                }
            }
        }
        let mut taken = 0;
        while s.nbranch.is_none_or(|n| taken < n) {
            let Some(Reverse(((_, _, new_flops, new_size, (i, j)), k12))) = candidates.pop() else {
                break;
            };
            let mut p = path.clone();
            p.push(vec![i, j]);
            let mut ins = inputs.clone();
            ins.push(k12);
            let rem = remaining.step(i, j, inputs.len());
            iterate(s, p, ins, rem, new_flops, new_size);
            taken += 1;
        }
    }
    let mut s = Search {
        output,
        sizes,
        nbranch,
        best_flops: u128::MAX,
        best_size: u128::MAX,
        best: Vec::new(),
        progress: HashMap::new(),
        cache: HashMap::new(),
        size_cache: inputs
            .iter()
            .map(|k| (k.clone(), size_of(k, sizes)))
            .collect(),
    };
    iterate(
        &mut s,
        Vec::new(),
        inputs.to_vec(),
        PySet::range(inputs.len()),
        0,
        0,
    );
    ssa_to_linear(&s.best)
}

/// `paths.ssa_greedy_optimize` with the `memory-removed` cost: repeatedly contract the pair
/// sharing an index whose result is smallest relative to its inputs; then the leftover
/// operands, smallest first.
fn greedy(inputs: &[Labels], output: &Labels, sizes: &HashMap<char, usize>) -> Path {
    if inputs.len() == 1 {
        return vec![vec![0]];
    }
    let mut output = output.clone();
    let common = inputs
        .iter()
        .skip(1)
        .fold(inputs[0].clone(), |acc, k| &acc & k);
    output.extend(common);
    let mut next_id = inputs.len();
    let mut ssa_path: Vec<Vec<usize>> = Vec::new();
    let mut remaining: HashMap<Labels, usize> = HashMap::new();
    for (id, key) in inputs.iter().enumerate() {
        if let Some(&prev) = remaining.get(key) {
            // Equal index sets are multiplied together at once.
            ssa_path.push(vec![prev, id]);
            remaining.insert(key.clone(), next_id);
            next_id += 1;
        } else {
            remaining.insert(key.clone(), id);
        }
    }
    let mut dim_to_keys: HashMap<char, BTreeSet<Labels>> = HashMap::new();
    for key in remaining.keys() {
        for d in key.difference(&output) {
            dim_to_keys.entry(*d).or_default().insert(key.clone());
        }
    }
    let count_at_least =
        |dim_to_keys: &HashMap<char, BTreeSet<Labels>>, n: usize| -> BTreeSet<char> {
            dim_to_keys
                .iter()
                .filter(|(d, keys)| keys.len() >= n && !output.contains(d))
                .map(|(d, _)| *d)
                .collect()
        };
    let mut ref2 = count_at_least(&dim_to_keys, 2);
    let mut ref3 = count_at_least(&dim_to_keys, 3);
    let mut footprints: HashMap<Labels, u128> = remaining
        .keys()
        .map(|k| (k.clone(), size_of(k, sizes)))
        .collect();
    // A candidate: ((cost, id2, id1), k1, k2, k12), the least first.
    type Cand = Reverse<((i128, usize, usize), Labels, Labels, Labels)>;
    let candidate = |remaining: &HashMap<Labels, usize>,
                     footprints: &HashMap<Labels, u128>,
                     ref2: &BTreeSet<char>,
                     ref3: &BTreeSet<char>,
                     output: &Labels,
                     k1: &Labels,
                     k2: &Labels| {
        let either: Labels = k1 | k2;
        let two: Labels = k1 & k2;
        let one: Labels = &either - &two;
        let mut k12: Labels = &either & output;
        k12.extend(two.intersection(ref3));
        k12.extend(one.intersection(ref2));
        let cost = size_of(&k12, sizes) as i128 - footprints[k1] as i128 - footprints[k2] as i128;
        let (mut k1, mut k2) = (k1.clone(), k2.clone());
        let (mut id1, mut id2) = (remaining[&k1], remaining[&k2]);
        if id1 > id2 {
            std::mem::swap(&mut k1, &mut k2);
            std::mem::swap(&mut id1, &mut id2);
        }
        Reverse(((cost, id2, id1), k1, k2, k12))
    };
    let mut queue: BinaryHeap<Cand> = BinaryHeap::new();
    for keys in dim_to_keys.values() {
        let mut list: Vec<&Labels> = keys.iter().collect();
        list.sort_by_key(|k| remaining[*k]);
        for (a, k1) in list.iter().enumerate().take(list.len().saturating_sub(1)) {
            let best = list[a + 1..]
                .iter()
                .map(|k2| candidate(&remaining, &footprints, &ref2, &ref3, &output, k1, k2))
                .max()
                .expect("a second key");
            queue.push(best);
        }
    }
    while let Some(Reverse((_, k1, k2, k12))) = queue.pop() {
        if !remaining.contains_key(&k1) || !remaining.contains_key(&k2) {
            continue;
        }
        let id1 = remaining.remove(&k1).expect("k1");
        let id2 = remaining.remove(&k2).expect("k2");
        for d in k1.difference(&output) {
            dim_to_keys.entry(*d).or_default().remove(&k1);
        }
        for d in k2.difference(&output) {
            dim_to_keys.entry(*d).or_default().remove(&k2);
        }
        ssa_path.push(vec![id1, id2]);
        if let Some(&prev) = remaining.get(&k12) {
            ssa_path.push(vec![prev, next_id]);
            next_id += 1;
        } else {
            for d in k12.difference(&output) {
                dim_to_keys.entry(*d).or_default().insert(k12.clone());
            }
        }
        remaining.insert(k12.clone(), next_id);
        next_id += 1;
        // `k1 | k2 - output`: Python's precedence.
        let mut dims: Labels = k1.clone();
        dims.extend(k2.difference(&output));
        for d in dims {
            let count = dim_to_keys.get(&d).map_or(0, BTreeSet::len);
            if count <= 1 {
                ref2.remove(&d);
                ref3.remove(&d);
            } else if count == 2 {
                ref2.insert(d);
                ref3.remove(&d);
            } else {
                ref2.insert(d);
                ref3.insert(d);
            }
        }
        footprints.insert(k12.clone(), size_of(&k12, sizes));
        let mut k2s: BTreeSet<Labels> = BTreeSet::new();
        for d in &k12 {
            if let Some(keys) = dim_to_keys.get(d) {
                k2s.extend(keys.iter().cloned());
            }
        }
        k2s.remove(&k12);
        if let Some(best) = k2s
            .iter()
            .map(|k2| candidate(&remaining, &footprints, &ref2, &ref3, &output, &k12, k2))
            .max()
        {
            queue.push(best);
        }
    }
    // The operands left share no index: combine them, the smallest results first.
    let mut finals: BinaryHeap<Reverse<(u128, usize, Labels)>> = remaining
        .iter()
        .map(|(k, &id)| Reverse((size_of(k.intersection(&output), sizes), id, k.clone())))
        .collect();
    let Reverse((_, mut id1, mut k1)) = finals.pop().expect("an operand");
    while let Some(Reverse((_, id2, k2))) = finals.pop() {
        ssa_path.push(vec![id1.min(id2), id1.max(id2)]);
        let k12: Labels = (&k1 | &k2).intersection(&output).copied().collect();
        let cost = size_of(&k12, sizes);
        finals.push(Reverse((cost, next_id, k12)));
        next_id += 1;
        let Reverse((_, i, k)) = finals.pop().expect("just pushed");
        id1 = i;
        k1 = k;
    }
    ssa_to_linear(&ssa_path)
}

/// `contract_path(..., optimize='auto')`'s path for these operands.
pub(crate) fn auto_path(inputs: &[Labels], output: &Labels, sizes: &HashMap<char, usize>) -> Path {
    let n = inputs.len();
    match n {
        0..=2 => vec![(0..n).collect()],
        3..=4 => optimal(inputs, output, sizes),
        5..=6 => branch(inputs, output, sizes, None),
        7..=8 => branch(inputs, output, sizes, Some(2)),
        9..=14 => branch(inputs, output, sizes, Some(1)),
        _ => greedy(inputs, output, sizes),
    }
}

/// JAX's `optimize` argument of `jnp.einsum`/`jnp.einsum_path`: how the contraction order
/// is chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum Optimize {
    /// `"auto"` (the default): by the number of operands, as `opt_einsum` picks.
    Auto,
    /// `"optimal"` (also `True`): the exhaustive search.
    Optimal,
    /// `"greedy"` (also `"eager"`, `"opportunistic"`).
    Greedy,
    /// `"branch-all"`, `"branch-2"`, `"branch-1"`: branch and bound with that many branches
    /// per step (`None`: all).
    Branch(Option<usize>),
    /// `False`: JAX's `Unoptimized`, contracting the first two operands at every step.
    Unoptimized,
    /// An explicit path.
    Path(Path),
}

impl From<&str> for Optimize {
    /// # Panics
    /// For a name `opt_einsum` does not know, or one jaxrs does not implement
    /// (`"auto-hq"`, `"dp"`, `"random-greedy"`, ...).
    fn from(name: &str) -> Optimize {
        match name {
            "auto" => Optimize::Auto,
            "optimal" => Optimize::Optimal,
            "greedy" | "eager" | "opportunistic" => Optimize::Greedy,
            "branch-all" => Optimize::Branch(None),
            "branch-2" => Optimize::Branch(Some(2)),
            "branch-1" => Optimize::Branch(Some(1)),
            "auto-hq" | "dp" | "dynamic-programming" | "random-greedy" | "random-greedy-128" => {
                panic!("jaxrs's einsum does not implement the '{name}' path search")
            }
            _ => panic!("Path optimizer '{name}' not found, valid options are auto, auto-hq, optimal, branch-all, branch-2, branch-1, greedy, eager, opportunistic, dp, dynamic-programming, random-greedy, random-greedy-128."),
        }
    }
}

impl From<bool> for Optimize {
    fn from(b: bool) -> Optimize {
        if b {
            Optimize::Optimal
        } else {
            Optimize::Unoptimized
        }
    }
}

impl From<Path> for Optimize {
    fn from(p: Path) -> Optimize {
        Optimize::Path(p)
    }
}

/// `contract_path`'s choice of path for `optimize`.
pub(crate) fn path_for(
    optimize: &Optimize,
    inputs: &[Labels],
    output: &Labels,
    sizes: &HashMap<char, usize>,
) -> Path {
    let n = inputs.len();
    match optimize {
        Optimize::Path(p) => p.clone(),
        _ if n <= 2 => vec![(0..n).collect()],
        Optimize::Auto => auto_path(inputs, output, sizes),
        Optimize::Optimal => optimal(inputs, output, sizes),
        Optimize::Greedy => greedy(inputs, output, sizes),
        Optimize::Branch(b) => branch(inputs, output, sizes, *b),
        Optimize::Unoptimized => vec![vec![0, 1]; n - 1],
    }
}
