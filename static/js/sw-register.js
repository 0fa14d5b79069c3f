// Let this phone check printed QR codes later without a connection (see /sw.js).
if ("serviceWorker" in navigator) {
  const language = document.documentElement.lang || "en";
  navigator.serviceWorker.register(`/sw.js?lang=${encodeURIComponent(language)}`, { scope: "/" }).catch(() => {});
}
