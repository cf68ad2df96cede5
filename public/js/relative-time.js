// Shows recent times as "10 sec ago" or "3 hours ago" in the reader's own clock, keeping the exact
// time in a tooltip. The HTML carries the absolute time, so pages stay identical on every build.
(() => {
  const WEEK = 7 * 24 * 3600;
  // Unicode's left-to-right and right-to-left isolates, each closed by U+2069.
  const ISOLATES = { ltr: "\u2066", rtl: "\u2067" };
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

  // The time keeps the language the page gave it (a date in the site's language in a story in another),
  // which is the title's, the date as written: a screen reader reads the tooltip in it. The phrase is
  // in the language of the text round the time, or English; where that is not the time's, the phrase
  // goes in a span marked with its own. The time itself takes the phrase's direction (none of its own
  // where that is the text's round it): a time kept left-to-right in a right-to-left line moves its
  // start as its text changes length, which a reader sees as the line jumping (a layout shift). So a
  // tooltip whose date runs the other way is isolated in its own direction by Unicode's marks.
  function languageOf(element) {
    return element?.closest("[lang]")?.lang || "en";
  }

  function directionOf(element) {
    return element?.closest("[dir]")?.dir || "ltr";
  }

  function phraseIn(time, phrase, lang) {
    const around = directionOf(time.parentElement);
    const dir = lang === languageOf(time.parentElement) ? around : "ltr";
    setDirection(time, dir === around ? "" : dir);
    if (primaryLanguage(lang) === primaryLanguage(languageOf(time))) return phrase;
    const marked = document.createElement("span");
    Object.assign(marked, { lang, textContent: phrase });
    return marked;
  }

  function setDirection(time, dir) {
    if (dir) time.setAttribute("dir", dir);
    else time.removeAttribute("dir");
  }

  // en-GB's dates and an English phrase read alike.
  function primaryLanguage(lang) {
    return lang.toLowerCase().split("-")[0];
  }

  function update() {
    const now = Date.now();
    for (const time of document.querySelectorAll("time[data-relative][datetime]")) {
      const then = Date.parse(time.getAttribute("datetime"));
      if (Number.isNaN(then)) continue;
      if (!time.dataset.absolute) {
        time.dataset.absolute = time.textContent;
        time.dataset.absoluteDir = time.getAttribute("dir") ?? "";
      }
      const seconds = Math.floor((now - then) / 1000);
      if (seconds < 0 || seconds >= WEEK) {
        time.textContent = time.dataset.absolute;
        setDirection(time, time.dataset.absoluteDir);
        continue;
      }
      const lang = phraseLanguage(languageOf(time.parentElement));
      const dateDirection = time.dataset.absoluteDir || directionOf(time.parentElement);
      time.replaceChildren(phraseIn(time, relative(seconds, lang), lang));
      time.title = directionOf(time) === dateDirection ? time.dataset.absolute : `${ISOLATES[dateDirection]}${time.dataset.absolute}\u2069`;
    }
  }

  update();
  setInterval(update, 30 * 1000);
})();
