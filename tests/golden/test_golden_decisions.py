"""Golden decisions: every shipped example's Decision, notices and project plan, checked in.

No release may change a legal answer silently. Each snapshot is the exact JSON (``model_dump_json``,
indented) or text a user would get; a difference fails with a unified diff. When a change is intended
(a new rule, corrected calendar data, new wording), re-record with one command and review the diff:

    python -m pytest tests/golden --update-golden && git diff tests/golden/snapshots

A snapshot left without its example fails too, so removing an example is a reviewed change as well.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

import govrules
from govrules.examples import catalogue
from govrules.notices import notices_for

SNAPSHOTS = Path(__file__).with_name("snapshots")
CAL = govrules.china_calendar()
LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
EXAMPLES = catalogue()
PROJECTS = sorted((govrules.SHIPPED_EXAMPLES / "projects").glob("*.json"))
RECORD = "python -m pytest tests/golden --update-golden"


def _decision_files(example) -> dict[str, str]:
    app = example.application()
    decision = govrules.decide(app, ruleset=LIBRARY, calendar=CAL, as_of=example.as_of)
    stem = Path(example.file).stem
    notices = notices_for(decision, ruleset=LIBRARY, application=app)
    text = "\n\n".join(f"==== {n.kind.value} ====\n{n.text}" for n in notices)
    return {f"{stem}.decision.json": decision.model_dump_json(indent=2) + "\n",
            f"{stem}.notices.txt": text.rstrip() + "\n"}


def _plan_files(path: Path) -> dict[str, str]:
    plan = govrules.plan_project(json.loads(path.read_text(encoding="utf-8")), ruleset=LIBRARY, calendar=CAL)
    return {f"project.{path.stem}.plan.json": plan.model_dump_json(indent=2) + "\n"}


def _check(files: dict[str, str], update: bool) -> None:
    for name, actual in files.items():
        path = SNAPSHOTS / name
        if update:
            SNAPSHOTS.mkdir(exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != actual:
                path.write_text(actual, encoding="utf-8")
            continue
        assert path.exists(), f"no snapshot {name}: record it with `{RECORD}` and review it"
        expected = path.read_text(encoding="utf-8")
        if expected != actual:
            diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"snapshot/{name}",
                                             "now", lineterm="", n=2))
            shown = "\n".join(diff[:80]) + ("\n…" if len(diff) > 80 else "")
            pytest.fail(f"{name} changed — a legal answer is different:\n{shown}\n"
                        f"If intended, re-record with `{RECORD}` and review the diff.", pytrace=False)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: Path(e.file).stem)
def test_example_decision_and_notices_match_their_snapshot(example, update_golden: bool) -> None:
    _check(_decision_files(example), update_golden)


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_project_plan_matches_its_snapshot(path: Path, update_golden: bool) -> None:
    _check(_plan_files(path), update_golden)


def test_every_snapshot_belongs_to_a_shipped_example(update_golden: bool) -> None:
    expected = {name for e in EXAMPLES for name in _decision_files(e)} | {name for p in PROJECTS for name in _plan_files(p)}
    present = {p.name for p in SNAPSHOTS.glob("*") if p.is_file()}
    if update_golden:
        for stale in present - expected:
            (SNAPSHOTS / stale).unlink()
        return
    assert present - expected == set(), f"snapshots without an example (remove them with `{RECORD}`)"
    assert expected - present == set()


def test_a_changed_answer_fails_with_a_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison bites: alter one recorded date and the check fails naming the line."""
    name, text = next(iter(_decision_files(EXAMPLES[0]).items()))
    doc = json.loads(text)
    key = next(k for k in ("statutory_due", "correction_deadline", "acceptance_date") if doc.get(k))
    (tmp_path / name).write_text(text.replace(f'"{key}": "{doc[key]}"', f'"{key}": "1999-01-01"'), encoding="utf-8")
    monkeypatch.setitem(globals(), "SNAPSHOTS", tmp_path)
    with pytest.raises(pytest.fail.Exception) as info:
        _check({name: text}, update=False)
    assert f'-  "{key}": "1999-01-01"' in str(info.value) and f'+  "{key}": "{doc[key]}"' in str(info.value)
