"""The batch work on a real Dask cluster (two worker processes on loopback): the same answers as local."""

import pytest
from workload import generate

import govrules

db = pytest.importorskip("dask.bag")
pytest.importorskip("dask.distributed")  # the cluster fixture (conftest) needs it
from govrules.batch.dask import decide_bag, decisions_dataframe, diff_bag  # noqa: E402


def test_decide_bag_equals_decide_many(client, reference) -> None:
    rs, _, cal = reference
    apps = generate(600, seed=11) + [{"id": "broken"}]
    remote = decide_bag(db.from_sequence(apps, npartitions=5), rs, cal).compute()
    local = list(govrules.decide_many(apps, rs, cal, errors="return"))
    assert [r.model_dump_json() for r in remote[:-1]] == [r.model_dump_json() for r in local[:-1]]
    assert type(remote[-1]) is type(local[-1]) and str(remote[-1]) == str(local[-1])


def test_diff_bag_equals_diff(client, reference) -> None:
    rs, reform, cal = reference
    apps = generate(800, seed=12)
    remote = diff_bag(db.from_sequence(apps, npartitions=7), rs, reform, cal, what_if=True).compute()
    local = govrules.diff(rs, reform, apps, cal, what_if=True)
    assert (remote.total, remote.changed, remote.counts, remote.transitions) == (
        local.total, local.changed, local.counts, local.transitions)
    assert remote.changed, "the reform changes some decisions"


def test_decisions_dataframe(client, reference) -> None:
    rs, _, cal = reference
    frame = decisions_dataframe(db.from_sequence(generate(120, seed=13), npartitions=3), rs, cal).compute()
    assert len(frame) == 120 and list(frame.columns) == list(govrules.batch.frames.COLUMNS)
