"""The browser test harness: journeys, the people who walk them, and what every page must satisfy.

A journey is a function registered with @journey; it receives a Journey object and drives one or
more signed-in people (each one a separate browser context, so separate cookies) through the web
app with Playwright. Every page load goes through Person.goto(), Person.follow() (click and wait)
or `with person.navigation():` (any other action that loads a page); the harness keeps each page
(the HTML the server sent and the DOM after load, under pages/) and checks it without being asked:

  * the document answered 2xx (unless the journey expects otherwise, see Person.expect_status);
  * no missing translation marker "[[" in the page;
  * no JavaScript errors, console errors (CSP violations show up here), failed sub-resources;
  * no accessibility violations found by axe-core's WCAG 2 A/AA rules, run once the page has
    loaded (see a11y.py); each one is a problem of the journey, with rule, impact, help, elements;
  * afterwards, all pages are validated as HTML by the Nu HTML Checker (see validate.py);
  * a page loaded any other way fails the journey, since it could not be checked;
  * a page changed in place by script (no load) is checked the same way when the journey asks,
    with Person.check_now() (its DOM is kept, validated and checked with axe).

A person can be made without JavaScript (Journey.person(key, javascript=False)) to walk the
plain-HTML path; their pages are checked the same way (axe runs in a script-enabled twin of the
page, see Person._axe_page).

Each journey leaves exactly one PNG, test-output/browser/<id>-<slug>.png: the screenshot the
journey takes with Journey.screenshot(), or the last page when it took none or failed.
"""
from __future__ import annotations

import contextlib
import dataclasses
import re
import time
import traceback
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Download, Locator, Page, Response, expect

import a11y

MISSING_TRANSLATION = "[["
EXPECT_TIMEOUT_MS = 10_000
ACTION_TIMEOUT_MS = 20_000

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@dataclasses.dataclass
class JourneySpec:
    id: str  # "j01"
    slug: str  # file-name friendly title
    title: str  # what the user does, in words
    run: Callable[["Journey"], None]


JOURNEYS: list[JourneySpec] = []


def journey(number: int, title: str):
    """Register a journey; journeys run in number order, each in fresh browser contexts."""

    def register(fn: Callable[["Journey"], None]):
        slug = re.sub(r"[^a-z0-9]+", "-", fn.__name__.lower()).strip("-")
        spec = JourneySpec(id=f"j{number:02d}", slug=slug, title=title, run=fn)
        if any(j.id == spec.id for j in JOURNEYS):
            raise ValueError(f"two journeys numbered {number}")
        JOURNEYS.append(spec)
        JOURNEYS.sort(key=lambda j: j.id)
        return fn

    return register


@dataclasses.dataclass
class Visit:
    """One HTML page a person loaded in the main frame."""

    index: int
    journey: str
    person: str
    method: str
    url: str
    status: int
    source: str | None = None  # the HTML the server sent
    dom: str | None = None  # page.content() after the load event
    files: dict[str, Path] = dataclasses.field(default_factory=dict)  # "source"/"dom" -> saved file
    axe: list[a11y.Violation] | None = None  # None: axe did not run (see Journey.problems)
    after: str | None = None  # a snapshot of the page after an in-page change (Person.check_now), not a load


    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def label(self) -> str:
        return f"{self.method} {self.path} ({self.person}, HTTP {self.status})" + (f" after {self.after}" if self.after else "")


class Run:
    """State shared by all journeys of one run: the server, the users, the output folder."""

    def __init__(self, browser: Browser, base_url: str, users: dict, out: Path):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.users = users
        self.out = out
        self.pages_dir = out / "pages"
        self.pages_dir.mkdir(parents=True, exist_ok=True)
        self.visits: list[Visit] = []
        self.axe_version: str | None = None

    def save_visit(self, visit: Visit) -> None:
        stem = re.sub(r"[^A-Za-z0-9]+", "-", visit.path.split("?")[0]).strip("-") or "home"
        if visit.after:
            stem += "-after-" + re.sub(r"[^A-Za-z0-9]+", "-", visit.after).strip("-")
        stem = f"{visit.index:03d}-{visit.journey}-{visit.person}-{stem}"[:120]
        for kind, html in (("source", visit.source), ("dom", visit.dom)):
            if html is None:
                continue
            file = self.pages_dir / f"{stem}.{kind}.html"
            file.write_text(html, encoding="utf-8")
            visit.files[kind] = file


class Person:
    """One signed-in (or not yet signed-in) user in their own browser context."""

    def __init__(self, journey: "Journey", key: str, javascript: bool = True):
        if key not in journey.run_state.users:
            raise KeyError(f"no user '{key}' in the fixture (have: {', '.join(journey.run_state.users)})")
        self.journey = journey
        self.key = key
        self.user = journey.run_state.users[key]
        self.javascript = javascript
        self._twin: Page | None = None  # where axe runs when this context has no JavaScript (see _axe_page)
        self._twin_document: tuple[str, str] = ("", "")
        run = journey.run_state
        self.context = run.browser.new_context(
            base_url=run.base_url, locale="en-US", timezone_id="UTC", viewport={"width": 1280, "height": 900},
            java_script_enabled=javascript,
        )
        self.context.set_default_timeout(ACTION_TIMEOUT_MS)
        self.page: Page = self.context.new_page()
        self._expected_status: set[int] = set()
        self._loads: list[str] = []  # main-frame page loads not yet captured
        self._expected_failures: set[str] = set()  # pages loaded with a status the journey expected
        self.response: Response | None = None  # the response of the last page load (status, headers)
        self._navigation_responses: dict[str, Response] = {}  # main-frame navigations by URL (for downloads)
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problem(f"JavaScript error on {self.page.url}: {error}"))
        self.page.on("requestfailed", self._on_request_failed)

    # -- recording -------------------------------------------------------------------------

    def problem(self, message: str) -> None:
        self.journey.problems.append(f"[{self.key}] {message}")

    # Event handlers make no Playwright calls: they run in order with the protocol's events, so
    # what they record is complete by the time a navigation or an assertion returns.
    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 400 and request.resource_type != "document":
            if urlsplit(response.url).path == "/favicon.ico":
                self.journey.notes.add(f"GET /favicon.ico answers HTTP {response.status} (the browser asks for it on every page)")
            else:
                self.problem(f"{request.method} {response.url} answered HTTP {response.status} (sub-resource)")
        if request.is_navigation_request() and request.frame == self.page.main_frame and not 300 <= response.status < 400:
            self._loads.append(f"{request.method} {response.url}")
            self._navigation_responses[response.url] = response
            if response.status in self._expected_status:
                self._expected_failures.add(response.url)  # the browser logs it as a failed load

    def _on_console(self, message) -> None:
        if message.type not in ("error", "warning"):
            return
        source = (message.location or {}).get("url", "")
        if "Failed to load resource" in message.text and urlsplit(source).path == "/favicon.ico":
            self.journey.notes.add(f"GET /favicon.ico fails ({message.text}); the browser asks for it on its own")
            return
        if "Failed to load resource" in message.text and source in self._expected_failures:
            return
        self.problem(f"console {message.type} on {self.page.url}: {message.text}" + (f" ({source})" if source else ""))

    def _on_request_failed(self, request) -> None:
        failure = request.failure or ""
        if "ERR_ABORTED" in failure and request.resource_type == "document":
            return  # a navigation replaced by another one (e.g. a redirect or a download)
        self.problem(f"{request.method} {request.url} failed: {failure}")

    def _capture(self, response: Response | None) -> Visit | None:
        """Keep the page just loaded (as sent and as built) and check what every page must satisfy."""
        if response is None:
            self.problem(f"no response for the navigation to {self.page.url}")
            return None
        self.response = response
        request = response.request
        key = f"{request.method} {response.url}"
        if key in self._loads:
            self._loads.remove(key)
        self._navigation_responses.pop(response.url, None)
        run = self.journey.run_state
        visit = Visit(len(run.visits) + 1, self.journey.spec.id, self.key, request.method, response.url, response.status)
        run.visits.append(visit)
        self.journey.visits.append(visit)
        if "text/html" not in (response.headers.get("content-type") or ""):
            self.problem(f"{visit.label()}: not an HTML page ({response.headers.get('content-type')})")
        try:
            visit.source = response.text()
        except Exception as error:  # noqa: BLE001 - reported, not fatal
            self.problem(f"could not read the HTML of {visit.label()}: {error}")
        visit.dom = self.page.content()
        run.save_visit(visit)
        if not (200 <= response.status < 300 or response.status in self._expected_status):
            self.problem(f"{visit.label()}: unexpected status {response.status}")
        self._expected_status = set()
        for kind, html in (("HTML as sent", visit.source), ("DOM", visit.dom)):
            if html and MISSING_TRANSLATION in html:
                line = next(l.strip() for l in html.splitlines() if MISSING_TRANSLATION in l)
                self.problem(f"{visit.label()}: the {kind} contains {MISSING_TRANSLATION!r} (a missing translation key): {line[:200]}")
                break
        self._check_accessibility(visit)
        return visit

    def _check_accessibility(self, visit: Visit) -> None:
        """axe-core's WCAG 2 A/AA rules on the page just loaded (after page.content() was kept)."""
        try:
            visit.axe, version = a11y.check(self._axe_page(visit))
            self.journey.run_state.axe_version = version
        except Exception as error:  # noqa: BLE001 - reported, not fatal
            self.problem(f"axe-core could not run on {visit.label()}: {error}")
            return
        for violation in visit.axe:
            self.problem(violation.describe(visit.label()))

    def check_now(self, after: str) -> Visit:
        """Keep and check the page as it is now, after a change made in the page without loading a
        new one (a form swapped in by script, say): its DOM is validated and checked with axe like a
        page load's. `after` says what changed, e.g. "opening the Probability form in place"."""
        run = self.journey.run_state
        status = self.response.status if self.response else 200
        method = self.response.request.method if self.response else "GET"
        visit = Visit(len(run.visits) + 1, self.journey.spec.id, self.key, method, self.page.url, status, after=after)
        run.visits.append(visit)
        self.journey.visits.append(visit)
        visit.dom = self.page.content()
        run.save_visit(visit)
        if MISSING_TRANSLATION in visit.dom:
            line = next(l.strip() for l in visit.dom.splitlines() if MISSING_TRANSLATION in l)
            self.problem(f"{visit.label()}: the DOM contains {MISSING_TRANSLATION!r} (a missing translation key): {line[:200]}")
        self._check_accessibility(visit)
        return visit

    def _axe_page(self, visit: Visit) -> Page:
        """The page axe-core runs in. axe waits on promises, which never settle in a page without
        JavaScript (no microtasks, no timers, even for DevTools evaluations), so for a person made
        with javascript=False it runs in a twin: a page of a second, script-enabled context that
        loads the same address, answered with the DOM kept for this visit, with the same stylesheet
        from the server and every script answered empty, so it is the page as a browser without
        JavaScript shows it."""
        if self.javascript:
            return self.page
        if self._twin is None:
            run = self.journey.run_state
            context = run.browser.new_context(base_url=run.base_url, locale="en-US", timezone_id="UTC",
                                              viewport=self.page.viewport_size or {"width": 1280, "height": 900})
            self._twin = context.new_page()

            def answer(route, request):
                if request.is_navigation_request() and request.url == self._twin_document[0]:
                    route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self._twin_document[1])
                elif request.resource_type == "script":
                    route.fulfill(status=200, content_type="text/javascript; charset=utf-8", body="")
                else:
                    route.continue_()

            self._twin.route("**/*", answer)
        self._twin_document = (visit.url.split("#")[0], visit.dom or visit.source or "")
        self._twin.goto(self._twin_document[0], wait_until="load")
        return self._twin

    def close(self) -> None:
        for context in ([self._twin.context] if self._twin else []) + [self.context]:
            try:
                context.close()
            except Exception:  # noqa: BLE001
                pass

    def uncaptured(self) -> list[str]:
        """Pages loaded outside goto()/follow()/navigation(), which the harness could not check."""
        return list(self._loads)

    # -- actions ---------------------------------------------------------------------------

    def expect_status(self, *statuses: int) -> "Person":
        """Allow these non-2xx statuses for the next page load (e.g. 422 for a rejected form)."""
        self._expected_status = set(statuses)
        return self

    def goto(self, path: str) -> Page:
        """Open `path` (relative to the server) like typing it in the address bar."""
        self._capture(self.page.goto(path, wait_until="load"))
        return self.page

    @contextlib.contextmanager
    def navigation(self):
        """Wrap any action that loads a new page (a click, pressing Enter in a form...)."""
        with self.page.expect_navigation(wait_until="load") as info:
            yield
        self._capture(info.value)

    def follow(self, target: Locator) -> Page:
        """Click a link or submit button and wait until the page it leads to has loaded."""
        with self.navigation():
            target.click()
        return self.page

    def download(self, target: Locator) -> tuple[Download, Response | None]:
        """Click a link that answers with a file (Content-Disposition: attachment), wait for the
        download, and return it with its HTTP response (headers). Not a page: nothing to validate."""
        with self.page.expect_download() as info:
            target.click()
        download = info.value
        download.path()  # wait until the file is complete
        response = self._navigation_responses.pop(download.url, None)
        key = f"GET {download.url}"
        if key in self._loads:
            self._loads.remove(key)
        return download, response

    def sign_in(self) -> Page:
        """Sign in through the form, as a person would, and land on Home."""
        page = self.goto("/sign-in")
        page.get_by_label("E-mail").fill(self.user["email"])
        page.get_by_label("Password").fill(self.user["password"])
        self.follow(page.locator("main form").get_by_role("button", name="Sign in"))
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Home")
        return page

    def sign_out(self) -> Page:
        self.follow(self.page.locator("header").get_by_role("button", name="Sign out"))
        expect(self.page).to_have_url(re.compile(r"/sign-in"))
        return self.page

    def record_id(self) -> str:
        """The id of the record whose page is open (the last path segment)."""
        return urlsplit(self.page.url).path.rstrip("/").split("/")[-1]


class Journey:
    """What a journey function gets: people to drive, and the screenshot."""

    def __init__(self, run_state: Run, spec: JourneySpec):
        self.run_state = run_state
        self.spec = spec
        self.people: list[Person] = []
        self.visits: list[Visit] = []
        self.problems: list[str] = []
        self.notes: set[str] = set()  # worth knowing, not failures
        self.screenshot_path = run_state.out / f"{spec.id}-{spec.slug}.png"
        self._screenshot_taken = False
        self._last: Person | None = None

    def person(self, key: str, signed_in: bool = True, javascript: bool = True) -> Person:
        """A new browser context for user `key` of the fixture, signed in through the form by default.
        javascript=False: the context runs none of the pages' scripts (the no-JavaScript path); the
        harness's own checks (axe, page.content()) still run through the DevTools protocol."""
        person = Person(self, key, javascript=javascript)
        self.people.append(person)
        self._last = person
        if signed_in:
            person.sign_in()
        return person

    def screenshot(self, person: Person) -> Path:
        """The journey's one PNG: the full page `person` sees now."""
        person.page.screenshot(path=str(self.screenshot_path), full_page=True)
        self._screenshot_taken = True
        self._last = person
        return self.screenshot_path

    def close(self, failed: bool) -> None:
        last = self._last
        if last is not None and (failed or not self._screenshot_taken):
            try:
                last.page.screenshot(path=str(self.screenshot_path), full_page=True)
            except Exception as error:  # noqa: BLE001
                self.problems.append(f"could not take the screenshot: {error}")
        for person in self.people:
            for load in person.uncaptured():
                self.problems.append(f"[{person.key}] {load}: page loaded outside goto()/follow()/navigation(), so not checked")
            person.close()


@dataclasses.dataclass
class Result:
    spec: JourneySpec
    passed: bool
    seconds: float
    failure: str | None
    problems: list[str]
    visits: list[Visit]
    screenshot: Path | None
    notes: list[str]


def run_journey(run_state: Run, spec: JourneySpec) -> Result:
    journey_state = Journey(run_state, spec)
    started = time.monotonic()
    failure = None
    try:
        spec.run(journey_state)
    except Exception as error:  # noqa: BLE001 - any failure fails this journey only
        failure = f"{type(error).__name__}: {error}"
        frames = [f for f in traceback.extract_tb(error.__traceback__) if "/journeys/" in f.filename]
        if frames:
            where = frames[-1]
            failure += f"\n    at {Path(where.filename).name}:{where.lineno}: {where.line}"
        page = journey_state._last.page if journey_state._last else None
        if page is not None:
            failure += f"\n    page: {page.url}"
    journey_state.close(failed=failure is not None)
    screenshot = journey_state.screenshot_path if journey_state.screenshot_path.exists() else None
    if screenshot is None:
        journey_state.problems.append("the journey left no screenshot")
    passed = failure is None and not journey_state.problems
    return Result(spec, passed, time.monotonic() - started, failure, journey_state.problems, journey_state.visits, screenshot,
                  sorted(journey_state.notes))
