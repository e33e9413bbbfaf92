// The app's own script (qa/web.py puts it in the page head).
(() => {
  // A click on a citation marker "[n]" in an answer shows that answer's evidence,
  // scrolls to card n and highlights it.  Answers carry their turn number in a
  // class, so older answers stay clickable.
  document.addEventListener("click", (event) => {
    const marker = event.target.closest("#chat strong, #chat b");
    if (!marker) return;
    const found = marker.textContent.trim().match(/^\[(\d+)\]$/);
    const message = marker.closest(".message, [data-testid='bot']");
    const tag = message && message.querySelector("[class*='qa-turn-']");
    if (!found || !tag) return;
    const turn = tag.className.match(/qa-turn-(\d+)/)[1];
    document.querySelectorAll(".evidence .turn").forEach((t) => t.classList.toggle("shown", t.id === "turn-" + turn));
    document.querySelectorAll(".evidence .card.active").forEach((c) => c.classList.remove("active"));
    const card = document.getElementById("cite-" + turn + "-" + found[1]);
    if (card) {
      card.classList.add("active");
      card.scrollIntoView({block: "nearest"});
    }
  });

  // A new answer is scrolled so that its start, the best quote [1], is in view
  // (with the question above it when that fits), then left alone while it grows:
  // on a phone, following its end would hide the start.  The answer is laid out
  // over several updates, so the scroll is redone on each until it holds, or
  // until the reader touches the page.
  const label = 36;  // the chat's floating label covers the top of its scroll box
  let answers = 0;
  let pending = null;
  const align = ({log, target}) => {
    const off = () => target.getBoundingClientRect().top - log.getBoundingClientRect().top - label;
    log.scrollTop += off();
    return Math.abs(off()) < 2;
  };
  const showNewAnswer = () => {
    const bots = document.querySelectorAll("#chat [data-testid='bot']");
    if (bots.length < answers) answers = bots.length;  // a new conversation
    if (bots.length > answers) {
      answers = bots.length;
      const row = bots[bots.length - 1].closest(".message-row");
      const log = row && row.closest("[role='log']");
      if (!log) return;
      const rows = [...log.querySelectorAll(".message-row")];
      const question = rows[rows.indexOf(row) - 1];
      const fits = question && question.offsetHeight < (log.clientHeight - label) / 3;
      pending = {log, target: fits ? question : row};
      const top = log.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) window.scrollBy(0, top - 8);
    }
    if (pending && align(pending)) pending = null;
  };
  new MutationObserver(showNewAnswer).observe(document.documentElement, {childList: true, subtree: true});
  for (const type of ["wheel", "touchstart", "pointerdown", "keydown"]) {
    document.addEventListener(type, () => { pending = null; }, {capture: true, passive: true});
  }
})();
