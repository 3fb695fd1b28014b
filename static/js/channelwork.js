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

// A table wider than the screen scrolls sideways: inside its .table-responsive wrapper, or (on a phone, see
// channelwork.css) in its own box. A keyboard user must be able to focus what scrolls to scroll it (WCAG 2.1.1,
// axe's scrollable-region-focusable). One place for every page: a box that scrolls becomes a named tab stop
// (its table's caption, else the heading before it, else base.html's data-scroll-label), a wrapper also a
// region (a table keeps its own role); one that fits again loses all that, so a wide screen has no useless stop.
(function () {
  function heading(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var node = box; node && node !== document.body; node = node.parentElement) {
      for (var sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) return sibling.textContent.trim();
        var inner = sibling.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) return inner[inner.length - 1].textContent.trim();
      }
    }
    return "";
  }

  function label() {
    var fallback = document.body.getAttribute("data-scroll-label") || "Table";
    document.querySelectorAll(".table-responsive, main .table").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        if (box.tagName !== "TABLE") box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", heading(box) || fallback);
          box.setAttribute("data-scroll-named", "");
        }
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        if (box.tagName !== "TABLE") box.removeAttribute("role");
        box.removeAttribute("data-scroll-focus");
        if (box.hasAttribute("data-scroll-named")) {
          box.removeAttribute("aria-label");
          box.removeAttribute("data-scroll-named");
        }
      }
    });
  }

  var pending;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(label, 150);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", label);
  else label();
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", label);
})();
