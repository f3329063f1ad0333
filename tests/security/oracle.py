"""The attacker's arithmetic, done by brute force: which sets of people some combination of
released sums isolates.

Whoever reads released scores knows, per score, the sum over the people behind it, and can add
and subtract those sums at will. Independent of ``scoring.differencing`` on purpose (a test that
shares the code it checks cannot catch its mistakes): here every set of few people is tried,
and a set is isolated when its indicator lies in the span of the released sets, i.e. is
orthogonal to the null space of the people-by-set matrix (from an SVD, not an echelon form).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Hashable, Sequence

import numpy as np


def isolated_few(sets: Sequence[Collection[Hashable]], k: int) -> frozenset | None:
    """A set of 1 to k - 1 people whose sum a combination of ``sets``' sums gives, or None."""
    people = sorted({person for members in sets for person in members}, key=repr)
    if not people:
        return None
    where = {person: i for i, person in enumerate(people)}
    matrix = np.zeros((len(sets), len(people)))
    for row, members in enumerate(sets):
        matrix[row, [where[p] for p in members]] = 1.0
    atoms: dict[tuple, list] = {}
    for i, person in enumerate(people):
        atoms.setdefault(tuple(matrix[:, i]), []).append(person)
    patterns = list(atoms)
    by_atom = np.array(patterns).T  # sets × atoms
    _, singular, right = np.linalg.svd(by_atom)
    rank = int((singular > 1e-9).sum())
    null = right[rank:].T  # atoms × nullity: a set is isolated iff its rows add up to 0
    sizes = [len(atoms[p]) for p in patterns]
    small = [i for i, size in enumerate(sizes) if size < k]
    for count in range(1, k):
        for chosen in itertools.combinations(small, count):
            if sum(sizes[i] for i in chosen) >= k:
                continue
            if null.shape[1] == 0 or np.abs(null[list(chosen)].sum(axis=0)).max() < 1e-8:
                return frozenset(p for i in chosen for p in atoms[patterns[i]])
    return None
