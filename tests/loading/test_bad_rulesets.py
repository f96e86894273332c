"""The bad-ruleset corpus: one fixture per failure (as OpenFisca keeps one YAML per validation failure).

A TOML fixture states its expected code on its first line (``# expect: code``); the others (YAML,
pickle, JSON) are listed in ``bad/_expected.toml``. ``bad_dirs/<code>/`` are directories whose loading
fails with the code the directory is named after.
"""

import tomllib
from pathlib import Path

import pytest

import govrules
from govrules import RulesetError

BAD = Path(__file__).with_name("bad")
BAD_DIRS = Path(__file__).with_name("bad_dirs")
OTHERS = tomllib.loads((BAD / "_expected.toml").read_text(encoding="utf-8"))
CASES = sorted(p for p in BAD.iterdir() if not p.name.startswith("_"))
DIR_CASES = sorted(p for p in BAD_DIRS.iterdir() if p.is_dir())


def expected_code(path: Path) -> str:
    if path.suffix != ".toml":
        return OTHERS[path.name]
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ").strip()


def test_every_corpus_file_has_an_expected_code() -> None:
    assert set(OTHERS) == {p.name for p in CASES if p.suffix != ".toml"}
    assert all(expected_code(p) for p in CASES)


@pytest.mark.parametrize("directory", DIR_CASES, ids=[p.name for p in DIR_CASES])
def test_bad_directory_raises_the_code_it_is_named_after(directory: Path) -> None:
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(directory)
    assert info.value.code == directory.name
    assert info.value.file is not None and info.value.file.startswith(str(directory))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_ruleset_raises_its_code_naming_file_and_path(path: Path) -> None:
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(path)
    err = info.value
    codes = {p.code for p in getattr(err, "problems", [err])}
    assert expected_code(path) in codes
    assert err.file == str(path)
    assert str(path) in str(err)


def test_cycle_error_names_its_members() -> None:
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(BAD / "prerequisite_cycle.toml")
    assert info.value.cycle_members == ["A", "B", "C"]
    assert "matters[0].prerequisites" == info.value.path


def test_errors_name_the_path_inside_the_file() -> None:
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(BAD / "duplicate_material.toml")
    assert info.value.path == "matters[0].materials[1].id"
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(BAD / "invalid_value.toml")
    assert info.value.path == "matters[0].statutory_limit.days"
    assert "-20" in str(info.value)


def test_all_problems_are_collected_for_lint(tmp_path: Path) -> None:
    text = (BAD / "duplicate_matter.toml").read_text(encoding="utf-8")
    text = text.replace('[[matters]]\ncode = "A"', '[[matters]]\ncode = "A"\nprerequisites = ["NOPE"]', 1)
    f = tmp_path / "two.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(f)
    assert {p.code for p in info.value.problems} >= {"duplicate_matter", "unknown_matter"}
