// Print buttons (no inline handlers: the Content-Security-Policy allows only scripts from this site).
document.querySelectorAll(".print-button").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
