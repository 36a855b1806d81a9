"""Journey 5: a user switches the language to zh-CN, then ru; pages, money and dates follow."""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from harness import Journey, Person, journey
from ui import card, fact, header_nav, heading, nav, options, stage_column, submit

DEAL = "Language journey: Initech translation deal"
NBSP = "\u00a0"
RU_MONTHS = ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."]

# What each language must show. Nav links are checked to be all in the language's script.
LANGUAGES = {
    "zh-CN": dict(
        zone="Asia/Shanghai", script=re.compile(r"[\u4e00-\u9fff]"), home="首页", board_link="销售管道看板",
        board_title="销售看板", move="移动", total="合计", weighted="加权合计", saved="已保存。", account="我的账户",
        created_at="创建时间", amount="金额", money_total="€1,000.00", money_weighted="€100.00",
        # 2026年11月22日 20:34
        date=lambda t: rf"^{t.year}年{t.month}月{t.day}日\s*{t:%H:%M}$",
    ),
    "ru": dict(
        zone="Europe/Moscow", script=re.compile(r"[\u0400-\u04ff]"), home="Главная", board_link="Воронка продаж",
        board_title="Доска сделок", move="Переместить", total="Итого", weighted="Взвешенная сумма", saved="Сохранено.",
        account="Мой профиль", created_at="Дата создания", amount="Сумма",
        money_total=f"1{NBSP}000,00{NBSP}€", money_weighted=f"100,00{NBSP}€",
        # 22 нояб. 2026 г., 15:34
        date=lambda t: rf"^{t.day}\s{re.escape(RU_MONTHS[t.month - 1])}\s{t.year}\sг\.,?\s{t:%H:%M}$",
    ),
}


def choose_language(person: Person, code: str) -> None:
    """On the user's own page (the header link with their name), pick language and time zone, save."""
    page = person.page
    lang = LANGUAGES[code]
    person.follow(page.locator("header .me").get_by_role("link", name=person.user["name"], exact=True))
    language = page.locator("#language")
    assert code in options(language).values(), f"/me: the Language select offers no {code!r} ({options(language)})"
    language.select_option(code)
    page.locator("#timeZone").select_option(lang["zone"])
    person.follow(page.locator("main form").filter(has=language).get_by_role("button"))
    expect(page.locator("html"), f"after choosing {code} on /me").to_have_attribute("lang", code)
    expect(page.get_by_role("status")).to_have_text(lang["saved"])
    expect(heading(page)).to_have_text(lang["account"])
    expect(language.locator("option:checked"), "/me shows the chosen language").to_have_attribute("value", code)
    expect(page.locator("#timeZone option:checked"), "/me shows the chosen time zone").to_have_text(lang["zone"])


def check_language(j: Journey, person: Person, code: str, deal_id: str, prospecting: str) -> None:
    page = person.page
    lang = LANGUAGES[code]

    # The navigation: every link in the language, Home first.
    links = header_nav(page).get_by_role("link")
    expect(links.first).to_have_text(lang["home"])
    texts = [t.strip() for t in links.all_inner_texts()]
    untranslated = [t for t in texts if not lang["script"].search(t)]
    assert not untranslated, f"{code}: navigation links not translated: {untranslated} (all: {texts})"

    # The board: title, help, buttons, and the deal's money in the Prospecting column.
    person.follow(header_nav(page).get_by_role("link", name=lang["board_link"], exact=True))
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(heading(page)).to_have_text(lang["board_title"])
    expect(page).to_have_title(f"{lang['board_title']} · Rapport")
    assert lang["script"].search(page.locator("#board-help").inner_text()), f"{code}: the board's help text is not translated"
    deal = card(page, deal_id)
    expect(deal.get_by_role("button"), f"{code}: the card's Move button").to_have_text(lang["move"])
    column = stage_column(page, prospecting)
    totals = column.locator('.totals[data-currency="EUR"]')
    expect(totals, f"{code}: the Prospecting column's EUR totals").to_contain_text(lang["total"])
    expect(totals.locator(".money.total"), f"{code}: EUR total formatted for the locale").to_have_text(lang["money_total"])
    expect(totals.locator(".money.weighted"), f"{code}: EUR weighted total formatted for the locale").to_have_text(
        lang["money_weighted"])
    expect(deal.locator(".money")).to_have_text(lang["money_total"])
    # Stage and pipeline names are the tenant's data, made in English with the tenant: worth knowing.
    stage_names = [t.split("\n")[0].strip() for t in page.locator("section.stage h2").all_inner_texts()]
    if not any(lang["script"].search(name) for name in stage_names):
        j.notes.add(f"{code}: the board's stage names stay as created with the tenant ({', '.join(stage_names)})")
    if code == "zh-CN":
        j.screenshot(person)

    # The deal's page: labels, money and the creation time in the user's language and time zone.
    person.follow(deal.get_by_role("link", name=DEAL))
    expect(heading(page)).to_have_text(DEAL)
    expect(fact(page, lang["amount"])).to_have_text(lang["money_total"])
    created = fact(page, lang["created_at"]).locator("time")
    expect(created, f"{code}: Details shows {lang['created_at']!r}").to_have_count(1)
    instant = datetime.fromisoformat(created.get_attribute("datetime").replace("Z", "+00:00"))
    local = instant.astimezone(ZoneInfo(lang["zone"]))
    expect(created, f"{code}: created-at {instant.isoformat()} shown in {lang['zone']}").to_have_text(
        re.compile(lang["date"](local)))


@journey(5, "The user switches the language to zh-CN and then ru; the navigation and the board are translated, "
            "and dates and money are formatted for the locale")
def languages(j: Journey):
    person = j.person("polyglot")
    page = person.page
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # A deal of 1,000 EUR in Prospecting (10%), so the board has money to show.
    person.follow(nav(page, "Opportunities"))
    person.follow(page.locator("main").get_by_role("link", name="New Opportunity"))
    prospecting = options(page.locator("#in-stageId"))["Prospecting"]
    page.locator("#in-name").fill(DEAL)
    page.locator("#in-stageId").select_option(label="Prospecting")
    page.locator("#in-amount").fill("1000")
    page.locator("#in-amount-ccy").fill("EUR")
    person.follow(submit(page, "Create"))
    expect(heading(page)).to_have_text(DEAL)
    deal_id = person.record_id()

    for code in ("zh-CN", "ru"):
        choose_language(person, code)
        check_language(j, person, code, deal_id, prospecting)
