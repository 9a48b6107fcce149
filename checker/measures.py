"""An agency's improvement measures (มาตรการ) for a year, which remediation tasks link to.

Measures belong to one agency and one year, so they live with the target (inline, or in a file
the target names with ``measures_file``), not with the national catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from checker.catalogue.loader import normalise_item_id
from checker.yaml_source import load_yaml

ThaiText = Annotated[str, Field(min_length=1)]
_QUARTERS = re.compile(r"(\d)\s*[-–]\s*(\d)|(\d)")


class Measure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, le=99)
    title: ThaiText
    analysis: str | None = None  # what the analysis of the last results found
    activities: list[ThaiText] = []  # มาตรการ โครงการ หรือกิจกรรม
    steps: list[ThaiText] = Field(min_length=1)  # ขั้นตอน/วิธีการปฏิบัติ
    timeframe: ThaiText  # ระยะเวลา, e.g. "ไตรมาสที่ 1-4"
    owner: ThaiText  # ผู้รับผิดชอบ
    items: list[str] = []  # OIT items whose tasks fall under this measure
    also_cites: list[str] = []  # items the measure mentions but whose tasks belong elsewhere

    @field_validator("items", "also_cites")
    @classmethod
    def _item_ids(cls, values: list[str]) -> list[str]:
        out = []
        for value in values:
            item_id = normalise_item_id(str(value))
            if not item_id.startswith("O") or not item_id[1:].isdecimal():
                raise ValueError(f"{value!r} is not an item id like O8")
            out.append(item_id)
        return out

    @property
    def quarters(self) -> list[int]:
        """The fiscal quarters of ``timeframe`` ("ไตรมาสที่ 1-4" → [1, 2, 3, 4])."""
        found: list[int] = []
        for start, end, single in _QUARTERS.findall(self.timeframe):
            if single:
                found.append(int(single))
            else:
                found.extend(range(int(start), int(end) + 1))
        return sorted({q for q in found if 1 <= q <= 4})


class Measures(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=2560, le=2600)
    source: str | None = None
    measures: list[Measure] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_item_once(self) -> Measures:
        numbers = [m.number for m in self.measures]
        if len(set(numbers)) != len(numbers):
            raise ValueError("measure numbers must be unique")
        seen: dict[str, int] = {}
        for measure in self.measures:
            for item in measure.items:
                if item in seen:
                    raise ValueError(
                        f"{item} is under measures {seen[item]} and {measure.number}; "
                        "list it once (use also_cites for a mention)"
                    )
                seen[item] = measure.number
        return self

    def for_item(self, item_id: str) -> Measure | None:
        for measure in self.measures:
            if item_id in measure.items:
                return measure
        return None


def load_measures(path: Path) -> Measures:
    return load_yaml(path).validate(Measures)
