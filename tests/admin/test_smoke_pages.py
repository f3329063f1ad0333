"""Every console page renders for an admin, from draft to closed with results."""

from tests.admin.helpers import add_responses, make_assessment


def test_console_pages_render_for_an_assessment_with_results(app, admin_client):
    assessment_id = make_assessment(app, status="closed")
    add_responses(app, assessment_id, {"sales": 20, "ops": 12, "legal": 2})
    for path in ("", "/edit", "/preview", "/preview/about", "/share", "/progress",
                 "/progress.json", "/results", "/data", "/access"):
        response = admin_client.get(f"/admin/assessments/{assessment_id}{path}")
        assert response.status_code == 200, (path, response.status_code)
    for path in ("/admin/", "/admin/users", "/admin/audit", "/admin/assessments/new"):
        assert admin_client.get(path).status_code == 200, path
