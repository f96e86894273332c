"""Many applications at once (api.md): ``decide_frame`` over an Arrow table, a pandas DataFrame or an
iterable of mappings, and ``table_from_applications``. pyarrow and numpy come from the ``frame`` extra;
without them ``decide_frame`` raises ``MissingDependencyError`` (this package imports them only then).

Inside: ``table`` (the input table and back to mappings), ``validity`` (the conservative validity
screen), ``compile`` (a matter's plan as arrays), ``dates`` (calendar arrays), ``evaluate`` (screening,
materials, exceptions and outcome over arrays), ``output`` (the result table), ``run`` (one call).
"""

from .api import decide_frame, table_from_applications

COLUMNS = ("application_id", "outcome", "all_items_to_correct", "missing_materials", "tolerated_materials",
           "acceptance_date", "notice_due", "statutory_due", "statutory_due_if_extended", "promised_due",
           "supplement_deadline", "error_code", "engine")

__all__ = ["COLUMNS", "decide_frame", "table_from_applications"]
