"""Thai alert messages: templates from ``rules/notifications.th.yaml`` filled from an event.

The wording is data (managers and officers read it, translators edit it); this module only checks
the file and fills it. Checking happens at load time so a bad edit fails when the product starts,
not in the middle of the night when a page has just disappeared:

- every (event, problem kind) pair has a title and a body;
- only documented placeholders are used (site-wide kinds cannot use the item's);
- even with every value at its longest, a message stays within ``MAX_MESSAGE_CHARS`` (LINE shows
  about five lines nicely; a wall of text is not read).

Values that come from websites (URLs, item titles, details) are untrusted: a hostile or broken site
could send a 10 MB title, control characters, or line breaks that forge extra lines in a message.
They are inserted verbatim apart from removing control/format characters, folding line breaks into
spaces, defusing chat-wide mentions, and shortening to a fixed length.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
import unicodedata
from pathlib import Path
from typing import ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from checker.alerts.models import AlertEvent, ProblemKind
from checker.paths import bundled
from checker.thai.fiscal import BANGKOK, format_thai_date
from checker.yaml_source import LocatedYaml, load_yaml

__all__ = [
    "MAX_MESSAGE_CHARS",
    "NotificationTemplates",
    "RenderedMessage",
    "clean_text",
    "default_templates",
    "load_templates",
    "render",
    "templates_path",
]

#: Title + body (report line included) never exceed this many characters.
MAX_MESSAGE_CHARS = 600

#: The longest each value may be once cleaned (characters). The load-time length check uses
#: these, so raising one may make the shipped templates fail it — on purpose.
FIELD_LIMITS: dict[str, int] = {
    "target": 50,
    "item": 10,
    "item_title": 60,
    "url": 150,
    "detail": 50,
    "report": 120,
}

#: Messages are for people in Thailand; naive datetimes are taken as Bangkok time already.

_SITE_FIELDS = frozenset({"target", "url", "detail", "since", "at"})
_ITEM_FIELDS = _SITE_FIELDS | {"item", "item_title"}

# "@everyone"/"@here" (Discord, Slack) and "<!channel>"-style (Slack) would ping a whole chat if a
# site put them in a title; a look-alike character keeps the text readable but inert.
_MENTION = re.compile(r"([@<])(?=!?(?:everyone|here|channel)\b)", re.IGNORECASE)
_MENTION_SWAP = {"@": "\uff20", "<": "\uff1c"}
_SPACES = re.compile(r"\s+")


def _placeholders(text: str) -> list[str]:
    """Field names used in a ``str.format`` template; only plain ``{name}`` is allowed."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:  # "Single '}' encountered", unclosed "{"
        raise ValueError(f"not a valid template ({exc}); write {{{{ or }}}} for a brace") from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            # Positional fields, attribute/index access and format specs are refused: templates
            # are edited by hand and only ever need a value dropped in.
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise ValueError(f"placeholder {{{shown}}} is not allowed; write a plain {{name}}")
        names.append(name)
    return names


def _check_placeholders(text: str, allowed: frozenset[str]) -> None:
    for name in _placeholders(text):
        if name not in allowed:
            choices = ", ".join(f"{{{n}}}" for n in sorted(allowed))
            raise ValueError(f"unknown placeholder {{{name}}}; use one of {choices}")


class _Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: ClassVar[frozenset[str]] = _ITEM_FIELDS

    title: str = Field(min_length=1)
    body: str = Field(min_length=1)

    @field_validator("title", "body")
    @classmethod
    def _valid(cls, value: str) -> str:
        _check_placeholders(value, cls.allowed)
        return value.strip()

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("a title is one line")
        return value


class ItemTemplate(_Template):
    """For problems about one item's evidence."""


class SiteTemplate(_Template):
    """For problems about the whole site or the scanner: there is no item to name."""

    allowed: ClassVar[frozenset[str]] = _SITE_FIELDS


class KindTemplates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    gone: ItemTemplate
    unlinked: ItemTemplate
    regression: ItemTemplate
    unreachable: ItemTemplate
    site_unreachable: SiteTemplate
    stale: SiteTemplate

    def for_kind(self, kind: ProblemKind) -> _Template:
        template: _Template = getattr(self, kind)
        return template


class NotificationTemplates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    unknown: str = Field(min_length=1, max_length=20)  # in a title, for a value not known
    datetime_format: str
    report_line: str
    opened: KindTemplates
    fixed: KindTemplates

    @field_validator("unknown")
    @classmethod
    def _unknown_one_line(cls, value: str) -> str:
        if "\n" in value.strip() or "{" in value:
            raise ValueError("one line of plain text, no placeholders")
        return value.strip()

    @field_validator("datetime_format")
    @classmethod
    def _datetime_format(cls, value: str) -> str:
        _check_placeholders(value, frozenset({"date", "time"}))
        if "{date}" not in value:
            raise ValueError("must contain {date}")
        return value.strip()

    @field_validator("report_line")
    @classmethod
    def _report_line(cls, value: str) -> str:
        _check_placeholders(value, frozenset({"report"}))
        if "{report}" not in value or "\n" in value.strip():
            raise ValueError("one line that contains {report}")
        return value.strip()

    def template(self, event: Literal["opened", "fixed"], kind: ProblemKind) -> _Template:
        return (self.opened if event == "opened" else self.fixed).for_kind(kind)


class RenderedMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    body: str


def clean_text(value: str, limit: int) -> str:
    """Untrusted text made safe to put in a message: one line, no control or format characters
    (bidi overrides could disguise a URL), mentions defused, at most ``limit`` characters."""
    # Looking further than a few times the limit is pointless and would let a huge value cost time.
    chunk = value[: limit * 4 + 64]
    kept: list[str] = []
    for ch in chunk:
        category = unicodedata.category(ch)
        if ch.isspace() or category in ("Zl", "Zp"):
            kept.append(" ")  # a line break becomes a space: no forged lines
        elif not category.startswith("C"):
            kept.append(ch)
    text = _SPACES.sub(" ", "".join(kept)).strip()
    text = _MENTION.sub(lambda m: _MENTION_SWAP[m.group(1)], text)
    if len(text) > limit or len(chunk) < len(value):
        text = text[: limit - 1].rstrip() + "…"
    return text


def _thai_datetime(moment: dt.datetime, fmt: str) -> str:
    local = moment.astimezone(BANGKOK) if moment.tzinfo is not None else moment
    return fmt.format(date=format_thai_date(local.date()), time=f"{local:%H:%M}")


def _values(event: AlertEvent, templates: NotificationTemplates) -> dict[str, str | None]:
    problem = event.problem
    raw: dict[str, str | None] = {
        "target": event.target_name,
        "item": problem.item,
        "item_title": problem.item_title,
        "url": problem.url,
        "detail": problem.detail,
        "report": event.report_url,
    }
    values: dict[str, str | None] = {}
    for name, value in raw.items():
        text = clean_text(value, FIELD_LIMITS[name]) if value is not None else ""
        values[name] = text or None  # an all-control-character value counts as unknown
    values["since"] = _thai_datetime(event.since, templates.datetime_format)
    values["at"] = _thai_datetime(event.at, templates.datetime_format)
    return values


def _compose(
    template: _Template, values: dict[str, str | None], templates: NotificationTemplates
) -> RenderedMessage:
    title = template.title.format_map({k: v or templates.unknown for k, v in values.items()})
    lines: list[str] = []
    for line in template.body.splitlines():
        if any(values.get(name) is None for name in _placeholders(line)):
            continue  # the line states an unknown fact: leave it out rather than print a gap
        lines.append(line.format_map(values).rstrip())
    report = values.get("report")
    if report is not None:
        lines.append(templates.report_line.format(report=report))
    return RenderedMessage(title=title, body="\n".join(lines).strip())


def render(event: AlertEvent, templates: NotificationTemplates | None = None) -> RenderedMessage:
    """The Thai title and body for one alert event."""
    templates = templates or default_templates()
    template = templates.template(event.event, event.problem.kind)
    message = _compose(template, _values(event, templates), templates)
    room = MAX_MESSAGE_CHARS - len(message.title) - 1
    if len(message.body) > room:  # pragma: no cover - the load-time check makes this unreachable
        message = message.model_copy(update={"body": message.body[: max(room - 1, 0)] + "…"})
    return message


def _longest_values(templates: NotificationTemplates) -> dict[str, str | None]:
    """Every value at its longest: what the length check renders."""
    values: dict[str, str | None] = {name: "ก" * limit for name, limit in FIELD_LIMITS.items()}
    longest_date = max(
        (
            _thai_datetime(dt.datetime(2099, month, 28, 23, 59), templates.datetime_format)
            for month in range(1, 13)
        ),
        key=len,
    )
    values["since"] = values["at"] = longest_date
    return values


def _check_lengths(templates: NotificationTemplates, source: LocatedYaml) -> None:
    values = _longest_values(templates)
    for event in ("opened", "fixed"):
        for kind in get_args(ProblemKind):
            message = _compose(templates.template(event, kind), values, templates)
            size = len(message.title) + 1 + len(message.body)
            if size > MAX_MESSAGE_CHARS:
                raise source.error(
                    f"message can reach {size} characters with long values "
                    f"(limit {MAX_MESSAGE_CHARS}); shorten the text",
                    [event, kind, "body"],
                )


def templates_path() -> Path:
    return bundled("rules/notifications.th.yaml")


def load_templates(path: Path | None = None) -> NotificationTemplates:
    """Load and check a templates file; any problem is a ConfigError naming file, line, field."""
    source = load_yaml(path or templates_path())
    templates = source.validate(NotificationTemplates)
    _check_lengths(templates, source)
    return templates


@functools.lru_cache(maxsize=1)
def default_templates() -> NotificationTemplates:
    """The shipped templates, loaded once per process."""
    return load_templates()
