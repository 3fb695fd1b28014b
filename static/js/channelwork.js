// Behaviour the templates ask for with data attributes, because the Content-Security-Policy forbids
// inline scripts and on*= handlers: data-autosubmit submits its form on change (the language menu),
// data-print opens the print dialog.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
