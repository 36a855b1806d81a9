"""Journey 3: a manager sees the team's pipeline; partner users see only their own partner's leads."""
import re

from playwright.sync_api import expect

from harness import Journey, Person, journey
from ui import card, fact, heading, nav, options, section_by_id, stage_column, submit

DEAL = "Team journey: Globex warehouse expansion"
# GBP only appears in this journey, so the team's GBP row is this deal alone.
AMOUNT, CURRENCY, AMOUNT_TEXT, WEIGHTED_TEXT = "2500", "GBP", "£2,500.00", "£500.00"  # Qualification: 20%
LEADS = {  # the fixture's partner users and their partner organisations
    "partner": ("Partner journey: Harbour walk-in", "Harbour Resellers"),
    "partner2": ("Partner journey: Northgate web enquiry", "Northgate Partners"),
}


def create_lead(admin: Person, name: str, company: str) -> str:
    page = admin.page
    admin.follow(nav(page, "Leads"))
    admin.follow(page.locator("main").get_by_role("link", name="New Lead"))
    page.locator("#in-name").fill(name)
    page.locator("#in-company").fill(company)
    page.locator("#in-grade").select_option("A")
    page.locator("#in-status").select_option("new")
    admin.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(name)
    return admin.record_id()


def expect_not_found(person: Person, path: str, secret: str) -> None:
    """Typing `path` answers 404 with the friendly page, and shows nothing of the record."""
    page = person.expect_status(404).goto(path)
    status = person.response.status if person.response else None
    assert status == 404, f"GET {path} as {person.key}: expected HTTP 404, got {status}"
    expect(heading(page), f"GET {path} as {person.key}").to_have_text("Page not found")
    expect(page.locator("main")).to_contain_text("There is no such record, or you may not see it.")
    request_id = person.response.headers.get("x-request-id", "")
    assert request_id, f"GET {path}: the 404 response has no X-Request-Id header"
    expect(page.locator("main code"), "the error page shows the request id of its response").to_have_text(request_id)
    expect(page.locator("body"), f"the 404 page for {path} reveals the record").not_to_contain_text(secret)
    expect(page.get_by_role("link", name="Back to Home")).to_have_attribute("href", "/")


@journey(3, "A manager sees the rep's pipeline; a partner user sees only their partner's leads: another partner's "
            "lead answers \"not found\", and the partner cannot reach it by typing its URL")
def manager_and_partners(j: Journey):
    # The rep (team East) opens a deal.
    rep = j.person("rep")
    page = rep.page
    rep.follow(nav(page, "Opportunities"))
    rep.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    qualification = options(page.locator("#in-stageId"))["Qualification"]
    page.locator("#in-name").fill(DEAL)
    page.locator("#in-stageId").select_option(label="Qualification")
    page.locator("#in-amount").fill(AMOUNT)
    page.locator("#in-amount-ccy").fill(CURRENCY)
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(DEAL)
    deal_id = rep.record_id()

    # The manager of team East sees it: on Home, on the board, in the list and on its page.
    manager = j.person("manager")
    page = manager.page
    team = section_by_id(page, "home-team-pipeline")
    expect(page.locator("h2#home-team-pipeline"), "the manager's Home has the team pipeline").to_have_text("My team's open pipeline")
    row = team.locator("tbody tr").filter(has=page.locator("td", has_text=re.compile(rf"^{CURRENCY}$")))
    expect(row, f"one {CURRENCY} row in My team's open pipeline").to_have_count(1)
    expect(row.locator("td")).to_have_text([CURRENCY, "1", AMOUNT_TEXT, WEIGHTED_TEXT])

    manager.follow(nav(page, "Pipeline board"))
    deal = card(page, deal_id)
    expect(stage_column(page, qualification).locator(f"#card-{deal_id}"),
           "the rep's deal is on the manager's board, in Qualification").to_have_count(1)
    expect(deal.get_by_role("link", name=DEAL)).to_have_attribute("href", f"/opportunities/{deal_id}")
    expect(deal).to_contain_text(AMOUNT_TEXT)
    j.screenshot(manager)

    manager.follow(nav(page, "Opportunities"))
    listed = page.locator("table.records tbody tr").filter(has=page.get_by_role("link", name=DEAL, exact=True))
    expect(listed, "the rep's deal is in the manager's Opportunities list").to_have_count(1)
    expect(listed).to_contain_text("Rep Browser")
    manager.follow(listed.get_by_role("link", name=DEAL, exact=True))
    expect(heading(page)).to_have_text(DEAL)
    expect(fact(page, "Owner")).to_have_text("Rep Browser")
    expect(fact(page, "Team")).to_have_text("East")
    expect(fact(page, "Amount")).to_have_text(AMOUNT_TEXT)

    # An admin makes one lead per partner organisation and assigns it in the Leads inbox.
    admin = j.person("admin")
    page = admin.page
    lead_ids = {}
    for key, (name, partner) in LEADS.items():
        lead_ids[key] = create_lead(admin, name, f"{partner} customer")
    admin.follow(nav(page, "Leads inbox"))
    for key, (name, partner) in LEADS.items():
        item = page.locator("li.lead").filter(has=page.get_by_role("link", name=name, exact=True))
        expect(item, f"the new lead {name!r} is in the admin's Leads inbox").to_have_count(1)
        item.get_by_label("Partner organisation").select_option(label=partner)
        admin.follow(item.get_by_role("button", name="Assign"))
        expect(page.get_by_role("status")).to_have_text("The lead was assigned.")
        item = page.locator("li.lead").filter(has=page.get_by_role("link", name=name, exact=True))
        expect(item.get_by_label("Partner organisation").locator("option:checked")).to_have_text(partner)

    # Each partner user sees their own partner's lead, and nothing of the other one.
    for key, (name, partner) in LEADS.items():
        other_key = next(k for k in LEADS if k != key)
        other_name, other_id = LEADS[other_key][0], lead_ids[other_key]
        person = j.person(key)
        page = person.page

        person.follow(nav(page, "Leads"))
        expect(heading(page)).to_have_text("Leads")
        rows = page.locator("table.records tbody")
        expect(rows.get_by_role("link", name=name, exact=True), f"{key} ({partner}) sees their lead in Leads").to_have_count(1)
        expect(rows.get_by_role("link", name=other_name, exact=True),
               f"{key} ({partner}) must not see the other partner's lead in Leads").to_have_count(0)
        expect(page.locator("main"), f"{key}: Leads must not mention the other partner's lead").not_to_contain_text(other_name)
        # Searching: their own lead is found, the other partner's is not.
        for query, found in ((name, 1), (other_name, 0)):
            page.get_by_role("searchbox", name="Search").fill(query)
            person.follow(page.locator("form.search").get_by_role("button", name="Search", exact=True))
            expect(page.locator("table.records tbody").get_by_role("link", name=query, exact=True),
                   f"{key} ({partner}) searching Leads for {query!r}").to_have_count(found)

        person.follow(nav(page, "Leads inbox"))
        inbox = page.locator("main")
        expect(inbox.get_by_role("link", name=name, exact=True), f"{key} ({partner}) sees their lead in the Leads inbox").to_have_count(1)
        expect(inbox, f"{key}: the Leads inbox must not show the other partner's lead").not_to_contain_text(other_name)

        person.follow(inbox.get_by_role("link", name=name, exact=True))
        expect(heading(page)).to_have_text(name)
        expect(fact(page, "Partner organisation")).to_have_text(partner)

        # Typing the other partner's lead URL (and its edit and convert pages) answers "not found".
        for path in (f"/leads/{other_id}", f"/leads/{other_id}/edit", f"/leads/{other_id}/convert"):
            expect_not_found(person, path, other_name)
