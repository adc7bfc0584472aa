"""Validated records as plain data and back, so that the cache keeps records, not text.

A record is written as a tuple of its values in field order, after a number whose bits
say which fields were set in the file (pydantic's `model_fields_set`); a record inside a
record (a confirmation) is a tuple in the same way. Only plain values are written: text,
numbers, booleans, dates, None and tuples of them. How each field is written is decided
once, from the model's annotations: a model with a field of any other type cannot be
encoded (`Uncodable`), and its files are simply not cached.

Decoding builds each record as pydantic's `model_construct` does, without validating
again: the values were validated when the file was read, under the same code (the cache
is keyed by a digest of these sources and of pydantic's version). It is several times
faster than `model_validate`, and than unpickling the models themselves.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

ModelT = TypeVar("ModelT", bound=BaseModel)
Encoded = tuple[Any, ...]
# Short text (handles, modes, tags, days' ids) is interned: the cache then writes each
# once, and the records read from it share one string each.
_INTERNED_LENGTH = 40
_set_attribute = object.__setattr__


class Uncodable(TypeError):
    """A value the cache cannot keep as plain data."""


# How a field's value is kept: plain (a number, a boolean, or text kept as it is), short
# text (interned), a date (shared), a tuple of short text, a record, or a tuple of records.
_NUMBER, _TEXT, _DATE, _TEXTS, _RECORD, _RECORDS = (
    "number",
    "text",
    "date",
    "texts",
    "record",
    "records",
)


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[tuple[str, bool, Any], ...]]:
    """The model's field names in order, and how each is kept: its way, whether it may be
    None, and the model of the records it holds. Uncodable if a field holds anything else:
    the plan is made from the annotations once, not checked on every value."""
    names = tuple(model.model_fields)
    ways = tuple(
        _way(model.model_fields[name].annotation, f"{model.__name__}.{name}") for name in names
    )
    return names, ways


def _way(annotation: Any, where: str) -> tuple[str, bool, Any]:
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _way(arguments[0], where)
    if origin in (typing.Union, types.UnionType) and type(None) in arguments:
        others = [argument for argument in arguments if argument is not type(None)]
        if len(others) == 1:
            way, _, inner = _way(others[0], where)
            return way, True, inner
    if origin is typing.Literal and all(type(value) is str for value in arguments):
        return _TEXT, False, None
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        way, optional, inner = _way(arguments[0], where)
        if not optional and way in (_TEXT, _RECORD):
            return (_TEXTS if way == _TEXT else _RECORDS), False, inner
    if annotation is str:
        return _TEXT, False, None
    if annotation in (int, float, bool):
        return _NUMBER, False, None
    if annotation is date:
        return _DATE, False, None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        _plan(annotation)
        return _RECORD, False, annotation
    raise Uncodable(f"{where}: {annotation!r} is not kept in the cache")


def _short(text: str) -> str:
    return sys.intern(text) if len(text) <= _INTERNED_LENGTH else text


def encode(record: BaseModel, dates: dict[date, date] | None = None) -> Encoded:
    """A validated record as a tuple of plain values (dates shared through `dates`)."""
    return _encoder(type(record))(record, {} if dates is None else dates)


@cache
def _encoder(model: type[BaseModel]) -> Callable[[BaseModel, dict[date, date]], Encoded]:
    """The encoding function of a model, written out field by field, as its decoder is."""
    names, ways = _plan(model)
    scope: dict[str, Any] = {
        "short": _short,
        "bits": {name: 1 << i for i, name in enumerate(names)},
    }
    values = []
    for index, (name, (way, optional, inner)) in enumerate(zip(names, ways, strict=True)):
        value = f"values[{name!r}]"
        if way == _TEXT:
            text = f"short({value})"
        elif way == _DATE:
            text = f"dates.setdefault({value}, {value})"
        elif way == _TEXTS:
            text = f"tuple([short(item) for item in {value}])"
        elif way in (_RECORD, _RECORDS):
            scope[f"inner_{index}"] = _encoder(inner)
            text = _nested(way, f"inner_{index}", value, ", dates")
        else:
            text = value
        values.append(f"None if {value} is None else {text}" if optional else text)
    source = (
        "def encode(record, dates):\n"
        "    values = record.__dict__\n"
        "    mask = sum([bits[name] for name in record.__pydantic_fields_set__])\n"
        f"    return (mask, {', '.join(values)})\n"
    )
    exec(source, scope)  # the code written above, from the field names
    return scope["encode"]  # type: ignore[no-any-return]


def _nested(way: str, function: str, value: str, more: str = "") -> str:
    """The code that encodes or rebuilds a nested record (`function(value)`), or each of a
    tuple of them; `more` adds arguments after the record."""
    if way == _RECORD:
        return f"{function}({value}{more})"
    return f"tuple([{function}(item{more}) for item in {value}])"


def decoder(model: type[ModelT]) -> Callable[[Encoded], ModelT]:
    """A function that rebuilds records of `model` from what `encode` gave."""
    return _decoder(model)  # type: ignore[return-value]


@cache
def _decoder(model: type[BaseModel]) -> Callable[[Encoded], BaseModel]:
    """The rebuilding function of a model, written out field by field (as dataclasses
    write their `__init__`): a hundred thousand records are rebuilt in a tenth of a second.
    Field names are identifiers pydantic accepted; they are written as string literals."""
    names, ways = _plan(model)
    masks: dict[int, set[str]] = {}

    def fields_set(mask: int) -> set[str]:
        # Records set the same way share one set: frozen records never change theirs, and
        # pydantic copies it when a record is copied.
        found = masks.get(mask)
        if found is None:
            found = masks[mask] = {name for index, name in enumerate(names) if mask >> index & 1}
        return found

    scope: dict[str, Any] = {
        "model": model,
        "new": model.__new__,
        "set_attribute": _set_attribute,
        "fields_set": fields_set,
    }
    values = []
    for index, (name, (way, optional, inner)) in enumerate(zip(names, ways, strict=True)):
        value = f"data[{index + 1}]"
        if way in (_RECORD, _RECORDS):
            scope[f"inner_{index}"] = _decoder(inner)
            value = _nested(way, f"inner_{index}", value)
            if optional:
                value = f"None if data[{index + 1}] is None else {value}"
        values.append(f"{name!r}: {value}")
    source = (
        "def build(data):\n"
        "    record = new(model)\n"
        f"    set_attribute(record, '__dict__', {{{', '.join(values)}}})\n"
        "    set_attribute(record, '__pydantic_fields_set__', fields_set(data[0]))\n"
        "    set_attribute(record, '__pydantic_extra__', None)\n"
        "    set_attribute(record, '__pydantic_private__', None)\n"
        "    return record\n"
    )
    exec(source, scope)  # the code written above, from the field names
    return scope["build"]  # type: ignore[no-any-return]
