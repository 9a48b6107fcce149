/* อบต.โนนสะอาดงาม — collapse/accordion toggles (Bootstrap-compatible markup, no library). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-bs-toggle='collapse']");
    if (!trigger) {
      return;
    }
    var target = document.querySelector(trigger.getAttribute("data-bs-target"));
    if (!target) {
      return;
    }
    event.preventDefault();
    var parent = target.getAttribute("data-bs-parent");
    if (parent) {
      document.querySelectorAll(parent + " .collapse.show").forEach(function (open) {
        if (open !== target) {
          open.classList.remove("show");
        }
      });
    }
    var shown = target.classList.toggle("show");
    trigger.setAttribute("aria-expanded", shown ? "true" : "false");
    trigger.classList.toggle("collapsed", !shown);
  });
})();
