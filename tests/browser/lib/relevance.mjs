// The relevance measure shared by relevance.test.mjs and bench/pagefind-compare.mjs: how the
// search page is asked for its first ten results, where the expected page ranks, and
// success@1, success@3 and MRR@10 over a list of ranks.

/**
 * The first ten results for `query` on the search page open in `page` (`sok/index.html`), as
 * URL paths without `index.html` (a glossary definition box above them is not a result).
 */
export async function searchPageTop10(page, query) {
  await page.evaluate((q) => {
    const input = document.getElementById('sok-side');
    input.value = q;
    input.dispatchEvent(new Event('input'));
  }, query);
  await page.waitForFunction((q) => document.getElementById('sokeresultater').getAttribute('data-sok') === q, query, { timeout: 15000 });
  return page.$$eval('#sokeresultater li a.result-title', (links) =>
    links.slice(0, 10).map((a) => {
      const url = new URL(a.href);
      const at = url.pathname.lastIndexOf('/index.html');
      return url.pathname.slice(0, at + 1);
    }),
  );
}

/** The 1-based rank of the first of `paths` that is in `want`, or 0 when none is. */
export function rankOf(paths, want) {
  return paths.findIndex((p) => want.includes(p)) + 1;
}

/** success@1, success@3 and MRR@10 over rows with a `rank` (0 for a miss). */
export function measure(list) {
  return {
    n: list.length,
    success1: list.filter((r) => r.rank === 1).length / list.length,
    success3: list.filter((r) => r.rank >= 1 && r.rank <= 3).length / list.length,
    mrr10: list.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / list.length,
  };
}

/** One line of figures for a `measure`. */
export function formatMeasure(m) {
  return `n=${String(m.n).padStart(3)}  success@1 ${m.success1.toFixed(2)}  success@3 ${m.success3.toFixed(2)}  MRR@10 ${m.mrr10.toFixed(2)}`;
}
