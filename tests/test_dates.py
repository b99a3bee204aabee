"""The one date grammar (communique/analysis/dates.py): absolute and partial dates in every language
that names its months, weekdays, relative days, due dates against the release date, and the month
and weekday names of each language file checked against CLDR. Sentences written for these tests."""

from __future__ import annotations

import pytest

from communique import summarize
from communique.analysis import dates
from communique.analysis.dates import Ref, find_dates, normalize_due
from communique.lang import available_languages, resources

# one sentence per language with month names: (language, text, ISO of its one date)
ABSOLUTE = [
    ("ru", "Переговоры прошли 14 ноября 2019 года в Сочи.", "2019-11-14"),
    ("ru", "Встреча состоялась 1-го декабря 2017 г. в Вене.", "2017-12-01"),
    ("en", "The ministers met on the 5th September 2016 in Hangzhou.", "2016-09-05"),
    ("en", "They met in Hanoi on Feb. 27, 2019.", "2019-02-27"),
    ("kk", "Кездесу 2019 жылғы 14 қараша күні өтті.", "2019-11-14"),
    ("fr", "Les ministres se sont rencontrés le 1er juillet 2021 à Rome.", "2021-07-01"),
    ("fr", "Réunion du 3 fevrier 2022 à Genève.", "2022-02-03"),
    ("de", "Die Außenminister trafen sich am 7. Oktober 2020 in Tallinn.", "2020-10-07"),
    ("es", "Los cancilleres se reunieron el 2 de marzo del 2020 en Lima.", "2020-03-02"),
    ("uk", "Міністри зустрілися 9 липня 2021 року в Києві.", "2021-07-09"),
    ("tr", "Bakanlar 11 Nisan 2022 tarihinde Ankara'da bir araya geldi.", "2022-04-11"),
    ("pl", "Ministrowie spotkali się 4 marca 2020 r. w Pradze.", "2020-03-04"),
    ("it", "I ministri si sono incontrati il 6 giugno 2019 a Bari.", "2019-06-06"),
    ("pt", "Os chanceleres reuniram-se em 8 de novembro de 2018 em Lisboa.", "2018-11-08"),
    ("pt", "Reunião de 3 de marco de 2021 em Brasília.", "2021-03-03"),
    ("ar", "التقى الوزيران في 12 تشرين الأول 2021 في بغداد.", "2021-10-12"),
    ("ar", "عقد الاجتماع يوم ٥ يونيو ٢٠٢٢ في القاهرة.", "2022-06-05"),
    ("fa", "دو وزیر در ۱۵ ژوئیه ۲۰۲۱ در تهران دیدار کردند.", "2021-07-15"),
    ("zh", "两国外长于2019年11月14日在北京举行会谈。", "2019-11-14"),
    ("ja", "両外相は令和3年7月9日に会談した。", "2021-07-09"),
    ("ja", "両外相は令和元年9月2日に会談した。", "2019-09-02"),
]


@pytest.mark.parametrize(
    ("lang", "text", "iso"), ABSOLUTE, ids=[f"{a[0]}-{i}" for i, a in enumerate(ABSOLUTE)]
)
def test_absolute_dates(lang: str, text: str, iso: str) -> None:
    (d,) = find_dates(text)
    assert d.iso() == iso


def test_every_language_with_months_is_exercised() -> None:
    named = {c for c in available_languages() if resources(c).get("dates.months")}
    assert named <= {lang for lang, _, _ in ABSOLUTE}


@pytest.mark.parametrize(
    ("text", "month", "day"),
    [
        ("Переговоры прошли 14 ноября в Сочи.", 11, 14),
        ("They met on March 3 in Geneva.", 3, 3),
        ("Les ministres se sont vus le 12 mai.", 5, 12),
        ("Die Minister trafen sich am 13. April.", 4, 13),
        ("両外相は7月9日に会談した。", 7, 9),
    ],
)
def test_partial_dates_take_the_year_they_are_given(text: str, month: int, day: int) -> None:
    (d,) = find_dates(text)
    assert (d.year, d.month, d.day) == (None, month, day)
    assert d.iso() is None and d.iso(2021) == f"2021-{month:02d}-{day:02d}"


def test_a_number_is_no_date_and_a_year_word_stays_with_its_date() -> None:
    assert find_dates("The sides signed 5 agreements worth 300 million.") == []
    (d,) = find_dates("Warszawa, 20 marca 2024 r. – Ministrowie")
    assert "Warszawa, 20 marca 2024 r."[d.start : d.end] == "20 marca 2024 r."


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("ce jeudi 8 novembre", 3),
        ("este viernes 8 de octubre", 4),
        ("в среду, 3 марта", 2),
        ("4月2日（星期日）", 6),
    ],
)
def test_weekdays_of_every_script(text: str, weekday: int) -> None:
    assert dates.weekday_in(text, last=True) == weekday


def test_the_weekday_picks_the_year() -> None:
    # 8 November fell on a Thursday in 2018, not in 2017 or 2019
    assert dates.weekday_year(11, 8, 3, [2017, 2019, 2018]) == 2018
    assert dates.weekday_year(11, 8, 3, [2017, 2019]) is None


@pytest.mark.parametrize(
    ("lang", "text", "offset"),
    [
        ("en", "The ministers met today in Astana.", 0),
        ("en", "The ministers met yesterday in Astana.", -1),
        ("ru", "Вчера министры провели переговоры.", -1),
        ("ru", "Сегодня министры провели переговоры.", 0),
        ("zh", "昨天，两国外长举行会谈。", -1),
        ("zh", "今天，两国外长举行会谈。", 0),
        ("en", "The ministers met in Astana.", None),
    ],
)
def test_relative_days(lang: str, text: str, offset: int | None) -> None:
    assert dates.relative_day(text, lang) == offset


REF = Ref.parse("2018-06-14")


@pytest.mark.parametrize(
    ("lang", "text", "due"),
    [
        ("en", "to meet again in March", "2019-03"),
        ("en", "to meet again in September", "2018-09"),
        ("en", "to hold the next round on 3 February", "2019-02-03"),
        ("en", "to sign the plan in May 2019", "2019-05"),
        ("en", "the sides may consider new steps", None),  # a verb, not the month
        ("en", "to resume the talks next year", "2019"),
        ("en", "to meet in the near future", "soon"),  # a period, no date
        ("en", "in the first half of next year", "2019-H1"),
        ("en", "to carry out the programme for 2019-2020", "2019-2020"),
        ("ru", "провести заседание в марте", "2019-03"),
        ("ru", "встретиться 3 февраля 2019 года", "2019-02-03"),
        ("pt", "para o novo marco de cooperação", None),  # "marco": a framework, not March
        ("pt", "reunir-se em março", "2019-03"),
        ("fa", "وزیر از میزبانی تشکر کرد", None),  # "می" opens verbs: no month without a whole word
        ("zh", "双方商定于2019年9月10日举行会议", "2019-09-10"),
        ("zh", "双方商定十一月举行会议", "2018-11"),
    ],
)
def test_due_dates_against_the_release_date(lang: str, text: str, due: str | None) -> None:
    assert normalize_due(text, lang, REF) == due


def test_each_language_compiles_its_months_once_into_one_alternation() -> None:
    rx = dates.month_rx("ru")
    assert rx is not None and rx is dates.month_rx("ru")
    m = rx.search("в декабре")
    assert m is not None and m.group("m12") == "декабре"
    assert dates.month_rx("ja") is None  # months written with digits alone


@pytest.mark.parametrize("lang", [c for c in available_languages() if c != "ja"])
def test_month_and_weekday_names_cover_cldr(lang: str) -> None:
    """Every CLDR month and weekday name (wide, in both contexts) reads as its month and weekday."""
    babel = pytest.importorskip("babel")
    loc = babel.Locale.parse(lang)
    rx = dates.month_rx(lang)
    assert rx is not None
    for ctx in ("format", "stand-alone"):
        for n, name in loc.months[ctx]["wide"].items():
            m = rx.fullmatch(name)
            assert m is not None and m.group(f"m{n}") is not None, (lang, name)
        for n, name in loc.days[ctx]["wide"].items():
            assert dates.weekday_in(name) == n, (lang, name)


def test_dates_through_the_public_api() -> None:
    text = (
        "Переговоры министров иностранных дел\n\n"
        "Москва, 14 ноября 2019 г. – Министр иностранных дел России Сергей Лавров провел переговоры с "
        "Министром иностранных дел Финляндии Пеккой Хаависто.\n\n"
        "Стороны договорились провести следующий раунд консультаций в марте."
    )
    r = summarize(text, lang="ru")
    assert r.meeting.date == "2019-11-14"
    assert [s.due for s in r.next_steps] == ["2020-03"]


# the release's own day resolves "yesterday", "today" and a weekday named for the meeting
RELATIVE = [
    # 13 March 2024 was a Wednesday: "on Monday" is the 11th
    (
        "en",
        "TASHKENT, March 13, 2024 – The Minister of Foreign Affairs of Uzbekistan Bakhtiyor Saidov held "
        "talks on Monday with the Minister of Foreign Affairs of Kazakhstan Murat Nurtleu.",
        "2024-03-11",
    ),
    # an agency dateline without a year (3 November 2021 was a Wednesday)
    (
        "en",
        "BEIJING, Nov. 3 (Xinhua) -- Chinese Foreign Minister Wang Yi met on Tuesday with Hungarian "
        "Foreign Minister Peter Szijjarto in Beijing, his first guest of 2021.",
        "2021-11-02",
    ),
    # a meeting still to come keeps the dateline's day
    (
        "en",
        "WASHINGTON, June 7, 2019 – Secretary Pompeo will meet on Monday with Foreign Minister Marise Payne.",
        "2019-06-07",
    ),
    (
        "ru",
        "Москва, 12 марта. /ТАСС/. Министр иностранных дел России Сергей Лавров провел вчера переговоры с "
        "Министром иностранных дел Египта Самехом Шукри. Стороны подвели итоги 2019 года.",
        "2019-03-11",
    ),
    (
        "ru",
        "Москва, 12 марта 2019 г. – Сегодня Министр иностранных дел России Сергей Лавров провел переговоры "
        "с Министром иностранных дел Египта Самехом Шукри.",
        "2019-03-12",
    ),
    ("zh", "新华社北京3月12日电 2019年，外交部长王毅昨天在北京同埃及外长舒克里举行会谈。", "2019-03-11"),
    ("zh", "新华社北京3月12日电 2019年，外交部长王毅今天在北京同埃及外长舒克里举行会谈。", "2019-03-12"),
    ("zh", "新华社北京3月13日电 2024年，外交部长王毅周一在北京同埃及外长舒克里举行会谈。", "2024-03-11"),
]


@pytest.mark.parametrize(
    ("lang", "text", "iso"), RELATIVE, ids=[f"{r[0]}-{i}" for i, r in enumerate(RELATIVE)]
)
def test_relative_days_resolve_against_the_dateline(lang: str, text: str, iso: str) -> None:
    assert summarize(text, lang=lang).meeting.date == iso


def test_an_agency_dateline_is_read_once_with_its_place() -> None:
    text = (
        "Москва, 12 марта. /ТАСС/. Министр иностранных дел России Сергей Лавров провел переговоры с "
        "Министром иностранных дел Египта Самехом Шукри. Стороны подвели итоги 2019 года."
    )
    r = summarize(text, lang="ru")
    assert (r.meeting.date, r.meeting.place) == ("2019-03-12", "Москва")


def test_last_weekday() -> None:
    from datetime import date

    wed = date(2024, 3, 13)
    assert dates.last_weekday(wed, 0) == date(2024, 3, 11)
    assert dates.last_weekday(wed, 2) == wed  # the release's own weekday: that day
    assert dates.last_weekday(wed, 3) == date(2024, 3, 7)


# ----------------------------------------------------------------------------- other calendars

HIJRI = [
    # the lunar Hijri date beside the Gregorian one: both give the same day
    (
        "استقبل الوزير نظيره في الرياض يوم ١٤ رجب ١٤٤٥ هـ الموافق ٢٦ يناير ٢٠٢٤م.",
        ["2024-01-26", "2024-01-26"],
    ),
    # the Hijri date alone, Western digits, the era mark written apart
    ("وعقد الاجتماع في 1 رمضان 1444 هـ بمقر الوزارة.", ["2023-03-23"]),
    ("جرى اللقاء يوم 10 ذو الحجة 1443 ه في مكة.", ["2022-07-09"]),
    # Persian: Solar Hijri days (Persian digits), across a leap year's last day
    ("وزیر امور خارجه روز ۱۵ دی ۱۴۰۲ در تهران با همتای خود دیدار کرد.", ["2024-01-05"]),
    ("این نشست در ۳۰ اسفند ۱۴۰۳ برگزار شد.", ["2025-03-20"]),
    ("گفتگو در ۱ فروردین ۱۳۹۹ انجام شد.", ["2020-03-20"]),
    # the lunar calendar as Persian writes it
    ("دیدار در ۱۴ رجب ۱۴۴۵ ق انجام شد.", ["2024-01-26"]),
]


@pytest.mark.parametrize(("text", "isos"), HIJRI)
def test_hijri_dates_read_as_their_gregorian_day(text: str, isos: list[str]) -> None:
    assert [d.iso() for d in find_dates(text)] == isos


@pytest.mark.parametrize(
    "text",
    [
        "وزیر گفت که ۳۰ اسفند ۱۴۰۲ را به یاد دارد.",  # 1402 is no leap year: no 30 Esfand
        "رجب 1445",  # no day: no date
        "گفت دی ۱۴۰۲ سال سختی بود.",  # a month and a year, no day
        "Он сказал, что 14 рублей 1445 года.",
    ],
)
def test_no_date_from_other_calendars_without_a_day(text: str) -> None:
    assert find_dates(text) == []


def test_range_words_come_from_each_language() -> None:
    ref = Ref(2018)
    assert normalize_due("programme from 2019 to 2021", "en", ref) == "2019-2021"
    assert normalize_due("Programm 2019 bis 2020", "de", ref) == "2019-2020"
    assert normalize_due("программа на 2019 по 2020 годы", "ru", ref) == "2019-2020"
