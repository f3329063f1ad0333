"""A world for attacking: users, an assessment with answers, a report link, three visitors.

``hostile_world`` is the same, but every field a person can fill was filled through the real
forms with text that tries to become HTML, script, template code, SQL or a spreadsheet formula.
"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import Assessment, ReportLink, ViewerGrant
from tests.admin.helpers import (
    add_responses,
    grant_viewer,
    login,
    make_assessment,
    make_report_link,
    page_token,
)
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    VIEWER_EMAIL,
    VIEWER_PASSWORD,
    make_user,
)
from tests.respond.conftest import Respondent

#: One string that tries everything at once; it starts with "=" to be a formula as well.
HOSTILE = (
    "=1+2<script>alert(1)</script>\"><img src=x onerror=alert(1)>javascript:alert(1)"
    "{{7*7}}{{12345*11}}${12345*11}{% raw %}<b>bold</b>0.1 <A <0.9 &amp;' OR 1=1 --"
)
#: What a template engine would make of the arithmetic above: it must never appear.
EVALUATED = "135795"
#: Spreadsheet formula starters, each tried at the start of a value.
FORMULA_STARTS = ("=", "+", "-", "@")

STATIC_FILES = {"static": "readiness.css", "admin.static": "console.css",
                "report.static": "results.css", "plan.static": "plan.css"}


def hostile(tag: str, limit: int = 200) -> str:
    """The hostile string, tagged so a finding names the field it came from, within ``limit``."""
    suffix = f" [{tag}]"
    return HOSTILE[: limit - len(suffix)] + suffix


def assert_inert_html(body: str, where: str) -> None:
    """No hostile markup survived as markup; no template arithmetic was evaluated."""
    assert "<script>alert(1)" not in body, where
    assert "<img src=x" not in body, where
    assert "<b>bold</b>" not in body, where
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", body, re.I), where
    assert EVALUATED not in body, where


def _url(app, rule, values) -> str:
    from flask import url_for

    arguments = {name: values[name] for name in rule.arguments if name in values}
    if "filename" in rule.arguments:
        arguments["filename"] = STATIC_FILES[rule.endpoint]
    with app.test_request_context():
        return url_for(rule.endpoint, **arguments)


def get_urls(app, values) -> list[tuple[str, str]]:
    """``(endpoint, url)`` for every GET route of the application."""
    return [
        (rule.endpoint, _url(app, rule, values))
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
    ]


def _world_values(app, assessment_id: int, token: str) -> dict:
    with app.app_context():
        session = db.session()
        return {
            "assessment_id": assessment_id,
            "grant_id": session.scalars(select(ViewerGrant.id)).first(),
            "link_id": session.scalars(select(ReportLink.id)).first(),
            "user_id": None,  # set by the fixture
            "kind": "svg",
            "page": "about",
            "token": token,
            "public_id": session.get(Assessment, assessment_id).public_id,
            "code": "A" * 32,
            "action_id": 1,  # a plan action (issue 23); absent unless a test adds one
            "name": "1-1.eml",  # a message in the development mailbox (issue 19), absent
        }


@pytest.fixture
def world(app):
    """An admin, a viewer granted an assessment with 21 answers, a report link; three clients."""
    return build_world(app)


def build_world(app) -> dict:
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    assessment_id = make_assessment(app, status="closed", distribution="both")
    add_responses(app, assessment_id, {"sales": 12, "ops": 9})
    grant_viewer(app, assessment_id, viewer_id)
    _, token = make_report_link(app, assessment_id)
    values = _world_values(app, assessment_id, token)
    values["user_id"] = viewer_id
    return {
        "values": values,
        "anonymous": app.test_client(),
        "viewer": login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD),
        "admin": login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD),
    }


def _segments_text() -> str:
    return (
        f"department: {hostile('segment question')}\n"
        f"- sales: {hostile('option sales')}\n"
        f"- ops: {hostile('option ops')}\n"
        "role_level: Your role\n- leader: Leader\n- manager: Manager\n- staff: Staff\n"
    )


def _create_through_the_form(admin, app) -> int:
    url = "/admin/assessments/new"
    response = admin.post(url, data={
        "csrf_token": page_token(admin, url),
        "title": hostile("title"),
        "organisation": hostile("organisation"),
        "sector": "private",
        "headcount": "40",
        "languages": ["en"],
        "instrument": "bundled:social-media-readiness:1",
        "module": "",
        "segments": _segments_text(),
        "k": "3",
        "comment_k": "3",
        "opens_on": "",
        "closes_on": "",
        "distribution": "both",
        "previous_id": "",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assessment_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    action = page_token(admin, f"/admin/assessments/{assessment_id}")
    opened = admin.post(f"/admin/assessments/{assessment_id}/open", data={"csrf_token": action})
    assert opened.status_code == 302
    return assessment_id


def _answer(app, public_id: str, n: int) -> None:
    for number in range(n):
        respondent = Respondent(app.test_client(), public_id)
        respondent.start()
        respondent.answer("about", {
            "segment_department": "sales" if number % 2 else "ops",
            "segment_role_level": ("leader", "manager", "staff")[number % 3],
        })
        for page, prefix in (
            ("leadership_presence", "lp"), ("training_maturity", "tm"), ("security_risk", "sr"),
            ("decision_speed", "ds"), ("ownership", "ow"),
        ):
            respondent.answer(page, {f"item_{prefix}{i}": str(1 + (i + number) % 5)
                                     for i in range(1, 7)})
        respondent.answer("open", {
            "open_first_step": f"{FORMULA_STARTS[number % 4]}{hostile(f'comment {number}')}",
            "open_concerns": hostile(f"concern {number}"),
        })
        assert respondent.submit().status_code == 303


def _module_app(folder):
    from readiness import create_app
    from readiness.models import Base

    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": f"sqlite:///{folder / 'readiness.sqlite'}",
    })
    app.instance_path = str(folder / "instance")
    (folder / "instance").mkdir(exist_ok=True)  # the mail queue's file lives there
    Base.metadata.create_all(app.extensions["readiness.db"][0])
    return app


@pytest.fixture(scope="session")
def hostile_app(tmp_path_factory):
    """One application for the suite's read-only attacks (SQLite: escaping and headers do not
    depend on the database, and building the world through the forms takes seconds)."""
    app = _module_app(tmp_path_factory.mktemp("hostile"))
    yield app
    app.extensions["readiness.db"][0].dispose()


#: Pages that build the whole results document: fetched by one reader each, not by all three.
HEAVY = {"admin.results": "admin", "admin.results_pdf": "admin", "admin.results_json": "admin",
         "report.results": "viewer", "report.pdf": "viewer",
         "report.link": "anonymous", "report.link_pdf": "anonymous",
         "admin.results_pptx": "admin", "report.pptx": "viewer", "report.link_pptx": "anonymous"}


@pytest.fixture(scope="session")
def swept(hostile_app, hostile_world):
    """Every GET route of the hostile world fetched by each visitor, once for the whole suite:
    ``(endpoint, url, who, response)`` with the body read."""
    return list(sweep(hostile_app, hostile_world))


def sweep(app, world):
    for endpoint, url in get_urls(app, world["values"]):
        for who in ("anonymous", "viewer", "admin"):
            if HEAVY.get(endpoint, who) != who:
                continue
            response = world[who].get(url)
            response.direct_passthrough = False
            _ = response.data  # read now: static files are streamed
            response.close()
            yield endpoint, url, who, response


@pytest.fixture(scope="session")
def hostile_world(hostile_app):
    """Every fillable field holds HOSTILE, entered through the forms people use."""
    app = hostile_app
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    admin = login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    assessment_id = _create_through_the_form(admin, app)
    with app.app_context():
        public_id = db.session().get(Assessment, assessment_id).public_id
    _answer(app, public_id, 12)

    invited = admin.post("/admin/users", data={
        "csrf_token": page_token(admin, "/admin/users"),
        "email": "board@example.org", "name": hostile("user name", 120), "role": "viewer",
        "language": "en",
    })
    assert invited.status_code == 303
    with app.test_request_context():
        from readiness.account_tokens import INVITATION, issue
        from readiness.models import User

        viewer = db.session().scalar(select(User).where(User.email == "board@example.org"))
        viewer_id = viewer.id
        # The link the invitation e-mail carries (tests/auth reads it from a real SMTP server).
        invitation = f"/auth/invitation/{issue(viewer, INVITATION)}"
    access = f"/admin/assessments/{assessment_id}/access"
    admin.post(f"{access}/grants", data={"csrf_token": page_token(admin, access),
                                         "user_id": str(viewer_id)})
    made = admin.post(f"{access}/links", data={
        "csrf_token": page_token(admin, access), "label": hostile("link label", 120),
        "days": "30",
    })
    token = re.search(r"/report/link/([A-Za-z0-9_-]+)", made.get_data(as_text=True)).group(1)

    imported = admin.post(
        f"/admin/assessments/{assessment_id}/import",
        data={
            "csrf_token": page_token(admin, f"/admin/assessments/{assessment_id}/data"),
            "file": (io.BytesIO(b"department,lp1\nsales,4\nops,3\nsales,5\n"), "in.csv"),
        },
        content_type="multipart/form-data",
    )
    # An online survey takes no imported rows (they could pad a group): refused, nothing kept.
    assert imported.status_code == 400, imported.get_data(as_text=True)[:500]
    # Results are released once the survey closes: close it as the comms lead does.
    action = page_token(admin, f"/admin/assessments/{assessment_id}")
    closed = admin.post(f"/admin/assessments/{assessment_id}/close", data={"csrf_token": action})
    assert closed.status_code == 302

    values = _world_values(app, assessment_id, token)
    values["user_id"] = viewer_id
    return {
        "values": values,
        "anonymous": app.test_client(),
        "viewer": _accept_invitation(app, invitation),
        "admin": admin,
    }


def _accept_invitation(app, invitation: str):
    """The invited leader chooses their password through the e-mailed link and signs in."""
    chosen = "the board's own passphrase"
    client = app.test_client()
    response = client.post(invitation, data={
        "csrf_token": page_token(client, invitation), "password": chosen, "confirm": chosen,
    })
    assert response.status_code == 303
    return login(client, "board@example.org", chosen)
