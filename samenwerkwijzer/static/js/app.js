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
