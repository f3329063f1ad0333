"""Right-to-left runs put into visual order, since neither reportlab nor matplotlib does it.

This is a small subset of the Unicode bidirectional algorithm for left-to-right documents:
each run of right-to-left text (with the spaces, punctuation and numbers inside it) is
reversed, numbers keep their own order and paired brackets are mirrored. Unlike the full
algorithm, numbers after the last right-to-left letter stay outside the run. Arabic letters are
not joined; the text stays readable and extracts in logical order.
"""

from __future__ import annotations

import unicodedata

_RTL = {"R", "AL"}
_NUMBER = {"EN", "AN"}
_NUMBER_JOINERS = {"CS", "ES", "ET"}
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def visual_order(text: str) -> str:
    """Return ``text`` with every right-to-left run reversed for left-to-right drawing."""
    if not any(unicodedata.bidirectional(char) in _RTL for char in text):
        return text
    return "\n".join(_visual_line(line) for line in text.split("\n"))


def _visual_line(line: str) -> str:
    classes = [unicodedata.bidirectional(char) for char in line]
    out: list[str] = []
    position = 0
    while position < len(line):
        if classes[position] not in _RTL:
            out.append(line[position])
            position += 1
            continue
        end = position
        last_rtl = position
        while end < len(line) and classes[end] != "L":
            if classes[end] in _RTL:
                last_rtl = end
            end += 1
        out.append(_reverse_run(line[position : last_rtl + 1]))
        position = last_rtl + 1
    return "".join(out)


def _reverse_run(run: str) -> str:
    """Reverse a right-to-left run, keeping digit groups in reading order."""
    pieces: list[str] = []
    index = 0
    while index < len(run):
        bidi_class = unicodedata.bidirectional(run[index])
        if bidi_class in _NUMBER:
            end = index + 1
            while end < len(run) and (
                unicodedata.bidirectional(run[end]) in _NUMBER
                or (
                    unicodedata.bidirectional(run[end]) in _NUMBER_JOINERS
                    and end + 1 < len(run)
                    and unicodedata.bidirectional(run[end + 1]) in _NUMBER
                )
            ):
                end += 1
            pieces.append(run[index:end])
            index = end
        else:
            pieces.append(run[index].translate(_MIRROR))
            index += 1
    return "".join(reversed(pieces))
