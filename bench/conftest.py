import pytest

import rag  # noqa: F401
from index.build import build_index
from rag.settings import Settings
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    s = Settings.from_env({}, data_dir=tmp_path_factory.mktemp("bench"), corpus=SEEDS)
    build_index(s, SEEDS, progress=False)
    return s
