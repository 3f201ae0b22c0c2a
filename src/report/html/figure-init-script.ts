/**
 * The page script that replaces each static figure with its interactive Vega view (tooltips;
 * zoom where the spec binds scales). Figure specs come from the inert
 * `<script type="application/json" id="alliance-figure-specs">` element, never from markup.
 * If a view fails, the static SVG stays and a warning (not an error) goes to the console.
 */
export const FIGURE_INIT_SCRIPT = `(function () {
  'use strict';
  var store = document.getElementById('alliance-figure-specs');
  if (!store || typeof vegaEmbed !== 'function') return;
  var specs = JSON.parse(store.textContent);
  var containers = document.querySelectorAll('.figure-interactive[data-spec-index]');
  Array.prototype.forEach.call(containers, function (el) {
    var spec = specs[Number(el.getAttribute('data-spec-index'))];
    var figure = el.closest('figure');
    var still = figure ? figure.querySelector('.figure-static') : null;
    if (!spec) return;
    el.hidden = false;
    vegaEmbed(el, spec, { actions: false, renderer: 'svg', tooltip: true })
      .then(function () {
        if (still) still.hidden = true;
        el.setAttribute('data-rendered', 'true');
      })
      .catch(function (err) {
        el.hidden = true;
        console.warn('alliance: interactive figure unavailable, showing the static image instead:', err && err.message);
      });
  });
})();
`;
