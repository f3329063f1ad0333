"""The employee's whole journey in a real browser, on a desk (1366 × 900) and on a phone
(360 × 740), in English, German and French: a language switch in the middle of a page keeps what
is ticked, Review → Change → Next comes back to the review, a double click on Send keeps one
copy, every kind of page passes axe, nothing scrolls sideways on the phone, and a page of six
statements on the phone is at most 1,400 px tall.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from surveys.loader import default_instrument
from tests.respond.conftest import sent

from .test_survey_keyboard import SERIOUS, open_assessment

pytestmark = pytest.mark.browser

SIZES = {"desk": (1366, 900), "phone": (360, 740)}
#: The tallest a page of six statements may be on the phone.
PHONE_PAGE_LIMIT = 1400
WORDS = {
    "en": {"start": "Start the survey", "next": "Next", "send": "Send my answers",
           "review": "Check your answers", "thanks": "Thank you", "agree": "Agree"},
    "de": {"start": "Umfrage beginnen", "next": "Weiter", "send": "Antworten senden",
           "review": "Antworten prüfen", "thanks": "Vielen Dank",
           "agree": "Stimme eher zu"},
    "fr": {"start": "Commencer l'enquête", "next": "Suivant", "send": "Envoyer mes réponses",
           "review": "Vérifiez vos réponses", "thanks": "Merci", "agree": "Plutôt d'accord"},
}  # fmt: skip
#: Another language to switch to in the middle of a page, and back from.
OTHER = {"en": "fr", "de": "en", "fr": "de"}


#: Two presses of Send in a row; whether each submission was stopped by the page's script.
DOUBLE_CLICK = """() => {
    const seen = [];
    window.addEventListener("submit", (event) => seen.push(event.defaultPrevented));
    const send = document.querySelector("[data-send]");
    send.click();
    send.click();
    return seen;
}"""


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def assert_sound(page, axe: Axe | None, width: int) -> None:
    """No serious or critical axe finding (when ``axe`` is given), no sideways scrolling."""
    if axe is not None:
        found = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}×)"
            for v in axe.run(page).response["violations"]
            if v.get("impact") in SERIOUS
        ]
        assert not found, f"{page.url}: {found}"
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide}px wide at {width}px"


def go(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def switch_language(page, language: str) -> None:
    go(page, f"button[name=language][value={language}]")
    assert page.get_attribute("html", "lang") == language


@pytest.fixture
def screen(browser, request):
    width, height_ = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height_})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page, width
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize("screen", ["desk", "phone"], indirect=True)
def test_employee_journey(live_app, live_server, screen, language):
    page, width = screen
    words, other = WORDS[language], OTHER[language]
    instrument = default_instrument()
    dimensions = [dimension.id for dimension in instrument.dimensions]
    public_id = open_assessment(live_app, distribution="link")
    base = f"{live_server}/s/{public_id}"
    axe = Axe()
    heights = {}

    page.goto(base)
    if language != "en":
        switch_language(page, language)
    assert_sound(page, axe, width)
    assert words["start"] in page.inner_text("main")
    go(page, "form[action$='/start'] button")

    for number, dimension in enumerate(dimensions):
        assert page.url.endswith(f"/p/{dimension}")
        heights[dimension] = height(page)
        assert_sound(page, axe if number == 0 else None, width)
        if number == 1:
            # Half the page answered, then another language: the page comes back, in that
            # language, with what was ticked; and back again.
            page.check(f"#item_{instrument.items_of(dimension)[0].id}-0")
            page.check(f"#item_{instrument.items_of(dimension)[1].id}-5")
            switch_language(page, other)
            assert page.url.endswith(f"/p/{dimension}")
            assert page.is_checked(f"#item_{instrument.items_of(dimension)[0].id}-0")
            assert page.is_checked(f"#item_{instrument.items_of(dimension)[1].id}-5")
            switch_language(page, language)
        for item in instrument.items_of(dimension)[2 if number == 1 else 0 :]:
            page.check(f"#item_{item.id}-3")  # agree
        go(page, "button.primary[name=nav][value=next]")

    # About you: after the statements, each question with its reason.
    assert page.url.endswith("/p/about")
    assert page.locator(".segment .why").count() == len(instrument.segments)
    assert_sound(page, axe, width)
    for question in instrument.segments:
        page.check(f"#segment_{question.id}-0")
    go(page, "button.primary[name=nav][value=next]")

    assert page.url.endswith("/p/open")
    assert_sound(page, axe, width)
    comment = f"Ask the teams first ({language}, {width}px)."
    page.fill("#open_first_step", comment)
    go(page, "button.primary[name=nav][value=next]")

    assert words["review"] in page.inner_text("h1")
    heights["review"] = height(page)
    assert_sound(page, axe, width)

    # Review → Change → Next comes back to the review, the change shown and the comment kept.
    go(page, f"#review-{dimensions[0]} ~ button")
    assert "return=review" in page.url
    page.check(f"#item_{instrument.items_of(dimensions[0])[0].id}-4")
    go(page, "button.primary[name=nav][value=next]")
    assert words["review"] in page.inner_text("h1")
    assert comment in page.inner_text("main")

    # A double click on Send: the button takes one press (respond.js), the server keeps one
    # copy whatever arrives, and the thanks are shown.
    # The page's own script lets the first press through and stops any later one.
    with page.expect_navigation(url=f"{base}/thanks"):
        prevented = page.evaluate(DOUBLE_CLICK)
    assert prevented == [False, True]
    assert words["thanks"] in page.inner_text("h1")
    assert_sound(page, axe, width)
    [kept] = [s for s in sent(live_app) if s["comments"].get("first_step") == comment]
    assert kept["language"] == language and len(kept["answers"]) == 30
    assert kept["answers"][instrument.items_of(dimensions[0])[0].id] == 5

    print(f"\npage heights at {width}px in {language}: {heights}")
    if width == 360:
        tallest = max(heights[d] for d in dimensions)
        assert tallest <= PHONE_PAGE_LIMIT, f"a page of six statements is {tallest}px: {heights}"
