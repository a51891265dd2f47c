/* Offline use: registers the service worker (over http only; from disk the files are already
 * local) and tells the reader when the portal is showing a saved copy. The service worker marks
 * a page it answered from its cache (data-lagret-kopi on <html>): navigator.onLine alone stays
 * true when the network is up and the portal's server is not (the server down, no VPN). */
(function () {
  'use strict';
  var script = document.currentScript;
  var root = (script && script.getAttribute('data-root')) || '';
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

  function banner() {
    var existing = document.getElementById('frakoblet');
    var savedCopy = document.documentElement.hasAttribute('data-lagret-kopi');
    if (navigator.onLine && !savedCopy) {
      if (existing) existing.hidden = true;
      return;
    }
    if (!existing) {
      existing = document.createElement('div');
      existing.id = 'frakoblet';
      existing.className = 'offline-banner';
      existing.setAttribute('role', 'status');
      existing.textContent = uiText('offline');
      document.body.insertBefore(existing, document.body.firstChild.nextSibling);
    }
    existing.hidden = false;
  }

  function start() {
    banner();
    window.addEventListener('online', banner);
    window.addEventListener('offline', banner);
    if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
      navigator.serviceWorker.register(root + 'sw.js').then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        if (registration.active) registration.active.postMessage('fyll-hurtigbuffer');
      }).catch(function () { /* the site works without it */ });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
