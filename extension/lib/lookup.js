// The batched score lookup: fresh cached answers first, the rest asked in chunks of at most
// 100 ids (one request per chunk, compact form), and on failure the newest data at hand:
// a stale cached answer or the daily export.

import { cachedEntries, maxAgeOf, queryEtag, storeEntries, storeQueryEtag } from "./cache.js";
import { exportItems, storedExport } from "./export_store.js";

export const CHUNK = 100;
const TIMEOUT_MS = 5000;

function chunks(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function lookupUrl(base, platform, ids) {
  // Plain commas and `fields=compact` last: the form the API's fast path reads directly.
  const encoded = ids.map(encodeURIComponent).join(",");
  return `${base}/api/v1/requesters/scores?platform=${encodeURIComponent(platform)}&ids=${encoded}&fields=compact`;
}

// One chunk from the API: {items} (fresh or revalidated), or null when the API failed: a
// network error, an error status, an unreadable answer, or no whole answer within
// TIMEOUT_MS (the timer covers reading the body too, not just the headers).
async function fetchChunk(base, platform, ids, entries, now) {
  const etag = ids.every((id) => entries[id]) ? await queryEtag(base, platform, ids) : null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  let answer;
  try {
    response = await fetch(lookupUrl(base, platform, ids), {
      headers: etag ? { "If-None-Match": etag } : {},
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
      signal: controller.signal,
    });
    if (response.status !== 304) {
      if (!response.ok) return null;
      answer = await response.json();
    }
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
  const maxAge = maxAgeOf(response.headers.get("Cache-Control"));
  if (response.status === 304) {
    if (!etag) return null; // a 304 to a question we never asked
    const items = ids.map((id) => entries[id].item);
    await storeEntries(base, platform, items, maxAge, now);
    return items;
  }
  const items = (answer.results || []).filter((item) => typeof item?.id === "string");
  await storeEntries(base, platform, items, maxAge, now);
  const newEtag = response.headers.get("ETag");
  if (newEtag) await storeQueryEtag(base, platform, ids, newEtag, now);
  return items;
}

// When the API failed: per id the newer of a stale cached answer and the export.
async function fallback(base, platform, ids, entries, results) {
  const exported = await storedExport(base);
  const exportTime = exported ? Date.parse(exported.createdAt) || 0 : 0;
  const fromExport = exported ? await exportItems(platform, ids) : {};
  for (const id of ids) {
    const cached = entries[id];
    if (cached && (!exported || cached.savedAt >= exportTime)) {
      results[id] = { item: cached.item, source: "stale", savedAt: cached.savedAt };
    } else if (exported) {
      results[id] = { item: fromExport[id], source: "export", savedAt: exportTime };
    } else {
      results[id] = { item: { status: "unavailable", id }, source: "none" };
    }
  }
}

// {id: {item, source: "api"|"cache"|"stale"|"export"|"none", savedAt}} for every id asked
// ("stale": a cached answer past its max-age, shown because the API failed).
export async function lookUp(base, platform, ids, now = Date.now()) {
  const wanted = [...new Set(ids)];
  const entries = await cachedEntries(base, platform, wanted);
  const results = {};
  const toAsk = [];
  for (const id of wanted) {
    const entry = entries[id];
    if (entry && entry.expires > now) {
      results[id] = { item: entry.item, source: "cache", savedAt: entry.savedAt };
    } else {
      toAsk.push(id);
    }
  }
  await Promise.all(
    chunks(toAsk, CHUNK).map(async (chunk) => {
      const items = await fetchChunk(base, platform, chunk, entries, now);
      if (items === null) return fallback(base, platform, chunk, entries, results);
      for (const item of items) results[item.id] = { item, source: "api", savedAt: now };
    }),
  );
  return results;
}
