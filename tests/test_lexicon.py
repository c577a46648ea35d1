"""The shared lexicon: references that go stale and what is current for a plan's year."""
from plandraft.lexicon import _PARTY, _UNION, current_reference, stale_references


def test_current_reference_follows_the_plan_year():
    assert current_reference("party", 2021) == "党的十九大"
    assert current_reference("party", 2023) == "党的二十大"
    assert current_reference("union", 2022) == "中国工会十七大"
    assert current_reference("union", 2024) == "中国工会十八大"
    assert current_reference("fyp", 2025) == "“十四五”"
    assert current_reference("fyp", 2026) == "“十五五”"


def test_no_plan_is_told_to_cite_a_congress_not_yet_held():
    # Later plan years keep the latest congress that has actually been held.
    assert current_reference("party", 2029) == f"党的{_PARTY[-1][0]}大"
    assert current_reference("union", 2030) == f"中国工会{_UNION[-1][0]}大"
    assert not stale_references("深入学习贯彻党的二十大精神", 2030)


def test_stale_reference_found_even_without_da():
    # Scraped plans write "党的十八精神" with 大 dropped; it is still a stale citation in 2025.
    found = [m.group(0) for m, _ in stale_references("以党的十八精神为指导，认真学习党的十七精神", 2025)]
    assert sorted(found) == ["党的十七", "党的十八"]
    assert not stale_references("党的十八大以来，工会工作取得新进展", 2025)
