"""The API guide for extension authors: the text at the top of /api/docs/.

It is the schema's `info.description` (Markdown), so it travels with the schema to any
OpenAPI tool and is written for the people who build extensions and userscripts.
"""

GUIDE = """\
Requester reputation for crowd workers and the browser extensions and userscripts they use.
Reviews are written by workers; scores are computed from them in the background and
published as snapshots, so a lookup is a copy of bytes, never a query.

## Looking up scores (the call an extension makes on every task-list page)

```
GET /api/v1/requesters/scores?platform=mturk&ids=A1B2C3D4E5F6G7,A9Z8Y7X6W5V4U3
```

or, when the id list is long, the same as a `POST` with a JSON body
`{"platform": "mturk", "ids": ["A1B2C3D4E5F6G7", "A9Z8Y7X6W5V4U3"]}`.

- Up to **100 ids** per call; more is a `400` that says so. Ask once per page, not once per
  requester.
- The answer has **one entry per id you asked for**, in your order (a repeated id once),
  each with a `status`:
  `found` (with the snapshot), `not_found` (no published review yet) or `invalid_id` (not
  an id of that platform). Unknown ids are never dropped silently.
- A snapshot has two windows, `all` and `recent` (the last 90 days). Every figure comes with
  its sample size `n`, rates with Wilson 95 % bounds, hourly wage as median, interquartile
  range and pooled (Σ reward ÷ Σ time), and the 1–5 attributes as Bayesian averages beside
  their raw means. Show the confidence, not only the number: a 5.0 from two reviews is not
  a 5.0 from two hundred.
- `computed_at` says when the snapshot was computed; new reviews show within seconds.
- Platform slugs come from `GET /api/v1/platforms`; the requester's page and its reviews
  from `GET /api/v1/requesters/{platform}/{external_id}` and `…/reviews` (cursor pages).

## Caching, ETag and offline use

- Answers carry `Cache-Control: public, max-age=60` and an `ETag`. Send the ETag back as
  `If-None-Match` and an unchanged answer costs a `304` with no body. Large answers are
  gzip-compressed when you send `Accept-Encoding: gzip`.
- `GET /api/v1/export/scores.json.gz` is every published snapshot, rebuilt daily. Keep it as
  an offline copy and fall back to it when the API is slow or down.
- `GET /api/v1/status` tells the version, how fresh the scores are and whether the service
  runs degraded.
- Every lookup answer says `"degraded"`: `true` while the score cache is down, when the
  items come from the server's memory or its database and may miss the newest reviews
  (they are counted once it is back). Such answers come with `max-age=0`: ask again later
  rather than keeping them. The Turkopticon shapes say it in a `Lantern-Degraded: true`
  header (and Turkopticon 2's in a top-level `meta`).

## Limits

- Reads need no account. Anonymous reads are limited per IP address (600 a minute by
  default); a personal token raises that tenfold. Writes are limited per user (60 a minute).
- Over a limit the answer is `429` with a `Retry-After` header (seconds): wait that long.
- Reads are open to every origin (CORS); the `ETag` and `Retry-After` headers are exposed.

## Tokens and writes

- Create a personal token on the site at `/account/tokens/`. It is shown **once** (it starts
  with `lnt_`); only a hash is stored. Revoke it there at any time.
- Send it as `Authorization: Token <your token>` (`Bearer <your token>` works too). Cookies
  never authenticate an API call, so no web page can write through your logged-in browser.
  A token that is unknown or revoked is refused with `401`, not ignored.
- `POST /api/v1/reviews` posts a review with the same rules as the web form. Send an
  `Idempotency-Key` header (a unique string per review, e.g. a UUID): a retry with the same
  key and body answers `200` with the review the first attempt created, never a duplicate;
  the same key with another body is a `422`.
- `PATCH /api/v1/reviews/{id}` edits your own review (the earlier version is kept);
  `POST /api/v1/reviews/{id}/flags` flags someone else's review for the moderators. Flags
  are private: nobody learns who flagged.

## Errors

Every error is JSON of one shape, with the status code that says what happened:

```
{"detail": "A sentence for the person.", "code": "machine_readable_code",
 "errors": {"field": ["message", …]}}
```

`errors` comes with invalid input only (messages about no single field are under
`non_field_errors`). `400` invalid input, `401` missing or invalid token, `403` not allowed
now (unverified e-mail, posting suspended, your own review), `404` unknown object (or not
yours), `409` conflict (you already reviewed this task: the answer has the existing review's
id to `PATCH`; you already flagged it), `422` an `Idempotency-Key` reused for another review,
`429` too many requests (wait `Retry-After` seconds), `503` the scores can't be read right
now (use your offline copy from the export). Retry only `429` and `5xx`, with back-off;
test on `code`, not on the wording of `detail`.

## Legacy Turkopticon endpoints

Existing userscripts keep working by changing only the host:

- Turkopticon 1: `GET /api/multi-attrs.php?ids=A1,A2` → an object keyed by requester id,
  each `{"name", "attrs": {"comm", "pay", "fair", "fast"}, "reviews", "tos_flags"}` with the
  attributes as strings with two decimals, or `""` for a requester without reviews.
- Turkopticon 2: `GET /api/v2/requesters?rids=A1,A2` and `GET /api/v2/requesters/{rid}` in
  the JSON:API shape, with `all` and `recent` aggregates.

New code should use `/api/v1/requesters/scores`: it says which ids were not found and how
sure each figure is.

## Privacy

No record is kept of which client looked up which requester: no access-log line with the
query string on the lookup endpoint, no database row.
"""
