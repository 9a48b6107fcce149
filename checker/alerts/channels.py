"""Delivering alert messages through Apprise, without ever writing a secret to a log.

A target lists Apprise URLs under ``notify``. Secrets are written as ``${NAME}`` and taken from the
environment when the notifier is built, so they never sit in a target file::

    notify:
      # LINE Messaging API: line://{channel access token}/{user, group or room id}
      - line://${LINE_TOKEN}/${LINE_TO}
      # E-mail over TLS: mailtos://{user}:{password}@{server}?to={recipient}
      - mailtos://${SMTP_USER}:${SMTP_PASSWORD}@smtp.gmail.com?to=it@example.go.th
      # Slack incoming webhook: slack://{token A}/{token B}/{token C}
      - slack://${SLACK_TOKEN_A}/${SLACK_TOKEN_B}/${SLACK_TOKEN_C}
      # Microsoft Teams (Power Automate "Workflows" webhook; Apprise 2 retired msteams://):
      # workflows://{host}/{workflow id}/{signature}
      - workflows://prod-00.southeastasia.logic.azure.com/${TEAMS_WORKFLOW}/${TEAMS_SIGNATURE}
      # Discord webhook: discord://{webhook id}/{webhook token}
      - discord://${DISCORD_WEBHOOK_ID}/${DISCORD_WEBHOOK_TOKEN}
      # Any JSON webhook (POSTs {"title", "message", "type", ...}): json:// or jsons:// (HTTPS)
      - jsons://hooks.example.go.th/oit/${HOOK_TOKEN}

``${NAME}`` values are inserted as they are (a password containing ``@``, ``/``, ``:`` or ``#``
must be stored percent-encoded). See https://appriseit.com/services/ for every service's syntax.

What Apprise logs, and why secrets still stay out of the logs: when a URL is parsed Apprise logs
it whole at TRACE level (``apprise`` logger, level 9) together with every parsed field, password
included; at DEBUG it logs each loaded URL (passwords masked, paths not) and, for JSON/XML/form
webhooks, the full POST URL (path and all). Under Apprise, urllib3 logs every request line at
DEBUG, path included, and requests' exception texts contain the URL. Every value expanded from
``${NAME}`` (four characters or more), and against secrets written literally each URL's password,
long path segments, query values and token-like "host", is therefore registered with one logging
filter attached to the ``apprise``, ``urllib3`` and ``requests`` loggers; it rewrites any record
containing one (as written or percent-encoded) to ``***`` before any handler sees it, whatever the
configured log level. Our own log lines, errors and the ``DeliveryReport`` only ever carry
``redact(url)`` of the URL *as written in the target file*, so ``${NAME}`` values cannot reach
them; Apprise's own failure messages are scrubbed the same way before they become a ``reason``.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

import apprise
from apprise.manager_plugins import NotificationManager
from pydantic import BaseModel, ConfigDict

from checker.alerts.messages import NotificationTemplates, clean_text, render
from checker.alerts.models import AlertEvent
from checker.errors import ConfigError
from checker.target import LoadedTarget, Target
from checker.yaml_source import LocatedYaml

__all__ = [
    "ChannelDelivery",
    "DeliveryReport",
    "Notifier",
    "expand_secrets",
    "redact",
]

_log = logging.getLogger(__name__)

_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_HOST_PORT = re.compile(r"(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
# A plugin whose every URL form starts with a real server name (after optional credentials).
_HOST_TEMPLATE = re.compile(r"\{schema\}://(?:[^/]*@)?\{host\}")
_REASON_LIMIT = 200
_MASK = "***"
_MIN_SECRET = 4


def expand_secrets(url: str, environ: Mapping[str, str], *, field: str | None = None) -> str:
    """Replace each ``${NAME}`` with the environment variable NAME. A missing or empty variable is
    a ConfigError naming the variable (never a value)."""

    def value_of(match: re.Match[str]) -> str:
        name = match.group(1)
        if not _VAR_NAME.fullmatch(name):
            # The text inside the braces is not echoed: it may be a token pasted by mistake.
            raise ConfigError(
                "${...} must name an environment variable (letters, digits and _)", field=field
            )
        value = environ.get(name)
        if value is None:
            raise ConfigError(f"environment variable {name} is not set", field=field)
        if not value.strip():
            raise ConfigError(f"environment variable {name} is empty", field=field)
        return value

    if "${" in _REFERENCE.sub("", url):
        raise ConfigError("a ${ has no closing }", field=field)
    return _REFERENCE.sub(value_of, url)


@functools.cache
def _manager() -> Any:
    """Apprise's registry of services (a singleton; its methods carry no type hints), with every
    plugin loaded. Loading imports the standard ``imghdr`` module (through Apprise's e-mail/PGP
    support), deprecated since Python 3.11; that warning is Apprise's business, not the user's,
    and must not become an error under ``-W error`` (as in this project's tests)."""
    manager: Any = NotificationManager()  # type: ignore[no-untyped-call]
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="'imghdr' is deprecated", category=DeprecationWarning
        )
        manager.load_modules()
    return manager


@functools.cache
def _host_schemes() -> frozenset[str]:
    """Schemes whose URL names a server (json://host, mailtos://…@host) rather than starting
    with a token (line://TOKEN, discord://ID/TOKEN): only for these may the host be shown."""
    schemes: set[str] = set()
    for plugin in _manager().plugins():
        templates = getattr(plugin, "templates", ())
        if not templates or not all(_HOST_TEMPLATE.match(t) for t in templates):
            continue
        for attribute in ("protocol", "secure_protocol"):
            value = getattr(plugin, attribute, None)
            names = (value,) if isinstance(value, str) else tuple(value or ())
            schemes.update(str(name).lower() for name in names)
    return frozenset(schemes)


def redact(url: str) -> str:
    """What of a notification URL may be logged: the scheme, and the server for services whose URL
    names one — never user names, passwords, tokens, paths or query strings.

    When the server cannot be told apart from credentials for sure (a password with an unescaped
    ``/``, ``?`` or ``@``; Apprise wants those percent-encoded anyway), only the scheme is shown.
    """
    scheme, separator, rest = url.strip().partition("://")
    if not separator or not _SCHEME.fullmatch(scheme):
        return "(not a URL)"
    scheme = scheme.lower()
    hidden = f"{scheme}://…"
    if scheme not in _host_schemes():
        return hidden
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    after = rest[len(netloc) :]
    _userinfo, at, host_port = netloc.rpartition("@")
    if "@" in after.split("?", 1)[0] or ("@" in after and not at):
        return hidden  # an "@" past the server: the split above may have cut a password
    if not _HOST_PORT.fullmatch(host_port) or not _looks_like_host(host_port):
        return hidden  # e.g. ${HOST}
    return f"{scheme}://{'…@' if at else ''}{host_port}" + ("/…" if after else "")


def _looks_like_host(host_port: str) -> bool:
    host = host_port.rsplit(":", 1)[0] if not host_port.startswith("[") else host_port
    return host.startswith("[") or "." in host or host.lower() == "localhost"


class _SecretScrubber(logging.Filter):
    """Rewrites log records that contain a registered secret; attached to the loggers of Apprise
    and of the HTTP stack under it (a logger's filters see every record logged on it)."""

    LOGGERS = ("apprise", "urllib3", "requests")

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def register(self, values: Iterable[str]) -> None:
        # Values under four characters are not masked: they protect nothing (three characters are
        # guessed in seconds) and masking "no" or "1" would garble every line of these loggers.
        fresh = [v for v in values if len(v) >= _MIN_SECRET]
        with self._lock:
            variants = set(self._secrets)
            for value in fresh:
                # As written, and as the HTTP stack may print it inside a URL.
                variants.update({value, quote(value, safe=""), quote(value), quote_plus(value)})
            # Longest first, so a secret containing another is masked whole.
            self._secrets = tuple(sorted(variants, key=len, reverse=True))

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, _MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: scrub the raw template instead
            message = str(record.msg)
        clean = self.scrub(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info:
            # Exception texts often quote the URL (requests does); format the traceback now and,
            # only if it holds a secret, keep the scrubbed text in place of the exception.
            trace = logging.Formatter().formatException(record.exc_info)
            if self.scrub(trace) != trace:
                record.exc_text, record.exc_info = self.scrub(trace), None
        elif record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True

    def attach(self) -> None:
        """Attach to the guarded loggers, including child loggers created since the last call."""
        prefixes = tuple(f"{name}." for name in self.LOGGERS)
        names = [n for n in list(logging.root.manager.loggerDict) if n.startswith(prefixes)]
        for name in (*self.LOGGERS, *names):
            logger = logging.getLogger(name)
            if self not in logger.filters:
                logger.addFilter(self)


_SCRUBBER = _SecretScrubber()


def _sensitive_parts(url: str) -> list[str]:
    """Parts of an expanded URL that may hold a secret even when written literally in a file.
    Short parts other than a password are left alone: masking "hook" or "user" everywhere in the
    HTTP stack's logs would garble them and protect nothing (tokens are long)."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return [url]
    found = [parts.username or "", parts.query]
    found += [value for _key, value in parse_qsl(parts.query)]
    found += parts.path.split("/")
    if parts.scheme.lower() not in _host_schemes():
        # line://TOKEN/…: the "host" is the token (taken as written: .hostname is lower-cased).
        found.append(parts.netloc.rpartition("@")[2])
    found = [p for p in found if len(p) >= 8]
    if password:
        found += [password, unquote(password)]
    return found


class ChannelDelivery(BaseModel):
    """One event sent to one channel."""

    model_config = ConfigDict(frozen=True)

    channel: int  # index in the target's ``notify`` list
    url: str  # redacted: scheme and, for server-based services, the host
    event: Literal["opened", "fixed"]
    problem: str  # the problem's fingerprint
    ok: bool
    reason: str | None = None  # why it failed, in English


class DeliveryReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    deliveries: list[ChannelDelivery] = []

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.deliveries)

    @property
    def failures(self) -> list[ChannelDelivery]:
        return [d for d in self.deliveries if not d.ok]


class _Channel:
    def __init__(self, index: int, shown: str, service: apprise.NotifyBase) -> None:
        self.index = index
        self.shown = shown
        self.service = service


class Notifier:
    """Sends alert events to every channel of a target. Built once (URLs are checked then, so a
    broken configuration fails at start-up); ``send`` never raises for a delivery failure."""

    def __init__(
        self,
        urls: Sequence[str],
        environ: Mapping[str, str] | None = None,
        *,
        source: LocatedYaml | None = None,
        field: str = "notify",
        service_timeout: float = 60.0,
    ) -> None:
        environ = os.environ if environ is None else environ
        _manager()  # load Apprise's plugins now, quietly (see _manager)
        self._asset = apprise.AppriseAsset(
            app_id="oit-checker",
            app_desc="oit-checker alerts",
            storage_mode="memory",  # nothing written under the user's home by Apprise
            language="en",  # failure reasons are recorded in English
            service_timeout=service_timeout,
        )
        self._channels: list[_Channel] = []
        for index, raw in enumerate(urls):
            self._channels.append(self._build(index, raw, environ, source, field))

    @classmethod
    def for_target(
        cls, target: Target | LoadedTarget, environ: Mapping[str, str] | None = None
    ) -> Notifier:
        """The notifier of a target; errors point at the target file's line when it is known."""
        source = target.source if isinstance(target, LoadedTarget) else None
        plain = target.target if isinstance(target, LoadedTarget) else target
        return cls(plain.notify, environ, source=source)

    def _build(
        self,
        index: int,
        raw: str,
        environ: Mapping[str, str],
        source: LocatedYaml | None,
        field: str,
    ) -> _Channel:
        def error(message: str) -> ConfigError:
            if source is not None:
                return source.error(message, [field, index])
            return ConfigError(message, field=f"{field}[{index}]")

        try:
            expanded = expand_secrets(raw.strip(), environ)
        except ConfigError as exc:
            raise error(exc.message) from None
        secrets = [m.group(1) for m in _REFERENCE.finditer(raw)]
        # Registered before Apprise parses the URL: parsing already logs it (TRACE).
        _SCRUBBER.register([environ[name] for name in secrets] + _sensitive_parts(expanded))
        _SCRUBBER.attach()
        shown = redact(raw)
        scheme, separator, _ = raw.strip().partition("://")
        if not separator:
            raise error(f"{shown}: a channel is a URL such as line://… or mailtos://…")
        if scheme.lower() not in _manager():  # checked first: Apprise would log the whole URL
            raise error(f"{shown}: not a notification URL Apprise knows (unknown {scheme}://)")
        service = apprise.Apprise.instantiate(expanded, asset=self._asset)
        if service is None:
            raise error(
                f"{shown}: not a valid {scheme}:// URL (see https://appriseit.com/services/)"
            )
        return _Channel(index, shown, service)

    @property
    def channels(self) -> list[str]:
        """The channels as they may be shown (redacted)."""
        return [c.shown for c in self._channels]

    def send(
        self, events: Sequence[AlertEvent], templates: NotificationTemplates | None = None
    ) -> DeliveryReport:
        """Each event once to every channel; failures are recorded, not raised."""
        _SCRUBBER.attach()  # loggers created since start-up (a plugin imported late)
        deliveries: list[ChannelDelivery] = []
        for event in events:
            message = render(event, templates)
            for channel in self._channels:
                ok, reason = self._deliver(channel, event, message.title, message.body)
                deliveries.append(
                    ChannelDelivery(
                        channel=channel.index,
                        url=channel.shown,
                        event=event.event,
                        problem=event.problem.fingerprint,
                        ok=ok,
                        reason=reason,
                    )
                )
                if ok:
                    _log.info(
                        "alert %s sent to notify[%d] %s", event.event, channel.index, channel.shown
                    )
                else:
                    _log.warning(
                        "alert %s not delivered to notify[%d] %s: %s",
                        event.event,
                        channel.index,
                        channel.shown,
                        reason,
                    )
        return DeliveryReport(deliveries=deliveries)

    def _deliver(
        self, channel: _Channel, event: AlertEvent, title: str, body: str
    ) -> tuple[bool, str | None]:
        sender = apprise.Apprise(asset=self._asset)
        sender.add(channel.service)
        kind = apprise.NotifyType.WARNING if event.event == "opened" else apprise.NotifyType.SUCCESS
        try:
            result = sender.notify(
                body=body,
                title=title,
                notify_type=kind,
                body_format=apprise.NotifyFormat.TEXT,  # site text is never taken as markup
            )
        except Exception as exc:  # a plugin bug must not stop the other channels or events
            return False, _reason(f"{type(exc).__name__}: {exc}")
        if result:
            return True, None
        if result.timeout_count:
            return False, "timed out"
        messages = [
            entry.message
            for entry in result.logs()
            if entry.level in ("WARNING", "ERROR", "CRITICAL")
        ]
        if messages:
            return False, _reason(messages[-1])
        return False, "the service did not accept the message"


def _reason(text: str) -> str:
    return clean_text(_SCRUBBER.scrub(text), _REASON_LIMIT) or "unknown error"
