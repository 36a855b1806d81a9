"""Journey 1: a rep's first account tree, its contacts, and a logged call."""
import re

from playwright.sync_api import expect

from harness import Journey, journey
from ui import fact, heading, nav, region, section_by_id, submit

PARENT = "Northwind Holdings"
CHILD = "Northwind Logistics"
MANAGER = "Ada Lovelace"
REPORT = "Charles Babbage"
CALL = "Intro call with Charles about the renewal"


@journey(1, "A rep signs in, creates an account with a child account, adds two contacts where one "
            "reports to the other, logs a call, and sees it on the timeline and on Home")
def rep_account_tree(j: Journey):
    rep = j.person("rep", signed_in=False)
    page = rep.sign_in()

    # The parent account, from the Accounts list.
    rep.follow(nav(page, "Accounts"))
    expect(heading(page)).to_have_text("Accounts")
    rep.follow(page.locator("main").get_by_role("link", name="New Account"))
    page.locator("#in-name").fill(PARENT)
    page.locator("#in-industry").fill("Wholesale")
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(PARENT)
    parent_id = rep.record_id()
    parent_path = f"/accounts/{parent_id}"

    # A child account, started from the parent's "Child accounts" card.
    rep.follow(region(page, "Child accounts").get_by_role("link", name="New Account"))
    expect(page.locator("#in-parentId")).to_have_value(parent_id)
    page.locator("#in-name").fill(CHILD)
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(CHILD)
    child_id = rep.record_id()
    expect(fact(page, "Parent account").get_by_role("link", name=PARENT)).to_have_attribute("href", parent_path)
    tree = region(page, "Account tree")
    expect(tree.get_by_role("link", name=PARENT, exact=True)).to_have_attribute("href", parent_path)
    expect(tree.locator("[aria-current=page]")).to_have_text(CHILD)

    # Two contacts at the parent, started from its "Contacts" card; the second reports to the first.
    rep.follow(tree.get_by_role("link", name=PARENT, exact=True))
    expect(heading(page)).to_have_text(PARENT)
    rep.follow(region(page, "Contacts").get_by_role("link", name="New Contact"))
    expect(page.locator("#in-accountId")).to_have_value(parent_id)
    page.locator("#in-name").fill(MANAGER)
    page.locator("#in-title").fill("VP Operations")
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(MANAGER)
    manager_id = rep.record_id()

    rep.follow(fact(page, "Account").get_by_role("link", name=PARENT))
    rep.follow(region(page, "Contacts").get_by_role("link", name="New Contact"))
    expect(page.locator("#in-accountId")).to_have_value(parent_id)
    page.locator("#in-name").fill(REPORT)
    page.locator("#in-title").fill("Logistics lead")
    page.locator("#in-reportsToId").select_option(label=MANAGER)
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(REPORT)
    expect(fact(page, "Reports to").get_by_role("link", name=MANAGER)).to_have_attribute("href", f"/contacts/{manager_id}")
    expect(fact(page, "Account").get_by_role("link", name=PARENT)).to_have_attribute("href", parent_path)

    # Log a call from the subordinate's timeline.
    timeline = page.locator("#timeline")
    timeline.locator("#qa-type").select_option("call")
    timeline.locator("#qa-subject").fill(CALL)
    timeline.locator("#qa-details").fill("Renewal in Q3; wants a logistics add-on.")
    rep.follow(timeline.get_by_role("button", name="Add"))
    expect(heading(page)).to_have_text(REPORT)
    timeline = page.locator("#timeline")
    entry = timeline.locator("li").filter(has=page.get_by_role("link", name=CALL, exact=True))
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Call")

    # The parent lists its child account and both contacts; the manager's org chart lists the report.
    rep.follow(fact(page, "Account").get_by_role("link", name=PARENT))
    expect(region(page, "Child accounts").get_by_role("link", name=CHILD, exact=True)).to_have_attribute(
        "href", f"/accounts/{child_id}")
    contacts = region(page, "Contacts")
    expect(contacts.get_by_role("link", name=MANAGER, exact=True)).to_have_attribute("href", f"/contacts/{manager_id}")
    expect(contacts.get_by_role("link", name=REPORT, exact=True)).to_be_visible()
    rep.follow(contacts.get_by_role("link", name=MANAGER, exact=True))
    expect(region(page, "Organisation chart").get_by_role("link", name=REPORT, exact=True)).to_be_visible()

    # Home shows the call under "Recently logged".
    rep.follow(nav(page, "Home"))
    expect(heading(page)).to_have_text("Home")
    recent = section_by_id(page, "home-recent")
    expect(recent).to_contain_text("Recently logged")
    expect(recent.get_by_role("link", name=CALL, exact=True)).to_be_visible()
    j.screenshot(rep)

    # Signing out ends the session: Home asks to sign in again.
    rep.sign_out()
    rep.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
