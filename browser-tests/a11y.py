"""Accessibility checks with axe-core on every page the harness keeps (see harness.Person._capture).

axe-core comes from PyPI: axe-playwright-python bundles axe.min.js (its version is printed with the
results). The script is evaluated in the page through the DevTools protocol, which the page's
Content-Security-Policy does not apply to, so the CSP stays on while axe runs; nothing is fetched.
Only the WCAG 2.0 / 2.1 level A and AA rules run (TAGS); every violation fails the journey that
loaded the page. Each rule is reported once per page, with its impact, its help text, the number of
elements and their CSS selectors.
"""
from __future__ import annotations

import dataclasses

from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_SCRIPT = AXE_FILE_PATH.read_text(encoding="utf-8")
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


@dataclasses.dataclass
class Violation:
    rule: str  # axe rule id, e.g. "color-contrast"
    impact: str  # minor, moderate, serious, critical
    help: str  # what the rule asks for, in words
    help_url: str
    tags: list[str]
    targets: list[str]  # one CSS selector per failing element
    html: list[str]  # the failing elements' markup (shortened)
    summaries: list[str]  # axe's "Fix any of the following" per element

    def describe(self, page_label: str, limit: int = 3) -> str:
        shown = "; ".join(f"{t} → {h}" for t, h in list(zip(self.targets, self.html))[:limit])
        more = f" (+{len(self.targets) - limit} more)" if len(self.targets) > limit else ""
        why = self.summaries[0].replace("\n", " ").strip() if self.summaries else ""
        return (f"axe {self.rule} ({self.impact}) on {page_label}: {self.help} — {len(self.targets)} element(s): "
                f"{shown}{more}" + (f" — {why}" if why else "") + f" [{self.help_url}]")


def check(page: Page) -> tuple[list[Violation], str]:
    """Run axe-core's WCAG 2 A/AA rules on the page as it is now; the violations and axe's version."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("options => axe.run(document, options)", OPTIONS)
    violations = []
    for v in result.get("violations", []):
        nodes = v.get("nodes", [])
        violations.append(Violation(
            rule=v["id"], impact=v.get("impact") or "?", help=v.get("help", ""), help_url=v.get("helpUrl", ""),
            tags=[t for t in v.get("tags", []) if t.startswith("wcag")],
            targets=[" ".join(map(str, n.get("target", []))) for n in nodes],
            html=[" ".join((n.get("html") or "").split())[:160] for n in nodes],
            summaries=[n.get("failureSummary") or "" for n in nodes],
        ))
    return violations, result.get("testEngine", {}).get("version", "?")
