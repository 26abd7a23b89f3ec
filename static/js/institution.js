/* The institution portal's forms: add formset rows, keep the region picker consistent.
   Loaded as a file: the content security policy allows no inline script. */
(function () {
  "use strict";

  function addRow(button) {
    var prefix = button.getAttribute("data-formset-add");
    var template = document.getElementById(prefix + "-empty");
    var rows = document.getElementById(prefix + "-rows");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!template || !rows || !total) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    if (window.htmx) window.htmx.process(row);
    var first = row.querySelector("select, input:not([type=hidden]), textarea");
    if (first) first.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    event.preventDefault();
    addRow(button);
  });

  // A new province empties the county list: it belonged to the previous city.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-region-next]");
    if (!select || select.getAttribute("data-region-next") !== "city") return;
    var county = document.getElementById("id_county");
    if (county) {
      county.length = Math.min(county.length, 1);
      county.selectedIndex = 0;
    }
  });
})();
