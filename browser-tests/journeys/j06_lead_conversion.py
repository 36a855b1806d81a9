"""Journey 6: converting leads, one matching an existing account and contact, one matching nothing."""
import re

from playwright.sync_api import expect

from harness import Journey, Person, journey
from ui import fact, heading, nav, region, submit

KNOWN_ACCOUNT = "Fjordline Shipping AS"
KNOWN_PERSON, KNOWN_EMAIL = "Ingrid Berg", "ingrid.berg@fjordline.example"
KNOWN_DEAL = "Fjordline: fleet tracking renewal"
NEW_ACCOUNT = "Sierra Solar SL"
NEW_PERSON, NEW_EMAIL = "Tomás Ruiz", "tomas.ruiz@sierrasolar.example"


def create_lead(rep: Person, name: str, company: str, email: str, grade: str) -> str:
    page = rep.page
    rep.follow(nav(page, "Leads"))
    rep.follow(page.locator("main").get_by_role("link", name="New Lead"))
    page.locator("#in-name").fill(name)
    page.locator("#in-company").fill(company)
    page.locator("#in-email").fill(email)
    page.locator("#in-grade").select_option(grade)
    page.locator("#in-status").select_option("new")
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(name)
    return rep.record_id()


def open_conversion(rep: Person, name: str, lead_id: str) -> None:
    """From the Leads inbox, the lead's Convert link."""
    page = rep.page
    rep.follow(nav(page, "Leads inbox"))
    item = page.locator("li.lead").filter(has=page.get_by_role("link", name=name, exact=True))
    expect(item, f"the lead {name!r} is in the Leads inbox").to_have_count(1)
    convert = item.get_by_role("link", name="Convert", exact=True)
    expect(convert).to_have_attribute("href", f"/leads/{lead_id}/convert")
    rep.follow(convert)
    expect(heading(page)).to_have_text(f"Convert: {name}")


@journey(6, "Converting a lead creates or matches an account, a contact and an opportunity")
def lead_conversion(j: Journey):
    rep = j.person("rep")
    page = rep.page

    # What the rep already has: an account with one contact.
    rep.follow(nav(page, "Accounts"))
    rep.follow(page.locator("main").get_by_role("link", name="New Account"))
    page.locator("#in-name").fill(KNOWN_ACCOUNT)
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(KNOWN_ACCOUNT)
    account_id = rep.record_id()
    rep.follow(region(page, "Contacts").get_by_role("link", name="New Contact"))
    page.locator("#in-name").fill(KNOWN_PERSON)
    page.locator("#in-emails").fill(KNOWN_EMAIL)
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(KNOWN_PERSON)
    contact_id = rep.record_id()

    # Two leads: one from that company and person, one from nobody known.
    known_lead = create_lead(rep, KNOWN_PERSON, KNOWN_ACCOUNT, KNOWN_EMAIL, "H")
    new_lead = create_lead(rep, NEW_PERSON, NEW_ACCOUNT, NEW_EMAIL, "B")

    # The known lead: the conversion page names the existing account and contact.
    open_conversion(rep, KNOWN_PERSON, known_lead)
    match_account, match_contact = page.locator("#match-account"), page.locator("#match-contact")
    expect(match_account).to_have_text(f"Matches existing: {KNOWN_ACCOUNT}")
    expect(match_account.get_by_role("link", name=KNOWN_ACCOUNT)).to_have_attribute("href", f"/accounts/{account_id}")
    expect(match_contact).to_have_text(f"Matches existing: {KNOWN_PERSON}")
    expect(match_contact.get_by_role("link", name=KNOWN_PERSON)).to_have_attribute("href", f"/contacts/{contact_id}")
    expect(page.locator("#createOpportunity")).to_be_checked()
    page.locator("#opportunityName").fill(KNOWN_DEAL)
    page.locator("#stageId").select_option(label="Proposal")
    page.locator("#amount").fill("5000")
    page.locator("#currency").fill("EUR")
    j.screenshot(rep)
    rep.follow(submit(page, "Convert"))

    # It lands on the new opportunity, linked to the existing account and contact.
    expect(page).to_have_url(re.compile(r"/opportunities/[0-9a-f-]{36}(\?|$)"))
    expect(heading(page)).to_have_text(KNOWN_DEAL)
    deal_id = rep.record_id()
    expect(fact(page, "Account").get_by_role("link", name=KNOWN_ACCOUNT)).to_have_attribute("href", f"/accounts/{account_id}")
    expect(fact(page, "Primary contact").get_by_role("link", name=KNOWN_PERSON)).to_have_attribute("href", f"/contacts/{contact_id}")
    expect(fact(page, "Stage")).to_have_text("Proposal")
    expect(fact(page, "Amount")).to_have_text("€5,000.00")

    # The account still has exactly one contact for that person, and now the deal.
    rep.follow(fact(page, "Account").get_by_role("link", name=KNOWN_ACCOUNT))
    expect(heading(page)).to_have_text(KNOWN_ACCOUNT)
    contacts = region(page, "Contacts")
    expect(contacts.get_by_role("link", name=KNOWN_PERSON, exact=True), "one contact for the lead's person").to_have_count(1)
    expect(contacts.locator("li a"), "the account's Contacts after converting").to_have_count(1)
    expect(region(page, "Opportunities").get_by_role("link", name=KNOWN_DEAL, exact=True)).to_have_attribute(
        "href", f"/opportunities/{deal_id}")
    rep.follow(nav(page, "Accounts"))
    expect(page.locator("table.records tbody").get_by_role("link", name=KNOWN_ACCOUNT, exact=True),
           "no second account of that name").to_have_count(1)

    # The converted lead left the inbox and points at what it became.
    rep.follow(nav(page, "Leads inbox"))
    expect(page.locator("main").get_by_role("link", name=KNOWN_PERSON, exact=True), "a converted lead is not in the inbox").to_have_count(0)
    rep.goto(f"/leads/{known_lead}")
    expect(fact(page, "Status")).to_have_text("Converted")
    expect(fact(page, "Converted account").get_by_role("link")).to_have_attribute("href", f"/accounts/{account_id}")
    expect(fact(page, "Converted contact").get_by_role("link")).to_have_attribute("href", f"/contacts/{contact_id}")
    expect(fact(page, "Converted opportunity").get_by_role("link")).to_have_attribute("href", f"/opportunities/{deal_id}")

    # The unknown lead: the conversion page says account and contact will be created.
    open_conversion(rep, NEW_PERSON, new_lead)
    match_account, match_contact = page.locator("#match-account"), page.locator("#match-contact")
    expect(match_account).to_have_text(f"Will be created: {NEW_ACCOUNT}")
    expect(match_contact).to_have_text(f"Will be created: {NEW_PERSON}")
    expect(match_account.get_by_role("link")).to_have_count(0)
    expect(match_contact.get_by_role("link")).to_have_count(0)
    expect(page.locator("#opportunityName")).to_have_value(NEW_ACCOUNT)
    rep.follow(submit(page, "Convert"))

    expect(heading(page)).to_have_text(NEW_ACCOUNT)  # the opportunity, named after the company
    expect(page).to_have_url(re.compile(r"/opportunities/[0-9a-f-]{36}(\?|$)"))
    new_deal = rep.record_id()
    expect(fact(page, "Primary contact").get_by_role("link", name=NEW_PERSON)).to_be_visible()
    rep.follow(fact(page, "Account").get_by_role("link", name=NEW_ACCOUNT))
    expect(heading(page)).to_have_text(NEW_ACCOUNT)
    new_account = rep.record_id()
    assert new_account != account_id
    expect(region(page, "Opportunities").get_by_role("link", name=NEW_ACCOUNT, exact=True)).to_have_attribute(
        "href", f"/opportunities/{new_deal}")
    contacts = region(page, "Contacts")
    expect(contacts.locator("li a"), "the new account's Contacts").to_have_count(1)
    rep.follow(contacts.get_by_role("link", name=NEW_PERSON, exact=True))
    expect(heading(page)).to_have_text(NEW_PERSON)
    expect(fact(page, "E-mails")).to_contain_text(NEW_EMAIL)
    expect(fact(page, "Account").get_by_role("link", name=NEW_ACCOUNT)).to_have_attribute("href", f"/accounts/{new_account}")
