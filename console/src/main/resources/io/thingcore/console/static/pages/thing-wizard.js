// All devices → Things → Create single thing, as AWS's console wizard: the thing, then a device certificate
// (auto-generated with CreateKeysAndCertificate, signed from a CSR with CreateCertificateFromCsr, or the user's own
// registered with RegisterCertificate under the CA that issued it), then policies. A step that fails undoes the
// steps before it, so no half-created thing is left behind.
import { aws, gateway, enc, listAll } from '../api.js';
import {
  h, page, breadcrumbs, section, statusArea, act, field, radios, checkbox, readFile, button, linkButton, toast,
  shortId, download,
} from '../ui.js';

const POLICY_PAGE = 250;

export async function create() {
  const area = statusArea();
  const progress = h('ol', { class: 'progress', 'aria-live': 'polite' });
  const name = field('Thing name', h('input', { required: true, maxlength: 128, spellcheck: 'false', autocomplete: 'off' }),
    'The device connects with this name as its MQTT client ID.');
  const certChoice = radios('Device certificate', 'cert-choice', [
    ['AUTO', 'Auto-generate a new certificate (recommended)', 'thingcore makes the key pair and signs the certificate; download the private key at the end: it is shown only once.'],
    ['CSR', 'Upload CSR', 'Your device keeps its private key; thingcore signs its certificate signing request.'],
    ['MINE', 'Use my certificate', 'Register a certificate your CA signed (e.g. device.crt).'],
    ['SKIP', 'Skip creating a certificate at this time'],
  ], 'AUTO', () => showChoice());
  const caSelect = h('select', {});
  const ca = field('CA that signed the certificate (registered with thingcore)', caSelect,
    'Picked from the certificate\'s issuer once you choose the file.');
  const caHint = h('p', { class: 'hint', 'aria-live': 'polite', id: 'ca-picked' });
  const file = field('Certificate file', h('input', { type: 'file', accept: '.crt,.pem,.cer' }), 'PEM, e.g. device.crt.');
  const csrFile = field('CSR file', h('input', { type: 'file', accept: '.csr,.pem' }), 'PEM certificate signing request, e.g. device.csr.');
  const status = radios('Certificate status', 'cert-status', [['ACTIVE', 'Active'], ['INACTIVE', 'Inactive']], 'ACTIVE');
  const policyBox = h('fieldset', {}, h('legend', {}, 'Policies to attach to the certificate'));
  const mine = h('div', {}, file.el, ca.el, caHint);
  const csr = h('div', { hidden: true }, csrFile.el);
  const certOptions = h('div', {}, mine, csr, status.el, policyBox);
  const submit = h('button', { type: 'submit' }, 'Create thing');
  const form = h('form', { novalidate: true },
    section('Step 1: Thing properties', name.el),
    section('Step 2: Device certificate', certChoice.el, certOptions),
    area, progress, h('p', { class: 'actions' }, submit, linkButton('Cancel', '#/things')));
  page('Create single thing', breadcrumbs(['All devices'], ['Things', '#/things'], ['Create single thing']), form);
  showChoice();

  function showChoice() {
    const choice = certChoice.value();
    mine.hidden = choice !== 'MINE';
    csr.hidden = choice !== 'CSR';
    certOptions.hidden = choice === 'SKIP';
  }

  const policyChecks = [];
  let cas = [];
  let markLoaded;
  const loaded = new Promise((resolve) => { markLoaded = resolve; });

  // the handlers are registered before the CAs and policies load, so that nothing done meanwhile is missed
  file.input.addEventListener('change', async () => {
    caHint.textContent = '';
    try {
      const fields = await gateway('POST', '/certificate-fields', { raw: await readFile(file.input) });
      await loaded; // a file chosen while the CAs are still loading is matched once they are there
      const issuer = cas.find((c) => c.subject === fields.issuer);
      if (issuer) {
        caSelect.value = issuer.id;
        caHint.textContent = `Picked from the certificate's issuer: ${fields.issuer}`;
      } else {
        caHint.textContent = `No registered CA has the certificate's issuer (${fields.issuer}): register that CA first.`;
      }
    } catch (e) {
      caHint.textContent = `Cannot read the certificate: ${e.message}`;
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    progress.replaceChildren();
    act(submit, area, async () => {
      await loaded;
      const thingName = name.input.value.trim();
      if (!thingName) throw new Error('Enter a thing name');
      const choice = certChoice.value();
      // everything the steps need is read before the first one runs
      const inputs = { thingName, choice, active: status.value() === 'ACTIVE', policies: policyChecks.filter((i) => i.checked).map((i) => i.value) };
      if (choice === 'MINE') {
        inputs.certificatePem = await readFile(file.input);
        const issuer = cas.find((c) => c.id === caSelect.value);
        if (!issuer) throw new Error('Choose the CA that signed the certificate');
        inputs.caCertificatePem = issuer.pem;
      } else if (choice === 'CSR') {
        inputs.csr = await readFile(csrFile.input);
      }
      const created = await runSteps(inputs, (text) => progress.append(h('li', {}, text)));
      toast(`Thing ${thingName} created`);
      done(thingName, created);
    });
  });

  try {
    const [caList, policies] = await Promise.all([
      listAll('/cacertificates', 'certificates'),
      aws('GET', '/policies', { query: { pageSize: POLICY_PAGE, ascendingOrder: true } }),
    ]);
    // the subject of each CA, to pick the one that issued the chosen certificate
    cas = await Promise.all(caList.map(async (c) => {
      const d = (await aws('GET', `/cacertificate/${enc(c.certificateId)}`)).certificateDescription;
      const fields = await gateway('POST', '/certificate-fields', { raw: d.certificatePem });
      return { id: c.certificateId, status: c.status, subject: fields.subject, pem: d.certificatePem };
    }));
    caSelect.replaceChildren(...cas.map((c) => h('option', { value: c.id }, `${c.subject} (${shortId(c.id)}, ${c.status})`)));
    if (!cas.length) caSelect.append(h('option', { value: '' }, 'No CA registered: register one in Security → Certificate authorities'));
    for (const p of policies.policies || []) {
      const box = checkbox(p.policyName, false);
      box.input.value = p.policyName;
      policyChecks.push(box.input);
      policyBox.append(box.el);
    }
    if (!(policies.policies || []).length) policyBox.append(h('p', { class: 'hint' }, 'No policies yet: create one in Security → Policies.'));
    if (policies.nextMarker) policyBox.append(h('p', { class: 'hint' }, `The first ${POLICY_PAGE} policies by name; attach others from the certificate's page.`));
  } catch (e) {
    area.replaceChildren(h('div', { class: 'error', role: 'alert' }, e.message));
  } finally {
    markLoaded();
  }
}

/** Runs the wizard's steps; on a failure undoes the finished ones in reverse order and throws what happened. */
async function runSteps(inputs, report) {
  const undo = [];
  const { thingName } = inputs;
  let created = null;
  try {
    await aws('POST', `/things/${enc(thingName)}`, { json: {} });
    undo.push(['delete the thing', () => aws('DELETE', `/things/${enc(thingName)}`)]);
    report(`Thing ${thingName} created`);
    if (inputs.choice === 'SKIP') return null;

    const setAsActive = { setAsActive: inputs.active };
    if (inputs.choice === 'AUTO') {
      created = await aws('POST', '/keys-and-certificate', { query: setAsActive, json: {} });
    } else if (inputs.choice === 'CSR') {
      created = await aws('POST', '/certificates', { query: setAsActive, json: { certificateSigningRequest: inputs.csr } });
    } else {
      created = await aws('POST', '/certificate/register', {
        json: { certificatePem: inputs.certificatePem, caCertificatePem: inputs.caCertificatePem, status: inputs.active ? 'ACTIVE' : 'INACTIVE' },
      });
    }
    const { certificateId, certificateArn } = created;
    // AWS deletes only a certificate that is not ACTIVE
    undo.push(['delete the certificate', async () => {
      await aws('PUT', `/certificates/${enc(certificateId)}`, { query: { newStatus: 'INACTIVE' } });
      await aws('DELETE', `/certificates/${enc(certificateId)}`);
    }]);
    report(`Certificate ${shortId(certificateId)} ${inputs.choice === 'MINE' ? 'registered' : 'created'} (${inputs.active ? 'ACTIVE' : 'INACTIVE'})`);

    await aws('PUT', `/things/${enc(thingName)}/principals`, { headers: { 'x-amzn-principal': certificateArn } });
    undo.push(['detach the certificate from the thing',
      () => aws('DELETE', `/things/${enc(thingName)}/principals`, { headers: { 'x-amzn-principal': certificateArn } })]);
    report('Certificate attached to the thing');

    for (const policyName of inputs.policies) {
      await aws('PUT', `/target-policies/${enc(policyName)}`, { json: { target: certificateArn } });
      undo.push([`detach policy ${policyName}`,
        () => aws('POST', `/target-policies/${enc(policyName)}`, { json: { target: certificateArn } })]);
      report(`Policy ${policyName} attached to the certificate`);
    }
    return created;
  } catch (failure) {
    const left = [];
    for (const [what, action] of undo.reverse()) {
      try {
        await action();
      } catch (e) {
        left.push(`could not ${what}: ${e.message}`);
      }
    }
    report(left.length ? `Undo incomplete: ${left.join('; ')}` : 'Undone: nothing was left behind');
    throw new Error(`${failure.message} (${left.length ? 'some steps could not be undone, see below' : `thing ${thingName} was not created`})`);
  }
}

function done(thingName, created) {
  const thingLink = h('a', { href: `#/things/${enc(thingName)}` }, `Go to thing ${thingName}`);
  if (!created || !created.keyPair) {
    location.hash = `#/things/${enc(thingName)}`;
    return;
  }
  const prefix = created.certificateId.slice(0, 10);
  page('Download certificate and keys', breadcrumbs(['All devices'], ['Things', '#/things'], [thingName]),
    h('div', { class: 'error', role: 'alert' },
      'Download the private key now: it is not stored by thingcore and cannot be retrieved later, as on AWS.'),
    h('p', { class: 'actions' },
      button('Download device certificate', () => download(`${prefix}-certificate.pem.crt`, created.certificatePem), 'secondary'),
      button('Download private key', () => download(`${prefix}-private.pem.key`, created.keyPair.PrivateKey), 'secondary'),
      button('Download public key', () => download(`${prefix}-public.pem.key`, created.keyPair.PublicKey), 'secondary')),
    h('p', {}, thingLink));
}
