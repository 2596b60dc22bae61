// Live show/hide and computed values on a form step. The server evaluates the form's rules (one code path):
// on every change the answers on screen are posted to the step's "logica" address, which answers which fields
// are visible and the computed values. Without JavaScript the same rules run when the step is sent.
(function () {
  "use strict";
  var errors = document.getElementById("foutmeldingen");
  if (errors) { errors.focus(); }  // keyboard and screen reader users start at the list of errors
  var form = document.querySelector("form[data-logic-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-logic-url");
  var pending = null;
  var shownInput = form.querySelector("input[name=_shown]");

  function apply(result) {
    var visible = {};
    result.visible.forEach(function (key) { visible[key] = true; });
    var shown = [];
    form.querySelectorAll(".eforms-field[data-key]").forEach(function (wrapper) {
      var key = wrapper.getAttribute("data-key");
      wrapper.hidden = !visible[key];
      if (visible[key]) { shown.push(key); }
    });
    if (shownInput) { shownInput.value = shown.join(","); }
    Object.keys(result.computed || {}).forEach(function (key) {
      var output = form.querySelector("output[data-computed='" + key + "']");
      if (output && output.textContent !== result.computed[key]) { output.textContent = result.computed[key]; }
    });
    var fee = form.querySelector("[data-fee]");
    if (fee && result.fee) { fee.textContent = result.fee; }
  }

  var sent = 0;  // answers arrive in any order: only the newest request's answer counts

  function refresh() {
    window.clearTimeout(pending);
    var number = ++sent;
    var data = new FormData(form);
    data.delete("action");
    form.querySelectorAll("input[type=file]").forEach(function (input) { data.delete(input.name); });
    fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) { if (result && number === sent) { apply(result); } })
      .catch(function () { /* the rules run again when the step is sent */ });
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "file") { return; }
    refresh();
  });
  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    window.clearTimeout(pending);
    pending = window.setTimeout(refresh, 400);
  });
})();
