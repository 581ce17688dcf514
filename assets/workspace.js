// Small improvements of the staff workspace; every page works without this file.
(function () {
  'use strict';
  // On a phone the menu scrolls sideways: bring the current page's item into view.
  var current = document.querySelector('.om-nav__link[aria-current="page"]');
  var menu = current && current.closest('.om-nav__list');
  if (menu && menu.scrollWidth > menu.clientWidth) menu.scrollLeft = current.offsetLeft - 16;
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
  // A button marked data-copy="<input id>" copies that input's value (hidden without this script).
  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (btn) {
    var key = btn.getAttribute('data-copy');
    var input = document.getElementById(key);
    var status = document.querySelector('[data-copy-status="' + key + '"]');
    if (!input) return;
    btn.hidden = false;
    btn.addEventListener('click', function () {
      var done = function () {
        if (status) status.textContent = btn.getAttribute('data-copied') || '';
      };
      var fallback = function () {
        input.focus();
        input.select();
        try {
          document.execCommand('copy');
        } catch (e) {}
        done();
      };
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(input.value).then(done, fallback);
      else fallback();
    });
  });
  // Buttons marked data-confirm ask once before a destructive action.
  document.addEventListener('submit', function (e) {
    var btn = e.submitter;
    var msg = btn && btn.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
