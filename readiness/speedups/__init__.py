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

Caches of derived, read-only data stay next to what they speed up, each bounded and emptied on
change: the survey's row, parsed instruments and page form classes
(`readiness.respond.services`), pages and fieldsets drawn once per worker
(`readiness.respond.shared_pages`, `readiness.respond.fragments`), browser-language matches
(`readiness.i18n`).
"""


def init_app(app) -> None:
    """Apply every speed-up, unless the ``SPEEDUPS`` setting is off."""
    if not app.config["SPEEDUPS"]:
        return
    from . import corking, sessions

    sessions.init_app(app)
    app.wsgi_app = corking.cork_responses(app.wsgi_app)
