// Lookup answers kept in chrome.storage.local: one entry per requester, plus the ETag of
// each batch asked, so a batch asked again after its max-age is revalidated (304) rather
// than downloaded again.

const ENTRY = "c|";
const QUERY = "q|";
// Entries unused for this long are dropped when the export is refreshed.
const KEEP_MS = 7 * 24 * 3600 * 1000;

const entryKey = (base, platform, id) => `${ENTRY}${base}|${platform}|${id}`;
const queryKey = (base, platform, ids) => `${QUERY}${base}|${platform}|${ids.join(",")}`;

// {id: {item, expires, savedAt}} for the ids that have an entry.
export async function cachedEntries(base, platform, ids) {
  const keys = ids.map((id) => entryKey(base, platform, id));
  const stored = await chrome.storage.local.get(keys);
  const entries = {};
  ids.forEach((id, i) => {
    if (stored[keys[i]]) entries[id] = stored[keys[i]];
  });
  return entries;
}

export async function storeEntries(base, platform, items, maxAgeSeconds, now) {
  const values = {};
  for (const item of items) {
    values[entryKey(base, platform, item.id)] = {
      item,
      savedAt: now,
      expires: now + maxAgeSeconds * 1000,
    };
  }
  await chrome.storage.local.set(values);
}

export async function queryEtag(base, platform, ids) {
  const key = queryKey(base, platform, ids);
  const stored = await chrome.storage.local.get(key);
  return stored[key]?.etag || null;
}

export async function storeQueryEtag(base, platform, ids, etag, now) {
  await chrome.storage.local.set({ [queryKey(base, platform, ids)]: { etag, savedAt: now } });
}

export async function pruneCache(now) {
  const all = await chrome.storage.local.get(null);
  const stale = Object.keys(all).filter(
    (key) =>
      (key.startsWith(ENTRY) || key.startsWith(QUERY)) && now - (all[key].savedAt || 0) > KEEP_MS,
  );
  if (stale.length) await chrome.storage.local.remove(stale);
}

// "public, max-age=60" → 60; no max-age (or no-store/no-cache) → 0.
export function maxAgeOf(cacheControl) {
  const header = (cacheControl || "").toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(header)) return 0;
  const match = header.match(/(?:^|,)\s*max-age=(\d+)/);
  return match ? Number(match[1]) : 0;
}
