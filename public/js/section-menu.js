// Chromium scrolls a focused link into view only when none of it shows: a keyboard reader tabbing
// along the phone's sideways-scrolling section menu landed on a link cut off at the menu's edge, its
// focus ring with it. The link's scroll margin (site.css) keeps the ring clear of the edge too.
document.querySelector(".sections ul")?.addEventListener("focusin", (event) => {
  event.target.scrollIntoView?.({ block: "nearest", inline: "nearest" });
});
