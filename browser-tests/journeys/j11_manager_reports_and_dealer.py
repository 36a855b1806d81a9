"""Journey 11: a manager's own deals, activities, order and invoice, seen where a manager looks at
them: the calendar (week and day), the activities list, every sales report with its chart, the
invoices, the receivables and the expenses a rep submitted; then a dealer tracks the order."""
import re
from datetime import datetime, timezone

from playwright.sync_api import Locator, Page, expect

from api import Api
from harness import Journey, Person, journey
from journeys.j03_manager_and_partners import expect_not_found
from ui import fact, heading, nav, region, submit

ME = "Manager Browser"  # the manager's name in the fixture; no other journey gives them deals or activities
ACCOUNT = "Kestrel Avionics Ltd"
WON, LOST, OPEN = ("Reports journey: Kestrel cockpit retrofit", "Reports journey: Kestrel cabin Wi-Fi",
                   "Reports journey: Kestrel spares contract")
LOST_REASON, COMPETITOR = "Price", "Skyward Systems"
CALL, MEETING = "Reports journey: call Kestrel about the retrofit", "Reports journey: Kestrel site visit"
ORDER, LINE = "Kestrel Avionics: retrofit kits", "Cockpit retrofit kit"
OTHER_ORDER = "Northgate Partners: spare parts"  # another dealer's order, which the first dealer must not reach
REP_ACCOUNT, EXPENSE = "Osprey Charter Flights", "Reports journey: lunch with Osprey's fleet manager"
# The invoice: 3 × $1,000.00 at the standard 20 % tax = $3,600.00, of which $1,000.00 is paid.
TOTAL, PAID, BALANCE = "$3,600.00", "$1,000.00", "$2,600.00"


def create_deal(person: Person, name: str, stage: str, amount: str, today: str, category: str | None = None) -> str:
    page = person.page
    person.follow(nav(page, "Opportunities"))
    person.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    page.locator("#in-name").fill(name)
    page.locator("#in-accountId").select_option(label=ACCOUNT)
    page.locator("#in-stageId").select_option(label=stage)
    page.locator("#in-amount").fill(amount)
    page.locator("#in-amount-ccy").fill("USD")
    page.locator("#in-expectedCloseDate").fill(today)
    if category:
        page.locator("#in-forecastCategory").select_option(category)
    person.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(name)
    return person.record_id()


def close_deal(person: Person, deal_id: str, stage: str, lost_reason: str = "", competitor: str = "") -> None:
    """The full edit form: the deal to a won or lost stage (a lost one with its reason)."""
    page = person.page
    person.follow(page.locator(f'main a.button[href="/opportunities/{deal_id}/edit"]'))
    page.locator("#in-stageId").select_option(label=stage)
    if lost_reason:
        page.locator("#in-lostReason").fill(lost_reason)
        page.locator("#in-competitors").fill(competitor)
    person.follow(submit(page, "Save"))
    expect(fact(page, "Stage")).to_have_text(stage)


def create_activity(person: Person, kind: str, subject: str, due: str, done: bool) -> None:
    page = person.page
    person.follow(nav(page, "Activities"))
    person.follow(page.locator("main").get_by_role("link", name="New Activity"))
    page.locator("#in-type").select_option(kind)
    page.locator("#in-subject").fill(subject)
    page.locator("#in-dueAt").fill(due)
    page.locator("#in-done").set_checked(done)
    person.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(subject)


def report(person: Person, tab: str, **choices: str) -> Page:
    """A sales report from its tab, for the manager's own records (and any other choice of the form by label)."""
    page = person.page
    person.follow(page.get_by_role("navigation", name="Sales reports").get_by_role("link", name=tab, exact=True))
    expect(heading(page)).to_have_text(tab)
    form = page.locator("main form.filters")
    form.locator("#r-owner").select_option(label=ME)
    for select, label in choices.items():
        form.locator(f"#{select}").select_option(label=label)
    person.follow(form.get_by_role("button", name="Show", exact=True))
    expect(heading(page)).to_have_text(tab)
    return page


def row(table: Locator, name: str) -> Locator:
    """A report table's body row, by its heading cell."""
    found = table.locator("tbody tr").filter(has=table.page.locator("th", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")))
    expect(found, f"one row for {name!r}").to_have_count(1)
    return found.locator("td")


def chart(page: Page, title: str, label: str, value: str) -> None:
    """The report's SVG chart, named for screen readers, with a bar saying "label: value" in its
    <title> (the charts cut bar labels to 14 characters)."""
    bar = f"{label[:14]}: {value}"
    svg = page.locator("main svg.chart")
    expect(svg, "the report draws one chart").to_have_count(1)
    expect(svg).to_have_attribute("role", "img")
    expect(svg).to_have_attribute("aria-label", title)
    expect(svg.locator("g > title").filter(has_text=re.compile(rf"^{re.escape(bar)}$")), f"a bar '{bar}'").to_have_count(1)


@journey(11, "A manager wins and loses deals, logs activities, invoices an order and approves a rep's expense, and finds "
             "them in the calendar, the activities, every sales report, the invoices and the receivables; a dealer tracks "
             "their order and cannot reach another dealer's")
def manager_reports_and_dealer(j: Journey):
    today = datetime.now(timezone.utc).date()
    manager = j.person("manager")
    page = manager.page

    # The manager's account, three deals closing today (won, lost, open) and two activities.
    manager.follow(nav(page, "Accounts"))
    manager.follow(page.locator("main").get_by_role("link", name="New Account"))
    page.locator("#in-name").fill(ACCOUNT)
    manager.follow(submit(page, "Create"))
    won = create_deal(manager, WON, "Negotiation", "12345", today.isoformat())
    close_deal(manager, won, "Won")
    lost = create_deal(manager, LOST, "Proposal", "4000", today.isoformat())
    close_deal(manager, lost, "Lost", LOST_REASON, COMPETITOR)
    expect(fact(page, "Lost reason")).to_have_text(LOST_REASON)
    create_deal(manager, OPEN, "Negotiation", "2000", today.isoformat(), category="commit")
    create_activity(manager, "call", CALL, f"{today.isoformat()}T09:30", done=True)
    create_activity(manager, "meeting", MEETING, f"{today.isoformat()}T14:00", done=False)

    # The calendar: this week, then today alone, each with both activities on today, in time order.
    manager.follow(nav(page, "Calendar"))
    expect(heading(page)).to_have_text("Calendar")
    expect(page.locator("nav.pager a[aria-current=page]"), "the calendar opens on the week").to_have_text("Week")
    expect(page.locator("section.day"), "the week has seven days").to_have_count(7)
    for view in ("week", "day"):
        day = page.locator(f"section.day.today:has(h2#day-{today.isoformat()})")
        expect(day, f"the {view} view has today").to_have_count(1)
        # en-US times put a narrow no-break space (U+202F) before AM and PM.
        expect(day.locator("ol.agenda > li"), f"today's agenda in the {view} view, in time order").to_have_text([
            re.compile(rf"^\s*9:30\u202fAM\s*·\s*Call\s*·\s*{re.escape(CALL)} ✓\s*$"),
            re.compile(rf"^\s*2:00\u202fPM\s*·\s*Meeting\s*·\s*{re.escape(MEETING)}\s*$")])
        if view == "week":
            manager.follow(page.locator("nav.pager").get_by_role("link", name="Day", exact=True))
            expect(page.locator("section.day"), "the day view has one day").to_have_count(1)

    # The activities list has both, each in a row that links to it by its subject, its type beside it.
    manager.follow(nav(page, "Activities"))
    for subject, kind in ((CALL, "Call"), (MEETING, "Meeting")):
        listed = page.locator("table.records tbody tr").filter(has_text=subject)
        expect(listed, f"{subject!r} is in the Activities list").to_have_count(1)
        expect(listed.locator("td a").first).to_have_text(subject)
        expect(listed.locator("td").nth(2)).to_have_text(kind)

    # An order for the won deal: one line, confirmed, in production, invoiced; a third of it paid.
    manager.follow(nav(page, "Orders"))
    manager.follow(page.locator("main").get_by_role("link", name="New Order"))
    page.locator("#in-name").fill(ORDER)
    page.locator("#in-accountId").select_option(label=ACCOUNT)
    page.locator("#in-opportunityId").select_option(label=WON)
    manager.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(ORDER)
    order_id = manager.record_id()
    page.locator("#line-0-description").fill(LINE)
    page.locator("#line-0-quantity").fill("3")
    page.locator("#line-0-price").fill("1000")
    manager.follow(page.get_by_role("button", name="Save lines"))
    expect(region(page, "Lines").locator("tfoot .total")).to_have_text(TOTAL)
    for action in ("Confirm", "Start production"):
        manager.follow(region(page, "Status and history").get_by_role("button", name=action, exact=True))
    expect(region(page, "Status and history").locator("p strong")).to_have_text("In production")
    manager.follow(page.get_by_role("button", name="Create invoice"))
    expect(page).to_have_url(re.compile(r"/invoices/[0-9a-f-]{36}"))
    invoice_id = manager.record_id()
    manager.follow(page.get_by_role("button", name="Issue", exact=True))
    page.locator("#payment-amount").fill("1000")
    manager.follow(page.get_by_role("button", name="Record payment"))
    figures = region(page, "Lines").locator("tfoot tr")
    expect(figures).to_have_text([re.compile(rf"^\s*{n}\s*{re.escape(t)}\s*$") for n, t in (
        ("Subtotal", "$3,000.00"), ("Tax", "$600.00"), ("Total", TOTAL), ("Paid", PAID), ("Credited", "$0.00"), ("Balance", BALANCE))])
    expect(region(page, "Status and payment").locator("p strong")).to_have_text("Partially paid")
    expect(fact(page, "Number").first, "the invoice is numbered at issue").to_have_text(re.compile(r"^\s*\S+\s*$"))

    manager.follow(nav(page, "Invoices"))
    listed = page.locator("table.records tbody tr").filter(has=page.locator(f'a[href="/invoices/{invoice_id}"]'))
    expect(listed, "the invoice is in the Invoices list").to_have_count(1)
    expect(listed).to_contain_text(ORDER)
    manager.follow(listed.locator(f'a[href="/invoices/{invoice_id}"]'))
    expect(fact(page, "Balance")).to_have_text(BALANCE)

    # The reports, each for the manager's own records.
    manager.follow(nav(page, "Reports"))
    page = report(manager, "Forecast")
    # Closed: the won deal; commit: the open one, weighted at Negotiation's 75 %; the lost one is not forecast.
    expect(row(page.locator("section[aria-labelledby=forecast-owners] table"), ME)).to_have_text(
        ["$12,345.00", "$2,000.00", "$0.00", "$0.00", "$1,500.00", "$14,345.00", "$14,345.00"])
    chart(page, "Forecast", "Closed", "$12,345.00")
    j.screenshot(manager)

    for dimension, name, figures in (("Owner", ME, ["1", "1", "50%", "$12,345.00", "$12,345.00"]),
                                     ("Lost reason", LOST_REASON, ["0", "1", "0%", "$0.00", "—"]),
                                     ("Competitor", COMPETITOR, ["0", "1", "0%", "$0.00", "—"])):
        page = report(manager, "Win/loss", **{"r-dimension": dimension})
        expect(page.locator("section[aria-labelledby=winloss-table] thead th").first).to_have_text(dimension)
        expect(row(page.locator("section[aria-labelledby=winloss-table] table"), name), f"win/loss by {dimension}").to_have_text(figures)
        chart(page, "Win rate", name, figures[2])

    page = report(manager, "Funnel")
    funnel = page.locator("section[aria-labelledby=funnel-table] table")
    # Each deal reached the stage it was created in and those before it; the won one all open stages.
    for stage, reached in (("Prospecting", "3"), ("Qualification", "3"), ("Proposal", "3"), ("Negotiation", "2"), ("Won", "1")):
        expect(row(funnel, stage).first, f"deals that reached {stage}").to_have_text(reached)
    chart(page, "Funnel", "Won", "1")

    # Plan vs actual: a month's quota of twice what was won, opened and done: 50 % each.
    page = report(manager, "Plan vs actual")
    editor = page.locator("#quota-editor")
    editor.locator("#q-target").select_option(label=ME)
    editor.locator("#q-kind").select_option("month")
    editor.locator("#q-start").fill(today.replace(day=1).isoformat())
    editor.locator("#q-won").fill("24690")
    editor.locator("#q-accounts").fill("2")
    editor.locator("#q-activities").fill("2")
    manager.follow(editor.get_by_role("button", name="Save quota"))
    expect(page.get_by_role("status")).to_have_text("Quota saved.")
    expect(row(page.locator("section[aria-labelledby=plan-table] table"), ME)).to_have_text(
        [today.strftime("%b %Y"), "$24,690.00", "$12,345.00", "50%", "2", "1", "50%", "2", "1", "50%"])
    chart(page, "Won amount against quota, %", ME, "50%")

    # Activity, per day: today the manager made one call and moved two deals (won, lost).
    page = report(manager, "Salesperson activity", **{"r-bucket": "Day"})
    cells = row(page.locator("section[aria-labelledby=activity-table] table"), ME)
    expect(cells.nth(0)).not_to_have_text("")
    expect(cells).to_have_text([cells.nth(0).inner_text(), "1", "0", "0", "0", "0", "2"])
    chart(page, "Calls, meetings and tasks done", cells.nth(0).inner_text(), "1")

    # Receivables: the invoice's open balance, not yet due.
    manager.follow(nav(page, "Receivables"))
    page.locator("#aging-owner").select_option(label=ME)
    manager.follow(page.locator("main form.filters").get_by_role("button", name="Show", exact=True))
    expect(heading(page)).to_have_text("Receivables aging")
    expect(row(page.locator("section[aria-labelledby=aging-table-title] table"), ACCOUNT)).to_have_text(
        ["USD", BALANCE, "$0.00", "$0.00", "$0.00", "$0.00", BALANCE])
    chart(page, "Open balance by days past due, USD", "Current", BALANCE)

    # Expenses: the rep submits one (for an account of their own); the manager approves it.
    rep = j.person("rep")
    rep_page = rep.page
    rep.follow(nav(rep_page, "Accounts"))
    rep.follow(rep_page.locator("main").get_by_role("link", name="New Account"))
    rep_page.locator("#in-name").fill(REP_ACCOUNT)
    rep.follow(submit(rep_page, "Create"))
    rep.follow(nav(rep_page, "Expenses"))
    rep.follow(rep_page.locator("main").get_by_role("link", name="New Expense"))
    rep_page.locator("#in-name").fill(EXPENSE)
    rep_page.locator("#in-category").select_option("meals")
    rep_page.locator("#in-amount").fill("85.50")
    rep_page.locator("#in-spentOn").fill(today.isoformat())
    rep_page.locator("#in-accountId").select_option(label=REP_ACCOUNT)
    rep.follow(submit(rep_page, "Create"))
    expect(heading(rep_page)).to_have_text(EXPENSE)
    expect(region(rep_page, "Approval").locator("p strong")).to_have_text("Submitted")

    manager.follow(nav(page, "Expenses"))
    listed = page.locator("table.records tbody tr").filter(has=page.get_by_role("link", name=EXPENSE, exact=True))
    expect(listed, "the rep's expense is in the manager's Expenses").to_have_count(1)
    expect(listed).to_contain_text("$85.50")
    expect(listed).to_contain_text("Rep Browser")
    manager.follow(listed.get_by_role("link", name=EXPENSE, exact=True))
    approval = region(page, "Approval")
    approval.locator("#expense-comment").fill("Fine: the fleet manager signs next month.")
    manager.follow(approval.get_by_role("button", name="Approve", exact=True))
    approval = region(page, "Approval")
    expect(approval.locator("p strong")).to_have_text("Approved")
    expect(approval).to_contain_text(f"Decided by: {ME}")
    expect(approval.locator("blockquote")).to_have_text("Fine: the fleet manager signs next month.")

    # The order came through a dealer (Harbour Resellers); another dealer has an order of their own.
    # Pages do not set a record's partner organisation, so the admin does it through the API.
    api = Api(j.person("admin", signed_in=False))
    api.call("PATCH", f"/orders/{order_id}", {"partnerId": api.partner_id("partner")})
    other = api.call("POST", "/orders", {"name": OTHER_ORDER, "accountId": api.call("GET", f"/opportunities/{won}")["accountId"],
                                         "partnerId": api.partner_id("partner2")})

    dealer = j.person("partner")
    page = dealer.page
    dealer.follow(nav(page, "Orders"))
    orders = page.locator("table.records tbody")
    expect(orders.get_by_role("link", name=ORDER, exact=True), "the dealer sees their order").to_have_count(1)
    expect(page.locator("main"), "the dealer must not see another dealer's order").not_to_contain_text(OTHER_ORDER)
    dealer.follow(orders.get_by_role("link", name=ORDER, exact=True))
    expect(heading(page)).to_have_text(ORDER)
    expect(region(page, "Lines").locator("tbody")).to_contain_text(LINE)
    expect(region(page, "Lines").locator("tfoot .total")).to_have_text(TOTAL)
    progress = region(page, "Status and history")
    expect(progress.locator("p strong")).to_have_text("In production")
    expect(progress.locator("ol.timeline > li")).to_have_text([
        re.compile(rf"created as Draft · by {ME}$"), re.compile(rf"Draft → Confirmed · by {ME}$"),
        re.compile(rf"Confirmed → In production · by {ME}$")])
    expect_not_found(dealer, f"/orders/{other['id']}", OTHER_ORDER)
