// Refused connections: the broker's record of the last refused connections (newest first), each with the reason in
// words and the likely fix, from /console/gateway/refused-connections (ConsoleMessaging on the server).
import { gateway } from '../api.js';
import { h, page, table, date, statusArea, showError } from '../ui.js';

function certificate(r) {
  if (!r.certificateId && !r.subjectCommonName) return '—';
  const id = r.certificateId ? h('a', { href: `#/certificates/${r.certificateId}` }, r.certificateId.slice(0, 12) + '…') : null;
  const cn = r.subjectCommonName ? h('span', { class: 'hint' }, `CN=${r.subjectCommonName}`) : null;
  return h('span', {}, id, id && cn ? h('br', {}) : null, cn);
}

function reason(r) {
  return h('span', {}, h('strong', {}, r.detail), h('br', {}), h('span', { class: 'hint' }, `Fix: ${r.fix}`));
}

export async function list() {
  const area = statusArea();
  const rows = h('div', {});
  page('Refused connections', area,
    h('p', {}, 'The last connections the gateway refused, newest first, with the likely fix. The same line is in the gateway\'s log at WARN. Refreshes every 5 seconds.'),
    rows);
  async function refresh() {
    try {
      const result = await gateway('GET', '/refused-connections');
      rows.replaceChildren(table('Refused connections', [
        { label: 'Time', cell: (r) => date(r.at) },
        { label: 'Address', cell: (r) => r.remoteAddress },
        { label: 'Certificate', cell: certificate },
        { label: 'SNI', cell: (r) => r.sni || '—' },
        { label: 'Reason', cell: reason },
      ], result.refusedConnections, 'No connection has been refused since the gateway started.'));
    } catch (e) {
      showError(area, e);
    }
  }
  await refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
