"""The anonymity policy: every rule that decides what may be shown about a group of people.

Every output of results (pages, JSON, PDF, CSV, commands, live progress, a later wave's trend)
asks this module, and no other file defines a threshold except ``scoring.thresholds``, which
holds the three numbers and the two checks against them alone, so the models and console
can read them without numpy. The rules:

* **Thresholds.** A group is shown only with at least ``k`` people (``DEFAULT_K``, never below
  ``MIN_K``); open comments only once at least ``comment_k`` people wrote one
  (``DEFAULT_COMMENT_K``, never below ``k``). A whole result needs ``k`` respondents.
* **Cells.** For one segment question every option is a *cell*, and so is "not given":
  respondents who left the question blank, chose "prefer not to say" or gave a value the
  question does not offer. The not-given cell is never shown as a group, but its count is total
  minus the shown groups, so it is protected exactly like the others. Empty cells (n = 0) are
  released as 0: they describe nobody. They never count as protection for another cell.
* **Primary suppression**: a cell with 0 < n < k is hidden.
* **Secondary suppression**: the hidden cells of a question can always be summed as total minus
  the shown cells, so while the hidden set is a single cell or holds fewer than k people, the
  smallest shown non-empty cell is hidden too (ties: the earlier option).
* **Per dimension**: a shown group's score for one dimension is hidden when fewer than k of its
  members answered that dimension, and again secondarily (``hidden_scores``).
* **Nested groups across questions**: when one shown group lies inside another (all leaders
  are in one department, say), the outer group's score minus the inner one's describes the
  people in between; while they are 1 to k - 1, the inner score is withheld
  (``nested_withheld``).
* **Crossed groups** are shown only when every crossed cell is 0 or at least k (``crossed``).
* **Exports** show a segment value only where the results show its group, and every
  combination of values in a row is shared by 0 or at least k rows and lies neither inside
  nor around a shown group with 1 to k - 1 people in between (``export_segments``).
  Answers to custom single choice and several-choices questions count like about-you answers
  (a comms lead can ask "Which site do you work at?"): every combination of shown about-you
  values and shown choices is shared by 0 or at least k rows (``export_answers``). A net
  score and the statements are opinions, not facts known about a person, and stay out of the
  combinations; their answerers, like every custom question's, count per combination.
* **Progress** while a survey is open counts people, never answers, by the same cell rules, and
  nothing by group before k people answered (``progress_cells``).
* **Trend**: an earlier wave appears in a later wave's results only under its own threshold
  (``trend_released``); who may read it is the application's rule.

Because every shown non-empty cell then holds at least k people, subtracting any selection of
shown cells from the total leaves the hidden sum (≥ k) plus at least k more for each shown cell
left in: no single hidden cell, and no group of fewer than k hidden people, can be isolated.
What these rules cannot see is time: two releases of different sets of responses can be
subtracted. The application therefore releases one frozen set per assessment (see
``readiness.releases``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scoring.differencing import Undecided, combination, derivable, isolated
from scoring.dimensions import Scores
from scoring.index import weighted_index
from scoring.responses import NOT_GIVEN, Responses
from scoring.thresholds import DEFAULT_COMMENT_K as DEFAULT_COMMENT_K  # re-exported
from scoring.thresholds import DEFAULT_K as DEFAULT_K
from scoring.thresholds import MIN_K as MIN_K
from scoring.thresholds import comments_released as comments_released
from scoring.thresholds import result_released as result_released
from surveys import conditions
from surveys.model import Instrument
from surveys.questions.base import OptionsQuestion, Question

PRIMARY = "primary"
SECONDARY = "secondary"
#: Per dimension: who has a score for it, and who is behind each score the results release.
Released = tuple[np.ndarray, Sequence[np.ndarray]]


def trend_released(previous_n: int, previous_k: int, current_n: int, current_k: int) -> bool:
    """Whether a trend may compare two waves: each under its own threshold."""
    return result_released(previous_n, previous_k) and result_released(current_n, current_k)


@dataclass(frozen=True)
class Cell:
    """One segment option (or the not-given remainder) and whether its count may be shown."""

    key: str  #: option id, or NOT_GIVEN for the remainder
    n: int
    reason: str | None = None  #: None (shown), "primary" or "secondary"

    @property
    def suppressed(self) -> bool:
        return self.reason is not None


def count_cells(values: np.ndarray, option_ids: Sequence[str]) -> dict[str, int]:
    """Respondents per option, plus the not-given remainder under NOT_GIVEN (last)."""
    counts = {option: int(np.count_nonzero(values == option)) for option in option_ids}
    counts[NOT_GIVEN] = int(len(values) - sum(counts.values()))
    return counts


def suppress(counts: Mapping[str, int], k: int) -> dict[str, Cell]:
    """Apply primary and secondary suppression to the cells of one question (in their order)."""
    order = {key: position for position, key in enumerate(counts)}
    hidden = {key: PRIMARY for key, n in counts.items() if 0 < n < k}

    def needs_more() -> bool:
        hidden_people = sum(counts[key] for key in hidden)
        return bool(hidden) and (len(hidden) < 2 or hidden_people < k)

    while needs_more():
        shown_non_empty = [key for key, n in counts.items() if n > 0 and key not in hidden]
        if not shown_non_empty:
            # Everyone is hidden already; only possible when the whole question has < k people,
            # which the caller refuses to report at all.
            break
        smallest = min(shown_non_empty, key=lambda key: (counts[key], order[key]))
        hidden[smallest] = SECONDARY
    return {key: Cell(key, int(n), hidden.get(key)) for key, n in counts.items()}


def hidden_scores(answered: Mapping[str, int], k: int, hidden: set[str]) -> set[str]:
    """The cells whose score for one dimension must stay hidden, ``hidden`` (cells whose score
    is never shown: suppressed groups and the not-given remainder) included.

    ``answered`` counts, per cell, the people who have a score for the dimension. A group can
    be shown with n ≥ k while fewer than k of its members, or of everyone outside the shown
    groups, answered one dimension; the total's score for that dimension minus the shown
    groups' would then describe those few. So: a cell's score is hidden when 0 < answered < k,
    and while the hidden cells together hold 1 to k - 1 answers, the smallest shown one is
    hidden too (ties: the earlier cell).
    """
    order = {key: position for position, key in enumerate(answered)}
    hidden = set(hidden) | {key for key, n in answered.items() if 0 < n < k}
    while 0 < sum(answered[key] for key in hidden) < k:
        shown = [key for key, n in answered.items() if n > 0 and key not in hidden]
        if not shown:
            break
        hidden.add(min(shown, key=lambda key: (answered[key], order[key])))
    return hidden


@dataclass(frozen=True)
class CrossedCell:
    """Respondents with option ``a`` of the first question and option ``b`` of the second."""

    a: str
    b: str
    n: int
    index: float | None = None  #: only when scores were passed
    dimensions: dict[str, float | None] | None = None


@dataclass(frozen=True)
class Crossed:
    """Two segment questions at once: every cell released, or a refusal with its reason."""

    released: bool
    reason: str | None
    cells: tuple[CrossedCell, ...]  #: empty when refused


def crossed(
    responses: Responses,
    segment_a: str,
    segment_b: str,
    k: int,
    options_a: Sequence[str] | None = None,
    options_b: Sequence[str] | None = None,
    scores: Scores | None = None,
) -> Crossed:
    """Cross two segment questions; released only if every cell, not-given included, is 0 or ≥ k.

    Without option lists, the options are the values that occur in the responses. With
    ``scores`` (from ``score_dimensions`` on the same responses) each non-empty cell also
    carries its index and dimension scores, each withheld when fewer than k answered.
    """
    for segment in (segment_a, segment_b):
        if segment not in responses.segments:
            return Crossed(False, f"no answers to segment question {segment!r}", ())
    values_a = responses.segments[segment_a]
    values_b = responses.segments[segment_b]
    if responses.n < k:
        return Crossed(False, f"fewer than {k} respondents", ())
    keys_a = _keys(values_a, options_a)
    keys_b = _keys(values_b, options_b)
    in_a = _membership(values_a, keys_a)
    in_b = _membership(values_b, keys_b)
    # One matrix product counts every pair of options at once.
    table = in_a.T.astype(np.int64) @ in_b.astype(np.int64)
    small = (table > 0) & (table < k)
    if small.any():
        return Crossed(
            False,
            f"{int(small.sum())} crossed group(s) would hold fewer than {k} respondents",
            (),
        )
    cells = []
    for i, a in enumerate(keys_a):
        for j, b in enumerate(keys_b):
            n = int(table[i, j])
            if scores is None or n == 0:
                cells.append(CrossedCell(a, b, n))
                continue
            member = in_a[:, i] & in_b[:, j]
            values = scores.respondent_scores[member]
            answered = (~np.isnan(values)).sum(axis=0)
            totals = np.where(np.isnan(values), 0.0, values).sum(axis=0)
            dimension_scores = [
                float(totals[d] / answered[d]) if answered[d] >= k else None
                for d in range(len(scores.dimension_ids))
            ]
            cells.append(CrossedCell(
                a, b, n, weighted_index(dimension_scores, list(scores.weights)),
                dict(zip(scores.dimension_ids, dimension_scores, strict=True)),
            ))
    return Crossed(True, None, tuple(cells))


def _keys(values: np.ndarray, options: Sequence[str] | None) -> list[str]:
    """Option ids followed by NOT_GIVEN; unknown values fall into NOT_GIVEN."""
    if options is None:
        options = sorted(set(np.unique(values).tolist()) - {NOT_GIVEN})
    return [*options, NOT_GIVEN]


def _membership(values: np.ndarray, keys: list[str]) -> np.ndarray:
    """Bool (n, cells): which cell each respondent falls in; the last column is not given."""
    member = np.zeros((len(values), len(keys)), dtype=bool)
    for j, key in enumerate(keys[:-1]):
        member[:, j] = values == key
    member[:, -1] = ~member[:, :-1].any(axis=1)
    return member


def nested_withheld(
    cells: Mapping[str, np.ndarray], k: int, fixed: Collection[str] = (),
) -> set[str]:
    """The cells whose score must be withheld so that no combination of the shown cells (one
    minus another inside it, or any other) describes 1 to k - 1 people.

    ``cells`` maps each cell whose score would be shown to its members (a bool mask over the
    respondents who have that score); cells of every question, the total and the perception
    gap's groups together, for one score at a time. Of a pair, the inner cell goes, unless it is
    in ``fixed`` (the total), then the outer one. That rule chooses the cell in the common
    case; then any combination of the shown cells at all is tried (``_any_combination``: a
    group minus several groups of another question inside it, say), so that none is left
    that describes 1 to k - 1 people. Repeats until nothing is left to
    withhold. Then a withheld cell that the shown ones give anyway (the gap's "others" when
    managers and staff are shown, say) is shown after all: it tells nothing new
    (``differencing.derivable``).
    """
    sizes = {key: int(mask.sum()) for key, mask in cells.items()}
    hidden: set[str] = set()
    while True:
        shown = [key for key in cells if key not in hidden and sizes[key] > 0]
        found = None
        for outer in shown:
            for inner in shown:
                if inner == outer or sizes[inner] > sizes[outer]:
                    continue
                between = sizes[outer] - sizes[inner]
                if 0 < between < k and not (cells[inner] & ~cells[outer]).any():
                    found = outer if inner in fixed else inner
                    break
            if found is not None:
                break
        if found is None:
            found = _any_combination(cells, sizes, shown, k, fixed)
        if found is None:
            break
        hidden.add(found)
    published = [cells[key] for key in cells if key not in hidden and sizes[key] > 0]
    for key in sorted(hidden, key=lambda key: (-sizes[key], key)):  # the largest first
        if derivable(published, cells[key]):
            hidden.discard(key)
            published.append(cells[key])
    return hidden


def _any_combination(
    cells: Mapping[str, np.ndarray], sizes: Mapping[str, int], shown: Sequence[str], k: int,
    fixed: Collection[str],
) -> str | None:
    """A cell to withhold because some combination of the shown cells, adding and
    subtracting any of them, describes 1 to k - 1 people (``differencing.isolated``): with no
    one leaving the role question blank, a withheld "leaders" is the total minus "managers"
    minus "staff", and "client services" minus it the two staff there. The smallest cell the
    combination uses goes (the smallest shown cell when the search is too large to finish:
    ``differencing.Undecided``). None when no combination isolates anyone."""
    groups = [cells[key] for key in shown]
    try:
        people = isolated(groups, k)
    except Undecided:
        return min((key for key in shown if key not in fixed),
                   key=lambda key: (sizes[key], key), default=None)
    if people is None:
        return None
    used = [key for key, weight in zip(shown, combination(groups, people), strict=True)
            if weight]
    candidates = [key for key in used if key not in fixed] or used
    return min(candidates, key=lambda key: (sizes[key], key))


def progress_cells(values: np.ndarray, option_ids: Sequence[str], k: int) -> dict[str, Cell]:
    """Respondents per option while a survey is open: people who answered, never answers.

    Nothing is shown by group until k people answered in all (every cell then counts as
    hidden, reason "total"); after that the same primary and secondary suppression as results.
    """
    counts = count_cells(values, option_ids)
    if not result_released(len(values), k):
        return {key: Cell(key, n, "total") for key, n in counts.items()}
    return suppress(counts, k)


def export_segments(
    values: Sequence[Sequence[str]], options: Sequence[Sequence[str]], k: int,
    answered: np.ndarray | None = None, gap: tuple[int, str] | None = None,
    released: Sequence[Released] = (),
) -> list[list[str]]:
    """Segment values per row for an export, "" where a value must not be shown.

    ``values`` holds one row per respondent and one value per question ("" when not given);
    ``options`` the reportable option ids of each question. Three rules:

    1. A value is shown in every row that has it or in none, and only where the results show
       its group (``suppress``): an export and a results page can then never be subtracted
       from each other to isolate anyone. (Blanking a value in some rows only would let the
       group's published mean, minus the rows still showing it, describe the rest.)
    2. Every combination of shown values is shared by 0 or at least k rows, and, with
       ``answered`` (bool, rows × dimensions: the row answered some item of the dimension),
       by 0 or at least k rows that answered each dimension: the rows are the answers, so a
       group of five where two answered a dimension would show those two's answers to it,
       which the results withhold. Questions are taken in order; while adding one makes a
       combination rarer than that, its least common value is blanked everywhere, down to the
       whole question if need be. The combinations of the questions before it were safe, so
       this always ends safe.
    3. No combination lies inside a group whose score the results may show, or around one,
       with 1 to k - 1 answerers of a dimension in between (``_rare_combinations``): with all
       leaders in client services, "staff" minus the rows marked "operations" would be the
       two staff of client services. ``gap`` (the role question's column and its leader
       option) adds the perception gap's two groups. And with ``released`` (per dimension,
       who has a score and who is behind each score the results release:
       ``scoring.document.released_groups``), no combination of those scores and the rows'
       at all, added and subtracted in any way, describes 1 to k - 1 people
       (``differencing.isolated``): anyone can work out each row's score from its answers.
       Blanked as for rule 2.

    The caller exports nothing below k rows, so at worst every row is blank, one combination
    of at least k rows. ``export_answers`` applies the same rules to the about-you
    answers and the custom choice questions' answers together.
    """
    rows = _shown_segments(values, options, k)
    groups = _score_groups(rows, values, options, gap)
    _blank_rare(rows, [[column] for column in range(len(options))], k, lambda: answered,
                groups=groups, released=released)
    return rows


def _score_groups(
    shown: Sequence[Sequence[str]], values: Sequence[Sequence[str]],
    options: Sequence[Sequence[str]], gap: tuple[int, str] | None,
) -> list[np.ndarray]:
    """Who is behind each group score the results may show (rule 3), by what people answered:
    every about-you answer that rule 1 keeps, and with ``gap`` (the role question's column and
    its leader option) the perception gap's leaders and everyone else who gave a role."""
    groups = []
    for column in range(len(options)):
        kept = np.array([row[column] for row in shown], dtype=object).astype(str)
        groups += [kept == value for value in sorted(set(kept.tolist()) - {""})]
    if gap is not None and len(values):
        column, leader = gap
        given = np.array([row[column] for row in values], dtype=object).astype(str)
        groups.append(given == leader)
        groups.append(np.isin(given, [o for o in options[column] if o != leader]))
    return groups


def _shown_segments(
    values: Sequence[Sequence[str]], options: Sequence[Sequence[str]], k: int
) -> list[list[str]]:
    """Rule 1: each segment value only where the results show its group, in every row."""
    rows = [list(row) for row in values]
    for column, option_ids in enumerate(options):
        present = np.array([row[column] or NOT_GIVEN for row in rows], dtype=object).astype(str)
        cells = suppress(count_cells(present, option_ids), k)
        shown = {key for key, cell in cells.items() if not cell.suppressed and key != NOT_GIVEN}
        for row in rows:
            if row[column] not in shown:
                row[column] = ""
    return rows


def _blank_rare(
    rows: list[list[str]], blocks: Sequence[Sequence[int]], k: int,
    answered: Callable[[], np.ndarray | None],
    blanked: Callable[[int], None] | None = None, groups: Sequence[np.ndarray] = (),
    scored: int | None = None, released: Sequence[Released] = (),
) -> None:
    """Rule 2 in place: ``blocks`` are the columns of one question each, in order (a segment or
    single choice question has one, a several-choices question one per option). While the
    columns up to the end of a block hold a rare combination, the least common value of the
    block is blanked in every row that has it (preferring one that a rare combination holds,
    or that would join a rare combination of blank by going), down to the whole block.
    ``groups``, ``scored`` and ``released`` are rule 3's (``_rare_combinations``).
    ``blanked(block)`` is told after each blanking (it may blank what depended on the value in
    later blocks, and change what ``answered()`` returns, but only ever by taking away)."""
    for number, block in enumerate(blocks):
        start, end = block[0], block[-1] + 1
        while rare := _rare_combinations(rows, end, k, answered(), groups, scored, released):
            shared = Counter((column, row[column]) for row in rows for column in block
                             if row[column])
            if not shared:
                break  # only with fewer than k rows in all, which is never exported
            prefixes = {combo[:start] for combo in rare}
            involved = {(column, row[column]) for row in rows for column in block
                        if row[column] and tuple(row[:start]) in prefixes}
            column, least = min(involved or shared,
                                key=lambda value: (shared[value], value[1], value[0]))
            for row in rows:
                if row[column] == least:
                    row[column] = ""
            if blanked is not None:
                blanked(number)


def _rare_combinations(
    rows: list[list[str]], width: int, k: int, answered: np.ndarray | None,
    groups: Sequence[np.ndarray] = (), scored: int | None = None,
    released: Sequence[Released] = (),
) -> list[tuple[str, ...]]:
    """The combinations of the first ``width`` columns that rule 2 or rule 3 forbids.

    Rule 3 (nested groups): the rows of a combination are answers anyone can read one by one,
    so a group score of the results (``groups``: who is behind each, by what they answered)
    subtracted from them, or they from it, must not leave 1 to k - 1 people. All leaders sit
    in client services: the score of "staff" (8) minus the six rows marked "operations" is
    the two staff of client services. Checked per dimension (the first ``scored`` columns of
    ``answered``, all of them when None) over those who answered it, for every group with at
    least k answerers (a smaller one's score is never shown).

    Then, when nothing else is rare, every combination of the released scores (``released``)
    and the rows' scores: the combinations whose rows one that isolates 1 to k - 1 people
    uses are rare (``_isolating_rows``)."""
    keys = [tuple(row[:width]) for row in rows]
    combinations = Counter(keys)
    rare = {combo for combo, n in combinations.items() if n < k}
    if answered is not None and len(rows):
        for d in range(answered.shape[1]):
            counts = Counter(key for key, did in zip(keys, answered[:, d], strict=True) if did)
            rare.update(combo for combo, n in counts.items() if n < k)
    if groups and len(rows):
        order = sorted(combinations)
        index = {combo: i for i, combo in enumerate(order)}
        of_row = np.array([index[key] for key in keys])
        if answered is None:
            columns = [np.ones(len(rows), dtype=bool)]
        else:
            columns = [answered[:, d] for d in range(answered.shape[1] if scored is None
                                                     else min(scored, answered.shape[1]))]
        for did in columns:
            in_class = np.bincount(of_row, weights=did, minlength=len(order))
            for group in groups:
                members = did & group
                size = int(members.sum())
                if size < k:
                    continue
                inside = np.bincount(of_row, weights=members, minlength=len(order))
                # a combination inside the group, or the group inside a combination
                between = np.where(inside == in_class, size - in_class,
                                   np.where(inside == size, in_class - size, 0))
                rare.update(order[i] for i in np.flatnonzero((between > 0) & (between < k)))
                # every combination inside the group, subtracted together (all leaders and
                # managers in client services: "staff" minus the rows marked "operations" and
                # those marked "support" leaves client services' two staff)
                within = (inside == in_class) & (in_class > 0)
                left = size - int(in_class[within].sum())
                if 0 < left < k:
                    rare.update(order[i] for i in np.flatnonzero(within))
    if not rare and released and len(rows):
        rare.update(_isolating_rows(keys, k, released))
    return sorted(rare)


def _isolating_rows(
    keys: Sequence[tuple[str, ...]], k: int, released: Sequence[Released],
) -> set[tuple[str, ...]]:
    """The combinations whose rows some combination of the released scores and the rows'
    scores needs to describe 1 to k - 1 people; empty when none does. A combination's rows
    can be read one by one, so their scores' sum is known like a group's: with leaders
    withheld in client services, "operations" minus "under a year" plus the rows marked
    "support functions" was one operations leader.

    Only the released groups that cut through a combination (some of its rows inside, some
    outside: a value the file blanks) can tell anything the rows do not, and only about the
    combinations they cut: the others are left out of the search. When it is too large to
    finish (``differencing.Undecided``), every combination they cut counts as rare."""
    combinations = sorted(set(keys))
    index = {combo: i for i, combo in enumerate(combinations)}
    of_row = np.array([index[key] for key in keys])
    for scored, behind in released:
        whole = np.bincount(of_row, weights=scored, minlength=len(combinations))
        cut = np.zeros(len(combinations), dtype=bool)
        cutting = []
        for group in behind:
            inside = np.bincount(of_row, weights=group, minlength=len(combinations))
            through = (inside > 0) & (inside < whole)
            if through.any():
                cut |= through
                cutting.append(group)
        if not cutting:
            continue  # every released group is a union of rows: nothing new
        cut_ids = np.flatnonzero(cut)
        classes = [scored & (of_row == c) for c in cut_ids]
        everyone = np.logical_or.reduce(classes)
        sets = [*(group & everyone for group in cutting), *classes]
        try:
            people = isolated(sets, k)
        except Undecided:
            return {combinations[c] for c in cut_ids}
        if people is None:
            continue
        weights = combination(sets, people)[len(cutting):]
        used = {combinations[c] for c, weight in zip(cut_ids, weights, strict=True) if weight}
        # None used: the groups alone, less the rows lying wholly inside them, give the few;
        # blanking the rows they sit in changes what lies inside.
        return used or {combinations[c] for c, rows in zip(cut_ids, classes, strict=True)
                        if (people & rows).any()}
    return set()


def identifying_questions(instrument: Instrument) -> list[Question]:
    """The custom questions whose answers ``export_answers`` treats like about-you answers."""
    return [question for question in instrument.questions if question.identifying]


def export_answers(
    instrument: Instrument,
    values: Sequence[Sequence[str]], options: Sequence[Sequence[str]],
    answers: Sequence[Mapping[str, Any]], k: int, answered: np.ndarray | None = None,
    gap: tuple[int, str] | None = None, released: Sequence[Released] = (),
) -> tuple[list[list[str]], list[dict[str, Any]]]:
    """Segment values and custom answers per row for an export, with what must not be shown
    left out: ``export_segments``' two rules over the about-you answers and the custom
    questions' identifying answers together (``released`` as there).

    ``answers`` holds each row's custom answers as the results release them (every answer and
    chosen option whose count the results hide already left out, conditions applied:
    ``readiness.exports.released_answers``), ``answered`` the rows × dimensions of the
    statements. Why custom answers count: a comms lead writes the custom questions and may
    ask a fact they know about people ("Which site do you work at?", "Which tools do you
    use?"). Department X (5 rows) × site A could then be one row, which they can pin on
    someone, and that row shows all of that person's answers. So a single choice or
    several-choices question (``identifying``) adds its columns to the combinations of rule 2:
    every combination of shown about-you values and shown choices is shared by 0 or at least
    k rows, and by 0 or at least k rows that answered each dimension and each custom question.
    A net score (0-10) and the statements are opinions, not facts that someone knows about a
    person; they stay out of the combinations (their answerers still count, as a
    dimension's do).

    Units. A single choice (with "don't know") is one column of values. A several-choices
    question is one yes-or-blank column per option, not the chosen set as one value: the
    combinations are the same (the shown options of a row are its set), but what gets blanked
    is one option in every row that chose it, exactly as the results hide an option
    (``choices_hidden``) and as rule 1 asks (an option is shown in every row that has it or
    in none); blanking whole sets would show an option in some of its rows only, and lose
    every other choice of those rows with it. A row left without any shown option is blank
    for the question, as a row whose every choice the results hide is.

    Conditions: when an answer goes, whatever was asked only because of it goes too
    (``surveys.conditions.only_asked``), so that the file still imports; that only takes
    answers away, from questions later in the survey, so each question's combinations stay
    safe once settled: blanking a question's every value brings back the combinations before
    it, and takes every answer that depended on it (a follow-up's answerers drop to 0).
    Returns the segment values and each row's custom answers to write.
    """
    rows = [dict(row) for row in answers]
    width = len(options)
    table = _shown_segments(values, options, k)
    groups = _score_groups(table, values, options, gap)
    questions = identifying_questions(instrument)
    columns: list[tuple[Question, str | None]] = []  # (question, option of several choices)
    blocks: list[list[int]] = [[column] for column in range(width)]
    for question in questions:
        units: list[str | None] = [None]
        if question.scored_as == "choices" and isinstance(question, OptionsQuestion):
            units = list(question.option_ids())
        blocks.append(list(range(width + len(columns), width + len(columns) + len(units))))
        columns += [(question, unit) for unit in units]
    triggers = {condition.question
                for condition in (*(page.show_if for page in instrument.pages),
                                  *(question.show_if for question in instrument.questions))
                if condition is not None}

    def write(i: int) -> None:
        row = table[i]
        del row[width:]
        for question, unit in columns:
            value = rows[i].get(question.id)
            if unit is not None:
                row.append(unit if value and unit in value else "")
            else:
                row.append("" if value is None else question.to_cell(value))

    for i in range(len(table)):
        write(i)
    everyone = [question.id for question in instrument.questions]

    def flags() -> np.ndarray | None:
        custom = np.array([[question in row for question in everyone] for row in rows],
                          dtype=bool).reshape(len(rows), len(everyone))
        return custom if answered is None else np.hstack([answered, custom])

    def blanked(block: int) -> None:
        if block < width:
            return
        question = questions[block - width]
        at = [column for column, (found, _) in enumerate(columns) if found is question]
        for i, row in enumerate(rows):
            if question.id not in row:
                continue
            cells = [table[i][width + column] for column in at]
            if not any(cells):
                del row[question.id]
            elif columns[at[0]][1] is not None:  # one column per option
                row[question.id] = [cell for cell in cells if cell]
            if question.id in triggers:
                rows[i] = conditions.only_asked(instrument, row)
                write(i)

    _blank_rare(table, blocks, k, flags, blanked, groups=groups,
                scored=0 if answered is None else answered.shape[1], released=released)
    return [row[:width] for row in table], rows


# ---------------------------------------------------------------- custom questions' answers

#: Why an option of a several-choices question is hidden (besides PRIMARY and SECONDARY).
COMPLEMENT = "complement"
NESTED = "nested"


#: Why a question's "not asked" count is hidden: the results do not show how many met its
#: condition, and "not asked" would tell.
CONDITION = "condition"


def question_cells(
    counts: Mapping[str, int], k: int, not_asked: str | None = None,
    asked_known: bool = True,
) -> dict[str, Cell]:
    """Who answered a custom question, who said "don't know", who skipped it and who was not
    asked (its condition was not met): cells of one partition of all respondents, shown by
    the same primary and secondary suppression as a segment question's groups.

    ``not_asked`` names that cell for a conditional question. Its people are everyone but
    those whose earlier answers met the condition, so:

    * ``asked_known``: the results already tell how many met it (their "yes" is shown, or is
      the hidden remainder of "yes" and "no", so answered minus the shown outcomes). Hiding
      "not asked" then protects nothing (32 said "yes"; 30 answered here and "don't know" is
      0: hiding "skipped" = 2 and "not asked" = 8 with it still leaves 32 - 30 - 0 = 2). The
      cells of those asked are suppressed as a partition of their own, whose total is known,
      and "not asked" is shown: everyone but a shown group or a hidden remainder, 0 or >= k.
    * otherwise "not asked" is hidden whatever its size (else "yes" = 3, hidden there, would
      be total minus "not asked" here), and so are at least two cells of those asked, with at
      least k people together: one so that answered + don't know + skipped do not add up to
      the number asked, a second because that number may still be worked out in ways the
      results do not see (two conditions together, a net score's values in the export), and
      then one hidden cell alone would be asked minus the shown ones.
    """
    if not_asked is None or counts.get(not_asked, 0) == 0:
        return suppress(counts, k)
    asked = {key: n for key, n in counts.items() if key != not_asked}
    if asked_known:
        cells = suppress(asked, k)
        return {key: cells.get(key, Cell(key, int(n))) for key, n in counts.items()}
    order = {key: position for position, key in enumerate(asked)}
    hidden = {key: PRIMARY for key, n in asked.items() if 0 < n < k}
    while len(hidden) < 2 or sum(asked[key] for key in hidden) < k:
        shown = [key for key, n in asked.items() if n > 0 and key not in hidden]
        if not shown:
            break
        hidden[min(shown, key=lambda key: (asked[key], order[key]))] = SECONDARY
    hidden[not_asked] = CONDITION
    return {key: Cell(key, int(n), hidden.get(key)) for key, n in counts.items()}


def choice_cells(counts: Mapping[str, int], k: int) -> dict[str, Cell]:
    """The answers to a one-answer question (or a net score's promoters, passives and
    detractors), among those who answered, whose total is shown: the same suppression."""
    return suppress(counts, k)


def net_score_released(categories: Mapping[str, Cell]) -> bool:
    """Whether a net score may be shown: only when promoters, passives and detractors all
    are. The score and the answerers' count fix two of the three counts, and near ±100 the
    score alone tells that 1..k - 1 people answered otherwise."""
    return not any(cell.suppressed for cell in categories.values())


def choices_hidden(chosen: Mapping[str, np.ndarray], k: int) -> dict[str, str]:
    """Options of a several-choices question whose count must stay hidden, with the reason.

    ``chosen`` maps each option to a bool mask over the people who answered the question (the
    answerers' count is shown). An option's count, and its share, is hidden when

    * 1..k - 1 people chose it (``primary``);
    * 1..k - 1 answerers did not choose it: the shown total minus the count describes them
      (``complement``);
    * it lies inside another shown option, or inside the answerers, by 1..k - 1 people
      (``nested``, ``anonymity.nested_withheld``: everyone who chose B also chose A);
    * the shown options together leave 1..k - 1 answerers out (``secondary``; the smallest
      shown goes): when they are disjoint their sum counts those, and in any case the export,
      which carries each row's shown options, marks them as the rows with none (they would
      be the few who chose only hidden options, with all their other answers).
    """
    total = next(iter(chosen.values())).size if chosen else 0
    hidden: dict[str, str] = {}
    for option, mask in chosen.items():
        n = int(mask.sum())
        if 0 < n < k:
            hidden[option] = PRIMARY
        elif 0 < total - n < k:
            hidden[option] = COMPLEMENT
    everyone = np.ones(total, dtype=bool)
    cells = {"answered": everyone} | {o: m for o, m in chosen.items() if o not in hidden}
    for option in nested_withheld(cells, k, fixed={"answered"}):
        hidden[option] = NESTED
    while True:
        shown = [o for o in chosen if o not in hidden and chosen[o].any()]
        if not shown:
            return hidden
        masks = np.array([chosen[o] for o in shown])
        left_out = total - int(masks.any(axis=0).sum())
        if not 0 < left_out < k:
            return hidden
        hidden[min(shown, key=lambda o: (int(chosen[o].sum()), shown.index(o)))] = SECONDARY
