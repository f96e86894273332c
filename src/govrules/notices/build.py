"""Applicant-facing documents (文书) built from a Decision: what a window hands out.

A notice is assembled from the Decision, the ruleset that made it (for names) and the application
(for the addressee and the filing authority). The wording is data (``wording.toml``); the dates and
items all come from the Decision, so a notice can never say something the decision did not.

What a notice cites is chosen in one place, ``rules.basis.applicant_basis`` (spec §13a Q7): legal
sources only, in force on the receipt date — never a reform report or a practice page, which stay in
the Decision's findings for officials. The addressee is named with the applicant's name and a masked
resident ID (``rules.applicant.applicant_zh``). The Notice itself and how it reads are ``notice.py``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from ..errors import InvalidInputError
from ..models.application import Application
from ..models.decision import ACCEPTING_OUTCOMES, Citation, Decision, Outcome
from ..models.period import Period
from ..models.ruleset import Ruleset
from ..models.sources import cited_source, sources
from ..rules.applicant import applicant_zh
from ..rules.basis import applicant_basis, citations
from .notice import Notice, NoticeKind, Section
from .wording import date_zh, period_zh, wording


def notices_for(decision: Decision, *, ruleset: Any, application: Any) -> list[Notice]:
    """Every document the window hands out for this decision (a tolerated acceptance gives two)."""
    kinds = _kinds(decision)
    return [notice(decision, ruleset=ruleset, application=application, kind=k) for k in kinds]


def notice(decision: Decision, *, ruleset: Any, application: Any, kind: NoticeKind | str | None = None,
           issued_on: _dt.date | None = None) -> Notice:
    """The document of ``kind`` (default: the main one for the outcome) for ``decision``.

    ``ruleset`` is the Ruleset or RulesetLibrary the decision was made with (checked by content hash);
    ``application`` the Application or mapping it decided. A kind that does not fit the outcome (an
    acceptance notice for a refusal) is an ``InvalidInputError``.
    """
    app = application if isinstance(application, Application) else Application.model_validate(application)
    if app.id != decision.application_id:
        raise InvalidInputError("application_mismatch", "application.id", app.id,
                                f"the decided application {decision.application_id!r}")
    rs = _ruleset_of(decision, ruleset)
    allowed = _kinds(decision)
    if kind is None:
        if not allowed:
            raise InvalidInputError("no_notice_for_outcome", "decision.outcome", decision.outcome.value,
                                    "an outcome the window answers with a document (not a pending one)")
        kind = allowed[0]
    try:
        kind = NoticeKind(kind)
    except ValueError:
        raise InvalidInputError("invalid_value", "kind", kind, f"one of {[k.value for k in NoticeKind]}") from None
    if kind not in allowed:
        raise InvalidInputError("notice_not_applicable", "kind", kind.value,
                                f"a notice for outcome {decision.outcome.value}: {[k.value for k in allowed]}")
    return _Builder(decision, rs, app).build(kind, issued_on)


def _kinds(d: Decision) -> list[NoticeKind]:
    if d.outcome in ACCEPTING_OUTCOMES:
        return [NoticeKind.acceptance] + ([NoticeKind.tolerance] if d.tolerated_materials else [])
    if d.outcome in (Outcome.correction_required, Outcome.correct_on_spot):
        return [NoticeKind.correction]
    if d.outcome is Outcome.pending_acceptance_decision:
        return []
    return [NoticeKind.non_acceptance]


def _ruleset_of(decision: Decision, ruleset: Any) -> Ruleset:
    from ..loading import RulesetLibrary

    rs = ruleset.get(decision.trace.ruleset_id, decision.receipt_date) if isinstance(ruleset, RulesetLibrary) else ruleset
    if not isinstance(rs, Ruleset) or rs.content_hash != decision.trace.ruleset_hash:
        raise InvalidInputError("ruleset_mismatch", "ruleset", getattr(rs, "id", rs),
                                f"the ruleset the decision was made with ({decision.trace.ruleset_id} "
                                f"{decision.trace.ruleset_version} {decision.trace.ruleset_hash})")
    return rs


class _Builder:
    def __init__(self, d: Decision, rs: Ruleset, app: Application) -> None:
        self.d, self.rs, self.app = d, rs, app
        self.w = wording()
        self.matter = rs.matters_by_code[d.matter_code]
        filed = rs.authorities_by_id.get(app.authority_id)
        self.authority = filed.name_zh if filed else app.authority_id
        self.filed_with = filed
        self.common = {
            "receipt": date_zh(d.receipt_date), "matter": f"{self.matter.name_zh}（事项编码：{self.matter.code}）",
            "application_id": d.application_id,
        }
        self.common["received"] = self.w["common"]["received"].format(**self.common)

    def fmt(self, group: str, key: str, **values: Any) -> str:
        return self.w[group][key].format(**self.common, **values)

    def label(self, item: str) -> str:
        if item.startswith("prerequisite:"):
            code = item.split(":", 1)[1]
            m = self.rs.matters_by_code.get(code)
            return f"{m.name_zh}（{code}）" if m else code
        mat = self.matter.material(item)
        return mat.name_zh if mat else item

    def reasons(self, codes: tuple[str, ...]) -> str:
        table = self.w["reasons"]
        return "；".join(table.get(c, c) for c in codes)

    def decisive_basis(self) -> tuple[Citation, ...]:
        return tuple(c for f in self.d.findings if f.effect.startswith("outcome:") for c in f.basis)

    def limits_basis(self) -> list[Citation]:
        """What sets the limits the acceptance notice states: the matter's own cited sources (a law's
        7 days), or ALL Art. 42 when the limit is its 20-working-day default; with Art. 82 and the
        period rules. A limit with neither (a report's figure) is stated without a citation."""
        own = [c for k in self.matter.limit_basis if (c := cited_source(k, self.rs.policy)) is not None]
        art42 = sources()["all_42"].citation
        default = not own and self.matter.statutory_limit == Period.wd(20)
        return own + [c for c in citations("clock.statutory") if c != art42 or default]

    def build(self, kind: NoticeKind, issued_on: _dt.date | None) -> Notice:
        sections, basis = getattr(self, f"_{kind.value}")()
        title = self.w[kind.value]["title"]
        return Notice(kind=kind, title=title, authority=self.authority,
                      addressee=self.w["common"]["addressee"].format(applicant=self._applicant()),
                      issued_on=issued_on or self._issued_on(kind), application_id=self.d.application_id,
                      sections=tuple(sections),
                      basis=applicant_basis(basis, on=self.d.receipt_date, policy=self.rs.policy))

    def _applicant(self) -> str:
        a = self.app.applicant
        return applicant_zh(a.kind, a.id, a.name)

    def _issued_on(self, kind: NoticeKind) -> _dt.date:
        d = self.d
        if kind is NoticeKind.correction:
            return d.states.correction.notice_on if d.states.correction and d.states.correction.notice_on else d.receipt_date
        if kind in (NoticeKind.acceptance, NoticeKind.tolerance):
            return d.trace.as_of if d.deemed_accepted else d.acceptance_date or d.receipt_date
        if d.outcome is Outcome.not_accepted_after_failed_correction and d.non_acceptance_decision_due:
            return min(d.trace.as_of, d.non_acceptance_decision_due)
        return d.receipt_date  # Art. 32(1)(2): decided at once

    # ---- 受理通知书 ------------------------------------------------------------------------------
    def _acceptance(self) -> tuple[list[Section], list[Citation]]:
        d, m = self.d, self.matter
        acc = {"acceptance": date_zh(d.acceptance_date)}
        if d.deemed_accepted:
            first = self.fmt("acceptance", "deemed", notice_due=date_zh(d.notice_due), **acc)
        elif d.states.correction is not None and d.states.correction.correction_completed_on:
            first = self.fmt("acceptance", "after_correction", **acc)
        elif d.acceptance_date != d.receipt_date:
            first = self.fmt("acceptance", "voucher", **acc)
        else:
            first = self.fmt("acceptance", "accepted", **acc)
        sections = [Section(first)]
        clock_note = self.w["acceptance"]["clock_from_receipt"] if d.clock_start == d.receipt_date != d.acceptance_date else ""
        key = "limits_immediate" if m.promised_limit.days == 0 and m.promised_limit.is_days else "limits"
        sections.append(Section(self.fmt("acceptance", key, promised_due=date_zh(d.promised_due),
                                         promised=period_zh(m.promised_limit), statutory=period_zh(m.statutory_limit),
                                         statutory_due=date_zh(d.statutory_due), clock_note=clock_note)))
        if m.instant_approval and d.states.status and d.states.status.state == "decided":
            sections.append(Section(self.w["acceptance"]["instant"]))
        if m.special_procedures or d.excluded_working_days:  # Art. 45 told where it can apply
            excluded = self.w["acceptance"]["excluded"]
            if d.excluded_working_days:
                excluded += self.w["acceptance"]["excluded_days"].format(days=d.excluded_working_days)
            sections.append(Section(excluded))
        if d.ignored_prerequisites:
            sections.append(Section(self.w["acceptance"]["ignored"],
                                    tuple(self.label(f"prerequisite:{c}") for c in d.ignored_prerequisites)))
        if d.tolerated_materials:
            sections.append(Section(self.fmt("acceptance", "tolerance", supplement_deadline=date_zh(d.supplement_deadline)),
                                    tuple(self.label(x) for x in d.tolerated_materials)))
        if d.commitment_substituted:
            sections.append(Section(self.w["acceptance"]["commitment"], tuple(self.label(x) for x in d.commitment_substituted)))
        if d.outcome is Outcome.simulated_acceptance:
            sections.append(Section(self.w["acceptance"]["simulated"]))
        basis = list(self.decisive_basis()) + self.limits_basis() + list(citations("clock.excluded"))
        for rule, applies in (("tolerance.accepted", d.tolerated_materials), ("commitment.substituted", d.commitment_substituted),
                              ("simulated.accepted", d.outcome is Outcome.simulated_acceptance)):
            if applies:  # the sections above state these practices: cite what they rest on, where anything
                basis += citations(rule)
        return sections, basis

    # ---- 补正材料通知书（一次性告知书） --------------------------------------------------------------
    def _correction(self) -> tuple[list[Section], list[Citation]]:
        d = self.d
        on_spot_only = d.outcome is Outcome.correct_on_spot
        sections = [Section(self.fmt("correction", "intro_on_spot" if on_spot_only else "intro"))]
        groups = (("missing", d.missing_materials), ("defective", d.defective_materials),
                  ("on_spot", d.on_spot_correctable),
                  ("prerequisites", tuple(f"prerequisite:{c}" for c in d.missing_prerequisites)))
        numerals = "一二三四五六"
        n = 0
        for key, items in groups:
            if items:
                sections.append(Section(f"{numerals[n]}、{self.w['correction'][key]}",
                                        tuple(self.label(x) for x in items)))
                n += 1
        count = len(d.all_items_to_correct) or len(d.on_spot_correctable)
        sections.append(Section(self.w["correction"]["total"].format(count=count)))
        if not on_spot_only:
            deadline = d.correction_deadline
            sections.append(Section(self.w["correction"]["deadline"].format(correction_deadline=date_zh(deadline))
                                    if deadline else self.w["correction"]["no_deadline"]))
        for key, codes in (("tolerance_refused", d.tolerance_denied_reasons),
                           ("commitment_refused", d.commitment_denied_reasons),
                           ("simulated_refused", d.simulated_denied_reasons)):
            if codes:
                sections.append(Section(self.w["correction"][key].format(reasons=self.reasons(codes))))
        return sections, list(self.decisive_basis())

    # ---- 不予受理决定书 ---------------------------------------------------------------------------
    def _non_acceptance(self) -> tuple[list[Section], list[Citation]]:
        d, w = self.d, self.w["non_acceptance"]
        sections: list[Section]
        if d.outcome is Outcome.not_accepted_after_failed_correction:
            track = d.states.correction
            missing = track.still_missing if track and track.still_missing else d.all_items_to_correct
            sections = [Section(self.fmt("non_acceptance", "failed_correction",
                                         notice_on=date_zh(track.notice_on if track and track.notice_on else d.receipt_date),
                                         correction_deadline=date_zh(d.correction_deadline)),
                                tuple(self.label(x) for x in missing)),
                        Section(w["failed_correction_end"])]
        elif d.outcome is Outcome.not_jurisdiction:
            if d.refer_to_authority_id is None:
                sections = [Section(self.fmt("non_acceptance", "no_competent_authority_listed"))]
            else:
                a = self.rs.authorities_by_id.get(d.refer_to_authority_id)
                sections = [Section(self.fmt("non_acceptance", "not_jurisdiction",
                                             competent=a.name_zh if a else d.refer_to_authority_id))]
        elif d.outcome is Outcome.rejected:
            code = self.app.project.industry_code if self.app.project else None
            label = self.rs.negative_list.labels_zh.get(code or "", "")
            sections = [Section(self.fmt("non_acceptance", "rejected",
                                         industry=f"{code}{'，' + label if label else ''}"))]
        else:
            key = "exempt_low_risk" if any(f.rule == "acceptance.exempt_low_risk" for f in d.findings) else "not_required"
            sections = [Section(self.fmt("non_acceptance", key))]
        remedies = self.rs.policy.remedies
        body = self.filed_with
        sections.append(Section(w["remedies"].format(
            review_period=period_zh(remedies.review_period), litigation_period=period_zh(remedies.litigation_period),
            review_body=(body.review_body_zh if body and body.review_body_zh else w["default_review_body"]),
            court=(body.court_zh if body and body.court_zh else w["default_court"]))))
        return sections, list(self.decisive_basis()) + list(citations("notice.remedies"))

    # ---- 容缺受理承诺事项告知单 ------------------------------------------------------------------------
    def _tolerance(self) -> tuple[list[Section], list[Citation]]:
        d, w = self.d, self.w["tolerance"]
        sections = [Section(self.fmt("tolerance", "intro", acceptance=date_zh(d.acceptance_date),
                                     supplement_deadline=date_zh(d.supplement_deadline)),
                            tuple(self.label(x) for x in d.tolerated_materials)),
                    Section(w["terms"])]
        t = d.states.tolerance
        if t is not None and t.state == "supplemented":
            due = date_zh(t.certificate_due) if t.certificate_due else "作出准予决定后十个工作日内"
            sections.append(Section(w["status_supplemented"].format(supplemented_on=date_zh(t.supplemented_on),
                                                                    certificate_due=due)))
        elif t is not None and t.state == "terminated":
            sections.append(Section(w["status_terminated"].format(
                still_missing="、".join(self.label(x) for x in t.still_missing))))
        else:
            sections.append(Section(w["status_pending"].format(as_of=date_zh(d.trace.as_of))))
        return sections, list(citations("notice.tolerance"))


def bundle_notice(bundle_decision: Any, *, ruleset: Ruleset, application: Mapping[str, Any]) -> Notice:
    """The one-time notice of a bundle (一件事一次办): every item across its matters once, each naming
    the matters that need it, with the earliest correction deadline among them."""
    bd = bundle_decision
    if not bd.all_items_to_correct:
        raise InvalidInputError("no_notice_for_outcome", "bundle_decision.outcome", bd.outcome.value,
                                "a bundle with items to correct")
    w = wording()
    bundle = next(b for b in ruleset.bundles if b.id == bd.bundle_id)
    names = {c: ruleset.matters_by_code[c].name_zh for c in bundle.matters}
    first = next(iter(bd.decisions.values()))
    filed = ruleset.authorities_by_id.get(str(application.get("authority_id")))
    applicant = application.get("applicant") or {}
    common = {"receipt": date_zh(first.receipt_date), "application_id": bd.application_id,
              "matter": f"“{bundle.name_zh}”一件事（{'、'.join(names.values())}）"}
    received = w["common"]["received"].format(**common)
    mats = [i for i in bd.all_items_to_correct if not i.item.startswith("prerequisite:")]
    prereqs = [i for i in bd.all_items_to_correct if i.item.startswith("prerequisite:")]

    def line(i) -> str:
        return f"{i.name_zh}（{'、'.join(names[c] for c in i.matters)}）"

    sections = [Section(w["correction"]["intro"].format(received=received))]
    if mats:
        sections.append(Section("一、需要补正的申请材料（同一材料只需提交一份）", tuple(line(i) for i in mats)))
    if prereqs:
        sections.append(Section(f"{'二' if mats else '一'}、{w['correction']['prerequisites']}",
                                tuple(line(i) for i in prereqs)))
    sections.append(Section(w["correction"]["total"].format(count=len(bd.all_items_to_correct))))
    deadlines = [d.correction_deadline for d in bd.decisions.values() if d.correction_deadline]
    sections.append(Section(w["correction"]["deadline"].format(correction_deadline=date_zh(min(deadlines)))
                            if deadlines else w["correction"]["no_deadline"]))
    notices_on = [d.states.correction.notice_on for d in bd.decisions.values()
                  if d.states.correction and d.states.correction.notice_on]
    basis = applicant_basis((c for d in bd.decisions.values() for f in d.findings
                             if f.effect == "outcome:correction_required" for c in f.basis),
                            on=first.receipt_date, policy=ruleset.policy)
    who = applicant_zh(str(applicant.get("kind", "")), str(applicant.get("id", "")), applicant.get("name"))
    return Notice(kind=NoticeKind.correction, title=w["correction"]["title"],
                  authority=filed.name_zh if filed else str(application.get("authority_id")),
                  addressee=w["common"]["addressee"].format(applicant=who),
                  issued_on=min(notices_on) if notices_on else first.receipt_date, application_id=bd.application_id,
                  sections=tuple(sections), basis=basis)

