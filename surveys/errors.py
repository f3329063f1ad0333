"""The error raised when an instrument, or a set of segment questions, cannot be used."""

from __future__ import annotations

from collections.abc import Iterable


class InstrumentError(ValueError):
    """Every problem found in one instrument source, each naming its entry and what is wrong."""

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return f"{self.source}: {self.problems[0]}"
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"{self.source}: {len(self.problems)} problems:\n{listed}"
