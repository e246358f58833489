/* Lists and unit pickers (issue 16). No inline script: loaded with the CSP nonce.
   - [data-print]: a button that prints the page.
   - [data-unit-picker]: a <details> of unit checkboxes. Shows the filter box (hidden
     without JavaScript), filters the units as one types (accents ignored) and keeps
     the chips in the summary in step with the checked boxes. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function chips(picker) {
    var box = picker.querySelector("[data-unit-chips]");
    if (!box) { return; }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    picker.querySelectorAll("input[type=checkbox]:checked").forEach(function (input) {
      var chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = input.parentNode.textContent.trim();
      box.appendChild(chip);
    });
  }
  function setUp(picker) {
    var filter = picker.querySelector("[data-unit-filter]");
    if (filter) {
      filter.hidden = false;
      filter.addEventListener("input", function () {
        var wanted = fold(filter.value.trim());
        picker.querySelectorAll(".unit-option").forEach(function (option) {
          option.hidden = wanted !== "" && fold(option.textContent).indexOf(wanted) === -1;
        });
      });
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }  // never submit the form
      });
      picker.addEventListener("toggle", function () {
        if (picker.open) { filter.focus(); }
      });
    }
    picker.addEventListener("change", function () { chips(picker); });
  }
  function printVars() {
    var header = document.querySelector("[data-print-header]");
    if (!header) { return; }
    var root = document.documentElement;
    root.style.setProperty("--print-org", JSON.stringify(header.dataset.org || ""));
    root.style.setProperty("--print-date", JSON.stringify(header.dataset.date || ""));
    root.style.setProperty("--print-page-label", JSON.stringify(header.dataset.pageLabel || ""));
    root.classList.add("print-vars");
  }
  function ready() {
    printVars();
    document.querySelectorAll("[data-unit-picker]").forEach(setUp);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
