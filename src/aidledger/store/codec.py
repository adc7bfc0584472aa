"""Validated records as plain data and back, so that the cache keeps records, not text.

A record is written as a tuple of its values in field order, after a number whose bits
say which fields were set in the file (pydantic's `model_fields_set`); a record inside a
record (a confirmation) is a tuple in the same way. Only plain values are written: text,
numbers, booleans, dates, None and tuples of them. A record holding anything else cannot
be encoded (`Uncodable`), and its file is simply not cached.

Decoding builds each record as pydantic's `model_construct` does, without validating
again: the values were validated when the file was read, under the same code (the cache
is keyed by a digest of these sources and of pydantic's version). It is several times
faster than `model_validate`, and than unpickling the models themselves.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

ModelT = TypeVar("ModelT", bound=BaseModel)
Encoded = tuple[Any, ...]
_PLAIN = (str, int, float, bool, date, type(None))
# Short text (handles, modes, tags, days' ids) is interned: the cache then writes each
# once, and the records read from it share one string each.
_INTERNED_LENGTH = 40
_set_attribute = object.__setattr__


class Uncodable(TypeError):
    """A value the cache cannot keep as plain data."""


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, ...], dict[int, tuple[bool, Any]]]:
    """The model's field names in order, and for each field that holds records: whether it
    holds a tuple of them, and their model."""
    names = tuple(model.model_fields)
    nested: dict[int, tuple[bool, Any]] = {}
    for index, name in enumerate(names):
        annotation = model.model_fields[name].annotation
        inner = _inner_model(annotation)
        if inner is not None:
            many = typing.get_origin(annotation) is tuple
            if not many and typing.get_origin(annotation) in (list, dict):
                raise Uncodable(f"{model.__name__}.{name}: only tuples of records are kept")
            nested[index] = (many, inner)
    return names, nested


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        inner = _inner_model(argument)
        if inner is not None:
            return inner
    return None


def _plain(value: Any, dates: dict[date, date]) -> Any:
    kind = type(value)
    if kind is str:
        return sys.intern(value) if len(value) <= _INTERNED_LENGTH else value
    if kind is date:
        return dates.setdefault(value, value)
    if kind is tuple:
        return tuple(_plain(item, dates) for item in value)
    if kind in _PLAIN:
        return value
    raise Uncodable(f"a {kind.__name__} is not kept in the cache")


def encode(record: BaseModel, dates: dict[date, date] | None = None) -> Encoded:
    """A validated record as a tuple of plain values (dates shared through `dates`)."""
    shared = {} if dates is None else dates
    names, nested = _plan(type(record))
    values = record.__dict__
    given = record.model_fields_set
    mask = 0
    out: list[Any] = [0]
    for index, name in enumerate(names):
        if name in given:
            mask |= 1 << index
        value = values[name]
        inner = nested.get(index)
        if inner is None or value is None:
            out.append(_plain(value, shared))
        elif inner[0]:
            out.append(tuple(encode(item, shared) for item in value))
        else:
            out.append(encode(value, shared))
    out[0] = mask
    return tuple(out)


def decoder(model: type[ModelT]) -> Callable[[Encoded], ModelT]:
    """A function that rebuilds records of `model` from what `encode` gave."""
    return _decoder(model)  # type: ignore[return-value]


@cache
def _decoder(model: type[BaseModel]) -> Callable[[Encoded], BaseModel]:
    """The rebuilding function of a model, written out field by field (as dataclasses
    write their `__init__`): a hundred thousand records are rebuilt in a tenth of a second.
    Field names are identifiers pydantic accepted; they are written as string literals."""
    names, nested = _plan(model)
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
    for index, name in enumerate(names):
        value = f"data[{index + 1}]"
        if index in nested:
            many, inner = nested[index]
            scope[f"inner_{index}"] = _decoder(inner)
            rebuilt = (
                f"tuple([inner_{index}(item) for item in {value}])"
                if many
                else f"inner_{index}({value})"
            )
            value = f"None if {value} is None else {rebuilt}"
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
