"""A ruleset mapping validated (spec §2, §12): strict keys (``keys.py``), the schema through pydantic, its
errors as problems that name file and path (``problems.py``), then the whole-catalogue checks
(``checks.py``, ``citations.py``); ``validate.py`` runs them in that order. ``Ruleset.model_validate``
and ``loading`` (files, layers, versions) both call it, so a mapping and a file are checked alike.
"""
