// The shared part of every site: find requesters through the site's adapter, ask the
// service worker for all new ids in one message, put a badge beside each, and do it again
// when the page changes (sites render their lists after load and page through them).
"use strict";

globalThis.LanternCore = (() => {
  // Mutations usually come in bursts (a list rendered row by row); wait for the end.
  const SETTLE_MS = 150;

  function badgeBeside(spot) {
    const sibling =
      spot.position === "before" ? spot.anchor.previousElementSibling : spot.anchor.nextElementSibling;
    return sibling?.classList.contains("lantern-badge") && sibling.dataset.lanternId === spot.id;
  }

  function place(spot, badge) {
    if (spot.position === "before") spot.anchor.before(badge);
    else spot.anchor.after(badge);
  }

  function start(adapter) {
    const known = new Map(); // id → {item, source}
    let settings = null;
    let timer = null;
    let inFlight = false;
    let again = false;
    let disabled = false;

    function decorate(spots) {
      for (const spot of spots) {
        if (!known.has(spot.id) || badgeBeside(spot)) continue;
        const context = { platform: adapter.platform, currency: adapter.currency, settings };
        place(spot, globalThis.LanternBadge.render(spot, known.get(spot.id), context));
      }
    }

    async function scan() {
      if (disabled) return;
      if (inFlight) {
        again = true;
        return;
      }
      const spots = adapter.find(document).filter((spot) => !badgeBeside(spot));
      const missing = [...new Set(spots.map((spot) => spot.id).filter((id) => !known.has(id)))];
      if (missing.length) {
        inFlight = true;
        try {
          const answer = await chrome.runtime.sendMessage({
            type: "lookup",
            site: adapter.site,
            platform: adapter.platform,
            ids: missing,
          });
          if (answer?.disabled) {
            disabled = true;
            observer.disconnect();
            return;
          }
          if (answer?.results) {
            settings = answer.settings;
            for (const id of missing) known.set(id, answer.results[id] || { source: "none" });
          }
        } catch {
          // The extension was reloaded or updated under this page: nothing to show.
        } finally {
          inFlight = false;
        }
      }
      if (settings) decorate(spots);
      if (again) {
        again = false;
        schedule();
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(scan, SETTLE_MS);
    }

    const observer = new MutationObserver((mutations) => {
      const ours = (node) => node.nodeType === 1 && node.classList.contains("lantern-badge");
      const relevant = mutations.some(
        (m) => ![...m.addedNodes].every(ours) || ![...m.removedNodes].every(ours),
      );
      if (relevant) schedule();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    schedule();
  }

  return { start };
})();
