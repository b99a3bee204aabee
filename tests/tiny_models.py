"""Tiny random-weight seq2seq checkpoints built on the fly (no network): an MT5 and an mBART.

Both use a sentencepiece vocabulary trained here on a few paragraphs written for the tests, and are
saved with ``save_pretrained`` (safetensors), so the engine's real loading code runs on them.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

# Our own words about imagined meetings, in the languages the tests use.
TRAINING_TEXT = """\
The foreign ministers of Norland and Estavia met in Vienna on 12 March to discuss trade and energy.
The sides agreed to hold the next round of consultations in the autumn and to sign a visa agreement.
Minister Anna Berg said that cooperation in education, culture and transport would keep growing.
They exchanged views on regional security, the situation in the Middle East and climate change.
Both delegations welcomed the work of the intergovernmental commission on economic cooperation.
The President received the credentials of the new ambassador and wished him success in his mission.
A joint statement was adopted on the protection of water resources and the development of railways.
Министры иностранных дел Норландии и Эставии провели переговоры в Вене 12 марта.
Стороны договорились провести следующий раунд консультаций осенью и подписать соглашение о визах.
Министр Анна Берг отметила, что сотрудничество в области образования и культуры будет расширяться.
Обсуждены вопросы региональной безопасности, ситуация на Ближнем Востоке и изменение климата.
Делегации приветствовали работу межправительственной комиссии по экономическому сотрудничеству.
Президент принял верительные грамоты нового посла и пожелал ему успехов в работе.
Принято совместное заявление о защите водных ресурсов и развитии железных дорог.
0 1 2 3 4 5 6 7 8 9 10 2019 2020 2021 2022 2023 2024 2025
"""


def spm_bytes(lines: list[str], vocab_size: int) -> bytes:
    """A serialized unigram sentencepiece model with T5's special ids (pad 0, eos 1, unk 2)."""
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        hard_vocab_limit=False,
        character_coverage=1.0,
        minloglevel=2,
    )
    return buf.getvalue()


def train_spm(folder: Path, vocab_size: int = 400) -> Path:
    """The tests' vocabulary, trained on TRAINING_TEXT and saved as ``spiece.model``."""
    lines = [ln for ln in TRAINING_TEXT.splitlines() if ln.strip()] * 4
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "spiece.model"
    out.write_bytes(spm_bytes(lines, vocab_size))
    return out


def _pieces(spm_file: Path) -> list[tuple[str, float]]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_file))
    return [(sp.id_to_piece(i), float(sp.get_score(i))) for i in range(sp.get_piece_size())]


def build_mt5(folder: Path, spm_file: Path, max_input_tokens: int = 96, seed: int = 0) -> Path:
    """A tiny MT5 saved like the real XLSum checkpoint (spiece.model, tokenizer config) plus tokenizer.json."""
    import torch
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    pieces = _pieces(spm_file)
    torch.manual_seed(seed)
    cfg = MT5Config(
        vocab_size=len(pieces),
        d_model=32,
        d_kv=8,
        d_ff=64,
        num_layers=2,
        num_decoder_layers=2,
        num_heads=4,
        relative_attention_num_buckets=8,
        decoder_start_token_id=0,
        pad_token_id=0,
        eos_token_id=1,
        tie_word_embeddings=False,
    )
    model = MT5ForConditionalGeneration(cfg).eval()
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)  # safetensors by default
    tok = T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=max_input_tokens)
    tok.save_pretrained(folder)
    shutil.copy(spm_file, folder / "spiece.model")
    return folder


def bare_spiece_copy(src: Path, dst: Path) -> Path:
    """The same checkpoint without tokenizer.json: only spiece.model, like the hub's XLSum files."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.name != "tokenizer.json":
            shutil.copy(f, dst / f.name)
    cfg_file = dst / "tokenizer_config.json"
    cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
    cfg["tokenizer_class"] = "T5Tokenizer"
    cfg_file.write_text(json.dumps(cfg), encoding="utf-8")
    return dst


def build_mbart(folder: Path, spm_file: Path, max_positions: int = 128, seed: int = 0) -> Path:
    """A tiny mBART with a tokenizer.json built from the same pieces (pad 0, eos 1, unk 2)."""
    import torch
    from transformers import MBartConfig, MBartForConditionalGeneration

    pieces = _pieces(spm_file)
    torch.manual_seed(seed)
    cfg = MBartConfig(
        vocab_size=len(pieces),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=max_positions,
        pad_token_id=0,
        eos_token_id=1,
        bos_token_id=1,
        decoder_start_token_id=1,
        forced_eos_token_id=1,
    )
    model = MBartForConditionalGeneration(cfg).eval()
    with torch.no_grad():  # random weights would end at once: make the end token unlikely
        model.final_logits_bias[0, 1] = -4.0
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    _unigram_tokenizer(pieces, max_positions).save_pretrained(folder)
    return folder


def build_unconvertible(folder: Path, spm_file: Path, max_positions: int = 128, seed: int = 0) -> Path:
    """A tiny Blenderbot-small: an encoder-decoder transformers runs and CTranslate2 cannot convert."""
    import torch
    from transformers import BlenderbotSmallConfig, BlenderbotSmallForConditionalGeneration

    pieces = _pieces(spm_file)
    torch.manual_seed(seed)
    cfg = BlenderbotSmallConfig(
        vocab_size=len(pieces),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=max_positions,
        pad_token_id=0,
        eos_token_id=1,
        bos_token_id=1,
        decoder_start_token_id=1,
    )
    folder.mkdir(parents=True, exist_ok=True)
    BlenderbotSmallForConditionalGeneration(cfg).eval().save_pretrained(folder)
    _unigram_tokenizer(pieces, max_positions).save_pretrained(folder)
    return folder


def _unigram_tokenizer(pieces: list[tuple[str, float]], max_positions: int):  # -> PreTrainedTokenizerFast
    """A fast tokenizer over the pieces (pad 0, eos 1, unk 2), as a tokenizer.json checkpoint ships it."""
    from tokenizers import Tokenizer, decoders, pre_tokenizers, processors
    from tokenizers.models import Unigram
    from transformers import PreTrainedTokenizerFast

    backend = Tokenizer(Unigram(pieces, unk_id=2, byte_fallback=False))
    backend.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    backend.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    backend.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", 1)])
    return PreTrainedTokenizerFast(
        tokenizer_object=backend,
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="<unk>",
        model_max_length=max_positions,
    )


def build_all(root: Path) -> dict[str, Path]:
    spm_file = train_spm(root / "spm")
    mt5 = build_mt5(root / "tiny-mt5", spm_file)
    return {
        "mt5": mt5,
        "mt5_bare": bare_spiece_copy(mt5, root / "tiny-mt5-bare"),
        "mbart": build_mbart(root / "tiny-mbart", spm_file),
    }


if __name__ == "__main__":  # build them by hand: python tests/tiny_models.py /tmp/tiny
    import sys

    for name, path in build_all(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/communique-tiny")).items():
        print(name, path)


# Releases written for the tests (imagined meetings).
RELEASE_EN = """\
Foreign Ministers of Norland and Estavia meet in Vienna

Vienna, 12 March 2024 – Minister Anna Berg of Norland held talks with Foreign Minister Piet Larsen of Estavia.

The ministers discussed trade, energy and transport, and welcomed the work of the intergovernmental commission.

The sides agreed to hold the next round of consultations in the autumn. Norland will open a consulate in Port Elm.

They exchanged views on regional security and climate change. Both delegations praised cooperation in education.

Press office of the Ministry: press@norland.example
"""

_LONG_SENTENCES = [
    "The delegations reviewed cooperation in trade and investment over the past year.",
    "Minister Berg noted that bilateral trade grew by a fifth and reached a record level.",
    "The sides discussed projects in energy, including wind farms on the northern coast.",
    "They agreed that the joint commission will meet twice a year from now on.",
    "Both ministers stressed the importance of direct flights between the two capitals.",
    "Education and culture were also on the agenda, including student exchanges.",
    "The parties exchanged views on security in the region and on climate change.",
    "A memorandum on cooperation between diplomatic academies was signed after the talks.",
]


def long_release(paragraphs: int = 30) -> str:
    """A joint statement of about 1,500 words: many paragraphs of three to four sentences."""
    paras = ["Joint statement of the Ministers of Foreign Affairs of Norland and Estavia"]
    for p in range(paragraphs):
        sents = [f"Section {p + 1}. " + _LONG_SENTENCES[p % len(_LONG_SENTENCES)]]
        sents += [_LONG_SENTENCES[(p + k) % len(_LONG_SENTENCES)] for k in (1, 3, 5)]
        paras.append(" ".join(sents))
    return "\n\n".join(paras) + "\n"
