"""Applicant-facing documents in Chinese generated from a Decision: 受理通知书, 补正材料通知书
(一次性告知书), 不予受理决定书 (with reasons, basis and remedies), 容缺受理承诺事项告知单.

    notice = govrules.notices.notice(decision, ruleset=ruleset, application=application)
    print(notice.text)      # or notice.html; a notebook displays it
"""

from .build import bundle_notice, notice, notices_for
from .notice import Notice, NoticeKind, Section
from .wording import date_zh, period_zh

__all__ = ["bundle_notice", "Notice", "NoticeKind", "Section", "date_zh", "notice", "notices_for", "period_zh"]
