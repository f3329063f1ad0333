"""The recommendation library: a data file of actions, the rules that select them, and the
order in which they build on each other (a follow-up comes only after one of its prerequisites).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from surveys.model import Texts

LIBRARY_DIR = Path(__file__).parent / "library"
LEVELS = ("low", "medium", "high")
HORIZONS = (30, 60, 90)
#: Recommendation bands of a dimension score: low < 40, mid 40–69, high ≥ 70.
RECOMMENDATION_BANDS = ("low", "mid", "high")
SIGNALS = ("dont_know", "weak_item")
WHY_KEYS = ("dimension", "sector", "dont_know", "weak_item", "weak_item_reverse")
#: Needed only by a library with follow-ups: why a follow-up was chosen.
FOLLOW_UP_WHY = "follow_up"


class LibraryError(ValueError):
    """A recommendation library file that cannot be used; the message names file and entry."""


@dataclass(frozen=True)
class Action:
    """One concrete action and the rule that selects it.

    A rooted action has exactly one trigger (band, sectors or signal). A follow-up has none: it
    names the actions it builds on in ``after`` and is chosen only when one of them is, later.
    """

    id: str
    dimension: str  #: the dimension it serves; its weight and score set the priority
    title: Texts
    action: Texts
    effort: str
    impact: str
    horizon: int
    band: str | None = None  #: fires when the dimension is in this recommendation band
    sectors: tuple[str, ...] = ()  #: fires for an assessment in one of these sectors
    signal: str | None = None  #: "dont_know" or "weak_item"
    items: tuple[str, ...] = ()  #: for "weak_item": the items watched
    threshold: float | None = None  #: don't-know share reached, or item score (0–100) below
    after: tuple[str, ...] = ()  #: a follow-up's prerequisites: chosen only after one of these
    for_sectors: tuple[str, ...] = ()  #: if set, offered only to organisations in these sectors

    @property
    def is_follow_up(self) -> bool:
        return bool(self.after)


@dataclass(frozen=True)
class Library:
    id: str
    languages: tuple[str, ...]
    target: float  #: priority = weight × max(0, target - score)
    why: dict[str, Texts]  #: sentence templates per trigger kind
    actions: tuple[Action, ...]
    source: str


def recommendation_band(score: float) -> str:
    """low below 40, mid from 40 to under 70, high from 70."""
    if score < 40:
        return "low"
    if score < 70:
        return "mid"
    return "high"


@cache
def load_library(name: str) -> Library:
    """Load and validate ``scoring/library/<name>.toml`` (or a path to a TOML file)."""
    path = Path(name) if name.endswith(".toml") else LIBRARY_DIR / f"{name}.toml"
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise LibraryError(f"{path}: no such recommendation library") from None
    except tomllib.TOMLDecodeError as error:
        raise LibraryError(f"{path}: not valid TOML: {error}") from None
    return parse_library(data, str(path))


def parse_library(data: dict[str, Any], source: str) -> Library:
    """Check every entry of a parsed library file and build the Library."""
    meta = data.get("library")
    if not isinstance(meta, dict):
        raise LibraryError(f"{source}: missing [library] table")
    languages = tuple(meta.get("languages", ()))
    if not languages or not all(isinstance(lang, str) for lang in languages):
        raise LibraryError(f"{source}: [library] languages must list language codes")
    target = meta.get("target", 70)
    if not isinstance(target, int | float) or not 0 < target <= 100:
        raise LibraryError(f"{source}: [library] target must be a number in (0, 100]")
    why = data.get("why", {})
    for key in WHY_KEYS:
        _check_texts(why.get(key), languages, f"{source}: [why] {key}")
    actions = []
    seen: set[str] = set()
    for position, entry in enumerate(data.get("action", []), start=1):
        action = _parse_action(entry, languages, f"{source}: action #{position}")
        if action.id in seen:
            raise LibraryError(f"{source}: action {action.id!r}: duplicate id")
        seen.add(action.id)
        actions.append(action)
    if not actions:
        raise LibraryError(f"{source}: no [[action]] entries")
    _check_follow_ups(actions, source)
    why_keys: tuple[str, ...] = WHY_KEYS
    if any(action.is_follow_up for action in actions):
        _check_texts(why.get(FOLLOW_UP_WHY), languages, f"{source}: [why] {FOLLOW_UP_WHY}")
        why_keys += (FOLLOW_UP_WHY,)
    return Library(str(meta.get("id", Path(source).stem)), languages, float(target),
                   {key: dict(why[key]) for key in why_keys}, tuple(actions), source)


def _check_follow_ups(actions: list[Action], source: str) -> None:
    """Every prerequisite exists, no chain loops back, and each comes in an earlier horizon."""
    by_id = {action.id: action for action in actions}
    for action in actions:
        for prerequisite in action.after:
            if prerequisite not in by_id:
                raise LibraryError(f"{source}: action {action.id!r}: after names an unknown "
                                   f"action {prerequisite!r}")
    for action in actions:
        _no_cycle(action, by_id, [action.id], source)
    for action in actions:
        for prerequisite in action.after:
            if by_id[prerequisite].horizon >= action.horizon:
                raise LibraryError(
                    f"{source}: action {action.id!r}: a follow-up's horizon ({action.horizon}) "
                    f"must be later than that of {prerequisite!r} "
                    f"({by_id[prerequisite].horizon})")


def _no_cycle(action: Action, by_id: dict[str, Action], path: list[str], source: str) -> None:
    for prerequisite in action.after:
        if prerequisite in path:
            loop = " -> ".join([*path, prerequisite])
            raise LibraryError(f"{source}: action {path[0]!r}: follow-ups form a cycle ({loop})")
        _no_cycle(by_id[prerequisite], by_id, [*path, prerequisite], source)


def _parse_action(entry: Any, languages: tuple[str, ...], where: str) -> Action:
    if not isinstance(entry, dict):
        raise LibraryError(f"{where}: must be a table")
    action_id = entry.get("id")
    if not isinstance(action_id, str) or not action_id:
        raise LibraryError(f"{where}: needs an id")
    where = f"{where.rsplit(':', 1)[0]}: action {action_id!r}"
    known = {"id", "dimension", "title", "action", "effort", "impact", "horizon", "band",
             "sectors", "signal", "items", "threshold", "after", "for_sectors"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise LibraryError(f"{where}: unknown key(s) {', '.join(unknown)}")
    if not isinstance(entry.get("dimension"), str):
        raise LibraryError(f"{where}: needs a dimension")
    _check_texts(entry.get("title"), languages, f"{where}: title")
    _check_texts(entry.get("action"), languages, f"{where}: action")
    for key in ("effort", "impact"):
        if entry.get(key) not in LEVELS:
            raise LibraryError(f"{where}: {key} must be one of {', '.join(LEVELS)}")
    if entry.get("horizon") not in HORIZONS:
        raise LibraryError(f"{where}: horizon must be 30, 60 or 90")
    after = entry.get("after", [])
    if not isinstance(after, list) or not all(isinstance(a, str) and a for a in after):
        raise LibraryError(f"{where}: after must be a list of action ids")
    triggers = [key for key in ("band", "sectors", "signal") if key in entry]
    if after and triggers:
        raise LibraryError(f"{where}: a follow-up (after) takes no band, sectors or signal")
    if not after and len(triggers) != 1:
        raise LibraryError(f"{where}: needs exactly one of band, sectors or signal")
    for_sectors = entry.get("for_sectors", [])
    if not isinstance(for_sectors, list) or not all(isinstance(s, str) and s
                                                    for s in for_sectors):
        raise LibraryError(f"{where}: for_sectors must be a list of sector names")
    if "band" in entry and entry["band"] not in RECOMMENDATION_BANDS:
        raise LibraryError(f"{where}: band must be low, mid or high")
    sectors = entry.get("sectors", [])
    if not isinstance(sectors, list) or not all(isinstance(s, str) for s in sectors):
        raise LibraryError(f"{where}: sectors must be a list of sector names")
    if "sectors" in entry and not sectors:
        raise LibraryError(f"{where}: sectors must not be empty")
    signal = entry.get("signal")
    if signal is not None:
        if signal not in SIGNALS:
            raise LibraryError(f"{where}: signal must be one of {', '.join(SIGNALS)}")
        if not isinstance(entry.get("threshold"), int | float):
            raise LibraryError(f"{where}: a signal needs a numeric threshold")
        if signal == "weak_item" and not entry.get("items"):
            raise LibraryError(f"{where}: a weak_item signal needs items")
    return Action(
        id=action_id,
        dimension=entry["dimension"],
        title=dict(entry["title"]),
        action=dict(entry["action"]),
        effort=entry["effort"],
        impact=entry["impact"],
        horizon=int(entry["horizon"]),
        band=entry.get("band"),
        sectors=tuple(sectors),
        signal=signal,
        items=tuple(entry.get("items", ())),
        threshold=float(entry["threshold"]) if "threshold" in entry else None,
        after=tuple(after),
        for_sectors=tuple(for_sectors),
    )


def _check_texts(texts: Any, languages: tuple[str, ...], where: str) -> None:
    if not isinstance(texts, dict):
        raise LibraryError(f"{where}: needs a text per language ({', '.join(languages)})")
    missing = [lang for lang in languages if not isinstance(texts.get(lang), str)
               or not texts[lang].strip()]
    if missing:
        raise LibraryError(f"{where}: missing text for {', '.join(missing)}")
