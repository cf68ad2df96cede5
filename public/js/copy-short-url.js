// Reveals the "Copy" button beside a short URL and copies the link when pressed. Without script the
// link itself is still there to select.
(() => {
  for (const button of document.querySelectorAll("button.copy-short-url[data-copy]")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    // The label's own nodes, put back as they were: a word the settings did not give is marked as English.
    const label = [...button.childNodes];
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Press Ctrl+C to copy";
        const link = button.parentElement?.querySelector(".short-url a");
        if (link) getSelection()?.selectAllChildren(link);
      }
      setTimeout(() => button.replaceChildren(...label), 2000);
    });
  }
})();
