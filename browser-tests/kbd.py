"""Keyboard-only driving: move the focus with Tab / Shift+Tab as a person would, and check that
every element the focus passes through shows it.

"Visible focus" here: the focused element's computed outline is not `none`, is wider than 0 and
not transparent, and the element has a box on screen (WCAG 2.4.7 Focus Visible). Each element
without it is a problem of the journey, reported once per page with a selector and its styles.
One exception: date and time inputs have a Tab stop on their calendar button inside Chromium's
user-agent shadow tree, where :focus-visible does not match the input and Chromium draws its own
ring on the button (checked by screenshot); that stop is a note, not a problem.
"""
from __future__ import annotations

import re

from playwright.sync_api import Locator

from harness import Person

# What the focused element looks like: a CSS path to find it again and its focus styles.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const path = [];
  for (let n = el; n && n.nodeType === 1 && path.length < 4; n = n.parentElement) {
    let part = n.localName;
    if (n.id) { path.unshift(part + "#" + CSS.escape(n.id)); break; }
    const cls = Array.from(n.classList).slice(0, 2).map((c) => "." + CSS.escape(c)).join("");
    const same = n.parentElement ? Array.from(n.parentElement.children).filter((c) => c.localName === n.localName) : [];
    part += cls + (same.length > 1 ? `:nth-of-type(${same.indexOf(n) + 1})` : "");
    path.unshift(part);
  }
  const style = getComputedStyle(el);
  // What the outline is drawn on: the first ancestor with a background colour (outline-offset puts it outside the element).
  let behind = "rgb(255, 255, 255)";
  for (let n = el.parentElement; n; n = n.parentElement) {
    const bg = getComputedStyle(n).backgroundColor;
    if (bg && bg !== "transparent" && !/rgba\(.*, 0\)$/.test(bg)) { behind = bg; break; }
  }
  const box = el.getBoundingClientRect();
  const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.getAttribute("name") || "").trim();
  return {
    selector: path.join(" > "),
    tag: el.localName,
    type: el.localName === "input" ? el.type : null,
    name: name.replace(/\\s+/g, " ").slice(0, 60),
    outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, outlineColor: style.outlineColor,
    boxShadow: style.boxShadow, behind,
    focusVisible: el.matches(":focus-visible"),
    width: box.width, height: box.height,
    inViewport: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
}"""


PICKER_TYPES = ("date", "datetime-local", "time", "month", "week")


def _luminance(color: str) -> float | None:
    match = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", color.strip())
    if not match or (match.group(4) is not None and float(match.group(4)) < 1):
        return None  # translucent: not worth guessing

    def channel(value: str) -> float:
        c = int(value) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(match.group(i)) for i in (1, 2, 3))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float | None:
    """WCAG contrast ratio of two opaque CSS rgb() colours."""
    la, lb = _luminance(a), _luminance(b)
    if la is None or lb is None:
        return None
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


class Keyboard:
    """Tab-driven focus for one person; every stop is checked for a visible focus indicator."""

    def __init__(self, person: Person, max_steps: int = 400):
        self.person = person
        self.page = person.page
        self.max_steps = max_steps
        self.stops = 0  # focus stops checked
        self._reported: set[tuple[str, str]] = set()
        self._low_contrast: set[tuple[str, str]] = set()  # (outline colour, colour behind) already noted

    def focused(self) -> dict | None:
        return self.page.evaluate(_FOCUSED)

    def check_focus(self) -> dict | None:
        """Check the element that has the focus now (a problem if its focus is not visible)."""
        info = self.focused()
        if info is None:
            return None
        self.stops += 1
        width = float((info["outlineWidth"] or "0px").removesuffix("px") or 0)
        transparent = info["outlineColor"] in ("transparent", "rgba(0, 0, 0, 0)")
        visible = info["outlineStyle"] != "none" and width > 0 and not transparent
        on_screen = info["width"] > 0 and info["height"] > 0 and info["inViewport"]
        if not visible and info["type"] in PICKER_TYPES and not info["focusVisible"]:
            # The stop on the calendar/clock button inside the input's user-agent shadow tree:
            # Chromium rings that button itself (a page cannot style it, nor see it from script).
            self.person.journey.notes.add(
                f"<input type={info['type']}>: its calendar button inside the browser's shadow tree is a Tab stop of "
                f"its own; Chromium draws its own focus ring there (the page's :focus-visible outline does not apply)")
            return info
        if visible:
            ratio = contrast(info["outlineColor"], info["behind"])
            if ratio is not None and ratio < 3 and (info["outlineColor"], info["behind"]) not in self._low_contrast:
                self._low_contrast.add((info["outlineColor"], info["behind"]))
                self.person.journey.notes.add(
                    f"focus outline {info['outlineColor']} on {info['behind']} has a contrast of {ratio:.2f}:1, under the 3:1 "
                    f"of WCAG 1.4.11 (non-text contrast), first seen on <{info['tag']}> {info['selector']} on "
                    f"/{self.page.url.split('://', 1)[-1].split('/', 1)[-1].split('?')[0]}")
        if not (visible and on_screen):
            path = self.page.url.split("://", 1)[-1].split("/", 1)[-1]
            key = (path.split("?")[0], info["selector"])
            if key not in self._reported:
                self._reported.add(key)
                why = []
                if not visible:
                    why.append(f"outline {info['outlineStyle']} {info['outlineWidth']} {info['outlineColor']}"
                               f" (:focus-visible {'matches' if info['focusVisible'] else 'does not match'};"
                               f" box-shadow {info['boxShadow']})")
                if not on_screen:
                    why.append(f"box {info['width']:.0f}×{info['height']:.0f}px, "
                               f"{'in' if info['inViewport'] else 'outside'} the viewport")
                self.person.problem(f"focus not visible on /{path}: <{info['tag']}> {info['selector']} "
                                    f"{info['name']!r}: {'; '.join(why)} (WCAG 2.4.7)")
        return info

    def press(self, key: str) -> dict | None:
        """Press a key (Tab, Shift+Tab, Enter, Space, arrows...); check the focus it leaves."""
        self.page.keyboard.press(key)
        return self.check_focus()

    def load(self, key: str = "Enter") -> None:
        """Press a key that loads a page (Enter on a link or in a form, Space on a submit button,
        an arrow key on a board card): the new page goes through the harness's checks."""
        with self.person.navigation():
            self.page.keyboard.press(key)

    def is_focused(self, target: Locator) -> bool:
        return target.evaluate("el => el === document.activeElement")

    def tab_to(self, target: Locator, what: str) -> None:
        """Tab (or Shift+Tab, when `target` comes before the focus in the document) until `target`
        has the focus; every element passed on the way must show the focus."""
        target.wait_for(state="attached")
        if self.is_focused(target):
            return
        before = target.evaluate("""el => {
            const a = document.activeElement;
            if (!a || a === document.body) return false;
            return !!(a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
        }""")
        key = "Shift+Tab" if before else "Tab"
        seen = []
        for _ in range(self.max_steps):
            info = self.press(key)
            if self.is_focused(target):
                return
            seen.append(f"<{info['tag']}> {info['name']!r}" if info else "(no element)")
        raise AssertionError(f"{key} pressed {self.max_steps} times on {self.page.url} without reaching {what}; "
                             f"the focus went through: {', '.join(seen[:30])}{' …' if len(seen) > 30 else ''}")

    def type_into(self, target: Locator, what: str, text: str) -> None:
        """Tab to a field and type into it, key by key."""
        self.tab_to(target, what)
        self.page.keyboard.type(text)
