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
