// Security → Certificates: ListCertificates, DescribeCertificate, UpdateCertificate, DeleteCertificate,
// ListPrincipalThings, ListAttachedPolicies, AttachPolicy, DetachPolicy, ListPolicies.
import { aws, enc, listAll, listAllTokens } from '../api.js';
import { subjectOf } from './fields.js';
import {
  h, page, breadcrumbs, table, badge, date, details, section, statusArea, act, showError, field, button, go, toast,
  shortId, download,
} from '../ui.js';

export async function list() {
  const area = statusArea();
  page('Certificates', breadcrumbs(['Security'], ['Certificates']),
    h('p', {}, 'Device certificates are registered with a thing in All devices → Things → Create single thing.'), area);
  try {
    const certs = await listAll('/certificates', 'certificates');
    area.replaceWith(table('Certificates', [
      { label: 'Certificate ID', cell: (r) => h('a', { href: `#/certificates/${r.certificateId}` }, shortId(r.certificateId)) },
      { label: 'Status', cell: (r) => badge(r.status) },
      { label: 'Mode', cell: (r) => r.certificateMode || 'DEFAULT' },
      { label: 'Created', cell: (r) => date(r.creationDate) },
    ], certs, 'No certificates yet.'));
  } catch (e) {
    showError(area, e);
  }
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
      ['Valid until', date(cert.validity?.notAfter)],
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
    box.replaceChildren(table('Attached policies', [
      { label: 'Policy', cell: (p) => h('a', { href: `#/policies/${enc(p.policyName)}` }, p.policyName) },
      { label: 'Action', cell: (p) => button(`Detach ${p.policyName}`, (event) => act(event.currentTarget, area, async () => {
        await aws('POST', `/target-policies/${enc(p.policyName)}`, { json: { target: arn } });
        toast(`Policy ${p.policyName} detached`);
        loadPolicies(arn, box);
      }), 'secondary') },
    ], attached.policies || [], 'No policies attached.'),
    select.options.length ? h('div', { class: 'inline' }, attach.el, attachButton) : null, area);
  } catch (e) {
    showError(box, e);
  }
}
