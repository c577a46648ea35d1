"""Settings come from the environment; a malformed value is a clear Chinese error."""
from plandraft.cli import main
from plandraft.settings import Settings


def test_environment_is_read(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANDRAFT_HOME", str(tmp_path))
    monkeypatch.setenv("PLANDRAFT_LLM_TIMEOUT", "12.5")
    s = Settings.from_env()
    assert s.home == tmp_path and s.llm_timeout == 12.5
    assert s.drafts_db == tmp_path / "drafts.sqlite3"
    assert not s.llm_configured


def test_malformed_number_is_a_chinese_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PLANDRAFT_HOME", str(tmp_path))
    monkeypatch.setenv("PLANDRAFT_PORT", "八千")
    assert main(["drafts", "list"]) == 2
    assert "PLANDRAFT_PORT 应为数字" in capsys.readouterr().err
