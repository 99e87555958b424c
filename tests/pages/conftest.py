"""`page`: the test module's PAGE opened once (with default settings) and shared by the module's tests."""
import pytest

from tests.pages.apptest import open_page


@pytest.fixture(scope="module")
def page(request):
    return open_page(request.module.PAGE)


@pytest.fixture(autouse=True)
def own_training_queue(monkeypatch):
    """Each test its own training queue, with room for every runner it starts: a thread left by an earlier test
    must not hold a place (the queue itself is tested in test_training_queue.py)."""
    from ui import training_queue

    monkeypatch.setattr(training_queue, "_QUEUE", training_queue.TrainingQueue(16))
