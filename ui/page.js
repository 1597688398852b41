// Two things Gradio's chatbot cannot do by itself, done with one delegated listener each (capture phase, so
// they run before the chatbot's own handlers):
// 1. A citation [n] opens that answer's own card: the side panel's card when the panel is shown (desktop),
//    else the card folded under the answer (phone). Ids carry the answer id: src-<aid>-<n> / m-<aid>-<n>.
// 2. The copy button puts plain text on the clipboard (the answer with [n] markers and its sources), not HTML.
(() => {
  if (window.__ragPage) return;
  window.__ragPage = true;
  const shown = (el) => el && el.getClientRects().length > 0;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.cite");
    if (!link) return;
    const id = (link.getAttribute("href") || "").replace(/^#/, "");
    if (!id.startsWith("src-")) return;
    event.preventDefault();
    event.stopPropagation();
    const panel = document.getElementById(id);
    const folded = document.getElementById("m-" + id.slice(4));
    const target = shown(panel) ? panel : folded;
    if (!target) return;
    const details = target.closest("details");
    if (details) details.open = true;
    document.querySelectorAll(".src-card.targeted").forEach((c) => c.classList.remove("targeted"));
    target.classList.add("targeted");
    // again after the chatbot's autoscroll (it scrolls to the bottom 300 ms after a change) had its turn
    const show = () => target.scrollIntoView({ block: "start", behavior: "instant" });
    show();
    [120, 450].forEach((ms) => setTimeout(show, ms));
  }, true);
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[aria-label='Copy message'], button[title='Copy message']");
    if (!button) return;
    let box = button.parentElement;
    while (box && !box.querySelector(".message-content")) box = box.parentElement;
    if (!box) return;
    const hidden = box.querySelector(".plain-copy");
    const text = hidden ? hidden.textContent : box.querySelector(".message-content").innerText;
    event.preventDefault();
    event.stopPropagation();
    navigator.clipboard.writeText(text).then(() => {
      button.classList.add("copied");
      setTimeout(() => button.classList.remove("copied"), 1500);
    });
  }, true);
})();
