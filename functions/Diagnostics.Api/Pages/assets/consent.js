// Progressive enhancement of the consent page; everything works without it.
(function () {
  "use strict";
  // The revoke link leads to a confirmation step; with script, that step opens in place and takes the focus.
  var start = document.querySelector("a[data-reveals]");
  if (start) {
    var panel = document.getElementById(start.getAttribute("data-reveals"));
    if (panel) {
      start.setAttribute("aria-controls", panel.id);
      start.setAttribute("aria-expanded", "false");
    }
    start.addEventListener("click", function (event) {
      if (!panel) { return; }
      event.preventDefault();
      panel.hidden = false;
      start.setAttribute("aria-expanded", "true");
      var heading = panel.querySelector("[tabindex='-1']");
      if (heading) { heading.focus(); }
    });
    var cancel = panel && panel.querySelector("#revoke-cancel");
    if (cancel) {
      cancel.addEventListener("click", function (event) {
        event.preventDefault();
        panel.hidden = true;
        start.setAttribute("aria-expanded", "false");
        start.focus();
      });
    }
  }
})();
