"""decide_frame and the columnar diff per partition of a Dask DataFrame, on a real cluster (two worker
processes on loopback): the same rows as decide_frame / diff on the whole table."""

from __future__ import annotations

from pathlib import Path

import pytest
from workload import generate

import govrules

pa = pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("dask.distributed")  # the cluster fixture (conftest) needs it
pq = pytest.importorskip("pyarrow.parquet")
from govrules.batch.dask import applications_dataframe, decide_dataframe, diff_dataframe  # noqa: E402
from govrules.frame import table_from_applications  # noqa: E402


def _mixed(n: int, seed: int) -> list[dict]:
    """Reference applications with a few the columnar engine hands to decide(): events, invalid rows."""
    apps = generate(n, seed=seed)
    apps[3] = dict(apps[3], materials=[{"id": "no-such-material"}])
    apps[5] = dict(apps[5], submitted_on="2025-02-29")
    apps[8] = dict(apps[8], events=[{"kind": "no-such-event", "on": "2025-01-02"}])
    return apps


def _rows(frame) -> list[dict]:
    return pa.Table.from_pandas(frame, preserve_index=False).to_pylist()


def test_decide_dataframe_equals_decide_frame(client, reference) -> None:
    rs, _, cal = reference
    table = table_from_applications(_mixed(700, 31))
    remote = decide_dataframe(applications_dataframe(table, npartitions=5), rs, cal).compute()
    whole = govrules.decide_frame(table, ruleset=rs, calendar=cal)
    assert _rows(remote) == whole.to_pylist()
    assert list(remote.index) == list(range(700))
    assert {"row", "columnar"} == set(whole["engine"].to_pylist())


def test_decide_dataframe_from_parquet_files(client, reference, tmp_path: Path) -> None:
    rs, _, cal = reference
    table = table_from_applications(_mixed(600, 32))
    for k in range(3):
        pq.write_table(table.slice(200 * k, 200), tmp_path / f"part-{k}.parquet")
    for backend in ("pyarrow", "numpy_nullable"):
        remote = decide_dataframe(dd.read_parquet(tmp_path, dtype_backend=backend), rs, cal).compute()
        assert _rows(remote) == govrules.decide_frame(table, ruleset=rs, calendar=cal).to_pylist(), backend


def test_diff_dataframe_equals_the_columnar_diff(client, reference) -> None:
    rs, reform, cal = reference
    table = table_from_applications(_mixed(900, 33))
    ddf = applications_dataframe(table, npartitions=4)
    remote = diff_dataframe(ddf, rs, reform, cal, what_if=True).compute()
    local = govrules.diff(rs, reform, table, cal, what_if=True)
    got, want = _rows(remote), local.table.to_pylist()
    assert [{k: v for k, v in r.items() if k != "row"} for r in got] == [
        {k: v for k, v in r.items() if k != "row"} for r in want]
    assert int(remote["changed"].sum()) == len(local.changed) > 0
    assert list(remote.index) == list(range(900))


def test_wrong_arguments_are_refused_on_the_client(reference) -> None:
    rs, _, cal = reference
    ddf = applications_dataframe(generate(10, seed=34), npartitions=2)
    with pytest.raises(govrules.InvalidInputError):
        decide_dataframe(ddf, "not a ruleset", cal)
    with pytest.raises(govrules.InvalidInputError):
        diff_dataframe(ddf, rs, rs, cal, as_of="2025-01-01")
