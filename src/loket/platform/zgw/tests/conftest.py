from loket.cases.tests.conftest import _documents_in_tmp, world  # noqa: F401
