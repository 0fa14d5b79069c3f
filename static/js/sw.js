// The registry's service worker: keeps the verify page's offline shell, the public keys and the styles,
// so that a printed QR code can still be checked (signature only) with no connection.
"use strict";
// A new name whenever the cached files change: phones drop the old copies when this worker activates.
const CACHE = "registry-verify-v4";
const SHELL = "/verify/offline";
const KEYS = "/.well-known/jwks.json";
const ASSETS = ["/static/css/app.css", "/static/js/offline-verify.js", KEYS];
// The fonts the offline page shows its language in (and the language menu's): named by version, never changed.
const FONTS = "/static/fonts/web1/";
const SCRIPT_FONT = {th: "Thai", km: "Khmer", lo: "Lao", my: "Myanmar"};

function fontsFor(language) {
  const files = ["NotoSansLatin-Regular", "NotoSansLatin-Bold", "MenuThai", "MenuKhmer", "MenuLao", "MenuMyanmar"];
  const script = SCRIPT_FONT[language];
  if (script) files.push(`NotoSans${script}-Regular`, `NotoSans${script}-Bold`);
  return files.map((name) => `${FONTS}${name}.woff2`);
}

self.addEventListener("install", (event) => {
  const language = new URL(self.location).searchParams.get("lang") || "en";
  event.waitUntil(caches.open(CACHE).then(async (cache) => {
    await cache.addAll([...ASSETS, ...fontsFor(language)]);
    const shell = await fetch(`${SHELL}?lang=${encodeURIComponent(language)}`);
    await cache.put(SHELL, shell);
  }).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => event.waitUntil(
  caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim())));

// The network first, and a copy kept under `key` for when there is none.
function freshOrKept(request, key) {
  return fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy));
      return response;
    }
    // The registry could not answer (its database away): what was kept is better than an error.
    return response.status >= 500 ? caches.match(key).then((kept) => kept || response) : response;
  }).catch(() => caches.match(key));
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || event.request.method !== "GET") return;
  if (event.request.mode === "navigate" && url.pathname.startsWith("/v/")) {
    // No connection, or the registry answered that it cannot read its records (503): the kept shell checks the
    // signature here (the registry's own 503 page does the same for a phone that has no shell kept).
    event.respondWith(fetch(event.request)
      .then((response) => (response.status === 503 ? caches.match(SHELL).then((kept) => kept || response) : response))
      .catch(() => caches.match(SHELL)));
  } else if (url.pathname.startsWith(FONTS)) {
    event.respondWith(caches.match(url.pathname).then((kept) => kept || fetch(event.request)));
  } else if (url.pathname.startsWith("/status/") || ASSETS.includes(url.pathname)) {
    // Status lists seen online are remembered: offline, a revoked certificate can still be told apart.
    // The keys, styles and script are the current ones online (a new release shows at once), kept ones offline.
    event.respondWith(freshOrKept(event.request, url.pathname));
  }
});
