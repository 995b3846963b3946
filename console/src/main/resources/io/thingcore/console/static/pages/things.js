// All devices → Things: ListThings, CreateThing, DescribeThing, DeleteThing, ListThingPrincipals,
// DetachThingPrincipal; the "Create single thing" wizard adds RegisterCertificate, AttachThingPrincipal, AttachPolicy.
import { aws, gateway, enc, listAll, listAllTokens } from '../api.js';
import {
  h, page, breadcrumbs, table, details, section, statusArea, act, showError, field, radios, checkbox, readFile,
  button, linkButton, go, toast, shortId, badge,
} from '../ui.js';

export async function list() {
  const area = statusArea();
  const search = field('Search things', h('input', { type: 'search', spellcheck: 'false', autocomplete: 'off' }), 'Filters by name.');
  const results = h('div', {});
  page('Things', breadcrumbs(['All devices'], ['Things']),
    h('p', { class: 'actions' }, linkButton('Create single thing', '#/things/create')), search.el, area, results);
  let things = [];
  const show = () => {
    const q = search.input.value.trim().toLowerCase();
    const shown = things.filter((t) => t.thingName.toLowerCase().includes(q));
    results.replaceChildren(table('Things', [
      { label: 'Name', cell: (t) => h('a', { href: `#/things/${enc(t.thingName)}` }, t.thingName) },
      { label: 'Thing type', cell: (t) => t.thingTypeName || '—' },
      { label: 'Version', cell: (t) => String(t.version ?? '') },
    ], shown, q ? 'No thing matches.' : 'No things yet.'));
  };
  search.input.addEventListener('input', show);
  try {
    things = await listAllTokens('/things', 'things');
    show();
  } catch (e) {
    showError(area, e);
  }
}

export async function create() {
  const area = statusArea();
  const progress = h('ol', { class: 'progress', 'aria-live': 'polite' });
  const name = field('Thing name', h('input', { required: true, maxlength: 128, spellcheck: 'false', autocomplete: 'off' }),
    'The device connects with this name as its MQTT client ID.');
  const certChoice = radios('Device certificate', 'cert-choice', [
    ['MINE', 'Use my certificate', 'Register a certificate your CA signed (e.g. device.crt).'],
    ['SKIP', 'Skip creating a certificate at this time'],
  ], 'MINE', () => { mine.hidden = certChoice.value() !== 'MINE'; });
  const caSelect = h('select', {});
  const ca = field('CA that signed the certificate (registered with thingcore)', caSelect);
  const file = field('Certificate file', h('input', { type: 'file', accept: '.crt,.pem,.cer' }), 'PEM, e.g. device.crt.');
  const status = radios('Certificate status', 'cert-status', [['ACTIVE', 'Active'], ['INACTIVE', 'Inactive']], 'ACTIVE');
  const policyBox = h('fieldset', {}, h('legend', {}, 'Policies to attach to the certificate'));
  const mine = h('div', {}, ca.el, file.el, status.el, policyBox);
  const submit = h('button', { type: 'submit' }, 'Create thing');
  const form = h('form', { novalidate: true },
    section('Step 1: Thing properties', name.el),
    section('Step 2: Device certificate', certChoice.el, mine),
    area, progress, h('p', { class: 'actions' }, submit, linkButton('Cancel', '#/things')));
  page('Create single thing', breadcrumbs(['All devices'], ['Things', '#/things'], ['Create single thing']), form);

  const policyChecks = [];
  try {
    const [cas, policies] = await Promise.all([listAll('/cacertificates', 'certificates'), listAll('/policies', 'policies')]);
    caSelect.replaceChildren(...cas.map((c) => h('option', { value: c.certificateId }, `${shortId(c.certificateId)} (${c.status})`)));
    if (!cas.length) caSelect.append(h('option', { value: '' }, 'No CA registered: register one in Security → Certificate authorities'));
    for (const p of policies) {
      const box = checkbox(p.policyName, false);
      box.input.value = p.policyName;
      policyChecks.push(box.input);
      policyBox.append(box.el);
    }
    if (!policies.length) policyBox.append(h('p', { class: 'hint' }, 'No policies yet: create one in Security → Policies.'));
  } catch (e) {
    showError(area, e);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    progress.replaceChildren();
    const step = (text) => progress.append(h('li', {}, text));
    act(submit, area, async () => {
      const thingName = name.input.value.trim();
      if (!thingName) throw new Error('Enter a thing name');
      let certificatePem;
      let caCertificatePem;
      if (certChoice.value() === 'MINE') {
        if (!caSelect.value) throw new Error('Choose the CA that signed the certificate');
        certificatePem = await readFile(file.input);
        caCertificatePem = (await aws('GET', `/cacertificate/${enc(caSelect.value)}`)).certificateDescription.certificatePem;
      }
      await aws('POST', `/things/${enc(thingName)}`, { json: {} });
      step(`Thing ${thingName} created`);
      if (certificatePem) {
        const cert = await aws('POST', '/certificate/register', {
          json: { certificatePem, caCertificatePem, status: status.value() },
        });
        step(`Certificate ${shortId(cert.certificateId)} registered (${status.value()})`);
        await aws('PUT', `/things/${enc(thingName)}/principals`, { headers: { 'x-amzn-principal': cert.certificateArn } });
        step('Certificate attached to the thing');
        for (const input of policyChecks.filter((i) => i.checked)) {
          await aws('PUT', `/target-policies/${enc(input.value)}`, { json: { target: cert.certificateArn } });
          step(`Policy ${input.value} attached to the certificate`);
        }
      }
      toast(`Thing ${thingName} created`);
      go(`#/things/${enc(thingName)}`);
    });
  });
}

export async function detail(name) {
  const area = statusArea();
  const body = h('div', {});
  page(`Thing ${name}`, breadcrumbs(['All devices'], ['Things', '#/things'], [name]), area, body);
  let thing;
  let principals;
  try {
    [thing, principals] = await Promise.all([
      aws('GET', `/things/${enc(name)}`),
      listAllTokens(`/things/${enc(name)}/principals`, 'principals'),
    ]);
  } catch (e) {
    showError(area, e);
    return;
  }
  const connection = h('dd', {}, '…');
  const attributes = Object.entries(thing.attributes || {});
  body.replaceChildren(
    h('p', { class: 'actions' }, button('Delete thing', (event) => {
      if (!confirm(`Delete thing ${name}? Detach its certificates first, as on AWS.`)) return;
      act(event.currentTarget, area, async () => {
        await aws('DELETE', `/things/${enc(name)}`);
        toast(`Thing ${name} deleted`);
        go('#/things');
      });
    }, 'danger')),
    details([
      ['Name (client ID)', h('code', {}, thing.thingName)],
      ['ARN', h('code', {}, thing.thingArn)],
      ['Thing type', thing.thingTypeName],
      ['Version', String(thing.version)],
    ]),
    h('dl', { class: 'details' }, h('dt', {}, 'Connection'), connection),
    section('Attributes', table('Attributes', [
      { label: 'Name', cell: ([k]) => k },
      { label: 'Value', cell: ([, v]) => v },
    ], attributes, 'No attributes.')),
    section('Certificates', table('Certificates', [
      { label: 'Certificate', cell: (arn) => h('a', { href: `#/certificates/${arn.split('/').pop()}` }, shortId(arn.split('/').pop())) },
      { label: 'Action', cell: (arn) => button('Detach', (event) => act(event.currentTarget, area, async () => {
        await aws('DELETE', `/things/${enc(name)}/principals`, { headers: { 'x-amzn-principal': arn } });
        toast('Certificate detached');
        detail(name);
      }), 'secondary') },
    ], principals, 'No certificates attached.')));
  try {
    const { connections } = await gateway('GET', '/connections');
    const mine = connections.find((c) => c.clientId === name || c.thingName === name);
    if (mine) {
      connection.replaceChildren(badge('Connected'),
        ` since ${new Date(mine.connectedAt * 1000).toISOString()} from ${mine.remoteAddress || '?'}`);
    } else {
      const { lastSeen } = await gateway('GET', `/last-seen/${enc(name)}`);
      connection.replaceChildren('Not connected',
        lastSeen ? ` (last seen ${new Date(lastSeen * 1000).toISOString()})` : ' (not seen since the gateway started)');
    }
  } catch (e) {
    connection.textContent = e.status === 503 ? 'Not available (the console is not connected to the broker)' : e.message;
  }
}
