# da-extract — `make` extracts every report under raw/, `make test` runs the tests.
# Stage 1 (read):    raw/<year>/<report>      -> build/<year>/document.json
#                    (any file in raw/<year>/: text, .docx, .odt, .fodt, HTML, .doc, .rtf; the reader
#                    is chosen by its content; .doc and .rtf need LibreOffice)
# Stage 2 (extract): build/<year>/document.json -> extracted/<dataset>/report_year=<year>/ + extracted/manifest/<year>.json
# Stage 3 (overview): the year's datasets and manifest -> extracted/overview/<year>.html

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The package is installed in place (pip -e), so pip compiles no bytecode for it, and where Python is
# told not to write any as it runs (PYTHONDONTWRITEBYTECODE) every command would compile the sources
# at each start (0.08 s). Compiled here, whenever a source changes.
BYTECODE := build/.bytecode

YEARS     := $(sort $(patsubst raw/%/,%,$(dir $(wildcard raw/*/*))))
MANIFESTS := $(YEARS:%=extracted/manifest/%.json)
OVERVIEWS := $(YEARS:%=extracted/overview/%.html)
# Every file an extraction reads: the code and its data (gazetteer, project-key registry), in the
# package and its subpackages (no deeper folder); make's own wildcard starts no shell.
SOURCES   := $(wildcard pipeline/*.py pipeline/*/*.py pipeline/*/*/*.py pipeline/*/*.tsv)

.PHONY: all test lint format check golden bench docs clean
.DELETE_ON_ERROR:
.PRECIOUS: build/%/document.json
.SECONDEXPANSION:

all: $(MANIFESTS) $(OVERVIEWS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(BYTECODE): $(SOURCES) $(STAMP)
	$(PY) -m compileall -q pipeline
	@mkdir -p $(dir $@) && touch $@

build/%/document.json: $$(wildcard raw/%/*) $(SOURCES) $(BYTECODE)
	$(PY) -m pipeline read raw/$* --out $@

extracted/manifest/%.json: build/%/document.json $(SOURCES) $(BYTECODE)
	$(PY) -m pipeline extract $< --out extracted

# An overview shows the changes since the previous year: it depends on every year's manifest.
extracted/overview/%.html: extracted/manifest/%.json $(MANIFESTS) $(SOURCES) $(BYTECODE)
	$(PY) -m pipeline overview $* --out extracted

test: lint $(BYTECODE)
	$(PY) -m pytest

# The readers fuzzed longer than `make test` does: FUZZ_EXAMPLES mutated files per format, new ones
# each run; hypothesis's statistics say what was tried and how each file ended.
FUZZ_EXAMPLES ?= 500
.PHONY: fuzz
fuzz: $(BYTECODE)
	DA_EXTRACT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics

# Style and layers: ruff's lint and format check, then the import contracts of pyproject.toml.
lint: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m ruff format --check pipeline tests
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(PY) -m ruff check --fix pipeline tests
	$(PY) -m ruff format pipeline tests

check: $(BYTECODE)
	$(PY) -m pipeline check

golden: $(BYTECODE)
	$(PY) -m pipeline check --update

bench: all
	$(PY) tests/producers.py build/producers
	$(PY) -m pipeline.bench

docs: $(BYTECODE)
	$(PY) -m pipeline docs > docs/datasets.md
	$(PY) -m pytest notebooks -q
	cp build/tour/figures-by-sector.png docs/tour-figures-by-sector.png

clean:
	rm -rf build extracted
