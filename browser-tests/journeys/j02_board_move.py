"""Journey 2: a rep moves a deal along the pipeline board, by drag and drop and by keyboard."""
import re
from decimal import Decimal

from playwright.sync_api import Locator, expect

from harness import Journey, journey
from ui import card, fact, heading, nav, options, region, stage_column, submit

DEAL = "Board journey: Contoso fleet renewal"
AMOUNT = Decimal("1000")
CURRENCY = "EUR"
# The default pipeline's open stages and their probabilities (what the weighted totals use).
PROBABILITY = {"Prospecting": 10, "Qualification": 20, "Proposal": 50, "Negotiation": 75}


def eur(amount: Decimal) -> str:
    """Euros as the English pages show them: €1,000.00."""
    return f"€{amount:,.2f}"


def parse_eur(text: str) -> Decimal:
    if not re.fullmatch(r"€[\d,]+\.\d\d", text.strip()):
        raise AssertionError(f"expected an amount like €1,000.00, got {text!r}")
    return Decimal(re.sub(r"[€,]", "", text.strip()))


class Column:
    """What a board column shows: its deal count and the EUR total and weighted total."""

    def __init__(self, locator: Locator, name: str):
        self.locator = locator
        self.name = name

    def totals(self) -> Locator:
        return self.locator.locator(f'.totals[data-currency="{CURRENCY}"]')

    def read(self) -> tuple[int, Decimal, Decimal]:
        expect(self.locator.locator("h2")).to_contain_text(self.name)
        count = int(self.locator.locator("h2 .count").get_attribute("data-count"))
        if self.totals().count() == 0:
            return count, Decimal(0), Decimal(0)
        return (count, parse_eur(self.totals().locator(".money.total").inner_text()),
                parse_eur(self.totals().locator(".money.weighted").inner_text()))

    def expect(self, count: int, total: Decimal, weighted: Decimal, why: str) -> None:
        expect(self.locator.locator("h2 .count"), f"{self.name} count {why}").to_have_attribute("data-count", str(count))
        if total == 0:
            expect(self.totals(), f"{self.name} has no {CURRENCY} deals {why}").to_have_count(0)
            return
        expect(self.totals().locator(".money.total"), f"{self.name} {CURRENCY} total {why}").to_have_text(eur(total))
        expect(self.totals().locator(".money.weighted"), f"{self.name} {CURRENCY} weighted total {why}").to_have_text(eur(weighted))


@journey(2, "The rep moves an opportunity from one stage to the next on the board, by drag and drop and then "
            "by keyboard; the totals change, and the move appears in the history")
def board_move(j: Journey):
    rep = j.person("rep")
    page = rep.page

    # The opportunity, from the Opportunities list, in Prospecting with 1,000 EUR.
    rep.follow(nav(page, "Opportunities"))
    rep.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    stage_ids = options(page.locator("#in-stageId"))
    missing = [name for name in PROBABILITY if name not in stage_ids]
    assert not missing, f"the Stage select of /opportunities/new lacks {missing} (has {list(stage_ids)})"

    # The board before the deal exists: other journeys may have left deals of this rep on it.
    rep.follow(nav(page, "Pipeline board"))
    expect(heading(page)).to_have_text("Pipeline board")
    columns = {name: Column(stage_column(page, stage_ids[name]), name) for name in PROBABILITY}
    for column in columns.values():
        expect(column.locator, f"the board has a column for {column.name}").to_have_count(1)
    before = {name: column.read() for name, column in columns.items()}

    def expect_board(where: str, why: str) -> None:
        """The deal counts once, with its amount, in column `where`; the other columns are as before."""
        for name, column in columns.items():
            count, total, weighted = before[name]
            if name == where:
                count, total, weighted = count + 1, total + AMOUNT, weighted + AMOUNT * PROBABILITY[name] / 100
            column.expect(count, total, weighted, why)

    rep.follow(nav(page, "Opportunities"))
    rep.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    page.locator("#in-name").fill(DEAL)
    page.locator("#in-stageId").select_option(label="Prospecting")
    page.locator("#in-amount").fill(str(AMOUNT))
    page.locator("#in-amount-ccy").fill(CURRENCY)
    rep.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(DEAL)
    deal_id = rep.record_id()
    expect(fact(page, "Stage")).to_have_text("Prospecting")
    expect(fact(page, "Amount")).to_have_text(eur(AMOUNT))

    rep.follow(nav(page, "Pipeline board"))
    deal = card(page, deal_id)
    expect(columns["Prospecting"].locator.locator(f"#card-{deal_id}"), "the new deal's card is in Prospecting").to_have_count(1)
    expect(deal.get_by_role("link", name=DEAL)).to_have_attribute("href", f"/opportunities/{deal_id}")
    expect(deal).to_contain_text(eur(AMOUNT))
    expect_board("Prospecting", "after creating the deal")

    # Drag and drop: the card onto the Qualification column (grabbed by its padding, not its form).
    with rep.navigation():
        deal.drag_to(columns["Qualification"].locator.locator("ol.cards"), source_position={"x": 3, "y": 3})
    expect(page, "after a drop the board reloads on the moved card").to_have_url(re.compile(rf"/board\?.*moved=1.*#card-{deal_id}$"))
    expect(page.get_by_role("status")).to_contain_text("The deal was moved.")
    expect(columns["Qualification"].locator.locator(f"#card-{deal_id}"), "after the drop the card is in Qualification").to_have_count(1)
    expect(deal, "after the reload the moved card has the keyboard focus").to_be_focused()
    expect_board("Qualification", "after dragging the deal from Prospecting to Qualification")

    # Keyboard: focus the card and press the right arrow key: on to Proposal.
    deal.focus()
    with rep.navigation():
        page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(rf"/board\?.*moved=1.*#card-{deal_id}$"))
    expect(columns["Proposal"].locator.locator(f"#card-{deal_id}"), "after ArrowRight the card is in Proposal").to_have_count(1)
    expect(deal, "after the reload the moved card has the keyboard focus").to_be_focused()
    expect_board("Proposal", "after pressing ArrowRight on the deal in Qualification")
    j.screenshot(rep)

    # The deal's page: now in Proposal, with both moves in its change history.
    rep.follow(deal.get_by_role("link", name=DEAL))
    expect(heading(page)).to_have_text(DEAL)
    expect(fact(page, "Stage")).to_have_text("Proposal")
    expect(fact(page, "Probability %")).to_have_text("50")
    history = region(page, "Change history")
    changes = history.locator("li li")
    stage_lines = changes.filter(has_text=re.compile(r"^\s*Stage:"))
    expect(stage_lines, "two stage changes in the Change history").to_have_count(2)
    shown = [t.strip() for t in stage_lines.all_inner_texts()]  # newest first
    readable = ["Stage: Qualification → Proposal", "Stage: Prospecting → Qualification"]
    assert shown == readable, f"Change history stage lines: expected the stage names {readable}, got {shown}"
    expect(changes.filter(has_text=re.compile(r"^\s*Probability %: 20 → 50\s*$"))).to_have_count(1)
    expect(changes.filter(has_text=re.compile(r"^\s*Probability %: 10 → 20\s*$"))).to_have_count(1)
    expect(history.locator("ol.timeline > li").filter(has_text="changed").first).to_contain_text("by Rep Browser")
