"""Whatever a ruleset file holds, loading and deciding run none of it and reach nothing outside its tree.

Proved two ways: by construction (``test_by_construction.py`` scans the source: no eval, exec,
compile, pickle, yaml, subprocess or socket anywhere), and here at run time, with an audit hook that
sees every import, exec, compile, file open, directory scan, socket, subprocess and unpickling the
interpreter performs while hostile rulesets are loaded and decided.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govrules
from auditing import watching
from builders import application, material, matter, ruleset
from govrules import RulesetError
from govrules.display.html import decision_html
from govrules.display.text import render_text
from govrules.notices import notices_for
from govrules.notices.notice import notice_html, notice_text

CAL = govrules.china_calendar()
SHIPPED = govrules.SHIPPED_RULESETS
BAD = Path(__file__).parents[1] / "loading" / "bad"
SENTINEL = Path(tempfile.gettempdir()) / "govrules-pwned"

#: Strings that some engine, template or shell somewhere would run (each would touch SENTINEL).
PAYLOADS = [
    f"__import__('os').system('touch {SENTINEL}')",
    f"eval(\"__import__('os').system('touch {SENTINEL}')\")",
    "{0.__class__.__init__.__globals__}", "{app.__class__.__mro__[1].__subclasses__()}", "{{7*7}}", "%s%s%n",
    "${jndi:ldap://127.0.0.1:1/a}", f"$(touch {SENTINEL})", f"`touch {SENTINEL}`", f"; touch {SENTINEL}",
    f"!!python/object/apply:os.system ['touch {SENTINEL}']", "cos\nsystem\n(S'touch x'\ntR.",
    "file:///etc/passwd", "http://127.0.0.1:1/x.toml", "../../../../etc/passwd", "/etc/passwd",
    "<script>alert(1)</script>", "'; DROP TABLE matters; --", "\u202etxt.exe", "材料{0}", "\\x00",
]
payload = st.sampled_from(PAYLOADS) | st.text(min_size=1, max_size=40)


def _file(directory: Path, doc: dict, name: str = "hostile.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _everything(rs, app: dict) -> list[str]:
    """Decide, then render every view an applicant or officer sees: all must leave the text inert."""
    d = govrules.decide(app, ruleset=rs, calendar=CAL)
    views = [d.model_dump_json(), render_text(d, rs, explain=True), decision_html(d, rs)]
    for n in notices_for(d, ruleset=rs, application=app):
        views += [notice_text(n), notice_html(n)]
    return views


@given(name=payload, basis=payload, mid=payload.filter(lambda s: len(s) <= 200), code=payload.filter(lambda s: len(s) <= 200))
def test_crafted_strings_in_a_ruleset_are_only_ever_text(name: str, basis: str, mid: str, code: str) -> None:
    doc = ruleset(matter(code=code, name_zh=name, legal_basis=[basis],
                         materials=[material("form"), material(mid, name_zh=name)]), title=name)
    app = application(matter_code=code, materials=[{"id": "form", "status": "ok"}])  # `mid` is missing
    with tempfile.TemporaryDirectory() as tmp:
        path = _file(Path(tmp), doc)
        with watching(Path(tmp), SHIPPED) as watch:
            rs = govrules.load_ruleset(path)
            views = _everything(rs, app)
        assert watch.violations() == []
    assert not SENTINEL.exists()
    assert rs.matters_by_code[code].name_zh == name
    assert name in views[1] and name in views[3]  # the officer's text and the notice show it verbatim


def test_format_fields_in_ruleset_text_are_not_interpreted() -> None:
    trick = "{0.__class__.__init__.__globals__}"
    rs = govrules.Ruleset.model_validate(ruleset(matter(name_zh=trick, materials=[material("form"), material("plan", name_zh=trick)])))
    views = _everything(rs, application(materials=[{"id": "form", "status": "ok"}]))
    text = "\n".join(views)
    assert trick in text
    assert "__builtins__" not in text and "<module" not in text


@pytest.mark.parametrize("path", sorted(p for p in BAD.iterdir() if not p.name.startswith("_")), ids=lambda p: p.name)
def test_every_bad_corpus_file_fails_without_running_or_reaching_anything(path: Path) -> None:
    with watching(BAD, SHIPPED) as watch:
        with pytest.raises(RulesetError):
            govrules.load_ruleset(path)
    assert watch.violations() == []
    if path.suffix not in (".toml", ".json"):
        assert str(path) not in watch.paths()  # refused by its name: not even opened
    assert not SENTINEL.exists()


@pytest.mark.parametrize("parent", ["/etc/passwd", "../../../../etc/passwd", "https://127.0.0.1:1/evil.toml",
                                    "file:///etc/hosts", "~/.ssh/id_rsa", "cn.national\x00.toml"])
def test_extends_names_ids_never_paths_or_urls(tmp_path: Path, parent: str) -> None:
    path = _file(tmp_path, ruleset(matter(), extends=[parent]))
    with watching(tmp_path, SHIPPED) as watch:
        with pytest.raises(RulesetError) as info:
            govrules.load_ruleset(path)
    assert info.value.code == "unknown_parent"
    assert watch.violations() == []


def test_a_link_out_of_a_library_directory_is_refused_before_it_is_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    target = _file(outside, ruleset(matter()), "secret.json")
    lib = tmp_path / "lib"
    lib.mkdir()
    _file(lib, dict(ruleset(matter()), id="t.ok"), "ok.json")
    (lib / "escape.json").symlink_to(target)
    with watching(lib, SHIPPED) as watch:
        with pytest.raises(RulesetError) as info:
            govrules.load_ruleset(lib)
    assert info.value.code == "outside_ruleset_tree"
    assert watch.violations() == []
    assert str(target) not in watch.paths() and str(lib / "escape.json") not in watch.paths()


def test_a_file_that_extends_reads_only_its_tree_and_the_shipped_rulesets(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    _file(tmp_path / "elsewhere", dict(ruleset(matter()), id="t.decoy"), "decoy.json")
    mine = tmp_path / "mine"
    mine.mkdir()
    doc = {"id": "t.child", "version": "1", "effective_from": "2025-01-01", "title": "child",
           "extends": ["cn.national"], "authorities": ruleset()["authorities"], "matters": [matter()]}
    path = _file(mine, doc)
    with watching(mine, SHIPPED) as watch:
        rs = govrules.load_ruleset(path)
        govrules.decide(application(), ruleset=rs, calendar=CAL)
    assert watch.violations() == []
    assert not any("elsewhere" in p for p in watch.paths())


def test_shipped_library_and_examples_decide_without_forbidden_events() -> None:
    from govrules.examples import catalogue

    examples = [(e, e.application()) for e in catalogue()]
    with watching(SHIPPED) as watch:
        lib = govrules.load_ruleset(SHIPPED)
        for e, app in examples:
            govrules.decide(app, ruleset=lib, calendar=CAL, as_of=e.as_of)
    assert watch.violations() == []
    assert watch.paths(), "the audit hook saw the library being read: the watch is live"


def test_the_watch_itself_catches_what_it_must() -> None:
    """The audit hook would fail the tests above: a test that cannot fail proves nothing."""
    import pickle

    with watching(BAD) as watch:
        exec("1 + 1")  # noqa: S102 - deliberately, to see the hook fire
        pickle.loads(pickle.dumps(Path("x")))
        open("/etc/hostname" if Path("/etc/hostname").exists() else __file__, "rb").close()
        try:
            __import__("govrules_no_such_module")
        except ImportError:
            pass
    kinds = {v.split()[0] for v in watch.violations()}
    assert {"exec", "open", "import"} <= kinds
    assert any(k.startswith("pickle.") for k in kinds)
