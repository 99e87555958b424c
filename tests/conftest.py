"""Shared fixtures. ../shared/data (or DLCC_DATA_DIR) is optional: tests needing it skip with a reason.

With DLCC_REQUIRE_ALL=1 (set by .ci/run), a test skipped because the real data or the browser is missing
fails instead, so a green CI run proves everything it claims; other skips (no CUDA GPU) stay skips."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED_DATA = ROOT.parent / "shared" / "data"
REQUIRE_ALL = "DLCC_REQUIRE_ALL"
# Skip reasons that start with one of these name something CI must have; DLCC_REQUIRE_ALL=1 turns them into failures.
MISSING_DATA = "missing real data:"
MISSING_BROWSER = "missing browser:"
REQUIRED_PREFIXES = (MISSING_DATA, MISSING_BROWSER)


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory):
    """Before any fixture of any scope (module-scoped page fixtures open pages, which read and write
    checkpoints): the cache is a temporary folder for the whole run, never the user's."""
    with pytest.MonkeyPatch.context() as mp:
        if os.environ.get("DLCC_TEST_KEEP_CACHE") != "1":
            mp.setenv("DLCC_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        yield


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """Checkpoints written by a test go to its own temporary folder, and none is read from a developer's own
    prepared folder (DLCC_PREPARED_DIR)."""
    if "DLCC_CACHE_DIR" not in os.environ or os.environ.get("DLCC_TEST_KEEP_CACHE") != "1":
        monkeypatch.setenv("DLCC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DLCC_PREPARED_DIR", raising=False)


def required_skip(reason: str) -> bool:
    """Whether a skip with this reason must fail the run (DLCC_REQUIRE_ALL=1)."""
    return os.environ.get(REQUIRE_ALL) == "1" and reason.strip().startswith(REQUIRED_PREFIXES)


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if required_skip(reason):
            report.outcome = "failed"
            report.longrepr = f"{REQUIRE_ALL}=1, so this may not skip: {reason}"


@pytest.hookimpl(tryfirst=True)
def pytest_collectreport(report):
    """A whole module skipped at collection (pytest.importorskip, a module-level skip) counts too."""
    if report.skipped:
        reason = _skip_reason(report)
        if required_skip(reason):
            report.outcome = "failed"
            report.longrepr = f"{REQUIRE_ALL}=1, so this may not skip: {reason}"


def real_data_dir() -> Path | None:
    """The real data (MNIST and the rest) if this machine has it: DLCC_DATA_DIR, else ../shared/data."""
    env = os.environ.get("DLCC_DATA_DIR")
    for candidate in ([Path(env)] if env else []) + [SHARED_DATA]:
        if (candidate / "MNIST" / "raw").exists():
            return candidate
    return None


needs_real_data = pytest.mark.skipif(
    real_data_dir() is None,
    reason=f"{MISSING_DATA} set DLCC_DATA_DIR or put ../shared/data beside the repo")
