//! The fit rules, on plain numbers: atoms (heights, gaps, how many following
//! atoms each keeps with it) flow into regions (columns or pages of a height),
//! and nothing here knows about text or PDFs, so every rule is tested on data.
//!
//! The rules live in two places only: the atoms a block makes (a paragraph's
//! first and last two lines are one atom each, so no widow or orphan; a table
//! header keeps three rows) and the keep chains followed here (a heading keeps
//! the atom after it, and that atom what it keeps, so no heading ends a column).

/// An atom as the flow sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Size {
    /// Height of the atom.
    pub height: f32,
    /// Space above it, dropped at the top of a region.
    pub gap_before: f32,
    /// How many of the following atoms must share its region.
    pub keep_next: usize,
    /// Height of a header drawn again above it when it starts a region (table rows).
    pub repeat_header: Option<f32>,
}

/// Where an atom went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    /// Index of the region.
    pub region: usize,
    /// Top of the atom within the region.
    pub top: f32,
    /// Whether the atom's header is drawn again above it (at the region's top).
    pub header_again: bool,
}

/// Flows `atoms` into regions of heights `region_height(0)`, `region_height(1)`, ...
/// An atom that does not fit in an empty region is placed anyway (it overruns):
/// nothing can be gained by moving it on.
pub(crate) fn flow(atoms: &[Size], region_height: impl Fn(usize) -> f32) -> Vec<Placed> {
    let mut placed = Vec::with_capacity(atoms.len());
    let mut region = 0;
    let mut y = 0.0f32;
    for i in 0..atoms.len() {
        let atom = atoms[i];
        let end = kept_until(atoms, i);
        let rest: f32 = atoms[i + 1..=end]
            .iter()
            .map(|a| a.gap_before + a.height)
            .sum();
        let gap = if y == 0.0 { 0.0 } else { atom.gap_before };
        let mut header_again = false;
        if y > 0.0 && y + gap + atom.height + rest > region_height(region) {
            region += 1;
            y = 0.0;
            if let Some(h) = atom.repeat_header {
                y = h;
                header_again = true;
            }
        }
        let top = if y == 0.0 { y } else { y + gap };
        placed.push(Placed {
            region,
            top,
            header_again,
        });
        y = top + atom.height;
    }
    placed
}

/// The last atom that must share a region with atom `i`: keeps chain, so a
/// heading keeping a table header keeps the rows that header keeps.
fn kept_until(atoms: &[Size], i: usize) -> usize {
    let mut end = i;
    let mut j = i;
    while j <= end && j < atoms.len() {
        end = end.max(j + atoms[j].keep_next);
        j += 1;
    }
    end.min(atoms.len() - 1)
}

/// How far each region is filled (the bottom of its last atom).
pub(crate) fn fill(atoms: &[Size], placed: &[Placed]) -> Vec<f32> {
    let mut fill: Vec<f32> = Vec::new();
    for (a, p) in atoms.iter().zip(placed) {
        if fill.len() <= p.region {
            fill.resize(p.region + 1, 0.0);
        }
        fill[p.region] = fill[p.region].max(p.top + a.height);
    }
    fill
}

/// The smallest column height between `low` and `high` at which `atoms` fit
/// in `columns` regions (so the columns of a page end level), or `None` when
/// they do not fit even at `high`.
pub(crate) fn balanced_height(atoms: &[Size], columns: usize, high: f32) -> Option<f32> {
    let fits = |h: f32| flow(atoms, |_| h).last().is_none_or(|p| p.region < columns);
    if !fits(high) {
        return None;
    }
    let total: f32 = atoms.iter().map(|a| a.gap_before + a.height).sum();
    let tallest = atoms.iter().map(|a| a.height).fold(0.0, f32::max);
    let mut low = (total / columns as f32).max(tallest).min(high);
    let mut high = high;
    if fits(low) {
        return Some(low);
    }
    for _ in 0..12 {
        let mid = (low + high) / 2.0;
        if fits(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    Some(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(height: f32) -> Size {
        Size {
            height,
            gap_before: 0.0,
            keep_next: 0,
            repeat_header: None,
        }
    }

    fn keeping(height: f32, keep_next: usize) -> Size {
        Size {
            keep_next,
            ..atom(height)
        }
    }

    #[test]
    fn atoms_fill_a_region_then_move_on() {
        let placed = flow(&[atom(40.0), atom(40.0), atom(40.0)], |_| 100.0);
        let regions: Vec<usize> = placed.iter().map(|p| p.region).collect();
        assert_eq!(regions, [0, 0, 1]);
        assert_eq!(placed[2].top, 0.0);
    }

    #[test]
    fn a_heading_never_ends_a_column() {
        // Body, then a heading that would fit at the foot, then its paragraph that would not.
        let atoms = [atom(80.0), keeping(10.0, 1), atom(20.0)];
        let placed = flow(&atoms, |_| 100.0);
        assert_eq!(placed[1].region, 1, "the heading moves with its paragraph");
        assert_eq!(placed[1].top, 0.0);
    }

    #[test]
    fn a_table_header_keeps_three_rows_or_moves_whole() {
        // Room at the foot for the header and two rows, not three.
        let row = Size {
            repeat_header: Some(10.0),
            ..atom(10.0)
        };
        let mut atoms = vec![atom(65.0), keeping(10.0, 3)];
        atoms.extend([row; 6]);
        let placed = flow(&atoms, |_| 100.0);
        assert!(
            placed[1..5].iter().all(|p| p.region == 1),
            "header and first three rows together: {placed:?}"
        );
        // With room for three rows the table starts at the foot and the rest
        // continues under a repeated header.
        let mut atoms = vec![atom(55.0), keeping(10.0, 3)];
        atoms.extend([row; 6]);
        let placed = flow(&atoms, |_| 100.0);
        let first: Vec<usize> = placed.iter().map(|p| p.region).collect();
        assert_eq!(first, [0, 0, 0, 0, 0, 1, 1, 1]);
        assert!(placed[5].header_again && placed[5].top == 10.0);
    }

    #[test]
    fn keeps_chain_from_a_heading_through_a_table_header() {
        let atoms = [
            atom(60.0),
            keeping(10.0, 1),
            keeping(10.0, 3),
            atom(10.0),
            atom(10.0),
            atom(10.0),
        ];
        assert_eq!(kept_until(&atoms, 1), 5);
        let placed = flow(&atoms, |_| 100.0);
        assert_eq!(placed[1].region, 1, "{placed:?}");
    }

    #[test]
    fn an_atom_taller_than_a_region_is_placed_not_looped() {
        let placed = flow(&[atom(30.0), atom(500.0), atom(10.0)], |_| 100.0);
        let regions: Vec<usize> = placed.iter().map(|p| p.region).collect();
        assert_eq!(regions, [0, 1, 2]);
    }

    #[test]
    fn balanced_columns_end_level() {
        let atoms = vec![atom(10.0); 20];
        let h = balanced_height(&atoms, 2, 400.0).expect("fits");
        assert!((100.0..=101.0).contains(&h), "{h}");
        assert_eq!(balanced_height(&atoms, 2, 90.0), None);
        let fills = fill(&atoms, &flow(&atoms, |_| h));
        assert_eq!(fills.len(), 2);
    }
}
