// Progressive enhancement only: every page works without this file.
document.addEventListener("click", function (event) {
  var option = event.target.closest("[data-sbi-pick]");
  if (!option) return;
  event.preventDefault();
  var input = document.getElementById(option.getAttribute("data-target"));
  if (!input) return;
  var codes = input.value.split(/[\s,;]+/).filter(Boolean);
  var code = option.getAttribute("data-sbi-pick");
  if (codes.indexOf(code) === -1) codes.push(code);
  input.value = codes.join(", ");
  input.focus();
});

// Error summary: on load, move focus to the first summary; its links focus the field they name.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  if (!target.matches("input, select, textarea, button")) {
    target = target.querySelector("input, select, textarea, button") || target;
  }
  event.preventDefault();
  target.focus();
  var label = target.id && document.querySelector("label[for='" + target.id + "']");
  (label || target).scrollIntoView({ block: "center" });
});

// Unsaved text: a form marked data-warn-unsaved asks before the page is left while one of its
// boxes (also those tied to it by the form attribute) holds text that was neither submitted nor
// autosaved. A box's autosave status shows [data-autosaved] when the server kept it.
(function () {
  var dirty = new Set();
  function watched(element) {
    return element && element.form && element.form.hasAttribute("data-warn-unsaved");
  }
  document.addEventListener("input", function (event) {
    if (watched(event.target)) dirty.add(event.target);
  });
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute("data-warn-unsaved")) return;
    dirty.forEach(function (element) {
      if (element.form === event.target) dirty.delete(element);
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var element = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (watched(element) && event.detail.target.querySelector("[data-autosaved]")) dirty.delete(element);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size === 0) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();

// A page opened at a fragment (a refused form comes back anchored at itself) loses the focus its
// error summary got above when the browser scrolls to the fragment: give it back once loaded.
window.addEventListener("load", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary && (!document.activeElement || document.activeElement === document.body)) summary.focus();
});
