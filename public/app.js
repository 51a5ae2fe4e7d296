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
  // After a swap, move focus to the error summary (or the first error) if the form came back invalid,
  // else to the swapped region's heading, so keyboard and screen-reader users follow. In the compact
  // status dialog the field itself, with its message beside it, is in view: focus goes straight there.
  document.addEventListener('htmx:afterSettle', function (event) {
    var target = event.detail.elt;
    if (!target || !target.querySelector) return;
    var summary = target.closest('dialog') ? null : target.querySelector('[data-error-summary]');
    var invalid = summary || target.querySelector('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    var heading = target.querySelector('h1[tabindex="-1"]');
    if (heading) heading.focus();
  });
})();

// ── list: the inline status dialog ──
// "Update status" on a list row or a board card opens the status form in one
// dialog (htmx fills it from the status page's URL); Esc or Cancel closes it.
// A save replaces only that row or card's status region, which names the
// change, and focus lands on that message; otherwise focus returns to the link.
(function () {
  'use strict';
  var dialog = document.createElement('dialog');
  dialog.id = 'status-dialog';
  dialog.className = 'status-dialog';
  dialog.setAttribute('aria-labelledby', 'status-dialog-title');
  document.body.appendChild(dialog);
  var opener = null;
  var savedId = null;

  document.addEventListener('htmx:beforeRequest', function (event) {
    if (event.detail.target === dialog) {
      opener = event.detail.elt;
      savedId = null;
    }
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    if (event.detail.target !== dialog) return;
    if (!dialog.open) dialog.showModal();
    var field = dialog.querySelector('select, input:not([type="hidden"]), textarea');
    if (field) field.focus();
  });
  // A save from the dialog that succeeded (a 303 followed to the item) has swapped the item outside it.
  document.addEventListener('htmx:afterSettle', function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!dialog.open || !form || !dialog.contains(form) || form.tagName !== 'FORM') return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status < 200 || status >= 300) return;
    savedId = form.id.replace('status-form-', '');
    dialog.close();
  });
  dialog.addEventListener('click', function (event) {
    var cancel = event.target.closest && event.target.closest('[data-dialog-close]');
    if (!cancel) return;
    event.preventDefault();
    dialog.close();
  });
  dialog.addEventListener('close', function () {
    dialog.textContent = '';
    var saved = savedId && document.getElementById('status-saved-' + savedId);
    if (saved) saved.focus();
    else if (opener && opener.isConnected) opener.focus();
    opener = null;
    savedId = null;
  });
})();

/* ── detail, forms, errors (wt-detail) ── */
(function () {
  'use strict';

  // A page that comes back with errors starts at their summary, which lists them.
  function focusSummary() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) summary.focus();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusSummary);
  else focusSummary();

  // A summary's link moves focus to its field (a plain anchor only scrolls to it),
  // opening the collapsed section it sits in.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('[data-error-summary] a[href^="#"]');
    if (!link) return;
    var field = document.getElementById(link.getAttribute('href').slice(1));
    if (!field) return;
    event.preventDefault();
    var details = field.closest('details');
    if (details) details.open = true;
    var control = field.matches('input, select, textarea, button') ? field : field.querySelector('input, select, textarea') || field;
    control.focus();
    field.scrollIntoView({ block: 'center' });
  });

  // "Update status" and "Add evidence" open the update form in place and start at their field;
  // without JavaScript they load the page with the form open.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-open-update]');
    var field = link && document.getElementById(link.dataset.openUpdate);
    var details = field && field.closest('details');
    if (!details || !field) return;
    event.preventDefault();
    details.open = true;
    field.focus();
  });

  // A long checkbox list gets a filter box: typing hides the choices that do not match (ticked ones stay).
  function enhanceChecklists(root) {
    root.querySelectorAll('[data-checklist]').forEach(function (list) {
      var items = list.querySelectorAll('.checklist-options li');
      var filter = list.querySelector('.checklist-filter');
      if (!filter || items.length < 8) return;
      filter.hidden = false;
      var none = list.querySelector('.checklist-none');
      filter.querySelector('input').addEventListener('input', function (event) {
        var words = event.target.value.trim().toLowerCase();
        var shown = 0;
        items.forEach(function (item) {
          var match = !words || item.textContent.toLowerCase().indexOf(words) !== -1 || item.querySelector('input').checked;
          item.hidden = !match;
          if (match) shown += 1;
        });
        if (none) none.hidden = shown > 0;
      });
    });
  }

  // A date after the field's limit is kept, but said at once beside the field (the server says it again after the save).
  function warnDates(root) {
    root.querySelectorAll('input[data-warn-after]').forEach(function (input) {
      var note = document.createElement('p');
      note.className = 'field-warning';
      note.id = input.id + '-warning';
      note.setAttribute('aria-live', 'polite');
      input.insertAdjacentElement('afterend', note);
      function check() {
        note.textContent = input.value && input.value > input.dataset.warnAfter ? input.dataset.warning : '';
      }
      input.addEventListener('input', check);
      input.addEventListener('change', check);
      check();
    });
  }

  // A link to copy (an invitation's) is selected whole as soon as it is focused.
  document.addEventListener('focusin', function (event) {
    if (event.target.matches && event.target.matches('[data-select-on-focus]')) event.target.select();
  });

  function enhance(root) {
    enhanceChecklists(root);
    warnDates(root);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { enhance(document); });
  else enhance(document);
  document.addEventListener('htmx:load', function (event) {
    if (event.detail.elt !== document.body) enhance(event.detail.elt);
  });
})();

/* ── reports ── */
// The reports page's Print button: shown only when a script can print (without one, the "Printable version" link and the browser's own Print do).
// A page that holds only some of the report's changes (the screen pages them) prints its printable version instead:
// the button opens that page, which opens the print dialog once it has loaded.
(function () {
  var KEY = 'report-print';
  function showPrintButtons(root) {
    root.querySelectorAll('[data-print]').forEach(function (button) { button.hidden = false; });
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-print]');
    if (!button) return;
    var printable = document.querySelector('a[data-printable]');
    if (!printable) { window.print(); return; }
    try { sessionStorage.setItem(KEY, printable.href); } catch { /* storage refused: the page opens, the reader prints */ }
    window.location.assign(printable.href);
  });
  function printIfAsked() {
    var asked = null;
    try { asked = sessionStorage.getItem(KEY); sessionStorage.removeItem(KEY); } catch { /* nothing asked */ }
    if (asked && asked === window.location.href) window.print();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { showPrintButtons(document); });
  else showPrintButtons(document);
  // After the load, so that the fonts and the stylesheet are on the paper.
  if (document.readyState === 'complete') printIfAsked();
  else window.addEventListener('load', printIfAsked);
})();
// ── board print (wt-xlsx): a board printed later than it was loaded says the day it was printed ──
// The day is written as the page writes dates: in its language, by Intl (UTC, as the server's dates are).
window.addEventListener('beforeprint', function () {
  var now = new Date();
  var lang = document.documentElement.lang || 'en';
  var month = lang === 'en' ? 'short' : 'long'; // as server/lib/dates.ts writes a day
  var text = new Intl.DateTimeFormat(lang, { year: 'numeric', month: month, day: 'numeric', timeZone: 'UTC' }).format(now);
  document.querySelectorAll('[data-printed-on]').forEach(function (el) {
    el.setAttribute('datetime', now.toISOString().slice(0, 10));
    el.textContent = text;
  });
});
