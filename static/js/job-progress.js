// The progress bar of a job (an import, a cohort's issuance): asks the server how far it got, every second,
// without reloading; when the job ends, goes where the page says (the result, or the reason it stopped).
"use strict";
(function () {
  const panel = document.getElementById("job");
  if (!panel) return;
  const bar = document.getElementById("job-bar");
  const words = document.getElementById("job-words");
  let failures = 0;

  function show(job) {
    if (job.progress.total) {
      bar.max = job.progress.total;
      bar.value = job.progress.done;
    }
    words.textContent = job.words;
    if (job.state === "done") {
      bar.value = bar.max;  // a moment at 100 %, so that people see it finished before the page moves on
      window.setTimeout(() => window.location.assign(panel.dataset.doneUrl), 800);
    }
    else if (job.state === "failed") window.location.assign(panel.dataset.failedUrl);
    else window.setTimeout(poll, 1000);
  }

  function poll() {
    fetch(panel.dataset.url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((job) => { failures = 0; show(job); })
      // A weak connection: keep asking, less often, and the bar stays where it was.
      .catch(() => window.setTimeout(poll, Math.min(30000, 2000 * ++failures)));
  }

  poll();
})();
