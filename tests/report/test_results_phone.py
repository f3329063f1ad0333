"""On a 360 px phone the results page never scrolls sideways: charts keep to the screen's
width and tables scroll inside their own box. A real Chromium, as in tests/browser."""

import re

import pytest

from readiness.admin import demo
from tests.browser.conftest import browser, live_app, live_server, phone  # noqa: F401

PASSWORD = re.compile(r"demo@example\.org\s+password: (\S+)")


@pytest.fixture(scope="module")
def demo_page(live_app):  # noqa: F811
    output = live_app.test_cli_runner().invoke(args=["seed-demo"]).output
    with live_app.app_context():
        demo_id = demo.find_demo().id
    return PASSWORD.search(output).group(1), demo_id


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_the_results_page_fits_a_phone(phone, live_server, demo_page, language):  # noqa: F811
    password, demo_id = demo_page
    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=email]", "demo@example.org")
    phone.fill("input[name=password]", password)
    phone.click("button[type=submit]")
    phone.goto(f"{live_server}/admin/assessments/{demo_id}/results?language={language}")
    width = phone.evaluate("document.documentElement.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    for chart in phone.locator("figure.chart svg").all():
        box = chart.bounding_box()  # None for a chart inside a closed <details>
        assert box is None or box["x"] >= 0 and box["x"] + box["width"] <= width
    wide = phone.evaluate("""() => [...document.querySelectorAll('.table-scroll')]
        .filter(box => box.scrollWidth > box.clientWidth).length""")
    assert wide >= 1  # the dimensions table is wider than a phone: it scrolls in its box
    # Each table's caption can be read whole without scrolling its box.
    cut = phone.evaluate("""(width) => [...document.querySelectorAll('.table-scroll caption')]
        .filter(caption => caption.offsetParent !== null)
        .map(caption => { const range = document.createRange(); range.selectNodeContents(caption);
                          const box = range.getBoundingClientRect();
                          return box.left < 0 || box.right > width ? caption.textContent : null; })
        .filter(Boolean)""", width)
    assert cut == []
    assert phone.locator("h3.segment-question").count() >= 1
