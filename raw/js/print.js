/* The print button of contingency plans and requirement documents: shown only when this script
 * runs (without it the button would do nothing; the browser's own print still works), and a
 * file of its own because the Content-Security-Policy allows no inline script. */
(function () {
  'use strict';
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (box) {
      var button = box.querySelector('button');
      if (!button || typeof window.print !== 'function') return;
      button.addEventListener('click', function () { window.print(); });
      box.hidden = false;
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
