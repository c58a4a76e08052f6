/* Behaviour that used to be inline handlers (the CSP allows no inline script, shared_apps/core/csp.py):
   - <form data-confirm="…"> and <button data-confirm="…">: ask before submitting;
   - <select data-autosubmit>: submit its form on change;
   - <a href="#back">: go back in history (home when there is none). */
(function () {
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
  }, true);
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-confirm], a[href='#back']");
    if (!el) return;
    if (el.tagName === "A") {
      e.preventDefault();
      if (window.history.length > 1) window.history.back(); else window.location.href = "/";
    } else if (el.tagName !== "FORM" && !window.confirm(el.dataset.confirm)) {
      e.preventDefault();
    }
  }, true);
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
})();
