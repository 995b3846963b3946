// Security → Certificates: ListCertificates, DescribeCertificate, UpdateCertificate, DeleteCertificate,
// ListPrincipalThings, ListAttachedPolicies, AttachPolicy, DetachPolicy, ListPolicies.
import { aws, gateway, enc, listAll, listAllTokens } from '../api.js';
import { pagedList, markerPages } from './paged.js';
import { expiryBadge, commonName } from './expiry.js';
import { subjectOf } from './fields.js';
import {
  h, page, breadcrumbs, table, badge, date, details, section, statusArea, act, showError, field, button, go, toast,
  shortId, download,
} from '../ui.js';

export async function list() {
  const statusFilter = field('Status', h('select', {},
    h('option', { value: '' }, 'Any status'),
    ['ACTIVE', 'INACTIVE', 'REVOKED', 'PENDING_TRANSFER', 'PENDING_ACTIVATION'].map((s) => h('option', { value: s }, s))));
  // ListCertificates filters by nothing but order: the status filter applies to the page shown, like the search.
  const listing = pagedList({
    caption: 'Certificates',
    searchLabel: 'Search certificates',
    searchText: (r) => [r.certificateId, r.details?.cn, (r.details?.things || []).join(' '), r.status].join(' '),
    emptyText: 'No certificates yet.',
    order: { label: 'Order', descendingLabel: 'Newest first', ascendingLabel: 'Oldest first', initial: false },
    fetchPage: async (request) => {
      const result = await markerPages('/certificates', 'certificates')(request);
      const status = statusFilter.input.value;
      return { ...result, rows: status ? result.rows.filter((r) => r.status === status) : result.rows };
    },
    filters: [{ el: statusFilter.el, input: statusFilter.input, query: () => ({}) }],
    enrich: (rows) => Promise.all(rows.map(async (r) => {
      try {
        const [description, things] = await Promise.all([
          aws('GET', `/certificates/${enc(r.certificateId)}`),
          aws('GET', '/principals/things', { headers: { 'x-amzn-principal': r.certificateArn }, query: { maxResults: 5 } }),
        ]);
        const cert = description.certificateDescription;
        const fields = await gateway('POST', '/certificate-fields', { raw: cert.certificatePem });
        r.details = { cn: commonName(fields.subject), notAfter: cert.validity?.notAfter, things: things.things || [], more: Boolean(things.nextToken) };
      } catch (e) {
        r.details = { error: e.message };
      }
    })),
    columns: [
      { label: 'Certificate ID', cell: (r) => h('a', { href: `#/certificates/${r.certificateId}` }, shortId(r.certificateId)), sortValue: (r) => r.certificateId },
      { label: 'Subject CN', cell: (r) => (r.details ? r.details.cn || r.details.error : '…'), sortValue: (r) => r.details?.cn || '' },
      { label: 'Things', cell: (r) => (r.details?.things ? thingLinks(r.details.things, r.details.more) : '…'), sortValue: (r) => (r.details?.things || []).join(',') },
      { label: 'Status', cell: (r) => badge(r.status), sortValue: (r) => r.status },
      { label: 'Expires', cell: (r) => (r.details?.notAfter ? h('span', {}, date(r.details.notAfter), ' ', expiryBadge(r.details.notAfter)) : '…'), sortValue: (r) => r.details?.notAfter || 0 },
      { label: 'Created', cell: (r) => date(r.creationDate), sortValue: (r) => r.creationDate },
    ],
  });
  page('Certificates', breadcrumbs(['Security'], ['Certificates']),
    h('p', {}, 'Device certificates are registered with a thing in All devices → Things → Create single thing.'), listing.el);
}

function thingLinks(things, more) {
  if (!things.length) return '—';
  return h('span', {}, things.map((name, i) => [i ? ', ' : '', h('a', { href: `#/things/${enc(name)}` }, name)]), more ? ' …' : '');
}

export async function detail(id) {
  const area = statusArea();
  const body = h('div', {});
  page(`Certificate ${shortId(id)}`, breadcrumbs(['Security'], ['Certificates', '#/certificates'], [shortId(id)]), area, body);
  let cert;
  try {
    cert = (await aws('GET', `/certificates/${enc(id)}`)).certificateDescription;
  } catch (e) {
    showError(area, e);
    return;
  }
  const arn = cert.certificateArn;
  const setStatus = (newStatus) => (event) => act(event.currentTarget, area, async () => {
    await aws('PUT', `/certificates/${enc(id)}`, { query: { newStatus } });
    toast(`Certificate ${newStatus.toLowerCase()}`);
    detail(id);
  });
  const actions = h('p', { class: 'actions' },
    cert.status !== 'ACTIVE' && cert.status !== 'REVOKED' ? button('Activate', setStatus('ACTIVE')) : null,
    cert.status === 'ACTIVE' ? button('Deactivate', setStatus('INACTIVE'), 'secondary') : null,
    cert.status !== 'REVOKED' ? button('Revoke', (event) => {
      if (confirm('Revoke this certificate? REVOKED is final: it can never be activated again.')) setStatus('REVOKED')(event);
    }, 'secondary') : null,
    button('Download PEM', () => download(`${id.slice(0, 10)}-certificate.pem.crt`, cert.certificatePem), 'secondary'),
    button('Delete', (event) => {
      if (!confirm('Delete this certificate?')) return;
      act(event.currentTarget, area, async () => {
        await aws('DELETE', `/certificates/${enc(id)}`);
        toast('Certificate deleted');
        go('#/certificates');
      });
    }, 'danger'));
  const thingsBox = h('div', {});
  const policiesBox = h('div', {});
  body.replaceChildren(actions,
    h('p', { class: 'hint' }, 'As on AWS, only an INACTIVE or REVOKED certificate with no things and no policies attached can be deleted.'),
    details([
      ['Certificate ID', h('code', {}, cert.certificateId)],
      ['ARN', h('code', {}, arn)],
      ['Status', badge(cert.status)],
      ['Subject', subjectOf(cert.certificatePem, 'subject')],
      ['Issuer', subjectOf(cert.certificatePem, 'issuer')],
      ['CA', cert.caCertificateId ? h('a', { href: `#/cas/${cert.caCertificateId}` }, shortId(cert.caCertificateId)) : 'none (registered without a CA)'],
      ['Valid from', date(cert.validity?.notBefore)],
      ['Valid until', h('span', {}, date(cert.validity?.notAfter), ' ', expiryBadge(cert.validity?.notAfter))],
      ['Created', date(cert.creationDate)],
    ]),
    section('Things', thingsBox), section('Policies', policiesBox), section('Certificate PEM', h('pre', {}, cert.certificatePem)));
  loadThings(arn, thingsBox);
  loadPolicies(arn, policiesBox);
}

async function loadThings(arn, box) {
  try {
    const things = await listAllTokens('/principals/things', 'things', { headers: { 'x-amzn-principal': arn } });
    box.replaceChildren(table('Things', [
      { label: 'Thing', cell: (name) => h('a', { href: `#/things/${enc(name)}` }, name) },
    ], things, 'No things attached.'));
  } catch (e) {
    showError(box, e);
  }
}

async function loadPolicies(arn, box) {
  const area = statusArea();
  try {
    const [attached, all] = await Promise.all([
      aws('POST', `/attached-policies/${enc(arn)}`, { query: { pageSize: 250 } }),
      listAll('/policies', 'policies'),
    ]);
    const names = (attached.policies || []).map((p) => p.policyName);
    const select = h('select', {}, all.filter((p) => !names.includes(p.policyName))
      .map((p) => h('option', { value: p.policyName }, p.policyName)));
    const attach = field('Policy to attach', select);
    const attachButton = button('Attach policy', (event) => act(event.currentTarget, area, async () => {
      if (!select.value) throw new Error('Choose a policy');
      await aws('PUT', `/target-policies/${enc(select.value)}`, { json: { target: arn } });
      toast(`Policy ${select.value} attached`);
      loadPolicies(arn, box);
    }));
    box.replaceChildren(...[table('Attached policies', [
      { label: 'Policy', cell: (p) => h('a', { href: `#/policies/${enc(p.policyName)}` }, p.policyName) },
      { label: 'Action', cell: (p) => button(`Detach ${p.policyName}`, (event) => act(event.currentTarget, area, async () => {
        await aws('POST', `/target-policies/${enc(p.policyName)}`, { json: { target: arn } });
        toast(`Policy ${p.policyName} detached`);
        loadPolicies(arn, box);
      }), 'secondary') },
    ], attached.policies || [], 'No policies attached.'),
    select.options.length ? h('div', { class: 'inline' }, attach.el, attachButton) : null, area].filter(Boolean));
  } catch (e) {
    showError(box, e);
  }
}
