"""The calendar file's text rules (RFC 5545): escaping and folding, for any text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from readiness.plan.files import fold, ics_text


@given(st.text())
@example("a" * 200)
@example("é" * 80)
@example("\U0001F600" * 30)
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_line(line):
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def _unescape(value: str) -> str:
    """Read an iCalendar TEXT value back, refusing a bare separator or line break."""
    out, chars = [], iter(value)
    for char in chars:
        assert char not in ";,\r\n", f"bare {char!r}"
        if char == "\\":
            following = next(chars)
            out.append({"n": "\n", "N": "\n"}.get(following, following))
        else:
            out.append(char)
    return "".join(out)


@given(st.text())
@example("a\r\nEND:VEVENT")
@example("x;y,z\\")
def test_escaped_text_reads_back_as_the_text_without_its_control_characters(value):
    import re

    expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "",
                      value.replace("\r\n", "\n").replace("\r", "\n"))
    assert _unescape(ics_text(value)) == expected
