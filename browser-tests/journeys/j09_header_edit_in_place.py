"""Journey 9: a key fact in a record page's header, edited in place: by keyboard with the page's
script (Tab to Edit, Enter, type, Enter; Escape cancels), refused with a message next to the field
in the user's language, and without JavaScript through the `?edit=` page and its plain form."""
import re
from contextlib import contextmanager

from playwright.sync_api import Locator, Page, expect

from harness import Journey, Person, journey
from kbd import Keyboard
from ui import fact, heading, nav, options, region, submit

DEAL = "Header journey: Umbrella cold-chain pilot"
LABEL = "Probability %"
FIELD_ID = "in-probability"  # the field's control, in the fact's form
FACT_ID = "fact-probability"  # the fact's <dd> in the header
EDIT_ID = "fact-probability-edit"  # its Edit link, where saving and cancelling come back to
TYPED, INVALID, NO_JS, MEANWHILE, AFTER_CONFLICT = "60", "150", "70", "75", "80"
MESSAGES = {  # validation.out_of_range.limits, with the field's label of the page's language
    "en": "{label} must be between 0 and 100.",
    "ru": "Значение «{label}» вне допустимого диапазона: от 0 до 100.",
}
CONFLICT = "Someone changed this record meanwhile. The current value is shown; save again to replace it."


def form_of(page: Page) -> Locator:
    return page.locator(f"dd#{FACT_ID} form.fact-form")


def field(page: Page) -> Locator:
    return form_of(page).locator(f"#{FIELD_ID}")


def edit_link(page: Page) -> Locator:
    return page.locator(f"a#{EDIT_ID}")


def expect_value(page: Page, value: str, why: str) -> None:
    expect(form_of(page), f"{why}: the fact shows its value, not a form").to_have_count(0)
    expect(page.locator(f"dd#{FACT_ID} .fact-value"), why).to_have_text(value)


def expect_refused(person: Person, language: str, typed: str) -> None:
    """The page after a refused value: the fact's form again, with the typed value, and the message
    next to the field, tied to it (aria-invalid, aria-describedby)."""
    page = person.page
    assert person.response.status == 422, f"saving {LABEL} = {typed}: HTTP {person.response.status}, expected 422"
    label = page.locator(f"dl.key-facts dd#{FACT_ID}").locator("xpath=preceding-sibling::dt[1]").inner_text().strip()
    message = MESSAGES[language].format(label=label)
    expect(field(page), "the refused value is shown again").to_have_value(typed)
    expect(field(page)).to_have_attribute("aria-invalid", "true")
    expect(field(page)).to_have_attribute("aria-describedby", f"{FIELD_ID}-error")
    expect(form_of(page).locator(f"#{FIELD_ID}-error"), f"the message next to {label}").to_have_text(message)
    expect(page.get_by_role("spinbutton", name=label), "the field keeps its accessible name").to_have_count(1)


def replace_text(page: Page, text: str) -> None:
    """Select what the focused field holds and type over it, key by key."""
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


@contextmanager
def language(person: Person, code: str):
    """The user's language set to `code` on their own page, and put back as it was afterwards
    (other journeys sign in as the same user and expect English)."""
    page = person.page

    def choose(value: str, name: str) -> None:
        person.follow(page.locator("header .me").get_by_role("link", name=name, exact=True))
        select = page.locator("#language")
        assert value in options(select).values(), f"/me: the Language select offers no {value!r} ({options(select)})"
        select.select_option(value)
        person.follow(page.locator("main form").filter(has=select).get_by_role("button"))

    person.goto("/me")
    before = page.locator("#language").input_value()
    choose(code, person.user["name"])
    expect(page.locator("html")).to_have_attribute("lang", code)
    try:
        yield
    finally:
        choose(before, person.user["name"])
        expect(page.locator("html")).to_have_attribute("lang", "en")


@journey(9, "A rep edits a key fact in the record header in place by keyboard, sees the new value and the change "
            "in the history; an invalid value is refused next to the field (in Russian for a Russian user), Escape "
            "cancels; without JavaScript the Edit link's page saves, and a stale version says it changed meanwhile")
def header_edit_in_place(j: Journey):
    rep = j.person("rep")
    page = rep.page

    # An opportunity of the rep's, in Prospecting.
    rep.follow(nav(page, "Opportunities"))
    rep.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    page.locator("#in-name").fill(DEAL)
    page.locator("#in-stageId").select_option(label="Prospecting")
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(DEAL)
    deal_id = rep.record_id()
    deal_path = f"/opportunities/{deal_id}"
    start = fact(page, LABEL).inner_text().strip()
    assert re.fullmatch(r"\d+", start) and start != TYPED, f"{LABEL} of the new deal is {start!r}"
    link = edit_link(page)
    expect(link, "the key fact has an Edit link").to_have_attribute("href", f"{deal_path}?edit=probability#{FIELD_ID}")
    expect(link).to_have_accessible_name(f"Edit {LABEL}")
    expect(link).to_have_text("Edit")

    # By keyboard: Tab to the Edit link, Enter: the form comes in place (no page load), its field focused.
    keys = Keyboard(rep)
    keys.tab_to(link, f"the Edit link of {LABEL}")
    keys.press("Enter")
    expect(form_of(page), "Enter on Edit opens the fact's form in place").to_have_count(1)
    expect(field(page), "the form's field has the focus").to_be_focused()
    keys.check_focus()
    expect(page, "opening the form in place loads no page").to_have_url(re.compile(rf"{re.escape(deal_path)}(\?saved=1)?(#.*)?$"))
    expect(field(page)).to_have_value(start)
    rep.check_now(f"opening the {LABEL} form in place")
    replace_text(page, TYPED)
    expect(field(page)).to_have_value(TYPED)
    keys.load("Enter")
    expect(page, "saving comes back to the fact's Edit link").to_have_url(re.compile(rf"{re.escape(deal_path)}\?saved=1#{EDIT_ID}$"))
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect_value(page, TYPED, "after Enter")
    if not keys.is_focused(edit_link(page)):
        j.notes.add(f"after saving a key fact the page comes back at #{EDIT_ID}, but the Edit link does not have the "
                    f"focus (the browser scrolls to a fragment without focusing it); the next Tab starts from there")
    changes = region(page, "Change history").locator("li li")
    expect(changes.filter(has_text=re.compile(rf"^\s*{re.escape(LABEL)}: {start} → {TYPED}\s*$")),
           "the change is in the history").to_have_count(1)

    # Escape on the form opened in place puts the value back, and the focus on the Edit link.
    keys.tab_to(edit_link(page), f"the Edit link of {LABEL}")
    keys.press("Enter")
    expect(field(page)).to_be_focused()
    replace_text(page, "99")
    keys.press("Escape")
    expect_value(page, TYPED, "after Escape")
    expect(edit_link(page), "after Escape the Edit link has the focus").to_be_focused()

    # An invalid value: refused, the message next to the field.
    keys.press("Enter")
    expect(field(page)).to_be_focused()
    replace_text(page, INVALID)
    rep.expect_status(422)
    keys.load("Enter")
    expect_refused(rep, "en", INVALID)
    expect(field(page), "the refused field has the focus").to_be_focused()
    # Escape on a form that came with the page goes back to the record.
    with rep.navigation():
        page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(rf"{re.escape(deal_path)}#{EDIT_ID}$"))
    expect_value(page, TYPED, "after Escape on the refused form")

    # Without JavaScript: the Edit link opens ?edit=, whose plain form posts and saves.
    plain = j.person("rep", javascript=False)
    page = plain.page
    plain.goto(deal_path)
    expect_value(page, TYPED, "without JavaScript")
    plain.follow(edit_link(page))
    expect(page).to_have_url(re.compile(rf"{re.escape(deal_path)}\?edit=probability#{FIELD_ID}$"))
    expect(field(page)).to_have_value(TYPED)
    expect(form_of(page).get_by_role("link", name="Cancel")).to_have_attribute("href", f"{deal_path}#{EDIT_ID}")
    field(page).fill(NO_JS)
    plain.follow(form_of(page).get_by_role("button", name="Save"))
    expect(page).to_have_url(re.compile(rf"{re.escape(deal_path)}\?saved=1#{EDIT_ID}$"))
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect_value(page, NO_JS, "saved without JavaScript")

    # A stale form: the rep changes the value in the other window meanwhile; saving the old form
    # shows the stored value and says so, and saving again replaces it.
    plain.follow(edit_link(page))
    rep.goto(f"{deal_path}?edit=probability")
    expect(field(rep.page), "a form that comes with the page takes the focus").to_be_focused()
    field(rep.page).fill(MEANWHILE)
    rep.follow(form_of(rep.page).get_by_role("button", name="Save"))
    expect_value(rep.page, MEANWHILE, "the change made meanwhile")
    field(page).fill(AFTER_CONFLICT)
    plain.expect_status(409).follow(form_of(page).get_by_role("button", name="Save"))
    assert plain.response.status == 409, f"saving a stale version: HTTP {plain.response.status}, expected 409"
    expect(form_of(page).locator(".field-error"), "the stale form says the record changed meanwhile").to_have_text(CONFLICT)
    expect(field(page), "the stale form shows the stored value").to_have_value(MEANWHILE)
    field(page).fill(AFTER_CONFLICT)
    plain.follow(form_of(page).get_by_role("button", name="Save"))
    expect_value(page, AFTER_CONFLICT, "saved again after the conflict")
    changes = region(page, "Change history").locator("li li")
    for old, new in ((TYPED, NO_JS), (NO_JS, MEANWHILE), (MEANWHILE, AFTER_CONFLICT)):
        expect(changes.filter(has_text=re.compile(rf"^\s*{re.escape(LABEL)}: {old} → {new}\s*$"))).to_have_count(1)

    # In Russian, the same refusal reads in Russian; Escape cancels.
    page = rep.page
    with language(rep, "ru"):
        rep.goto(deal_path)
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(edit_link(page)).to_have_text("Изменить")
        keys.tab_to(edit_link(page), "the Edit link of the probability, in Russian")
        keys.press("Enter")
        expect(field(page)).to_be_focused()
        replace_text(page, INVALID)
        rep.expect_status(422)
        keys.load("Enter")
        expect_refused(rep, "ru", INVALID)
        j.screenshot(rep)
        with rep.navigation():
            page.keyboard.press("Escape")
        expect_value(page, AFTER_CONFLICT, "after Escape, in Russian")
