// A list that can be scanned on a registry of any size: one page at a time from the operation's own pagination
// (nextToken or marker), never the whole list. Search filters and column sorting apply to the page shown; where the
// operation can sort (ascendingOrder), the order is asked of the gateway.
import { aws } from '../api.js';
import { h, table, statusArea, showError, field, uid } from '../ui.js';

/** A page fetcher for a marker-paginated operation (ListCertificates, ListCACertificates, ListPolicies). */
export function markerPages(path, member, extraQuery = {}) {
  return async ({ token, pageSize, ascending }) => {
    const result = await aws('GET', path, {
      query: { ...extraQuery, pageSize, marker: token, ascendingOrder: ascending === undefined ? undefined : ascending },
    });
    return { rows: result[member] || [], next: result.nextMarker };
  };
}

/** A page fetcher for a nextToken-paginated operation (ListThings, ListJobs, ...). */
export function tokenPages(path, member, extraQuery = {}, method = 'GET') {
  return async ({ token, pageSize, query }) => {
    const result = await aws(method, path, { query: { ...extraQuery, ...(query || {}), maxResults: pageSize, nextToken: token } });
    return { rows: result[member] || [], next: result.nextToken };
  };
}

/**
 * options: caption, columns [{ label, cell, sortValue? }], fetchPage, searchText(row), searchLabel, emptyText,
 * order ({ label, ascendingLabel, descendingLabel, initial }) when the operation sorts, pageSize (default 25),
 * enrich(rows) to fetch per-row details of the page shown only, filters (extra controls that reload the list).
 * Returns { el, reload }.
 */
export function pagedList(options) {
  const area = statusArea();
  const results = h('div', {});
  const search = field(options.searchLabel || 'Search', h('input', { type: 'search', spellcheck: 'false', autocomplete: 'off' }),
    'Filters the rows of this page.');
  const sizeSelect = h('select', {}, [10, 25, 50, 100].map((n) => h('option', { value: String(n) }, String(n))));
  sizeSelect.value = String(options.pageSize || 25);
  const size = field('Rows per page', sizeSelect);
  let orderSelect = null;
  let order = null;
  if (options.order) {
    orderSelect = h('select', {},
      h('option', { value: 'false' }, options.order.descendingLabel),
      h('option', { value: 'true' }, options.order.ascendingLabel));
    orderSelect.value = String(Boolean(options.order.initial));
    order = field(options.order.label, orderSelect);
  }
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const position = h('span', { class: 'hint', 'aria-live': 'polite' });
  const pager = h('p', { class: 'actions pager' }, previous, position, next);
  const controls = h('div', { class: 'list-controls' }, search.el, (options.filters || []).map((f) => f.el), order && order.el, size.el);

  let rows = [];
  let sortBy = null;
  let sortDirection = 1;
  const tokens = [undefined]; // tokens[i] fetches page i
  let index = 0;
  let nextToken;
  let loading = 0;

  function show() {
    const q = search.input.value.trim().toLowerCase();
    let shown = q ? rows.filter((r) => String(options.searchText(r)).toLowerCase().includes(q)) : rows.slice();
    if (sortBy) {
      shown.sort((a, b) => {
        const x = sortBy.sortValue(a);
        const y = sortBy.sortValue(b);
        return (x < y ? -1 : x > y ? 1 : 0) * sortDirection;
      });
    }
    const columns = options.columns.map((c) => ({
      ...c,
      header: c.sortValue ? sortButton(c) : undefined,
    }));
    const el = table(options.caption, columns, shown, q && rows.length ? 'No row of this page matches.' : options.emptyText);
    if (el.tagName !== 'P') {
      const ths = el.querySelectorAll('th');
      columns.forEach((c, i) => {
        if (c.header) {
          ths[i].replaceChildren(c.header);
          ths[i].setAttribute('aria-sort', sortBy === c ? (sortDirection > 0 ? 'ascending' : 'descending') : 'none');
        }
      });
    }
    results.replaceChildren(el);
    previous.disabled = index === 0;
    next.disabled = !nextToken;
    position.textContent = `Page ${index + 1}${nextToken ? '' : ' (last)'}`;
  }

  function sortButton(column) {
    return h('button', { type: 'button', class: 'sort', id: uid('sort'), onclick: () => {
      if (sortBy === column) sortDirection = -sortDirection;
      else {
        sortBy = column;
        sortDirection = 1;
      }
      show();
    } }, column.label, sortBy === column ? (sortDirection > 0 ? ' ▲' : ' ▼') : '');
  }

  async function load() {
    const mine = ++loading;
    area.replaceChildren();
    try {
      const query = {};
      for (const f of options.filters || []) Object.assign(query, f.query());
      const result = await options.fetchPage({
        token: tokens[index],
        pageSize: Number(sizeSelect.value),
        ascending: orderSelect ? orderSelect.value === 'true' : undefined,
        query,
      });
      if (mine !== loading) return;
      rows = result.rows;
      nextToken = result.next;
      tokens[index + 1] = nextToken;
      show();
      if (options.enrich) {
        await options.enrich(rows);
        if (mine === loading) show();
      }
    } catch (e) {
      if (mine === loading) showError(area, e);
    }
  }

  function reload() {
    tokens.length = 1;
    index = 0;
    load();
  }

  search.input.addEventListener('input', show);
  sizeSelect.addEventListener('change', reload);
  if (orderSelect) orderSelect.addEventListener('change', reload);
  for (const f of options.filters || []) f.input.addEventListener('change', reload);
  previous.addEventListener('click', () => {
    if (index > 0) {
      index -= 1;
      load();
    }
  });
  next.addEventListener('click', () => {
    if (nextToken) {
      index += 1;
      load();
    }
  });
  reload();
  return { el: h('div', { class: 'paged' }, controls, area, results, pager), reload };
}
