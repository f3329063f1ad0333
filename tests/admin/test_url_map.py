"""Every route, for every kind of visitor: who reaches what, and that no GET changes anything.

The test enumerates ``app.url_map`` itself, so a new route that nobody classified fails here.
"""

import pytest

from readiness import db
from readiness.models import Assessment, ReportLink, ViewerGrant
from tests.admin.helpers import (
    add_responses,
    grant_viewer,
    login,
    make_assessment,
    make_report_link,
    page_token,
    snapshot,
    without_release_records,
)
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    VIEWER_EMAIL,
    VIEWER_PASSWORD,
    make_user,
)

pytestmark = pytest.mark.one_database  # SQLite only: see tests/conftest.py

#: Endpoints outside the console that may take a POST from someone who is not an admin
#: (choosing and changing one's own password need a signed-in person, of either role; asking
#: for a password link, and following one, need nobody signed in).
PUBLIC_POSTS = {"auth.login", "auth.logout", "auth.choose_language", "auth.choose_password",
                "auth.change_password", "auth.forgot_password", "auth.accept_invitation",
                "auth.reset_password"}
#: Pages an e-mailed password link opens; the test's token is no such link's.
PASSWORD_LINK_PAGES = {"auth.accept_invitation", "auth.reset_password"}
PUBLIC_POST_BLUEPRINTS = ("respond.",)  # the survey: respondents never have an account
#: Read-only leadership pages, for signed-in viewers of a granted assessment (and admins).
VIEWER_PAGES = {"report.index", "report.results", "report.pdf", "report.pptx"}
#: Pages opened by a signed report link alone.
LINK_PAGES = {"report.link", "report.link_pdf", "report.link_pptx"}
STATIC_FILES = {"static": "readiness.css", "admin.static": "console.css",
                "report.static": "results.css", "plan.static": "plan.css"}
#: The action plan (issue 23): granted viewers read it; its changes are the comms lead's and,
#: when the comms lead allows it, a granted viewer's (tests/plan/test_roles.py has every case).
PLAN_READ = {"plan.page", "plan.csv_file", "plan.ics_file"}
PLAN_CHANGE = {"plan.new_action", "plan.edit_action", "plan.settings"}
PLAN_POSTS = {"plan.adopt", "plan.new_action", "plan.edit_action", "plan.settings"}
#: Opened by a report link only when the comms lead let that link show the plan (not here).
PLAN_LINK_PAGES = {"plan.link_page", "plan.link_csv_file", "plan.link_ics_file"}
#: Unsubscribing (issue 19): whoever holds a mailed token; the test's token is no such token.
UNSUBSCRIBE_PAGES = {"mailing.unsubscribe", "mailing.unsubscribe_one_click"}
#: The development mailbox: admins only, and only outside production (404 for anyone else).
DEV_MAILBOX = {"mailing.mailbox_index", "mailing.mailbox_message"}


@pytest.fixture
def world(app):
    """An admin, a viewer granted assessment A (not B), a report link to A; three clients."""
    admin_id = make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    viewer_id = make_user(app, VIEWER_EMAIL, VIEWER_PASSWORD, "viewer")
    granted = make_assessment(app, status="closed", distribution="both")
    other = make_assessment(app, status="closed", title="Not granted")
    add_responses(app, granted, {"sales": 12, "ops": 9})
    grant_viewer(app, granted, viewer_id)
    _, token = make_report_link(app, granted)
    with app.app_context():
        session = db.session()
        values = {
            "assessment_id": granted,
            "grant_id": session.query(ViewerGrant).one().id,
            "link_id": session.query(ReportLink).one().id,
            "user_id": viewer_id,
            "kind": "svg",
            "page": "about",
            "token": token,
            "public_id": session.get(Assessment, granted).public_id,
            "code": "A" * 32,
            "action_id": 1,  # no such plan action: the comms lead gets 404
            "name": "nothing.eml",  # no such message in the development mailbox
        }
    return {
        "values": values,
        "other": other,
        "admin_id": admin_id,
        "anonymous": app.test_client(),
        "viewer": login(app.test_client(), VIEWER_EMAIL, VIEWER_PASSWORD),
        "admin": login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD),
    }


def _url(app, rule, values):
    from flask import url_for

    arguments = {name: values[name] for name in rule.arguments if name in values}
    if "filename" in rule.arguments:
        arguments["filename"] = STATIC_FILES[rule.endpoint]
    missing = set(rule.arguments) - set(arguments)
    assert not missing, f"{rule.endpoint}: no test value for {missing}"
    with app.test_request_context():
        return url_for(rule.endpoint, **arguments)


def _rules(app, method):
    return [rule for rule in app.url_map.iter_rules() if method in rule.methods]


def _expected_get(endpoint: str, who: str) -> set[int]:
    if endpoint.startswith("admin."):  # the console's scripts and styles included
        return {"anonymous": {302}, "viewer": {403}, "admin": {200}}[who]
    if endpoint in VIEWER_PAGES:
        return {200} if who != "anonymous" else {302}
    if endpoint in LINK_PAGES or endpoint in STATIC_FILES or endpoint == "health.healthz":
        return {200}
    if endpoint == "home":
        return {302}
    if endpoint == "auth.login":
        return {200} if who == "anonymous" else {302}
    if endpoint == "auth.account":
        return {302} if who == "anonymous" else {200}
    if endpoint == "auth.choose_password":  # only for a one-time password; else the account
        return {302}
    if endpoint in ("auth.forgot_password", "auth.password_link_sent"):
        return {200}
    if endpoint in PASSWORD_LINK_PAGES:
        return {410}
    if endpoint.startswith(PUBLIC_POST_BLUEPRINTS):
        return {200, 302, 303, 400, 404, 409, 410}  # the survey's own answers, never an error
    if endpoint in PLAN_READ:
        return {302} if who == "anonymous" else {200}
    if endpoint in PLAN_CHANGE:
        missing = {404} if endpoint == "plan.edit_action" else {200}
        return {"anonymous": {302}, "viewer": {403}, "admin": missing}[who]
    if endpoint in PLAN_LINK_PAGES or endpoint in UNSUBSCRIBE_PAGES:
        return {404}
    if endpoint in DEV_MAILBOX:
        shown = {200} if endpoint == "mailing.mailbox_index" else {404}
        return shown if who == "admin" else {404}
    raise AssertionError(f"unclassified endpoint {endpoint}: say who may reach it")


def test_every_get_route_answers_each_visitor_as_expected_and_changes_nothing(app, world):
    # Released once already, so that reading results again changes only the audit log.
    world["admin"].get(f"/admin/assessments/{world['values']['assessment_id']}/results.json")
    before = without_release_records(snapshot(app))
    for rule in _rules(app, "GET"):
        url = _url(app, rule, world["values"])
        for who in ("anonymous", "viewer", "admin"):
            response = world[who].get(url)
            response.close()  # static files are streamed
            assert response.status_code in _expected_get(rule.endpoint, who), (
                rule.endpoint, who, response.status_code
            )
            if response.status_code == 302 and rule.endpoint.startswith("admin."):
                assert "/auth/login" in response.headers["Location"]
    assert without_release_records(snapshot(app)) == before


def test_only_the_survey_and_sign_in_take_posts_from_non_admins(app):
    for rule in _rules(app, "POST"):
        if rule.endpoint.startswith("admin."):
            continue
        public = PUBLIC_POSTS | PLAN_POSTS | UNSUBSCRIBE_PAGES
        assert rule.endpoint in public or rule.endpoint.startswith(PUBLIC_POST_BLUEPRINTS), (
            f"{rule.endpoint} takes POST outside the console"
        )
    assert not any(rule.endpoint.startswith("report.") for rule in _rules(app, "POST"))


@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_no_console_post_works_for_non_admins_even_with_a_valid_csrf_token(app, world, who):
    client = world[who]
    token = page_token(client, "/auth/login" if who == "anonymous" else "/auth/account")
    before = snapshot(app)
    for rule in _rules(app, "POST"):
        if not rule.endpoint.startswith("admin."):
            continue
        response = client.post(_url(app, rule, world["values"]), data={"csrf_token": token})
        expected = 302 if who == "anonymous" else 403
        assert response.status_code == expected, (rule.endpoint, who, response.status_code)
    assert snapshot(app) == before


def test_a_viewer_cannot_read_an_assessment_they_were_not_given(world):
    other = world["other"]
    assert world["viewer"].get(f"/report/{other}").status_code == 404
    assert world["viewer"].get(f"/report/{other}/report.pdf").status_code == 404
    assert world["admin"].get(f"/report/{other}").status_code == 200


def test_a_report_link_cannot_be_turned_towards_another_assessment(app, world):
    token, other = world["values"]["token"], world["other"]
    client = world["anonymous"]
    assert client.get(f"/report/link/{token}").status_code == 200
    assert client.get(f"/report/{other}").status_code == 302
    assert client.get(f"/report/link/{token}/../{other}").status_code in (302, 404)
    html = client.get(f"/report/link/{token}").get_data(as_text=True)
    assert "Not granted" not in html
