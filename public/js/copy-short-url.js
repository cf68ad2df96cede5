// Reveals the "Copy" button beside a short URL and copies the link when pressed. Without script the
// link itself is still there to select.
(() => {
  for (const button of document.querySelectorAll("button.copy-short-url[data-copy]")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    // The label's own nodes, put back as they were: a word the settings did not give is marked as English.
    const label = [...button.childNodes];
    // The site's words (src/site-words.ts), each with its language where that is not the story's.
    const words = JSON.parse(button.dataset.words);
    const say = (name) => {
      const { text, lang, dir } = words[name];
      if (!lang) return (button.textContent = text);
      const marked = document.createElement("span");
      Object.assign(marked, { lang, dir, textContent: text });
      button.replaceChildren(marked);
    };
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
        say("copied");
      } catch {
        say("copyFailed");
        const link = button.parentElement?.querySelector(".short-url a");
        if (link) getSelection()?.selectAllChildren(link);
      }
      setTimeout(() => button.replaceChildren(...label), 2000);
    });
  }
})();
