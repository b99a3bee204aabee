"""Meeting facts (communique/analysis/meeting.py): date, place, participants and kind, per language.

The releases below are written for these tests (real meetings, our own sentences).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.analysis.dates import find_dates
from communique.core import analyse, load
from communique.document import Source
from communique.options import Options
from communique.readout import Meeting


def meet(text: str, lang: str, date: str | None = None) -> Meeting:
    src = Source(name="<test>", text=text, date=date)
    doc = analyse(src, Options(lang=lang))
    assert doc.meeting is not None
    return doc.meeting


def names(m: Meeting) -> list[str]:
    return [p.name for p in m.participants]


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Астана, 3 мая 2018 год -", "2018-05-03"),
        ("12 февраля 2020 г. в Москве", "2020-02-12"),
        ("May 3, 2018", "2018-05-03"),
        ("on 3 May 2018", "2018-05-03"),
        ("Oct. 1, 2018", "2018-10-01"),
        ("le 3 mai 2018", "2018-05-03"),
        ("le 1er mars 2019", "2019-03-01"),
        ("am 13. April 2015", "2015-04-13"),
        ("el 7 de junio de 2019", "2019-06-07"),
        ("2 червня 2020 року", "2020-06-02"),
        ("2020 жылғы 9 қыркүйек", "2020-09-09"),
        ("2018年5月3日", "2018-05-03"),
        ("في ١٥ مايو ٢٠١٩", "2019-05-15"),
        ("في 3 أيار 2018", "2018-05-03"),
        ("8 تشرين الثاني 2018", "2018-11-08"),
        ("03.05.2018", "2018-05-03"),
        ("2018-05-03", "2018-05-03"),
    ],
)
def test_find_dates_every_language(text: str, iso: str) -> None:
    (d,) = find_dates(text)
    assert d.iso() == iso


def test_date_without_year_takes_the_dateline_year() -> None:
    (d,) = find_dates("ce jeudi 8 novembre")
    assert d.year is None and d.iso(2018) == "2018-11-08"


def test_weekday_date_beats_the_dateline() -> None:
    text = (
        "Außenminister treffen sich in Paris\n\n"
        "15.01.2019 – Pressemitteilung\n\n"
        "Außenminister Heiko Maas hat am Montagabend (14. Januar) in Paris seinen Amtskollegen "
        "Jean-Yves Le Drian getroffen."
    )
    assert meet(text, "de").date == "2019-01-14"


def test_dateline_beats_a_conference_date() -> None:
    text = (
        "Встреча с послом\n\n"
        "Астана, 4 апреля 2019 года – Министр иностранных дел Казахстана Бейбут Атамкулов принял "
        "Посла Японии Ясухиро Кавамуру.\n\n"
        "Стороны обсудили подготовку к конференции, которая пройдет 20-21 мая 2019 года в Токио."
    )
    m = meet(text, "ru")
    assert m.date == "2019-04-04"
    assert m.place == "Астана"


def test_date_from_metadata_when_the_text_says_today() -> None:
    text = "Secretary meets Foreign Minister\n\nSecretary Antony J. Blinken met today with Foreign Minister Wang Yi."
    assert meet(text, "en", date="2021-10-31").date == "2021-10-31"


def test_year_completed_from_the_text() -> None:
    text = (
        "О телефонном разговоре\n\n"
        "14 января Министр иностранных дел России С.В.Лавров провел телефонный разговор с "
        "Министром иностранных дел Франции Ж.-И.Ле Дрианом.\n\n"
        "Министры обсудили подготовку встречи в Париже, намеченной на февраль 2021 года."
    )
    assert meet(text, "ru").date == "2021-01-14"


# ----------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("lang", "text", "place"),
    [
        (
            "ru",
            "Встреча министров\n\nГлава МИД Беларуси Владимир Макей и Министр иностранных дел Австрии Александр Шалленберг провели переговоры 12 ноября 2019 года в Минске.",
            "Минск",
        ),
        (
            "ru",
            "Переговоры\n\n5 июня 2019 года в Астане состоялась встреча Министра иностранных дел Казахстана Бейбута Атамкулова с Министром иностранных дел Египта Самехом Шукри.",
            "Астана",
        ),
        (
            "uk",
            "Переговори\n\n5 жовтня 2020 року у Берліні відбулася зустріч глави МЗС України Дмитра Кулеби з німецьким колегою Гайко Маасом.",
            "Берлін",
        ),
        (
            "uk",
            "Візит\n\nПід час візиту до Варшави 3 липня 2020 року очільник МЗС України Дмитро Кулеба зустрівся з Міністром закордонних справ Польщі Яцеком Чапутовичем.",
            "Варшава",
        ),
        (
            "kk",
            "Кездесу\n\n2021 жылғы 5 сәуір күні Мәскеуде ҚР СІМ басшысы Мұхтар Тілеуберді ресейлік әріптесі Сергей Лавровпен кездесті.",
            "Мәскеу",
        ),
        (
            "fr",
            "Entretien\n\nLe ministre Jean-Yves Le Drian s'est entretenu à Paris le lundi 4 mars 2019 avec son homologue russe, M. Sergueï Lavrov.",
            "Paris",
        ),
        (
            "en",
            "Foreign Ministers meet\n\nOn 7 June 2019, Foreign Minister Heiko Maas met Foreign Minister Wang Yi in New Delhi.",
            "New Delhi",
        ),
        (
            "es",
            "Reunión\n\nEl canciller Marcelo Ebrard se reunió el 3 de marzo de 2020 en Madrid con la ministra de Asuntos Exteriores de España, Arancha González Laya.",
            "Madrid",
        ),
        (
            "zh",
            "王毅会见俄罗斯外长\n\n2019年7月31日，国务委员兼外长王毅在曼谷会见俄罗斯外长拉夫罗夫。",
            "曼谷",
        ),
        (
            "ar",
            "لقاء وزيري الخارجية\n\nعمان، 3 أيار 2018 – استقبل وزير الخارجية أيمن الصفدي نظيره الألماني هايكو ماس في عمان.",
            "عمان",
        ),
    ],
)
def test_place_in_base_form(lang: str, text: str, place: str) -> None:
    assert meet(text, lang).place == place


def test_dateline_city() -> None:
    text = "Talks in Astana\n\nAstana, 16 May 2018 – Foreign Minister Kairat Abdrakhmanov held talks with Foreign Minister of Latvia Edgars Rinkēvičs."
    assert meet(text, "en").place == "Astana"


def test_phone_call_has_no_place_even_under_a_dateline() -> None:
    text = (
        "Telephone conversation\n\n"
        "Astana, 12 May 2020 – Foreign Minister Mukhtar Tileuberdi had a telephone conversation with "
        "Foreign Minister of Hungary Péter Szijjártó.\n\n"
        "The ministers agreed to meet in Budapest later this year."
    )
    m = meet(text, "en")
    assert (m.kind, m.place) == ("phone-call", None)


# ----------------------------------------------------------------------------- participants


def test_russian_names_back_to_nominative_and_initials_resolved() -> None:
    text = (
        "К. Абдрахманов принял Генерального секретаря ОБСЕ\n\n"
        "Астана, 10 апреля 2018 года – Состоялась встреча Министра иностранных дел Казахстана Кайрата "
        "Абдрахманова с Генеральным секретарем ОБСЕ Томасом Гремингером.\n\n"
        "К. Абдрахманов напомнил о визите Президента Финляндии Саули Ниинистё."
    )
    m = meet(text, "ru")
    assert names(m) == ["Кайрат Абдрахманов", "Томас Гремингер"]
    assert [p.affiliation for p in m.participants] == ["Kazakhstan", "OSCE"]
    assert [p.role for p in m.participants] == ["Министр иностранных дел", "Генеральный секретарь"]


def test_instrumental_and_indeclinable_names() -> None:
    text = (
        "Переговоры\n\n"
        "В Москве 15 марта 2019 года прошла беседа Министра иностранных дел России Сергея Лаврова "
        "с президентом Международного комитета Красного Креста Петером Маурером и Франческо Рокка."
    )
    m = meet(text, "ru")
    assert names(m)[:2] == ["Сергей Лавров", "Петер Маурер"]
    assert m.participants[1].affiliation == "ICRC"


def test_indeclinable_surname_stays_as_written() -> None:
    text = "Переговоры в Женеве\n\nЖенева, 20 июня 2019 год - Прошли переговоры Министра иностранных дел Казахстана Бейбута Атамкулова с президентом МФОКК Франческо Рокка."
    m = meet(text, "ru")
    assert names(m) == ["Бейбут Атамкулов", "Франческо Рокка"]
    assert m.participants[1].affiliation == "IFRC"


def test_glued_initials_are_kept() -> None:
    text = "О телефонном разговоре\n\n8 апреля 2020 года Министр иностранных дел России С.В.Лавров провел телефонный разговор с Министром иностранных дел Германии Х.Маасом."
    m = meet(text, "ru")
    assert names(m) == ["С.В.Лавров", "Х.Маас"]
    assert [p.affiliation for p in m.participants] == ["Russia", "Germany"]


def test_kazakh_case_suffix_removed() -> None:
    text = "Кездесу\n\nНұр-Сұлтан, 2020 жылғы 4 ақпан – Қазақстан Сыртқы істер министрі Мұхтар Тілеуберді Өзбекстан Сыртқы істер министрі Абдулазиз Камиловпен кездесті."
    assert names(meet(text, "kk")) == ["Мұхтар Тілеуберді", "Абдулазиз Камилов"]


def test_people_merely_mentioned_are_not_participants() -> None:
    text = (
        "Foreign Minister receives counterpart\n\n"
        "Astana, 2 April 2019 – Minister of Foreign Affairs Beibut Atamkulov received Minister of Foreign "
        "Affairs of the United Arab Emirates Sheikh Abdullah bin Zayed Al Nahyan.\n\n"
        "Minister Atamkulov recalled the visit of President Nursultan Nazarbayev to Abu Dhabi."
    )
    m = meet(text, "en")
    assert names(m) == ["Beibut Atamkulov", "Abdullah bin Zayed Al Nahyan"]
    assert m.participants[1].affiliation == "United Arab Emirates"


def test_surname_after_a_title_resolves_to_the_full_name() -> None:
    text = (
        "Joint Statement on the visit of the President of Mongolia\n\n"
        "The President of Mongolia, H.E. Mr. Khaltmaagiin Battulga, was on a State Visit to India.\n\n"
        "On 20 September 2019, President Battulga held delegation-level talks in New Delhi with India's Prime Minister, Shri Narendra Modi."
    )
    m = meet(text, "en")
    assert names(m) == ["Khaltmaagiin Battulga", "Narendra Modi"]
    assert (m.kind, m.place, m.date) == ("joint-statement", "New Delhi", "2019-09-20")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "fr",
            "Jean-Yves Le Drian reçoit son homologue allemand\n\nLe ministre de l'Europe et des affaires étrangères, Jean-Yves Le Drian, a accueilli le vendredi 14 février 2020 à Paris M. Heiko Maas, ministre fédéral allemand des affaires étrangères.",
            ["Jean-Yves Le Drian", "Heiko Maas"],
        ),
        (
            "de",
            "Außenminister Maas trifft japanischen Amtskollegen\n\n10.01.2020 – Außenminister Heiko Maas hat am Freitag (10. Januar) in Tokio seinen japanischen Amtskollegen Toshimitsu Motegi getroffen.",
            ["Heiko Maas", "Toshimitsu Motegi"],
        ),
        (
            "es",
            "Reunión\n\nEl canciller Marcelo Ebrard se reunió el lunes 15 de julio de 2019 en Buenos Aires con el canciller de Argentina, Jorge Faurie.",
            ["Marcelo Ebrard", "Jorge Faurie"],
        ),
        (
            "uk",
            "Переговори\n\n15 жовтня 2020 року у Вільнюсі Міністр закордонних справ України Дмитро Кулеба провів зустріч з Міністром закордонних справ Литви Лінасом Лінкявічюсом.",
            ["Дмитро Кулеба", "Лінас Лінкявічюс"],
        ),
        (
            "zh",
            "王毅会见哈萨克斯坦外长\n\n2019年9月11日，国务委员兼外长王毅在北京会见哈萨克斯坦外长阿塔姆库洛夫。",
            ["王毅", "阿塔姆库洛夫"],
        ),
        (
            "ar",
            "لقاء\n\nالقاهرة في ١٥ مايو ٢٠١٩ - التقى وزير الخارجية سامح شكري مع وزير الخارجية الروسي سيرغي لافروف في القاهرة اليوم.",
            ["سامح شكري", "سيرغي لافروف"],
        ),
    ],
)
def test_participants_per_language(lang: str, text: str, expected: list[str]) -> None:
    assert names(meet(text, lang)) == expected


# ----------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [
        (
            "ru",
            "О телефонном разговоре Министра\n\n5 июня 2020 года состоялся телефонный разговор Министра иностранных дел Армении Зограба Мнацаканяна с Министром иностранных дел Грузии Давидом Залкалиани.",
            "phone-call",
        ),
        (
            "en",
            "Readout\n\nSecretary Antony J. Blinken spoke by phone today with Indian External Affairs Minister Subrahmanyam Jaishankar.",
            "phone-call",
        ),
        (
            "en",
            "Trilateral meeting\n\nAshgabat, 4 March 2021 – Foreign Minister of Turkmenistan Rashid Meredov, Foreign Minister of Azerbaijan Jeyhun Bayramov and Foreign Minister of Turkey Mevlüt Çavuşoğlu held a meeting in Ashgabat.",
            "multilateral",
        ),
        (
            "de",
            "Außenministertreffen im Normandie-Format\n\nDie Außenminister kamen in Paris zusammen.",
            "multilateral",
        ),
        (
            "en",
            "Joint Statement of Kazakhstan and Finland\n\nThe two sides reaffirmed their commitment to cooperation.",
            "joint-statement",
        ),
        (
            "en",
            "Foreign Secretary welcomes the ceasefire in Libya\n\nThe Foreign Secretary, Dominic Raab, today welcomed the ceasefire agreement.",
            "statement",
        ),
        (
            "fr",
            "Entretien avec le ministre\n\nJean-Yves Le Drian a reçu ce jeudi son homologue, M. Jeremy Hunt.",
            "bilateral-meeting",
        ),
        (
            "zh",
            "王毅同俄罗斯外长通电话\n\n2020年4月1日，国务委员兼外长王毅应约同俄罗斯外长拉夫罗夫通电话。",
            "phone-call",
        ),
    ],
)
def test_kinds(lang: str, text: str, kind: str) -> None:
    assert meet(text, lang).kind == kind


def test_statement_has_speaker_and_no_place() -> None:
    m = meet(
        "Foreign Secretary welcomes the ceasefire\n\nThe Foreign Secretary, Dominic Raab, today welcomed the ceasefire in Libya.",
        "en",
    )
    assert (m.kind, m.place, names(m)) == ("statement", None, ["Dominic Raab"])


def test_unknown_language_still_gets_a_date() -> None:
    m = meet("Tapaaminen\n\nHelsinki, 3 May 2018 – Something happened.", "fi")
    assert m.date == "2018-05-03"


def test_date_opening_the_meeting_sentence_beats_the_dateline() -> None:
    text = (
        "Talks\n\nAstana, 5 May 2018 – On 4 May, Foreign Minister Kairat Abdrakhmanov met with "
        "Foreign Minister of Latvia Edgars Rinkēvičs."
    )
    assert meet(text, "en").date == "2018-05-04"


def test_a_dateline_city_is_not_a_person() -> None:
    text = "New Delhi, 1 October 2018 – Prime Minister Narendra Modi held talks with President Shavkat Mirziyoyev."
    m = meet(text, "en")
    assert names(m) == ["Narendra Modi", "Shavkat Mirziyoyev"]
    assert m.place == "New Delhi"


def test_arabic_name_before_its_role() -> None:
    text = (
        "لقاء\n\nالتقى سامح شكري وزير الخارجية، يوم الاثنين الموافق ١٣ مايو ٢٠١٩، "
        "مع نظيره الروسي سيرغي لافروف في سوتشي."
    )
    m = meet(text, "ar")
    assert names(m) == ["سامح شكري", "سيرغي لافروف"]
    assert m.participants[1].affiliation == "Russia"
    assert m.date == "2019-05-13"


def test_meeting_sentences() -> None:
    from communique.analysis.meeting import meeting_sentences

    doc = analyse(
        Source(name="t", text="Talks\n\nThe weather was fine.\n\nThe minister met his counterpart in Paris."),
        Options(lang="en"),
    )
    (s,) = meeting_sentences(doc)
    assert "met his counterpart" in s.text


def test_a_list_after_one_role_takes_the_countries_in_order() -> None:
    text = (
        "Treffen im Normandie-Format\n\n"
        "Paris, 6. Juni 2016 – Auf Einladung von Außenminister Jean-Marc Ayrault sind am Montag (6. Juni) die "
        "Außenminister Deutschlands, Russlands und der Ukraine, Frank-Walter Steinmeier, Sergej Lawrow und "
        "Pawlo Klimkin, in Paris zusammengekommen."
    )
    m = meet(text, "de")
    assert m.kind == "multilateral" and m.date == "2016-06-06" and m.place == "Paris"
    assert [(p.name, p.affiliation) for p in m.participants][1:] == [
        ("Frank-Walter Steinmeier", "Germany"),
        ("Sergej Lawrow", "Russia"),
        ("Pawlo Klimkin", "Ukraine"),
    ]


def test_chinese_local_time_is_not_a_city() -> None:
    text = "王毅会见美国国务卿\n\n当地时间2019年8月1日，国务委员兼外长王毅在曼谷出席外长会期间会见美国国务卿蓬佩奥。"
    m = meet(text, "zh")
    assert m.place == "曼谷"
    assert names(m) == ["王毅", "蓬佩奥"]
    assert m.participants[1].affiliation == "United States"


def test_names_without_a_role_take_the_case_of_the_word_before() -> None:
    text = (
        "Встреча С.В.Лаврова с Ван И на полях саммита ШОС\n\n"
        "13 июня 2019 года в Бишкеке на полях саммита ШОС состоялась встреча Министра иностранных дел России "
        "С.В.Лаврова с Министром иностранных дел КНР Ван И."
    )
    m = meet(text, "ru")
    assert m.kind == "bilateral-meeting"  # on the sidelines of a summit, still two people
    assert names(m) == ["С.В.Лавров", "Ван И"]
    assert [p.affiliation for p in m.participants] == ["Russia", "China"]


def test_a_nominative_in_the_title_is_preferred_to_a_guessed_one() -> None:
    text = (
        "Дмитро Кулеба та Жозеп Боррель обговорили безпекову ситуацію\n\n"
        "22 лютого 2021 року в Брюсселі Міністр закордонних справ України Дмитро Кулеба зустрівся з "
        "Високим представником ЄС Жозепом Боррелем."
    )
    m = meet(text, "uk")
    assert names(m) == ["Дмитро Кулеба", "Жозеп Боррель"]
    assert m.participants[1].role == "Високий представник"
    assert m.place == "Брюссель"


# ----------------------------------------------------------------------------- zh / ar releases, host affiliation

MEETING_DATA = Path(__file__).parent / "data" / "meeting"


@pytest.mark.parametrize("name", sorted(p.stem for p in MEETING_DATA.glob("*.txt")))
def test_releases_in_zh_and_ar(name: str) -> None:
    expected = json.loads((MEETING_DATA / f"{name}.json").read_text(encoding="utf-8"))
    m = analyse(load(MEETING_DATA / f"{name}.txt")).meeting
    assert m is not None
    assert m.kind == expected["kind"]
    assert m.date == expected["date"]
    assert m.place == expected["place"]
    assert [[p.name, p.affiliation] for p in m.participants] == expected["participants"]


def affiliations(m: Meeting) -> list[str | None]:
    return [p.affiliation for p in m.participants]


def test_host_title_implies_the_country() -> None:
    m = meet(
        "Secretary Pompeo meets Ukrainian Foreign Minister Prystaiko\n\n"
        "Secretary of State Michael R. Pompeo today received Ukrainian Foreign Minister Vadym Prystaiko in Washington. "
        "They discussed energy security.",
        "en",
    )
    assert affiliations(m) == ["United States", "Ukraine"]
    m = meet(
        "Entretien avec M. Sigmar Gabriel\n\nLe ministre de l'Europe et des affaires étrangères, Jean-Yves Le Drian, "
        "a échangé le 22 juin 2017 avec son homologue allemand, M. Sigmar Gabriel. Les ministres ont parlé de la Libye.",
        "fr",
    )
    assert affiliations(m) == ["France", "Germany"]


def test_host_from_the_signature_line() -> None:
    m = meet(
        "Außenminister treffen sich\n\nAußenminister Mukhtar Tileuberdi traf am 3. Mai 2019 den "
        "Außenminister Georgiens David Zalkaliani. Sie sprachen über den Handel.\n\n"
        "Pressedienst des Ministeriums für auswärtige Angelegenheiten\n\nPressestelle des MFA Kasachstan",
        "de",
    )
    assert affiliations(m) == ["Kazakhstan", "Georgia"]


def test_host_from_the_dateline_city() -> None:
    m = meet(
        "Talks in Astana\n\nAstana, 16 May 2018 – Foreign Minister Kairat Abdrakhmanov held talks with "
        "Foreign Minister of Georgia Mikheil Janelidze. They discussed transit.",
        "en",
    )
    assert affiliations(m) == ["Kazakhstan", "Georgia"]


def test_a_country_already_taken_is_not_given_to_the_host() -> None:
    m = meet(
        "Talks in Tbilisi\n\nTbilisi, 16 May 2018 – Foreign Minister Kairat Abdrakhmanov held talks with "
        "Foreign Minister of Georgia Mikheil Janelidze. They discussed transit.",
        "en",
    )
    assert affiliations(m)[1] == "Georgia" and affiliations(m)[0] != "Georgia"


def test_year_from_the_date_under_the_text_not_from_a_recalled_event() -> None:
    m = meet(
        "О заседании министров\n\n10 сентября в Москве под председательством Министра иностранных дел "
        "России С.В.Лаврова состоялось заседание Совета министров.\n\n"
        "Напомним, что предыдущее заседание прошло в мае 2019 года в Бишкеке.\n\n"
        "Министры обсудили подготовку саммита.\n\n10 сентября 2020 года",
        "ru",
    )
    assert m.date == "2020-09-10"


def test_two_month_names_with_a_slash() -> None:
    (d,) = find_dates("في 15 حزيران/يونيو 2020")
    assert d.iso() == "2020-06-15"


def test_an_adjective_after_the_role_before_the_name() -> None:
    m = meet(
        "Signature du traité\n\nLe Président de la République, Emmanuel Macron, et la Chancelière fédérale, "
        "Angela Merkel, ont signé le 22 janvier 2019 à Aix-la-Chapelle un traité de coopération franco-allemande. "
        "La France et l'Allemagne se concerteront avant chaque Conseil européen.",
        "fr",
    )
    assert names(m) == ["Emmanuel Macron", "Angela Merkel"]
    assert affiliations(m) == ["France", "Germany"]


def test_words_of_a_ministry_name_are_not_people() -> None:
    m = meet(
        "La ministra viaja a Rabat\n\nLa ministra de Asuntos Exteriores, Unión Europea y Cooperación, "
        "Arancha González Laya, se reunió el 24 de enero de 2020 en Rabat con su homólogo marroquí, "
        "Nasser Bourita. Ambos acordaron reforzar la cooperación.",
        "es",
    )
    assert names(m) == ["Arancha González Laya", "Nasser Bourita"]
    assert affiliations(m) == ["Spain", "Morocco"]


def test_participants_of_the_next_sentence_with_their_bracketed_countries() -> None:
    m = meet(
        "О заседании СМИД\n\n10 сентября 2020 года в Москве под председательством Министра иностранных дел "
        "России С.В.Лаврова состоялось заседание Совета министров иностранных дел.\n\n"
        "В заседании приняли участие С.Джайшанкар (Индия), М.Тлеуберди (Казахстан) и А.Камилов (Узбекистан).",
        "ru",
    )
    assert names(m) == ["С.В.Лавров", "С.Джайшанкар", "М.Тлеуберди", "А.Камилов"]
    assert affiliations(m) == ["Russia", "India", "Kazakhstan", "Uzbekistan"]


def test_a_city_in_its_case_is_not_a_person() -> None:
    m = meet(
        "Об итогах переговоров министров иностранных дел России, Азербайджана и Армении в Москве\n\n"
        "9 октября 2020 года в Москве состоялись переговоры Министра иностранных дел России С.В.Лаврова, "
        "Министра иностранных дел Азербайджана Д.А.Байрамова и Министра иностранных дел Армении З.Г.Мнацаканяна.",
        "ru",
    )
    assert "Москве" not in names(m) and "Москва" not in names(m)


def test_patterns_are_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full pipeline overflows re's own cache: our modules must keep their compiled patterns."""
    import re
    import sys

    text = (
        "Talks in Astana\n\nAstana, 16 May 2018 – Foreign Minister Kairat Abdrakhmanov held talks with "
        "Foreign Minister of Georgia Mikheil Janelidze in Astana. They agreed to meet again.\n\n"
        "Press Service, Ministry of Foreign Affairs of Kazakhstan"
    )
    meet(text, "en")  # warm the caches
    real = re._compile  # type: ignore[attr-defined]
    callers: list[str] = []

    def spy(*args: object, **kw: object) -> object:
        callers.append(sys._getframe(2).f_code.co_filename)
        return real(*args, **kw)

    monkeypatch.setattr(re, "_compile", spy)
    meet(text, "en")
    mine = [c for c in callers if c.endswith(("meeting.py", "entities.py", "text.py"))]
    assert not mine


def test_people_who_only_sent_or_initiated_are_absent() -> None:
    m = meet(
        "Об итогах переговоров\n\n9 октября 2020 года в Москве по инициативе Президента Российской Федерации "
        "В.В.Путина состоялись переговоры Министра иностранных дел России С.В.Лаврова и Министра иностранных дел "
        "Армении З.Г.Мнацаканяна.",
        "ru",
    )
    assert names(m) == ["С.В.Лавров", "З.Г.Мнацаканян"]
    m = meet(
        "ولي العهد يترأس القمة\n\nترأس الأمير محمد بن سلمان ولي العهد، نيابة عن خادم الحرمين الشريفين الملك "
        "سلمان بن عبدالعزيز آل سعود، اليوم أعمال القمة في الرياض يوم ٥ يناير ٢٠٢١.",
        "ar",
    )
    assert names(m) == ["محمد بن سلمان"]


def test_a_one_letter_chinese_given_name_in_cyrillic() -> None:
    m = meet(
        "О заседании\n\n10 сентября 2020 года в Москве под председательством Министра иностранных дел России "
        "С.В.Лаврова состоялось заседание Совета министров.\n\n"
        "В заседании приняли участие Ван И (Китай), С.Джайшанкар (Индия) и А.Камилов (Узбекистан).",
        "ru",
    )
    assert names(m) == ["С.В.Лавров", "Ван И", "С.Джайшанкар", "А.Камилов"]
    assert affiliations(m) == ["Russia", "China", "India", "Uzbekistan"]


@pytest.mark.parametrize(
    ("lang", "text", "place", "people"),
    [
        (
            "de",
            "Baerbock trifft Kuleba\n\nBundesaußenministerin Annalena Baerbock ist am Montag (3. Juni 2024) in "
            "Berlin mit ihrem ukrainischen Amtskollegen Dmytro Kuleba zusammengetroffen. Beide vereinbarten Hilfe.",
            "Berlin",
            [("Annalena Baerbock", "Germany"), ("Dmytro Kuleba", "Ukraine")],
        ),
        (
            "es",
            "Canciller se reúne con Blinken\n\nEl canciller Juan Ramón de la Fuente se reunió el 12 de noviembre de "
            "2024 en la Ciudad de México con el secretario de Estado de los Estados Unidos, Antony Blinken. "
            "México y Estados Unidos acordaron fortalecer la cooperación.",
            "Ciudad de México",
            [("Juan Ramón de la Fuente", "Mexico"), ("Antony Blinken", "United States")],
        ),
        (
            "ar",
            "الصفدي يبحث مع عبد العاطي\n\nعمّان ١٠ أكتوبر ٢٠٢٤ - أجرى أيمن الصفدي وزير الخارجية اتصالاً هاتفياً "
            "مع نظيره المصري بدر عبد العاطي بحثا خلاله الأوضاع في غزة.",
            None,
            [("أيمن الصفدي", "Jordan"), ("بدر عبد العاطي", "Egypt")],
        ),
        (
            "en",
            "Joint Statement of the U.S.-Japan Security Consultative Committee\n\nSecretary of State Antony Blinken, "
            "Secretary of Defense Lloyd Austin, Minister for Foreign Affairs Motegi Toshimitsu and Minister of "
            "Defense Kishi Nobuo met in Tokyo on March 16, 2021.",
            "Tokyo",
            [
                ("Antony Blinken", "United States"),
                ("Lloyd Austin", "United States"),
                ("Motegi Toshimitsu", "Japan"),
                ("Kishi Nobuo", "Japan"),
            ],
        ),
    ],
)
def test_names_places_and_sides(
    lang: str, text: str, place: str | None, people: list[tuple[str, str]]
) -> None:
    m = meet(text, lang)
    assert m.place == place
    assert [(p.name, p.affiliation) for p in m.participants] == people


@pytest.mark.parametrize(
    ("lang", "text", "place", "people"),
    [
        (  # "外交部长" is a title, not the signature of a ministry: Singapore must not become the host's
            "zh",
            "王毅会见新加坡外长维文\n\n2024年8月13日，外交部长王毅在北京会见新加坡外长维文。\n\n"
            "王毅表示，中新两国是友好近邻。\n\n维文表示，新方坚定奉行一个中国政策。",
            "北京",
            [("王毅", "China"), ("维文", "Singapore")],
        ),
        (  # a day number right after the name; the country written before its city
            "zh",
            "李强会见德国总理朔尔茨\n\n2024年4月16日，国务院总理李强16日在老挝万象会见德国总理朔尔茨。",
            "万象",
            [("李强", "China"), ("朔尔茨", "Germany")],
        ),
        (  # the news agency of the dateline names the host's country
            "ar",
            "وزير الخارجية يلتقي وزير خارجية الصين\n\nبكين 10 يناير 2022 (واس) - التقى الأمير فيصل بن فرحان "
            "بن عبدالله وزير الخارجية، اليوم، وزير خارجية جمهورية الصين الشعبية وانغ يي في مدينة ووشي.",
            "بكين",
            [("فيصل بن فرحان بن عبدالله", "Saudi Arabia"), ("وانغ يي", "China")],
        ),
        (  # a name of three words before its role, after a preposition
            "ar",
            "شكري يلتقي لودريان\n\nالتقى سامح شكري وزير الخارجية، يوم الأربعاء ٨ يوليو ٢٠٢٠، مع جان إيف لودريان "
            "وزير أوروبا والشؤون الخارجية الفرنسي في باريس.",
            "باريس",
            [("سامح شكري", None), ("جان إيف لودريان", "France")],
        ),
    ],
)
def test_zh_and_ar_hosts_and_names(
    lang: str, text: str, place: str | None, people: list[tuple[str, str | None]]
) -> None:
    m = meet(text, lang)
    assert m.place == place
    assert [(p.name, p.affiliation) for p in m.participants] == people


# ----------------------------------------------------------------------------- blind-set causes


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("9 kwietnia 2021 r.", "2021-04-09"),
        ("Roma, 3 marzo 2021 –", "2021-03-03"),
        ("22 Mart 2021", "2021-03-22"),
        ("5 de maio de 2021", "2021-05-05"),
        ("令和3年5月6日", "2021-05-06"),
        ("平成元年1月9日", "1989-01-09"),
    ],
)
def test_month_names_of_every_language_file_and_era_years(text: str, iso: str) -> None:
    (d,) = find_dates(text)
    assert d.iso() == iso


def test_a_past_marked_date_loses_to_the_dateline_under_the_text() -> None:
    m = meet(
        "Déplacement en Ukraine\n\nDepuis l'invasion, le 24 février, la France se tient aux côtés de l'Ukraine. "
        "La ministre Catherine Colonna s'est rendue ce mardi à Odessa, où elle a rencontré son homologue "
        "Dmytro Kouleba.\n\nParis, le 31 janvier 2023",
        "fr",
    )
    assert m.date == "2023-01-31"
    assert m.place == "Odessa"  # where she went, not where the ministry wrote


def test_a_future_event_date_is_not_the_meeting_date() -> None:
    m = meet(
        "О встрече\n\nМинистр иностранных дел России С.В.Лавров провел встречу с Министром иностранных дел "
        "Финляндии П.Хаависто. Заседание совета пройдет 21 октября.\n\nХельсинки, 18 октября 2019 года",
        "ru",
    )
    assert m.date == "2019-10-18"
    assert m.place == "Хельсинки"


def test_arabic_closing_dateline_and_a_past_meeting() -> None:
    m = meet(
        "اجتماع تشاوري\n\nعقد وزراء الخارجية اجتماعاً تشاورياً استكمالاً لاجتماعهم في الرياض في 10 آذار الماضي، "
        "بمشاركة نائب رئيس الوزراء وزير الخارجية وشؤون المغتربين أيمن الصفدي ووزير خارجية العراق فؤاد حسين "
        "ووزير الخارجية المصري سامح شكري.\n\nعمّان في 6 نيسان 2023",
        "ar",
    )
    assert m.date == "2023-04-06"
    assert m.place == "عمّان"  # as written, with its shadda
    assert names(m) == ["أيمن الصفدي", "فؤاد حسين", "سامح شكري"]
    assert affiliations(m)[1:] == ["Iraq", "Egypt"]


def test_arabic_city_and_dash_opening_the_text() -> None:
    m = meet(
        "مباحثات\n\nالقاهرة - التقى وزير الخارجية سامح شكري اليوم مع وزير خارجية اليونان نيكوس دندياس.",
        "ar",
        date="2021-02-03",
    )
    assert m.place == "القاهرة"
    assert m.date == "2021-02-03"


def test_a_princely_chain_takes_the_office_after_the_name() -> None:
    m = meet(
        "لقاء\n\nالتقى صاحب السمو الأمير فيصل بن فرحان وزير الخارجية، في الرياض يوم 3 مارس 2022، مع وزير "
        "خارجية الكويت أحمد ناصر المحمد الصباح.",
        "ar",
    )
    assert names(m)[0] == "فيصل بن فرحان"
    assert m.participants[0].role == "وزير الخارجية"


def test_the_weekday_chooses_the_year() -> None:
    # 14 September was a Tuesday in 2021 (a Saturday in 2019): "desde 2019" must not set the year
    m = meet(
        "Reunión bilateral\n\nEl martes 14 de septiembre, el canciller Marcelo Ebrard se reunió con el secretario "
        "de Estado Antony Blinken. Es la primera reunión de este tipo desde 2019.",
        "es",
    )
    assert m.date == "2021-09-14"


def test_today_takes_the_release_date() -> None:
    text = (
        "Телефонный разговор\n\nСегодня состоялся телефонный разговор Министра иностранных дел России С.В.Лаврова "
        "с Министром иностранных дел Египта С.Шукри, который вспомнил встречу 12 марта.\n\n5 апреля 2022 года"
    )
    assert meet(text, "ru").date == "2022-04-05"
    text = "Llamada\n\nAyer, el canciller Marcelo Ebrard sostuvo una llamada con la ministra Mélanie Joly."
    assert meet(text, "es", date="2022-06-10").date == "2022-06-09"


def test_japanese_names_before_their_titles_and_the_place() -> None:
    m = meet("外相会談\n\n2023年7月9日、上川外務大臣はジャカルタで王毅外交部長と会談しました。", "ja")
    assert names(m) == ["上川", "王毅"]
    assert m.kind == "bilateral-meeting"
    m = meet(
        "日中外相会談\n\n4月2日（日曜日）、林外務大臣は北京で秦剛外交部長と会談しました。",
        "ja",
        date="2023-04-03",
    )
    assert m.place == "北京"
    assert "日中" not in names(m)
    # a compound title written before the name; "重要で" is no place
    m = meet("会談\n\n5月6日、上川外務大臣は、国務委員兼外交部長王毅と会談しました。協力は重要であり、", "ja")
    assert names(m) == ["上川", "王毅"]
    assert m.place is None


def test_a_name_after_a_department_and_a_comma() -> None:
    m = meet(
        "Reunión\n\nEl canciller Marcelo Ebrard y la secretaria de Seguridad y Protección Ciudadana, Rosa Icela "
        "Rodríguez, recibieron al secretario de Estado Antony Blinken.",
        "es",
    )
    assert names(m) == ["Marcelo Ebrard", "Rosa Icela Rodríguez", "Antony Blinken"]


def test_japanese_dates_from_default_data() -> None:
    text = "外相会談\n\n令和5年4月3日\n\n4月2日（日曜日）、林外務大臣は北京で秦剛外交部長と会談しました。"
    assert meet(text, "ja").date == "2023-04-02"
    # a weekday alone picks the year: 2 April was a Sunday in 2023, not in 2022
    text = (
        "外相会談\n\n4月2日（日曜日）、林外務大臣は北京で秦剛外交部長と会談しました。2022年の合意を確認した。"
    )
    assert meet(text, "ja").date == "2023-04-02"


def test_a_building_is_not_the_city() -> None:
    m = meet(
        "Reunión\n\nEl canciller Marcelo Ebrard se reunió en Palacio Nacional, en la Ciudad de México, con el "
        "secretario de Estado Antony Blinken.",
        "es",
    )
    assert m.place == "Ciudad de México"


def test_a_label_line_is_not_a_place() -> None:
    m = meet(
        "Treffen in Peking\n\nPressemitteilung · 15.04.2023\n\nAußenministerin Annalena Baerbock traf heute in "
        "Peking ihren Amtskollegen Qin Gang.",
        "de",
    )
    assert m.place == "Peking"
    assert m.date == "2023-04-15"


def test_an_indeclinable_city_keeps_its_ending() -> None:
    m = meet(
        "Зустріч\n\nМіністр закордонних справ України Дмитро Кулеба провів у Гуанчжоу переговори з Міністром "
        "закордонних справ КНР Ван І. Це перший візит.",
        "uk",
    )
    assert m.place == "Гуанчжоу"
    assert names(m) == ["Дмитро Кулеба", "Ван І"]


def test_words_of_an_institution_name_are_not_people() -> None:
    m = meet(
        "Reunión\n\nEl canciller Marcelo Ebrard se reunió con el titular de la Secretaría de Seguridad y "
        "Protección Ciudadana, Rosa Icela Rodríguez, y con el secretario de Estado Antony Blinken.",
        "es",
    )
    assert "Protección Ciudadana" not in names(m)
    assert "Ciudadana" not in " ".join(names(m))
    assert "Antony Blinken" in names(m)


def test_a_surname_alone_merges_with_the_full_chinese_name() -> None:
    m = meet(
        "Secretary's Call with Director Wang\n\nSecretary of State Antony J. Blinken spoke today with Director "
        "Wang Huning. Secretary Blinken and Wang discussed trade.",
        "en",
        date="2021-03-02",
    )
    assert [n for n in names(m) if "Wang" in n] == ["Wang Huning"]


def test_senator_the_hon_is_an_honorific() -> None:
    m = meet(
        "Ministers meet\n\nCanberra, 5 May 2021 – Senator the Hon Penny Wong met Foreign Minister Nanaia Mahuta.",
        "en",
    )
    assert names(m) == ["Penny Wong", "Nanaia Mahuta"]


def test_month_words_that_are_names() -> None:
    m = meet(
        "Colloquio\n\nIl 3 maggio 2021 il Ministro degli Esteri Luigi Di Maio ha incontrato a Roma il Ministro "
        "degli Esteri turco Mevlüt Çavuşoğlu.",
        "it",
    )
    assert "Luigi Di Maio" in names(m)
    m = meet(
        "Meeting\n\nOn 3 June 2021, Foreign Minister Luigi Di Maio met Foreign Minister Sergey Lavrov in Rome.",
        "en",
    )
    assert "Luigi Di Maio" in names(m)


def test_capitals_are_uppercase_letters_only() -> None:
    from communique.analysis.meeting import _CAP, _CASED

    for low in ("że", "śmiało", "ştir", "ğ", "ıs", "łódź"):
        assert not _CASED.match(low), low
    for up in ("Łódź", "Świątek", "Şahin", "İzmir"):
        assert _CAP.match(up), up


def test_latin_script_case_endings_from_the_language_file() -> None:
    m = meet(
        "Rozmowa\n\nMinister spraw zagranicznych Zbigniew Rau rozmawiał z szefem dyplomacji Litwy Gabrielius "
        "Landsbergisem oraz z ministrem spraw zagranicznych Ukrainy Dmytro Kułebą.",
        "pl",
    )
    assert "Dmytro Kułeba" in names(m)
    assert "Gabrielius Landsbergis" in names(m)


def test_an_absent_cue_after_the_name() -> None:
    m = meet(
        "Görüşme\n\nAnkara, 4 Mayıs 2021 – Dışişleri Bakanı Mevlüt Çavuşoğlu, Cumhurbaşkanı Erdoğan adına "
        "Dışişleri Bakanı Luigi Di Maio ile görüştü.",
        "tr",
    )
    assert "Erdoğan" not in " ".join(names(m))
    assert m.date == "2021-05-04"


def test_host_country_from_the_publishing_site() -> None:
    src = Source(
        name="<test>",
        text="Talks\n\nForeign Minister Dmytro Kuleba held talks with Wang Yi. They discussed the war.",
        site="Ministry of Foreign Affairs of Ukraine",
        format="html",
    )
    doc = analyse(src, Options(lang="en"))
    assert doc.meeting is not None and doc.meeting.participants[0].affiliation == "Ukraine"


def test_a_place_tied_to_a_past_date_is_not_the_meeting_place() -> None:
    m = meet(
        "Talks in Oslo\n\nFollowing their talks in Geneva on 12 March last year, Foreign Minister Anniken "
        "Huitfeldt met Foreign Minister Ann Linde in Oslo on 4 April 2022.",
        "en",
    )
    assert m.place == "Oslo"
    assert m.date == "2022-04-04"


def test_a_party_body_is_not_a_person() -> None:
    m = meet(
        "Зустріч\n\n14 березня 2023 року Міністр закордонних справ України Дмитро Кулеба зустрівся з членом "
        "Політбюро ЦК КПК, Міністром закордонних справ КНР Ван І. Сторони обговорили безпеку.",
        "uk",
    )
    assert names(m) == ["Дмитро Кулеба", "Ван І"]
    assert affiliations(m) == ["Ukraine", "China"]


def test_dateline_city_followed_by_its_country() -> None:
    m = meet(
        "Ministers meet in Canberra\n\nCanberra, Australia, March 3, 2022 — Foreign Minister Marise Payne met "
        "with Indian External Affairs Minister Subrahmanyam Jaishankar.\n\nThe ministers agreed to meet again in 2023.",
        "en",
    )
    assert m.place == "Canberra"


def test_russian_role_in_the_instrumental_with_yo() -> None:
    m = meet(
        "Переговоры в Москве\n\nМосква, 5 мая 2019 года – Министр иностранных дел России Сергей Лавров провёл "
        "переговоры с Государственным секретарём США Майком Помпео.",
        "ru",
    )
    roles = {p.name: p.role for p in m.participants}
    assert roles.get("Майк Помпео") == "Государственный секретарь"


# ----------------------------------------------------------------------------- real-release classes (issue 10)


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # a nominative head ("Глава") stays; an instrumental one ("главой", "коллегой") takes its base form
        (
            "Москва, 4 июня 2021 года – Глава МИД России Сергей Лавров провёл переговоры с белорусским коллегой "
            "Владимиром Макеем.",
            ["Глава МИД", "коллега"],
        ),
        (
            "Москва, 4 июня 2021 года – Министр иностранных дел России Сергей Лавров встретился с главой МИД "
            "Турции Мевлютом Чавушоглу.",
            ["Министр иностранных дел", "глава МИД"],
        ),
        (
            "Київ, 6 травня 2021 року – Міністр закордонних справ України Дмитро Кулеба провів переговори з "
            "Державним секретарем США Ентоні Блінкеном.",
            ["Міністр закордонних справ", "Державний секретар"],
        ),
    ],
)
def test_slavic_roles_take_their_dictionary_nominative(text: str, roles: list[str]) -> None:
    lang = "uk" if "Київ" in text else "ru"
    m = meet(text, lang)
    assert [p.role for p in m.participants] == roles


def test_morphology_gives_the_nominative_of_a_whole_role() -> None:
    from communique.analysis.morph import role_nominative

    assert role_nominative("главой МИД", "ru") == "глава МИД"
    assert role_nominative("Постоянным представителем России при ООН", "ru") == (
        "Постоянный представитель России при ООН"
    )
    assert role_nominative("главы внешнеполитических ведомств", "ru") == "глава внешнеполитических ведомств"
    assert role_nominative("первой заместительницей министра", "ru") == "первая заместительница министра"
    assert role_nominative("Високим представником ЄС", "uk") == "Високий представник ЄС"


@pytest.mark.parametrize(
    ("text", "lang", "who"),
    [
        (
            "Lisboa, 3 de março de 2024 – Ana Costa e Pedro Nunes reuniram-se para rever a agenda bilateral. "
            "O encontro durou uma hora.",
            "pt",
            ["Ana Costa", "Pedro Nunes"],
        ),
        (
            "Madrid, 3 de marzo de 2024 – El canciller Luis Ortega y la ministra Carla Ruiz se reunieron en "
            "Madrid. Ortega y Ruiz conversaron sobre comercio.",
            "es",
            ["Luis Ortega", "Carla Ruiz"],
        ),
        # a full name going on with one more surname after "y" is one person
        (
            "Madrid, 3 de marzo de 2024 – El canciller José Ortega y Gasset se reunió con la ministra Carla Ruiz.",
            "es",
            ["José Ortega y Gasset", "Carla Ruiz"],
        ),
    ],
)
def test_two_names_joined_by_a_conjunction_are_two_people(text: str, lang: str, who: list[str]) -> None:
    assert names(meet(text, lang)) == who


def test_a_month_of_the_language_before_a_surname_is_a_given_name() -> None:
    m = meet(
        "Brasília, 9 de outubro de 2025 – O ministro das Relações Exteriores, Paulo Reis, conversou por "
        "telefone com o secretário de Estado americano, Marco Alves.",
        "pt",
    )
    assert names(m) == ["Paulo Reis", "Marco Alves"]


def test_a_plural_role_heading_a_list_gives_each_name_its_country() -> None:
    m = meet(
        "Montevideo, 4 de mayo de 2024 (EFE).- Los cancilleres de Chile, Ana Soto, y de Perú, Luis Vega, se "
        "reunieron este martes en Montevideo.",
        "es",
    )
    assert names(m) == ["Ana Soto", "Luis Vega"]
    assert [p.role for p in m.participants] == ["canciller", "canciller"]
    assert affiliations(m) == ["Chile", "Peru"]
    m = meet(
        "Los cancilleres de Perú y Chile, Luis Vega y Ana Soto, se reunieron este martes en Montevideo.", "es"
    )
    assert affiliations(m) == ["Peru", "Chile"]


def test_an_organization_named_after_a_role_is_no_person() -> None:
    m = meet(
        "En la reunión de cancilleres de la Unión de Naciones Sudamericanas (Unasur), los ministros de "
        "Relaciones Exteriores de Chile, Ana Soto, y de Perú, Luis Vega, acordaron reunirse de nuevo.",
        "es",
    )
    assert names(m) == ["Ana Soto", "Luis Vega"]


def test_a_spokesperson_who_gave_the_news_is_not_at_the_table() -> None:
    m = meet(
        "„Minister spraw zagranicznych Jan Nowak spotkał się dziś z ministrem spraw zagranicznych Litwy "
        "Tomasem Petrauskasem” – podał rzecznik MSZ Piotr Zieliński.",
        "pl",
    )
    assert names(m) == ["Jan Nowak", "Tomas Petrauskas"]
    # alone in the release, the spokesperson is who speaks
    m = meet("Rzecznik MSZ Piotr Zieliński spotkał się z dziennikarzami w Warszawie.", "pl")
    assert names(m) == ["Piotr Zieliński"]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # "minister" does not decline for a woman: her name's ending says the case
        (
            "We wtorek minister Jan Nowak spotka się z minister spraw zagranicznych Niemiec Anną Weber.",
            ["Jan Nowak", "Anna Weber"],
        ),
        # the e that the other cases drop ("Jacka" → "Jacek")
        (
            "Była to pierwsza rozmowa ministra Jacka Nowaka z ministrem spraw zagranicznych Litwy Tomasem Petrauskasem.",
            ["Jacek Nowak", "Tomas Petrauskas"],
        ),
    ],
)
def test_polish_names_in_their_case_forms(text: str, who: list[str]) -> None:
    assert names(meet(text, "pl")) == who


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a word of an organization's name after a locative is no city
        (
            "Minister spraw zagranicznych Jan Nowak spotkał się z ministrem Tomasem Petrauskasem w związku z "
            "przewodnictwem w Organizacji Bezpieczeństwa i Współpracy w Europie.",
            None,
        ),
        # what the talks were about, further on, is no city either
        (
            "Министр иностранных дел России Сергей Лавров провёл переговоры с министром иностранных дел Турции "
            "Хаканом Фиданом в штаб-квартире ООН.\n\nВ ходе переговоров министры обсудили ситуацию на Ближнем "
            "Востоке и в Закавказье.",
            None,
        ),
        # a world city written with words that are never a city's in the release's language (a building)
        (
            "El secretario de Estado, Marco Rubio, recibió este jueves en la Casa Blanca al canciller de Brasil, "
            "Mauro Vieira.",
            None,
        ),
    ],
)
def test_no_place_from_words_that_are_not_a_city(text: str, place: str | None) -> None:
    lang = "pl" if "spotkał" in text else "ru" if "Лавров" in text else "es"
    assert meet(text, lang).place == place


def test_japanese_names_before_a_reading_and_a_country() -> None:
    m = meet(
        "5月10日,山田太郎外務大臣は,東京において,金民秀(キム・ミンス)韓国外交部長官と会談した。"
        "中国の役割について意見交換を行い,中国への働きかけを確認した。",
        "ja",
    )
    assert names(m) == ["山田太郎", "金民秀"]
    assert [p.role for p in m.participants] == ["外務大臣", "外交部長官"]
    # the host stands for the language's ministry ([meeting] home_country), not for the country named most
    assert affiliations(m) == ["Japan", "South Korea"]


def test_japanese_compounds_of_country_letters_are_no_place_or_name() -> None:
    m = meet(
        "山田外務大臣は朴外相と会談し、日米韓で連携することを確認した。日米外相会談も行われた。",
        "ja",
    )
    assert m.place is None
    assert "日米" not in names(m) and "日米韓" not in names(m)


def test_japanese_participants_in_a_sentence_of_who_took_part() -> None:
    m = meet(
        "日米韓の3カ国の外相は29日、会合を開きました。3者は北朝鮮について議論しました。"
        "山田太郎外相、ルビオ米国務長官、韓国の朴一(パク・イル)外相が参加しました。",
        "ja",
    )
    assert names(m) == ["山田太郎", "ルビオ", "朴一"]
    assert affiliations(m) == ["Japan", "United States", "South Korea"]


def test_persian_time_words_are_no_name_and_countries_are_known() -> None:
    m = meet(
        "فیصل المقداد وزیر خارجه سوریه فردا چهارشنبه در تهران با حسین امیرعبداللهیان وزیر امور خارجه "
        "ایران دیدار و گفتگو میکند.",
        "fa",
    )
    assert names(m) == ["فیصل المقداد", "حسین امیرعبداللهیان"]
    assert affiliations(m) == ["Syria", "Iran"]
    assert m.place == "تهران"


def test_a_third_name_in_a_later_clause_is_not_at_the_table() -> None:
    m = meet(
        "El secretario de Estado, Marco Rubio, recibió este jueves al canciller de Brasil, Mauro Vieira, en una "
        "reunión que ambos calificaron como un paso para recomponer los lazos entre los dos países, dañados "
        "por la disputa comercial impulsada por el presidente Donald Trump.",
        "es",
    )
    assert names(m) == ["Marco Rubio", "Mauro Vieira"]


def test_a_mediator_in_the_next_sentence_takes_part() -> None:
    m = meet(
        "10 марта в Анталье встретились министры иностранных дел Дмитрий Кулеба и Сергей Лавров. Встреча "
        "проходит при содействии министра иностранных дел Турции Мевлюта Чавушоглу.",
        "ru",
    )
    assert names(m) == ["Дмитрий Кулеба", "Сергей Лавров", "Мевлют Чавушоглу"]


def test_the_city_a_minister_travelled_to_further_down() -> None:
    m = meet(
        "Министр иностранных дел России Сергей Лавров проводит встречу с белорусским коллегой Владимиром "
        "Макеем.\n\nПосле этого министры побеседуют без прессы. Затем Лавров встретится с президентом.\n\n"
        "Напомним, глава МИД России прибыл в Минск в среду для участия в заседании коллегий.",
        "ru",
    )
    assert m.place == "Минск"


def test_an_arabic_name_particle_glued_by_a_hyphen_is_part_of_the_name() -> None:
    m = meet(
        "Министр иностранных дел России Сергей Лавров посетил Каир. В рамках визита он встретился с "
        "президентом Египта Абдель Фаттахом ас-Сиси.",
        "ru",
    )
    assert "Абдель Фаттах ас-Сиси" in names(m)
    assert m.place == "Каир"  # the city a visit names, with no preposition


def test_a_known_city_of_a_later_meeting_sentence() -> None:
    m = meet(
        "Официальный представитель МИД России рассказала о встрече министра иностранных дел Сергея Лаврова "
        "с египетским коллегой Самехом Шукри.\n\nЖурналисты ждали у входа. Встреча продлилась час.\n\n"
        "Лавров и Шукри встретились в воскресенье в Каире.",
        "ru",
    )
    assert m.place == "Каир"


def test_persian_deputies_and_counterparts() -> None:
    m = meet(
        "«نزار خیرالله» قائم مقام وزارت امور خارجه عراق در جریان سفر به تهران با سیدعباس عراقچی معاون "
        "سیاسی وزیر امور خارجه دیدار و رایزنی کرد.",
        "fa",
    )
    assert names(m) == ["نزار خیرالله", "سیدعباس عراقچی"]
    m = meet("وزیر امور خارجه در سفر به جده با همتای سعودی خود دیدار کرد.", "fa")
    assert names(m) == []  # "his Saudi counterpart": nobody named


def test_a_lead_about_another_meeting_gives_way_to_the_titled_one() -> None:
    m = meet(
        "Spotkanie Donalda Trumpa i Władimira Putina nie przyniosło przełomu. Ministerstwo poinformowało, że "
        "wicepremier Jan Nowak w sobotę rozmawiał z ministrem spraw zagranicznych Litwy Tomasem Petrauskasem.",
        "pl",
    )
    assert names(m) == ["Jan Nowak", "Tomas Petrauskas"]


def test_a_name_in_a_relative_clause_after_the_two_sides_is_not_at_the_table() -> None:
    m = meet(
        "Minister spraw zagranicznych Jan Nowak spotkał się w piątek z ministrem spraw zagranicznych Litwy "
        "Tomasem Petrauskasem, który towarzyszy prezydentowi Gitanasowi Nausėdzie w trakcie wizyty.",
        "pl",
    )
    assert names(m) == ["Jan Nowak", "Tomas Petrauskas"]
