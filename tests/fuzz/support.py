"""Shared pieces of the fuzz tests: the case counter, settings per profile, and mutators.

Profiles (``OIT_FUZZ_PROFILE``): ``default`` keeps ``tests/fuzz`` under a minute on two cores in
``make test``; ``fuzz`` runs every fuzz test for ``OIT_FUZZ_EXAMPLES`` cases (20 000 unless set),
e.g. ``OIT_FUZZ_PROFILE=fuzz python -m pytest tests/fuzz -n 2`` (see scripts/fuzz.sh).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROFILE = os.environ.get("OIT_FUZZ_PROFILE", "default")
if PROFILE not in ("default", "fuzz"):
    raise RuntimeError(f"OIT_FUZZ_PROFILE must be default or fuzz, not {PROFILE!r}")
LONG_EXAMPLES = int(os.environ.get("OIT_FUZZ_EXAMPLES", "20000"))

_QUIET = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
# Registered under "oit-fuzz-…" so that loading one never changes the settings of the other
# property tests of the suite (tests/thai, tests/extract) running in the same process.
settings.register_profile(
    "oit-fuzz-default", deadline=None, suppress_health_check=_QUIET, print_blob=True
)
settings.register_profile(
    "oit-fuzz-fuzz",
    deadline=None,
    suppress_health_check=_QUIET,
    print_blob=True,
    max_examples=LONG_EXAMPLES,
)

#: Cases run per fuzz target in this process (summed over xdist workers in the summary).
CASES: Counter[str] = Counter()

F = TypeVar("F", bound=Callable[..., Any])


def ran(target: str) -> None:
    """Count one case of ``target`` (call first thing in the body of a fuzz test)."""
    CASES[target] += 1


def fuzz_settings(examples: int) -> Callable[[F], F]:
    """Hypothesis settings for a fuzz test: ``examples`` cases in the default profile, the
    profile's (many more) in the ``fuzz`` profile."""
    parent = settings.get_profile(f"oit-fuzz-{PROFILE}")
    if PROFILE == "default":
        return settings(parent, max_examples=examples)
    return settings(parent)


# ---------------------------------------------------------------------------------------------
# Text: Thai-heavy alphabets

THAI_LETTERS = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable())
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
thai_text = st.text(
    st.one_of(
        st.sampled_from(THAI_LETTERS),
        st.sampled_from(THAI_DIGITS + "0123456789 .-–/:"),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)
any_text = st.one_of(thai_text, st.text(max_size=40))


# ---------------------------------------------------------------------------------------------
# YAML: random documents and mutations of real files

#: A billion-laughs alias bomb (9 levels of 9: 387 million strings once expanded).
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)

#: Scalars that have broken YAML loaders: impossible timestamps, numbers past Python's
#: int-from-string limit, tags the safe loader refuses or half-accepts, aliases, odd characters.
NASTY_SCALARS = [
    "2024-02-30",
    "2567-13-01",
    "2024-02-29 25:61:61",
    "2001-12-14t21:59:43.10-05:00",
    "0000-00-00",
    "9" * 5000,
    "-" + "1" * 4400,
    "0x" + "f" * 5000,
    "0o" + "7" * 5000,
    "0b" + "1" * 20000,
    "1" + "_0" * 4400,
    "1:" + "5" * 4400,
    "190:20:30",
    "1e99999",
    "-.inf",
    ".nan",
    "~",
    "null",
    "yes",
    "off",
    "!!binary 'abc'",
    "!!binary aGVsbG8=",
    "!!python/name:os.system",
    "!!python/object/apply:os.system ['true']",
    "!!int 'x'",
    "!!float 'x'",
    "!!timestamp '2024-02-30'",
    "!!bool maybe",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [a: 1]",
    "!!str",
    "!!map [1, 2]",
    "!<tag:yaml.org,2002:int> 99999999999999999999999",
    "!local x",
    "*undefined",
    "&anchor value",
    "&r [*r]",
    "&m {k: *m}",
    "{a: 1, a: 2}",
    "[" * 300 + "]" * 300,
    "{a: " * 300 + "1" + "}" * 300,
    "'unterminated",
    '"\\xZZ bad escape"',
    '"\\ud800"',
    "|\n  block\n   text",
    ">-",
    "@reserved",
    "`backtick",
    "%percent",
    "? complex",
    "- - - -",
    "O²",
    "O๘",
    "๒๕๖๗",
    "ข้อ O.3",
    "\u2028\u2029",
    "\x85",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\t",
    "javascript:alert(1)",
    "http://[::1",
    "http://a:99999999/",
    "ก" * 3000,
]

#: Whole lines to insert: keys that clash, merge keys, directives, documents, the alias bomb.
NASTY_LINES = [
    "<<: *a",
    "a: &a {x: 1}\nb: {<<: *a}",
    "%YAML 1.1",
    "%TAG ! tag:example.com,2000:",
    "---",
    "...",
    "--- !!set",
    "id: demo",
    "id: O8",
    "? [a, b]\n: 1",
    "? {a: 1}\n: 1",
    "? &k [x]\n: *k",
    "&top",
    ALIAS_BOMB,
    "x: &r [*r]",
    "x: &r {y: *r}",
    "- &s [*s, *s]",
    "\t- tab",
    "\r\n\r",
    "#" + "#" * 100,
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def _text_op(draw: st.DrawFn, text: str) -> str:
    """One textual mutation: truncate, delete a line or a block, duplicate or swap lines,
    re-indent, insert a nasty line, replace a value with a nasty scalar, or insert random text."""
    op = draw(
        st.sampled_from(
            [
                "truncate",
                "delete_line",
                "delete_block",
                "duplicate_line",
                "swap_lines",
                "indent",
                "insert_line",
                "replace_value",
                "insert_text",
            ]
        )
    )
    lines = _lines(text)
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    if op == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if op == "delete_line":
        return "\n".join(lines[:i] + lines[i + 1 :])
    if op == "delete_block":  # a key and everything indented under it
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        j = i + 1
        while j < len(lines) and (
            not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip(" ")) > indent
        ):
            j += 1
        return "\n".join(lines[:i] + lines[j:])
    if op == "duplicate_line":  # a duplicate key, or a list item twice
        at = draw(st.integers(0, len(lines)))
        return "\n".join([*lines[:at], lines[i], *lines[at:]])
    if op == "swap_lines":
        j = draw(st.integers(0, max(len(lines) - 1, 0)))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if op == "indent":
        change = draw(st.sampled_from(["  ", " ", "\t", "-"]))
        lines[i] = change + lines[i] if draw(st.booleans()) else lines[i].lstrip(" -")
        return "\n".join(lines)
    if op == "insert_line":
        indent = draw(st.sampled_from(["", lines[i][: len(lines[i]) - len(lines[i].lstrip())]]))
        new = indent + draw(st.sampled_from(NASTY_LINES))
        return "\n".join([*lines[:i], new, *lines[i:]])
    if op == "replace_value":
        line = lines[i]
        colon = line.find(": ")
        scalar = draw(st.one_of(st.sampled_from(NASTY_SCALARS), any_text))
        if colon >= 0:
            lines[i] = line[: colon + 2] + scalar
        else:
            lines[i] = line + ": " + scalar
        return "\n".join(lines)
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(any_text) + text[at:]


@st.composite
def _byte_op(draw: st.DrawFn, data: bytes) -> bytes:
    """One mutation of the encoded file: flip, insert or delete bytes (non-UTF-8 included)."""
    op = draw(st.sampled_from(["flip", "insert", "delete", "bom", "utf16", "cp874"]))
    at = draw(st.integers(0, len(data)))
    if op == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if op == "insert":
        garbage = draw(
            st.one_of(st.binary(min_size=1, max_size=12), st.sampled_from([b"\xff", b"\xe0\xb8"]))
        )
        return data[:at] + garbage + data[at:]
    if op == "delete":
        return data[:at] + data[at + draw(st.integers(1, 8)) :]
    if op == "bom":
        return b"\xef\xbb\xbf" + data
    text = data.decode("utf-8", "replace")
    if op == "utf16":
        return text.encode("utf-16")
    return text.encode("cp874", "replace")


def _paths(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*at, index))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


#: Values the schemas give meaning to, so that mutations reach the deeper checks.
DOMAIN_WORDS = [
    "O8", "o.8", "OIT08", "08", "O99", "O0", "O²", "2567", "๒๕๖๗", "9.2", "10.9", "9",
    "https://x.go.th/", "http://", "ftp://x/", "x.go.th", "www.x.go.th/path", "",
    "default", "weighted-40-60", "ita-2566", "ita-2567", "V", "A", "K",
    "names", "keywords", "pattern", "period", "first_half", "covers", "months", "images",
    "channel", "content", "any_of", "current_fy", "previous_fy", "label", "date", "page",
    "form", "web_board", "chat", "form_service", "(", "[a-", "{part}", "{nope}", "{0}", "{",
    "* * * * *", "61 * * * *", "0 2 * * 8", "0 2 * * ²", "@daily", "Asia/Bangkok", "Mars/Base",
    "../x", "/", "measures/khwao-yai-2567.yaml", "not-applicable", "focused", "full",
]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(1, 4000).map(lambda digits: 10**digits - 1),  # up to 4,000 nines
    st.floats(),
    any_text,
    st.dates(),
    st.integers(2555, 2605),  # assessment years, in and out of range and of the catalogues
    st.integers(-2, 12),
    st.sampled_from(DOMAIN_WORDS),
)
yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(any_text, st.integers(), st.booleans()), children, max_size=5),
    ),
    max_leaves=25,
)


@st.composite
def _data_op(draw: st.DrawFn, data: Any) -> Any:
    """One structural mutation of the loaded data: delete a key, change a value's type, rename
    a key, empty or grow a list."""
    paths = _paths(data)
    path = draw(st.sampled_from(paths))
    if not path:
        return draw(yaml_values)
    parent, last = _get(data, path[:-1]), path[-1]
    op = draw(st.sampled_from(["delete", "replace", "rename", "empty", "grow"]))
    if op == "delete":
        del parent[last]
    elif op == "replace":
        parent[last] = draw(yaml_values)
    elif op == "rename" and isinstance(parent, dict):
        parent[draw(any_text)] = parent.pop(last)
    elif op == "empty":
        parent[last] = [] if draw(st.booleans()) else {}
    elif op == "grow" and isinstance(parent, list):
        parent.append(draw(yaml_values))
    return data


def _dump(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def mutated_yaml(draw: st.DrawFn, original: str) -> bytes:
    """A real YAML file after one to four textual, structural or byte-level mutations."""
    import copy

    import yaml

    text = original
    if draw(st.booleans()):
        data = copy.deepcopy(yaml.safe_load(original))
        for _ in range(draw(st.integers(1, 3))):
            data = draw(_data_op(data))
        text = _dump(data)
    for _ in range(draw(st.integers(0 if text != original else 1, 4))):
        text = draw(_text_op(text))
    encoded = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        encoded = draw(_byte_op(encoded))
    return encoded


@st.composite
def random_yaml(draw: st.DrawFn, keys: list[str]) -> bytes:
    """A random YAML document: any structure, or a mapping of the schema's own keys to any
    values, dumped, sometimes followed by a few textual mutations."""
    if draw(st.booleans()):
        data: Any = draw(yaml_values)
    else:
        chosen = draw(st.lists(st.sampled_from(keys), max_size=len(keys), unique=True))
        data = {key: draw(yaml_values) for key in chosen}
    text = _dump(data)
    for _ in range(draw(st.integers(0, 2))):
        text = draw(_text_op(text))
    return text.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------------------------
# HTML: random trees of the tags ITA pages and agency sites are made of

_TAGS = [
    "table", "tbody", "thead", "tr", "td", "th", "caption", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "area", "div", "details", "summary", "p", "span", "b", "font", "center", "br", "hr",
    "h1", "h2", "h3", "h4", "h6", "section", "article", "main", "nav", "header", "footer",
    "aside", "iframe", "frame", "frameset", "embed", "object", "img", "script", "style",
    "noscript", "template", "select", "option", "button", "form", "input", "textarea", "label",
    "legend", "fieldset", "base", "meta", "title", "head", "body", "html", "svg", "math", "pre",
    "figure", "figcaption", "x-unknown",
]  # fmt: skip
_ATTRS = [
    "href", "src", "data", "id", "class", "data-toggle", "data-bs-toggle", "data-src",
    "data-lazy-src", "width", "height", "alt", "title", "role", "onclick", "content",
    "http-equiv", "charset", "action", "method", "type", "name", "property", "rel", "lang",
]  # fmt: skip
CODES = [
    "O1", "o1", "O.1", "O 1", "OIT1", "OIT01", "O01", "o.35", "O35", "O36", "O99", "O0", "O100",
    "ข้อ O7", "ข้อ o.8", "OIT 9", "O-10", "O:11", "Ｏ1", "O๑", "O²", "O.", "OIT",
]  # fmt: skip
_YEAR_WORDS = [
    "ITA 2567", "ITA 2566", "ITA ปี พ.ศ.2567", "OIT 2568", "ปีงบประมาณ 2567", "2024", "2023",
    "2599", "2560", "การประเมินคุณธรรมและความโปร่งใส 2567", "ita-2567", "tab-2566", "y2567",
]  # fmt: skip
URLS = [
    "/", "#", "#O1", "?", "/files/o1.pdf", "files/o1.pdf", "../x.pdf", "./././a", "//cdn.x.go.th/a",
    "https://www.example.go.th/ita.php", "https://www.example.go.th/ita.php#x",
    "http://EXAMPLE.go.th:80/A B.pdf", "https://user:pw@x.go.th/", "https://[::1]/", "http://[::1",
    "http://x.go.th:99999/", "http://x.go.th:-1/", "https://xn--12c.go.th/", "https://ไทย.go.th/ก",
    "https://docs.google.com/viewer?url=https://x.go.th/a.pdf",
    "https://drive.google.com/file/d/abc/view", "https://x.go.th/pdfjs/web/viewer.html?file=%2Fa.pdf",
    "javascript:void(0)", "javascript:window.open('/a.pdf')", "mailto:a@x.go.th", "tel:0",
    "data:text/html,<b>x</b>", "ftp://x.go.th/a", "file:///etc/passwd", " https://x.go.th/ ",
    "\x00", "http://\u200b.go.th/", "https://x.go.th/%zz%", "https://x.go.th/?q=ก&" + "a" * 300,
]  # fmt: skip
_ATTR_VALUES = [*URLS, *CODES, *_YEAR_WORDS, "0", "1", "2", "1px", "2PX", "²", "๒", "-1", "",
    "navigation", "main", "search", "banner", "collapse", "tab", "accordion-header",
    "card-header", "nav nav-tabs", "menu", "footer", "site-header", "content", "text/html",
    "refresh", "0; url=/other", "utf-8", "windows-874", "tis-620", "x-foo", "og:title", "post",
    "hidden", "file", "search", "q", "text", "email", "window.open('/a.pdf')",
    "location.href='/b.pdf'",
]  # fmt: skip


_SIZES = ["0", "1", "2", "3", "2px", "1PX", " 2 ", "²", "๒", "-1", "1.5", "", "9" * 5000, "100%"]


def _escape(text: str, raw: bool) -> str:
    if raw:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(name: str, value: str, quote: str) -> str:
    if quote == "":
        return f"{name}={value.replace(' ', '')}" if value else name
    return f"{name}={quote}{value.replace(quote, '')}{quote}"


def _element(name: str, attrs: list[tuple[str, str, str]], children: list[str], close: bool) -> str:
    opening = " ".join([name, *(_attribute(*a) for a in attrs)])
    return f"<{opening}>{''.join(children)}" + (f"</{name}>" if close else "")


@st.composite
def _leaf(draw: st.DrawFn, titles: list[str]) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(CODES),
                st.sampled_from(_YEAR_WORDS),
                st.sampled_from(titles) if titles else any_text,
                any_text,
                st.sampled_from([" ", "&nbsp;", "&#3585;", "&#xZZ;", "&amp", "<!-- c -->", "\n"]),
            ),
            max_size=4,
        )
    )
    return _escape(" ".join(parts), draw(st.booleans()))


@st.composite
def _ita_snippet(draw: st.DrawFn, titles: list[str]) -> str:
    """A fragment shaped like ITA pages: a table row, a list item, a heading, a tab panel."""
    code = draw(st.sampled_from(CODES))
    title = draw(st.sampled_from(titles)) if titles else draw(any_text)
    url = draw(st.one_of(st.sampled_from(URLS), any_text))
    link = f'<a href="{url}">{draw(st.sampled_from(["คลิก", "ดาวน์โหลด", title, code, ""]))}</a>'
    shape = draw(st.integers(0, 8))
    if shape == 7:  # content images: sizes decide what is decoration
        size = st.one_of(st.sampled_from(_SIZES), any_text)
        return (
            f'<img src="{url}" width="{draw(size)}" height="{draw(size)}" alt="{title}" '
            f'data-src="{draw(st.sampled_from(URLS))}">'
        )
    if shape == 8:  # forms: channels and search boxes
        inputs = "".join(
            f'<input type="{kind}" name="{name}">'
            for kind, name in draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(["text", "email", "file", "search", "hidden", "", "x"]),
                        st.sampled_from(["q", "s", "search", "name", "detail", ""]),
                    ),
                    max_size=4,
                )
            )
        )
        method = draw(st.sampled_from(["get", "post", "", "PUT"]))
        return f'<form action="{url}" method="{method}">{inputs}<textarea></textarea></form>'
    if shape == 0:
        return f"<tr><td>{code}</td><td>{title}</td><td>{link}</td></tr>"
    if shape == 1:
        return f"<li>{link.replace('</a>', f' {code} {title}</a>')}</li>"
    if shape == 2:
        return f"<h{draw(st.integers(1, 6))}>{draw(st.sampled_from(_YEAR_WORDS))}</h1>"
    if shape == 3:
        year = draw(st.sampled_from(_YEAR_WORDS)).replace(" ", "-")
        return f'<div class="tab-pane" id="{year}"><p>{code} {title}</p>{link}</div>'
    if shape == 4:
        return f"<details><summary>{code} {title}</summary><ul><li>{link}</li></ul></details>"
    if shape == 5:
        return f"<p><b>{draw(st.sampled_from(_YEAR_WORDS))}</b></p>"
    return f'<iframe src="{url}"></iframe><embed src="{url}"><object data="{url}"></object>'


def html_trees(titles: list[str] | None = None, max_leaves: int = 40) -> st.SearchStrategy[str]:
    """Random HTML made of real tags, attributes that matter (links, ids with years, classes of
    accordions and navigation, sizes) and text with item codes, years and Thai titles."""
    attrs = st.lists(
        st.tuples(
            st.sampled_from(_ATTRS),
            st.one_of(st.sampled_from(_ATTR_VALUES), any_text),
            st.sampled_from(['"', "'", ""]),
        ),
        max_size=4,
    )
    return st.recursive(
        st.one_of(_leaf(titles or []), _ita_snippet(titles or [])),
        lambda children: st.builds(
            _element, st.sampled_from(_TAGS), attrs, st.lists(children, max_size=6), st.booleans()
        ),
        max_leaves=max_leaves,
    )


@st.composite
def html_documents(draw: st.DrawFn, titles: list[str] | None = None) -> str:
    """A page: a random tree in a document shell or alone, sometimes with deep nesting, stray
    markup or random text around it."""
    body = draw(html_trees(titles))
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return body
    if shape == 1:  # unclosed tags nested thousands deep (old CMS output)
        tag = draw(st.sampled_from(["div", "li", "ul><li", "font", "table><tr><td", "span", "b"]))
        depth = draw(st.integers(100, 1500))
        return f"<{tag}>O{depth % 40} " * depth + body
    if shape == 2:
        return draw(st.text(st.sampled_from("<>/=\"'&;!-?abcdefhilmnoprstuvxy O1๑ก "))) + body
    if shape == 3:
        return draw(any_text) + body + draw(any_text)
    head = '<meta charset="utf-8"><title>ITA</title>'
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
