"""The template files: every one validates, says what the real documents print, and a bad file is refused."""

from __future__ import annotations

import pytest

from gongkai.engine.pipeline.catalog import all_packs
from gongkai.engine.pipeline.kinds import BY_CODE
from gongkai.engine.templates import DATA, TemplateError, all_templates, cn_numeral, get, load_file

SEEN = {  # template → (number of tables, label of table 5) as printed in ../shared/real-disclosures
    "national": (8, None),
    "central": (9, "部门公开表5"),
    "shanxi2024": (13, "预算公开表5"),
    "shanghai-putuo": (9, None),
    "shanghai-city": (9, None),
    "beijing": (13, "预算05表"),
    "guangdong-shenzhen": (11, "表5"),
    "guangdong-guangzhou": (12, "表5"),
    "chongqing": (9, "表五"),
    "zhejiang-hangzhou": (11, "表5"),
    "fujian-fuzhou": (10, None),
    "shandong-yantai": (12, "公开表5"),
    "hunan-changsha": (10, None),
    "shaanxi-xian": (16, "表5"),
    "jiangsu-suzhou": (13, "公开05表"),
}


def test_every_template_the_issue_names_is_there_with_its_tables_and_labels():
    templates = all_templates()
    for name, (count, label) in SEEN.items():
        t = templates[name]
        assert len(t.tables) == count, name
        assert t.label_for(5) == label, name
        assert all(e.kind in BY_CODE for e in t.tables)
        assert len({e.kind for e in t.tables}) == count, f"{name}: a kind listed twice"


def test_xian_is_in_yuan_and_the_rest_in_wan_yuan():
    assert {n for n, t in all_templates().items() if t.unit == "元"} == {"shaanxi-xian"}


def test_packs_exist_extend_the_baseline_and_match_the_jurisdiction():
    packs = all_packs()
    for t in all_templates().values():
        assert t.packs[0] == "mof2016", t.name  # every chain starts at the national baseline
        for name in t.packs:
            kind, pack = packs[name]
            assert kind == "budget"
            assert pack.jurisdiction in ("CN", t.jurisdiction), (t.name, name, pack.jurisdiction)
        if t.indicator_pack:
            assert packs[t.indicator_pack][0] == "indicator"


def test_chinese_numerals_for_chongqing_labels():
    assert [cn_numeral(n) for n in (1, 9, 10, 11, 16, 20, 23)] == ["一", "九", "十", "十一", "十六", "二十", "二十三"]
    assert get("chongqing").label_for(9) == "表九"


BAD = [
    ('kind = "T99"', "unknown table kind"),
    ("number = 3", "unique and in template order"),
    ('unit = "千元"', "unit must be"),
    ('"职务" = []', "unknown section keys"),
    ('label = "表{m}"', "m"),
]


@pytest.mark.parametrize("edit,message", BAD, ids=[b[1] for b in BAD])
def test_a_bad_template_file_is_refused_with_its_name(tmp_path, edit, message):
    good = (DATA / "central.toml").read_text(encoding="utf-8")
    if edit.startswith("kind"):
        text = good.replace('kind = "T02"', edit)
    elif edit.startswith("number"):
        text = good.replace("number = 2,", edit + ",")
    elif edit.startswith("unit"):
        text = good.replace('label = "部门公开表{n}"', 'label = "部门公开表{n}"\n' + edit)
    elif edit.startswith('"职务"'):
        text = good + edit + "\n"
    else:
        text = good.replace('label = "部门公开表{n}"', edit)
    assert text != good
    bad = tmp_path / "broken.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=message) as info:
        load_file(bad)
    assert "broken.toml" in str(info.value)


def test_the_good_file_loads(tmp_path):
    copy = tmp_path / "central.toml"
    copy.write_text((DATA / "central.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_file(copy).name == "central"


def test_unknown_template_name_lists_the_choices():
    with pytest.raises(TemplateError, match="shanghai-putuo"):
        get("atlantis")


def test_which_tables_may_be_empty_comes_with_the_template():
    fact = get("shaanxi-xian").fact("document", "")
    empty_ok = {t["number"] for t in fact["tables"] if t["may_be_empty"]}
    assert {9, 11, 16} <= empty_ok  # the three its 报表目录 marks 不涉及
    assert not {1, 2, 3, 4} & empty_ok  # the summaries are never empty


def test_parsed_data_are_cached_until_a_file_changes(tmp_path, monkeypatch):
    # all_templates reads the parsed TOML from data/__pycache__ (as Python reads bytecode) while every file keeps
    # the name, size and modification time it was parsed with
    import json
    import sys

    from gongkai.engine import templates

    cache = tmp_path / "__pycache__" / "templates.json"
    monkeypatch.setattr(templates, "CACHE", cache)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    a = tmp_path / "a.toml"
    a.write_text('name = "a"\n', encoding="utf-8")
    assert templates._parsed([a]) == [{"name": "a"}]
    assert json.loads(cache.read_text(encoding="utf-8"))["data"] == [{"name": "a"}]
    a.write_text('name = "bb"\n', encoding="utf-8")
    assert templates._parsed([a]) == [{"name": "bb"}]
    cache.write_text("not ours", encoding="utf-8")
    assert templates._parsed([a]) == [{"name": "bb"}]
    a.write_text('name = "c\n', encoding="utf-8")  # a bad file is still refused, naming it
    with pytest.raises(TemplateError, match="a.toml"):
        templates._parsed([a])


def test_a_cache_that_cannot_be_written_leaves_no_file(tmp_path, monkeypatch):
    import os
    import sys

    from gongkai.engine import templates

    cache = tmp_path / "__pycache__" / "templates.json"
    monkeypatch.setattr(templates, "CACHE", cache)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)

    def refuse(src, dst):
        raise PermissionError(13, "read-only")

    monkeypatch.setattr(os, "replace", refuse)
    a = tmp_path / "a.toml"
    a.write_text('name = "a"\n', encoding="utf-8")
    assert templates._parsed([a]) == [{"name": "a"}]  # parsed, used, not kept
    assert list(cache.parent.iterdir()) == []
