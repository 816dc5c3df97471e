import {
  checkThresholds,
  loadSettings,
  normaliseApiBase,
  saveSettings,
  SITES,
} from "../lib/settings.js";

const form = document.getElementById("options");
const status = document.getElementById("status");

function say(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

async function show() {
  const settings = await loadSettings();
  form.apiBase.value = settings.apiBase;
  form.wageGood.value = settings.wageGood;
  form.wageLow.value = settings.wageLow;
  for (const site of SITES) form[`site-${site}`].checked = settings.sites[site];
}

// A self-hosted server outside the manifest's host permissions: ask for it (while the
// click still counts as a user gesture, so before any await), so the service worker's
// requests skip CORS preflights. Without it lookups still work against a server that
// allows CORS (Lantern does), so a refusal changes nothing else. Already granted: no prompt.
function askForHost(apiBase) {
  chrome.permissions.request({ origins: [`${new URL(apiBase).origin}/*`] }).catch(() => {});
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  let settings;
  try {
    settings = {
      apiBase: normaliseApiBase(form.apiBase.value),
      ...checkThresholds(form.wageGood.value, form.wageLow.value),
      sites: Object.fromEntries(SITES.map((site) => [site, form[`site-${site}`].checked])),
    };
  } catch (error) {
    say(error.message, true);
    return;
  }
  askForHost(settings.apiBase);
  await saveSettings(settings);
  say("Saved. Reload the task pages to see the change.");
});

show();
