"""Meeting date and place on real releases written by other hands: failure classes seen there, each
reproduced with sentences written for these tests (the releases themselves stay out of the repo)."""

from __future__ import annotations

import pytest

from communique.analysis.dates import find_dates
from communique.core import analyse
from communique.document import Source
from communique.options import Options
from communique.readout import Meeting


def meet(text: str, lang: str, date: str | None = None) -> Meeting:
    doc = analyse(Source(name="<test>", text=text, date=date), Options(lang=lang))
    assert doc.meeting is not None
    return doc.meeting


# ----------------------------------------------------------------------------- dates

SPANS = [
    ("13 – 14 kwietnia 2006 r.", (2006, 4, 13)),
    ("April 13-14, 2006", (2006, 4, 13)),
    ("с 13 по 14 апреля 2019 года", (2019, 4, 13)),
    ("del 13 al 14 de abril de 2019", (2019, 4, 13)),
    ("13.–14. April 2015", (2015, 4, 13)),
    ("Resolution 2231 – 14 April 2019", (2019, 4, 14)),  # a number before a dash is no first day
]


@pytest.mark.parametrize(("text", "ymd"), SPANS)
def test_a_span_of_days_reads_as_its_first(text: str, ymd: tuple[int, int, int]) -> None:
    d = find_dates(text)[0]
    assert (d.year, d.month, d.day) == ymd


def test_a_visit_of_two_days_starts_on_the_first() -> None:
    text = (
        "Kalendarz Ministra\n\n3 – 4 marca 2008 r.\n\n"
        "Minister Spraw Zagranicznych Anna Nowak złożyła wizytę w Wilnie i spotkała się z ministrem Jonasem Petraitisem."
    )
    assert meet(text, "pl").date == "2008-03-03"


def test_the_weekday_of_the_meeting_not_of_the_report() -> None:
    # 16 November 2023 was a Thursday: "on Wednesday" is the 15th; the stamp above the dateline has no city
    text = (
        "Iran and Kazakhstan to widen trade\n\nXinhua) 09:15, November 16, 2023\n\n"
        "TEHRAN, Nov. 16 (Xinhua) -- Iran and Kazakhstan agreed to widen their trade ties.\n\n"
        "The consultations were held between the deputy foreign ministers Reza Najafi and Yerlan Alimbayev in the "
        "Iranian capital on Wednesday, according to a statement issued by the ministry on Thursday."
    )
    m = meet(text, "en")
    assert (m.date, m.place) == ("2023-11-15", "Tehran")


def test_the_article_stamp_under_the_headline_beats_the_page_header() -> None:
    # 27 October 2022 was a Thursday: "este miércoles" is the 26th; the page header's day is when it was read
    text = (
        "Sábado, 6 de abril de 2024 - 09:10 UTC\n\nCancilleres piden más diálogo regional\n\n"
        "Jueves, 27 de octubre de 2022 - 11:05 UTC\n\n"
        "La reunión de los cancilleres de la región terminó este miércoles en Montevideo con una declaración."
    )
    m = meet(text, "es")
    assert (m.date, m.place) == ("2022-10-26", "Montevideo")


def test_a_weekday_is_no_dateline_city() -> None:
    text = "Viernes, 28 de octubre de 2022\n\nEl canciller Santiago Cafiero recibió a la ministra Ana Souza."
    assert meet(text, "es").place is None
