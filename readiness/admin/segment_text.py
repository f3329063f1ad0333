"""Segment questions written as plain text, one option per line, and read back.

The format, in the assessment's first language with optional translations::

    department: Which area do you work in? | de: In welchem Bereich arbeiten Sie?
    - sales: Sales | de: Vertrieb = 40
    - operations: Operations = 120

A line without a leading ``-`` starts a question; ``-`` lines are its options. The ``id:``
prefix is optional (it is made from the text when left out), ``| xx: text`` adds the text in
language ``xx``, and a trailing ``= 40`` is the number of people in that option, used only to
warn about small groups. A question whose options are leader, manager and staff is the role
level question that drives the perception gap. Lines starting with ``#`` are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from surveys.model import PREFER_NOT_TO_SAY, SegmentQuestion

ROLE_LEVEL_OPTIONS = {"leader", "manager", "staff"}
_ID = re.compile(r"^([a-z][a-z0-9_]{0,39}):\s+(.*)$")
_HEADCOUNT = re.compile(r"\s=\s*(\d+)\s*$")
_TRANSLATION = re.compile(r"^([a-z]{2,3}(?:-[A-Za-z]{2})?):\s*(.+)$")


class SegmentTextError(ValueError):
    """The text cannot be read; ``problems`` name each line and what is wrong."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass
class ParsedSegments:
    questions: list[dict]  #: as ``surveys.loader.with_segments`` expects them
    headcounts: dict[str, dict[str, int]]  #: {question id: {option id: people}}


def slugify(text: str) -> str:
    """A plain id made from a label: lowercase ASCII letters, digits and underscores."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"s_{slug}".rstrip("_")
    return slug[:40].rstrip("_")


def _texts(body: str, default_language: str, line_no: int, problems: list[str]) -> dict:
    first, *others = [part.strip() for part in body.split(" | ")]
    texts = {default_language: first}
    for part in others:
        match = _TRANSLATION.match(part)
        if not match:
            problems.append(
                _("Line %(n)s: “%(part)s” should look like “de: text”.", n=line_no, part=part)
            )
            continue
        texts[match.group(1)] = match.group(2).strip()
    if not first:
        problems.append(_("Line %(n)s: the text is missing.", n=line_no))
    return texts


def _id_and_body(line: str) -> tuple[str | None, str]:
    match = _ID.match(line)
    return (match.group(1), match.group(2)) if match else (None, line)


def parse(text: str, default_language: str = "en") -> ParsedSegments:
    """Read segment questions from ``text``; SegmentTextError lists every problem by line."""
    problems: list[str] = []
    questions: list[dict] = []
    headcounts: dict[str, dict[str, int]] = {}
    for line_no, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            if not questions:
                problems.append(_("Line %(n)s: an option comes before any question.", n=line_no))
                continue
            body = line[1:].strip()
            people = None
            count = _HEADCOUNT.search(body)
            if count:
                people = int(count.group(1))
                body = body[: count.start()].rstrip()
            option_id, body = _id_and_body(body)
            labels = _texts(body, default_language, line_no, problems)
            option_id = option_id or slugify(labels[default_language])
            question = questions[-1]
            if option_id == PREFER_NOT_TO_SAY:
                problems.append(_("Line %(n)s: “Prefer not to say” is added for you.", n=line_no))
                continue
            question["options"].append({"id": option_id, "labels": labels})
            if people is not None:
                headcounts.setdefault(question["id"], {})[option_id] = people
            continue
        question_id, body = _id_and_body(line)
        texts = _texts(body, default_language, line_no, problems)
        questions.append(
            {"id": question_id or slugify(texts[default_language]), "text": texts, "options": []}
        )
    for question in questions:
        if {option["id"] for option in question["options"]} == ROLE_LEVEL_OPTIONS:
            question["kind"] = "role_level"
    if problems:
        raise SegmentTextError(problems)
    return ParsedSegments(questions, headcounts)


def _line(identifier: str, texts: dict, languages: Sequence[str]) -> str:
    first, *others = languages
    parts = [f"{identifier}: {texts.get(first, '')}"]
    parts += [f"{language}: {texts[language]}" for language in others if language in texts]
    return " | ".join(parts)


def render(
    questions: Sequence[dict],
    headcounts: dict | None,
    languages: Sequence[str],
) -> str:
    """The text form of stored segment questions (the inverse of ``parse``)."""
    headcounts = headcounts or {}
    lines: list[str] = []
    for question in questions:
        lines.append(_line(question["id"], question["text"], languages))
        for option in question["options"]:
            line = "- " + _line(option["id"], option["labels"], languages)
            people = headcounts.get(question["id"], {}).get(option["id"])
            if people is not None:
                line += f" = {people}"
            lines.append(line)
        lines.append("")
    return "\n".join(lines).strip() + "\n" if lines else ""


def from_instrument(segments: Sequence[SegmentQuestion]) -> list[dict]:
    """An instrument's segment questions as stored dicts, without the implicit last option."""
    return [
        {
            "id": question.id,
            "text": dict(question.text),
            "options": [
                {"id": option.id, "labels": dict(option.labels)}
                for option in question.options
                if option.id != PREFER_NOT_TO_SAY
            ],
            **({"kind": question.kind} if question.kind != "plain" else {}),
        }
        for question in segments
    ]
