"""Rules over models, each returning located diagnostics with explicit data paths.

Two kinds of rule:
* unit rules take one sub-model (a `Figures` sentence, …) and its path; they also run on
  the parts of a document that validate when other parts do not, so a clerk sees every
  arithmetic error in one pass;
* document rules take a whole valid document.
Text rules (`checks.text`) read the raw strings and run on every file that parses.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.checks import arithmetic, dates, national, prose, structure
from reportgen.diagnostics import DataPath, Finding
from reportgen.model_paths import step, unwrap
from reportgen.models.common import validate_as
from reportgen.models.legacy import Figures, LegacyDocument
from reportgen.models.national import (
    National2019Document,
    National2021Document,
    Table3_2019,
    Table3_2021,
    Table4,
)

UnitRule = Callable[[Any, DataPath], list[Finding]]
DocumentRule = Callable[[Any], list[Finding]]

UNIT_RULES: dict[type[BaseModel], list[UnitRule]] = {
    Figures: [arithmetic.check_figures],
    Table3_2021: [national.check_table3],
    Table3_2019: [national.check_table3],
    Table4: [national.check_table4],
}

# Document types in which a unit-rule model can occur (the others skip the walk).
_HOLDS_UNITS: set[type[BaseModel]] = {LegacyDocument, National2021Document, National2019Document}

_NATIONAL_RULES: list[DocumentRule] = [
    dates.check_dates,
    national.check_period,
    national.check_rulemaking,
    prose.check_prose,
]

DOCUMENT_RULES: dict[type[BaseModel], list[DocumentRule]] = {
    LegacyDocument: [dates.check_dates, structure.check_legacy_parts],
    National2021Document: _NATIONAL_RULES,
    National2019Document: _NATIONAL_RULES,
}


def check_against_previous(doc: BaseModel, previous: BaseModel) -> list[Finding]:
    """Cross-year rules (X-1, X-3): this year's report against last year's."""
    national_types = (National2021Document, National2019Document)
    if isinstance(doc, national_types) and isinstance(previous, national_types):
        return national.check_previous(doc, previous)
    return [
        Finding(
            "RG305",
            "--previous 只能用于国家统一格式（national-2019/national-2021）的报告之间比对",
            ("format",),
        )
    ]


def _models_in(tp: Any) -> Iterator[type[BaseModel]]:
    """The model classes a field of type `tp` can hold, directly or in a list."""
    for t in unwrap(tp):
        if isinstance(t, type) and issubclass(t, BaseModel):
            yield t
        elif typing.get_origin(t) in (list, tuple):
            for arg in typing.get_args(t):
                yield from _models_in(arg)


@functools.cache
def _reaches_unit(cls: type[BaseModel]) -> bool:
    """Whether a `cls` object is, or can contain, a model that unit rules apply to."""
    return cls in UNIT_RULES or any(
        _reaches_unit(m) for f in cls.model_fields.values() for m in _models_in(f.annotation)
    )


@functools.cache
def _model_bearing_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `cls` that can lead to a unit-rule model (the walk skips the others:
    the memo, rows of counts, text …)."""
    return tuple(
        n
        for n, f in cls.model_fields.items()
        if any(_reaches_unit(m) for m in _models_in(f.annotation))
    )


def _walk_models(obj: Any, path: DataPath) -> Iterator[tuple[BaseModel, DataPath]]:
    if isinstance(obj, BaseModel):
        yield obj, path
        for name in _model_bearing_fields(type(obj)):
            yield from _walk_models(getattr(obj, name), (*path, name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from _walk_models(item, (*path, i))


def check_document(doc: BaseModel) -> list[Finding]:
    """All rules over a valid document."""
    out: list[Finding] = []
    for rule in DOCUMENT_RULES.get(type(doc), []):
        out.extend(rule(doc))
    if type(doc) in _HOLDS_UNITS:
        for model, path in _walk_models(doc, ()):
            for unit_rule in UNIT_RULES.get(type(model), []):
                out.extend(unit_rule(model, path))
    return out


def check_partial(model: type[BaseModel], data: Any) -> list[Finding]:
    """Unit rules over the sub-trees of an invalid document that validate on their own."""
    out: list[Finding] = []

    def visit(node: Any, types_: list[Any], path: DataPath) -> None:
        if isinstance(node, dict):
            for tp in types_:
                if isinstance(tp, type) and tp in UNIT_RULES:
                    try:
                        sub = validate_as(tp, node)
                    except ValidationError:
                        continue
                    for rule in UNIT_RULES[tp]:
                        out.extend(rule(sub, path))
                    return
            for key, value in node.items():
                visit(value, step(types_, key)[0], (*path, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, step(types_, i)[0], (*path, i))

    visit(data, [model], ())
    return out
