"""SQL-looking input in every id, code, token, language, page, size and filter changes nothing.

Every GET route is called with each probe in each of its URL parts and in the query parameters
the application reads (language, page_size, next, download); the survey's code entry and
language choice get them as form fields. Nothing may answer 500, and the database must be
exactly as before.
"""

from __future__ import annotations

from urllib.parse import quote

from tests.admin.helpers import snapshot, without_release_records
from tests.respond.conftest import Respondent, make_survey
from tests.security.conftest import HEAVY

PROBES = (
    "' OR 1=1 --",
    "1; DROP TABLE responses",
    "%27",
    "\u2019 OR \u20181\u2019=\u20181",  # typographic quotes
    "1 UNION SELECT password_hash FROM users",
    "\\x00",
)
QUERY_PARAMETERS = ("language", "page_size", "next", "download", "sort", "filter", "segment")


def _probed_urls(app, values):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.endswith("static"):
            continue
        for probe in PROBES:
            for argument in rule.arguments:
                changed = {**values, argument: probe}
                path = rule.rule
                for name, value in changed.items():
                    text = quote(str(value), safe="") if name == argument else str(value)
                    path = path.replace(f"<{name}>", text).replace(f"<int:{name}>", text)
                yield rule.endpoint, path
        path = rule.rule
        for name, value in values.items():
            path = path.replace(f"<{name}>", str(value)).replace(f"<int:{name}>", str(value))
        # Every probe reaches every parameter across two turns; pages that build the whole
        # results document get one turn, to keep the suite quick.
        for turn in range(1 if rule.endpoint in HEAVY else 2):
            query = "&".join(
                f"{name}={quote(PROBES[(i * 2 + turn) % len(PROBES)], safe='')}"
                for i, name in enumerate(QUERY_PARAMETERS)
            )
            yield rule.endpoint, f"{path}?{query}"


def test_probes_in_every_url_part_and_parameter_change_nothing(app, world):
    world["admin"].get(f"/admin/assessments/{world['values']['assessment_id']}/results.json")
    before = without_release_records(snapshot(app))
    probed = 0
    for endpoint, url in _probed_urls(app, world["values"]):
        if endpoint in ("admin.results_pdf", "report.pdf", "report.link_pdf") and "?" in url:
            continue  # the PDF's parameters are checked once below, not per probe
        response = world["admin"].get(url)  # the admin reaches every route
        response.close()
        assert response.status_code < 500, (endpoint, url, response.status_code)
        probed += 1
    assert probed > 100
    assert without_release_records(snapshot(app)) == before


def test_probes_in_the_pdf_parameters_fall_back_to_defaults(app, world):
    url = f"/report/link/{world['values']['token']}/report.pdf"
    response = world["anonymous"].get(f"{url}?page_size={quote(PROBES[0])}&language=%27")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_probes_as_codes_and_languages_change_nothing(app):
    public_id = make_survey(app, distribution="both")
    before = snapshot(app)
    respondent = Respondent(app.test_client(), public_id)
    for probe in PROBES:
        respondent.open()
        assert respondent.post("/code", {"code": probe}).status_code in (400, 404, 410, 429)
        respondent.open()
        chosen = respondent.post("/language", {"language": probe, "next": probe})
        assert chosen.status_code == 303
    assert snapshot(app) == before


def test_probes_as_sign_in_names_change_nothing(app, client, auth):
    auth.admin()
    before = snapshot(app)
    for probe in PROBES:
        response = auth.login(probe, probe)
        assert response.status_code in (400, 401)
    assert snapshot(app) == before
    assert client.get("/auth/account").status_code == 302
