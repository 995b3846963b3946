// Connections and the MQTT test client: the broker behind /console/gateway (ConsoleMessaging on the server).
import { gateway, enc } from '../api.js';
import { h, page, table, date, section, statusArea, act, showError, field, checkbox, button, toast } from '../ui.js';

async function available(area) {
  try {
    const settings = await gateway('GET', '/settings');
    if (!settings.messagingAvailable) {
      area.replaceChildren(h('div', { class: 'error', role: 'alert' },
        'Not available: this gateway has not connected the console to its MQTT broker yet.'));
      return false;
    }
    return true;
  } catch (e) {
    showError(area, e);
    return false;
  }
}

// The keep-alive the broker applies (0: none, the client is never closed for silence), and what the client asked
// for when that differs: keep-alive 0 becomes 1200 s as on AWS IoT unless the gateway runs with --keep-alive-zero.
function keepAlive(c) {
  if (c.keepAliveApplied === undefined) return '—';
  const applied = c.keepAliveApplied === 0 ? 'none' : `${c.keepAliveApplied} s`;
  return c.keepAliveRequested === c.keepAliveApplied ? applied : `${applied} (requested ${c.keepAliveRequested} s)`;
}

export async function connections() {
  const area = statusArea();
  const list = h('div', {});
  page('Connections', area, list);
  if (!(await available(area))) return undefined;
  async function refresh() {
    try {
      const result = await gateway('GET', '/connections');
      list.replaceChildren(table('Connected clients', [
        { label: 'Client ID', cell: (c) => c.clientId },
        { label: 'Thing', cell: (c) => (c.thingName ? h('a', { href: `#/things/${enc(c.thingName)}` }, c.thingName) : '—') },
        { label: 'Certificate', cell: (c) => (c.certificateId ? h('a', { href: `#/certificates/${c.certificateId}` }, c.certificateId.slice(0, 12) + '…') : '—') },
        { label: 'Address', cell: (c) => c.remoteAddress || '—' },
        { label: 'Since', cell: (c) => date(c.connectedAt) },
        { label: 'Keep-alive', cell: keepAlive },
        { label: 'Last activity', cell: (c) => date(c.lastActivity) },
        { label: 'Subscriptions', cell: (c) => (c.subscriptions || []).join(', ') || '—' },
        { label: 'Action', cell: (c) => button(`Disconnect ${c.clientId}`, (event) => act(event.currentTarget, area, async () => {
          await gateway('DELETE', `/connections/${enc(c.clientId)}`);
          toast(`${c.clientId} disconnected`);
          refresh();
        }), 'secondary') },
      ], result.connections, 'No clients are connected.'));
    } catch (e) {
      showError(area, e);
    }
  }
  await refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}

export async function mqtt() {
  const area = statusArea();
  const body = h('div', {});
  page('MQTT test client', area, body);
  if (!(await available(area))) return undefined;
  let source = null;
  const messages = h('ol', { class: 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const subArea = statusArea();
  const filter = field('Topic filter', h('input', { value: '#', spellcheck: 'false', autocomplete: 'off' }));
  const subscribeButton = h('button', { type: 'submit' }, 'Subscribe');
  const stopButton = button('Unsubscribe', () => stop(), 'secondary');
  stopButton.disabled = true;
  const subForm = h('form', { novalidate: true }, filter.el, h('p', { class: 'actions' }, subscribeButton, stopButton), subArea);
  function stop() {
    if (source) source.close();
    source = null;
    stopButton.disabled = true;
    subscribeButton.disabled = false;
  }
  subForm.addEventListener('submit', (event) => {
    event.preventDefault();
    stop();
    const f = filter.input.value.trim();
    source = new EventSource(`/console/gateway/subscribe?filter=${enc(f)}`);
    subscribeButton.disabled = true;
    stopButton.disabled = false;
    source.addEventListener('ready', () => { subArea.textContent = `Subscribed to ${f}`; });
    source.addEventListener('dropped', (e) => { subArea.textContent = `${JSON.parse(e.data).count} messages dropped (too fast)`; });
    source.addEventListener('message', (e) => {
      const m = JSON.parse(e.data);
      messages.prepend(h('li', {}, h('span', { class: 'topic' }, m.topic), ' ', date(m.receivedAt), ` QoS ${m.qos}${m.retain ? ' retained' : ''}`,
        h('pre', {}, m.encoding === 'base64' ? `(binary, base64) ${m.payload}` : m.payload)));
      while (messages.childElementCount > 100) messages.lastElementChild.remove();
    });
    source.onerror = () => {
      subArea.textContent = 'The subscription ended (refused, signed out, or the gateway stopped).';
      stop();
    };
  });

  const pubArea = statusArea();
  const topic = field('Topic', h('input', { value: 'command', spellcheck: 'false', autocomplete: 'off' }));
  const payload = field('Payload', h('textarea', { rows: 3, class: 'code', value: 'toggle' }));
  const qos = field('QoS', h('select', {}, h('option', { value: '0' }, '0'), h('option', { value: '1' }, '1')));
  const retain = checkbox('Retain', false);
  const pubButton = h('button', { type: 'submit' }, 'Publish');
  const pubForm = h('form', { novalidate: true }, topic.el, payload.el, qos.el, retain.el, h('p', { class: 'actions' }, pubButton), pubArea);
  pubForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(pubButton, pubArea, async () => {
      await gateway('POST', '/publish', {
        json: { topic: topic.input.value.trim(), payload: payload.input.value, qos: Number(qos.input.value), retain: retain.input.checked },
      });
      pubArea.textContent = `Published to ${topic.input.value.trim()}`;
    });
  });
  body.replaceChildren(section('Subscribe to a topic', subForm, messages), section('Publish to a topic', pubForm));
  return stop;
}
