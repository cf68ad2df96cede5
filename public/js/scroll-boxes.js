// A wide table or block of code scrolls sideways in its box (site.css), and the build makes each one a tab
// stop (tabindex="0", src/markdown.ts) so that a reader with a keyboard can scroll it, which Safari does not
// let them do otherwise (WCAG 2.1.1). One that fits its box has nothing to scroll: as a tab stop it was a
// stop with no name that did nothing, so it leaves the tab order. One that scrolls keeps its stop and is
// named for what it is (WCAG 4.1.2), in the story's words; a block of code, which has no role to carry a name,
// is a group while it scrolls (not a region: a landmark each, two blocks of code were two landmarks of one
// name). Whether a box scrolls changes with the screen's width and the text's size: each is judged again when
// its size changes, and once the fonts are in.
(() => {
  const story = document.querySelector(".story__body[data-words]");
  if (!story || !window.ResizeObserver) return;
  // The site's words (src/site-words.ts). A name cannot be marked with its language, as the copy button's words are.
  const words = JSON.parse(story.dataset.words);
  const boxes = [...story.querySelectorAll("table[tabindex='0'], pre[tabindex='0']")];
  // A name the story gives the box itself (a table's caption, a title) is left to it.
  const ownName = new Set(boxes.filter((box) => box.title || box.caption || box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")));
  const judge = (box) => {
    const code = box.localName === "pre";
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      if (code) box.setAttribute("role", "group");
      if (!ownName.has(box)) box.setAttribute("aria-label", words[code ? "scrollingCode" : "scrollingTable"].text);
    } else if (box !== document.activeElement) {
      // Taken out from under the reader's focus, it would send the next Tab back to the page's start: it waits.
      box.removeAttribute("tabindex");
      if (code) box.removeAttribute("role");
      if (!ownName.has(box)) box.removeAttribute("aria-label");
    }
  };
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => judge(entry.target)));
  for (const box of boxes) {
    observer.observe(box);
    box.addEventListener("blur", () => judge(box));
  }
  document.fonts?.ready.then(() => boxes.forEach(judge));
})();
