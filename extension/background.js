// The service worker: every lookup goes through here (content scripts never talk to the
// API), so host permissions, not the page's CORS rules, apply to it.

import { pruneCache } from "./lib/cache.js";
import { refreshExportIfDue } from "./lib/export.js";
import { lookUp } from "./lib/lookup.js";
import { loadSettings, SITES } from "./lib/settings.js";

// At most this many ids in one message (a page never shows that many requesters).
const MAX_IDS = 2000;

async function answerLookup(message) {
  const settings = await loadSettings();
  if (!SITES.includes(message.site) || !settings.sites[message.site]) {
    return { disabled: true };
  }
  const ids = (Array.isArray(message.ids) ? message.ids : [])
    .filter((id) => typeof id === "string" && id.length > 0 && id.length <= 64)
    .slice(0, MAX_IDS);
  const results = await lookUp(settings.apiBase, message.platform, ids);
  const display = { apiBase: settings.apiBase, wageGood: settings.wageGood, wageLow: settings.wageLow };
  return { results, settings: display };
}

async function refreshInBackground() {
  const settings = await loadSettings();
  const now = Date.now();
  if (await refreshExportIfDue(settings.apiBase, now)) await pruneCache(now);
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only this extension's own content scripts and pages send messages.
  if (sender.id !== chrome.runtime.id || message?.type !== "lookup") return false;
  answerLookup(message)
    .then((answer) => {
      sendResponse(answer);
      if (!answer.disabled) refreshInBackground().catch(() => {});
    })
    .catch((error) => sendResponse({ error: String(error) }));
  return true; // the answer comes asynchronously
});
