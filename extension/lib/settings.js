// The extension's settings, kept in chrome.storage.local (never sync: nothing leaves the browser).

export const DEFAULT_SETTINGS = Object.freeze({
  // The public Lantern instance; self-hosters change it on the options page.
  apiBase: "https://lantern.example.org",
  // Hourly wage (the platform's currency) at or above which the badge is green, and below
  // which it is red; amber in between.
  wageGood: 12,
  wageLow: 7.25,
  sites: Object.freeze({ mturk: true, prolific: true }),
});

export const SITES = Object.freeze(["mturk", "prolific"]);

export async function loadSettings() {
  const { settings } = await chrome.storage.local.get("settings");
  const stored = settings || {};
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    sites: { ...DEFAULT_SETTINGS.sites, ...(stored.sites || {}) },
  };
}

export async function saveSettings(settings) {
  await chrome.storage.local.set({ settings });
}

// "https://host/path/" → "https://host/path"; throws on anything but an http(s) URL.
export function normaliseApiBase(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    throw new Error("Enter a full address, such as https://lantern.example.org");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error("The address must start with https:// (or http:// for a local server)");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error("The address must not carry a query, a fragment or a password");
  }
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

// Thresholds as numbers, the low one not above the good one.
export function checkThresholds(good, low) {
  const g = Number(good);
  const l = Number(low);
  if (!Number.isFinite(g) || !Number.isFinite(l) || g < 0 || l < 0) {
    throw new Error("Wage thresholds must be numbers of 0 or more");
  }
  if (l > g) {
    throw new Error("The low threshold must not be above the good one");
  }
  return { wageGood: g, wageLow: l };
}
