// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  var progress = document.getElementById('htmx-progress');
  var flash = document.getElementById('flash');

  function say(message) {
    if (!flash) return;
    flash.textContent = '';
    var p = document.createElement('p');
    p.className = 'flash';
    p.textContent = message;
    flash.appendChild(p);
  }

  // Empty filters stay out of the URL that htmx pushes, so bookmarks stay short.
  document.addEventListener('htmx:configRequest', function (event) {
    if (event.detail.verb !== 'get') return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) {
      if (params[key] === '') delete params[key];
    });
  });
  document.addEventListener('htmx:beforeRequest', function () {
    if (progress) progress.classList.add('active');
  });
  document.addEventListener('htmx:afterRequest', function () {
    if (progress) progress.classList.remove('active');
  });
  // A failed request that htmx does not swap would otherwise fail silently.
  document.addEventListener('htmx:responseError', function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    say(document.body.dataset.errorMessage + ' (' + status + ')');
  });
  document.addEventListener('htmx:sendError', function () {
    say(document.body.dataset.offlineMessage);
  });
  // After a swap, move focus to the first error if the form came back invalid,
  // else to the swapped region's heading, so keyboard and screen-reader users follow.
  document.addEventListener('htmx:afterSettle', function (event) {
    var target = event.detail.elt;
    if (!target || !target.querySelector) return;
    var invalid = target.querySelector('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    var heading = target.querySelector('h1[tabindex="-1"]');
    if (heading) heading.focus();
  });
})();
