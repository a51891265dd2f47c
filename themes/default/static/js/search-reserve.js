/* Runs while the search page is parsed, right after the (still empty) result area. When the
 * address has a query:
 * - the result area takes the height of the window at once, so that the results arriving later
 *   do not push the A–Å list down under the reader (layout shift);
 * - the index's page list starts loading now, in parallel with the page's scripts, instead of
 *   after them (js/search.js asks for the same file and gets it from the cache). */
(function () {
  'use strict';
  var area = document.getElementById('sokeresultater');
  if (!area || !window.URLSearchParams) return;
  var q = new URLSearchParams(window.location.search).get('q');
  if (!q || !q.trim()) return;
  area.style.minHeight = '100vh';
  var input = document.getElementById('sok-side');
  var root = input && input.getAttribute('data-root');
  if (root === null || !document.head) return;
  var link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = root + 'search/meta.js';
  document.head.appendChild(link);
})();
