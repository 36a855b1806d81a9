"""Journey 10: from price book to order: a quote over the discount limit is approved by the manager, sent,
accepted and turned into an order; the printable quote is in the customer's language."""
import re

from playwright.sync_api import expect

from harness import Journey, journey
from ui import heading, nav, region, submit

PRODUCT, SKU = "Fleet tracker T2", "FT-T2"
DEAL = "Nordlicht Logistik: 40 trackers"


@journey(10, "A quote over the discount limit is approved by the manager, sent, accepted and turned into an order, "
             "priced from a price book; the printable quote follows the customer's language")
def quote_to_order(j: Journey):
    admin, rep, manager = j.person("admin"), j.person("rep"), j.person("manager")

    # The admin sets the discount limit, adds a product and prices it in a EUR price book.
    page = admin.page
    admin.follow(nav(page, "Settings"))
    rules = page.locator("section#sales-rules")
    rules.locator("#sr-max-discount").fill("10")
    admin.follow(rules.get_by_role("button", name="Save"))
    expect(page.locator("#sr-max-discount")).to_have_value("10")

    admin.follow(nav(page, "Products"))
    admin.follow(page.locator("main").get_by_role("link", name="New Product"))
    page.locator("#in-sku").fill(SKU)
    page.locator("#in-name").fill(PRODUCT)
    page.locator("#in-taxCategory").select_option("standard")
    page.locator("#in-unitCost").fill("120")
    page.locator("#in-unitCost-ccy").fill("EUR")
    admin.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(PRODUCT)

    admin.follow(nav(page, "Price books"))
    admin.follow(page.locator("main").get_by_role("link", name="New Price book"))
    page.locator("#in-name").fill("Direct sales EUR")
    page.locator("#in-currency").fill("EUR")
    admin.follow(submit(page, "Create"))
    page.locator("#entry-0-product").select_option(label=f"{PRODUCT} ({SKU})")
    page.locator("#entry-0-from").fill("1")
    page.locator("#entry-0-price").fill("200")
    admin.follow(page.get_by_role("button", name="Save prices"))
    expect(page.locator("section#entries table").first).to_contain_text("€200.00")

    # The rep makes a deal for an account and a quote for it, with 40 trackers at 15 % off.
    page = rep.page
    rep.follow(nav(page, "Accounts"))
    rep.follow(page.locator("main").get_by_role("link", name="New Account"))
    page.locator("#in-name").fill("Nordlicht Logistik GmbH")
    rep.follow(submit(page, "Create"))
    rep.follow(nav(page, "Opportunities"))
    rep.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    page.locator("#in-name").fill(DEAL)
    page.locator("#in-stageId").select_option(label="Proposal")
    page.locator("#in-accountId").select_option(label="Nordlicht Logistik GmbH")
    page.locator("#in-amount").fill("8000")
    page.locator("#in-amount-ccy").fill("EUR")
    rep.follow(submit(page, "Create"))
    rep.follow(region(page, "Quotes").get_by_role("link", name="New Quote"))
    page.locator("#in-name").fill(f"Quote: {DEAL}")
    page.locator("#in-language").select_option("ru")
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(f"Quote: {DEAL}")
    quote_id = rep.record_id()
    page.locator("#line-0-product").select_option(label=f"{PRODUCT} ({SKU})")
    page.locator("#line-0-quantity").fill("40")
    page.locator("#line-0-discount").fill("15")
    rep.follow(page.get_by_role("button", name="Save lines"))
    # 40 × 200 × 0.85 = 6,800.00 net; standard VAT 20 % = 1,360.00; total 8,160.00.
    lines = region(page, "Lines")
    expect(lines.locator("tfoot .total")).to_have_text("€8,160.00")
    rep.follow(page.get_by_role("button", name="Submit"))
    expect(region(page, "Next steps")).to_contain_text("Submitted")

    # The manager finds it in the approvals queue, sees why, and approves it.
    page = manager.page
    manager.follow(nav(page, "Approvals"))
    row = page.locator("tr").filter(has=page.get_by_role("link", name=re.compile(r"Q-\d{6}")))
    expect(row).to_contain_text("15% is above the 10% limit")
    manager.follow(row.get_by_role("link", name=re.compile(r"Q-\d{6}")))
    page.locator("#decision-comment").fill("Strategic account, approved.")
    manager.follow(page.get_by_role("button", name="Approve"))
    expect(region(page, "Next steps")).to_contain_text("Approved")

    # The rep sends it, the customer accepts, and the order follows with the same lines.
    page = rep.page
    rep.follow(nav(page, "Quotes"))
    rep.follow(page.locator("main").get_by_role("link", name=f"Quote: {DEAL}"))
    rep.follow(page.get_by_role("button", name="Mark as sent"))
    rep.follow(page.get_by_role("button", name="Customer accepted"))
    expect(region(page, "Next steps")).to_contain_text("Accepted")
    rep.follow(page.get_by_role("button", name="Create order"))
    expect(page).to_have_url(re.compile(r"/orders/[0-9a-f-]{36}"))
    expect(page.locator("main")).to_contain_text("€8,160.00")
    rep.follow(page.get_by_role("button", name="Confirm"))
    expect(page.locator("main")).to_contain_text("Confirmed")
    j.screenshot(rep)

    # The printable quote is in Russian, the customer's language.
    rep.goto(f"/quotes/{quote_id}/print")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_contain_text("Коммерческое предложение")
