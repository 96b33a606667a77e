"""Voikko from pip: pyvoikko and Debian's libvoikko index alike, and without libvoikko nothing breaks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from registry.search import _analysis

ROOT = Path(__file__).resolve().parents[3]
NO_LIBVOIKKO = ROOT / "tests" / "support" / "no_libvoikko"
DEVSETS = (
    ROOT.parent / "shared" / "search-dev" / "fi_devset.json",
    ROOT / "benchmarks" / "data" / "fi_real",
)


def _vocabulary() -> list[str]:
    """Every word of the demo documents and of the development sets present on this machine."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "registry" / "demo" / "templates").glob("*.md"))]
    devset, real = DEVSETS
    if devset.is_file():
        data = json.loads(devset.read_text(encoding="utf-8"))
        texts += [d["title"] + "\n" + d["body"] for d in data["docs"]]
        texts += [q["q"] for q in data["queries"] + data.get("compound_probes", [])]
    if real.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(real.rglob("*")) if p.is_file()]
    return sorted({w for text in texts for w in _analysis.words(text)})


def _backend(kind):
    try:
        return kind()
    except Exception as exc:  # the library, binding or wheel is not on this machine
        pytest.skip(f"{kind.name} cannot be used here ({type(exc).__name__}: {exc})")


def test_libvoikko_and_pyvoikko_give_the_same_index_and_query_terms():
    libvoikko, pyvoikko = _backend(_analysis._LibVoikko), _backend(_analysis._PyVoikko)
    vocabulary = _vocabulary()
    assert len(vocabulary) > 300, "too few words to compare"
    differ = {}
    for word in vocabulary:
        for for_index in (True, False):
            pair = _analysis.terms_with(libvoikko, word, for_index), _analysis.terms_with(pyvoikko, word, for_index)
            if pair[0] != pair[1]:
                differ[word, for_index] = pair
    assert differ == {}


def test_pyvoikko_gives_lemmas_and_compound_members():
    pyvoikko = _backend(_analysis._PyVoikko)
    index_terms = _analysis.terms_with(pyvoikko, "kunnanhallitukselle", True)
    assert {"kunnanhallitus", "kunnan", "kunta", "hallitus"} <= set(index_terms)
    assert _analysis.terms_with(pyvoikko, "kunnanhallitukselle", False) == ("kunnanhallitus",)
    assert _analysis.terms_with(pyvoikko, "toimenpiteiden", False) == ("toimenpide",)
    assert pyvoikko.spell("ohjeet") and not pyvoikko.spell("ohjeeetz")


def test_analyses_are_cached_within_a_bound():
    _analysis.finnish_terms.cache_clear()
    _analysis.finnish_terms("työohjeiden", True)
    _analysis.finnish_terms("työohjeiden", True)
    info = _analysis.finnish_terms.cache_info()
    assert info.hits == 1 and info.maxsize == _analysis.ANALYSIS_CACHE


def test_pyvoikko_analyses_a_query_word_once_for_its_terms_split_members_and_spelling(monkeypatch):
    pyvoikko = _backend(_analysis._PyVoikko)
    calls = []
    real = pyvoikko._analyse
    monkeypatch.setattr(pyvoikko, "_analyse", lambda word: calls.append(word) or real(word))
    word = "työturvallisuusohjeiden"
    terms = _analysis.terms_with(pyvoikko, word, False)
    assert pyvoikko.spell(word)
    assert _analysis.terms_with(pyvoikko, word, False) == terms == ("työturvallisuusohje",)
    assert calls == [word]
    assert _analysis.terms_with(pyvoikko, "ohjeet", False) == ("ohje",)  # another word: its own analysis
    assert calls == [word, "ohjeet"]


def test_the_expected_voikko_engine_is_in_use():
    """`.ci/run` sets LAMPPU_TEST_EXPECT_VOIKKO=pyvoikko for its run without libvoikko: this proves
    that the run really used the pip-only path."""
    expected = os.environ.get("LAMPPU_TEST_EXPECT_VOIKKO")
    if not expected:
        pytest.skip("LAMPPU_TEST_EXPECT_VOIKKO is not set (.ci/run sets it for the run without libvoikko)")
    assert _analysis.finnish_backend() == ("voikko", expected)


def _cli_without_libvoikko(app_config, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LAMPPU_SEARCH_")}
    environment |= {
        "PYTHONPATH": os.pathsep.join([str(NO_LIBVOIKKO), str(ROOT)]),
        "LAMPPU_INSTANCE_PATH": app_config["INSTANCE_PATH"],
        "LAMPPU_DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
    } | env
    code = "from registry.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=environment, capture_output=True, text=True, timeout=300, check=False
    )


def test_without_libvoikko_the_cli_uses_pyvoikko_and_prints_no_traceback(app_config):
    result = _cli_without_libvoikko(app_config, "search", "status")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output and "Exception ignored" not in output
    assert "finnish_analysis: voikko" in result.stdout and "finnish_analysis_engine: pyvoikko" in result.stdout


def test_without_any_voikko_status_names_snowball_as_the_last_resort(app_config):
    result = _cli_without_libvoikko(app_config, "search", "status", LAMPPU_SEARCH_VOIKKO="libvoikko")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output and "Exception ignored" not in output
    assert "finnish_analysis: snowball" in result.stdout
    assert "last resort" in result.stdout and "libvoikko" in result.stdout
