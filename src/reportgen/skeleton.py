"""`reportgen init`: a commented skeleton for a new report, ready to fill in."""

from __future__ import annotations

from importlib import resources
from string import Template

from reportgen.models.national import RULEMAKING_KINDS, AgencyKind

FORMATS = ("legacy-2008", "national-2021", "national-2019")


def skeleton(fmt: str, agency: str, year: int, agency_kind: AgencyKind) -> str:
    """The template for `fmt`, filled with the agency, year and what follows from them.

    A body without 规章制定权 gets "/" in the 规章 row, one with it gets zeros.
    """
    if fmt not in FORMATS:
        raise ValueError(fmt)
    text = resources.files("reportgen.templates").joinpath(f"{fmt}.yaml.tmpl").read_text("utf-8")
    return Template(text).substitute(
        agency=agency,
        agency_kind=agency_kind.value,
        year=year,
        next_year=year + 1,
        rules="0" if agency_kind in RULEMAKING_KINDS else "/",
    )
