// The daily export as kept in chrome.storage.local: only what a badge shows, about 60 bytes
// a requester, spread over BUCKETS keys by a hash of the id, so that a page's fallback reads
// the few kilobytes of its own requesters' buckets, never the whole copy. A few hundred
// thousand requesters still pass chrome.storage.local's 10 MiB quota, hence the manifest's
// unlimitedStorage permission.

export const META = "export";
const BUCKET = "x|";
const BUCKETS = 4096;
const RATES = ["rejected", "blocked", "recommend"];

// FNV-1a: a cheap, stable spread of ids over the buckets.
function bucketOf(platform, id) {
  let hash = 0x811c9dc5;
  for (const char of `${platform}|${id}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${BUCKET}${(hash >>> 0) % BUCKETS}`;
}

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

// The export's snapshots → {bucket key: {"platform|id": packed row}}, every bucket present
// (an empty one replaces what an older export left there).
function pack(snapshots) {
  const buckets = {};
  for (let i = 0; i < BUCKETS; i++) buckets[`${BUCKET}${i}`] = {};
  for (const snapshot of snapshots) {
    const key = `${snapshot.platform}|${snapshot.id}`;
    buckets[bucketOf(snapshot.platform, snapshot.id)][key] = [
      packWindow(snapshot.all),
      packWindow(snapshot.recent),
    ];
  }
  return buckets;
}

// Replace the kept copy with `document` (the export's JSON); `meta` says where it is from.
export async function keepExport(document, meta) {
  const snapshots = document.requesters || [];
  await chrome.storage.local.set({
    ...pack(snapshots),
    [META]: { ...meta, createdAt: document.created_at, rows: snapshots.length },
  });
}

// The kept copy's description when it is of this API address, else null.
export async function storedExport(base) {
  const { [META]: meta } = await chrome.storage.local.get(META);
  return meta && meta.base === base && meta.rows !== undefined ? meta : null;
}

// {id: compact lookup item (found, or not_found)} from the kept copy.
export async function exportItems(platform, ids) {
  const keys = [...new Set(ids.map((id) => bucketOf(platform, id)))];
  const buckets = await chrome.storage.local.get(keys);
  const items = {};
  for (const id of ids) {
    const row = buckets[bucketOf(platform, id)]?.[`${platform}|${id}`];
    if (!row) {
      items[id] = { status: "not_found", id };
      continue;
    }
    const all = unpackWindow(row[0]);
    items[id] = { status: "found", id, n: all.n, all, recent: unpackWindow(row[1]) };
  }
  return items;
}
