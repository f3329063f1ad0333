"""Every text of the application is translated, and the catalogues it loads are compiled from
what the translators wrote (`make translations`)."""

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "readiness" / "translations"


def _catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=language)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_text_is_translated_and_none_is_a_guess(language):
    catalogue = _catalogue(language)
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 300
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []  # a fuzzy match is never shown; fix it
    assert [(m.id, problems) for m in messages if (problems := m.check(catalogue))] == []


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_compiled_catalogue_says_what_the_translators_wrote(language):
    catalogue = _catalogue(language)
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo").open("rb") as compiled:
        shipped = gettext.GNUTranslations(compiled)
    stale = [m.id for m in catalogue if m.id and isinstance(m.id, str)
             and shipped.gettext(m.id) != m.string]
    assert stale == []


def test_the_catalogues_hold_every_text_the_code_marks(tmp_path):
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = TRANSLATIONS.parents[1]
    with (root / "babel.cfg").open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "N_": None,
                "lazy_gettext": None}
    marked = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            root, method_map, options_map, keywords=keywords,
            directory_filter=lambda path: ".venv" not in path and "tests" not in path,
        )
        if message
    }
    # A plural entry's id is (singular, plural); the code marks its singular.
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue("de") if m.id}
    assert sorted(marked - known) == []  # run `make translations`, then translate


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_readiness_index_has_one_name_in_the_console_as_in_the_report(language):
    """The pages call it what the PDF and the slides do (French said 'indice de préparation'
    on the questions' results and 'indice de maturité' everywhere else)."""
    from reports.texts import labels

    name = labels(language)("readiness_index").lower()
    texts = [m.string for m in _catalogue(language) if m.id and "readiness index" in str(m.id)]
    assert texts and all(name in str(text).replace("\n", "").lower() for text in texts), texts


def test_the_french_unsubscribe_words_say_no_more_not_more():
    """'Plus d'e-mails…' alone reads as 'More e-mails…': the link and page say 'Ne plus…'."""
    catalogue = _catalogue("fr")
    for english in ("No more e-mails about surveys", "No more survey e-mails"):
        assert catalogue[english].string.startswith("Ne plus "), catalogue[english].string
