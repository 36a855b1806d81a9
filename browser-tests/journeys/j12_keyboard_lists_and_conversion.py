"""Journey 12: list work and a lead's conversion with the keyboard only: a manager filters the leads,
saves the view and opens it again, selects two rows and gives them to a rep, and converts a lead.
The focus moves with Tab / Shift+Tab; details open with Enter, checkboxes toggle with Space, selects
change by typing, forms are sent with Enter or Space; every element the focus passes must show it
(kbd.py). Only the leads themselves are made with the mouse, as journey 7 makes records by keyboard."""
import re

from playwright.sync_api import Locator, expect

from harness import Journey, journey
from journeys.j03_manager_and_partners import create_lead
from kbd import Keyboard
from ui import fact, heading, nav

COMPANY_WORD = "Vireo"  # in the company of these three leads only
LEADS = {  # name -> company
    "Keyboard list: Ada Byron": "Vireo Analytics",
    "Keyboard list: Charles Babbage": "Vireo Engines",
    "Keyboard list: Mary Somerville": "Vireo Optics",
}
GIVEN = ["Keyboard list: Ada Byron", "Keyboard list: Charles Babbage"]  # to the rep, in bulk
CONVERTED = "Keyboard list: Mary Somerville"
VIEW = "Vireo leads"
DEAL, AMOUNT = "Keyboard journey: Vireo Optics lens line", "7500"


def owner_of(rows: Locator, name: str) -> Locator:
    """The last cell (Owner) of a lead's row in the Leads list."""
    return rows.filter(has=rows.page.get_by_role("link", name=name, exact=True)).locator("td").last


@journey(12, "A manager filters the leads list, saves the view and opens it again, gives two selected leads to a rep "
             "and converts a lead, all with the keyboard; the focus is visible on every element it passes")
def keyboard_lists_and_conversion(j: Journey):
    manager = j.person("manager")
    page = manager.page
    for name, company in LEADS.items():
        create_lead(manager, name, company)
    keys = Keyboard(manager)

    # Leads, from the navigation.
    keys.tab_to(nav(page, "Leads"), "the Leads link of the navigation")
    keys.load("Enter")
    expect(heading(page)).to_have_text("Leads")

    # Filters: Enter opens them; the Company filter; Enter on "Apply filters".
    filters = page.locator("form.search details")
    keys.tab_to(filters.locator("summary"), "the Filters summary")
    keys.press("Enter")
    expect(filters, "Enter on the Filters summary opens them").to_have_attribute("open", "")
    keys.type_into(page.locator("#f-company"), "the Company (contains) filter", COMPANY_WORD)
    keys.tab_to(filters.get_by_role("button", name="Apply filters", exact=True), "the Apply filters button")
    keys.load("Enter")
    expect(page).to_have_url(re.compile(rf"filter%5Bcompany%5D%5Bcontains%5D={COMPANY_WORD}|filter\[company\]\[contains\]={COMPANY_WORD}"))
    rows = page.locator("table.records tbody tr")
    expect(rows, f"only the leads whose company contains {COMPANY_WORD!r}").to_have_count(len(LEADS))
    for name in LEADS:
        expect(rows.get_by_role("link", name=name, exact=True)).to_have_count(1)

    # Save the filtered list as a view: Enter opens "Saved views", type its name, Space on the button.
    views = page.locator("details.saved-views")
    keys.tab_to(views.locator("summary"), "the Saved views summary")
    keys.press("Enter")
    expect(views).to_have_attribute("open", "")
    keys.type_into(views.locator("#view-name"), "the View name field", VIEW)
    keys.tab_to(views.get_by_role("button", name="Save this view", exact=True), "the Save this view button")
    keys.load("Space")
    saved = page.locator("details.saved-views").get_by_role("link", name=VIEW, exact=True)
    expect(saved, "the saved view is listed").to_have_count(1)
    expect(saved).to_have_attribute("href", re.compile(r"^/leads\?.*company.*contains.*=" + COMPANY_WORD))

    # The view again, from the unfiltered list: Tab to its link, Enter.
    keys.tab_to(nav(page, "Leads"), "the Leads link of the navigation")
    keys.load("Enter")
    expect(page, "the Leads link opens the list without filters").not_to_have_url(re.compile(r"filter"))
    keys.tab_to(page.locator("details.saved-views").get_by_role("link", name=VIEW, exact=True), f"the saved view {VIEW!r}")
    keys.load("Enter")
    rows = page.locator("table.records tbody tr")
    expect(rows, f"the saved view {VIEW!r} shows the filtered leads").to_have_count(len(LEADS))

    # Bulk: Space checks two rows; the action and the new owner are chosen by typing; Enter applies.
    for name in GIVEN:
        box = page.get_by_role("checkbox", name=f"Select {name}", exact=True)
        keys.tab_to(box, f"the checkbox of {name!r}")
        keys.press("Space")
        expect(box, f"Space checks the row of {name!r}").to_be_checked()
    action, owner = page.locator("#bulk-action"), page.locator("#bulk-owner")
    keys.tab_to(action, "the bulk action select")
    page.keyboard.type("Assign")
    expect(action, "typing 'Assign' chooses Assign owner").to_have_value("assign")
    keys.tab_to(owner, "the new owner select")
    page.keyboard.type("Rep Browser")
    expect(owner.locator("option:checked"), "typing the rep's name chooses them").to_have_text("Rep Browser")
    keys.tab_to(page.locator("form#bulk").get_by_role("button", name="Apply", exact=True), "the Apply button")
    keys.load("Enter")
    expect(page.get_by_role("status")).to_have_text("2 records changed.")
    rows = page.locator("table.records tbody tr")
    expect(rows, "the list is still the saved view's").to_have_count(len(LEADS))
    for name in LEADS:
        expect(owner_of(rows, name), f"the owner of {name!r}").to_have_text("Rep Browser" if name in GIVEN else "Manager Browser")
    j.screenshot(manager)

    # Convert the third lead from the Leads inbox: name, stage (typed), amount; Enter on Convert.
    keys.tab_to(nav(page, "Leads inbox"), "the Leads inbox link of the navigation")
    keys.load("Enter")
    item = page.locator("li.lead").filter(has=page.get_by_role("link", name=CONVERTED, exact=True))
    keys.tab_to(item.get_by_role("link", name="Convert", exact=True), f"the Convert link of {CONVERTED!r}")
    keys.load("Enter")
    expect(heading(page)).to_have_text(f"Convert: {CONVERTED}")
    expect(page.locator("#createOpportunity"), "an opportunity is made by default").to_be_checked()
    keys.type_into(page.locator("#opportunityName"), "the opportunity name", DEAL)  # Tab selects the company: typing replaces it
    expect(page.locator("#opportunityName")).to_have_value(DEAL)
    keys.tab_to(page.locator("#stageId"), "the Stage select")
    page.keyboard.type("Prop")
    expect(page.locator("#stageId option:checked"), "typing 'Prop' chooses Proposal").to_have_text("Proposal")
    keys.type_into(page.locator("#amount"), "the Amount field", AMOUNT)
    keys.tab_to(page.locator("main").get_by_role("button", name="Convert", exact=True), "the Convert button")
    keys.load("Enter")
    expect(page).to_have_url(re.compile(r"/opportunities/[0-9a-f-]{36}(\?|$)"))
    expect(heading(page)).to_have_text(DEAL)
    expect(fact(page, "Stage")).to_have_text("Proposal")
    expect(fact(page, "Amount")).to_have_text("$7,500.00")
    expect(fact(page, "Account").get_by_role("link", name=LEADS[CONVERTED])).to_have_count(1)
    expect(fact(page, "Primary contact").get_by_role("link", name=CONVERTED)).to_have_count(1)
    assert keys.stops > 20, f"only {keys.stops} focus stops were checked"
    j.notes.add(f"{keys.stops} focus stops checked for a visible focus indicator")
