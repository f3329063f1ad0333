"""What any combination of published group scores can tell about fewer than k people.

A group's mean and its size give the sum of its members' scores, so whoever reads the results
holds one sum per shown group and can add and subtract them at will: every *linear
combination* of the groups' sums is known to them. Pairwise rules ("this group minus that one
inside it") catch the common cases but not all: with no one leaving the role question blank,
a withheld "leaders" score is the total minus "managers" minus "staff", and "client services"
minus that leaders' score is client services' two staff.

`isolated` answers the question exactly. People who belong to the same shown groups can never
be told apart, so they form one *atom*; a combination isolates a set of atoms S when it equals
1 on S and 0 elsewhere. Such a combination exists only inside the combinations that are 0 on
every atom of k or more people, and those form a small space; in its reduced row echelon form
each vector is fixed by its values at the pivot atoms, which for a 0/1 vector are 0 or 1
themselves, so trying every set of pivot atoms holding fewer than k people together finds
every isolated set there is. That search is bounded (``budget`` sets): past it, `isolated`
raises `Undecided`, and the caller withholds as if a set had been found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations
from math import comb

import numpy as np

_TOLERANCE = 1e-7
#: Sets of pivot atoms tried before giving up (about 0.2 s).
BUDGET = 200_000


class Undecided(RuntimeError):
    """The search ran past its budget without deciding: treat it as if a set was found."""


def isolated(groups: Sequence[np.ndarray], k: int, budget: int | None = None) -> np.ndarray | None:
    """People (a bool mask) numbering 1 to k - 1 whose scores' sum some linear combination
    of the ``groups``' sums gives, or None when there are none; `Undecided` when more than
    ``budget`` sets (default `BUDGET`) would have to be tried.

    ``groups`` are bool masks over the same people: who stands behind each shown score.
    """
    if not len(groups):
        return None
    membership = np.asarray(groups, dtype=bool)  # groups × people
    atoms, of_person, sizes = _atoms(membership)
    small = sizes < k
    if not small.any():
        return None
    large_first = np.concatenate([np.flatnonzero(~small), np.flatnonzero(small)])
    reduced, pivots = _row_echelon(atoms[large_first].T.astype(float))
    n_large = int((~small).sum())
    # rows whose pivot is a small atom are 0 on every large atom, and span all such vectors
    rows = [row for row, pivot in enumerate(pivots) if pivot >= n_large]
    if not rows:
        return None
    space = reduced[rows][:, n_large:]
    pivot_atoms = [pivots[row] - n_large for row in rows]
    small_sizes = sizes[large_first[n_large:]]
    # Most candidates fail on a few atoms: try each on the 64 atoms the space touches most,
    # then the few that pass on every atom; in slices of about 4 MB of floats.
    probe = np.argsort(-np.count_nonzero(np.abs(space) > _TOLERANCE, axis=0),
                       kind="stable")[:64]
    step = max(1, 500_000 // len(probe))
    for subsets in _subsets_under(small_sizes[pivot_atoms], k,
                                  BUDGET if budget is None else budget):
        for start in range(0, len(subsets), step):
            batch = subsets[start:start + step]
            sample = space[:, probe][batch].sum(axis=1)
            passing = batch[(_binary(sample)).all(axis=1)]
            if not len(passing):
                continue
            vectors = space[passing].sum(axis=1)  # a combination a row
            ones = np.abs(vectors - 1) < _TOLERANCE
            mass = ones.astype(np.int64) @ small_sizes.astype(np.int64)
            found = np.flatnonzero(_binary(vectors).all(axis=1) & (mass > 0) & (mass < k))
            if found.size:
                atom_ids = large_first[n_large:][ones[found[0]]]
                return np.isin(of_person, atom_ids)
    return None


def _binary(values: np.ndarray) -> np.ndarray:
    """Which entries are 0 or 1 (up to rounding)."""
    return (np.abs(values) < _TOLERANCE) | (np.abs(values - 1) < _TOLERANCE)


def derivable(groups: Sequence[np.ndarray], group: np.ndarray) -> bool:
    """Whether ``group``'s sum is a linear combination of the ``groups``' sums: showing it then
    tells nothing the others do not."""
    if not group.any():
        return True
    if not len(groups):
        return False
    atoms, _, _ = _atoms(np.asarray([*groups, group], dtype=bool))
    matrix = atoms.T.astype(float)  # groups × atoms
    return bool(np.linalg.matrix_rank(matrix[:-1]) == np.linalg.matrix_rank(matrix))


def combination(groups: Sequence[np.ndarray], people: np.ndarray) -> np.ndarray:
    """Coefficients, one per group, of a combination of the groups giving exactly ``people``
    (as found by `isolated`): the groups with a coefficient other than 0 are the ones it uses."""
    membership = np.asarray(groups, dtype=float)
    coefficients, *_ = np.linalg.lstsq(membership.T, people.astype(float), rcond=None)
    coefficients[np.abs(coefficients) < _TOLERANCE] = 0.0
    return coefficients


def _atoms(membership: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct columns of ``membership`` that put someone in at least one group (atoms ×
    groups), each person's atom (-1 when in no group), and each atom's size."""
    packed = np.packbits(membership.T, axis=1)  # people × bytes: one key per person
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, of_person, sizes = np.unique(keys, return_index=True, return_inverse=True,
                                           return_counts=True)
    atoms = membership.T[first]
    in_none = np.logical_not(atoms.any(axis=1))
    if in_none.any():  # people in no shown group: no combination can reach them
        of_person = np.where(in_none[of_person], -1, of_person)
        sizes = np.where(in_none, np.iinfo(np.int64).max, sizes)
    return atoms, of_person.ravel(), sizes


def _row_echelon(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form (Gauss–Jordan, largest pivot first) and the pivot columns."""
    reduced = matrix.copy()
    pivots: list[int] = []
    row = 0
    for column in range(reduced.shape[1]):
        if row == reduced.shape[0]:
            break
        best = row + int(np.argmax(np.abs(reduced[row:, column])))
        if abs(reduced[best, column]) < _TOLERANCE:
            continue
        reduced[[row, best]] = reduced[[best, row]]
        reduced[row] /= reduced[row, column]
        others = np.arange(reduced.shape[0]) != row
        reduced[others] -= np.outer(reduced[others, column], reduced[row])
        pivots.append(column)
        row += 1
    return reduced[:row], pivots


def _subsets_under(sizes: np.ndarray, k: int, budget: int) -> Iterator[np.ndarray]:
    """Every non-empty set of positions whose sizes add up to less than k, as arrays (one set
    of positions a row), the smallest sets first; `Undecided` past ``budget`` sets."""
    tried = 0
    for count in range(1, min(k - 1, len(sizes)) + 1):
        # each of the others holds at least one person
        fits = np.flatnonzero(sizes <= k - count)
        tried += comb(len(fits), count)
        if tried > budget:
            raise Undecided(f"more than {budget} sets of people to try")
        if len(fits) < count:
            return
        chosen = fits[np.array(list(combinations(range(len(fits)), count)), dtype=np.intp)]
        yield chosen[sizes[chosen].sum(axis=1) < k]
