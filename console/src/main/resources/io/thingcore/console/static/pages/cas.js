// Security → Certificate authorities: ListCACertificates, DescribeCACertificate, RegisterCACertificate,
// UpdateCACertificate, DeleteCACertificate, GetRegistrationCode, ListCertificatesByCA.
import { aws, gateway, enc, listAll } from '../api.js';
import { pagedList, markerPages } from './paged.js';
import { expiryBadge } from './expiry.js';
import { subjectOf } from './fields.js';
import {
  h, page, breadcrumbs, table, badge, date, details, section, statusArea, act, showError, field, radios, checkbox,
  readFile, button, linkButton, go, toast, shortId,
} from '../ui.js';

export async function list() {
  const listing = pagedList({
    caption: 'Certificate authorities',
    searchLabel: 'Search CA certificates',
    searchText: (r) => `${r.certificateId} ${r.status} ${r.details?.subject || ''}`,
    emptyText: 'No CA certificates are registered yet.',
    order: { label: 'Order', descendingLabel: 'Newest first', ascendingLabel: 'Oldest first', initial: false },
    fetchPage: markerPages('/cacertificates', 'certificates'),
    // the page's CAs only: their mode, automatic registration, validity and subject
    enrich: (rows) => Promise.all(rows.map(async (r) => {
      try {
        const d = (await aws('GET', `/cacertificate/${enc(r.certificateId)}`)).certificateDescription;
        const fields = await gateway('POST', '/certificate-fields', { raw: d.certificatePem });
        r.details = { ...d, subject: fields.subject };
      } catch (e) {
        r.details = { error: e.message };
      }
    })),
    columns: [
      { label: 'CA certificate ID', cell: (r) => h('a', { href: `#/cas/${r.certificateId}` }, shortId(r.certificateId)), sortValue: (r) => r.certificateId },
      { label: 'Subject', cell: (r) => (r.details ? h('code', {}, r.details.subject || r.details.error) : '…'), sortValue: (r) => r.details?.subject || '' },
      { label: 'Status', cell: (r) => badge(r.status), sortValue: (r) => r.status },
      { label: 'Mode', cell: (r) => (r.details ? mode(r.details.certificateMode) : '…'), sortValue: (r) => r.details?.certificateMode || '' },
      { label: 'Automatic registration', cell: (r) => (r.details ? badge(r.details.autoRegistrationStatus) : '…'), sortValue: (r) => r.details?.autoRegistrationStatus || '' },
      { label: 'Expires', cell: (r) => (r.details?.validity ? h('span', {}, date(r.details.validity.notAfter), ' ', expiryBadge(r.details.validity.notAfter)) : '…'), sortValue: (r) => r.details?.validity?.notAfter || 0 },
    ],
  });
  page('Certificate authorities', breadcrumbs(['Security'], ['Certificate authorities']),
    h('p', { class: 'actions' }, linkButton('Register CA certificate', '#/cas/register')), listing.el);
}

function mode(m) {
  return m === 'SNI_ONLY' ? 'Multi-account (SNI_ONLY)' : 'Single-account (DEFAULT)';
}

export async function register() {
  const area = statusArea();
  const file = field('CA certificate file', h('input', { type: 'file', accept: '.crt,.pem,.cer', required: true }),
    'The CA certificate, PEM (e.g. CA.crt).');
  const codeArea = h('div', { class: 'code-box' });
  const verification = field('Verification certificate file',
    h('input', { type: 'file', accept: '.crt,.pem,.cer' }),
    'A certificate signed by this CA whose Common Name is the registration code above.');
  const single = h('div', { hidden: true }, codeArea, verification.el);
  const modes = radios('CA registration mode', 'ca-mode', [
    ['SNI_ONLY', 'Register CA in multi-account mode', 'No verification certificate; devices must send SNI naming the endpoint.'],
    ['DEFAULT', 'Register CA in single-account mode', 'Proves you hold the CA key with a verification certificate.'],
  ], 'SNI_ONLY', () => showMode());
  const status = radios('CA status', 'ca-status', [['ACTIVE', 'Active'], ['INACTIVE', 'Inactive']], 'ACTIVE');
  const auto = checkbox('Turn on automatic registration of device certificates', false,
    'Unknown device certificates signed by this CA are registered (PENDING_ACTIVATION) when they first connect.');
  const submit = h('button', { type: 'submit' }, 'Register');

  async function showMode() {
    const isSingle = modes.value() === 'DEFAULT';
    single.hidden = !isSingle;
    if (isSingle && !codeArea.childElementCount) {
      try {
        const { registrationCode } = await aws('GET', '/registrationcode');
        codeArea.replaceChildren(
          h('p', {}, 'Registration code: ', h('code', { id: 'registration-code' }, registrationCode)),
          h('p', {}, 'Make the verification certificate with openssl, using the CA key:'),
          h('pre', {}, [
            'openssl genrsa -out verification.key 2048',
            `openssl req -new -key verification.key -out verification.csr -subj "/CN=${registrationCode}"`,
            'openssl x509 -req -in verification.csr -CA CA.crt -CAkey CA.key -CAcreateserial \\',
            '  -out verification.crt -days 500 -sha256',
          ].join('\n')));
      } catch (e) {
        showError(codeArea, e);
      }
    }
  }

  const form = h('form', { novalidate: true }, file.el, modes.el, single, status.el, auto.el, area, h('p', { class: 'actions' },
    submit, linkButton('Cancel', '#/cas')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(submit, area, async () => {
      const caCertificate = await readFile(file.input);
      const body = { caCertificate, certificateMode: modes.value() };
      if (modes.value() === 'DEFAULT') body.verificationCertificate = await readFile(verification.input);
      const result = await aws('POST', '/cacertificate', {
        query: { setAsActive: status.value() === 'ACTIVE', allowAutoRegistration: auto.input.checked },
        json: body,
      });
      toast(`CA certificate ${result.certificateId} registered`);
      go(`#/cas/${result.certificateId}`);
    });
  });
  page('Register CA certificate', breadcrumbs(['Security'], ['Certificate authorities', '#/cas'], ['Register']), form);
}

export async function detail(id) {
  const area = statusArea();
  const body = h('div', {});
  page(`CA ${shortId(id)}`, breadcrumbs(['Security'], ['Certificate authorities', '#/cas'], [shortId(id)]), area, body);
  let ca;
  try {
    ca = (await aws('GET', `/cacertificate/${enc(id)}`)).certificateDescription;
  } catch (e) {
    showError(area, e);
    return;
  }
  const update = (query, message) => (event) => act(event.currentTarget, area, async () => {
    await aws('PUT', `/cacertificate/${enc(id)}`, { query, json: {} });
    toast(message);
    detail(id);
  });
  const actions = h('p', { class: 'actions' },
    ca.status === 'ACTIVE'
      ? button('Deactivate', update({ newStatus: 'INACTIVE' }, 'CA deactivated'), 'secondary')
      : button('Activate', update({ newStatus: 'ACTIVE' }, 'CA activated')),
    ca.autoRegistrationStatus === 'ENABLE'
      ? button('Turn off automatic registration', update({ newAutoRegistrationStatus: 'DISABLE' }, 'Automatic registration off'), 'secondary')
      : button('Turn on automatic registration', update({ newAutoRegistrationStatus: 'ENABLE' }, 'Automatic registration on'), 'secondary'),
    button('Delete', (event) => {
      if (!confirm('Delete this CA certificate? AWS deletes only INACTIVE CAs with no certificates registered under them.')) return;
      act(event.currentTarget, area, async () => {
        await aws('DELETE', `/cacertificate/${enc(id)}`);
        toast('CA certificate deleted');
        go('#/cas');
      });
    }, 'danger'));
  const certs = h('div', {});
  body.replaceChildren(actions, details([
    ['CA certificate ID', h('code', {}, ca.certificateId)],
    ['ARN', h('code', {}, ca.certificateArn)],
    ['Subject', subjectOf(ca.certificatePem, 'subject')],
    ['Status', badge(ca.status)],
    ['Mode', mode(ca.certificateMode)],
    ['Automatic registration', badge(ca.autoRegistrationStatus)],
    ['Valid from', date(ca.validity?.notBefore)],
    ['Valid until', date(ca.validity?.notAfter)],
    ['Created', date(ca.creationDate)],
  ]), section('Device certificates signed by this CA', certs), section('Certificate PEM', h('pre', {}, ca.certificatePem)));
  try {
    const list = await listAll(`/certificates-by-ca/${enc(id)}`, 'certificates');
    certs.replaceChildren(table('Device certificates', [
      { label: 'Certificate ID', cell: (r) => h('a', { href: `#/certificates/${r.certificateId}` }, shortId(r.certificateId)) },
      { label: 'Status', cell: (r) => badge(r.status) },
      { label: 'Created', cell: (r) => date(r.creationDate) },
    ], list, 'None yet.'));
  } catch (e) {
    showError(certs, e);
  }
}
