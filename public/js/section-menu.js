// Chromium scrolls a focused link into view before the focus events: one that shows in part it leaves
// where it is, cut off at the menu's edge with its focus ring, and one that shows not at all it centres.
// Tabbing from a link scrolled to the menu's edge to the next, hidden beyond it, so threw the menu half
// its width. The menu is put back where the reader last saw it, then scrolled only as far as the link and
// its ring need (the link's scroll margin, site.css, is the ring's reach). Scroll events come once a frame,
// after the focus events, so the last one's position is what was on screen before this focus.
const menu = document.querySelector(".sections ul");
if (menu) {
  let shownLeft = menu.scrollLeft;
  menu.addEventListener("scroll", () => { shownLeft = menu.scrollLeft; }, { passive: true });
  menu.addEventListener("focusin", (event) => {
    menu.scrollLeft = shownLeft;
    event.target.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  });
}
