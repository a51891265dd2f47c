/* Runs while the search page is parsed, right after the (still empty) result area: when the
 * address has a query, the result area takes the height of the window at once, so that the
 * results arriving later do not push the A–Å list down under the reader (layout shift). */
(function () {
  'use strict';
  var area = document.getElementById('sokeresultater');
  if (!area || !window.URLSearchParams) return;
  var q = new URLSearchParams(window.location.search).get('q');
  if (q && q.trim()) area.style.minHeight = '100vh';
})();
