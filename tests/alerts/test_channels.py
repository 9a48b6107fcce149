"""Delivery through Apprise to a real webhook receiver on 127.0.0.1: each event once per channel,
failures recorded not raised, and secrets from the environment never in logs, reports or errors."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from checker.alerts.channels import Notifier, expand_secrets, redact
from checker.alerts.models import AlertEvent, Problem, ProblemKind
from checker.errors import ConfigError
from checker.target import load_target
from tests.support.secrets import ENV, SECRET_FORMS, TOKEN
from tests.support.webhook import Receiver


@pytest.fixture
def failing_receiver() -> Iterator[Receiver]:
    server = Receiver(status=500)
    yield server
    server.close()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a socket connects to during the test (on top of the session guard)."""
    seen: list[Any] = []
    guarded = socket.socket.connect

    def record(self: socket.socket, address: Any) -> None:
        seen.append(address)
        return guarded(self, address)

    monkeypatch.setattr(socket.socket, "connect", record)
    return seen


def event(kind: ProblemKind, name: str = "opened", item: str = "O8") -> AlertEvent:
    site = kind in ("site_unreachable", "stale")
    return AlertEvent.model_validate(
        {
            "event": name,
            "problem": Problem(
                kind=kind,
                target_id="demo",
                item=None if site else item,
                item_title=None if site else "ช่องทางการติดต่อ",
                url="http://127.0.0.1:9/o8.pdf",
                detail="HTTP 404" if kind == "gone" else "connection refused",
            ),
            "target_name": "องค์การบริหารส่วนตำบลตัวอย่าง",
            "since": dt.datetime(2024, 5, 1, 2, 0),
            "at": dt.datetime(2024, 5, 2, 2, 0),
        }
    )


# --- secrets in URLs ----------------------------------------------------------------------------


def test_expand_secrets_takes_values_from_the_environment() -> None:
    url = "line://${LINE_TOKEN}/${LINE_TO}?image=no"
    assert (
        expand_secrets(url, {"LINE_TOKEN": "abc/d=", "LINE_TO": "U1"})
        == "line://abc/d=/U1?image=no"
    )
    assert expand_secrets("json://127.0.0.1/hook", {}) == "json://127.0.0.1/hook"


def test_a_missing_variable_is_named_but_no_value_is_shown() -> None:
    with pytest.raises(ConfigError) as caught:
        expand_secrets(
            "line://${LINE_TOKEN}/${LINE_TO}", {"LINE_TO": "U-secret-id"}, field="notify[0]"
        )
    assert str(caught.value) == "notify[0]: environment variable LINE_TOKEN is not set"
    with pytest.raises(ConfigError, match="LINE_TOKEN is empty"):
        expand_secrets("line://${LINE_TOKEN}/x", {"LINE_TOKEN": " "})


@pytest.mark.parametrize("url", ["json://h/${tok-en}", "json://h/${}", "json://h/${TOKEN"])
def test_a_malformed_reference_is_refused_without_echoing_it(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        expand_secrets(url, {"TOKEN": "x"})
    assert "tok-en" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("line://${LINE_TOKEN}/${LINE_TO}", "line://…"),
        ("line://abcDEF123/U4af4980629", "line://…"),
        ("json://127.0.0.1:8080/hook/abc123", "json://127.0.0.1:8080/…"),
        ("jsons://hooks.example.go.th", "jsons://hooks.example.go.th"),
        ("mailtos://officer:hunter2@gmail.com", "mailtos://…@gmail.com"),
        (
            "mailtos://${SMTP_USER}:${SMTP_PASSWORD}@smtp.gmail.com?to=it@x.go.th",
            "mailtos://…@smtp.gmail.com/…",
        ),
        ("mailtos://officer:12#34@gmail.com", "mailtos://…"),  # unescaped "#" in a password
        ("mailtos://officer:pa/ss@gmail.com", "mailtos://…"),
        ("json://${HOOK_HOST}/x", "json://…"),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnl", "slack://…"),
        ("discord://4174216298/JHMHI8qBe7bk2", "discord://…"),
        ("workflows://prod.logic.azure.com/wf/sig", "workflows://prod.logic.azure.com/…"),
        ("not a url", "(not a URL)"),
    ],
)
def test_redact_keeps_only_scheme_and_server(url: str, shown: str) -> None:
    assert redact(url) == shown


# --- configuration errors -----------------------------------------------------------------------


def test_notifier_names_the_channel_with_a_missing_variable(receiver: Receiver) -> None:
    with pytest.raises(ConfigError) as caught:
        Notifier([receiver.url(), "line://${LINE_TOKEN}/U1"], environ={})
    assert str(caught.value) == "notify[1]: environment variable LINE_TOKEN is not set"


def test_an_url_apprise_does_not_understand_is_refused_at_load(receiver: Receiver) -> None:
    with pytest.raises(ConfigError) as caught:
        Notifier([receiver.url(), "nosuchservice://${HOOK_TOKEN}@host"], environ=ENV)
    assert caught.value.field == "notify[1]" and "nosuchservice://" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        Notifier(["line://"], environ=ENV)
    assert caught.value.field == "notify[0]" and "not a valid line:// URL" in str(caught.value)
    for form in SECRET_FORMS:
        assert form not in str(caught.value)


def test_errors_point_at_the_line_of_the_target_file(tmp_path: Path) -> None:
    path = tmp_path / "ao.yaml"
    path.write_text(
        "id: ao\nname: อบต.ทดสอบ\nbase_url: https://ao.example.go.th/\nnotify:\n"
        "  - json://127.0.0.1:9/hook\n  - line://${LINE_TOKEN}/U1\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        Notifier.for_target(load_target(path), environ={})
    assert str(caught.value) == f"{path}:6: notify[1]: environment variable LINE_TOKEN is not set"


def test_the_documented_services_load_offline(connections: list[Any]) -> None:
    env = {
        "LINE_TOKEN": "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3h/Ij5kL7mN9oP1qR3sT5uV7wX9yZ1=",
        "LINE_TO": "U4af4980629c1d2e3f4a5b6c7d8e9f0a1",
        "SMTP_USER": "it.officer",
        "SMTP_PASSWORD": "app-password-1234",
        "SLACK_TOKEN_A": "T1JJ3T3L2",
        "SLACK_TOKEN_B": "A1BRTD4JD",
        "SLACK_TOKEN_C": "TIiajkdnlazkcOXrIdevi7FQ",
        "TEAMS_WORKFLOW": "ab12cd34ef56ab12cd34ef56ab12cd34",
        "TEAMS_SIGNATURE": "Xy1-Zq2_Wp3-Vo4_Un5-Tm6_Sl7-Rk8_Qj9-Pi0",
        "DISCORD_WEBHOOK_ID": "4174216298",
        "DISCORD_WEBHOOK_TOKEN": "JHMHI8qBe7bk2ZwO5UVjFnb3fsFtlhT1NRZr6fLuBjSrWvhnB",
        "HOOK_TOKEN": "hook-token-123456",
    }
    notifier = Notifier(
        [
            "line://${LINE_TOKEN}/${LINE_TO}",
            "mailtos://${SMTP_USER}:${SMTP_PASSWORD}@smtp.gmail.com?to=it@example.go.th",
            "slack://${SLACK_TOKEN_A}/${SLACK_TOKEN_B}/${SLACK_TOKEN_C}",
            "workflows://prod-00.southeastasia.logic.azure.com/${TEAMS_WORKFLOW}/${TEAMS_SIGNATURE}",
            "discord://${DISCORD_WEBHOOK_ID}/${DISCORD_WEBHOOK_TOKEN}",
            "jsons://hooks.example.go.th/oit/${HOOK_TOKEN}",
        ],
        environ=env,
    )
    assert notifier.channels == [
        "line://…",
        "mailtos://…@smtp.gmail.com/…",
        "slack://…",
        "workflows://prod-00.southeastasia.logic.azure.com/…",
        "discord://…",
        "jsons://hooks.example.go.th/…",
    ]
    assert connections == []  # checking URLs never touches the network


# --- delivery -----------------------------------------------------------------------------------


def test_each_event_is_posted_once_in_thai(receiver: Receiver, connections: list[Any]) -> None:
    notifier = Notifier([receiver.url()], environ={})
    report = notifier.send([event("unreachable"), event("gone", "fixed", item="O9")])
    assert report.ok and len(report.deliveries) == 2
    assert len(receiver.posts) == 2  # exactly one POST per event
    first, second = receiver.posts
    assert "เข้าถึงไม่ได้" in first["title"] and "เข้าถึงไม่ได้" in first["message"]
    assert not any(w in first["title"] + first["message"] for w in ("ไม่พบ", "หายไป"))
    assert first["type"] == "warning"
    assert "O9" in second["title"] and "กลับมา" in second["title"] and second["type"] == "success"
    assert "http://127.0.0.1:9/o8.pdf" in second["message"]
    # Apprise reached the receiver and nothing else (no logo or other fetches).
    assert connections and {a[:2] for a in connections} == {("127.0.0.1", receiver.port)}


def test_a_failing_channel_is_recorded_and_others_still_get_the_message(
    receiver: Receiver, failing_receiver: Receiver
) -> None:
    notifier = Notifier([failing_receiver.url(), receiver.url()], environ={})
    report = notifier.send([event("gone")])
    assert not report.ok
    [failure] = report.failures
    assert failure.channel == 0 and failure.url == f"json://127.0.0.1:{failing_receiver.port}/…"
    assert failure.reason is not None and "500" in failure.reason
    assert failure.event == "opened" and failure.problem == event("gone").problem.fingerprint
    assert len(failing_receiver.posts) == 1 and len(receiver.posts) == 1


def test_an_unreachable_channel_is_a_recorded_failure() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    notifier = Notifier([f"json://127.0.0.1:{port}/hook/${{HOOK_TOKEN}}"], environ=ENV)
    report = notifier.send([event("stale")])
    [failure] = report.failures
    assert failure.reason and TOKEN not in failure.reason
    assert notifier.channels == [f"json://127.0.0.1:{port}/…"]


def test_no_events_send_nothing(receiver: Receiver) -> None:
    assert Notifier([receiver.url()], environ={}).send([]).deliveries == []
    assert Notifier([], environ={}).send([event("gone")]).deliveries == []


# --- secrets never logged -----------------------------------------------------------------------


def test_planted_secrets_never_reach_logs_reports_or_errors(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(1)  # everything, Apprise's TRACE (9) included, on every logger
    caplog.set_level(1, logger="apprise")
    caplog.set_level(1, logger="urllib3")
    urls = [
        f"json://oit:${{HOOK_PASSWORD}}@127.0.0.1:{receiver.port}/hook/${{HOOK_TOKEN}}",
        f"json://127.0.0.1:{receiver.port}/other/${{HOOK_TOKEN}}?secret=${{HOOK_PASSWORD}}",
    ]
    notifier = Notifier(urls, environ=ENV)
    report = notifier.send([event("unreachable")])
    receiver.status = 500
    failed = notifier.send([event("gone")])

    # The secrets were really used...
    assert receiver.paths[:2] == [f"/hook/{TOKEN}", f"/other/{TOKEN}"], receiver.paths
    assert report.ok and not failed.ok and len(receiver.posts) == 4
    # ...and Apprise and urllib3 did log about these requests at TRACE/DEBUG...
    text = caplog.text
    assert "JSON POST URL" in text and "unpacked as" in text and '"POST /' in text
    assert "***" in text
    # ...but no form of any secret reached a log record, the report or its JSON.
    outputs = [text, report.model_dump_json(), failed.model_dump_json(), repr(notifier.channels)]
    outputs += [record.getMessage() for record in caplog.records]
    for output in outputs:
        for form in SECRET_FORMS:
            assert form not in output


def test_a_logged_exception_carrying_a_secret_is_scrubbed(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    Notifier([f"{receiver.url()}/${{HOOK_TOKEN}}"], environ=ENV)
    try:
        raise RuntimeError(f"failed POST to /hook/{TOKEN}")
    except RuntimeError:
        logging.getLogger("apprise").exception("send failed for %s", TOKEN)
        logging.getLogger("urllib3.connectionpool").debug(
            "retrying /hook/%s", quote(TOKEN, safe="")
        )
    assert "send failed for ***" in caplog.text and "RuntimeError" in caplog.text
    for form in SECRET_FORMS:
        assert form not in caplog.text


def test_a_token_written_literally_in_the_file_is_still_kept_out_of_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(1)
    literal = "LiteralTokenXyZ0123456789="  # mixed case: Apprise parses it as the URL's host
    notifier = Notifier([f"line://{literal}/U4af4980629c1d2e3f4a5b6c7d8e9f0a1"], environ={})
    assert notifier.channels == ["line://…"]
    assert "unpacked as" in caplog.text  # Apprise logged the parsed URL...
    assert literal not in caplog.text and literal.lower() not in caplog.text  # ...masked
