// The daily compact export as kept in chrome.storage.local: only what a badge shows (the
// compact lookup's numbers, packed into arrays), about 60 bytes a requester, spread over BUCKETS keys by a hash of the id, so that a page's fallback reads
// the few kilobytes of its own requesters' buckets, never the whole copy. A few hundred
// thousand requesters still pass chrome.storage.local's 10 MiB quota, hence the manifest's
// unlimitedStorage permission.

export const META = "export";
const BUCKET = "x|";
const BUCKETS = 4096;
const WINDOW = ["n", "wage", "wage_n", "rejected", "blocked", "recommend"];

// FNV-1a: a cheap, stable spread of ids over the buckets.
function bucketOf(platform, id) {
  let hash = 0x811c9dc5;
  for (const char of `${platform}|${id}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${BUCKET}${(hash >>> 0) % BUCKETS}`;
}

// A compact item's window → [n, wage, wage_n, rejected %, blocked %, recommend %].
const packWindow = (window) => WINDOW.map((name) => window?.[name] ?? null);

const unpackWindow = (row) => Object.fromEntries(WINDOW.map((name, i) => [name, row[i]]));

// The export's {platform: [compact item, …]} → {bucket key: {"platform|id": packed row}},
// every bucket present (an empty one replaces what an older export left there). Returns the
// buckets and the number of requesters.
function pack(platforms) {
  const buckets = {};
  for (let i = 0; i < BUCKETS; i++) buckets[`${BUCKET}${i}`] = {};
  let rows = 0;
  for (const [platform, items] of Object.entries(platforms)) {
    for (const item of items) {
      buckets[bucketOf(platform, item.id)][`${platform}|${item.id}`] = [
        packWindow(item.all),
        packWindow(item.recent),
      ];
      rows += 1;
    }
  }
  return { buckets, rows };
}

// Replace the kept copy with `document` (the compact export's JSON); `meta` says where it
// is from. A document of another shape is refused (the copy we had is kept).
export async function keepExport(document, meta) {
  if (document?.fields !== "compact" || typeof document.platforms !== "object") {
    throw new Error("not a compact export");
  }
  const { buckets, rows } = pack(document.platforms);
  await chrome.storage.local.set({
    ...buckets,
    [META]: { ...meta, createdAt: document.created_at, rows },
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
