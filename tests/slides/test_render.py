"""The deck opens in LibreOffice: converted to PDF, one page per slide, every page drawn, and
every word of every label whole on the page (no 'Siche|rheitsrisiken')."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from reports.slides import build_slides

from .conftest import results
from .deck import open_deck

TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdfinfo")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="LibreOffice (soffice) and poppler (pdftoppm, pdftotext, pdfinfo) render the slides",
)
LANGUAGES = ("en", "de", "fr")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[int, Path]]:
    """Each language's deck converted by LibreOffice with a profile of its own."""
    folder = tmp_path_factory.mktemp("slides")
    decks, slides = [], {}
    for language in LANGUAGES:
        body = build_slides(results(language))
        path = folder / f"{language}.pptx"
        path.write_bytes(body)
        decks.append(str(path))
        slides[language] = len(open_deck(body).slides)
    profile = (folder / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *decks],
                   check=True, capture_output=True, timeout=240)
    return {language: (slides[language], folder / f"{language}.pdf") for language in LANGUAGES}


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_libreoffice_gives_one_page_per_slide(rendered, language):
    count, pdf = rendered[language]
    assert pdf.exists()
    assert pages(pdf) == count


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_drawn(rendered, language, tmp_path):
    count, pdf = rendered[language]
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=120)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == count
    for image in images:
        grey = Image.open(image).convert("L")
        inked = int((np.asarray(grey) < 200).sum())
        assert inked > 0.01 * grey.width * grey.height, image.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_drawn_whole(rendered, language):
    _, pdf = rendered[language]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    drawn = set(re.findall(r"\w+", text))
    document = results(language)
    labels = [d["name"] for d in document["dimensions"]]
    labels += [r["title"] for r in document["recommendations"][:5]]
    labels += [document["index"]["stage_name"], document["barrier"]["name"]]
    for label in labels:
        for word in re.findall(r"\w+", label):
            assert word in drawn, (label, word)
