// Prolific's participant app (app.prolific.com): the study list. Each study card names its
// researcher; the researcher's id (24 hex digits) is read from a `data-researcher-id`
// attribute inside the card (`li[data-testid^="study-"]`), or from a link to /researchers/<id>. Prolific's
// markup is not documented and changes with its app; this structure is what
// tests/extension/fixtures/prolific_studies.html copies, so check it against the live site.
"use strict";

globalThis.LanternAdapter = (() => {
  const ID = /^[0-9a-f]{24}$/;
  const RESEARCHER_LINK = /\/researchers\/([0-9a-f]{24})(?:[/?#]|$)/;
  const REWARD = /[£$€]\s*(\d+(?:\.\d+)?)/;

  function researcherOf(card) {
    const marked = card.querySelector("[data-researcher-id]");
    const id = marked?.getAttribute("data-researcher-id");
    if (id && ID.test(id)) return { id, node: null };
    for (const link of card.querySelectorAll("a[href*='/researchers/']")) {
      const match = link.getAttribute("href").match(RESEARCHER_LINK);
      if (match) return { id: match[1], node: link };
    }
    return null;
  }

  function text(card, selector) {
    return card.querySelector(selector)?.textContent.trim() || "";
  }

  function find(root) {
    const spots = [];
    for (const card of root.querySelectorAll("li[data-testid^='study-']")) {
      if (card.closest(".lantern-badge")) continue;
      const researcher = researcherOf(card);
      if (!researcher) continue;
      const host = card.querySelector("[data-testid='host']");
      const reward = text(card, "[data-testid='study-tag-reward']").match(REWARD);
      spots.push({
        id: researcher.id,
        anchor: host || researcher.node || card.firstElementChild || card,
        position: "after",
        name: host ? host.textContent.replace(/^\s*(By|Hosted by)\s+/i, "").trim() : "",
        title: text(card, "[data-testid='title']"),
        reward: reward ? reward[1] : null,
      });
    }
    return spots;
  }

  return { site: "prolific", platform: "prolific", currency: "£", find };
})();
