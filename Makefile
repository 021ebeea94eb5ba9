# da-extract — `make` extracts every report under raw/, `make test` runs the tests.
# Stage 1 (read):    raw/<year>/<report>      -> build/<year>/document.json
#                    (any file in raw/<year>/: text, .docx, .odt, .fodt, HTML, .doc, .rtf; the reader
#                    is chosen by its content; .doc and .rtf need LibreOffice)
# Stage 2 (extract): build/<year>/document.json -> extracted/<dataset>/report_year=<year>/ + extracted/manifest/<year>.json
# Stage 3 (overview): the year's datasets and manifest -> extracted/overview/<year>.html, and
#                    every year's manifest -> extracted/overview/index.html (the years side by side)

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

.PHONY: all extract test lint format check golden bench docs clean
.DELETE_ON_ERROR:
.PRECIOUS: build/%/document.json
.SECONDEXPANSION:

all: $(MANIFESTS) $(OVERVIEWS)

# The datasets alone, without the overview pages.
extract: $(MANIFESTS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,notebook]'
	touch $@

$(BYTECODE): $(SOURCES) $(STAMP)
	$(PY) -m compileall -q pipeline
	@mkdir -p $(dir $@) && touch $@

build/%/document.json: $$(wildcard raw/%/*) $(SOURCES) $(BYTECODE)
	$(PY) -m pipeline read raw/$* --out $@

# STRICT=1 (make STRICT=1): an incomplete report (a part missing, a check failed or not run) stops make
# with exit 4 and nothing of its year written, instead of a year written with its `incomplete:` warnings.
# Other warnings are printed either way. Q=1 prints only errors and `incomplete:` lines (-q); V=1 more (-v).
STRICT ?=
Q ?=
V ?=
EXTRACT_OPTIONS := $(if $(STRICT),--strict) $(if $(Q),-q) $(if $(V),-v)

extracted/manifest/%.json: build/%/document.json $(SOURCES) $(BYTECODE)
	$(PY) -m pipeline extract $< --data extracted $(EXTRACT_OPTIONS)

# An overview shows the changes since the previous year: it depends on every year's manifest. Each
# `overview` also rewrites the index of every year (overview/index.html), from the manifests alone.
extracted/overview/%.html: extracted/manifest/%.json $(MANIFESTS) $(SOURCES) $(BYTECODE)
	$(PY) -m pipeline overview $* --data extracted

# The tour notebook (notebooks/tour.ipynb), which the tests run, reads extracted/: the years are extracted first.
test: lint $(BYTECODE) $(MANIFESTS)
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

# make check: every year of raw/ that has a snapshot in tests/golden/ (a year without one is named, not
# failed); YEAR=2024 checks one. make golden YEAR=2024 rewrites that year's snapshot only, every other
# year's files left byte for byte (YEAR="2023 2024" for several, YEAR=all for every year): without
# YEAR it asks for one, as rewriting a snapshot accepts every change in it.
YEAR_OPTIONS = $(if $(filter all,$(YEAR)),,$(addprefix --year ,$(YEAR)))

check: $(BYTECODE)
	$(PY) -m pipeline check $(YEAR_OPTIONS)

golden: $(BYTECODE)
	$(if $(YEAR),,$(error make golden needs YEAR: make golden YEAR=2024 (several: YEAR="2023 2024"; all: YEAR=all)))
	$(PY) -m pipeline check --update $(YEAR_OPTIONS)

bench: all
	$(PY) tests/producers.py build/producers
	$(PY) -m pipeline.bench

# The data dictionary; the tour run in place on extracted/, its outputs saved with it (no timings), and
# its chart of figures by sector for the README.
docs: $(BYTECODE) $(MANIFESTS)
	$(PY) -m pipeline docs > docs/datasets.md
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False \
		notebooks/tour.ipynb
	$(PY) notebooks/tour_chart.py figures-by-sector docs/tour-figures-by-sector.png

clean:
	rm -rf build extracted
