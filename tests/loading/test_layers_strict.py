"""Every layer of a layered ruleset is validated as strictly as a stand-alone ruleset (issue 14).

An unknown key in any layer — at the top, in ``policy`` or one of its tables, in a matter, a material
or an authority — is an ``unknown_field`` error naming that layer's file, the path in it and the
nearest valid key; never a key silently dropped by the merge. After the merge, a missing required
field is named (``matters[0].promised_limit``), not dumped as a mapping. Rules that link two fields
point at the field whose value breaks them (spec §13a Q8), and a receipt clock shorter than the
acceptance-notice period warns (spec §13a Q5).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import govrules
from builders import AUTH, CITY, application, matter, ruleset
from govrules import Ruleset, RulesetError, RulesetLibrary


def problems(exc: RulesetError) -> list[RulesetError]:
    return list(getattr(exc, "problems", [exc]))


def load_errors(path: Path) -> list[RulesetError]:
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(path)
    return problems(info.value)


def child(**extra: Any) -> dict[str, Any]:
    """A county layer over the shipped national defaults, with its own authorities and matters."""
    doc = {"id": "t.county", "version": "1", "effective_from": "2025-01-01", "extends": ["cn.national"],
           "title": "county", "authorities": [AUTH, CITY],
           "matters": [matter("M0"), matter("M1"), matter("M2")]}
    doc.update(extra)
    return doc


def write(directory: Path, doc: dict[str, Any], name: str = "county.json") -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")  # TOML dates as ISO text
    return path


def renamed(doc: dict[str, Any], path: tuple[Any, ...], new: str) -> dict[str, Any]:
    """``doc`` with the key at ``path`` renamed to ``new`` (keeping its value)."""
    out = copy.deepcopy(doc)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[new] = node.pop(path[-1])
    return out


# ---- unknown keys in a layer ---------------------------------------------------------------------
MISSPELT = [
    # (path of the key in the layer, misspelling, the error's path, the key it should have been)
    (("title",), "titel", "titel", "title"),
    (("matters",), "matter", "matter", "matters"),
    (("matters", 2, "name_zh"), "nme_zh", "matters[2].nme_zh", "name_zh"),
    (("matters", 1, "materials", 0, "necessity"), "necesity", "matters[1].materials[0].necesity", "necessity"),
    (("matters", 0, "statutory_limit", "unit"), "unti", "matters[0].statutory_limit.unti", "unit"),
    (("authorities", 1, "region"), "regin", "authorities[1].regin", "region"),
]


@pytest.mark.parametrize("at, wrong, path, hint", MISSPELT, ids=[m[2] for m in MISSPELT])
def test_layer_unknown_key_is_unknown_field_with_hint(tmp_path: Path, at, wrong, path, hint) -> None:
    f = write(tmp_path, renamed(child(), at, wrong))
    errs = [e for e in load_errors(f) if e.code == "unknown_field"]
    assert [(e.file, e.path) for e in errs] == [(str(f), path)]
    assert f"did you mean {hint!r}" in str(errs[0])


@pytest.mark.parametrize("extra, path, hint", [
    ({"polcy": {"start_day": "excluded"}}, "polcy", "policy"),
    ({"negativ_list": {"prohibited": ["C3411"]}}, "negativ_list", "negative_list"),
    ({"policy": {"tolerance": {"suplement_limit": {"days": 3, "unit": "working_days"}}}},
     "policy.tolerance.suplement_limit", "supplement_limit"),
    ({"policy": {"warning_workingdays": 3}}, "policy.warning_workingdays", "warning_working_days"),
    ({"negative_list": {"prohibitd": ["C3411"]}}, "negative_list.prohibitd", "prohibited"),
    ({"project_total_profiles": {"p": {"days": 3, "basis": "b", "bsis": "x"}}}, "project_total_profiles.p.bsis", "basis"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_layer_unknown_table_or_policy_key_is_unknown_field(tmp_path: Path, extra, path, hint) -> None:
    f = write(tmp_path, child(**extra))
    errs = load_errors(f)
    assert errs[0].code == "unknown_field"
    assert (errs[0].file, errs[0].path) == (str(f), path)
    assert f"did you mean {hint!r}" in str(errs[0])


def test_misspelt_negative_list_no_longer_accepts_a_prohibited_industry(tmp_path: Path) -> None:
    """The issue's report: a county's ``negativ_list`` left a prohibited-industry application accepted."""
    f = write(tmp_path, child(negativ_list={"prohibited": ["C3411"]}))
    assert [e.code for e in load_errors(f)] == ["unknown_field"]
    fixed = govrules.load_ruleset(write(tmp_path, child(negative_list={"prohibited": ["C3411"]}), "fixed.json"))
    app = application(matter_code="M0", project={"category": "industrial", "industry_code": "C3411"})
    assert govrules.decide(app, ruleset=fixed).outcome == "rejected"


def test_unknown_key_in_a_parent_layer_names_the_parent_file(tmp_path: Path) -> None:
    parent = write(tmp_path, child(id="t.province", polcy={}), "province.json")
    leaf = write(tmp_path, child(extends=["t.province"], matters=[]), "county.json")
    errs = load_errors(leaf)
    assert [(e.code, e.file, e.path) for e in errs] == [("unknown_field", str(parent), "polcy")]


def test_every_unknown_key_of_every_layer_is_reported(tmp_path: Path) -> None:
    doc = renamed(renamed(child(polcy={}), ("title",), "titel"), ("matters", 2, "name"), "nmae")
    errs = load_errors(write(tmp_path, doc))
    assert {e.path for e in errs if e.code == "unknown_field"} == {"polcy", "titel", "matters[2].nmae"}
    assert {e.path for e in errs if e.code == "missing_field"} == {"title", "matters[2].name"}  # as merged


def test_standalone_unknown_key_is_unknown_field_with_the_same_hint(tmp_path: Path) -> None:
    mapping = renamed(ruleset(), ("title",), "titel")
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(mapping)
    unknown = [e for e in problems(info.value) if e.code == "unknown_field"]
    assert [(e.path, e.file) for e in unknown] == [("titel", None)]
    assert "did you mean 'title'" in str(unknown[0])
    layered = [e for e in load_errors(write(tmp_path, renamed(child(), ("title",), "titel"))) if e.code == "unknown_field"]
    assert str(unknown[0]).split(": ", 1)[1] == str(layered[0]).split(": ", 1)[1]  # both paths say the same


def test_unknown_key_inside_an_inline_authority_names_no_union_branch() -> None:
    inline = dict(AUTH, id="inline", nmae="x")
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(matter(authority=inline)))
    assert [(e.code, e.path) for e in problems(info.value)] == [("unknown_field", "matters[0].authority.nmae")]


# ---- required fields after the merge ----------------------------------------------------------------
def test_missing_required_field_after_merge_names_the_field(tmp_path: Path) -> None:
    m = matter("M0")
    del m["promised_limit"]
    errs = load_errors(write(tmp_path, child(matters=[m])))
    assert [(e.code, e.path) for e in errs] == [("missing_field", "matters[0].promised_limit")]
    assert "required field missing" in str(errs[0])
    assert "{" not in str(errs[0])  # no dump of the matter's mapping


def test_a_layer_may_omit_what_it_inherits(tmp_path: Path) -> None:
    write(tmp_path, child(id="t.province", title="province"), "province.json")
    leaf = write(tmp_path, {"id": "t.county", "version": "1", "effective_from": "2025-01-01",
                            "extends": ["t.province"], "title": "county", "policy": {"warning_working_days": 3}})
    rs = govrules.load_ruleset(leaf)
    assert rs.policy.warning_working_days == 3 and len(rs.matters) == 3


def test_standalone_missing_field_is_named_too() -> None:
    mapping = ruleset(matter())
    del mapping["matters"][0]["legal_basis"]
    del mapping["title"]
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(mapping)
    assert sorted((e.code, e.path) for e in problems(info.value)) == [
        ("missing_field", "matters[0].legal_basis"), ("missing_field", "title")]


def test_merged_error_names_the_layer_that_defined_the_matter(tmp_path: Path) -> None:
    parent = write(tmp_path, child(id="t.province", matters=[matter("M0"), matter("M1", prerequisites=["M0"])]),
                   "province.json")
    leaf = write(tmp_path, {"id": "t.county", "version": "1", "effective_from": "2025-01-01",
                            "extends": ["t.province"], "title": "county", "removed_matters": ["M0"]})
    errs = load_errors(leaf)
    assert [(e.code, e.file, e.path) for e in errs] == [("unknown_matter", str(parent), "matters[1].prerequisites[0]")]
    assert "t.county" in str(errs[0])  # and says which resolved ruleset showed it


# ---- a user's folder extends a shipped ruleset ------------------------------------------------------------
def test_user_folder_extends_shipped_national(tmp_path: Path) -> None:
    write(tmp_path / "mine", child())
    lib = govrules.load_ruleset(tmp_path / "mine")
    assert isinstance(lib, RulesetLibrary)
    assert [d.id for d in lib.documents] == ["t.county"]  # the shipped parent is used, not listed
    assert lib.leaves() == ["t.county"]
    rs = lib.get("t.county", dt.date(2025, 3, 3))
    assert rs.lineage == (("cn.national", "2019-04"), ("t.county", "1"))
    d = govrules.decide(application(matter_code="M0"), ruleset=lib)
    assert d.trace.ruleset_id == "t.county"


def test_user_folder_extends_any_shipped_ruleset(tmp_path: Path) -> None:
    doc = {"id": "t.district.extra", "version": "1", "effective_from": "2023-01-01",
           "extends": ["cn.demo.district"], "title": "extra"}
    write(tmp_path, doc)
    rs = govrules.load_ruleset(tmp_path).get("t.district.extra", dt.date(2023, 3, 1))
    assert [i for i, _ in rs.lineage] == ["cn.national", "cn.demo.district.catalogue", "cn.demo.district",
                                          "t.district.extra"]


def test_a_folder_parent_still_wins_over_a_shipped_one(tmp_path: Path) -> None:
    own = child(id="cn.national", title="my national", extends=[], matters=[matter("X")])
    write(tmp_path, own, "national.json")
    write(tmp_path, child(matters=[]), "county.json")
    rs = govrules.load_ruleset(tmp_path).get("t.county", dt.date(2025, 3, 3))
    assert set(rs.matters_by_code) == {"X"}


def test_unknown_parent_is_still_an_error_in_a_folder(tmp_path: Path) -> None:
    write(tmp_path, child(extends=["cn.nowhere"]))
    assert [e.code for e in load_errors(tmp_path)] == ["unknown_parent"]


# ---- Q8: a rule linking two fields points at the one that breaks it ---------------------------------------
def test_linked_field_error_points_at_supplement_limit(tmp_path: Path) -> None:
    m = matter("M0", tolerance_allowed=True, promised_limit={"days": 3, "unit": "working_days"})
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(m, policy={"tolerance": {"supplement_limit": {"days": 4, "unit": "working_days"}}}))
    err = info.value
    assert (err.code, err.path, err.value) == ("supplement_limit_exceeds_promised", "policy.tolerance.supplement_limit.days", 4)
    assert "matters[0].promised_limit" in str(err) and "3 WD" in str(err) and "'M0'" in str(err)
    # in a layered ruleset the error names the layer that set the supplement limit
    f = write(tmp_path, child(matters=[m], policy={"tolerance": {"supplement_limit": {"days": 4, "unit": "working_days"}}}))
    errs = load_errors(f)
    assert [(e.code, e.file, e.path) for e in errs] == [
        ("supplement_limit_exceeds_promised", str(f), "policy.tolerance.supplement_limit.days")]


def test_linked_field_error_inherited_supplement_limit_names_the_national_file(tmp_path: Path) -> None:
    m = matter("M0", tolerance_allowed=True, promised_limit={"days": 3, "unit": "working_days"})
    errs = load_errors(write(tmp_path, child(matters=[m])))  # cn.national sets 5 WD
    national = str(govrules.SHIPPED_RULESETS / "cn" / "national.toml")
    assert [(e.code, e.file, e.path) for e in errs] == [
        ("supplement_limit_exceeds_promised", national, "policy.tolerance.supplement_limit.days")]
    assert "t.county" in str(errs[0]) and "matters[0].promised_limit" in str(errs[0])


def test_supplement_limit_in_another_unit_than_a_promised_limit_is_incomparable() -> None:
    m = matter("M0", tolerance_allowed=True, statutory_limit={"days": 30, "unit": "calendar_days"},
               extension=None, promised_limit={"days": 10, "unit": "calendar_days"})
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(m))
    err = info.value
    assert (err.code, err.path) == ("incomparable_units", "policy.tolerance.supplement_limit.unit")
    assert "matters[0].promised_limit" in str(err) and "calendar_days" in str(err)
    monthly = {"tolerance": {"supplement_limit": {"months": 1}}}
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(matter("M0", tolerance_allowed=True), policy=monthly))
    assert (info.value.code, info.value.path) == ("incomparable_units", "policy.tolerance.supplement_limit")


def test_linked_field_error_points_at_promised_limit() -> None:
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(matter(promised_limit={"days": 25, "unit": "working_days"})))
    err = info.value
    assert (err.code, err.path, err.value) == ("promised_exceeds_statutory", "matters[0].promised_limit.days", 25)
    assert "matters[0].statutory_limit" in str(err) and "20 WD" in str(err)
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(matter(promised_limit={"days": 5, "unit": "calendar_days"})))
    err = info.value
    assert (err.code, err.path) == ("incomparable_units", "matters[0].promised_limit.unit")
    assert "matters[0].statutory_limit" in str(err) and "working_days" in str(err)


# ---- Q5: a receipt clock shorter than the acceptance-notice period --------------------------------------
def _codes(rs: Ruleset) -> list[tuple[str, str]]:
    return [(w.code, w.path) for w in rs.warnings]


@pytest.mark.parametrize("clock, policy", [("receipt", {}), (None, {"clock_start_default": "receipt"})])
def test_receipt_clock_promised_shorter_than_notice_warns(clock, policy) -> None:
    extra = {"clock_start": clock} if clock else {}
    short = matter(promised_limit={"days": 4, "unit": "working_days"}, **extra)
    rs = Ruleset.model_validate(ruleset(short, policy=policy))
    assert _codes(rs) == [("promised_shorter_than_notice_period", "matters[0].promised_limit.days")]
    assert "acceptance_notice_limit" in str(rs.warnings[0]) and "5 WD" in str(rs.warnings[0])


def test_receipt_clock_warning_follows_the_notice_period_and_the_clock() -> None:
    five = matter(promised_limit={"days": 5, "unit": "working_days"}, clock_start="receipt")
    assert _codes(Ruleset.model_validate(ruleset(five))) == []  # not shorter
    assert _codes(Ruleset.model_validate(ruleset(five, policy={"acceptance_notice_limit": {"days": 6, "unit": "working_days"}}))) \
        == [("promised_shorter_than_notice_period", "matters[0].promised_limit.days")]
    acceptance = matter(promised_limit={"days": 4, "unit": "working_days"}, clock_start="acceptance")
    assert _codes(Ruleset.model_validate(ruleset(acceptance, policy={"clock_start_default": "receipt"}))) == []
    calendar = matter(statutory_limit={"days": 30, "unit": "calendar_days"}, extension=None,
                      promised_limit={"days": 4, "unit": "calendar_days"}, clock_start="receipt")
    assert _codes(Ruleset.model_validate(ruleset(calendar))) == [
        ("promised_shorter_than_notice_period", "matters[0].promised_limit.days")]  # 4 days < 5 WD, surely


# ---- property: a one-letter misspelling anywhere in a shipped layer is never a silent success -----------
SHIPPED_FILES = sorted(p for p in govrules.SHIPPED_RULESETS.rglob("*.toml"))
HEADER = {"id", "version", "effective_from", "extends"}


def key_paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(at + (k,))
            out += key_paths(v, at + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += key_paths(v, at + (i,))
    return out


def dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def one_letter_off(key: str) -> st.SearchStrategy[str]:
    letters = st.sampled_from("abcdefghijklmnopqrstuvwxyz_")
    i = st.integers(0, len(key) - 1)
    return st.one_of(
        st.tuples(i, letters).map(lambda t: key[:t[0]] + t[1] + key[t[0] + 1:]),      # a wrong letter
        i.map(lambda j: key[:j] + key[j + 1:]),                                         # a letter dropped
        st.tuples(i, letters).map(lambda t: key[:t[0]] + t[1] + key[t[0]:]),           # a letter added
    )


def sibling_keys(doc: dict[str, Any], path: tuple[Any, ...]) -> set[str]:
    node: Any = doc
    for part in path[:-1]:
        node = node[part]
    return set(node)


@functools.cache
def published_schema() -> dict[str, Any]:
    from govrules.loading.schema import ruleset_json_schema

    return ruleset_json_schema()


def schema_nodes(path: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The nodes of the published JSON Schema (``govrules schema``) that describe the value at ``path``."""
    schema = published_schema()
    defs = schema.get("$defs", {})

    def resolve(node: dict[str, Any]) -> list[dict[str, Any]]:
        if "$ref" in node:
            return resolve(defs[node["$ref"].rsplit("/", 1)[1]])
        if "anyOf" in node:
            return [n for alt in node["anyOf"] for n in resolve(alt)]
        return [node]

    nodes = [schema]
    for part in path:
        nxt: list[dict[str, Any]] = []
        for node in nodes:
            if isinstance(part, int) and "items" in node:
                nxt += resolve(node["items"])
            elif isinstance(part, str) and part in node.get("properties", {}):
                nxt += resolve(node["properties"][part])
            elif isinstance(part, str) and isinstance(node.get("additionalProperties"), dict):
                nxt += resolve(node["additionalProperties"])
        nodes = nxt
    return nodes


def field_name(path: tuple[Any, ...]) -> bool:
    """The last key of ``path`` names a field (not data such as an industry code or a profile id)."""
    return any(path[-1] in node.get("properties", {}) for node in schema_nodes(path[:-1]))


@st.composite
def misspelt_layer(draw):
    source = draw(st.sampled_from(SHIPPED_FILES))
    raw = tomllib.loads(source.read_text(encoding="utf-8"))
    paths = [p for p in key_paths(raw) if not (len(p) == 1 and p[0] in HEADER) and field_name(p)]
    path = draw(st.sampled_from(paths))
    wrong = draw(one_letter_off(path[-1]))
    assume(not any(wrong in node.get("properties", {}) for node in schema_nodes(path[:-1])))
    assume(wrong not in sibling_keys(raw, path))
    layer = renamed(raw, path, wrong)
    layer["id"] = "t.misspelt"
    layer["extends"] = [raw["id"]]
    return source, path[:-1] + (wrong,), layer


@given(case=misspelt_layer())
def test_a_misspelt_key_in_a_child_layer_is_never_a_silent_success(case) -> None:
    source, path, layer = case
    with tempfile.TemporaryDirectory() as tmp:
        f = write(Path(tmp), layer, "child.json")
        with pytest.raises(RulesetError) as info:
            govrules.load_ruleset(f)
    found = [(e.code, e.file, e.path) for e in problems(info.value)]
    assert ("unknown_field", str(f), dotted(path)) in found, (source.name, found)
