"""Plain-language readings generated from the figures: what a score means, when to be careful."""

from __future__ import annotations

from reports.texts import Labels

#: Below this many respondents the summary says the scores are a first indication only.
LOW_N = 30
#: Below this response rate the summary warns that respondents may not speak for everyone.
LOW_RESPONSE_RATE = 1 / 3
HIGH_DONT_KNOW = 0.15
STRONG_FROM = 70.0
WEAK_BELOW = 40.0


def dimension_reading(document: dict, dimension: dict, words: Labels) -> list[str]:
    """Two to four short sentences on what one dimension's figures mean."""
    score = dimension.get("score")
    if score is None:
        return []
    favourable = words.percent((dimension.get("favourable") or {}).get("share"))
    unfavourable = words.percent((dimension.get("unfavourable") or {}).get("share"))
    values = {"name": dimension["name"], "favourable": favourable,
              "unfavourable": unfavourable, "stage": dimension.get("stage_name", "")}
    if score >= STRONG_FROM:
        sentences = [words("reading_high", **values)]
    elif score < WEAK_BELOW or dimension.get("band") == "low":
        sentences = [words("reading_low", **values)]
    else:
        sentences = [words("reading_mid", **values)]
    if (document.get("barrier") or {}).get("id") == dimension["id"]:
        threshold = (document.get("rules") or {}).get("barrier_below", 55)
        sentences.append(words("reading_barrier", threshold=words.count(threshold)))
    dont_know = dimension.get("dont_know_share") or 0.0
    if dont_know >= HIGH_DONT_KNOW:
        sentences.append(words("reading_dont_know", dont_know=words.percent(dont_know)))
    weak = [f"“{item.get('text') or ''}”" for item in dimension.get("items") or []
            if item.get("weak")]
    if weak:
        sentences.append(words("reading_weak_items", items="; ".join(weak)))
    return sentences


def caveats(document: dict, words: Labels) -> list[str]:
    """Sentences warning the reader when n, the response rate or reliability is low."""
    found = []
    reliability = document.get("reliability") or {}
    n = document.get("n") or 0
    if reliability.get("low_n") or n < LOW_N:
        found.append(words("caveat_low_n"))
    rate = document.get("response_rate")
    if rate is not None and rate < LOW_RESPONSE_RATE:
        found.append(words("caveat_low_rate"))
    names = {d["id"]: d["name"] for d in document.get("dimensions") or []}
    printed = {d["id"]: (d.get("alpha") or {}).get("value")
               for d in document.get("dimensions") or []}
    low_alpha = [names.get(dimension_id, dimension_id)
                 for dimension_id in reliability.get("low_alpha") or []
                 # as printed in the appendix: an alpha of 0.699 reads 0.70, acceptable
                 if (value := printed.get(dimension_id)) is None or round(value, 2) < 0.70]
    if low_alpha:
        found.append(words("caveat_low_alpha", names=", ".join(low_alpha)))
    return found


def top_actions(document: dict, count: int = 3) -> list[dict]:
    """The first recommendations in the document's own ranking (the barrier's actions first,
    then by priority; see scoring.recommend)."""
    return list(document.get("recommendations") or [])[:count]
