"""The dateline, read once (``analysis/dateline.py``): city, date and agency label, with the sentence
each was read in; the splitter, the meeting facts and the engine's lead read the same record."""

from __future__ import annotations

import pytest

from communique.analysis.dateline import lead_of, strip
from communique.analysis.text import split_sentences
from communique.document import Document, Source
from communique.lang import resources


def doc_of(text: str, lang: str) -> Document:
    res = resources(lang)
    return Document(
        source=Source(name="<t>", text=text), lang=lang, res=res, sentences=split_sentences(text, res)
    )


CASES = [
    # (lang, text, city, iso date, label)
    (
        "en",
        "Talks in the capital\n\nOSLO, May 12, 2021 (Nordpress) -- The two ministers met for talks on fisheries.",
        "OSLO",
        "2021-05-12",
        "Nordpress",
    ),
    (
        "fr",
        "Lyon, le 3 mars 2022 – Les deux ministres se sont rencontrés pour parler d'énergie.",
        "Lyon",
        "2022-03-03",
        None,
    ),
    (
        "ru",
        "Казань, 14 июня 2019 года – Министры провели переговоры о торговле и транспорте.",
        "Казань",
        "2019-06-14",
        None,
    ),
    (
        "de",
        "04.09.2017 – Pressemitteilung\n\nDie beiden Minister trafen sich heute zu Gesprächen in Bonn.",
        None,
        "2017-09-04",
        "Pressemitteilung",
    ),
]


@pytest.mark.parametrize(("lang", "text", "city", "iso", "label"), CASES)
def test_dateline_city_date_label(
    lang: str, text: str, city: str | None, iso: str, label: str | None
) -> None:
    dl = doc_of(text, lang).dateline
    assert dl.city == city
    assert dl.date is not None and dl.date.iso() == iso
    assert dl.label == label
    assert dl.read_in is not None and dl.read_in.text[dl.date.start : dl.date.end]  # its evidence


def test_signature_line_under_the_text() -> None:
    text = (
        "Les ministres ont discuté de la coopération culturelle. Ils ont parlé des échanges d'étudiants. "
        "Ils se reverront.\n\nNantes, le 9 avril 2020"
    )
    dl = doc_of(text, "fr").dateline
    assert dl.end_city == "Nantes" and dl.end_date is not None and dl.end_date.iso() == "2020-04-09"
    assert dl.end_in is not None and dl.end_in.text.startswith("Nantes")


def test_no_dateline() -> None:
    dl = doc_of(
        "The ministers met in the morning and talked about roads and bridges for an hour.", "en"
    ).dateline
    assert dl.city is None and dl.date is None and dl.sentence is None


def test_dateline_opening_a_sentence() -> None:
    s = "Tromsø, 2 June 2020 – The ministers agreed to meet again in the autumn of next year."
    assert lead_of(s) == "Tromsø, 2 June 2020 –"
    assert strip(s).startswith("The ministers")
    assert strip("A short line – 2 June") == "A short line – 2 June"  # nothing after it: kept whole
