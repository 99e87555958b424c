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


class _ArrowFailures:
    """Records Streamlit's note that a table could not be sent as it is (a column mixing numbers and text): it then
    converts the table with a logged traceback, on every rerun."""

    def __init__(self):
        import logging

        self.messages: list[str] = []
        self.handler = logging.Handler(logging.INFO)
        self.handler.emit = lambda record: self.messages.append(record.getMessage())
        self.logger = logging.getLogger("streamlit.dataframe_util")

    def __enter__(self):
        import logging

        self.level = self.logger.level
        self.logger.addHandler(self.handler)
        self.logger.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)


@pytest.fixture(autouse=True)
def tables_sent_as_they_are():
    """Every page test fails if a page showed a table Streamlit had to convert (checked for every page, generically)."""
    with _ArrowFailures() as seen:
        yield
    failures = [m for m in seen.messages if "Arrow table was unsuccessful" in m]
    assert not failures, failures[0]
