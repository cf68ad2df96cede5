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

  // The time keeps the language the page gave it (a date in the site's language in a story in another),
  // which is the title's, the date as written: a screen reader reads the tooltip in it. The phrase is
  // in the language of the text round the time, or English; where that is not the time's, the phrase
  // goes in a span marked with its own.
  function languageOf(element) {
    return element?.closest("[lang]")?.lang || "en";
  }

  function directionOf(element) {
    return element?.closest("[dir]")?.dir || "ltr";
  }

  function phraseIn(time, phrase, lang) {
    const dir = lang === languageOf(time.parentElement) ? directionOf(time.parentElement) : "ltr";
    if (primaryLanguage(lang) === primaryLanguage(languageOf(time)) && dir === directionOf(time)) return phrase;
    const marked = document.createElement("span");
    Object.assign(marked, { lang, dir, textContent: phrase });
    return marked;
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
      if (!time.dataset.absolute) time.dataset.absolute = time.textContent;
      const seconds = Math.floor((now - then) / 1000);
      if (seconds < 0 || seconds >= WEEK) {
        time.textContent = time.dataset.absolute;
        continue;
      }
      time.title = time.dataset.absolute;
      const lang = phraseLanguage(languageOf(time.parentElement));
      time.replaceChildren(phraseIn(time, relative(seconds, lang), lang));
    }
  }

  update();
  setInterval(update, 30 * 1000);
})();
