"""The input layer: formats, encodings, page chrome, bad inputs, bounded reading, no network, lazy imports."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from communique.errors import CommuniqueError, InputError
from communique.input.sources import decode, from_bytes, from_text, normalize, read_path, read_stream

INPUTS = Path(__file__).resolve().parent / "data" / "inputs"

RU = (
    "С.В.Лавров провёл переговоры с Государственным секретарём США Э.Блинкеном\n\n"
    "Рейкьявик, 19 мая 2021 года - На полях министерской сессии Арктического совета глава МИД России "
    "С.В.Лавров встретился с Государственным секретарём США Энтони Блинкеном.\n\n"
    "Министры обсудили стратегическую стабильность, ситуацию на Украине и сотрудничество в Арктике. "
    "Стороны договорились продолжить работу над подготовкой возможной встречи президентов двух стран.\n"
)
ZH = (
    "王毅同俄罗斯外长拉夫罗夫在桂林举行会谈\n\n"
    "2021年3月22日，国务委员兼外长王毅在广西桂林同俄罗斯外长拉夫罗夫举行会谈。"
    "双方回顾了《中俄睦邻友好合作条约》签署二十周年的筹备工作，同意加强在联合国安理会的协调。"
    "两国外长还就疫苗合作和全球治理问题交换了意见，并发表联合声明。\n"
)
AR = (
    "وزير الخارجية يستقبل نظيره الروسي في الرياض\n\n"
    "استقبل وزير الخارجية الأمير فيصل بن فرحان وزير خارجية روسيا سيرغي لافروف في الرياض يوم العاشر من مارس. "
    "وبحث الجانبان العلاقات الثنائية وسبل تعزيزها في مختلف المجالات، واتفقا على مواصلة التنسيق في أسواق الطاقة.\n"
)
EN = (
    "Foreign Ministers of Kazakhstan and Georgia hold talks in Astana\n\n"
    "Astana, 16 May 2018 - The Minister of Foreign Affairs of Kazakhstan held talks with his Georgian counterpart.\n\n"
    "The ministers agreed to hold the next session of the intergovernmental commission in Tbilisi in the autumn.\n"
)


def _one_line(e: BaseException) -> str:
    msg = str(e)
    assert "\n" not in msg, msg
    return msg


# ------------------------------------------------------------------------------------------ plain text


def test_plain_text_keeps_paragraphs_and_title() -> None:
    src = from_bytes(EN.replace("\n\n", "\n \t\n").encode(), name="rel.txt")
    assert src.format == "text" and src.encoding == "utf-8"
    assert src.title == "Foreign Ministers of Kazakhstan and Georgia hold talks in Astana"
    assert src.text.count("\n\n") == 2
    assert src.text.startswith(src.title + "\n\nAstana, 16 May 2018")
    assert normalize(src.text) == src.text


def test_title_is_not_a_sentence() -> None:
    src = from_text("The ministers met in Paris on Monday.\n\nThey discussed Iran.")
    assert src.title is None
    src = from_text("Talks in Paris\nThe ministers met in Paris on Monday.")
    assert src.title == "Talks in Paris"


@pytest.mark.parametrize(
    "first", ["Astana, 16 May 2018", "Москва, 3 мая 2019 года", "16.05.2018", "2021年3月22日"]
)
def test_a_dateline_is_not_a_title(first: str) -> None:
    assert from_text(f"{first}\n\nThe ministers met and agreed to continue consultations.").title is None


def test_normalize_whitespace_and_invisible_characters() -> None:
    raw = "A\u00a0b\u200b c\r\nd\u00ad e\u3000f\r\n\r\n\r\n\u2029g  h\x0cI\u200fj\ufeff"
    assert normalize(raw) == "A b c\nd e f\n\ng h\n\nIj"
    assert normalize("e\u0301te\u0301") == "été"  # NFC
    assert normalize("Text\n\n* * *\n\n----\n\nMore") == "Text\n\nMore"
    assert normalize(" \n\t\n ") == ""


def test_hard_wrapped_text_is_unwrapped_but_titles_stay() -> None:
    raw = (
        "Ministers meet in Vienna\n"
        "Vienna, 2 April 2021\n\n"
        "The foreign ministers of the two countries met in Vienna on Friday and\n"
        "discussed the implementation of the nuclear agreement, the situation in\n"
        "the region and the next steps of the joint commission.\n"
    )
    text = from_text(raw).text
    assert text.split("\n\n")[0] == "Ministers meet in Vienna\nVienna, 2 April 2021"
    assert "met in Vienna on Friday and discussed the implementation" in text
    assert text.count("\n") == 3


def test_chrome_lines_in_plain_text_go() -> None:
    raw = (
        "Home > Press Centre > Statements\n\n"
        "Ministers meet in Oslo\n\n"
        "Share | Print | 04.03.2021\n\n"
        "Поделиться | Версия для печати\n\n"
        "The ministers discussed copyright protection and agreed to meet again.\n\n"
        "Copyright protection of broadcasts was also discussed at length\n\n"
        "Photo: Press Service\n\n"
        "© 2021 Ministry of Foreign Affairs. All rights reserved.\n"
    )
    src = from_text(raw)
    assert src.text == (
        "Ministers meet in Oslo\n\n04.03.2021\n\n"
        "The ministers discussed copyright protection and agreed to meet again.\n\n"
        "Copyright protection of broadcasts was also discussed at length"
    )
    assert src.title == "Ministers meet in Oslo"


# ----------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (RU, "cp1251", "cp1251"),
        (RU, "koi8-r", "koi8-r"),
        (ZH, "gb18030", "gb18030"),
        (AR, "cp1256", "cp1256"),
        (RU, "cp866", "cp866"),
        (
            "外交部長會見日本駐台代表\n\n外交部長今日在台北會見日本代表，雙方就區域安全與經貿合作交換意見。"
            "雙方同意持續加強在衛生及科技領域的交流。\n",
            "big5hkscs",
            "big5hkscs",
        ),
        (
            "Сыртқы істер министрі әріптесімен кездесті.\n\nТараптар ынтымақтастықты талқылады.\n",
            "kz1048",
            "kz1048",
        ),
        ("Les deux ministres ont évoqué la préparation du Conseil européen à Paris.\n", "cp1252", "cp1252"),
    ],
)
def test_legacy_encodings(text: str, codec: str, expected: str) -> None:
    data = text.encode(codec)
    src = from_bytes(data, name=f"release.{codec}.txt")
    assert src.encoding == expected
    assert src.text == normalize(text)
    assert src.warnings == []


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_bom(codec: str, tmp_path: Path) -> None:
    data = RU.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    f = tmp_path / "release.txt"
    f.write_bytes(data)
    src = read_path(f)
    assert src.encoding == {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(
        codec, codec
    )
    assert src.text == normalize(RU)


def test_utf16_without_bom() -> None:
    src = from_bytes(EN.encode("utf-16-le"), name="x.txt")
    assert src.encoding == "utf-16-le" and src.text == normalize(EN)


def test_decode_public_api() -> None:
    assert decode("Привет".encode()) == ("Привет", "utf-8")
    text, enc = decode(RU.encode("cp1251"))
    assert text == RU and enc == "cp1251"


def test_invalid_utf8_is_repaired_with_a_warning() -> None:
    # a UTF-8 release with one paragraph pasted from a cp1251 document
    data = RU.encode("utf-8") + "\nСтороны подписали меморандум о сотрудничестве.\n".encode("cp1251")
    src = from_bytes(data, name="mixed.txt")
    assert "Стороны подписали меморандум о сотрудничестве." in src.text
    assert "Блинкеном" in src.text
    assert any("invalid UTF-8" in w for w in src.warnings)


def test_legacy_bytes_after_a_long_ascii_head() -> None:
    data = b"The ministers met in Moscow. " * 3000 + "\n\nМинистры договорились о новой встрече.\n".encode(
        "cp1251"
    )
    src = from_bytes(data, name="late.txt")
    assert src.encoding == "cp1251" and src.text.endswith("Министры договорились о новой встрече.")


def test_a_few_stray_bytes_only_warn() -> None:
    data = EN.encode() + b"Caf\xe9 talks continued.\n"
    src = from_bytes(data, name="stray.txt")
    assert "Café talks continued." in src.text


# ---------------------------------------------------------------------------------------------- HTML


def test_html_article_without_chrome() -> None:
    src = read_path(INPUTS / "page-chrome.html")
    assert src.format == "html"
    assert src.title == "Secretary Blinken's Meeting with Russian Foreign Minister Lavrov"
    assert src.date == "2021-05-19"
    assert "first in-person talks" in src.text
    assert "They agreed that their teams would continue working" in src.text
    for junk in ("cookies", "Policy Issues", "Related Articles", "Arctic Council Ministerial Meeting", "Privacy",
                 "Share", "Print", "All rights reserved", "Home", "dataLayer", "Accept all"):  # fmt: skip
        assert junk not in src.text, junk
    paras = src.text.split("\n\n")
    assert paras[0] == src.title and len(paras) >= 6


@pytest.mark.parametrize(
    ("page", "codec", "title", "first", "junk"),
    [
        (
            "page-zh.utf8.html",
            "gb18030",
            "王毅同俄罗斯外长拉夫罗夫举行会谈",
            "2021年3月22日，国务委员兼外长王毅在广西桂林同俄罗斯外长拉夫罗夫举行会谈。",
            ("打印", "关闭", "相关新闻", "版权所有", "首页", "字体"),
        ),
        (
            "page-ru.utf8.html",
            "cp1251",
            "О переговорах главы российского МИД С.В.Лаврова и Госсекретаря США Э.Блинкена в Рейкьявике",
            "19 мая в Рейкьявике на полях министерской сессии",
            (
                "Поделиться",
                "Версия для печати",
                "Читайте также",
                "Брифинг",
                "cookie",
                "Главная",
                "МИД России",
            ),
        ),
    ],
)
def test_legacy_encoded_ministry_pages(
    page: str, codec: str, title: str, first: str, junk: tuple[str, ...]
) -> None:
    # the samples are stored as UTF-8 for reading; the test sends them in the charset their meta tag declares
    data = (INPUTS / page).read_text(encoding="utf-8").encode(codec)
    src = from_bytes(data, name=page)
    assert src.encoding == codec
    assert src.title == title
    paras = src.text.split("\n\n")
    assert paras[0] == title and paras[1].startswith(first)
    for j in junk:
        assert j not in src.text, j


def test_declared_legacy_charset_but_utf8_bytes() -> None:
    src = read_path(INPUTS / "page-ru.utf8.html")
    assert src.encoding == "utf-8" and "Стороны договорились продолжить контакты" in src.text


def _page(body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}">{head}</head><body>'
        f'<nav><ul><li><a href="/">Accueil</a></li><li><a href="/presse">Presse</a></li></ul></nav>'
        f"<main><article>{body}</article></main><footer><p>Mentions légales</p></footer></body></html>"
    )


FR_BODY = (
    "<h1>Entretien de Jean-Yves Le Drian avec son homologue allemand Heiko Maas</h1>"
    '<p class="date">Partager | Imprimer | 12/03/2019</p>'
    "<p>Le ministre de l'Europe et des affaires étrangères recevait mardi à Paris son homologue allemand, "
    "M. Heiko Maas, pour un entretien consacré aux priorités européennes.</p>"
    "<p>Les deux ministres ont évoqué la préparation du Conseil européen et la situation au Sahel. "
    "Ils sont convenus de présenter des propositions communes sur la défense européenne.</p>"
    "<p>Ils ont également abordé la mise en œuvre du traité d'Aix-la-Chapelle.</p>"
)


def test_share_print_line_is_removed_but_its_date_kept() -> None:
    src = from_text(_page(FR_BODY, "<title>Entretien avec Heiko Maas - France Diplomatie</title>"))
    assert src.format == "html"
    assert "Partager" not in src.text and "Imprimer" not in src.text
    assert "Accueil" not in src.text and "Mentions" not in src.text
    assert src.title == "Entretien de Jean-Yves Le Drian avec son homologue allemand Heiko Maas"
    assert "\n\n12/03/2019\n\n" in src.text


def test_title_site_suffix_is_stripped() -> None:
    head = (
        "<title>Talks with the Foreign Minister of Chile | Ministry of Foreign Affairs | Government</title>"
        '<meta property="og:site_name" content="Ministry of Foreign Affairs">'
    )
    body = "".join(
        f"<p>The ministers discussed trade and the Pacific Alliance in Santiago, point {i}.</p>"
        for i in range(4)
    )
    src = from_text(_page(body, head))
    assert src.title == "Talks with the Foreign Minister of Chile"
    assert src.text.startswith("Talks with the Foreign Minister of Chile\n\n")


def test_article_h1_beats_a_vague_page_title() -> None:
    body = (
        "<h1>Minister receives the Ambassador of Japan</h1>"
        "<p>On 3 March the Minister received the Ambassador of Japan.</p><p>They discussed bilateral ties.</p>"
    )
    src = from_text(_page(body, "<title>Short statement | MFA</title>"))
    assert src.title == "Minister receives the Ambassador of Japan"
    assert src.text.count("Minister receives the Ambassador of Japan") == 1


def test_extractor_failure_falls_back_to_visible_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    src = from_text(_page(FR_BODY))
    assert "homologue allemand" in src.text and src.warnings
    with pytest.raises(InputError):
        from_text("<html><body><p>Too short.</p></body></html>")


def test_site_name_alone_is_no_title() -> None:
    head = '<title>Ministry of Foreign Affairs</title><meta property="og:site_name" content="Ministry of Foreign Affairs">'
    body = "".join(
        f"<p>The delegations met in Vienna and reviewed the talks, round {i}.</p>" for i in range(4)
    )
    src = from_text(_page(body, head))
    assert src.title is None and src.text.startswith("The delegations met in Vienna")


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ],
)
def test_html_meta_charset(meta: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in RU.split("\n\n")[1:])
    html = f"<!DOCTYPE html><html><head>{meta}<title>Переговоры в Рейкьявике</title></head><body><article>{body}</article></body></html>"
    src = from_bytes(html.encode("cp1251"), name="page.html")
    assert src.encoding == "cp1251"
    assert "Министры обсудили стратегическую стабильность" in src.text
    assert src.title == "Переговоры в Рейкьявике"


def test_html_in_utf16_with_bom() -> None:
    src = from_bytes(_page(FR_BODY).encode("utf-16"), name="page.html")
    assert src.format == "html" and src.encoding == "utf-16-le" and "homologue allemand" in src.text


def test_html_declared_legacy_but_really_utf8() -> None:
    body = "".join(f"<p>{p}</p>" for p in RU.split("\n\n")[1:])
    html = f'<html><head><meta charset="koi8-r"></head><body><article>{body}</article></body></html>'
    src = from_bytes(html.encode("utf-8"), name="page.html")
    assert src.encoding == "utf-8" and "Министры обсудили" in src.text


def test_html_without_article_falls_back_to_visible_text() -> None:
    cells = "".join(
        f"<td>Ministers of the two countries signed agreement number {i} on cooperation in culture and education</td>"
        for i in range(6)
    )
    html = f"<html><body><table><tr>{cells}</tr></table></body></html>"
    src = from_text(html, name="table.html")
    assert "agreement number 3" in src.text
    assert any("no article" in w for w in src.warnings)


def test_html_laid_out_in_tables() -> None:
    menu = (
        '<td class="menu"><a href="/">Home</a><br><a href="/news">News</a><br><a href="/about">About</a></td>'
    )
    body = (
        "<h1>Talks in Tashkent</h1>The ministers discussed the <b>bilateral</b> agenda, including trade and transit."
        "<br>They agreed to hold the next session of the intergovernmental commission in Tashkent in May."
        "<br>The sides also signed a programme of cooperation between the two foreign ministries for 2019-2020."
    )
    html = f"<html><head><title>MFA</title></head><body><table><tr>{menu}<td>{body}</td></tr></table></body></html>"
    src = from_text(html)
    assert src.text.split("\n\n") == [
        "Talks in Tashkent",
        "The ministers discussed the bilateral agenda, including trade and transit.",
        "They agreed to hold the next session of the intergovernmental commission in Tashkent in May.",
        "The sides also signed a programme of cooperation between the two foreign ministries for 2019-2020.",
    ]
    assert src.title == "Talks in Tashkent"


def test_html_with_no_text_is_an_error() -> None:
    with pytest.raises(InputError, match=r"^empty\.html: HTML page with no"):
        from_bytes(
            b"<html><head><title>x</title></head><body><div><img src='a.png'></div></body></html>",
            name="empty.html",
        )


def test_html_one_huge_line() -> None:
    filler = "".join(f'<div class="menu"><a href="/p{i}">Link {i}</a></div>' for i in range(3000))
    body = "".join(f"<p>{p.strip()}</p>" for p in EN.split("\n\n"))
    html = f"<html><head><title>T</title></head><body>{filler}<article>{body}</article>{filler}</body></html>"
    assert "\n" not in html and len(html) > 150_000
    src = from_bytes(html.encode(), name="line.html")  # its time: bench/stages.py
    assert "intergovernmental commission in Tbilisi" in src.text
    assert "Link 12" not in src.text


def test_html_string_through_from_text() -> None:
    src = from_text(_page(FR_BODY))
    assert src.format == "html" and "Heiko Maas" in src.text and "<p>" not in src.text


def test_html_never_touches_the_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")

    def refuse(*a: object, **k: object) -> None:
        raise AssertionError(f"network access attempted: {a!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    xxe = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY remote SYSTEM "http://example.invalid/dtd">]>\n'
        '<html><head><link rel="stylesheet" href="http://example.invalid/a.css">'
        '<script src="http://example.invalid/a.js"></script></head><body><article>'
        '<img src="http://example.invalid/pixel.png"><iframe src="http://example.invalid/frame"></iframe>'
        "<p>&xxe; &remote;</p>"
        + "".join(f"<p>{p}</p>" for p in EN.split("\n\n"))
        + "</article></body></html>"
    )
    src = from_bytes(xxe.encode(), name="xxe.html")
    assert "TOP-SECRET-CONTENT" not in src.text
    assert "intergovernmental commission" in src.text


# ------------------------------------------------------------------------------------------ Markdown


def test_markdown_release() -> None:
    src = read_path(INPUTS / "release.md")
    assert src.format == "markdown"
    assert src.title == "Wang Yi Holds Talks with Sergey Lavrov in Guilin"
    assert src.date == "2021-03-22"
    t = src.text
    for mark in ("#", "**", "](", "![", "> ", "- The", "---"):
        assert mark not in t, mark
    assert "Foreign Minister Wang Yi held talks with Russian Foreign Minister Sergey Lavrov in Guilin." in t
    assert "anniversary of the Treaty of Good-Neighbourliness" in t  # soft break joined
    assert "\nThey decided to hold the next round" in t  # list items keep their lines
    assert "photo" not in t.lower()


def test_markdown_detected_by_content() -> None:
    md = "## Talks in Berlin\n\n**Berlin, 2 June 2020** – The [ministers](http://x.invalid) met.\n\n- They agreed to meet again.\n"
    src = from_bytes(md.encode(), name="-")
    assert src.format == "markdown" and src.title == "Talks in Berlin"
    assert (
        src.text
        == "Talks in Berlin\n\nBerlin, 2 June 2020 – The ministers met.\n\nThey agreed to meet again."
    )


# ---------------------------------------------------------------------------------------------- PDF

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _pdf(paragraphs: list[str], font: Path | None = None) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    if font:
        pdf.add_font("U", "", str(font))
        pdf.set_font("U", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
    for p in paragraphs:
        pdf.multi_cell(0, 6, p)
        pdf.ln(6)
    return bytes(pdf.output())


def test_pdf_latin(tmp_path: Path) -> None:
    paras = EN.strip().split("\n\n")
    f = tmp_path / "statement.pdf"
    f.write_bytes(_pdf(paras))
    src = read_path(f)
    assert src.format == "pdf"
    assert src.title == paras[0]
    assert (
        "The ministers agreed to hold the next session of the intergovernmental commission in Tbilisi"
        in src.text
    )
    assert src.text.split("\n\n")[0] == paras[0]


def test_pdf_pages_reflow_and_running_lines_go() -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    body = (
        "The foreign ministers reviewed the implementation of the agreements reached at the previous session "
        "of the intergovernmental commission and discussed new projects in transport, energy and agriculture."
    )
    for page in range(1, 4):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 6, "Ministry of Foreign Affairs - Press Service")
        pdf.ln(14)
        pdf.set_font("Helvetica", size=11)
        if page == 1:
            pdf.cell(0, 6, "Ministers review cooperation in Tashkent")
            pdf.ln(14)
        for k in range(2):
            pdf.multi_cell(0, 6, f"({page}.{k}) {body}")
            pdf.ln(6)
        pdf.set_y(-20)
        pdf.cell(0, 6, str(page), align="C")
    src = from_bytes(bytes(pdf.output()), name="three.pdf")
    paras = src.text.split("\n\n")
    assert paras[0] == "Ministers review cooperation in Tashkent" == src.title
    assert paras[1:] == [f"({p}.{k}) {body}" for p in range(1, 4) for k in range(2)]  # wrapped lines joined
    assert "Press Service" not in src.text


@pytest.mark.skipif(
    not _DEJAVU.is_file(), reason="no Unicode TTF font (fonts-dejavu-core) to build a Cyrillic PDF"
)
def test_pdf_cyrillic() -> None:
    src = from_bytes(_pdf(RU.strip().split("\n\n"), _DEJAVU), name="ru.pdf")
    assert "Министры обсудили стратегическую стабильность" in src.text
    assert src.title and src.title.startswith("С.В.Лавров провёл переговоры")


def test_scanned_pdf_is_an_error() -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a page with marks but no text layer
    with pytest.raises(InputError, match=r"^scan\.pdf: PDF has no text layer"):
        from_bytes(bytes(pdf.output()), name="scan.pdf")


def test_damaged_pdf_is_an_error() -> None:
    with pytest.raises(InputError, match=r"^bad\.pdf: damaged"):
        from_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer garbage", name="bad.pdf")


# ---------------------------------------------------------------------------------------- bad inputs


def test_missing_path() -> None:
    with pytest.raises(InputError, match=r"^no/such/file\.txt: no such file"):
        read_path("no/such/file.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(EN)
    f.chmod(0)
    if os.name == "posix" and os.geteuid() == 0:  # root reads everything: make the OS say no all the same
        real_open = Path.open

        def denied(self: Path, *a: object, **kw: object) -> object:
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *a, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", denied)
    try:
        with pytest.raises(InputError, match=r"locked\.txt: permission denied"):
            read_path(f)
    finally:
        f.chmod(0o600)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"   \n\t\r\n  \xc2\xa0\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data (a PNG image)"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "binary data (a ZIP archive"),
        (b"\x7fELF\x02\x01\x01" + bytes(300), "binary data (an ELF executable)"),
        (b"GIF89a\x01\x00\x01\x00" + bytes(50), "binary data (a GIF image)"),
        (b"some text\x00\x00\x00\x01\x02\x00\x00more\x00" * 40, "binary data"),
        (bytes((i * 7919) % 256 for i in range(5000)), "binary data"),
    ],
)
def test_bad_files(tmp_path: Path, data: bytes, problem: str) -> None:
    f = tmp_path / "input.bin"
    f.write_bytes(data)
    with pytest.raises(InputError) as ei:
        read_path(f)
    msg = _one_line(ei.value)
    assert msg.startswith(f"{f}: ") and problem in msg


def test_stdin_names_itself() -> None:
    with pytest.raises(InputError, match=r"^<stdin>: empty input"):
        read_stream(io.BytesIO(b""))


def test_name_with_newline_stays_one_line() -> None:
    with pytest.raises(InputError) as ei:
        from_bytes(b"", name="bad\nname.txt")
    assert _one_line(ei.value).startswith("bad\\x0aname.txt")


def test_every_error_is_a_communique_error() -> None:
    assert issubclass(InputError, CommuniqueError)


# ------------------------------------------------------------------------------------ size and speed


class _Endless(io.RawIOBase):
    """An endless stream that counts what was read from it (a 50 MB+ pipe)."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        n = len(b)
        data = (self.chunk * (n // len(self.chunk) + 1))[:n]
        b[:n] = data
        self.read_bytes += n
        return n


def test_huge_stream_is_read_bounded_and_truncated() -> None:
    stream = _Endless("Переговоры министров прошли в Москве. ".encode() * 100 + b"\n\n")
    src = read_stream(stream, name="-", max_chars=10_000)  # type: ignore[arg-type]
    assert stream.read_bytes <= 4 * 10_000 + 2 * 64 * 1024
    assert len(src.text) <= 10_000
    assert "input truncated at 10000 characters" in src.warnings
    assert src.text.endswith("Москве.")  # cut at a break, not inside a word or multibyte character


def test_fifty_megabytes_of_bytes() -> None:
    data = (EN * 200).encode() * 100
    data = (
        data[: 50 * 1024 * 1024]
        if len(data) > 50 * 1024 * 1024
        else data * (50 * 1024 * 1024 // len(data) + 1)
    )
    src = from_bytes(data, name="big.txt", max_chars=50_000)
    assert len(src.text) <= 50_000 and "input truncated at 50000 characters" in src.warnings


def test_long_text_string_is_truncated() -> None:
    src = from_text("Ministers met. " * 20_000, max_chars=5_000)
    assert len(src.text) <= 5_000 and src.warnings == ["input truncated at 5000 characters"]


@pytest.mark.parametrize(
    "chunk", ["**a ", "[a](", "<!--", "a\n", "Share\n", "x-\ny", "<a", "_a "], ids=lambda c: repr(c)
)
def test_pathological_markup_stays_linear(chunk: str) -> None:
    blob = chunk * (150_000 // len(chunk))  # growth with size: bench/stages.py
    for make in (
        lambda: from_text("# Title\n\n" + blob, name="x.md"),
        lambda: from_text(blob),
        lambda: from_bytes(("<html><body><p>" + blob).encode(), name="x.html"),
    ):
        with contextlib.suppress(InputError):
            make()


def test_plain_text_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from communique.input.sources import from_bytes\n"
        f"data = {(EN * 3).encode()!r}\n"
        "for i in range(3):\n"
        "    from_bytes(data, name=f'r{i}.txt')\n"
        "heavy = [m for m in ('trafilatura', 'charset_normalizer', 'pypdfium2', 'lxml', 'htmldate') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


# ------------------------------------------------------------------------- odd releases, whole pipeline


def _pipeline(text: str) -> None:
    from conftest import validate_readout

    from communique import core
    from communique.options import Options

    opts = Options(engine="extractive")
    eng, _ = core.resolve_engine(opts)
    doc = core.analyse(core.load(text, opts), opts)
    readout = core.summarize_documents([doc], eng)[0]
    validate_readout(readout.to_dict(), clean_text=doc.source.text)


def test_release_without_sentence_punctuation() -> None:
    _pipeline(
        "Ministers meet in Geneva\n\nThe ministers met in Geneva on Monday and discussed arms control "
        "they agreed to meet again in the autumn and to set up a working group"
    )


def test_release_in_an_unknown_language() -> None:
    _pipeline(
        "საქართველოს საგარეო საქმეთა მინისტრი შეხვდა კოლეგას\n\n"
        "თბილისი, 12 მაისი 2019. მინისტრებმა განიხილეს ორმხრივი თანამშრომლობა. "
        "მხარეები შეთანხმდნენ შემდეგი შეხვედრის ჩატარებაზე."
    )


def test_page_date_beside_the_headline_when_no_meta_tag() -> None:
    # ministry sites often print the date in a div above the <h1> and no meta tag at all
    html = (
        "<html><body><div class='article'><div class='date'>10 октября 2020 г., 03:15</div>"
        "<h1>Об итогах переговоров министров иностранных дел</h1>"
        + "<p>9 октября в Москве состоялись переговоры министров иностранных дел трёх стран. "
        "Стороны договорились продолжить консультации в ближайшее время.</p>" * 3 + "</div></body></html>"
    ).encode()
    assert from_bytes(html, name="page.html").date == "2020-10-10"


def test_time_element_gives_the_page_date() -> None:
    html = (
        "<html><body><article><h1>Ministers meet in Vienna</h1><time datetime='2021-03-04T10:00'>4 March</time>"
        + "<p>The foreign ministers met in Vienna and agreed to hold the next round of talks in May.</p>" * 3
        + "</article></body></html>"
    ).encode()
    assert from_bytes(html, name="page.html").date == "2021-03-04"


def _site_page(head: str) -> bytes:
    body = (
        "Foreign Minister Ana Costa met her Peruvian counterpart in Lima on 4 May 2022. They spoke of trade. "
        * 4
    )
    return (
        f"<html><head>{head}</head><body><article><h1>Ministers meet</h1><p>{body}</p></article></body></html>"
    ).encode()


def test_the_publishing_site_of_a_site_page() -> None:
    """Source.site names the publisher (whose ministry wrote it): og:site_name, else the <title>'s site part."""
    src = from_bytes(
        _site_page('<meta property="og:site_name" content="Foreign Office of Ruritania">'), name="a.html"
    )
    assert src.site == "Foreign Office of Ruritania"
    src = from_bytes(
        _site_page("<title>Ministers meet | Ministry of Foreign Affairs of Chile</title>"), name="b.html"
    )
    assert src.site == "Ministry of Foreign Affairs of Chile"
    assert from_bytes(_site_page("<title>Ministers meet</title>"), name="c.html").site is None
    assert from_text("Ministers meet\n\nThey met.").site is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a date line with its weekday, then a section label, over the headline
        (
            "Qui, 09 de Outubro\n\nDiplomacia\n\nMinistros conversam por telefone\n\nOs ministros conversaram.",
            "Ministros conversam por telefone",
        ),
        (
            "Reklama\n\nMinister z wizytą w Berlinie\n\nMinister przyjechał do Berlina.",
            "Minister z wizytą w Berlinie",
        ),
        (
            "Politik\n\nAußenminister treffen sich in Wien\n\nDie Minister trafen sich.",
            "Außenminister treffen sich in Wien",
        ),
        ("Новости\n\nМинистр провёл переговоры.", None),
    ],
)
def test_a_label_or_a_date_line_over_the_headline_is_no_title(text: str, title: str | None) -> None:
    assert from_text(text).title == title


@pytest.mark.parametrize(
    "line",
    [
        "Der Artikel wurde zur Merkliste hinzugefügt.",
        "Uwaga! Nie będą publikowane komentarze zawierające treści obraźliwe.",
        "Подробнее читайте на example.ru ...",
        "Dieser Beitrag erschien zuerst bei einer Agentur.",
        "Ministro das Relações Exteriores, Paulo Reis (foto: Ana Lima/MRE)",
        # a caption ending in its credit after a dash, longer than a bare credit line
        "Chile | Ana Soto | reunión",
        "O ministro das Relações Exteriores, Paulo Reis.O ministro das Relações Exteriores, Paulo Reis. - "
        "Foto: Ana Lima/Agência",
    ],
)
def test_site_notices_and_captions_are_page_chrome(line: str) -> None:
    body = "Os ministros reuniram-se em Lisboa e acordaram manter contactos regulares."
    assert from_text(f"{body}\n\n{line}\n\n{body}").text == f"{body}\n\n{body}"
