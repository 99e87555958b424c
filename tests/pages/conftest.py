"""`page`: the test module's PAGE opened once (with default settings) and shared by the module's tests."""
import pytest

from tests.pages.apptest import open_page


@pytest.fixture(scope="module")
def page(request):
    return open_page(request.module.PAGE)
