/* A unit select (places.forms.UnitSelect, data-unit-of="<building select id>") shows only the
 * units of the building chosen; without this script every unit stays listed with its building.
 * No inline scripts (strict CSP): load with `defer`. */
(function () {
  "use strict";

  function follow(unitSelect) {
    var building = document.getElementById(unitSelect.getAttribute("data-unit-of"));
    if (!building) return;
    function update() {
      var chosen = building.value;
      Array.prototype.forEach.call(unitSelect.options, function (option) {
        var owner = option.getAttribute("data-building");
        var hidden = owner !== null && owner !== chosen;
        option.hidden = hidden;
        option.disabled = hidden;
        if (hidden && option.selected) unitSelect.value = "";
      });
      unitSelect.disabled = !chosen;
    }
    building.addEventListener("change", update);
    update();
  }

  function init() {
    document.querySelectorAll("select[data-unit-of]").forEach(follow);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
