"""User year files and regional overlays (spec §13 A20, A23): format, effect, validation, version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govrules.calendar import DayKind, china_calendar
from govrules.errors import CalendarDataError, CalendarUnavailableError, GovRulesError

from calendar_testlib import D

HERE = Path(__file__).parent / "overlays"
LIANGSHAN = HERE / "liangshan-2011.toml"
YEAR_2027 = HERE / "cn-2027-example.json"


def year_doc(year: int = 2027, **changes):
    doc = json.loads(YEAR_2027.read_text(encoding="utf-8"))
    doc["year"] = year
    if year != 2027:
        doc["rest_days"] = [{"from": f"{year}-01-01", "to": f"{year}-01-01", "name": "元旦"}]
        doc["makeup_working_days"] = []
    doc.update(changes)
    return doc


def overlay_doc(**changes):
    doc = {
        "schema": "govrules.calendar.overlay/1",
        "id": "test",
        "title": "test overlay",
        "rest_days": [{"date": "2025-03-03", "name": "x"}],
    }
    doc.update(changes)
    return doc


# ---------------------------------------------------------------------------------------------------
# user year files


def test_user_year_file_extends_coverage(cal):
    c27 = china_calendar(overlays=[YEAR_2027])
    assert c27.covered_years == range(2004, 2028) and c27.official_years == range(2004, 2028)
    assert c27.version.startswith("cn-2004..2027+overlays[1]:sha256:")
    # a count from December 2026 into 2027 now works, and is not provisional
    end = c27.add_working_days(D(2026, 12, 20), 30)
    assert end.year == 2027 and not c27.is_provisional(end)
    with pytest.raises(CalendarUnavailableError):
        cal.add_working_days(D(2026, 12, 20), 30)
    assert c27.day_kind(D(2027, 2, 20)) is DayKind.MAKEUP_WORKING_DAY
    assert c27.describe(D(2027, 2, 8)).name == "春节" and c27.describe(D(2027, 2, 8)).source == "2027"
    # days of shipped years are unchanged
    assert c27.add_working_days(D(2025, 3, 3), 20) == D(2025, 3, 31)
    with pytest.raises(CalendarUnavailableError) as exc:
        c27.is_working_day(D(2028, 1, 3))
    assert exc.value.year == 2028


def test_user_year_with_provisional_projection_after_it():
    c = china_calendar(overlays=[str(YEAR_2027)], provisional=True)
    assert c.official_years == range(2004, 2028) and c.provisional_years == range(2028, 2036)
    assert not c.is_provisional(D(2027, 12, 31)) and c.is_provisional(D(2028, 1, 1))
    assert "+provisional-2028..2035" in c.version


def test_user_year_as_mapping_and_as_toml(tmp_path):
    from_mapping = china_calendar(overlays=[year_doc()])
    toml = tmp_path / "2027.toml"
    toml.write_text(
        'schema = "govrules.calendar.year/1"\nyear = 2027\nrest_days = [{from = 2027-01-01, to = 2027-01-03, name = "元旦"},\n'
        '  {from = 2027-02-05, to = 2027-02-12, name = "春节"}, {from = 2027-04-03, to = 2027-04-05, name = "清明节"},\n'
        '  {from = 2027-05-01, to = 2027-05-05, name = "劳动节"}, {date = 2027-06-09, name = "端午节"},\n'
        '  {date = 2027-09-15, name = "中秋节"}, {from = 2027-10-01, to = 2027-10-07, name = "国庆节"}]\n'
        'makeup_working_days = [{date = 2027-02-20, name = "春节调休上班"}, {date = 2027-05-08, name = "劳动节调休上班"},\n'
        '  {date = 2027-09-26, name = "国庆节调休上班"}, {date = 2027-10-09, name = "国庆节调休上班"}]\n\n'
        '[[notices]]\nid = "2027"\ntitle = "EXAMPLE ONLY — not the real 2027 arrangement (test data; replace with the notice published in November 2026)"\n'
        'verified = false\nnote = "fictional arrangement used by tests/calendar and docs/calendar.md"\n'
        "number = \"\"\n",
        encoding="utf-8",
    )
    with pytest.raises(CalendarDataError) as exc:  # number = "" is not a valid string (use null / omit)
        china_calendar(overlays=[toml])
    assert exc.value.path == "notices[0].number"
    toml.write_text(toml.read_text(encoding="utf-8").replace('number = ""\n', ""), encoding="utf-8")
    from_toml = china_calendar(overlays=[toml])
    assert from_toml.month(2027, 2) == from_mapping.month(2027, 2)
    for m in range(1, 13):
        assert from_toml.month(2027, m) == from_mapping.month(2027, m)


def test_year_already_shipped_is_refused():
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[year_doc(2025)])
    assert exc.value.code == "calendar_data_year_exists" and exc.value.path == "year"
    assert "2025" in str(exc.value) and "overlay" in str(exc.value)


def test_years_must_stay_contiguous():
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[year_doc(2029)])
    assert exc.value.code == "calendar_data_not_contiguous"
    assert "2027…2028" in str(exc.value)
    c = china_calendar(overlays=[year_doc(2028), YEAR_2027])  # any order
    assert c.covered_years == range(2004, 2029)
    c2003 = china_calendar(overlays=[year_doc(2003)])
    assert c2003.covered_years == range(2003, 2027)


# ---------------------------------------------------------------------------------------------------
# regional overlays


def test_regional_overlay_moves_days(cal):
    ls = china_calendar(overlays=[LIANGSHAN])
    # the Torch Festival week: national working days become rest days, Sunday 07-31 is worked
    assert cal.add_working_days(D(2011, 7, 22), 1) == D(2011, 7, 25)
    assert ls.add_working_days(D(2011, 7, 22), 1) == D(2011, 7, 31)
    assert ls.day_kind(D(2011, 7, 31)) is DayKind.MAKEUP_WORKING_DAY
    assert ls.describe(D(2011, 7, 27)).source == "overlay:cn-sc-liangshan-2011"
    assert ls.describe(D(2011, 7, 27)).name == "火把节"
    # the national make-up Saturday 2011-10-08 is a rest day in the prefecture
    assert cal.is_working_day(D(2011, 10, 8)) and not ls.is_working_day(D(2011, 10, 8))
    assert ls.is_working_day(D(2011, 10, 9))
    # other years unchanged
    assert ls.add_working_days(D(2025, 3, 3), 20) == D(2025, 3, 31)
    assert ls.overlays == (("cn-sc-liangshan-2011", "凉山州人民政府办公室关于2011年部分节假日安排的通知", "CN-SC 凉山彝族自治州"),)
    # ranks stay exact across the moved days
    assert ls.working_days_between(D(2011, 7, 1), D(2011, 8, 31)) == cal.working_days_between(D(2011, 7, 1), D(2011, 8, 31)) - 5 + 1


def test_overlay_working_day_on_a_weekday_rest_day(cal):
    c = china_calendar(overlays=[overlay_doc(rest_days=[], working_days=[{"date": "2025-10-08", "name": "本地上班"}])])
    assert c.day_kind(D(2025, 10, 8)) is DayKind.WORKING and c.describe(D(2025, 10, 8)).name == "本地上班"
    assert not cal.is_working_day(D(2025, 10, 8))


def test_later_overlays_win():
    a = overlay_doc(id="a", rest_days=[{"date": "2025-03-03"}])
    b = overlay_doc(id="b", rest_days=[], working_days=["2025-03-03"])
    assert china_calendar(overlays=[a, b]).is_working_day(D(2025, 3, 3))
    assert not china_calendar(overlays=[b, a]).is_working_day(D(2025, 3, 3))


def test_version_changes_with_overlays(cal):
    ls = china_calendar(overlays=[LIANGSHAN])
    other = china_calendar(overlays=[overlay_doc()])
    versions = {cal.version, ls.version, other.version}
    assert len(versions) == 3
    assert ls.version.startswith("cn-2004..2026+overlays[1]:sha256:")
    # same content ⇒ same version (from a path or from the equivalent mapping)
    assert china_calendar(overlays=[LIANGSHAN]).version == ls.version and china_calendar(overlays=[LIANGSHAN]) == ls
    # a change in a name changes the hash
    renamed = overlay_doc(rest_days=[{"date": "2025-03-03", "name": "y"}])
    assert china_calendar(overlays=[renamed]).version != other.version


def test_overlay_in_an_uncovered_year_is_refused():
    doc = overlay_doc(rest_days=[{"date": "2027-03-03"}])
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[doc])
    assert exc.value.code == "calendar_data_year_not_covered" and exc.value.path == "rest_days[0]"
    assert "provisional=True" in str(exc.value)
    # allowed in a projected year (the result stays provisional)
    c = china_calendar(overlays=[doc], provisional=True)
    assert not c.is_working_day(D(2027, 3, 3)) and c.is_provisional(D(2027, 3, 3))


def test_duplicate_overlay_ids_are_refused():
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[overlay_doc(), overlay_doc()])
    assert exc.value.code == "calendar_data_duplicate" and exc.value.path == "id"


# ---------------------------------------------------------------------------------------------------
# malformed files: CalendarDataError naming file, path and value


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("doc", "code", "path", "mentions"),
    [
        ({"id": "x", "title": "t"}, "calendar_data_missing_field", "schema", "schema"),
        (overlay_doc(schema="govrules.calendar.overlay/9"), "calendar_data_schema", "schema", "overlay/9"),
        (overlay_doc(rest_day=[]), "calendar_data_unknown_field", "rest_day", "rest_day"),
        (overlay_doc(rest_days=[{"from": "2025-02-30", "to": "2025-03-01"}]), "calendar_data_date", "rest_days[0].from", "2025-02-30"),
        (overlay_doc(rest_days=[{"from": "2025-03-05", "to": "2025-03-01"}]), "calendar_data_range", "rest_days[0].to", "2025-03-01"),
        (overlay_doc(rest_days=[{"from": "2025-03-05"}]), "calendar_data_missing_field", "rest_days[0].to", "to"),
        (overlay_doc(rest_days=[{"date": "2025-03-05", "nmae": "x"}]), "calendar_data_unknown_field", "rest_days[0].nmae", "nmae"),
        (overlay_doc(rest_days=[20250305]), "calendar_data_type", "rest_days[0]", "20250305"),
        (overlay_doc(rest_days="2025-03-05"), "calendar_data_type", "rest_days", "2025-03-05"),
        (overlay_doc(rest_days=[]), "calendar_data_missing_field", "rest_days", "at least one"),
        (overlay_doc(id=""), "calendar_data_type", "id", "''"),
        (overlay_doc(working_days=["2025-03-03"]), "calendar_data_conflict", "working_days[0]", "2025-03-03"),
        (overlay_doc(rest_days=["2025-03-03", {"from": "2025-03-01", "to": "2025-03-04"}]), "calendar_data_overlap", "rest_days[1]", "2025-03-03"),
        (overlay_doc(rest_days=[{"date": "2025-03-03", "notice": "2025"}]), "calendar_data_unknown_field", "rest_days[0].notice", "notice"),
        (overlay_doc(source={"verified": "yes"}), "calendar_data_type", "source.verified", "yes"),
        (year_doc(year="2027"), "calendar_data_type", "year", "2027"),
        (year_doc(year=1800), "calendar_data_range", "year", "1800"),
        (year_doc(notices=[]), "calendar_data_missing_field", "notices", "notice"),
        (year_doc(notices=[{"id": "2027", "title": "t"}]), "calendar_data_missing_field", "notices[0].verified", "verified"),
        (year_doc(notices=[{"id": "2027", "title": "t", "verified": True, "published": "2026/11/04"}]), "calendar_data_date", "notices[0].published", "2026/11/04"),
        (year_doc(rest_days=[{"from": "2026-12-31", "to": "2027-01-02"}]), "calendar_data_range", "rest_days[0]", "2026-12-31"),
        (year_doc(makeup_working_days=[{"date": "2027-02-22"}]), "calendar_data_makeup_not_weekend", "makeup_working_days[0]", "Monday"),
        (year_doc(makeup_working_days=[{"date": "2027-02-06"}]), "calendar_data_conflict", "makeup_working_days[0]", "2027-02-06"),
        (year_doc(makeup_working_days=[{"date": "2027-02-20", "notice": "2026"}]), "calendar_data_unknown_notice", "makeup_working_days[0].notice", "2026"),
        (year_doc(makeup_working_days=None), "calendar_data_type", "makeup_working_days", "None"),
    ],
)
def test_malformed_documents(doc, code, path, mentions):
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[doc])
    err = exc.value
    assert (err.code, err.path) == (code, path)
    assert err.file == "<overlays[0] mapping>"
    assert mentions in str(err)
    assert isinstance(err, GovRulesError)


def test_malformed_files_name_the_file(tmp_path):
    cases = [
        (write(tmp_path, "bad.json", '{"schema": "govrules.calendar.overlay/1", "id": '), "calendar_data_syntax", "line 1"),
        (write(tmp_path, "bad.toml", 'schema = "govrules.calendar.overlay/1"\nid = \n'), "calendar_data_syntax", "TOML"),
        (write(tmp_path, "notes.yaml", "schema: x\n"), "calendar_data_format", ".yaml"),
        (tmp_path / "missing.json", "calendar_data_unreadable", "cannot read"),
        (write(tmp_path, "list.json", "[]"), "calendar_data_type", "table/object"),
    ]
    for path, code, mentions in cases:
        with pytest.raises(CalendarDataError) as exc:
            china_calendar(overlays=[path])
        assert exc.value.code == code, path
        assert exc.value.file == str(path)
        assert str(path) in str(exc.value) and mentions in str(exc.value)


def test_toml_datetime_is_refused_with_its_path(tmp_path):
    p = write(
        tmp_path,
        "dt.toml",
        'schema = "govrules.calendar.overlay/1"\nid = "x"\ntitle = "t"\n[[rest_days]]\ndate = 2025-03-03T08:00:00\n',
    )
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[p])
    assert exc.value.code == "calendar_data_date" and exc.value.path == "rest_days[0].date"
    assert exc.value.file == str(p)


def test_error_in_the_second_overlay_names_it(tmp_path):
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[LIANGSHAN, overlay_doc(title=None)])
    assert exc.value.file == "<overlays[1] mapping>" and exc.value.path == "title"
