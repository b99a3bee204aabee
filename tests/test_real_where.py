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
    ("Decision 4512 – 14 April 2019", (2019, 4, 14)),  # a number before a dash is no first day
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
        "Deputy ministers Omid Karimi and Daniyar Sadykov met in Tehran on Wednesday to review a transit "
        "corridor, the ministry said in a note released on Thursday."
    )
    m = meet(text, "en")
    assert (m.date, m.place) == ("2023-11-15", "Tehran")


def test_a_report_verb_before_the_meeting_keeps_its_weekday() -> None:
    # 28 April 2017 was a Friday: the page's stamp above the text is the day the weekday resolves against
    text = (
        "Home | World\n\nMinisters hold talks on trade\n\nBy Li Na in Geneva | example.cn | Updated: 2017-04-28 "
        "10:05\n\nOpen markets help everyone, said minister Chen Bo in a meeting with his Swiss colleague Marc "
        "Keller on Thursday in Geneva.\n\nThe two also discussed climate finance."
    )
    assert meet(text, "en").date == "2017-04-27"


def test_a_city_dateline_under_a_later_page_stamp() -> None:
    # 27 October 2023 was a Friday; the stamp is the day the page was updated
    text = (
        " date 2023-11-01 © Provided by Xinhua\n\nWASHINGTON, Oct. 27 (Xinhua) -- Envoys Li Wei and Mark Stone "
        "held talks on Thursday on shipping rules.\n\nThey plan a summit of their leaders in San Francisco."
    )
    m = meet(text, "en")
    assert (m.date, m.place) == ("2023-10-26", "Washington")


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


# ----------------------------------------------------------------------------- places

PLACES = [
    # the city in a later sentence of the first paragraph, under a headline glued to it (no full stop)
    (
        "de",
        "Willkommen\n\nMüller und Dupont beraten über Afrika\nAußenminister Hans Müller traf am 12.03. seinen "
        "Kollegen Jean Dupont. Im Mittelpunkt des Gesprächs stand der Sudan. Dupont ist auf seiner Europareise "
        "für einen Tag in Hamburg.",
        "Hamburg",
    ),
    # a meeting the clause puts ahead is not this one
    (
        "de",
        "Die Außenminister Hans Müller, Jan Nowak und Pierre Blanc planen ihr nächstes Treffen in Prag. Am Montag "
        "waren sie in Wien zusammengekommen.",
        "Wien",
    ),
    # the meeting's own day, written again in a numbered joint statement, with its city
    (
        "en",
        "Six ministers held talks chaired by Anna Berg.\n\nThey issued a joint text at the end.\n\n"
        "It reads as follows:\n\nJoint Ministerial statement\n\n1. The six ministers held a meeting on 12 March "
        "2021 in Geneva to review the water accord. Anna Berg chaired it.\n\n2. Ministers recalled that the "
        "accord remains in force.",
        "Geneva",
    ),
    # on the sidelines of a conference elsewhere: where the meeting sat, not where the agency wrote
    (
        "it",
        "Roma, 3 mar. (Agenzia) – Paolo Rossi ha incontrato il collega francese Jean Dupont. Rossi ne ha parlato "
        "con i giornalisti a margine del vertice NATO in corso a Bruxelles.",
        "Bruxelles",
    ),
    # Japanese: the guest welcomed to a city ("…に来られ")
    (
        "ja",
        "外相会談\n\n5月3日，林外務大臣は，フランスのデュポン外務大臣と会談しました。\n\n"
        "デュポン外相からは，長崎に来られたことを光栄に思う旨発言がありました。",
        "長崎",
    ),
    # "City ; text": a page that lost its dash
    (
        "pt",
        "Lisboa ; Os chanceleres Mauro Vieira e Paulo Rangel reuniram-se para preparar a cimeira bilateral.",
        "Lisboa",
    ),
    # a preposition opening the sentence, in capitals
    (
        "ru",
        "Министры обсудили транзит газа\n\nВ Вене, по сообщению пресс-службы, прошла встреча министров "
        "иностранных дел Ивана Петрова и Олега Сидоренко.",
        "Вена",
    ),
    # the city of a conference named by its adjective ("Мюнхенської конференції")
    (
        "uk",
        "Під час участі в роботі Мюнхенської конференції з питань безпеки Міністр Андрій Сибіга провів зустріч з "
        "Міністром закордонних справ Литви Кястутісом Будрісом.",
        "Мюнхен",
    ),
    (
        "ru",
        "На полях Мюнхенской конференции Министр Иван Петров провёл переговоры с Министром Литвы Йонасом Петрайтисом.",
        "Мюнхен",
    ),
    # a sidelines phrase names the event by its short name; a later sentence places it
    (
        "fa",
        "وزیران خارجه ایران و ترکیه درباره تجارت مرزی گفتگو کردند.\n\n"
        "خبرگزاری از آنکارا نوشت که «هاکان فیدان» با «عباس عراقچی» دیدار کرد.\n\n"
        "این دیدار در حاشیه نشست سازمان همکاری اقتصادی (اکو) برگزار شد و دو طرف بر گسترش همکاری تاکید کردند.\n\n"
        "دو وزیر همچنین درباره تحولات منطقه ای نیز گفتگو کردند.\n\n"
        "سفیران دو کشور نیز در این دیدار حضور داشتند.\n\n"
        "وزیران پیش تر در اجلاس (اکو) در تبریز حضور یافته بودند.",
        "تبریز",
    ),
    # the guest welcomed to a city: where the travel went
    (
        "en",
        "Minister Jane Cole welcomed her Indonesian counterpart Budi Santoso to Brisbane on Friday for annual talks.",
        "Brisbane",
    ),
    # a dateline under a headline the page repeats
    (
        "kk",
        "Қазақстан мен Өзбекстан су мәселесін талқылады.\n— ИА Агенттік Қазақстан мен Өзбекстан су мәселесін "
        "талқылады.\n\nТашкент, 2025 жылғы 3 наурыз – Агенттік ақпараттық агенттігі . Ташкентке жұмыс сапары "
        "барысында министр Асқар Омаров Бахтияр Саидовпен кездесті.",
        "Ташкент",
    ),
]


@pytest.mark.parametrize(("lang", "text", "place"), PLACES, ids=[f"{p[0]}-{i}" for i, p in enumerate(PLACES)])
def test_the_meeting_city_where_the_release_states_it(lang: str, text: str, place: str) -> None:
    assert meet(text, lang).place == place


def test_a_city_with_a_suffix_after_a_future_mark_is_another_meeting() -> None:
    text = (
        "Мемлекет басшысы Түркия министрі Мевлют Чавушоғлумен онлайн-кездесу өткізді.\n"
        "Мемлекет басшысы келесі аптада Шымкентте өтетін комиссия отырысы серіктестікті дамытады деп сенеді."
    )
    assert meet(text, "kk").place is None


def test_a_welcome_without_a_destination_is_no_travel() -> None:
    text = (
        "Minister Jane Cole met minister Budi Santoso in Geneva. They welcomed the accord signed in Vienna."
    )
    assert meet(text, "en").place == "Geneva"
