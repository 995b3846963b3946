// Settings: the endpoints devices and tools use, and the server CA (the guide's step for MQTT Explorer).
import { aws, gateway } from '../api.js';
import { h, page, details, section, statusArea, showError } from '../ui.js';

export async function show() {
  const area = statusArea();
  page('Settings', area);
  try {
    const [endpoint, settings] = await Promise.all([
      aws('GET', '/endpoint', { query: { endpointType: 'iot:Data-ATS' } }),
      gateway('GET', '/settings'),
    ]);
    area.replaceWith(
      section('Device data endpoint', details([
        ['Endpoint', h('code', { id: 'data-endpoint' }, endpoint.endpointAddress)],
        ['MQTT over TLS port', h('code', { id: 'mqtt-port' }, String(settings.mqttPort))],
        ['Host devices send as SNI', h('code', {}, settings.mqttHost)],
      ])),
      section('Server certificate authority',
        h('p', {}, 'Devices and MQTT Explorer must trust this CA to connect (the counterpart of Amazon Root CA 1).'),
        h('p', {}, 'In MQTT Explorer: protocol mqtt:// with "Encryption (tls)" on (its menu offers only mqtt:// and ws://;'
          + ' the switch makes it connect over TLS), this CA as Server Certificate (CA) under ADVANCED, CERTIFICATES.'),
        h('p', {}, h('a', { class: 'button', href: '/console/gateway/server-ca.pem', download: 'server-ca.pem' }, 'Download server CA (PEM)'))),
      section('API', details([
        ['API endpoint (for --endpoint-url)', h('code', {}, location.origin)],
        ['Region', h('code', {}, settings.region)],
        ['Account', h('code', {}, settings.accountId)],
      ])));
  } catch (e) {
    showError(area, e);
  }
}
