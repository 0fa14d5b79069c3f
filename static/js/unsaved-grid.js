// A results grid with edits not yet saved: the browser asks before the page is left (a link, the back button,
// closing the tab), so a morning's typing is not lost to a wrong click. Sending the grid's form is not leaving.
"use strict";
(function () {
  const form = document.querySelector("form.grid-form");
  if (!form) return;
  let unsaved = form.dataset.unsaved === "true";  // a grid shown again filled or refused holds unsaved cells
  form.addEventListener("change", () => { unsaved = true; });
  form.addEventListener("submit", () => { unsaved = false; });
  window.addEventListener("beforeunload", (event) => {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to ask
  });
})();
