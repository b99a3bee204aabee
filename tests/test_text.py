"""Analysis layer: language identification, sentence splitting, datelines, titles, word tokens."""

from __future__ import annotations

import json
import re

import pytest
from conftest import CORPUS, needs_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.analysis.text import detect_language, script_of, split_sentences, words
from communique.lang import resources


def split(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, resources(lang))]


def check_invariants(text: str, lang: str) -> None:
    sents = split_sentences(text, resources(lang))
    last = 0
    for i, s in enumerate(sents):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last
        assert s.index == i
        assert s.kind in ("title", "dateline", "body")
        # paragraphs are counted from the first sentence; a run of blank lines is one break
        assert s.para == len(re.findall(r"\n[ \t]*\n\s*", text[sents[0].start : s.start]))
        last = s.end


# ------------------------------------------------------------------------------------ splitting

SPLITS: list[tuple[str, str, list[str]]] = [
    # --- Russian: initials, glued initials, г./гг., т.е., ordinals, decimals, quotes
    (
        "ru",
        "К. Абдрахманов принял посла Японии. Стороны обсудили торговлю.",
        ["К. Абдрахманов принял посла Японии.", "Стороны обсудили торговлю."],
    ),
    (
        "ru",
        "Н.А.Назарбаева приветствовал С.В.Лавров. Стороны обсудили повестку дня.",
        ["Н.А.Назарбаева приветствовал С.В.Лавров.", "Стороны обсудили повестку дня."],
    ),
    (
        "ru",
        "С.В. Лавров прибыл в г. Минск для переговоров. Визит продлится два дня.",
        ["С.В. Лавров прибыл в г. Минск для переговоров.", "Визит продлится два дня."],
    ),
    (
        "ru",
        "Соглашение подписано в 2018 г. Стороны провели уже 10-й раунд консультаций.",
        ["Соглашение подписано в 2018 г.", "Стороны провели уже 10-й раунд консультаций."],
    ),
    (
        "ru",
        "Товарооборот вырос на 56.4% в 2019-2020 гг. Министры отметили рост, т.е. позитивную динамику.",
        ["Товарооборот вырос на 56.4% в 2019-2020 гг.", "Министры отметили рост, т.е. позитивную динамику."],
    ),
    (
        "ru",
        "Министр заявил: «Мы готовы к диалогу». Стороны договорились продолжить контакты.",
        ["Министр заявил: «Мы готовы к диалогу».", "Стороны договорились продолжить контакты."],
    ),
    (
        "ru",
        "«Мы готовы к диалогу!» — подчеркнул министр. Переговоры продолжатся в мае.",
        ["«Мы готовы к диалогу!» — подчеркнул министр.", "Переговоры продолжатся в мае."],
    ),
    (
        "ru",
        "Министр сказал: «Работа продолжится.» Затем стороны подписали меморандум.",
        ["Министр сказал: «Работа продолжится.»", "Затем стороны подписали меморандум."],
    ),
    (
        "ru",
        "Переговоры прошли в МИД РФ на ул. Смоленской в 15.00. Их итоги подвели на пресс-конференции.",
        ["Переговоры прошли в МИД РФ на ул. Смоленской в 15.00.", "Их итоги подвели на пресс-конференции."],
    ),
    # --- English: titles, acronyms, numbered points, decimals, etc.
    (
        "en",
        "U.S. Secretary of State Mike Pompeo met H.E. Mr. Vladimir Makei. The sides discussed trade.",
        ["U.S. Secretary of State Mike Pompeo met H.E. Mr. Vladimir Makei.", "The sides discussed trade."],
    ),
    (
        "en",
        "Dr. Anna Lee arrived with Mr. Jones and Ms. Park. They met the U.S. delegation.",
        ["Dr. Anna Lee arrived with Mr. Jones and Ms. Park.", "They met the U.S. delegation."],
    ),
    (
        "en",
        "The minister spoke of relations with the U.S. The talks lasted two hours.",
        ["The minister spoke of relations with the U.S.", "The talks lasted two hours."],
    ),
    (
        "en",
        "They covered trade, energy, transport etc. and agreed to meet again. Growth reached 56.4% in 2019.",
        [
            "They covered trade, energy, transport etc. and agreed to meet again.",
            "Growth reached 56.4% in 2019.",
        ],
    ),
    (
        "en",
        "They covered trade, energy, transport, etc. The next round is due in May.",
        ["They covered trade, energy, transport, etc.", "The next round is due in May."],
    ),
    (
        "en",
        "1. The sides agreed to meet in May.\n2. The ministers signed a memorandum.\n3) A working group was set up.",
        [
            "1. The sides agreed to meet in May.",
            "2. The ministers signed a memorandum.",
            "3) A working group was set up.",
        ],
    ),
    (
        "en",
        "The agenda included:\n- trade and investment;\n- water and energy.",
        ["The agenda included:", "- trade and investment;", "- water and energy."],
    ),
    (
        "en",
        'He said: "We will work together." The sides then signed two agreements.',
        ['He said: "We will work together."', "The sides then signed two agreements."],
    ),
    (
        "en",
        "Is this the end? No one knows! The minister left at 5 p.m. on Friday.",
        ["Is this the end?", "No one knows!", "The minister left at 5 p.m. on Friday."],
    ),
    (
        "en",
        "Political cooperation\nThe two sides agreed to hold consultations every year.",
        ["Political cooperation", "The two sides agreed to hold consultations every year."],
    ),
    (
        "en",
        "The Prime Minister of India received the President of Uzbekistan at\n"
        "Hyderabad House in New Delhi on Monday and held talks with him on\n"
        "Trade and the North-South Transport Corridor, which both sides value.\n"
        "He thanked the guest.",
        [
            "The Prime Minister of India received the President of Uzbekistan at\n"
            "Hyderabad House in New Delhi on Monday and held talks with him on\n"
            "Trade and the North-South Transport Corridor, which both sides value.",
            "He thanked the guest.",
        ],
    ),
    (
        "ru",
        "Министр иностранных дел встретился с\nК. Токаевым и обсудил с ним вопросы сотрудничества в регионе.",
        [
            "Министр иностранных дел встретился с\nК. Токаевым и обсудил с ним вопросы сотрудничества в регионе."
        ],
    ),
    (
        "en",
        "I. Political cooperation\nII. The sides agreed to meet. 1.2. Visits continue.",
        ["I. Political cooperation", "II. The sides agreed to meet.", "1.2. Visits continue."],
    ),
    (
        "en",
        "They agreed as follows: 1. To expand trade. 2. To open consulates in Almaty and Tbilisi.",
        ["They agreed as follows: 1. To expand trade.", "2. To open consulates in Almaty and Tbilisi."],
    ),
    # --- French
    (
        "fr",
        "M. Barrot a reçu S.E. M. Ahmed Attaf. Les deux ministres ont évoqué la situation au Sahel.",
        ["M. Barrot a reçu S.E. M. Ahmed Attaf.", "Les deux ministres ont évoqué la situation au Sahel."],
    ),
    (
        "fr",
        "« Nous voulons la paix », a déclaré le ministre. Il a rappelé l'accord du 3 mai.",
        ["« Nous voulons la paix », a déclaré le ministre.", "Il a rappelé l'accord du 3 mai."],
    ),
    # --- German: ordinals, z.B., Nr., Dr.
    (
        "de",
        "Am 13. April trafen sich die Minister in Berlin. Es war das 4. Treffen in diesem Format.",
        ["Am 13. April trafen sich die Minister in Berlin.", "Es war das 4. Treffen in diesem Format."],
    ),
    (
        "de",
        "Themen waren z.B. die Waffenruhe und die Resolution Nr. 2202. Dr. Steinmeier dankte den Gästen.",
        [
            "Themen waren z.B. die Waffenruhe und die Resolution Nr. 2202.",
            "Dr. Steinmeier dankte den Gästen.",
        ],
    ),
    (
        "de",
        "Die Gespräche begannen im Jahr 2015. Die Minister vereinbarten weitere Schritte.",
        ["Die Gespräche begannen im Jahr 2015.", "Die Minister vereinbarten weitere Schritte."],
    ),
    # --- Spanish
    (
        "es",
        "El Sr. Ebrard se reunió con el Dr. López en EE.UU. El canciller destacó la cooperación.",
        ["El Sr. Ebrard se reunió con el Dr. López en EE.UU.", "El canciller destacó la cooperación."],
    ),
    (
        "es",
        "La reunión con EE.UU. Marcelo Ebrard la calificó de positiva. Luego viajó a Canadá.",
        ["La reunión con EE.UU. Marcelo Ebrard la calificó de positiva.", "Luego viajó a Canadá."],
    ),
    (
        "es",
        "¿Qué sigue ahora? La reunión concluyó con un acuerdo. S.E. el embajador asistió.",
        ["¿Qué sigue ahora?", "La reunión concluyó con un acuerdo.", "S.E. el embajador asistió."],
    ),
    # --- Kazakh: glued initials, initials with a space, ж. before a date
    (
        "kk",
        "М.Тілеуберді Қ. Тоқаевпен кездесті. Тараптар ынтымақтастықты талқылады.",
        ["М.Тілеуберді Қ. Тоқаевпен кездесті.", "Тараптар ынтымақтастықты талқылады."],
    ),
    (
        "kk",
        "Келісім 2019 ж. 5 наурызда жасалды. Тараптар оны жоғары бағалады.",
        ["Келісім 2019 ж. 5 наурызда жасалды.", "Тараптар оны жоғары бағалады."],
    ),
    # --- Ukrainian
    (
        "uk",
        "Д. Кулеба прибув у м. Берлін. Сторони обговорили співпрацю у 2020 р. Також вони підписали заяву.",
        [
            "Д. Кулеба прибув у м. Берлін.",
            "Сторони обговорили співпрацю у 2020 р.",
            "Також вони підписали заяву.",
        ],
    ),
    (
        "kk",
        "Тараптар энергетика, көлік, білім т.б. салаларды талқылады. Келесі кездесу Астанада өтеді.",
        ["Тараптар энергетика, көлік, білім т.б. салаларды талқылады.", "Келесі кездесу Астанада өтеді."],
    ),
    (
        "kk",
        "Тараптар энергетика, көлік, білім т.б. Келесі кездесу Астанада өтеді.",
        ["Тараптар энергетика, көлік, білім т.б.", "Келесі кездесу Астанада өтеді."],
    ),
    # --- Chinese and Arabic punctuation
    (
        "zh",
        "王毅会见了来访的外长。双方讨论了双边关系！会谈取得成果了吗？取得了。",
        ["王毅会见了来访的外长。", "双方讨论了双边关系！", "会谈取得成果了吗？", "取得了。"],
    ),
    (
        "zh",
        "他说：“我们愿意加强合作。”双方同意保持沟通。",
        ["他说：“我们愿意加强合作。”", "双方同意保持沟通。"],
    ),
    (
        "zh",
        "一、政治合作\n双方同意加强高层交往。\n（二）经贸合作\n双方将扩大贸易规模。",
        ["一、政治合作", "双方同意加强高层交往。", "（二）经贸合作", "双方将扩大贸易规模。"],
    ),
    (
        "ar",
        "التقى وزير الخارجية د. أحمد بنظيره. وناقش الجانبان العلاقات الثنائية؟ نعم، بالتفصيل.",
        ["التقى وزير الخارجية د. أحمد بنظيره.", "وناقش الجانبان العلاقات الثنائية؟", "نعم، بالتفصيل."],
    ),
    (
        "ar",
        "وقعت الاتفاقية عام 2018 م. وأكد الجانبان أهمية التعاون.",
        ["وقعت الاتفاقية عام 2018 م.", "وأكد الجانبان أهمية التعاون."],
    ),
    # --- a language without a file gets the neutral defaults
    (
        "pl",
        "Minister spotkał się z ambasadorem 3. maja. Rozmowy dotyczyły handlu.",
        ["Minister spotkał się z ambasadorem 3. maja.", "Rozmowy dotyczyły handlu."],
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "expected"), SPLITS, ids=[f"{c[0]}-{i}" for i, c in enumerate(SPLITS)]
)
def test_split(lang: str, text: str, expected: list[str]) -> None:
    assert split(text, lang) == expected
    check_invariants(text, lang)


# ------------------------------------------------------------------------------- datelines, titles

DATELINES: list[tuple[str, str, str, str]] = [
    (
        "ru",
        "Астана, 3 мая 2018 год - Состоялась встреча министров. Стороны обсудили вопросы.",
        "Астана, 3 мая 2018 год -",
        "Состоялась встреча министров.",
    ),
    (
        "ru",
        "Нур-Султан, 2 февраля 2020 года – В МИД прошли переговоры министров.",
        "Нур-Султан, 2 февраля 2020 года –",
        "В МИД прошли переговоры министров.",
    ),
    (
        "en",
        "Astana, 16 May 2018 – Minister Abdrakhmanov met his Georgian counterpart.",
        "Astana, 16 May 2018 –",
        "Minister Abdrakhmanov met his Georgian counterpart.",
    ),
    (
        "en",
        "WASHINGTON, June 7, 2019 — Secretary Pompeo met Foreign Secretary Ebrard.",
        "WASHINGTON, June 7, 2019 —",
        "Secretary Pompeo met Foreign Secretary Ebrard.",
    ),
    (
        "kk",
        "Мәскеу, 2020 жылғы 9 қыркүйек – Министрлер екіжақты қатынастарды талқылады.",
        "Мәскеу, 2020 жылғы 9 қыркүйек –",
        "Министрлер екіжақты қатынастарды талқылады.",
    ),
    (
        "de",
        "Berlin, 13.04.2015: Die Außenminister trafen sich im Gästehaus.",
        "Berlin, 13.04.2015:",
        "Die Außenminister trafen sich im Gästehaus.",
    ),
    (
        "fr",
        "Paris, le 16 mai 2018 – Le ministre a reçu son homologue.",
        "Paris, le 16 mai 2018 –",
        "Le ministre a reçu son homologue.",
    ),
    (
        "es",
        "Ciudad de México, 7 de junio de 2019.- El canciller viajó a Washington.",
        "Ciudad de México, 7 de junio de 2019.-",
        "El canciller viajó a Washington.",
    ),
    (
        "uk",
        "Київ, 5 березня 2021 р. – Міністр провів переговори з колегою.",
        "Київ, 5 березня 2021 р. –",
        "Міністр провів переговори з колегою.",
    ),
    (
        "ar",
        "أستانا، 16 مايو 2018 - التقى وزير الخارجية بنظيره.",
        "أستانا، 16 مايو 2018 -",
        "التقى وزير الخارجية بنظيره.",
    ),
    (
        "en",
        "St. Petersburg, 5 May 2019 – Foreign Minister Lavrov received his Finnish colleague.",
        "St. Petersburg, 5 May 2019 –",
        "Foreign Minister Lavrov received his Finnish colleague.",
    ),
    (
        "en",
        "NEW YORK — The Secretary-General met the Foreign Minister of Chile.",
        "NEW YORK —",
        "The Secretary-General met the Foreign Minister of Chile.",
    ),
    (
        "en",
        "Astana, 16 May 2018. Minister Abdrakhmanov received the Ambassador of Chile.",
        "Astana, 16 May 2018.",
        "Minister Abdrakhmanov received the Ambassador of Chile.",
    ),
    (
        "ru",
        "г. Минск, 27 марта 2018 г. Министры провели переговоры.",
        "г. Минск, 27 марта 2018 г.",
        "Министры провели переговоры.",
    ),
    (
        "kk",
        "Астана қ., 2018 жылғы 3 мамыр – Тараптар ынтымақтастықты талқылады.",
        "Астана қ., 2018 жылғы 3 мамыр –",
        "Тараптар ынтымақтастықты талқылады.",
    ),
    (
        "en",
        "ASTANA (Kazinform) – The Kazakh Foreign Minister received the Ambassador of Chile.",
        "ASTANA (Kazinform) –",
        "The Kazakh Foreign Minister received the Ambassador of Chile.",
    ),
    (
        "ar",
        "القاهرة، ١٦ مايو ٢٠١٨ - استقبل وزير الخارجية نظيره الكازاخستاني.",
        "القاهرة، ١٦ مايو ٢٠١٨ -",
        "استقبل وزير الخارجية نظيره الكازاخستاني.",
    ),
    (
        "ar",
        "الرياض 2 صفر 1445 هـ الموافق 18 أغسطس 2023 م (واس) استقبل وزير الخارجية نظيره الإيراني.",
        "الرياض 2 صفر 1445 هـ الموافق 18 أغسطس 2023 م (واس)",
        "استقبل وزير الخارجية نظيره الإيراني.",
    ),
    (
        "zh",
        "新华社北京5月3日电（记者李明）外交部长王毅会见了来访的外长。",
        "新华社北京5月3日电（记者李明）",
        "外交部长王毅会见了来访的外长。",
    ),
]


@pytest.mark.parametrize(("lang", "text", "dateline", "first"), DATELINES, ids=[c[0] for c in DATELINES])
def test_dateline(lang: str, text: str, dateline: str, first: str) -> None:
    sents = split_sentences(text, resources(lang))
    assert sents[0].kind == "dateline" and sents[0].text == dateline
    assert sents[1].kind == "body" and sents[1].text == first
    check_invariants(text, lang)


def test_title_dateline_body() -> None:
    text = (
        "Ministers discuss cooperation\n\nAstana, 16 May 2018 – Minister Abdrakhmanov met Mr. Dzhanelidze. They agreed.\n\n"
        "Moscow, 3 May – the next round will be held in June."
    )
    sents = split_sentences(text, resources("en"))
    assert [(s.kind, s.para) for s in sents] == [
        ("title", 0),
        ("dateline", 1),
        ("body", 1),
        ("body", 1),
        ("body", 2),
    ]
    assert sents[-1].text.startswith("Moscow, 3 May")  # one dateline only, at the top


def test_date_line_alone() -> None:
    sents = split_sentences(
        "Talks in Berlin\n\n14.04.2015 – Press release\n\nThe ministers met.", resources("en")
    )
    assert [(s.text, s.kind) for s in sents] == [
        ("Talks in Berlin", "title"),
        ("14.04.2015 –", "dateline"),
        ("Press release", "title"),
        ("The ministers met.", "body"),
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Kazakhstan, Russia sign 5 agreements\n\nThe ministers met."),
        ("en", "In 2018, the sides met twice – in May and in June."),
        ("en", "The sides, in 2019 – the year of youth – met again."),
        ("en", "JOINT STATEMENT\n\nThe ministers met."),
        ("en", "The ministers met in Astana on 3 May 2018. They discussed trade – and energy."),
        ("ru", "27 марта 2018 г. в Лондоне министры провели переговоры. Они обсудили торговлю."),
        ("ru", "Минск, 5 стран – участники встречи. Они обсудили торговлю."),
        # a Chinese or Arabic lead sentence that opens with its date stays a body sentence
        ("zh", "2024年4月9日，外交部长王毅在北京同俄罗斯外长拉夫罗夫举行会谈。双方同意加强协调。"),
        ("zh", "4月9日，王毅会见拉夫罗夫。"),
        ("ar", "٦ أغسطس ٢٠٢٠، استقبل وزير الخارجية سامح شكري نظيره اليوناني في القاهرة."),
    ],
)
def test_not_a_dateline(lang: str, text: str) -> None:
    assert all(s.kind != "dateline" for s in split_sentences(text, resources(lang)))


def test_hard_wrapped_lines() -> None:
    # text from a PDF or an e-mail: lines wrapped at ~75 characters, headings on lines of their own
    text = (
        "Joint Press Statement\n"
        "On 12 March the Foreign Ministers of Kazakhstan and Finland held talks in\n"
        "Helsinki. The Ministers discussed trade, energy and education and agreed\n"
        "to set up a working group on green energy. Minister Haavisto thanked\n"
        "Minister Tileuberdi for the invitation to Nur-Sultan and accepted it.\n"
        "Trade and investment\n"
        "Bilateral trade grew by 12.5% in 2019. The sides will hold the next meeting\n"
        "of the Intergovernmental Commission in Nur-Sultan in the autumn of 2020.\n"
        "Press Service of the MFA"
    )
    got = [(s.text.replace("\n", " "), s.kind) for s in split_sentences(text, resources("en"))]
    assert got == [
        ("Joint Press Statement", "title"),
        ("On 12 March the Foreign Ministers of Kazakhstan and Finland held talks in Helsinki.", "body"),
        (
            "The Ministers discussed trade, energy and education and agreed to set up a working group on "
            "green energy.",
            "body",
        ),
        (
            "Minister Haavisto thanked Minister Tileuberdi for the invitation to Nur-Sultan and accepted it.",
            "body",
        ),
        ("Trade and investment", "body"),
        ("Bilateral trade grew by 12.5% in 2019.", "body"),
        (
            "The sides will hold the next meeting of the Intergovernmental Commission in Nur-Sultan in the "
            "autumn of 2020.",
            "body",
        ),
        ("Press Service of the MFA", "body"),
    ]
    check_invariants(text, "en")


def test_title_only_at_top() -> None:
    text = "The ministers met.\n\nJoint statement\n\nThey agreed."
    assert [s.kind for s in split_sentences(text, resources("en"))] == ["body", "body", "body"]


def test_offsets_on_messy_text() -> None:
    text = "  Title line  \n\n\n Astana, 1 May 2020 –  First one.  Second one!\nThird\n\n\n\nLast (end)."
    check_invariants(text, "en")
    assert [s.text for s in split_sentences(text, resources("en"))][-1] == "Last (end)."


_ALPHABET = st.sampled_from(
    [*list('ab АБ. .!?»«"\n\n:–,1 2U.S.г. 。؟'), "Mr. ", "H.E. ", "\n\n", "К. ", "1. "]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from(["en", "ru", "de", "zh", "xx"]))
def test_invariants_hold_on_any_text(text: str, lang: str) -> None:
    check_invariants(text, lang)


# ------------------------------------------------------------------------------------ languages

RELEASES = {
    "ru": "Министр иностранных дел провёл переговоры с коллегой из Японии. Стороны обсудили развитие "
    "торгово-экономического сотрудничества, а также подготовку визита премьер-министра в следующем году. "
    "По итогам встречи был подписан меморандум о консультациях между министерствами.",
    "en": "The Foreign Minister held talks with his Japanese counterpart. The sides discussed trade and "
    "economic cooperation and the preparation of the Prime Minister's visit next year. After the "
    "meeting they signed a memorandum on consultations between the two ministries.",
    "kk": "Сыртқы істер министрі жапониялық әріптесімен келіссөздер жүргізді. Тараптар сауда-экономикалық "
    "ынтымақтастықты дамыту мәселелерін, сондай-ақ келесі жылы премьер-министрдің сапарын дайындауды "
    "талқылады. Кездесу қорытындысы бойынша министрліктер арасында консультациялар туралы меморандумға "
    "қол қойылды.",
    "uk": "Міністр закордонних справ провів переговори з колегою з Японії. Сторони обговорили розвиток "
    "торговельно-економічного співробітництва, а також підготовку візиту прем'єр-міністра наступного "
    "року. За підсумками зустрічі було підписано меморандум про консультації між міністерствами.",
    "fr": "Le ministre des Affaires étrangères s'est entretenu avec son homologue japonais. Les deux parties "
    "ont évoqué la coopération commerciale et la préparation de la visite du Premier ministre l'année "
    "prochaine. Un mémorandum sur les consultations entre les ministères a été signé.",
    "de": "Der Außenminister führte Gespräche mit seinem japanischen Amtskollegen. Beide Seiten erörterten "
    "die wirtschaftliche Zusammenarbeit und die Vorbereitung des Besuchs des Premierministers im "
    "nächsten Jahr. Nach dem Treffen wurde eine Absichtserklärung über Konsultationen unterzeichnet.",
    "es": "El canciller sostuvo conversaciones con su homólogo japonés. Ambas partes abordaron la cooperación "
    "comercial y la preparación de la visita del primer ministro el próximo año. Al término de la "
    "reunión se firmó un memorando sobre consultas entre los ministerios.",
    "zh": "外交部长同日本外相举行会谈。双方讨论了经贸合作以及明年总理访问的筹备工作。会后，两国外交部签署了关于磋商的谅解备忘录。",
    "ar": "أجرى وزير الخارجية محادثات مع نظيره الياباني. وناقش الجانبان التعاون التجاري والاقتصادي والتحضير "
    "لزيارة رئيس الوزراء في العام المقبل. وفي ختام اللقاء تم التوقيع على مذكرة تفاهم بشأن المشاورات.",
    "it": "Il ministro degli Esteri ha avuto colloqui con il suo omologo giapponese. Le parti hanno discusso "
    "la cooperazione commerciale e la preparazione della visita del primo ministro il prossimo anno.",
    "pt": "O ministro dos Negócios Estrangeiros manteve conversações com o seu homólogo japonês. As partes "
    "discutiram a cooperação comercial e a preparação da visita do primeiro-ministro no próximo ano.",
    "pl": "Minister spraw zagranicznych przeprowadził rozmowy ze swoim japońskim odpowiednikiem. Strony "
    "omówiły współpracę handlową oraz przygotowanie wizyty premiera w przyszłym roku.",
    "tr": "Dışişleri Bakanı Japon mevkidaşı ile görüştü. Taraflar ticari işbirliğini ve gelecek yıl "
    "Başbakanın ziyaretinin hazırlıklarını ele aldı.",
    "be": "Міністр замежных спраў правёў перамовы з калегам з Японіі. Бакі абмеркавалі гандлёвае "
    "супрацоўніцтва і падрыхтоўку візіту прэм'ер-міністра ў наступным годзе.",
    "fa": "وزیر امور خارجه با همتای ژاپنی خود گفتگو کرد. دو طرف درباره همکاری های تجاری و آماده سازی سفر "
    "نخست وزیر در سال آینده گفتگو کردند.",
    "ur": "وزیر خارجہ نے اپنے جاپانی ہم منصب سے ملاقات کی۔ دونوں فریقوں نے تجارتی تعاون اور اگلے سال وزیر اعظم کے "
    "دورے کی تیاریوں پر بات چیت کی۔",
    "bg": "Министърът на външните работи проведе разговори с японския си колега. Страните обсъдиха "
    "търговското сътрудничество и подготовката на посещението на премиера догодина.",
    "ky": "Тышкы иштер министри жапониялык кесиптеши менен сүйлөшүү жүргүздү. Тараптар соода-экономикалык "
    "кызматташтыкты жана кийинки жылы премьер-министрдин сапарына даярдыкты талкуулашты.",
    "tg": "Вазири корҳои хориҷӣ бо ҳамтои японии худ гуфтушунид кард. Тарафҳо ҳамкориҳои тиҷоратиро "
    "муҳокима карданд.",
    "sr": "Министар спољних послова састао се са својим јапанским колегом. Стране су разговарале о "
    "трговинској сарадњи и припреми посете премијера следеће године.",
    "nl": "De minister van Buitenlandse Zaken had gesprekken met zijn Japanse ambtgenoot. De partijen "
    "bespraken de handelssamenwerking en de voorbereiding van het bezoek van de premier volgend jaar.",
    "et": "Välisminister kohtus oma Jaapani kolleegiga. Pooled arutasid kaubandus- ja majanduskoostööd ning "
    "peaministri visiidi ettevalmistamist järgmisel aastal.",
    "ja": "外務大臣は日本の外相と会談した。両者は経済協力と来年の首相訪問の準備について話し合った。",
    "ko": "외교부 장관은 일본 외무상과 회담을 가졌다. 양측은 경제 협력과 내년 총리 방문 준비에 대해 논의했다.",
    "uz": "Tashqi ishlar vaziri yaponiyalik hamkasbi bilan muzokaralar o‘tkazdi. Tomonlar savdo-iqtisodiy "
    "hamkorlik va kelgusi yilda bosh vazir tashrifiga tayyorgarlik masalalarini muhokama qildi.",
}


@pytest.mark.parametrize("lang", sorted(RELEASES))
def test_detect_release(lang: str) -> None:
    assert detect_language(RELEASES[lang]) == lang


@pytest.mark.parametrize("lang", ["ru", "en", "kk", "uk", "fr", "de", "es", "zh", "ar"])
def test_detect_first_sentence(lang: str) -> None:
    first = split_sentences(RELEASES[lang], resources(lang))[0].text
    assert detect_language(first) == lang


def test_detect_mixed_script() -> None:
    # Latin names and acronyms in a Russian text do not make it English
    text = "Министр встретился с делегацией NATO и компании Boeing (USA) в рамках форума Astana Finance Days."
    assert detect_language(text) == "ru"
    assert detect_language("Президент В.Зеленський і NATO: переговори щодо безпеки в Європі") == "uk"


def test_detect_cyrillic_by_letters() -> None:
    # one Kazakh or Ukrainian name does not make a Russian text Kazakh or Ukrainian
    ru = (
        "Министр иностранных дел Мұхтар Тілеуберді провел переговоры в Києві с коллегой. Стороны обсудили "
        "вопросы торгово-экономического сотрудничества и подготовку визита на высшем уровне в следующем году."
    )
    assert detect_language(ru) == "ru"
    assert detect_language("Тараптар өзара іс-қимыл мәселелерін талқылады") == "kk"
    assert detect_language("Сторони обговорили співпрацю") == "uk"


def test_detect_undetermined() -> None:
    assert detect_language("") == "und"
    assert detect_language("12.05.2020 — 15:30 (+7 717) 272-05-18") == "und"


def test_script_of() -> None:
    assert script_of("Президент and NATO") == "cyrillic"
    assert script_of("外务省の発表") == "han"
    assert script_of("123") is None


# ----------------------------------------------------------------------------------------- words


def test_words() -> None:
    assert words("Нур-Султан, 3 мая: l'Ukraine et 56.4% «рост».") == [
        "Нур-Султан",
        "3",
        "мая",
        "l'",
        "Ukraine",
        "et",
        "56.4",
        "рост",
    ]
    assert words("王毅会见") == ["王", "毅", "会", "见"]
    assert words("王毅会见 Lavrov", cjk="bigrams") == ["王毅", "毅会", "会见", "Lavrov"]


# ------------------------------------------------------------------------------------ the corpus


@needs_corpus
def test_corpus_language_and_offsets() -> None:
    from communique.input.sources import read_path

    golds = sorted(CORPUS.glob("*.gold.json"))
    assert golds
    for gold in golds:
        want = json.loads(gold.read_text(encoding="utf-8"))["language"]
        src = next(
            p for p in CORPUS.glob(gold.name.replace(".gold.json", ".*")) if not p.name.endswith(".json")
        )
        text = read_path(src).text
        assert detect_language(text) == want, src.name
        sents = split_sentences(text, resources(want))
        assert len(sents) >= 5, src.name
        assert all(text[s.start : s.end] == s.text for s in sents)


def test_chinese_date_alone_is_a_dateline_but_a_lead_sentence_is_not() -> None:
    text = "王毅会见拉夫罗夫\n\n2024年4月9日\n\n外交部长王毅在北京会见俄罗斯外长拉夫罗夫。"
    assert [s.kind for s in split_sentences(text, resources("zh"))] == ["title", "dateline", "body"]
    lead = "王毅会见拉夫罗夫\n\n2024年4月9日，外交部长王毅在北京会见俄罗斯外长拉夫罗夫。"
    assert [s.kind for s in split_sentences(lead, resources("zh"))] == ["title", "body"]
