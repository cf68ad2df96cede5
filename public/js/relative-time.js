// Shows recent times as "10 sec ago" or "3 hours ago" in the reader's own clock, keeping the exact
// time in a tooltip. The HTML carries the absolute time, so pages stay identical on every build.
(() => {
  const WEEK = 7 * 24 * 3600;
  const units = [
    ["day", 24 * 3600],
    ["hour", 3600],
    ["minute", 60],
  ];

  // The language the phrase is written in: the text's round the time (an Urdu story says "3 گھنٹے پہلے",
  // a French page "il y a 3 heures"), or English where the browser cannot phrase it in that one; left
  // to Intl, that would be the reader's own language.
  function phraseLanguage(lang) {
    try {
      if (Intl.RelativeTimeFormat.supportedLocalesOf([lang]).length > 0) return lang;
    } catch {
      // Not a language tag the browser can read.
    }
    return "en";
  }

  function relative(seconds, lang) {
    if (seconds < 60 && /^en\b/i.test(lang)) return `${Math.max(seconds, 1)} sec ago`;
    const format = new Intl.RelativeTimeFormat(lang, { numeric: "always" });
    for (const [unit, size] of units) {
      if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
    }
    return format.format(-Math.max(seconds, 1), "second");
  }

  // A phrase in another language than the text round it is marked with its own, so that a screen
  // reader reads it so; the page's absolute time keeps the mark the page gave it (a date in the site's
  // language in a story in another).
  function mark(time, lang, dir) {
    for (const [name, value] of [["lang", lang], ["dir", dir]]) {
      if (value) time.setAttribute(name, value);
      else time.removeAttribute(name);
    }
  }

  function update() {
    const now = Date.now();
    for (const time of document.querySelectorAll("time[data-relative][datetime]")) {
      const then = Date.parse(time.getAttribute("datetime"));
      if (Number.isNaN(then)) continue;
      if (!time.dataset.absolute) {
        time.dataset.absolute = time.textContent;
        time.dataset.absoluteLang = time.getAttribute("lang") ?? "";
        time.dataset.absoluteDir = time.getAttribute("dir") ?? "";
      }
      const seconds = Math.floor((now - then) / 1000);
      if (seconds < 0 || seconds >= WEEK) {
        time.textContent = time.dataset.absolute;
        mark(time, time.dataset.absoluteLang, time.dataset.absoluteDir);
        continue;
      }
      time.title = time.dataset.absolute;
      const context = time.parentElement?.closest("[lang]")?.lang || "en";
      const lang = phraseLanguage(context);
      time.textContent = relative(seconds, lang);
      if (lang === context) mark(time);
      else mark(time, lang, "ltr");
    }
  }

  update();
  setInterval(update, 30 * 1000);
})();
