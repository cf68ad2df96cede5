// What a reader who enlarges the text (WCAG 1.4.4) or reads on a narrow screen (1.4.10, reflow at 320px)
// must still get from a page: nothing to scroll sideways, no text cut off or drawn over other text, and
// every control reached by the keyboard and seen when it is.
import type { Page } from "playwright-core";

/**
 * Text at 200%, as Chromium's own setting gives it (Settings, Appearance, Font size, which the "Customize
 * fonts" slider sets up to 72): the default font size doubled, 32px rather than 16px, and the fixed one
 * with it. That is the browser's text-only zoom: everything sized in rem or em grows, and media queries in
 * em or rem, which are read against that default, with it, while the window stays as wide. Doubling the
 * root's font size from a stylesheet would leave those media queries where they were.
 */
export async function doubleTheText(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send("Page.enable");
  await session.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
}

/** How many pixels the page is wider than the window: what the reader would have to scroll sideways on every line. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Text the reader cannot read where it is: cut off by a box that does not scroll (or by the page's start,
 * which the reader cannot scroll past), or drawn over other text. Each as a few of its words and where it
 * is wrong. Text hidden on purpose is left out: for screen readers only (.visually-hidden), and the skip
 * link until it is focused.
 */
export function textOutOfPlace(page: Page): Promise<string[]> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const pieces: Array<{ words: string; rects: DOMRect[] }> = [];
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim() || element.closest(".visually-hidden, .skip-link, noscript, script, style")) continue;
      if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0.5 && rect.height > 0.5);
      const words = node.textContent.trim().slice(0, 40);
      // What of each line a box round it shows: only that can be drawn over other text.
      const shownRects: DOMRect[] = [];
      for (const rect of rects) {
        if (rect.left + scrollX < -0.5 || rect.top + scrollY < -0.5) problems.push(`"${words}": ${(-Math.min(rect.left + scrollX, rect.top + scrollY)).toFixed(1)}px before the page's start`);
        let shownRect = DOMRect.fromRect(rect);
        for (let box = element as Element | null; box && box !== document.documentElement; box = box.parentElement) {
          const style = getComputedStyle(box);
          if (style.overflowX === "visible" && style.overflowY === "visible") continue;
          const frame = box.getBoundingClientRect();
          const shown = { left: frame.left + box.clientLeft, top: frame.top + box.clientTop, right: frame.left + box.clientLeft + box.clientWidth, bottom: frame.top + box.clientTop + box.clientHeight };
          // A box that scrolls shows the rest when scrolled (the section menu, a table); one that does not cuts it off.
          const scrolls = [style.overflowX, style.overflowY].some((overflow) => overflow === "auto" || overflow === "scroll");
          const cut = Math.max(shown.left - rect.left, rect.right - shown.right, shown.top - rect.top, rect.bottom - shown.bottom);
          if (!scrolls && cut > 0.5) problems.push(`"${words}": ${cut.toFixed(1)}px cut off by <${box.tagName.toLowerCase()} class="${box.className}">`);
          const [left, top] = [Math.max(shownRect.left, shown.left), Math.max(shownRect.top, shown.top)];
          shownRect = new DOMRect(left, top, Math.max(0, Math.min(shownRect.right, shown.right) - left), Math.max(0, Math.min(shownRect.bottom, shown.bottom) - top));
        }
        if (shownRect.width > 0.5 && shownRect.height > 0.5) shownRects.push(shownRect);
      }
      pieces.push({ words, rects: shownRects });
    }
    // Two lines' boxes may touch or overlap a little where the line height is less than the font's own; a
    // third of the smaller one's height is text drawn over text.
    for (let one = 0; one < pieces.length; one++) {
      for (let other = one + 1; other < pieces.length; other++) {
        for (const a of pieces[one]!.rects) {
          for (const b of pieces[other]!.rects) {
            const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (across > 2 && down > Math.min(a.height, b.height) / 3) problems.push(`"${pieces[one]!.words}" and "${pieces[other]!.words}" overlap by ${across.toFixed(1)}×${down.toFixed(1)}px`);
          }
        }
      }
    }
    return problems;
  });
}

/**
 * The controls (links, buttons, fields, scrolling boxes) a keyboard reader cannot use, on a page just
 * opened, where nothing has the focus yet: going once round it with Tab from its start, each shown control must take the focus, and, focused, be wholly in the
 * window and inside any box that scrolls round it, and not under anything else. Each as its words and what
 * is wrong. Animated scrolling is turned off, so that a focused control is read where it comes to rest.
 */
export async function controlsOutOfReach(page: Page): Promise<string[]> {
  await page.emulateMedia({ reducedMotion: "reduce" });
  const names = await page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, [tabindex]")].filter(
      (control) => control.tabIndex >= 0 && !control.closest("[inert]") && control.checkVisibility({ visibilityProperty: true }),
    );
    (window as unknown as { controls: HTMLElement[] }).controls = controls;
    return controls.map((control) => `<${control.tagName.toLowerCase()}> "${(control.textContent || control.getAttribute("aria-label") || control.id).trim().slice(0, 40)}"`);
  });
  const problems: string[] = [];
  const reached = new Set<number>();
  for (let press = 0; press < names.length + 3; press++) {
    await page.keyboard.press("Tab");
    const seen = await page.evaluate(() => {
      const control = document.activeElement as HTMLElement | null;
      const index = control ? (window as unknown as { controls: HTMLElement[] }).controls.indexOf(control) : -1;
      if (!control || index < 0) return undefined;
      const box = control.getBoundingClientRect();
      const wrong: string[] = [];
      if (box.left < -0.5 || box.right > innerWidth + 0.5) wrong.push(`${Math.max(-box.left, box.right - innerWidth).toFixed(1)}px outside the window's sides`);
      if (box.top < -0.5 || box.bottom > innerHeight + 0.5) wrong.push(`not scrolled wholly into the window (${box.top.toFixed(0)}-${box.bottom.toFixed(0)}px of ${innerHeight})`);
      for (let frame = control.parentElement; frame && frame !== document.documentElement; frame = frame.parentElement) {
        const style = getComputedStyle(frame);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        const outer = frame.getBoundingClientRect();
        const cut = Math.max(outer.left + frame.clientLeft - box.left, box.right - (outer.left + frame.clientLeft + frame.clientWidth), outer.top + frame.clientTop - box.top, box.bottom - (outer.top + frame.clientTop + frame.clientHeight));
        if (cut > 0.5) wrong.push(`${cut.toFixed(1)}px cut off by <${frame.tagName.toLowerCase()} class="${frame.className}">`);
      }
      // Hit where its first line is: a link that wraps has its bounding box's middle on other words, or none.
      const first = control.getClientRects()[0] ?? box;
      const [x, y] = [(first.left + first.right) / 2, (first.top + first.bottom) / 2];
      const onTop = x >= 0 && x < innerWidth && y >= 0 && y < innerHeight ? document.elementFromPoint(x, y) : null;
      if (onTop && !control.contains(onTop)) wrong.push(`under <${onTop.tagName.toLowerCase()} class="${onTop.className}">`);
      return { index, wrong };
    });
    if (!seen) continue;
    reached.add(seen.index);
    for (const wrong of seen.wrong) problems.push(`${names[seen.index]}: ${wrong}`);
  }
  names.forEach((name, index) => {
    if (!reached.has(index)) problems.push(`${name}: never focused by Tab`);
  });
  return [...new Set(problems)];
}

/** The size of each piece of text the page shows, in the page's order, with a few of its words: to compare the page with its text enlarged. */
export function textSizes(page: Page): Promise<Array<{ words: string; px: number }>> {
  return page.evaluate(() => {
    const sizes: Array<{ words: string; px: number }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim() || element.closest("noscript, script, style") || !element.checkVisibility()) continue;
      sizes.push({ words: `<${element.tagName.toLowerCase()}> "${node.textContent.trim().slice(0, 40)}"`, px: parseFloat(getComputedStyle(element).fontSize) });
    }
    return sizes;
  });
}
