// Let this phone check printed QR codes later without a connection (see /sw.js).
if ("serviceWorker" in navigator) {
  const language = document.documentElement.lang || "en";
  navigator.serviceWorker.register(`/sw.js?lang=${encodeURIComponent(language)}`, { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      // Fetch this certificate's status lists through the worker, so they are there when the phone is offline.
      document.querySelectorAll("[data-status-list]").forEach((element) => {
        fetch(element.dataset.statusList).catch(() => {});
      });
    })
    .catch(() => {});
}
