"""Property tests: whatever bytes or text come in, only communique's own errors come out, and every readout
is valid with its evidence verbatim in the cleaned text."""

from __future__ import annotations

import pytest
from conftest import validate_readout
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from communique import core
from communique.errors import CommuniqueError
from communique.input.sources import from_bytes, from_text, normalize
from communique.options import Options

MAX = 4_000
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIPE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# pieces that steer generated inputs into the interesting branches (HTML, Markdown, BOMs, binary magic)
_PIECES = st.sampled_from(
    [
        b"<html><body><p>",
        b"</p><p>",
        b"<meta charset=koi8-r>",
        b"<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>",
        b"# Heading\n",
        b"- item\n",
        b"[link](http://x.invalid)",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\x00",
        b"\n\n",
        b"%PDF-1.4\n",
        b"PK\x03\x04",
        "Министры договорились продолжить консультации. ".encode("cp1251"),
        "Министры договорились продолжить консультации. ".encode(),
        "双方同意加强合作。".encode("gb18030"),
        b"The ministers agreed to meet again in May. ",
        "اتفق الوزيران على مواصلة التنسيق. ".encode("cp1256"),
    ]
)
_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.lists(st.one_of(_PIECES, st.binary(max_size=40)), max_size=30).map(b"".join),
)
_WORDS = st.sampled_from(
    [
        "The ministers agreed to",
        "hold consultations",
        "in Moscow on 3 May 2021.",
        "Стороны договорились",
        "провести переговоры",
        "Париж, 8 ноября 2018 года –",
        "双方同意",
        "。",
        "وزير الخارجية",
        "؟",
        "\n",
        "\n\n",
        "U.S.",
        "Mr.",
        "  ",
        "\u200b",
        "\x00",
        "e\u0301",
        "<p>",
        "# ",
        "*",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=2000),
    st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=60).map(" ".join),
)


def _check_source_text(text: str) -> None:
    assert text
    assert normalize(text) == text
    assert len(text) <= MAX


@FAST
@given(_BYTES)
def test_any_bytes_give_a_source_or_an_input_error(data: bytes) -> None:
    try:
        src = from_bytes(data, name="fuzz.bin", max_chars=MAX)
    except CommuniqueError as e:
        assert "\n" not in str(e) and str(e).startswith("fuzz.bin: ")
        return
    _check_source_text(src.text)


@FAST
@given(_TEXT)
def test_any_text_gives_a_source_or_an_input_error(text: str) -> None:
    try:
        src = from_text(text, max_chars=MAX)
    except CommuniqueError as e:
        assert "\n" not in str(e)
        return
    _check_source_text(src.text)


@FAST
@given(_TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "\n\n\n" not in once and not once.startswith((" ", "\n")) and not once.endswith((" ", "\n"))


@pytest.fixture(scope="module")
def engine() -> object:
    eng, _ = core.resolve_engine(Options(engine="extractive"))
    return eng


def _run(source: str | bytes, engine: object) -> None:
    opts = Options(engine="extractive", max_chars=MAX)
    try:
        doc = core.analyse(core.load(source, opts), opts)
        readout = core.summarize_documents([doc], engine)[0]  # type: ignore[arg-type]
    except CommuniqueError:
        return
    validate_readout(readout.to_dict(), clean_text=doc.source.text)


@PIPE
@given(data=_BYTES)
def test_pipeline_on_any_bytes(engine: object, data: bytes) -> None:
    _run(data, engine)


@PIPE
@given(text=_TEXT)
@example(text="0" * 256)  # a one-line string too long for a file name: load() must treat it as text
def test_pipeline_on_any_text(engine: object, text: str) -> None:
    _run(text, engine)
