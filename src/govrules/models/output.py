"""The base of the outputs the engine builds (Decision, its tracks, findings, trace): frozen msgspec
Structs, built by their own constructors — no validation pass, no private slots (api.md "The Decision").

Why msgspec: a finding costs ~0.1 µs to build against ~2 µs for ``model_construct`` of the same
pydantic model, and a Decision encodes to JSON in a few µs. The pydantic-style methods below keep the
public Decision API of api.md (``model_dump``, ``model_dump_json``, ``model_validate``,
``model_json_schema``, ``model_copy``), so callers need not know which library builds the value.
Inputs (applications, rulesets) stay pydantic models: they are validated; outputs are not re-validated.

``gc=False``: an output is frozen and holds only text, dates, numbers and other outputs, so it can be in
no reference cycle; left out of the cyclic garbage collector, a caller keeping a million decisions does
not have them traversed again and again (the engine's own frozen records are built the same way).
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import textwrap
from typing import Any, TypeVar

import msgspec

from ..errors import InvalidInputError

O = TypeVar("O", bound="Output")
_encoder = msgspec.json.Encoder()


class Output(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A frozen, typed value object; equality by value, picklable, JSON by declaration order."""

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        """A plain dict: with ``mode="json"`` only JSON types (ISO dates, enum values, lists)."""
        if mode == "json":
            return msgspec.json.decode(_encoder.encode(self))
        return _python(self)

    def model_dump_json(self, *, indent: int | None = None) -> str:
        """The JSON text, byte-stable: fields in declaration order, non-ASCII unescaped."""
        raw = _encoder.encode(self)
        if indent:
            raw = msgspec.json.format(raw, indent=indent)
        return raw.decode("utf-8")

    def model_copy(self: O, *, update: dict[str, Any] | None = None) -> O:
        """A copy with ``update`` applied (the values are taken as given, as pydantic's ``model_copy`` does)."""
        return msgspec.structs.replace(self, **update) if update else self

    @classmethod
    def model_validate(cls: type[O], obj: Any, *, root: str | None = None) -> O:
        """Read a stored output back (e.g. a recorded Decision's JSON parsed into a mapping): every field
        checked against its type; a problem is an ``InvalidInputError`` naming its JSON path from
        ``root`` (default: the type's name, ``decision.findings[0].rule``)."""
        if isinstance(obj, cls):
            return obj
        try:
            return msgspec.convert(obj, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise _input_error(exc, root or cls.__name__.lower(), obj) from None

    @classmethod
    def model_validate_json(cls: type[O], data: str | bytes, *, root: str | None = None) -> O:
        root = root or cls.__name__.lower()
        try:
            return msgspec.json.decode(data, type=cls, strict=False)
        except msgspec.ValidationError as exc:
            raise _input_error(exc, root, _loads(data)) from None
        except msgspec.DecodeError as exc:
            raise InvalidInputError("invalid_json", root, "<text>", f"JSON of a {cls.__name__} ({exc})") from None

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of this output, generated from its type (draft 2020-12); each field's docstring
        is its description, as pydantic does for the inputs (``use_attribute_docstrings``)."""
        schema = msgspec.json.schema(cls)
        structs = _structs(msgspec.inspect.type_info(cls), {})
        for name, node in schema.get("$defs", {}).items():
            docs = field_docs(structs[name]) if name in structs else {}
            for key, prop in node.get("properties", {}).items():
                if key in docs:
                    prop["description"] = docs[key]
        return schema


def _structs(info: Any, out: dict[str, type]) -> dict[str, type]:
    """Every Struct type reachable from ``info`` (a ``msgspec.inspect`` type), by name."""
    if isinstance(info, msgspec.inspect.StructType):
        if info.cls.__name__ in out:
            return out
        out[info.cls.__name__] = info.cls
        for f in info.fields:
            _structs(f.type, out)
    elif isinstance(info, msgspec.inspect.Type):
        for attr in info.__struct_fields__:
            value = getattr(info, attr)
            for v in value if isinstance(value, tuple) else (value,):
                if isinstance(v, msgspec.inspect.Type):
                    _structs(v, out)
    return out


def field_docs(cls: type) -> dict[str, str]:
    """The docstrings written under the fields of ``cls`` and of its bases (nearest first); none when the
    source cannot be read."""
    docs: dict[str, str] = {}
    for klass in cls.__mro__:
        if klass in (Output, msgspec.Struct, object):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for stmt, after in zip(body, body[1:]):
            if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                docs.setdefault(stmt.target.id, inspect.cleandoc(after.value.value))
    return docs


def _python(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return {f: _python(getattr(value, f)) for f in value.__struct_fields__}
    if isinstance(value, tuple):
        return tuple(_python(v) for v in value)
    if isinstance(value, dict):
        return {k: _python(v) for k, v in value.items()}
    return value


_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[\.\.\.\]")


def _loads(data: str | bytes) -> Any:
    try:
        return msgspec.json.decode(data)
    except (msgspec.DecodeError, RecursionError):
        return None


_UNKNOWN = re.compile(r"^Object contains unknown field `(.*)`$", re.DOTALL)


def _input_error(exc: msgspec.ValidationError, root: str, obj: Any = None) -> InvalidInputError:
    """msgspec says "Expected `str`, got `int` - at `$.findings[0].rule`": the same in our error's terms,
    the path in our JSON-path form and the value found there, on one line."""
    text = str(exc)
    message, _, where = text.rpartition(" - at `")
    if not message:
        message, where = text, ""
    where = where.removesuffix("`").removeprefix("$")
    value: Any = obj
    for name, index in _STEP.findall(where):
        try:
            value = value[name] if name else value[int(index)]
        except (KeyError, IndexError, TypeError, ValueError):
            value = None
            break
    path = root + where
    unknown = _UNKNOWN.match(message)
    if unknown:
        key = unknown.group(1)
        path += f".{key}" if key.isidentifier() else f"[{json.dumps(key)}]"  # a key with a newline: escaped
        value = value.get(key) if isinstance(value, dict) else None
        return InvalidInputError("unknown_field", path, value, "no such key (unknown keys are errors, never dropped)")
    if "missing required field" in message:
        return InvalidInputError("missing_field", path, "<missing>", message)
    one_line = message.encode("utf-8", "backslashreplace").decode("utf-8").replace("\n", "\\n")
    return InvalidInputError("invalid_value", path, value, one_line)
