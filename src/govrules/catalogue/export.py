"""A ruleset back to the list's columns: the inverse of the import, for the round-trip test and for a
locality that wants its catalogue as a table again.

Values are written in their canonical form (20个工作日, 即办, 行政许可, 县级, 是/否), ids that the import
would generate again are left blank, and an English name equal to the Chinese one is not written. The
columns hold what a list holds: what a ruleset says beyond them (prerequisites, a second fee, a clock
start …) is not written, and ``export_catalogue`` returns it, matter by matter, rather than losing it
silently.
"""

from __future__ import annotations

from types import MappingProxyType

import csv
from pathlib import Path
from typing import Any, Mapping

from ..models.matter import Authority, Matter, Material, Necessity
from ..models.ruleset import Ruleset
from . import values as v
from .build import FEE_ID, FEE_NAME, FEE_NAME_ZH, authority_id, material_id
from .headers import MATERIAL_COLUMNS, MATTER_COLUMNS

MATTER_KEYS = ("code", "name_zh", "name", "type", "authority", "authority_code", "level", "region", "legal_basis",
               "handling_kind", "statutory_limit", "promised_limit", "extension", "fee", "fee_basis",
               "fee_payment_period", "fee_on_late", "max_visits", "tolerance_allowed",
               "notification_commitment_allowed", "validity", "special_procedures", "note")
MATERIAL_KEYS = ("matter_code", "name_zh", "name", "id", "necessity", "material_kind", "technical_essential",
                 "commitment_substitutable", "land_document")
#: Written only when some value needs them (else the column would be all blank or all 否).
OPTIONAL_KEYS = ("name", "land_document")
HEADER = MappingProxyType({**{c.key: c.header for c in MATTER_COLUMNS}})
MATERIAL_HEADER = MappingProxyType({c.key: c.header for c in MATERIAL_COLUMNS})
#: Matter fields the columns hold (the rest is returned by export_catalogue when set).
HELD = frozenset({"code", "name", "name_zh", "type", "authority", "level", "handling_kind", "legal_basis", "statutory_limit",
        "promised_limit", "extension", "fees", "max_visits", "tolerance_allowed", "notification_commitment_allowed",
        "validity", "special_procedures", "note", "materials"})


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def matter_row(m: Matter, authority: Authority) -> dict[str, str]:
    fee = m.fees[0] if m.fees else None
    fee_text = "否"
    if fee is not None:
        fee_text = fee.name_zh if fee.name_zh != FEE_NAME_ZH else (f"{fee.amount}元" if fee.amount is not None else "是")
    return {
        "code": m.code, "name_zh": m.name_zh, "name": "" if m.name == m.name_zh else m.name,
        "type": v.MATTER_TYPE_ZH[m.type], "authority": authority.name_zh,
        "authority_code": "" if authority.id == authority_id(authority.name_zh) else authority.id,
        "level": v.LEVEL_ZH[m.level] if m.level else "", "region": authority.region,
        "legal_basis": v.LEGAL_BASIS_SEPARATOR.join(m.legal_basis or ()),
        "handling_kind": v.HANDLING_KIND_ZH[m.handling_kind] if m.handling_kind else "",
        "statutory_limit": v.format_period(m.statutory_limit) if m.statutory_limit else "",
        "promised_limit": v.format_period(m.promised_limit) if m.promised_limit else "",
        "extension": v.format_period(m.extension) if m.extension else "",
        "fee": fee_text, "fee_basis": (fee.basis or "") if fee else "",
        "fee_payment_period": v.format_period(fee.payment_period) if fee else "",
        "fee_on_late": v.LATE_FEE_ZH[fee.on_late.value] if fee else "",
        "max_visits": "" if m.max_visits is None else str(m.max_visits),
        "tolerance_allowed": _yes(m.tolerance_allowed),
        "notification_commitment_allowed": _yes(m.notification_commitment_allowed),
        "validity": v.format_period(m.validity) if m.validity else "",
        "special_procedures": "、".join(v.SPECIAL_PROCEDURE_ZH[p] for p in m.special_procedures),
        "note": m.note or "",
    }


def material_row(m: Matter, mat: Material) -> dict[str, str]:
    necessity = {Necessity.main: "必要", Necessity.secondary: "必要", Necessity.optional: "非必要"}[mat.necessity]
    return {
        "matter_code": m.code, "name_zh": mat.name_zh, "name": "" if mat.name == mat.name_zh else mat.name,
        "id": "" if mat.id == material_id(mat.name_zh) else mat.id,
        "necessity": "容缺" if mat.tolerable else necessity,
        "material_kind": "主件" if mat.necessity is Necessity.main else "辅件",
        "technical_essential": _yes(mat.technical_essential),
        "commitment_substitutable": _yes(mat.commitment_substitutable),
        "land_document": _yes(mat.land_document),
    }


def not_held(m: Matter) -> list[str]:
    """The fields of ``m`` set to something the columns cannot write."""
    out = [name for name in type(m).model_fields if name not in HELD and name in m.model_fields_set
           and getattr(m, name) != type(m).model_fields[name].default]
    if len(m.fees) > 1:
        out.append("fees[1:]")
    fee = m.fees[0] if m.fees else None
    if fee is not None and (fee.id != FEE_ID or fee.name != FEE_NAME or fee.certificate_after_payment is not None):
        out.append("fees[0].id/name/certificate_after_payment")
    if fee is not None and fee.name_zh != FEE_NAME_ZH and fee.amount is not None and f"{fee.amount}元" not in fee.name_zh:
        out.append("fees[0].amount")
    return out


def _write(path: Path, keys: tuple[str, ...], headers: Mapping[str, str], rows: list[dict[str, str]]) -> None:
    used = [k for k in keys if k not in OPTIONAL_KEYS or any(r[k] not in ("", "否") for r in rows)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([headers[k] for k in used])
        for r in rows:
            w.writerow([r[k] for k in used])


def export_catalogue(ruleset: Ruleset, matters: str | Path, materials: str | Path) -> dict[str, list[str]]:
    """Write ``ruleset``'s matters (stubs excluded) and their materials as the two CSV tables the import
    reads. Returns, per matter code, the fields the columns could not write (empty when none)."""
    authorities = ruleset.authorities_by_id
    matter_rows, material_rows, lost = [], [], {}
    for m in ruleset.matters:
        if m.stub:
            lost[m.code] = ["stub"]
            continue
        matter_rows.append(matter_row(m, authorities[m.authority_id]))
        material_rows += [material_row(m, mat) for mat in m.materials]
        missing = not_held(m)
        if missing:
            lost[m.code] = missing
    _write(Path(matters), MATTER_KEYS, HEADER, matter_rows)
    _write(Path(materials), MATERIAL_KEYS, MATERIAL_HEADER, material_rows)
    return lost


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """A CSV table as dicts (header → cell), for comparing an export with the list it came from."""
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))
