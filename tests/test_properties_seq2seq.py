"""Property test for the neural engine: on any text, a tiny random-weight model yields a valid readout whose
evidence is verbatim in the cleaned text (never a generated sentence passed off as evidence), or one of
communique's own errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import validate_readout
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny_models import build_all

from communique import core
from communique.errors import CommuniqueError
from communique.options import Options

pytest.importorskip("torch")

_WORDS = st.sampled_from(
    [
        "Министры",
        "договорились",
        "The ministers",
        "agreed to",
        "meet again",
        "in May 2020.",
        "双方同意加强合作。",
        "اتفق الوزيران",
        "Astana,",
        "3 мая 2018 года –",
        "\n\n",
        "discussed",
        "trade",
        "42",
        "Dr.",
        "U.S.",
    ]
)
_TEXT = st.one_of(st.text(max_size=600), st.lists(_WORDS, min_size=1, max_size=60).map(" ".join))


@pytest.fixture(scope="module")
def tiny_mt5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_all(tmp_path_factory.mktemp("tiny-prop"))["mt5"]


def test_seq2seq_on_any_text(tiny_mt5: Path) -> None:
    opts = Options(engine="seq2seq", model=str(tiny_mt5), max_new_tokens=8, num_beams=1)
    eng, _ = core.resolve_engine(opts)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_TEXT)
    def run(text: str) -> None:
        try:
            doc = core.analyse(core.load(text, opts), opts)
        except CommuniqueError:
            return
        readout = core.summarize_documents([doc], eng)[0]
        assert readout.engine.name == "seq2seq"
        validate_readout(readout.to_dict(), clean_text=doc.source.text)

    run()
