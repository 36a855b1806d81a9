"""Journey 8: an admin manages the default pipeline's stages and the users, in Settings."""
import re

from playwright.sync_api import Locator, Page, expect

from harness import Journey, Person, journey
from ui import heading, nav, section_by_id

PIPELINE = "Sales"  # the default pipeline every tenant starts with
STAGE, STAGE_PROBABILITY = "Demo booked", "35"
RENAMED, RENAMED_PROBABILITY = "Demo held", "40"
# The default pipeline's open stages, in board order, as a new tenant gets them. The new stage is
# added after the last open one and moved up once: between Proposal and Negotiation, so the moves
# other journeys make on the board (Prospecting → Qualification → Proposal) keep their neighbours.
OPEN_STAGES = ["Prospecting", "Qualification", "Proposal", "Negotiation"]
SUBJECT = "rep2"  # the user whose role changes and who is deactivated; no other journey signs in as them
SIGN_IN_FAILED = "The e-mail or password is not right."


def pipeline_id(page: Page, name: str) -> str:
    """The id of a pipeline in Settings → Pipelines, from its heading (h3#pipeline-<id>)."""
    title = page.locator("section#pipelines h3[id^='pipeline-']").filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    expect(title, f"Settings → Pipelines has the pipeline {name!r}").to_have_count(1)
    return title.get_attribute("id").removeprefix("pipeline-")


def stage_rows(page: Page, pipeline: str) -> list[tuple[str, str, str]]:
    """The pipeline's stages in Settings, in their order: (stage id, name as shown in its field, probability)."""
    table = page.locator(f"section#pipelines [aria-labelledby='pipeline-{pipeline}'] table tbody")
    return [tuple(row) for row in table.locator("tr").evaluate_all("""rows => rows.map(r => [
        r.id.replace(/^stage-/, ''), r.querySelector("input[name=name]").value, r.querySelector("input[name=probability]").value])""")]


def board_columns(page: Page) -> list[tuple[str, str]]:
    """The board's columns, left to right: (stage id, the stage name in the column's heading)."""
    return [tuple(c) for c in page.locator("section.stage").evaluate_all("""cols => cols.map(c => {
        const h = c.querySelector("h2").cloneNode(true);
        h.querySelectorAll(".count").forEach((n) => n.remove());
        return [c.dataset.stage, h.textContent.trim()];
    })""")]


def saved(page: Page, why: str) -> None:
    expect(heading(page)).to_have_text("Settings")
    expect(page.get_by_role("status"), why).to_have_text("Saved.")


def user_row(page: Page, email: str) -> Locator:
    row = page.locator("section#users table tbody tr").filter(has=page.locator("td", has_text=re.compile(rf"^{re.escape(email)}$")))
    expect(row, f"Settings → Users has one row for {email}").to_have_count(1)
    return row


def cells(row: Locator) -> list[str]:
    """A user's row: name, e-mail, role, team, partner organisation, status (the last cell holds the forms)."""
    return [t.strip() for t in row.locator("td").all_inner_texts()][:6]


def try_sign_in(person: Person, expect_ok: bool) -> None:
    page = person.goto("/sign-in")
    page.get_by_label("E-mail").fill(person.user["email"])
    page.get_by_label("Password").fill(person.user["password"])
    if not expect_ok:
        person.expect_status(401)
    person.follow(page.locator("main form").get_by_role("button", name="Sign in"))
    if expect_ok:
        expect(heading(page), f"{person.key} signs in").to_have_text("Home")
    else:
        assert person.response.status == 401, f"signing in as the deactivated {person.key}: HTTP {person.response.status}, expected 401"
        expect(page, f"{person.key} (deactivated) stays on the sign-in page").to_have_url(re.compile(r"/sign-in"))
        expect(page.locator("#sign-in-error"), f"signing in as the deactivated {person.key}").to_have_text(SIGN_IN_FAILED)
        expect(page.get_by_label("E-mail")).to_have_attribute("aria-describedby", "sign-in-error")


@journey(8, "An admin adds a stage to the default pipeline, moves it up and renames it, and the board follows; "
            "changes a user's role, deactivates them (they cannot sign in) and reactivates them (they can)")
def admin_pipelines_and_users(j: Journey):
    admin = j.person("admin")
    page = admin.page
    admin.follow(nav(page, "Settings"))
    expect(heading(page)).to_have_text("Settings")
    expect(section_by_id(page, "pipelines-title").get_by_role("heading", level=2)).to_have_text("Pipelines and stages")
    sales = pipeline_id(page, PIPELINE)
    before = stage_rows(page, sales)
    names = [name for _, name, _ in before]
    assert names[:len(OPEN_STAGES)] == OPEN_STAGES, f"the {PIPELINE} pipeline's stages in Settings: {names}"
    assert STAGE not in names and RENAMED not in names, f"the {PIPELINE} pipeline already has the stage: {names}"

    # Add "Demo booked" (35 %, open): it lands after the last open stage, before Won and Lost.
    form = page.locator(f"form[action='/settings/pipelines/{sales}/stages']")
    form.get_by_label("Stage name").fill(STAGE)
    form.get_by_label("Probability (%)").fill(STAGE_PROBABILITY)
    form.get_by_label("Kind").select_option(label="Open")
    admin.follow(form.get_by_role("button", name="Add stage", exact=True))
    saved(page, "after adding a stage")
    expect(page, "back on the pipeline after adding a stage").to_have_url(re.compile(rf"#pipeline-{sales}$"))
    rows = stage_rows(page, sales)
    added = [(sid, p) for sid, name, p in rows if name == STAGE]
    assert len(added) == 1, f"after adding {STAGE!r} the pipeline's stages are {[n for _, n, _ in rows]}"
    stage_id, probability = added[0]
    assert probability == STAGE_PROBABILITY, f"{STAGE!r} has the probability {probability}, expected {STAGE_PROBABILITY}"
    last_open = len([n for n in names if n in OPEN_STAGES])  # the open stages come first
    assert [n for _, n, _ in rows] == names[:last_open] + [STAGE] + names[last_open:], \
        f"a new open stage goes after the last open one: {[n for _, n, _ in rows]}"
    row = page.locator(f"tr#stage-{stage_id}")
    expect(row.locator("td").nth(0), "the new stage's position").to_have_text(str(last_open + 1))
    expect(row.locator("td").nth(2), "the new stage's kind").to_have_text("Open")
    expect(row.get_by_role("button", name=f"Down {STAGE}"), "Down is not possible: open stages stay before Won and Lost").to_be_disabled()

    # A second stage of the same name is refused, next to the form, and nothing is added.
    form = page.locator(f"form[action='/settings/pipelines/{sales}/stages']")
    form.get_by_label("Stage name").fill(STAGE)
    form.get_by_label("Probability (%)").fill("5")
    admin.expect_status(422).follow(form.get_by_role("button", name="Add stage", exact=True))
    assert admin.response.status == 422, f"adding a second {STAGE!r}: HTTP {admin.response.status}, expected 422"
    expect(form.locator(".field-error"), "the refusal is next to the Add stage form").to_have_text(
        "This pipeline already has a stage with this name.")
    assert [n for _, n, _ in stage_rows(page, sales)].count(STAGE) == 1, "a second stage of the same name was added"
    row = page.locator(f"tr#stage-{stage_id}")

    # Move it up once: now between Proposal and Negotiation.
    admin.follow(row.get_by_role("button", name=f"Up {STAGE}", exact=True))
    saved(page, "after moving the stage up")
    expect(page, "back on the moved stage").to_have_url(re.compile(rf"#stage-{stage_id}$"))
    order = [n for _, n, _ in stage_rows(page, sales)]
    expected_order = ["Prospecting", "Qualification", "Proposal", STAGE, "Negotiation"]
    assert order[:5] == expected_order, f"after moving {STAGE!r} up the stages are {order}, expected {expected_order} first"
    expect(page.locator(f"tr#stage-{stage_id} td").first).to_have_text("4")
    first = stage_rows(page, sales)[0][0]
    expect(page.locator(f"tr#stage-{first}").get_by_role("button", name="Up Prospecting"),
           "the first stage cannot move up").to_be_disabled()

    # The board shows the new column in its new place.
    admin.follow(nav(page, "Pipeline board"))
    expect(heading(page)).to_have_text("Pipeline board")
    columns = board_columns(page)
    shown = [name for _, name in columns]
    assert shown[:5] == expected_order, f"the board's columns are {shown}, expected {expected_order} first"
    assert columns[3][0] == stage_id, f"the fourth column is stage {columns[3][0]}, not the new stage {stage_id}"
    expect(page.locator(f"h2#stage-{stage_id}")).to_contain_text(STAGE)

    # Rename it and change its probability, in its row of Settings; the board shows the new name.
    admin.follow(nav(page, "Settings"))
    row = page.locator(f"tr#stage-{stage_id}")
    row.get_by_label(f"{STAGE}: Stage name").fill(RENAMED)
    row.get_by_label(f"{STAGE}: Probability (%)").fill(RENAMED_PROBABILITY)
    admin.follow(row.locator("form[action$='/settings/stages/" + stage_id + "']").get_by_role("button", name="Save"))
    saved(page, "after renaming the stage")
    row = page.locator(f"tr#stage-{stage_id}")
    expect(row.locator("input[name=name]")).to_have_value(RENAMED)
    expect(row.locator("input[name=probability]")).to_have_value(RENAMED_PROBABILITY)
    expect(row.get_by_label(f"{RENAMED}: Stage name"), "the row's labels follow the new name").to_have_count(1)
    admin.follow(nav(page, "Pipeline board"))
    columns = board_columns(page)
    assert columns[3] == (stage_id, RENAMED), f"after the rename the board's columns are {columns}"
    assert STAGE not in [name for _, name in columns], f"the old name is still on the board: {columns}"
    # New deals can start in it.
    admin.follow(nav(page, "Opportunities"))
    admin.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    expect(page.locator("#in-stageId option").filter(has_text=RENAMED), "the Stage select offers the renamed stage").to_have_attribute(
        "value", stage_id)

    # Users: rep2 becomes a manager.
    subject = j.run_state.users[SUBJECT]
    admin.follow(nav(page, "Settings"))
    row = user_row(page, subject["email"])
    assert cells(row)[:3] == [subject["name"], subject["email"], "Sales rep"], f"{SUBJECT}'s row before: {cells(row)}"
    row.get_by_label(f"{subject['name']}: Role").select_option(label="Manager")
    admin.follow(row.get_by_role("button", name="Save", exact=True))
    saved(page, "after changing the role")
    row = user_row(page, subject["email"])
    expect(row.locator("td").nth(2), f"{SUBJECT}'s role in the users table").to_have_text("Manager")
    expect(row.get_by_label(f"{subject['name']}: Role").locator("option:checked")).to_have_text("Manager")
    expect(row.locator("td").nth(3), "the team is kept").to_have_text(subject["team"])
    expect(row.locator("td").nth(5)).to_have_text("Active")

    # rep2, signed in now, is a manager: Home has the team's pipeline.
    rep2 = j.person(SUBJECT)
    expect(rep2.page.locator("h2#home-team-pipeline"), "the new manager's Home has the team's pipeline").to_be_visible()

    # Deactivated: the open session ends, and signing in fails with the sign-in error.
    admin.follow(row.get_by_role("button", name=f"Deactivate {subject['name']}", exact=True))
    saved(page, "after deactivating")
    row = user_row(page, subject["email"])
    expect(row.locator("td").nth(5), f"{SUBJECT}'s status").to_have_text("Deactivated")
    expect(row.get_by_role("button", name=f"Reactivate {subject['name']}", exact=True)).to_be_visible()
    j.screenshot(admin)
    rep2.goto("/")
    expect(rep2.page, "a deactivated user's open session ends").to_have_url(re.compile(r"/sign-in"))
    try_sign_in(rep2, expect_ok=False)

    # Reactivated: they sign in again.
    admin.follow(row.get_by_role("button", name=f"Reactivate {subject['name']}", exact=True))
    saved(page, "after reactivating")
    row = user_row(page, subject["email"])
    expect(row.locator("td").nth(5)).to_have_text("Active")
    try_sign_in(rep2, expect_ok=True)

    # Back to how the fixture made them (a rep), for any journey that comes later.
    row.get_by_label(f"{subject['name']}: Role").select_option(subject["role"])
    admin.follow(row.get_by_role("button", name="Save", exact=True))
    row = user_row(page, subject["email"])
    expect(row.locator("td").nth(2)).to_have_text("Sales rep")
    # The admin's own row offers no Deactivate.
    me = user_row(page, j.run_state.users["admin"]["email"])
    expect(me.locator("td").first).to_contain_text("(you)")
    expect(me.get_by_role("button", name=re.compile("^Deactivate"))).to_have_count(0)
