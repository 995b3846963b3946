// The landing page: devices connected now, messages per second and refusals over the last hour (per-minute samples
// the gateway keeps, /console/gateway/dashboard), certificates expiring within 30 days, and recent lifecycle events
// (the last ones the gateway kept, then live from the console's event stream on $aws/events/presence/#).
import { gateway, enc } from '../api.js';
import { h, page, table, section, statusArea, showError, date, shortId, badge } from '../ui.js';
import { expiryBadge } from './expiry.js';

const SVG = 'http://www.w3.org/2000/svg';
const REFRESH_MS = 15000;
const MAX_EVENTS = 20;

export async function show() {
  const area = statusArea();
  const cards = h('div', { class: 'cards' });
  const charts = h('div', { class: 'charts' });
  const expiring = h('div', {}, '…');
  const events = h('ol', { class: 'messages events', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const eventsHint = h('p', { class: 'hint' });
  page('Dashboard', area, cards, charts,
    section('Certificates expiring within 30 days', expiring),
    section('Recent lifecycle events', eventsHint, events));

  let timer = null;
  let source = null;
  async function refresh() {
    try {
      const data = await gateway('GET', '/dashboard');
      area.replaceChildren();
      render(data, cards, charts, expiring);
      if (!events.childElementCount) {
        for (const e of data.lifecycleEvents) events.append(eventItem(e.topic, e.payload, e.receivedAt));
        eventsHint.textContent = data.lifecycleEventsAvailable
          ? (data.lifecycleEvents.length ? '' : 'No lifecycle events since the gateway started.')
          : 'Not available: the console is not connected to the broker.';
      }
    } catch (e) {
      showError(area, e);
    }
  }
  await refresh();
  timer = setInterval(refresh, REFRESH_MS);
  source = new EventSource(`/console/gateway/subscribe?filter=${enc('$aws/events/presence/#')}`);
  source.addEventListener('message', (e) => {
    const m = JSON.parse(e.data);
    eventsHint.textContent = '';
    events.prepend(eventItem(m.topic, m.payload, m.receivedAt));
    while (events.childElementCount > MAX_EVENTS) events.lastElementChild.remove();
  });
  source.onerror = () => {
    source.close();
  };
  return () => {
    clearInterval(timer);
    if (source) source.close();
  };
}

function render(data, cards, charts, expiring) {
  // the samples of the last hour, then the minute in progress (its rate over the seconds it has lasted)
  const current = data.currentMinute;
  const minutes = [...(data.minutes || []).slice(-59), {
    at: data.at,
    connectedClients: data.connectedClients,
    messagesReceived: current.messagesReceived * (data.sampleSeconds / current.seconds),
    connectionsRefused: current.connectionsRefused,
  }];
  const messagesPerSecond = minutes.map((m) => m.messagesReceived / data.sampleSeconds);
  const refusals = minutes.map((m) => m.connectionsRefused);
  const lastRate = messagesPerSecond[messagesPerSecond.length - 1];
  cards.replaceChildren(
    card('Devices connected now', String(data.connectedClients), 'connected-now'),
    card('Messages per second (this minute)', lastRate.toFixed(lastRate < 10 ? 1 : 0), 'messages-rate'),
    card('Connections refused (last hour)', String(refusals.reduce((a, b) => a + b, 0)), 'refused-hour'));
  const note = data.minutes.length ? null : h('p', { class: 'hint' }, 'The gateway keeps one sample a minute; the charts fill in over the first hour.');
  charts.replaceChildren(...[
    chart('Devices connected', minutes.map((m) => m.connectedClients), minutes, 'line', (v) => String(v)),
    chart('Messages per second', messagesPerSecond, minutes, 'line', (v) => v.toFixed(1)),
    chart('Connections refused per minute', refusals, minutes, 'bars', (v) => String(v)),
    note].filter(Boolean));
  const list = data.expiringCertificates || [];
  const shown = list.slice(0, data.expiringShown);
  expiring.replaceChildren(...[table('Certificates expiring within 30 days', [
    { label: 'Certificate', cell: (c) => h('a', { href: `#/certificates/${c.certificateId}` }, shortId(c.certificateId)) },
    { label: 'Status', cell: (c) => badge(c.status) },
    { label: 'Valid until', cell: (c) => h('span', {}, date(c.notAfter), ' ', expiryBadge(c.notAfter)) },
  ], shown, 'No certificate expires within 30 days.'),
  list.length > shown.length ? h('p', { class: 'hint' }, `The ${shown.length} soonest are shown; see Security → Certificates for all.`) : null]
    .filter(Boolean));
}

function card(label, value, id) {
  return h('div', { class: 'card' }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value', id }, value));
}

/** A small inline SVG chart of the last hour, one point per minute, with its range and latest value as text. */
function chart(title, values, minutes, kind, format) {
  const width = 300;
  const height = 80;
  const max = Math.max(1, ...values);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  const latest = values.length ? format(values[values.length - 1]) : 'no data yet';
  svg.setAttribute('aria-label', `${title}, last hour: maximum ${format(Math.max(0, ...values))}, latest ${latest}`);
  const step = width / 60; // one hour of minutes, newest at the right
  const x = (i) => width - (values.length - i) * step;
  const y = (v) => height - 2 - (v / max) * (height - 4);
  const base = document.createElementNS(SVG, 'line');
  Object.entries({ x1: 0, y1: height - 1, x2: width, y2: height - 1, class: 'axis' }).forEach(([k, v]) => base.setAttribute(k, v));
  svg.append(base);
  if (kind === 'bars') {
    values.forEach((v, i) => {
      if (!v) return;
      const bar = document.createElementNS(SVG, 'rect');
      Object.entries({ x: x(i), y: y(v), width: Math.max(1, step - 1), height: height - 1 - y(v), class: 'bar' })
        .forEach(([k, val]) => bar.setAttribute(k, val));
      svg.append(bar);
    });
  } else if (values.length) {
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', values.map((v, i) => `${(x(i) + step / 2).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
    line.setAttribute('class', 'line');
    const now = document.createElementNS(SVG, 'circle');
    const last = values.length - 1;
    Object.entries({ cx: (x(last) + step / 2).toFixed(1), cy: y(values[last]).toFixed(1), r: 3, class: 'now' })
      .forEach(([k, v]) => now.setAttribute(k, v));
    svg.append(line, now);
  }
  const from = minutes.length > 1 ? date(minutes[0].at - 60) : null;
  return h('figure', { class: 'chart-box' }, h('figcaption', {}, title, h('span', { class: 'chart-latest' }, latest)), svg,
    h('p', { class: 'hint' }, `max ${format(Math.max(0, ...values))}`, from ? [' · since ', from] : ''));
}

function eventItem(topic, payload, receivedAt) {
  let text = payload;
  let kind = topic.split('/')[3] || topic;
  try {
    const event = JSON.parse(payload);
    kind = event.eventType || kind;
    text = [event.clientId, event.disconnectReason, event.ipAddress].filter(Boolean).join(' · ');
  } catch (ignored) {
    // not JSON: shown as published
  }
  return h('li', {}, h('span', { class: 'topic' }, kind), ' ', date(receivedAt), h('div', {}, text));
}
