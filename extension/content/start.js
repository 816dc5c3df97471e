// Loaded last: the site's adapter (adapters/<site>.js) has set globalThis.LanternAdapter.
"use strict";

globalThis.LanternCore.start(globalThis.LanternAdapter);
