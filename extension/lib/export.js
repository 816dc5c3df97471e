// The daily export (/api/v1/export/scores.json.gz), kept as a fallback for when the API
// is down or slow. Only what a badge shows is kept, about 60 bytes a requester: still more
// than chrome.storage.local's 10 MB quota for a site with a few hundred thousand
// requesters, hence the manifest's unlimitedStorage permission.

const KEY = "export";
const REFRESH_MS = 24 * 3600 * 1000;
// After a failed download (no export built yet, API down), wait before trying again.
const RETRY_MS = 3600 * 1000;
const RATES = ["rejected", "blocked", "recommend"];

const percent = (rate) =>
  rate && rate.total ? Math.round((1000 * rate.count) / rate.total) / 10 : null;

// A full snapshot's window → [n, wage, wage_n, rejected %, blocked %, recommend %].
function packWindow(window) {
  const rates = window.rates || {};
  return [
    window.n,
    window.wage?.median ?? null,
    window.wage?.n ?? 0,
    ...RATES.map((name) => percent(rates[name])),
  ];
}

function unpackWindow(row) {
  const [n, wage, wage_n, rejected, blocked, recommend] = row;
  return { n, wage, wage_n, rejected, blocked, recommend };
}

// The packed export as a compact lookup item, or a not_found item.
export function exportItem(stored, platform, id) {
  const row = stored.platforms?.[platform]?.[id];
  if (!row) return { status: "not_found", id };
  const all = unpackWindow(row[0]);
  return { status: "found", id, n: all.n, all, recent: unpackWindow(row[1]) };
}

export async function storedExport(base) {
  const { [KEY]: stored } = await chrome.storage.local.get(KEY);
  return stored && stored.base === base && stored.platforms ? stored : null;
}

const isGzip = (bytes) => bytes.length > 1 && bytes[0] === 0x1f && bytes[1] === 0x8b;

// The file is gzip'ed JSON; a proxy that sent it with Content-Encoding: gzip has had it
// decoded by fetch already, so look at the bytes rather than trust the headers.
async function decompressJson(response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!isGzip(bytes)) return JSON.parse(new TextDecoder().decode(bytes));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).json();
}

function pack(document) {
  const platforms = {};
  for (const snapshot of document.requesters || []) {
    const rows = (platforms[snapshot.platform] ||= {});
    rows[snapshot.id] = [packWindow(snapshot.all), packWindow(snapshot.recent)];
  }
  return platforms;
}

// Download the export when there is none for this API base or it is a day old; an
// unchanged export (304 to If-None-Match) only renews the date.
export async function refreshExportIfDue(base, now) {
  const { [KEY]: stored } = await chrome.storage.local.get(KEY);
  const mine = stored && stored.base === base ? stored : null;
  const fresh = mine?.platforms && now - mine.downloadedAt < REFRESH_MS;
  const triedLately = mine?.triedAt && now - mine.triedAt < RETRY_MS;
  if (fresh || triedLately) return false;
  const headers = mine?.etag && mine.platforms ? { "If-None-Match": mine.etag } : {};
  let response;
  try {
    response = await fetch(`${base}/api/v1/export/scores.json.gz`, {
      headers,
      cache: "no-store",
      credentials: "omit",
      referrerPolicy: "no-referrer",
    });
  } catch {
    response = null;
  }
  if (response && response.status === 304) {
    await chrome.storage.local.set({ [KEY]: { ...mine, downloadedAt: now, triedAt: null } });
    return true;
  }
  const failed = async () => {
    await chrome.storage.local.set({ [KEY]: { ...(mine || { base }), triedAt: now } });
    return false;
  };
  if (!response || !response.ok) return failed();
  try {
    const document = await decompressJson(response);
    await chrome.storage.local.set({
      [KEY]: {
        base,
        etag: response.headers.get("ETag"),
        createdAt: document.created_at,
        downloadedAt: now,
        platforms: pack(document),
      },
    });
  } catch {
    // A broken download, or no room to store it: keep the copy we had, try again later.
    return failed();
  }
  return true;
}
