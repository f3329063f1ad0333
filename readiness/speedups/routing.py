"""URL rules that write their URL builders when first asked for a URL, not at start-up.

When a rule is added, Werkzeug generates and compiles two small Python functions that build its
URLs (with and without extra query arguments). With about 90 routes that is 180 compilations on
every start of every command and worker, although a command or worker builds the URLs of a few
routes at most. ``LazyRule`` replaces the private ``Rule._compile_builder`` with a stand-in that
compiles Werkzeug's own builder on its first call and hands every call to it, so URLs come out
byte for byte as Werkzeug builds them. Matching (the regular expressions) is untouched.

Installed through Flask's own hook, ``Flask.url_rule_class``, before any route is added.
Measured: ``create_app`` 115 → 85 ms of CPU (bench/RESULTS.md).
Tests: tests/app/test_speedups_switch.py.
"""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.routing import Rule


class LazyRule(Rule):
    """A Werkzeug rule whose URL builders are compiled on first use."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compiled: Callable[..., tuple[str, str]] | None = None

        def build(rule: Rule, **values: object) -> tuple[str, str]:
            nonlocal compiled
            if compiled is None:
                compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            return compiled(**values)

        return build


def init_app(app) -> None:
    app.url_rule_class = LazyRule
