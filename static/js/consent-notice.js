// The consent notice is read to the candidate in their language: choosing the preferred language opens that
// notice and records it as the language the notice was read in, until the staff member picks another one.
(function () {
  var preferred = document.getElementById("preferred_language");
  var read = document.getElementById("consent_language");
  if (!preferred || !read) { return; }
  var chosenByHand = false;
  read.addEventListener("change", function () { chosenByHand = true; show(read.value); });

  function show(code) {
    document.querySelectorAll("details.notice").forEach(function (notice) {
      notice.open = notice.getAttribute("data-language") === code;
    });
  }

  preferred.addEventListener("change", function () {
    if (chosenByHand) { return; }
    read.value = preferred.value;
    show(preferred.value);
  });
})();
