/* Runs while the search page is parsed, right after the (still empty) result area. When the
 * address has a query:
 * - the result area takes the height of the window at once, so that the results arriving later
 *   do not push the A–Å list down under the reader (layout shift), and the A–Å list is not laid
 *   out until they are there; once every hit is in (`data-komplett`, set by js/search.js) the
 *   reserve is lifted in the same task, so a few hits are not followed by a screen of blank
 *   space (what moves up then was not painted in view before, so it is no layout shift);
 * - the index's page list starts loading now, in parallel with the page's scripts, instead of
 *   after them (js/search.js asks for the same file and gets it from the cache);
 * - on a small site (the page names its few page-text files in `data-sidetekster`), the page
 *   texts for the snippets too, instead of after the query is ranked. */
(function () {
  'use strict';
  var area = document.getElementById('sokeresultater');
  if (!area || !window.URLSearchParams) return;
  var q = new URLSearchParams(window.location.search).get('q');
  if (!q || !q.trim()) return;
  area.style.minHeight = '100vh';
  if (window.MutationObserver) {
    var lift = new MutationObserver(function () {
      if (!area.hasAttribute('data-komplett')) return;
      area.style.minHeight = '';
      lift.disconnect();
    });
    lift.observe(area, { attributes: true, attributeFilter: ['data-komplett'] });
  }
  // The A–Å list below is not laid out until the results are shown (css/style.css); js/search.js
  // lifts this when they are, and so does this timer should the search never run.
  var root = document.documentElement;
  root.classList.add('sok-venter');
  setTimeout(function () { root.classList.remove('sok-venter'); }, 4000);
  var input = document.getElementById('sok-side');
  var base = input && input.getAttribute('data-root');
  if (base === null || !document.head) return;
  function preload(file) {
    var link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'script';
    link.href = base + 'search/' + file;
    document.head.appendChild(link);
  }
  preload('meta.js');
  // The term shards of the first words too: a shard is named by the first two letters of a
  // term, and a term begins with the first letters of its word folded (analyzer.js), so they
  // are known now. Only plain ASCII names; a word the index lacks costs one wasted request.
  var FOLD = { 'æ': 'ae', 'ø': 'o', 'å': 'a', 'ö': 'o', 'ä': 'a', 'é': 'e', 'è': 'e', 'ü': 'u' };
  var seen = {};
  (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).slice(0, 3).forEach(function (word) {
    var head = Array.from(word.slice(0, 2), function (c) { return FOLD[c] || c; }).join('').slice(0, 2);
    if (word.length < 2 || !/^[a-z0-9]{2}$/.test(head) || seen[head]) return;
    seen[head] = true;
    preload('t-' + head + '.js');
  });
  var texts = Number(area.getAttribute('data-sidetekster')) || 0;
  for (var i = 0; i < texts; i++) preload('d-' + i + '.js');
})();
