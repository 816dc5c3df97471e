// The daily compact export (/api/v1/export/scores-compact.json.gz: the compact lookup's item
// of every requester), downloaded once a day as a fallback for when the API is down or
// slow; export_store.js keeps it.

import { keepExport, META } from "./export_store.js";

export const EXPORT_PATH = "/api/v1/export/scores-compact.json.gz";
const REFRESH_MS = 24 * 3600 * 1000;
// After a failed download (no export built yet, API down), wait before trying again.
const RETRY_MS = 3600 * 1000;

const isGzip = (bytes) => bytes.length > 1 && bytes[0] === 0x1f && bytes[1] === 0x8b;

// The file is gzip'ed JSON; a proxy that sent it with Content-Encoding: gzip has had it
// decoded by fetch already, so look at the bytes rather than trust the headers.
async function decompressJson(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!isGzip(bytes)) return JSON.parse(new TextDecoder().decode(bytes));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).json();
}

// Download the export when there is none for this API base or it is a day old; an
// unchanged export (304 to If-None-Match) only renews the date.
export async function refreshExportIfDue(base, now) {
  const { [META]: stored } = await chrome.storage.local.get(META);
  const mine = stored && stored.base === base ? stored : null;
  const kept = mine?.rows !== undefined;
  const fresh = kept && now - mine.downloadedAt < REFRESH_MS;
  const triedLately = mine?.triedAt && now - mine.triedAt < RETRY_MS;
  if (fresh || triedLately) return false;
  const headers = mine?.etag && kept ? { "If-None-Match": mine.etag } : {};
  let response;
  try {
    response = await fetch(`${base}${EXPORT_PATH}`, {
      headers,
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
  } catch {
    response = null;
  }
  if (response && response.status === 304) {
    await chrome.storage.local.set({ [META]: { ...mine, downloadedAt: now, triedAt: null } });
    return true;
  }
  const failed = async () => {
    await chrome.storage.local.set({ [META]: { ...(mine || { base }), triedAt: now } });
    return false;
  };
  if (!response || !response.ok) return failed();
  try {
    const document = await decompressJson(response);
    await keepExport(document, { base, etag: response.headers.get("ETag"), downloadedAt: now });
  } catch {
    // A broken download, or no room to store it: keep the copy we had, try again later.
    return failed();
  }
  return true;
}
