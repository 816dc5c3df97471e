// The badge shown beside a requester. Every value from the API or the page goes in as text
// (textContent, element attributes), never as HTML.
"use strict";

globalThis.LanternBadge = (() => {
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(text, href, className) {
    const a = el("a", className, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  const pct = (value) => (value === null || value === undefined ? "–" : `${value}%`);

  function wageClass(wage, settings) {
    if (wage === null || wage === undefined) return "lantern-wage-none";
    if (wage >= settings.wageGood) return "lantern-wage-good";
    if (wage >= settings.wageLow) return "lantern-wage-fair";
    return "lantern-wage-low";
  }

  function requesterUrl(base, platform, id) {
    return `${base}/r/${encodeURIComponent(platform)}/${encodeURIComponent(id)}/`;
  }

  function reviewUrl(base, platform, spot) {
    const query = new URLSearchParams({ platform, requester_id: spot.id });
    if (spot.name) query.set("requester_name", spot.name);
    if (spot.title) query.set("title", spot.title);
    if (spot.reward !== null && spot.reward !== undefined && spot.reward !== "") {
      query.set("reward", String(spot.reward));
    }
    return `${base}/reviews/new/?${query}`;
  }

  // Said on the badge when Lantern did not answer (down, an error, or too slow).
  function sourceNote(source) {
    if (source === "export") return "from the daily export";
    if (source === "stale") return "from an earlier lookup";
    return null;
  }

  const dateOf = (time) => (time ? new Date(time).toISOString().slice(0, 10) : "");

  // spot: {id, name, title, reward}; result: {item, source}; context: {platform, currency, settings}.
  function render(spot, result, context) {
    const { platform, currency, settings } = context;
    const item = result?.item || { status: "unavailable" };
    const badge = el("span", "lantern-badge");
    badge.dataset.lanternId = spot.id;
    badge.dataset.lanternSource = result?.source || "none";
    if (item.status === "found") {
      const all = item.all;
      badge.classList.add(wageClass(all.wage, settings));
      const wage = all.wage === null ? "no wage yet" : `${currency}${all.wage.toFixed(2)}/h`;
      badge.append(
        el("span", "lantern-wage", wage),
        el("span", "lantern-count", `(${all.wage_n} ${all.wage_n === 1 ? "review" : "reviews"})`),
        el("span", "lantern-rejected", `rejected ${pct(all.rejected)}`),
        el("span", "lantern-blocked", `blocked ${pct(all.blocked)}`),
        el("span", "lantern-recommend", `recommend ${pct(all.recommend)}`),
      );
      badge.title = `Lantern: ${all.n} reviews of this requester`;
    } else {
      badge.classList.add("lantern-wage-none");
      const text = item.status === "unavailable" ? "no answer from Lantern" : "no reviews yet";
      badge.append(el("span", "lantern-empty", text));
    }
    badge.append(link("Lantern", requesterUrl(settings.apiBase, platform, spot.id), "lantern-page"));
    badge.append(link("review this", reviewUrl(settings.apiBase, platform, spot), "lantern-review"));
    const note = sourceNote(result?.source);
    if (note && item.status !== "unavailable") {
      const shown = el("span", "lantern-source", note);
      shown.title = `Lantern can't be reached; these numbers are of ${dateOf(result.savedAt)}`;
      badge.append(shown);
    }
    return badge;
  }

  return { render };
})();
