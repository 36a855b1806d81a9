"""Journey 7: everything by keyboard: sign in, create a contact, log a task on it, move a deal on
the board. No mouse, no fill(): the focus moves with Tab / Shift+Tab, text is typed key by key,
forms are sent with Enter or Space, selects change with typed letters or arrow keys; every element
the focus passes must show it (kbd.py)."""
import re

from playwright.sync_api import expect

from harness import Journey, journey
from kbd import Keyboard
from ui import fact, heading, nav, stage_column

CONTACT, CONTACT_TYPO, TITLE = "Grace Hopper", "Grace Hoper", "Rear Admiral"
EMAIL = "grace.hopper@keyboard.example"
TASK, TASK_DETAILS = "Keyboard journey: send Grace the COBOL proposal", "Two pages, no mouse."
DUE_TYPED, DUE_VALUE = ("12312030", "0930A"), "2030-12-31T09:30"  # en-US datetime-local: mm dd yyyy, hh mm AM/PM
DEAL = "Keyboard journey: Hopper compiler licence"


@journey(7, "A rep signs in, creates a contact and logs a task on it, and moves a deal on the board with the arrow "
            "key, all with the keyboard only; the focus is visible on every element it passes")
def keyboard_only(j: Journey):
    rep = j.person("rep", signed_in=False)
    page = rep.page
    keys = Keyboard(rep)

    # Sign in: the address is typed (goto); then Tab to the fields, type, Enter.
    rep.goto("/sign-in")
    keys.type_into(page.get_by_label("E-mail"), "the E-mail field", rep.user["email"])
    keys.type_into(page.get_by_label("Password"), "the Password field", rep.user["password"])
    keys.load("Enter")
    expect(heading(page)).to_have_text("Home")

    # The skip link comes first and moves the focus to the main content.
    keys.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert keys.is_focused(skip), f"the first Tab on Home focuses {keys.focused()}, not the 'Skip to content' link"
    keys.press("Enter")
    expect(page.locator("main#main"), "Enter on 'Skip to content' moves the focus to <main>").to_be_focused()

    # Contacts → New Contact, through the navigation (Shift+Tab back up from the main content).
    keys.tab_to(nav(page, "Contacts"), "the Contacts link of the navigation")
    keys.load("Enter")
    expect(heading(page)).to_have_text("Contacts")
    keys.tab_to(page.locator("main").get_by_role("link", name="New Contact"), "the New Contact link")
    keys.load("Enter")
    expect(heading(page)).to_have_text(re.compile("New Contact|Contact"))

    # The form: a typo in the name, corrected after going back with Shift+Tab.
    keys.type_into(page.locator("#in-name"), "the Name field", CONTACT_TYPO)
    keys.type_into(page.locator("#in-title"), "the Job title field", TITLE)
    keys.type_into(page.locator("#in-name"), "the Name field again", CONTACT)  # Tab selects the text: typing replaces it
    expect(page.locator("#in-name")).to_have_value(CONTACT)
    keys.type_into(page.locator("#in-emails"), "the E-mails field", EMAIL)
    keys.tab_to(page.locator("main").get_by_role("button", name="Create", exact=True), "the Create button")
    keys.load("Space")
    expect(heading(page)).to_have_text(CONTACT)
    contact_id = rep.record_id()
    expect(fact(page, "Job title")).to_have_text(TITLE)
    expect(fact(page, "E-mails")).to_contain_text(EMAIL)

    # Log a task from the contact's timeline: the type chosen by typing its name into the select.
    timeline = page.locator("#timeline")
    kind = timeline.locator("#qa-type")
    keys.tab_to(kind, "the activity type select")
    page.keyboard.type("Task")
    expect(kind, "typing 'Task' on the focused select chooses Task").to_have_value("task")
    keys.type_into(timeline.locator("#qa-subject"), "the Subject field", TASK)
    # Due: month and day advance on their own; the year takes up to 6 digits, so ArrowRight moves on.
    keys.type_into(timeline.locator("#qa-due"), "the Due field", DUE_TYPED[0])
    keys.press("ArrowRight")
    page.keyboard.type(DUE_TYPED[1])
    expect(timeline.locator("#qa-due"), "the due date typed segment by segment").to_have_value(DUE_VALUE)
    keys.type_into(timeline.locator("#qa-details"), "the Details field", TASK_DETAILS)
    keys.tab_to(timeline.get_by_role("button", name="Add", exact=True), "the Add button")
    keys.load("Enter")
    expect(heading(page)).to_have_text(CONTACT)
    entry = page.locator("#timeline li").filter(has=page.get_by_role("link", name=TASK, exact=True))
    expect(entry, "the task is on the contact's timeline").to_have_count(1)
    expect(entry).to_contain_text("Task")
    task_link = entry.get_by_role("link", name=TASK, exact=True)
    keys.tab_to(task_link, "the task's link on the timeline")
    keys.load("Enter")
    expect(heading(page)).to_have_text(TASK)
    expect(fact(page, "Type")).to_have_text("Task")
    expect(fact(page, "Details")).to_contain_text(TASK_DETAILS)
    expect(page.locator("dl.facts").get_by_role("link", name=CONTACT, exact=True),
           "the task links back to the contact").to_have_attribute("href", f"/contacts/{contact_id}")

    # A deal, by keyboard: Opportunities → New Opportunity, stage chosen with the arrow keys.
    keys.tab_to(nav(page, "Opportunities"), "the Opportunities link of the navigation")
    keys.load("Enter")
    keys.tab_to(page.locator("main").get_by_role("link", name="New Opportunity"), "the New Opportunity link")
    keys.load("Enter")
    keys.type_into(page.locator("#in-name"), "the Name field", DEAL)
    stage = page.locator("#in-stageId")
    keys.tab_to(stage, "the Stage select")
    stages = stage.evaluate("s => Array.from(s.options).filter(o => o.value).map(o => [o.textContent.trim(), o.value])")
    names = [name for name, _ in stages]
    assert "Prospecting" in names and "Qualification" in names, f"the Stage select offers {names}"
    for _ in range(len(stages) + 1):  # to the top, then down to Prospecting
        page.keyboard.press("ArrowUp")
    while stage.evaluate("s => s.options[s.selectedIndex].textContent.trim()") != "Prospecting":
        before = stage.input_value()
        page.keyboard.press("ArrowDown")
        assert stage.input_value() != before, f"ArrowDown on the Stage select does not move past {before!r}"
    prospecting = dict(stages)["Prospecting"]
    qualification = dict(stages)["Qualification"]
    keys.tab_to(page.locator("main").get_by_role("button", name="Create", exact=True), "the Create button")
    keys.load("Enter")
    expect(heading(page)).to_have_text(DEAL)
    deal_id = rep.record_id()
    expect(fact(page, "Stage")).to_have_text("Prospecting")

    # The board: Tab to the deal's card, ArrowRight moves it to Qualification.
    keys.tab_to(nav(page, "Pipeline board"), "the Pipeline board link of the navigation")
    keys.load("Enter")
    expect(heading(page)).to_have_text("Pipeline board")
    card = page.locator(f"#card-{deal_id}")
    expect(stage_column(page, prospecting).locator(f"#card-{deal_id}"), "the deal's card is in Prospecting").to_have_count(1)
    keys.tab_to(card, f"the card of {DEAL!r} on the board")
    keys.load("ArrowRight")
    expect(page).to_have_url(re.compile(rf"/board\?.*moved=1.*#card-{deal_id}$"))
    expect(page.get_by_role("status")).to_contain_text("The deal was moved.")
    expect(stage_column(page, qualification).locator(f"#card-{deal_id}"), "after ArrowRight the card is in Qualification").to_have_count(1)
    expect(card, "after the move the card has the focus again").to_be_focused()
    keys.check_focus()  # the card, focused by the page's script after the reload
    j.screenshot(rep)

    # Back to Prospecting with ArrowLeft, still without a mouse.
    keys.load("ArrowLeft")
    expect(stage_column(page, prospecting).locator(f"#card-{deal_id}"), "after ArrowLeft the card is back in Prospecting").to_have_count(1)
    expect(card).to_be_focused()
    keys.check_focus()
    assert keys.stops > 20, f"only {keys.stops} focus stops were checked"
    j.notes.add(f"{keys.stops} focus stops checked for a visible focus indicator")
