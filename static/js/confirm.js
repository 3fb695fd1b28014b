// A confirmation step for one-click actions with a big effect. A submit button (or its form) carrying
// data-confirm="what will happen" opens the dialog of base.html with that text; the form is sent only
// when the user confirms, with the same button (so its name/value go along) and through htmx if the
// form uses it. Without JavaScript the form is sent as it is: the server never depends on this step.
(function () {
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var text = dialog.querySelector("[data-confirm-text]");
  var go = dialog.querySelector("[data-confirm-go]");
  var pending = null;

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var button = event.submitter;
      var message = (button && button.dataset.confirm) || form.dataset.confirm;
      if (!message) return;
      if (pending && pending.confirmed) {
        pending = null;
        return; // confirmed: let it go (to the browser or to htmx)
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      pending = { form: form, button: button, confirmed: false };
      text.textContent = message;
      go.textContent = (button && button.textContent.trim()) || go.dataset.defaultLabel;
      dialog.showModal();
    },
    true
  );

  dialog.addEventListener("close", function () {
    if (!pending) return;
    if (dialog.returnValue === "confirm") {
      pending.confirmed = true;
      if (pending.form.requestSubmit) pending.form.requestSubmit(pending.button || undefined);
      else pending.form.submit();
    } else {
      pending = null;
    }
  });
})();
