"""Progress on long work: ``progress=True`` draws a bar on stderr (tqdm, the ``progress`` extra) and
changes no result; ``progress=False`` writes nothing anywhere; without tqdm, asking names the extra."""

import subprocess
import sys
import textwrap

import pytest
from workload import RULESET_PATH, generate, iter_generate

import govrules
from govrules.cli import main
from govrules.errors import InvalidInputError

pytest.importorskip("tqdm")


def dumps(results):
    return [r.model_dump_json() if isinstance(r, govrules.Decision) else str(r) for r in results]


@pytest.mark.parametrize("workers", [1, 2])
def test_decide_many_bar_on_stderr_same_results(reference, capfd, workers) -> None:
    rs, _, cal = reference
    apps = generate(120, seed=11) + [{"id": "broken"}]
    quiet = dumps(govrules.decide_many(apps, rs, cal, errors="return", workers=workers, chunk_size=25))
    assert capfd.readouterr() == ("", "")  # progress=False (the default): nothing, on either stream
    shown = dumps(govrules.decide_many(apps, rs, cal, errors="return", workers=workers, chunk_size=25,
                                       progress=True))
    out, err = capfd.readouterr()
    assert shown == quiet
    assert out == ""
    assert "decide_many" in err and "121/121" in err and "100%" in err


def test_decide_many_over_a_stream_counts_without_a_total(reference, capfd) -> None:
    rs, _, cal = reference
    shown = dumps(govrules.decide_many(iter_generate(40, seed=12), rs, cal, progress=True))
    out, err = capfd.readouterr()
    assert shown == dumps(govrules.decide_many(generate(40, seed=12), rs, cal))
    assert out == "" and "decide_many" in err and "40" in err and "/40" not in err


def test_a_stream_never_iterated_draws_nothing(reference, capfd) -> None:
    rs, _, cal = reference
    stream = govrules.decide_many(generate(5, seed=13), rs, cal, progress=True)
    assert capfd.readouterr() == ("", "")
    del stream


def test_stopping_early_closes_the_bar_at_what_was_decided(reference, capfd) -> None:
    rs, _, cal = reference
    stream = govrules.decide_many(generate(30, seed=14), rs, cal, progress=True)
    first = [next(stream) for _ in range(7)]
    stream.close()
    out, err = capfd.readouterr()
    assert len(first) == 7 and out == "" and "7/30" in err


@pytest.mark.parametrize("workers", [1, 2])
def test_diff_bar_on_stderr_same_report(reference, capfd, workers) -> None:
    rs, reform, cal = reference
    apps = generate(150, seed=15)
    quiet = govrules.diff(rs, reform, apps, cal, what_if=True, workers=workers, chunk_size=40)
    assert capfd.readouterr() == ("", "")
    shown = govrules.diff(rs, reform, apps, cal, what_if=True, workers=workers, chunk_size=40, progress=True)
    out, err = capfd.readouterr()
    assert (shown.summary(), shown.changed, shown.transitions) == (quiet.summary(), quiet.changed, quiet.transitions)
    assert out == "" and "diff" in err and "150/150" in err


@pytest.mark.parametrize("value", [1, "yes", None])
def test_progress_is_true_or_false(reference, value) -> None:
    rs, _, cal = reference
    for call in (lambda: govrules.decide_many([], rs, cal, progress=value),
                 lambda: govrules.diff(rs, rs, [], cal, progress=value)):
        with pytest.raises(InvalidInputError) as info:
            call()
        assert info.value.field == "progress"


def test_demo_progress_draws_on_stderr_and_prints_the_same(capsys) -> None:
    assert main(["demo", "--format", "json"]) == 0
    plain = capsys.readouterr()
    assert main(["demo", "--format", "json", "--progress"]) == 0
    shown = capsys.readouterr()
    assert shown.out == plain.out and plain.err == ""
    assert "demo" in shown.err and "100%" in shown.err


# ---- without tqdm -------------------------------------------------------------------------------------
WITHOUT_TQDM = """
import sys
sys.modules["tqdm"] = None  # as if the progress extra were not installed
sys.path.insert(0, {reference!r})
import govrules
from govrules.errors import MissingDependencyError
from workload import generate

rs = govrules.load_ruleset({ruleset!r})
apps = generate(3, seed=16)
assert len(list(govrules.decide_many(apps, rs, progress=False))) == 3   # no bar asked: no tqdm needed
assert govrules.diff(rs, rs, apps, progress=False).total == 3
for call in (lambda: govrules.decide_many(apps, rs, progress=True),     # at the call, before any next()
             lambda: govrules.diff(rs, rs, apps, progress=True)):
    try:
        call()
    except MissingDependencyError as exc:
        assert exc.extra == "progress" and exc.package == "tqdm", exc
        print(exc)
    else:
        raise AssertionError("no MissingDependencyError")
"""


def run_without_tqdm(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=300)


def test_without_tqdm_progress_names_the_extra() -> None:
    r = run_without_tqdm(WITHOUT_TQDM.format(reference=str(RULESET_PATH.parent), ruleset=str(RULESET_PATH)))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 2 and all('pip install ".[progress]"' in line and "tqdm" in line for line in lines)


def test_without_tqdm_demo_progress_exits_2_naming_the_extra() -> None:
    r = run_without_tqdm("""
        import sys
        sys.modules["tqdm"] = None
        from govrules.cli import main
        sys.exit(main(["demo", "--progress"]))
    """)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("govrules: error: [missing_dependency]") and 'pip install ".[progress]"' in r.stderr
