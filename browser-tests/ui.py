"""Locators for the parts of Rapport's pages that journeys look at, found the way a person
finds them: by headings, labels and link text (ids only where the page promises them)."""
from __future__ import annotations

from playwright.sync_api import Locator, Page


def heading(page: Page) -> Locator:
    """The page's h1."""
    return page.get_by_role("heading", level=1)


def nav(page: Page, name: str) -> Locator:
    """A link of the main navigation in the header; a link of the Sales menu opens the menu first."""
    main = page.get_by_role("navigation", name="Main")
    link = main.get_by_role("link", name=name, exact=True)
    if not link.is_visible() and main.locator("details:not([open]) > summary").count() == 1:
        main.locator("details > summary").click()
    return link


def region(page: Page, title: str) -> Locator:
    """A card of a record page or Home, by its heading (sections labelled by their h2)."""
    return page.get_by_role("region", name=title, exact=True)


def section_by_id(page: Page, element_id: str) -> Locator:
    """The section carrying `element_id`, or the section whose heading carries it."""
    return page.locator(f"#{element_id}").locator("xpath=ancestor-or-self::section[1]")


def fact(page: Page, label: str) -> Locator:
    """The value shown for `label` on a record page: in the header's key facts (the value without its
    Edit link) or in Details."""
    dd = f"dt[normalize-space()='{label}']/following-sibling::dd[1]"
    value = "div[contains(concat(' ', normalize-space(@class), ' '), ' fact-value ')]"
    return page.locator("dl.facts").locator(f"xpath=./{dd}/{value} | ./{dd}[not({value})]")


def submit(page: Page, name: str) -> Locator:
    """The submit button `name` of the page's main form (not the header's sign-out form)."""
    return page.locator("main").get_by_role("button", name=name, exact=True)


def header_nav(page: Page) -> Locator:
    """The main navigation in the header, in whatever language the page is in."""
    return page.locator("header nav")


def options(select: Locator) -> dict[str, str]:
    """A select's options, label -> value."""
    return {o["label"].strip(): o["value"] for o in select.evaluate(
        "s => Array.from(s.options).map(o => ({label: o.textContent, value: o.value}))")}


def stage_column(page: Page, stage_id: str) -> Locator:
    """A column of the pipeline board, by its stage id."""
    return page.locator(f'section.stage[data-stage="{stage_id}"]')


def card(page: Page, record_id: str) -> Locator:
    """An opportunity's card on the pipeline board."""
    return page.locator(f"#card-{record_id}")
