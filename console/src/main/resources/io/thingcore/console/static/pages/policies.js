// Security → Policies: ListPolicies, CreatePolicy, GetPolicy, ListPolicyVersions, CreatePolicyVersion,
// SetDefaultPolicyVersion, DeletePolicyVersion, ListTargetsForPolicy, DeletePolicy, TestAuthorization.
import { aws, gateway, enc } from '../api.js';
import { pagedList, markerPages } from './paged.js';
import { lint } from './policy-lint.js';
import {
  h, page, breadcrumbs, table, badge, date, details, section, statusArea, act, showError, field, checkbox,
  button, linkButton, go, toast,
} from '../ui.js';

export async function list() {
  const listing = pagedList({
    caption: 'Policies',
    searchLabel: 'Search policies',
    searchText: (p) => p.policyName,
    emptyText: 'No policies yet.',
    order: { label: 'Order', descendingLabel: 'Name, Z to A', ascendingLabel: 'Name, A to Z', initial: true },
    fetchPage: markerPages('/policies', 'policies'),
    columns: [
      { label: 'Name', cell: (p) => h('a', { href: `#/policies/${enc(p.policyName)}` }, p.policyName), sortValue: (p) => p.policyName },
      { label: 'ARN', cell: (p) => h('code', {}, p.policyArn), sortValue: (p) => p.policyArn },
    ],
  });
  page('Policies', breadcrumbs(['Security'], ['Policies']),
    h('p', { class: 'actions' }, linkButton('Create policy', '#/policies/create')), listing.el);
}

/**
 * A JSON editor checked as you type: JSON errors with line and column and unknown actions here (policy-lint.js), then
 * the gateway's policy parser (CreatePolicy's own).
 */
function editor(label, initial) {
  const textarea = h('textarea', { rows: 14, spellcheck: 'false', class: 'code', value: initial || '' });
  const f = field(label, textarea, 'An AWS IoT policy document (JSON). It is checked as you type.');
  const verdict = h('div', { class: 'verdict', role: 'status', 'aria-live': 'polite', id: textarea.id + '-verdict' });
  let timer;
  let sequence = 0;
  async function validate() {
    const mine = ++sequence;
    const text = textarea.value;
    if (!text.trim()) {
      verdict.replaceChildren();
      return;
    }
    const checked = lint(text);
    if (checked.error) {
      textarea.setAttribute('aria-invalid', 'true');
      const { line, column, message } = checked.error;
      verdict.replaceChildren(h('span', { class: 'error-text' }, `Not valid JSON: line ${line}, column ${column}: ${message}`));
      return;
    }
    const warnings = checked.warnings.length
      ? h('ul', { class: 'warnings' }, checked.warnings.map((w) => h('li', {}, w)))
      : null;
    try {
      const result = await gateway('POST', '/validate-policy', { raw: text });
      if (mine !== sequence) return;
      textarea.setAttribute('aria-invalid', String(!result.valid));
      verdict.replaceChildren(...[result.valid
        ? h('span', { class: 'ok' }, 'Valid policy document')
        : h('span', { class: 'error-text' }, 'MalformedPolicyException: ', result.message), warnings].filter(Boolean));
    } catch (e) {
      verdict.replaceChildren(h('span', { class: 'error-text' }, e.message));
    }
  }
  textarea.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(validate, 250);
  });
  if (initial) validate();
  return { el: h('div', {}, f.el, verdict), textarea };
}

export async function create() {
  const area = statusArea();
  const name = field('Policy name', h('input', { required: true, maxlength: 128, spellcheck: 'false', autocomplete: 'off' }),
    'Letters, digits and + = , . @ -');
  const doc = editor('Policy document');
  const submit = h('button', { type: 'submit' }, 'Create');
  const form = h('form', { novalidate: true }, name.el, doc.el, area, h('p', { class: 'actions' }, submit, linkButton('Cancel', '#/policies')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(submit, area, async () => {
      const policyName = name.input.value.trim();
      if (!policyName) throw new Error('Enter a policy name');
      await aws('POST', `/policies/${enc(policyName)}`, { json: { policyDocument: doc.textarea.value } });
      toast(`Policy ${policyName} created`);
      go(`#/policies/${enc(policyName)}`);
    });
  });
  page('Create policy', breadcrumbs(['Security'], ['Policies', '#/policies'], ['Create']), form);
}

export async function detail(name) {
  const area = statusArea();
  const body = h('div', {});
  page(`Policy ${name}`, breadcrumbs(['Security'], ['Policies', '#/policies'], [name]), area, body);
  let policy;
  let versions;
  let targets;
  try {
    [policy, versions, targets] = await Promise.all([
      aws('GET', `/policies/${enc(name)}`),
      aws('GET', `/policies/${enc(name)}/version`),
      aws('POST', `/policy-targets/${enc(name)}`, { query: { pageSize: 250 } }),
    ]);
  } catch (e) {
    showError(area, e);
    return;
  }
  const actions = h('p', { class: 'actions' }, button('Delete policy', (event) => {
    if (!confirm(`Delete policy ${name}? AWS refuses while it is attached or has non-default versions.`)) return;
    act(event.currentTarget, area, async () => {
      await aws('DELETE', `/policies/${enc(name)}`);
      toast(`Policy ${name} deleted`);
      go('#/policies');
    });
  }, 'danger'));
  const versionTable = table('Versions', [
    { label: 'Version', cell: (v) => v.versionId },
    { label: 'Default', cell: (v) => (v.isDefaultVersion ? 'Default' : '') },
    { label: 'Created', cell: (v) => date(v.createDate) },
    { label: 'Actions', cell: (v) => (v.isDefaultVersion ? '' : h('span', { class: 'inline' },
      button(`Set version ${v.versionId} as default`, (event) => act(event.currentTarget, area, async () => {
        await aws('PATCH', `/policies/${enc(name)}/version/${enc(v.versionId)}`);
        toast(`Version ${v.versionId} is the default`);
        detail(name);
      }), 'secondary'),
      button(`Delete version ${v.versionId}`, (event) => act(event.currentTarget, area, async () => {
        await aws('DELETE', `/policies/${enc(name)}/version/${enc(v.versionId)}`);
        toast(`Version ${v.versionId} deleted`);
        detail(name);
      }), 'danger'))) },
  ], versions.policyVersions || [], 'No versions.');

  const newVersion = editor('New version', pretty(policy.policyDocument));
  const asDefault = checkbox('Set as the default version', true);
  const versionArea = statusArea();
  const versionForm = h('form', { novalidate: true }, newVersion.el, asDefault.el, versionArea,
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Create version')));
  versionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(event.submitter, versionArea, async () => {
      await aws('POST', `/policies/${enc(name)}/version`, {
        query: { setAsDefault: asDefault.input.checked },
        json: { policyDocument: newVersion.textarea.value },
      });
      toast('Version created');
      detail(name);
    });
  });

  body.replaceChildren(actions,
    details([
      ['ARN', h('code', {}, policy.policyArn)],
      ['Default version', policy.defaultVersionId],
      ['Created', date(policy.creationDate)],
    ]),
    section('Active document', h('pre', { id: 'policy-document' }, pretty(policy.policyDocument))),
    section('Versions', versionTable, h('details', {}, h('summary', {}, 'Create a new version'), versionForm)),
    section('Targets', table('Targets', [{ label: 'Target', cell: (t) => h('code', {}, t) }], targets.targets || [],
      'Not attached to any certificate.')),
    section('Test authorization', testForm(name)));
}

function pretty(json) {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch (ignored) {
    return json;
  }
}

/** TestAuthorization with this policy added: the decision and the policies that made it. */
function testForm(policyName) {
  const area = statusArea();
  const clientId = field('Client ID', h('input', { spellcheck: 'false', autocomplete: 'off' }), 'For ${iot:ClientId} in the policy.');
  const action = field('Action', h('select', {},
    ['CONNECT', 'PUBLISH', 'SUBSCRIBE', 'RECEIVE'].map((a) => h('option', { value: a }, `iot:${a[0]}${a.slice(1).toLowerCase()}`))));
  const resource = field('Resource ARN', h('input', { spellcheck: 'false', autocomplete: 'off' }),
    'e.g. arn:aws:iot:<region>:<account>:topic/light/state or …:client/DIC_2');
  const submit = h('button', { type: 'submit' }, 'Test');
  const form = h('form', { novalidate: true }, clientId.el, action.el, resource.el, h('p', { class: 'actions' }, submit), area);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(submit, area, async () => {
      const result = await aws('POST', '/test-authorization', {
        query: { clientId: clientId.input.value.trim() || undefined },
        json: {
          authInfos: [{ actionType: action.input.value, resources: [resource.input.value.trim()] }],
          policyNamesToAdd: [policyName],
        },
      });
      const r = result.authResults[0];
      const names = (list) => (list?.policies || []).map((p) => p.policyName).join(', ') || 'none';
      area.replaceChildren(h('div', { class: r.authDecision === 'ALLOWED' ? 'ok' : 'error' },
        h('p', {}, h('strong', {}, r.authDecision)),
        details([
          ['Allowed by', names(r.allowed)],
          ['Explicitly denied by', names(r.denied?.explicitDeny)],
          ['Implicitly denied by', names(r.denied?.implicitDeny)],
          ['Missing context values', (r.missingContextValues || []).join(', ') || 'none'],
        ])));
    });
  });
  return form;
}

