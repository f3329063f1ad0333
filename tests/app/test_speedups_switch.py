"""One switch turns every speed-up off, and the product works the same without them."""

from flask.sessions import SecureCookieSessionInterface

from readiness import create_app
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
