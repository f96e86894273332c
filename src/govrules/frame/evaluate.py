"""The columnar engine for one matter group: every event-free, plainly valid row of one (ruleset,
matter) decided at once, by the stages of ``engine/decide.py`` restated over arrays.

Each restated rule names the function it mirrors. Materials are an ``(rows, K)`` status matrix (the
bitsets of the matter's K materials, one column each); prerequisites an ``(rows, P)`` matrix. A row the
group cannot decide with certainty (an unknown reference, a duplicate material, a date outside the
calendar's data …) is flagged ``to_row`` and decided by ``decide()`` itself.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np

from ..engine.exceptions import PARTIAL_OK
from ..engine.procedures import procedure_periods
from ..models.decision import Outcome
from ..models.period import Unit
from ..models.ruleset import Ruleset
from . import dates
from .compile import MatterArrays
from .validity import BAD, FIXED, MISSING, SPOT, Columns

OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)
CODE: Mapping[Outcome, int] = MappingProxyType({o: i for i, o in enumerate(Outcome)})
DATE_COLUMNS = ("acceptance_date", "notice_due", "statutory_due", "statutory_due_if_extended", "promised_due",
                "supplement_deadline")
#: refusals of spec §6 that partial tolerance (A8) works around, as the condition flags below
_PARTIAL_OK_FLAGS = frozenset(PARTIAL_OK)


@dataclass(slots=True)
class Group:
    """The rows of one (ruleset, matter) and where their elements are."""

    rs: Ruleset
    arrays: MatterArrays
    rows: np.ndarray  # global row numbers, ascending
    materials: np.ndarray | None  # element numbers of the materials list of these rows (None: every one)
    obtained: np.ndarray | None
    nc_materials: np.ndarray | None


@dataclass(slots=True)
class Result:
    to_row: np.ndarray  # (m,) bool
    outcome: np.ndarray  # (m,) int8 index into OUTCOMES
    missing: np.ndarray  # (m, K) bool, by material position
    tolerated: np.ndarray  # (m, K) bool
    items: np.ndarray  # (m, K + P) bool: materials then prerequisites
    dates: dict[str, tuple[np.ndarray, np.ndarray]]  # name → (offsets, present)


def _pick(values: np.ndarray, which: np.ndarray | None) -> np.ndarray:
    """``values[which]``; None picks every element (a table of one group needs no gather)."""
    return values if which is None else values[which]


def evaluate(c: Columns, g: Group, ca: dates.CalendarArrays, local_of: np.ndarray,
             as_of: _dt.date | None) -> Result:
    rs, ma, rows = g.rs, g.arrays, g.rows
    plan, matter, policy = ma.plan, ma.plan.matter, g.rs.policy
    m, K, P = len(rows), len(ma.material_ids), len(ma.prereq_codes)
    to_row = np.zeros(m, bool)

    # ---- references (engine/inputs.py check_references) and the matter's period (select._plan) ----
    to_row |= ~c.authority.lut(lambda v: v in rs.authorities_by_id)[rows]
    day = c.day[rows]
    epoch = _dt.date(1970, 1, 1)
    if matter.effective_from is not None:
        to_row |= day < (matter.effective_from - epoch).days
    if matter.effective_to is not None:
        to_row |= day > (matter.effective_to - epoch).days

    mat_local = local_of[_pick(c.materials.parent, g.materials)]
    mat_pos = c.materials.text.mapped(ma.position, _pick(c.materials.text.codes, g.materials))
    unknown = mat_pos < 0
    if unknown.any():
        to_row[mat_local[unknown]] = True
        mat_local, mat_pos, mat_status = mat_local[~unknown], mat_pos[~unknown], _pick(c.status, g.materials)[~unknown]
    else:
        mat_status = _pick(c.status, g.materials)
    lin = mat_local * K + mat_pos
    status = np.zeros(m * K, np.int8)  # MISSING unless listed
    status[lin] = mat_status
    seen = np.zeros(m * K, bool)
    seen[lin] = True
    # a material listed twice (duplicate_material): fewer distinct positions than entries
    to_row |= seen.reshape(m, K).sum(axis=1) < np.bincount(mat_local, minlength=m)
    status = status.reshape(m, K)

    codes = rs.matters_by_code
    ob_local = local_of[_pick(c.obtained.parent, g.obtained)]
    ob_codes = _pick(c.obtained.text.codes, g.obtained)
    to_row[ob_local[~c.obtained.text.lut(lambda v: v in codes, ob_codes)]] = True
    ob_pos = c.obtained.text.mapped(ma.prereq_position, ob_codes)
    obtained = np.zeros((m, P), bool)
    obtained[ob_local[ob_pos >= 0], ob_pos[ob_pos >= 0]] = True

    nc_local = local_of[_pick(c.nc_materials.parent, g.nc_materials)]
    nc_pos = c.nc_materials.text.mapped(ma.position, _pick(c.nc_materials.text.codes, g.nc_materials))
    to_row[nc_local[nc_pos < 0]] = True
    listed = np.zeros((m, K), bool)
    listed[nc_local[nc_pos >= 0], nc_pos[nc_pos >= 0]] = True

    # ---- as of (engine/inputs.py check_as_of) and the calendar's data for the start ----------------
    r = dates.from_date32(ca, day)
    if as_of is None:
        a = r.copy()
    else:
        a = np.full(m, (as_of - ca.calendar.first_date).days, np.int64)
        to_row |= a < r  # as_of_before_receipt
    to_row |= ~dates.covered(ca, r) | ~dates.covered(ca, a)

    # ---- screen (rules/screening.py screen), steps 1–3 ------------------------------------------------
    project = c.project[rows]
    screened = np.full(m, -1, np.int64)
    if getattr(matter, "suspended_from", None) is not None:  # Matter.suspended_on, once per distinct day
        days, inverse = np.unique(day, return_inverse=True)
        off = np.array([matter.suspended_on(epoch + _dt.timedelta(days=int(d))) for d in days.tolist()], bool)
        screened[off[inverse.reshape(-1)]] = CODE[Outcome.not_required]
    if not matter.licence_required:
        screened[screened < 0] = CODE[Outcome.not_required]
    exempt = project & c.low_risk[rows] & c.project_type.lut(lambda v: v in matter.exempt_project_types)[rows]
    screened = np.where((screened < 0) & exempt, CODE[Outcome.not_required], screened)
    # competent_authority: the first investment row whose maximum covers the investment, else the matter's
    authority_index = {v: i for i, v in enumerate(c.authority.values)}
    own = c.authority.codes[rows]
    competent = np.full(m, authority_index.get(matter.authority_id, -2), np.int64)
    if matter.jurisdiction_by_investment:
        tiered = project & c.has_investment[rows]
        inv = c.investment[rows]
        found = np.zeros(m, bool)
        pick = np.full(m, -2, np.int64)  # -2: no row matched (no_competent_authority_listed), never equal
        for row in matter.jurisdiction_by_investment:
            hit = ~found & ((inv <= row.max_investment_cny) if row.max_investment_cny is not None else True)
            categories = getattr(row, "categories", ())
            if categories:  # a row for some project categories only
                hit &= c.category.lut(lambda v, cats=categories: v in cats)[rows]
            pick = np.where(hit, authority_index.get(row.authority_id, -2), pick)
            found |= hit
        competent = np.where(tiered, pick, competent)
    screened = np.where((screened < 0) & (competent != own), CODE[Outcome.not_jurisdiction], screened)
    prohibited = project & c.industry.lut(lambda v: v in ma.prohibited)[rows]
    screened = np.where((screened < 0) & prohibited, CODE[Outcome.rejected], screened)
    live = screened < 0

    # ---- requirements (engine/requirements.py; rules/materials.py assess) ---------------------------
    required = np.broadcast_to(ma.base_prereqs, (m, P)).copy()
    if ma.restricted_extra:  # rules/prerequisites.py restricted_extras
        extra = c.industry.mapped(ma.restricted_extra)[rows]
        has = project & (extra >= 0)
        required[np.flatnonzero(has), extra[has]] = True
    need = ma.required[None, :]
    missing = (status == MISSING) & need
    defective = (status == BAD) & need
    spot = (status == SPOT) & need
    fixed = (status == FIXED) & need
    missing_pre = required & ~obtained

    # ---- exceptions (engine/exceptions.py exceptions) -------------------------------------------------
    # simulated approval: rules/simulated.py in_play and refusal_reasons (every condition must hold)
    sim_cfg = policy.simulated_approval
    land_not = c.land_not_obtained[rows]
    requested = c.simulated_requested[rows]
    in_play = project & (requested | (matter.simulated_approval_allowed & land_not))
    eligible_category = c.category.lut(lambda v: v in sim_cfg.eligible_categories)[rows]
    simulated = (in_play & matter.simulated_approval_allowed & eligible_category & land_not
                 & c.holder_clear[rows] & c.holder_named[rows] & requested)
    if ma.land_material >= 0:
        for mat in (missing, defective, spot, fixed):
            mat[:, ma.land_material] &= ~simulated
    if ma.land_prereq >= 0:
        missing_pre[:, ma.land_prereq] &= ~simulated
    # notification-commitment: rules/commitment.py substitute, on the gaps left
    credit = c.credit.codes[rows]
    credit_values = c.credit.values

    def denied_by(deny) -> np.ndarray:  # rules/applicant.py record_bars: credit (default good) or a false commitment
        bad_credit = np.array([v in deny for v in credit_values] + ["good" in deny], bool)[credit]
        return bad_credit

    prior_false = c.prior_false[rows]
    nc = c.nc[rows]
    gaps = missing | defective
    listed_gaps = gaps & listed & nc[:, None]
    common = (~np.full(m, matter.notification_commitment_allowed) | ~c.nc_signed[rows]
              | denied_by(policy.notification_commitment.deny_if_credit) | prior_false)
    substituted = listed_gaps & ma.substitutable[None, :] & ~common[:, None]
    for mat in (missing, defective, spot, fixed):
        mat &= ~substituted
    gaps = missing | defective
    # tolerance: rules/tolerance.py refusal_reasons, each condition a flag (computed only with gaps)
    any_gap = gaps.any(axis=1)
    any_pre = missing_pre.any(axis=1)
    tol = policy.tolerance
    reasons = {
        "tolerance_not_allowed_for_matter": np.full(m, not matter.tolerance_allowed),
        "basic_conditions_not_met": ~c.basic[rows],
        "main_material_missing": (gaps & ma.main[None, :]).any(axis=1),
        "technical_essential_missing": (gaps & ma.technical[None, :]).any(axis=1),
        "material_not_tolerable": (gaps & ~ma.tolerable_secondary[None, :]).any(axis=1),
        "prerequisite_missing": any_pre,
        "no_commitment": ~c.tolerance_signed[rows],
        "credit_dishonest": denied_by(tol.deny_if_credit),
        "prior_false_commitment": prior_false,
    }
    refused_any = np.zeros(m, bool)
    refused_other = np.zeros(m, bool)  # a refusal partial tolerance cannot work around
    for name, flag in reasons.items():
        refused_any |= flag
        if name not in _PARTIAL_OK_FLAGS:
            refused_other |= flag
    refused = (any_gap | any_pre) & refused_any
    tol_in_play = matter.tolerance_allowed | c.tolerance_signed[rows]
    partial_rows = refused & tol_in_play & tol.allow_partial & ~refused_other
    partial = gaps & ma.tolerable[None, :] & partial_rows[:, None]

    # ---- outcome (engine/outcome.py PRECEDENCE, for a file without events) -----------------------
    # with no event: no window action, no voucher, no supplement; window_day is the receipt date
    forwarded = ~c.on_spot[rows]
    complete = ~(any_gap | spot.any(axis=1) | any_pre)
    any_spot = spot.any(axis=1)
    rollover = plan.rollover
    out = np.full(m, -1, np.int64)
    notice_due, notice_ok = dates.add_period_days(ca, r, policy.acceptance_notice_limit, rollover)
    pending = forwarded & (a <= notice_due)  # row "pending_acceptance_decision"
    deemed = forwarded & ~pending  # row "deemed_accepted" (no action at all)
    accept_as = np.where(simulated, CODE[Outcome.simulated_acceptance], CODE[Outcome.accepted])
    accepted = ~forwarded & complete  # row "accepted" (step 8)
    on_spot_row = ~forwarded & ~complete & any_spot & ~refused  # row "correct_on_spot" (step 9)
    tolerated_row = ~forwarded & ~complete & ~on_spot_row & ~refused  # row "accepted_with_tolerance" (step 10)
    noticed = ~forwarded & ~complete & refused  # rows "accepted_after_correction" … "awaiting_correction"
    corr_due, corr_ok = dates.add_period_days(ca, r, plan.correction_period, rollover)
    failed = noticed & (a > corr_due)  # "not_accepted_after_failed_correction" (no supplement came)
    awaiting = noticed & ~failed
    out[pending] = CODE[Outcome.pending_acceptance_decision]
    out[deemed] = CODE[Outcome.deemed_accepted]
    out[accepted] = accept_as[accepted]
    out[on_spot_row] = CODE[Outcome.correct_on_spot]
    out[tolerated_row] = np.where(simulated, CODE[Outcome.simulated_acceptance],
                                  CODE[Outcome.accepted_with_tolerance])[tolerated_row]
    out[failed] = CODE[Outcome.not_accepted_after_failed_correction]
    out[awaiting] = CODE[Outcome.correction_required]
    out = np.where(live, out, screened)

    # the dates each row's decision asks of the calendar (engine/outcome.py, clocks.py, follow_ups.py):
    # a row whose date cannot be computed here goes to the row engine
    to_row |= live & forwarded & ~notice_ok
    to_row |= live & noticed & ~corr_ok
    nad, nad_ok = dates.add_period_days(ca, corr_due, policy.non_acceptance_decision_limit, rollover)
    to_row |= live & failed & ~nad_ok
    supp, supp_ok = dates.add_period_days(ca, r, tol.supplement_limit, rollover)
    tolerated_live = live & tolerated_row
    to_row |= tolerated_live & ~supp_ok
    accepting = live & (deemed | accepted | tolerated_row)
    # clocks (engine/clocks.py; clock/clock.py compute_deadlines): the start is the receipt date, as the
    # acceptance date and a receipt clock's start both are without events
    start, start_ok = dates.roll_start(ca, r) if plan.roll_start else (r, dates.covered(ca, r))
    statutory, promised = matter.statutory_limit, matter.promised_limit
    stat, stat_ok = dates.add_period_days(ca, start, statutory, rollover)
    ext_days = matter.extension.days if matter.extension is not None else None
    if ext_days is not None and statutory.unit is Unit.working_days:
        ext, ext_ok = dates.add_working_days(ca, start, statutory.days + ext_days)
        has_ext = np.ones(m, bool)
    else:
        ext, ext_ok, has_ext = np.zeros(m, np.int64), np.ones(m, bool), np.zeros(m, bool)
    prom, prom_ok = dates.add_period_days(ca, start, promised, rollover)
    to_row |= accepting & ~(start_ok & stat_ok & ext_ok & prom_ok)
    # follow-ups that ask the calendar without events: a simulated result's validity, 秒批's certificate
    if sim_cfg.validity is not None:
        _, v_ok = dates.add_period_days(ca, r, sim_cfg.validity, rollover)
        to_row |= accepting & simulated & ~v_ok
    if matter.instant_approval and not plan.certificate_fees:
        instant = accepting & accepted & ~simulated  # _accepted: instant only for Outcome.accepted
        _, cert_ok = dates.add_period_days(ca, r, plan.certificate_limit, rollover)
        to_row |= instant & ~cert_ok

    # the procedures after acceptance (engine/procedures.py): the internal steps its acceptance starts and
    # a 上报件's lower review ask the calendar too (the other steps are started by events: the row engine)
    for period in procedure_periods(matter, policy):
        _, p_ok = dates.add_period_days(ca, r, period, rollover)
        to_row |= accepting & ~p_ok

    # ---- what the Decision reports (engine/assemble.py) --------------------------------------------
    # missing_materials: the gaps still owed (spec §13a Q1) — none once accepted or tolerated; the
    # notice's gaps without the partially tolerated ones
    owed = live & (pending | deemed | on_spot_row | noticed)
    missing_out = missing & owed[:, None] & ~(partial & noticed[:, None])
    items = np.zeros((m, K + P), bool)
    notice_rows = live & noticed
    items[:, :K] = (missing | defective | spot) & ~partial & notice_rows[:, None]
    items[:, K:] = missing_pre & notice_rows[:, None]
    tolerated = gaps & tolerated_live[:, None]
    out_dates = {
        "acceptance_date": (r, accepting),
        "notice_due": (notice_due, live & forwarded),
        "statutory_due": (stat, accepting),
        "statutory_due_if_extended": (ext, accepting & has_ext),
        "promised_due": (prom, accepting),
        "supplement_deadline": (supp, tolerated_live),
    }
    return Result(to_row, out.astype(np.int8), missing_out, tolerated, items, out_dates)
