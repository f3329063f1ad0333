"""One switch turns every speed-up off, and the product works the same without them."""

import pytest
from flask.sessions import SecureCookieSessionInterface
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness import create_app
from readiness.speedups.routing import LazyRule
from readiness.speedups.sessions import SessionInterface


def _app(tmp_path, speedups: bool):
    return create_app({"TESTING": True, "SECRET_KEY": "switch", "SPEEDUPS": speedups,
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'switch.sqlite'}"})


def test_with_the_switch_on_the_kept_session_serializer_and_corking_are_applied(tmp_path):
    app = _app(tmp_path, True)
    assert isinstance(app.session_interface, SessionInterface)
    assert app.wsgi_app.__name__ == "corked"


def test_with_the_switch_off_flask_runs_as_it_comes(tmp_path):
    app = _app(tmp_path, False)
    assert type(app.session_interface) is SecureCookieSessionInterface
    assert app.wsgi_app.__name__ != "corked"
    assert app.test_client().get("/healthz").status_code in (200, 204)


@settings(max_examples=60, deadline=None)
@given(number=st.integers(min_value=0, max_value=10**9),
       text=st.text(min_size=1, max_size=12).filter(lambda value: "/" not in value),
       extra=st.dictionaries(st.sampled_from(["page", "lang", "q"]), st.text(max_size=6),
                             max_size=2))
def test_with_the_switch_on_every_route_builds_the_same_urls_as_werkzeug(
        fast_and_plain, number, text, extra):
    """The lazily compiled URL builders give every URL byte for byte as Werkzeug's own do,
    with and without extra query arguments."""
    fast, plain = fast_and_plain
    samples = {"int": number, "default": text, "path": f"{text}/{text}"}
    for rule in plain.url_map.iter_rules():
        values = {name: samples.get(converter, text)
                  for name, converter in _converter_kinds(rule).items()}
        with fast.test_request_context(), plain.test_request_context():
            built = fast.url_map.bind("example.org").build(rule.endpoint, {**values, **extra})
            expected = plain.url_map.bind("example.org").build(rule.endpoint,
                                                                {**values, **extra})
        assert built == expected, rule.rule


def _converter_kinds(rule) -> dict[str, str]:
    kinds = {"IntegerConverter": "int", "PathConverter": "path"}
    return {name: kinds.get(type(converter).__name__, "default")
            for name, converter in rule._converters.items()}


@pytest.fixture(scope="module")
def fast_and_plain(tmp_path_factory):
    folder = tmp_path_factory.mktemp("routes")
    fast, plain = _app(folder / "fast", True), _app(folder / "plain", False)
    assert type(next(rule for rule in fast.url_map.iter_rules()
                     if rule.endpoint != "static")) is LazyRule
    assert not any(isinstance(rule, LazyRule) for rule in plain.url_map.iter_rules())
    return fast, plain
