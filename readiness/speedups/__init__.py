"""Speed-ups that patch or bypass a library: fenced here, so the ordinary modules read plainly.

One switch: ``READINESS_SPEEDUPS=0`` leaves them all out (``init_app`` below is their only
entry point), so the benchmark can measure what they still gain (two runs of ``bench.suite``,
with and without). Each one keeps the library's behaviour byte for byte and is proved so by its
tests; each was kept because the benchmark showed its gain (figures from bench/RESULTS.md, same
harness).

`sessions`
    Replaces Flask's session interface (``app.session_interface``) with one whose tagged-JSON
    serializer passes strings, numbers, lists and plain dicts through untagged (the same JSON
    Flask writes) and whose signing serializer is kept per secret key instead of built twice a
    request; and **monkeypatches** ``flask_wtf.csrf.URLSafeTimedSerializer`` so that Flask-WTF
    makes and checks CSRF tokens with a kept serializer (it built one, and derived its key, on
    every POST). Why: the session cookie and CSRF were about 10 % of a survey's server time;
    20 µs instead of 51 µs per cookie write, 43,400 → 41,600 function calls per survey.
    Tests: tests/app/test_sessions.py.

`corking`
    Wraps the WSGI app: under gunicorn it sets ``TCP_CORK`` on the client's socket (taken from
    the WSGI environment) until the body is written, so headers and body leave in one segment
    instead of two. Why: about 6 % less server CPU per survey (34.0 → 29.9 ms). Does nothing
    without gunicorn's socket or off Linux. Tests: tests/app/test_corking.py.

`routing`
    Sets ``app.url_rule_class`` (Flask's hook) to a Werkzeug rule that compiles its two URL
    builders on first use instead of when the route is added, through the private
    ``Rule._compile_builder``. Why: every command and worker compiled 180 builders at start-up
    and used a handful; ``create_app`` 115 → 85 ms of CPU. Must run before any route is added,
    so ``create_app`` calls ``init_app`` first. Tests: tests/app/test_speedups_switch.py.

Caches of derived, read-only data stay next to what they speed up, each bounded and emptied on
change: the survey's row, parsed instruments and page form classes
(`readiness.respond.services`), pages and fieldsets drawn once per worker
(`readiness.respond.shared_pages`, `readiness.respond.fragments`), browser-language matches
(`readiness.i18n`).
"""


def init_app(app) -> None:
    """Apply every speed-up, unless the ``SPEEDUPS`` setting is off. Called before any route
    is added (``routing`` changes the class routes are made of)."""
    if not app.config["SPEEDUPS"]:
        return
    from . import corking, routing, sessions

    routing.init_app(app)
    sessions.init_app(app)
    app.wsgi_app = corking.cork_responses(app.wsgi_app)
