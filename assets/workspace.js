// Small improvements of the staff workspace; every page works without this file.
(function () {
  'use strict';
  // Move focus to an error summary so a screen reader reads it first.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  // Forms marked data-autosubmit send themselves when a filter changes (live search);
  // the submit button stays for keyboards and for browsers without this script.
  var forms = document.querySelectorAll('form[data-autosubmit]');
  Array.prototype.forEach.call(forms, function (form) {
    var timer;
    form.addEventListener('input', function (e) {
      if (!e.target || e.target.type === 'checkbox') return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }, 400);
    });
    form.addEventListener('change', function (e) {
      if (e.target && (e.target.tagName === 'SELECT' || e.target.type === 'checkbox')) {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  });
  // Buttons marked data-confirm ask once before a destructive action.
  document.addEventListener('submit', function (e) {
    var btn = e.submitter;
    var msg = btn && btn.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
