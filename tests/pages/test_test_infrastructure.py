"""The test suite itself: page fixtures never touch the real cache, and CI cannot go green by skipping."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import MISSING_BROWSER, MISSING_DATA, ROOT


@pytest.fixture(scope="module")
def cache_seen_by_a_module_fixture():
    """Like tests/pages/conftest.py's `page`: module-scoped, so set up before any function-scoped fixture."""
    from core.paths import cache_dir

    return cache_dir()


def test_module_scoped_fixtures_see_a_temporary_cache(cache_seen_by_a_module_fixture, tmp_path_factory):
    base = tmp_path_factory.getbasetemp().resolve()
    assert base in cache_seen_by_a_module_fixture.resolve().parents, cache_seen_by_a_module_fixture


def test_each_test_gets_its_own_cache(tmp_path):
    from core.paths import cache_dir

    assert cache_dir() == (tmp_path / "cache").resolve()


def _pytest(args: list[str], cwd, **env) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    if "DLCC_REQUIRE_ALL" not in env:
        full.pop("DLCC_REQUIRE_ALL", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=cwd,
                          env=full, capture_output=True, text=True, timeout=120)


def _count(result, outcome: str) -> int:
    import re

    found = re.search(rf"(\d+) {outcome}", result.stdout.splitlines()[-1])
    return int(found.group(1)) if found else 0


def test_require_all_turns_missing_data_and_browser_skips_into_failures(tmp_path):
    hooks = "from tests.conftest import pytest_collectreport, pytest_runtest_makereport\n"
    (tmp_path / "conftest.py").write_text(hooks)
    (tmp_path / "test_skips.py").write_text(textwrap.dedent(f"""
        import pytest

        def test_data():
            pytest.skip("{MISSING_DATA} nothing here")

        @pytest.mark.skipif(True, reason="{MISSING_BROWSER} no chromium")
        def test_browser():
            pass

        @pytest.mark.skipif(True, reason="needs a CUDA GPU")
        def test_cuda():
            pass
    """))
    relaxed = _pytest(["-rs", "test_skips.py"], tmp_path)
    assert relaxed.returncode == 0 and "3 skipped" in relaxed.stdout, relaxed.stdout
    strict = _pytest(["-rs", "test_skips.py"], tmp_path, DLCC_REQUIRE_ALL="1")
    # a skip in a test's setup (skipif) is reported as an error, one in its body as a failure: both fail the run
    assert strict.returncode != 0 and _count(strict, "failed") + _count(strict, "error") == 2, strict.stdout
    assert _count(strict, "skipped") == 1, strict.stdout


def test_require_all_fails_the_real_browser_tests_without_a_browser():
    args = [str(ROOT / "tests/browser/test_browser.py"), "-k", "home_page_cold"]
    relaxed = _pytest(args, ROOT, DLCC_CHROMIUM="/nonexistent/chromium")
    assert relaxed.returncode == 0 and "1 skipped" in relaxed.stdout, relaxed.stdout
    strict = _pytest(args, ROOT, DLCC_CHROMIUM="/nonexistent/chromium", DLCC_REQUIRE_ALL="1")
    assert strict.returncode != 0 and _count(strict, "error") + _count(strict, "failed") == 1, strict.stdout


def test_ci_sets_the_flag():
    assert "export DLCC_REQUIRE_ALL=1" in (ROOT / ".ci" / "run").read_text()
