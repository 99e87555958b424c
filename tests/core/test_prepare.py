"""Offline preparation, the Sherlock text and the pretrained-weights lookup."""

from core import prepare
from core.data import texts
from core.imagenet import sources
from tests.conftest import needs_real_data, real_data_dir


def test_strip_gutenberg_keeps_only_the_book():
    raw = "licence blah\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n" \
          "To Sherlock Holmes she is always THE woman.\n" \
          "*** END OF THE PROJECT GUTENBERG EBOOK X ***\nmore licence"
    assert texts.strip_gutenberg(raw) == "To Sherlock Holmes she is always THE woman.\n"


def test_text_found_in_data_dir_and_missing_offline(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(texts, "download_sherlock", lambda timeout=20.0: None)
    assert texts.load_sherlock() is None
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / texts.SHERLOCK_FILE).write_text("It was a dark night.\n")
    assert texts.load_sherlock() == "It was a dark night.\n"


def test_prepare_reports_what_is_missing_without_network(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(prepare, "model_jobs", lambda: [("toy", lambda device: "trained")])
    seen = []
    results = prepare.prepare("cpu", allow_download=False, progress=lambda f, label: seen.append(f))
    by_item = {r.item: r for r in results}
    assert not by_item["download: MNIST"].ready and "scikit-learn" in by_item["download: MNIST"].detail
    assert not by_item["download: VGG16 ImageNet weights"].ready
    assert by_item["model: toy"].ready and by_item["model: toy"].detail == "trained"
    assert seen[0] == 0 and seen[-1] == 1.0


def test_a_failing_job_does_not_stop_the_others(monkeypatch, tmp_path):
    monkeypatch.setenv("DLCC_DATA_DIR", str(tmp_path))

    def boom(device):
        raise RuntimeError("disk full")

    monkeypatch.setattr(prepare, "model_jobs", lambda: [("bad", boom), ("good", lambda d: "ok")])
    results = {r.item: r for r in prepare.prepare("cpu", allow_download=False)}
    assert "disk full" in results["model: bad"].detail and results["model: good"].ready


def test_every_page_model_has_a_prepare_job():
    labels = [label for label, _ in prepare.model_jobs()]
    assert any("boundar" in label.lower() for label in labels), labels


@needs_real_data
def test_prepare_finds_the_real_data(monkeypatch):
    monkeypatch.setenv("DLCC_DATA_DIR", str(real_data_dir()))
    monkeypatch.setattr(prepare, "model_jobs", lambda: [])
    results = {r.item: r for r in prepare.prepare("cpu", allow_download=False)}
    assert results["download: MNIST"].ready and results["download: Sherlock Holmes text"].ready
    assert len(texts.load_sherlock(allow_download=False)) > 500_000
    if (real_data_dir() / "weights").exists():
        assert sources.mobilenet_file() is not None
