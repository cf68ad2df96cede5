// Shows recent times as "10 sec ago" or "3 hours ago" in the reader's own clock, keeping the exact
// time in a tooltip. The HTML carries the absolute time, so pages stay identical on every build.
(() => {
  const WEEK = 7 * 24 * 3600;
  const units = [
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60],
  ];

  // In the story's own language: an Urdu story says "3 گھنٹے پہلے", not "3 hours ago".
  function relative(seconds, lang) {
    const english = /^en\b/i.test(lang);
    if (seconds < 60 && english) return `${Math.max(seconds, 1)} sec ago`;
    let format;
    try {
      format = new Intl.RelativeTimeFormat(lang, { numeric: "always" });
    } catch {
      format = new Intl.RelativeTimeFormat("en", { numeric: "always" });
    }
    for (const [unit, size] of units) {
      if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
    }
    return format.format(-Math.max(seconds, 1), "second");
  }

  function update() {
    const now = Date.now();
    for (const time of document.querySelectorAll("time[data-relative][datetime]")) {
      const then = Date.parse(time.getAttribute("datetime"));
      if (Number.isNaN(then)) continue;
      if (!time.dataset.absolute) time.dataset.absolute = time.textContent;
      const seconds = Math.floor((now - then) / 1000);
      if (seconds < 0 || seconds >= WEEK) {
        time.textContent = time.dataset.absolute;
        continue;
      }
      time.title = time.dataset.absolute;
      time.textContent = relative(seconds, time.closest("[lang]")?.lang || "en");
    }
  }

  update();
  setInterval(update, 30 * 1000);
})();
