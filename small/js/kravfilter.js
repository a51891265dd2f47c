/* Requirement filters on the requirement matrix and on each requirement document. The page
 * lists every requirement; the form (hidden until this script runs, so readers without
 * JavaScript see everything and no form that does nothing) narrows the list by document,
 * category, level, status, «new or changed since version …» and free text. The choice is kept
 * in the address's query string so that a filtered view can be shared; the count is announced
 * in a live region. A control marked `data-token` matches one word of the item's attribute
 * (a requirement changed since several versions lists them all).
 *
 * On a requirement document the list of «Endringer siden versjon …» links becomes a picker:
 * one version's changes are shown at a time. Without JavaScript all of them are shown.
 *
 * On a requirement document it also hands the document's id, version, status and date to the
 * print stylesheet, which shows them in the top margin of every printed page: a stylesheet
 * cannot know them, and the Content-Security-Policy forbids inline styles but not a custom
 * property set from a script. */
(function () {
  'use strict';
  // Interface texts in the site's language, from the page (the theme's table, see base.html).
  var TEXTS = (function () {
    var block = document.getElementById('grensesnitt-tekster');
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  })();
  function uiText(key, values) {
    var s = TEXTS[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split('{' + k + '}').join(values[k]); });
    return s;
  }

  function normalize(text) {
    return (text || '').toLocaleLowerCase('nb').replace(/\s+/g, ' ').trim();
  }

  function setup(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll(form.getAttribute('data-items')));
    var groups = form.getAttribute('data-groups')
      ? Array.prototype.slice.call(document.querySelectorAll(form.getAttribute('data-groups')))
      : [];
    var count = form.querySelector('[data-count]');
    var controls = Array.prototype.slice.call(form.querySelectorAll('select[name], input[name]'));
    var texts = items.map(function (item) { return normalize(item.textContent); });
    var announceTimer = null;

    // Controls whose value is not among the options (a stale link) fall back to «all».
    function setValue(control, value) {
      if (control.tagName === 'SELECT') {
        var known = Array.prototype.some.call(control.options, function (o) { return o.value === value; });
        control.value = known ? value : '';
      } else {
        control.value = value;
      }
    }

    function readUrl() {
      var params = new URLSearchParams(location.search);
      controls.forEach(function (control) {
        if (params.has(control.name)) setValue(control, params.get(control.name));
      });
    }

    function writeUrl() {
      var params = new URLSearchParams(location.search);
      controls.forEach(function (control) {
        if (control.value) params.set(control.name, control.value);
        else params.delete(control.name);
      });
      var query = params.toString();
      var url = location.pathname + (query ? '?' + query : '') + location.hash;
      try {
        history.replaceState(history.state, '', url);
      } catch (e) {
        /* some browsers refuse to change a file:// address; filtering still works */
      }
    }

    function apply(announceNow) {
      var terms = [];
      var wanted = {};
      var tokens = {};
      controls.forEach(function (control) {
        var field = control.getAttribute('data-field');
        if (field === 'text') {
          terms = normalize(control.value).split(' ').filter(Boolean);
        } else if (control.value) {
          wanted[field] = control.value;
          tokens[field] = control.hasAttribute('data-token');
        }
      });
      var shown = 0;
      items.forEach(function (item, i) {
        var match = Object.keys(wanted).every(function (field) {
          var value = item.getAttribute('data-' + field) || '';
          if (tokens[field]) return (' ' + value + ' ').indexOf(' ' + wanted[field] + ' ') !== -1;
          return value === wanted[field];
        }) && terms.every(function (term) { return texts[i].indexOf(term) !== -1; });
        item.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector('[data-krav]:not([hidden])');
      });
      var message = shown === items.length
        ? uiText('filter_all', { total: items.length })
        : uiText('filter_some', { shown: shown, total: items.length });
      // Typing is announced once the reader pauses, not for every letter.
      clearTimeout(announceTimer);
      if (announceNow) count.textContent = message;
      else announceTimer = setTimeout(function () { count.textContent = message; }, 400);
      writeUrl();
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      apply(true);
    });
    form.addEventListener('change', function () { apply(true); });
    form.addEventListener('input', function (event) {
      if (event.target.tagName === 'INPUT') apply(false);
    });
    form.addEventListener('reset', function () {
      // The reset event fires before the controls are cleared.
      setTimeout(function () { apply(true); }, 0);
    });
    readUrl();
    form.hidden = false;
    apply(true);
  }

  function runningHeader() {
    var line = document.querySelector('.print-running-header');
    if (!line) return;
    var text = line.textContent.replace(/\s+/g, ' ').trim();
    if (!text) return;
    // A JSON string is also a valid CSS string.
    document.documentElement.style.setProperty('--krav-running-header', JSON.stringify(text));
    document.documentElement.classList.add('krav-running-header');
  }

  // Shows the changes since one version at a time: the one the address points at, else the
  // newest earlier version. The links stay links, so the address can still be shared.
  function versionPicker(box) {
    var links = Array.prototype.slice.call(box.querySelectorAll('.version-picker a'));
    var sections = Array.prototype.slice.call(box.querySelectorAll('.krav-changes-since'));
    if (sections.length < 2) return;
    var current = null;
    function show(id) {
      if (!sections.some(function (s) { return s.id === id; })) {
        // An address pointing at something else (a requirement) keeps the version shown.
        if (current) return;
        id = sections[0].id;
      }
      current = id;
      sections.forEach(function (s) { s.hidden = s.id !== id; });
      links.forEach(function (a) {
        if (a.getAttribute('href') === '#' + id) a.setAttribute('aria-current', 'true');
        else a.removeAttribute('aria-current');
      });
    }
    window.addEventListener('hashchange', function () { show(location.hash.slice(1)); });
    show(location.hash.slice(1));
  }

  function start() {
    runningHeader();
    Array.prototype.forEach.call(document.querySelectorAll('[data-krav-changes]'), versionPicker);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-kravfilter]'), setup);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
