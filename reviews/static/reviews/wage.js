/* Shows the hourly wage while a worker fills in a review form.
   Progressive enhancement: without this file the server still computes and shows the wage
   after saving. Loaded from a file (no inline script) so a strict CSP can be added. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-wage-form]");
  var output = document.getElementById("wage-output");
  if (!form || !output) {
    return;
  }

  var currencies = {};
  var currencyData = document.getElementById("platform-currencies");
  if (currencyData) {
    try {
      currencies = JSON.parse(currencyData.textContent) || {};
    } catch (err) {
      currencies = {};
    }
  }

  // null when the field is empty, NaN when it holds something that isn't a number.
  function numberIn(name) {
    var field = form.elements[name];
    if (!field || field.value.trim() === "") {
      return null;
    }
    var value = Number(field.value.trim().replace(",", "."));
    return isFinite(value) && value >= 0 ? value : NaN;
  }

  function currency() {
    var platform = form.elements.platform;
    if (platform && currencies[platform.value]) {
      return currencies[platform.value];
    }
    return output.getAttribute("data-currency") || "";
  }

  function update() {
    var didNotFinish = form.elements.did_not_finish;
    if (didNotFinish && didNotFinish.checked) {
      output.textContent = "none, as you didn't finish the task";
      return;
    }
    var reward = numberIn("reward");
    var bonus = numberIn("bonus") || 0;
    var minutes = numberIn("time_minutes") || 0;
    var seconds = numberIn("time_seconds") || 0;
    var total = minutes * 60 + seconds;
    if (reward === null || isNaN(reward) || isNaN(bonus) || isNaN(total) || total <= 0) {
      output.textContent = "enter the reward and the time worked to see it";
      return;
    }
    var wage = ((reward + bonus) * 3600) / total;
    output.textContent = (wage.toFixed(2) + " " + currency()).trim() + " per hour";
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
