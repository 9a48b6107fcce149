"""The rule catalogue as validated data: items, their evidence parts and checks, and the profile.

A catalogue is one assessment year (``rules/ita-2567/``). Everything a person reads (titles,
messages, remediation) is Thai text in the YAML files; this module only fixes the shape and
refuses what the engine could not honour (an unknown check kind, a duplicate id, a bad regex).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ItemId = Annotated[str, Field(pattern=r"^O[1-9][0-9]?$")]
Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
FileSlug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
ThaiText = Annotated[str, Field(min_length=1)]

#: Placeholders a message template may use; filled by ``checker.verdicts.messages``.
MESSAGE_PLACEHOLDERS = frozenset({"part", "period", "min", "found", "missing"})


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Messages(Strict):
    """Thai sentences shown when a check passes or fails; ``{part}``, ``{period}``… filled in."""

    pass_: ThaiText = Field(alias="pass")
    fail: ThaiText

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("pass_", "fail")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        for _, name, _, _ in string.Formatter().parse(value):
            if name is not None and name not in MESSAGE_PLACEHOLDERS:
                allowed = ", ".join(sorted(MESSAGE_PLACEHOLDERS))
                raise ValueError(f"unknown placeholder {{{name}}} (allowed: {allowed})")
        return value


class CheckBase(Strict):
    id: Slug
    messages: Messages | None = None
    note: str | None = None  # why the check exists or how sure we are (Thai, shown in explain)


class NamesCheck(CheckBase):
    """The document's own title, headings, opening text or file name carries a name of the part."""

    kind: Literal["names"]


#: Where a text check looks: the page's own ``content``, or the whole ``page`` including the
#: site's header and footer (contact details often live only in the footer).
TextScope = Literal["content", "page"]


class KeywordsCheck(CheckBase):
    """At least ``min`` of ``words`` appear in the document's text (matched tolerantly)."""

    kind: Literal["keywords"]
    words: list[ThaiText] = Field(min_length=1)
    min: int = Field(default=1, ge=1)
    where: TextScope = "content"

    @model_validator(mode="after")
    def _reachable_min(self) -> KeywordsCheck:
        if self.min > len(self.words):
            raise ValueError(f"min={self.min} is more than the {len(self.words)} words listed")
        return self


class PatternCheck(CheckBase):
    """A regular expression (Python syntax) matches the document's text at least ``min`` times."""

    kind: Literal["pattern"]
    pattern: str = Field(min_length=1)
    min: int = Field(default=1, ge=1)
    where: TextScope = "content"

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        return value


FiscalPeriod = Literal["current_fy", "previous_fy", "current_or_previous_fy"]
#: How a document may show its fiscal year: ``declared`` = what the document says it is for
#: (fiscal-year labels first, then years in its title, then its dates); ``label`` = an explicit
#: "ปีงบประมาณ …" phrase; ``date`` = a dated entry inside the year (news, announcements).
PeriodVia = Literal["declared", "label", "date"]


class PeriodCheck(CheckBase):
    """The document is for the given fiscal year (relative to the assessment year)."""

    kind: Literal["period"]
    period: FiscalPeriod
    via: PeriodVia = "declared"


class FirstHalfCheck(CheckBase):
    """The document reports on the first six months of the current fiscal year (Oct–Mar)."""

    kind: Literal["first_half"]


class CoversCheck(CheckBase):
    """A multi-year plan whose period (e.g. พ.ศ. 2566–2570) contains the current fiscal year."""

    kind: Literal["covers"]


class MonthsCheck(CheckBase):
    """Every month of the window is covered by some evidence of the part (e.g. monthly สขร.1)."""

    kind: Literal["months"]
    window: Literal["first_half"] = "first_half"


class ImagesCheck(CheckBase):
    """The page shows at least ``min`` images, or the evidence itself is an image."""

    kind: Literal["images"]
    min: int = Field(default=1, ge=1)


ChannelKind = Literal["form", "web_board", "chat", "form_service"]


class ChannelCheck(CheckBase):
    """The page offers a working two-way channel: a form, a web board, a chat or an online form."""

    kind: Literal["channel"]
    accept: list[ChannelKind] = Field(min_length=1)


class ContentCheck(CheckBase):
    """The evidence has substance: a document with readable text, or a page with enough own text."""

    kind: Literal["content"]
    min_chars: int = Field(default=200, ge=1)


#: A check judged on one document (everything but ``months`` and ``any_of``).
DocumentCheck = Annotated[
    NamesCheck
    | KeywordsCheck
    | PatternCheck
    | PeriodCheck
    | FirstHalfCheck
    | CoversCheck
    | ImagesCheck
    | ChannelCheck
    | ContentCheck,
    Field(discriminator="kind"),
]


class AnyOfCheck(CheckBase):
    """Passes when any of its document checks passes (O1: a chart image *or* named divisions)."""

    kind: Literal["any_of"]
    checks: list[DocumentCheck] = Field(min_length=2)

    @field_validator("checks")
    @classmethod
    def _unique_ids(cls, checks: list[DocumentCheck]) -> list[DocumentCheck]:
        _refuse_duplicates([c.id for c in checks], "check id")
        return checks


Check = Annotated[
    NamesCheck
    | KeywordsCheck
    | PatternCheck
    | PeriodCheck
    | FirstHalfCheck
    | CoversCheck
    | MonthsCheck
    | ImagesCheck
    | ChannelCheck
    | ContentCheck
    | AnyOfCheck,
    Field(discriminator="kind"),
]
CheckKind = Literal[
    "names",
    "keywords",
    "pattern",
    "period",
    "first_half",
    "covers",
    "months",
    "images",
    "channel",
    "content",
    "any_of",
]
CHECK_KINDS: tuple[str, ...] = CheckKind.__args__  # type: ignore[attr-defined]

#: Checks that judge the document's content; on an unreadable document (an image, a scan) they
#: cannot tell, so the candidate is ``review`` rather than ``fail``.
TEXT_CHECK_KINDS = frozenset(
    {"names", "keywords", "pattern", "period", "first_half", "covers", "months", "content"}
)
#: Checks judged over all evidence of a part together rather than on one document.
PART_CHECK_KINDS = frozenset({"months"})


class Part(Strict):
    """One required piece of evidence of an item (O8 needs a plan *and* a progress report)."""

    id: Slug
    label: ThaiText  # what the piece is, in Thai ("แผนการดำเนินงานประจำปี")
    names: list[ThaiText] = Field(min_length=1)  # titles and spelling variants to recognise it
    #: Labels that disqualify a document even when a name matches (O34's measures are not the
    #: O35 report on them: "รายงานผล" in the title means it is the report).
    not_names: list[ThaiText] = []
    checks: list[Check] = Field(min_length=1)

    @field_validator("checks")
    @classmethod
    def _unique_check_ids(cls, checks: list[Check]) -> list[Check]:
        _refuse_duplicates([c.id for c in checks], "check id")
        if all(c.kind in PART_CHECK_KINDS for c in checks):
            raise ValueError("a part needs at least one check judged on a single document")
        return checks


class Remediation(Strict):
    publish: ThaiText  # what to publish
    period: ThaiText  # for which period
    where: str | None = None  # where on the site, when it matters


Confidence = Literal["V", "A", "K"]


class Item(Strict):
    id: ItemId
    title: ThaiText
    subindicator: Annotated[str, Field(pattern=r"^(9|10)\.[1-9]$")]
    aliases: list[ThaiText] = []  # other titles agencies use on their ITA pages
    needs: ThaiText  # what the assessor checks, in Thai
    confidence: Confidence  # V stated for 2567, A adjacent year, K domain practice (OIT-2567.md)
    uncertainty: str | None = None  # Thai note shown wherever the criterion is uncertain
    parts: list[Part] = Field(min_length=1)
    remediation: Remediation

    @field_validator("parts")
    @classmethod
    def _unique_part_ids(cls, parts: list[Part]) -> list[Part]:
        _refuse_duplicates([p.id for p in parts], "part id")
        return parts

    @model_validator(mode="after")
    def _uncertain_items_say_so(self) -> Item:
        if self.confidence != "V" and not self.uncertainty:
            raise ValueError(
                f"confidence {self.confidence} needs an 'uncertainty' note for the report"
            )
        return self

    @property
    def number(self) -> int:
        return int(self.id[1:])


class Calendar(Strict):
    """The assessment calendar; task due dates are derived from it (configurable per target)."""

    oit_entry_opens: dt.date
    oit_entry_closes: dt.date
    clarification_closes: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Calendar:
        if self.oit_entry_closes < self.oit_entry_opens:
            raise ValueError("oit_entry_closes is before oit_entry_opens")
        return self


class ItaPageHints(Strict):
    """How an agency's ITA page is recognised from its home page."""

    link_words: list[ThaiText] = Field(min_length=1)


class Channels(Strict):
    """Off-site services that count as a two-way channel or an online form."""

    chat_hosts: list[str] = []
    form_service_prefixes: list[str] = []  # host + path prefix, e.g. docs.google.com/forms
    web_board_words: list[ThaiText] = []
    labels: dict[ChannelKind, ThaiText]  # how each kind of channel is named in messages


OutcomeMessageKey = Literal[
    "pass",
    "review",
    "unknown",
    "offsite",
    "gone",
    "broken",
    "no_evidence",
    "no_link",
    "not_searched",
    "hint",
    "unreadable",
]


class Catalogue(Strict):
    """``catalogue.yaml``: the year-wide settings; items are loaded from ``items/``."""

    id: Annotated[str, Field(pattern=r"^ita-25[0-9]{2}$")]
    title: ThaiText
    assessment_year: Annotated[int, Field(ge=2560, le=2600)]  # Buddhist era
    calendar: Calendar
    ita_page: ItaPageHints
    channels: Channels
    six_month_words: list[ThaiText] = Field(min_length=1)
    #: Words before a year that make it a citation ("พ.ร.บ. … พ.ศ. 2562"), not the document's year.
    citation_words: list[ThaiText] = []
    #: How ``{period}`` reads in messages; ``{fy}`` the assessment year, ``{prev}`` the one before.
    period_labels: dict[
        Literal["current_fy", "previous_fy", "current_or_previous_fy", "first_half"], ThaiText
    ]
    check_messages: dict[CheckKind, Messages]
    outcome_messages: dict[OutcomeMessageKey, ThaiText]
    none_found: ThaiText = "—"  # what {found} shows when nothing was found

    @field_validator("outcome_messages")
    @classmethod
    def _every_outcome_has_a_message(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [k for k in OutcomeMessageKey.__args__ if k not in value]  # type: ignore[attr-defined]
        if missing:
            raise ValueError(f"outcome messages missing: {', '.join(missing)}")
        for key, text in value.items():
            for _, name, _, _ in string.Formatter().parse(text):
                if name is not None and name not in ("host", "status", "url"):
                    raise ValueError(
                        f"{key}: unknown placeholder {{{name}}} (allowed: host, status, url)"
                    )
        return value

    @field_validator("check_messages")
    @classmethod
    def _every_kind_has_messages(cls, value: dict[str, Messages]) -> dict[str, Messages]:
        missing = [k for k in CHECK_KINDS if k not in value]
        if missing:
            raise ValueError(f"default messages missing for check kinds: {', '.join(missing)}")
        return value


class SubIndicator(Strict):
    id: Annotated[str, Field(pattern=r"^(9|10)\.[1-9]$")]
    title: ThaiText
    weight: float = Field(default=1.0, gt=0)


class Indicator(Strict):
    id: Literal["9", "10"]
    title: ThaiText
    weight: float = Field(default=1.0, gt=0)
    subindicators: list[SubIndicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _subindicators_belong(self) -> Indicator:
        for sub in self.subindicators:
            if sub.id.split(".")[0] != self.id:
                raise ValueError(f"sub-indicator {sub.id} does not belong to indicator {self.id}")
        _refuse_duplicates([s.id for s in self.subindicators], "sub-indicator id")
        return self


class IndicatorNote(Strict):
    en: str
    th: ThaiText


class Profile(Strict):
    """A scoring profile: how item scores roll up into sub-indicators, indicators and the OIT."""

    id: FileSlug
    title: ThaiText
    hypothesis: bool = False  # True: the weights are a guess, and every output must say so
    note: str | None = None
    indicators: list[Indicator] = Field(min_length=1)
    indicator_notes: dict[str, IndicatorNote] = {}

    @model_validator(mode="after")
    def _unique(self) -> Profile:
        _refuse_duplicates([i.id for i in self.indicators], "indicator id")
        return self

    def subindicator_ids(self) -> list[str]:
        return [s.id for ind in self.indicators for s in ind.subindicators]


def _refuse_duplicates(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)
