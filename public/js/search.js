// The search page: looks words up in the Pagefind index (/pagefind/, made by each build) and lists
// the stories that hold them. An external module, so it runs under a Content-Security-Policy without
// 'unsafe-inline'; Pagefind itself needs only 'wasm-unsafe-eval'. The form's words go into the address
// (?q=…&section=…), so a search can be bookmarked and shared.
const form = document.querySelector("form[data-search]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
// Resolved from this file, so the site still finds its index when published under a path prefix.
const siteRoot = new URL("../", import.meta.url);
const MAX_RESULTS = 20;
// The site's words for the status (src/site-words.ts), each with its language where that is not the page's.
const words = JSON.parse(status?.dataset.words ?? "{}");

// A large archive has several indexes (pagefind/, pagefind-1/, …): the first is loaded and the
// others merged into it, so one search covers every story.
const indexes = (form?.dataset.searchIndexes ?? "pagefind/").split(" ").filter(Boolean);

// Loaded once, however many searches ask while it loads: a second load would merge every index again,
// and each story would be found twice. Each index's first files are two requests one after the other,
// so the indexes are merged all at once, not one after another (47 indexes at 100,000 stories).
let loading;
function loadPagefind() {
  loading ??= (async () => {
    const [first, ...others] = indexes;
    const pagefind = await import(new URL(`${first}pagefind.js`, siteRoot).href);
    await pagefind.options({ baseUrl: siteRoot.pathname });
    await pagefind.init();
    await Promise.all(others.map((other) => pagefind.mergeIndex(new URL(other, siteRoot).pathname, { baseUrl: siteRoot.pathname })));
    return pagefind;
  })().catch((error) => {
    // Tried again by the next search (the network may be back).
    loading = undefined;
    throw error;
  });
  return loading;
}

// Excerpts come back as HTML with <mark> around the words found; keep only text and those marks.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  const nodes = [];
  for (const child of parsed?.childNodes ?? []) {
    if (child.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = child.textContent;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(child.textContent ?? ""));
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta?.title || data.url;
  heading.append(link);
  item.append(heading);
  const section = data.filters?.section?.[0];
  if (section) {
    const kicker = document.createElement("p");
    kicker.className = "kicker";
    kicker.textContent = section;
    item.prepend(kicker);
  }
  const excerpt = document.createElement("p");
  excerpt.append(...excerptNodes(data.excerpt ?? ""));
  item.append(excerpt);
  // A story in Urdu among English ones reads right to left, and is read out in its own language.
  const lang = data.meta?.lang;
  if (lang) {
    for (const element of [heading, excerpt]) {
      element.lang = lang;
      if (data.meta.dir === "rtl" || data.meta.dir === "ltr") element.dir = data.meta.dir;
    }
  }
  return item;
}

const pageLanguage = document.documentElement.lang || "en";

/**
 * The language the word NAME's counts are written in: the build says where that is not the word's own
 * (English, for a language it cannot write numbers in), which a browser would replace with its reader's.
 */
function countsLocale(name) {
  return words[name].locale ?? words[name].lang ?? pageLanguage;
}

/** A number as the word NAME's language writes it ("2 447" in French). */
function numberIn(name, value) {
  return new Intl.NumberFormat(countsLocale(name)).format(value);
}

/**
 * The word NAME as nodes, its {places} filled in from VALUES (a text, or nodes this made); a place
 * without a value goes with the spaces before it. A word given by plural form is in the form its
 * language's rules choose for COUNT. A word in another language than the page's is marked with its
 * own, so that a screen reader reads it in that language.
 */
function word(name, values = {}, count = 0) {
  const { text: given, lang, dir } = words[name];
  const text = typeof given === "string" ? given : (given[new Intl.PluralRules(countsLocale(name)).select(count)] ?? given.other);
  const nodes = [];
  let from = 0;
  for (const place of text.matchAll(/(\s*)\{([A-Za-z]+)\}/g)) {
    nodes.push(text.slice(from, place.index));
    const value = values[place[2]];
    if (value !== undefined && value !== "") nodes.push(place[1], ...[value].flat());
    from = place.index + place[0].length;
  }
  nodes.push(text.slice(from));
  if (!lang) return nodes;
  const marked = document.createElement("span");
  Object.assign(marked, { lang, dir });
  marked.append(...nodes);
  return [marked];
}

// "２０３０" finds "2030", "ﾆｭｰｽ" finds "ニュース": the index holds letters and digits in ASCII and
// katakana in full width (src/character-widths.ts, whose expression this is), so the query is folded so too.
const OTHER_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFF9F]+/gu;
function foldWidths(text) {
  return text.replace(OTHER_WIDTH, (run) => run.normalize("NFKC"));
}

function foundWord(total) {
  if (total === 0) return "searchFoundNone";
  if (total === 1) return "searchFoundOne";
  return total > MAX_RESULTS ? "searchFoundMore" : "searchFoundMany";
}

let latest = 0;
async function run(query, section) {
  const ticket = ++latest;
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.replaceChildren(...word("searching"));
  try {
    const search = await (await loadPagefind()).search(foldWidths(query), { filters: section ? { section } : {} });
    const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...found.map(resultItem));
    const total = search.results.length;
    const inSection = section ? word("searchInSection", { section }) : undefined;
    const name = foundWord(total);
    status.replaceChildren(...word(name, { query, inSection, count: numberIn(name, total), shown: numberIn(name, MAX_RESULTS) }, total));
  } catch {
    if (ticket !== latest) return;
    status.replaceChildren(...word("searchUnavailable"));
  }
}

function currentQuery() {
  return { query: form.elements.q.value, section: form.elements.section.value };
}

if (form && status && list) {
  const params = new URLSearchParams(location.search);
  form.elements.q.value = params.get("q") ?? "";
  form.elements.section.value = params.get("section") ?? "";

  // The index starts loading as soon as the reader is in the form, so that it is there, or nearly,
  // by the time the first word is typed. (A failure is reported by the search that needs it.)
  form.addEventListener("focusin", () => loadPagefind().catch(() => {}), { once: true });

  let typing;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // The search is run now: the one the last keystroke had scheduled would only repeat it.
    clearTimeout(typing);
    const { query, section } = currentQuery();
    const address = new URL(location.href);
    address.search = new URLSearchParams({ q: query, ...(section ? { section } : {}) }).toString();
    history.replaceState(null, "", address);
    run(query, section);
  });

  form.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      const { query, section } = currentQuery();
      run(query, section);
    }, 250);
  });

  if (form.elements.q.value) run(form.elements.q.value, form.elements.section.value);
}
