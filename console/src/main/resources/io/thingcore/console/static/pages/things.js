// All devices → Things: ListThings, DescribeThing, DeleteThing, ListThingPrincipals, DetachThingPrincipal, and the
// thing's jobs and OTA updates (ListJobExecutionsForThing, GetOTAUpdate); the wizard is in thing-wizard.js.
import { aws, gateway, enc, listAllTokens } from '../api.js';
import { pagedList, tokenPages } from './paged.js';
import {
  h, page, breadcrumbs, table, details, section, statusArea, act, showError, button, linkButton, go, toast, shortId,
  badge, date,
} from '../ui.js';

export async function list() {
  const listing = pagedList({
    caption: 'Things',
    searchLabel: 'Search things',
    searchText: (t) => `${t.thingName} ${t.thingTypeName || ''}`,
    emptyText: 'No things yet.',
    fetchPage: tokenPages('/things', 'things'),
    columns: [
      { label: 'Name', cell: (t) => h('a', { href: `#/things/${enc(t.thingName)}` }, t.thingName), sortValue: (t) => t.thingName },
      { label: 'Thing type', cell: (t) => t.thingTypeName || '—', sortValue: (t) => t.thingTypeName || '' },
      { label: 'Version', cell: (t) => String(t.version ?? ''), sortValue: (t) => Number(t.version ?? 0) },
    ],
  });
  page('Things', breadcrumbs(['All devices'], ['Things']),
    h('p', { class: 'actions' }, linkButton('Create single thing', '#/things/create')), listing.el);
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
  const jobsBox = h('div', {}, '…');
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
    ], principals, 'No certificates attached.')),
    section('Jobs and OTA updates', jobsBox));
  loadJobs(name, jobsBox);
  try {
    const { connections } = await gateway('GET', '/connections');
    const mine = connections.find((c) => c.clientId === name || c.thingName === name);
    if (mine) {
      connection.replaceChildren(badge('Connected'),
        ` since ${new Date(mine.connectedAt * 1000).toISOString()} from ${mine.remoteAddress || '?'}`);
    } else {
      const { lastSeen } = await gateway('GET', `/last-seen/${enc(name)}`);
      connection.replaceChildren('Not connected',
        lastSeen ? ` (last seen ${new Date(lastSeen * 1000).toISOString()})` : ' (not seen in the last 7 days, or not since the gateway started)');
    }
  } catch (e) {
    connection.textContent = e.status === 503 ? 'Not available (the console is not connected to the broker)' : e.message;
  }
}

// The thing's job executions, one page of 25; those of OTA updates (job AFR_OTA-<otaUpdateId>, the name AWS
// gives an update's job) link to the update and show its status.
const OTA_JOB_PREFIX = 'AFR_OTA-';

async function loadJobs(name, box) {
  try {
    const result = await aws('GET', `/things/${enc(name)}/jobs`, { query: { maxResults: 25 } });
    const executions = result.executionSummaries || [];
    const ota = new Map();
    await Promise.all(executions.filter((e) => e.jobId.startsWith(OTA_JOB_PREFIX)).map(async (e) => {
      const id = e.jobId.slice(OTA_JOB_PREFIX.length);
      try {
        ota.set(e.jobId, (await aws('GET', `/otaUpdates/${enc(id)}`)).otaUpdateInfo);
      } catch (ignored) {
        ota.set(e.jobId, null); // the update was deleted; its job remains
      }
    }));
    box.replaceChildren(...[table('Job executions', [
      { label: 'Job', cell: (e) => h('a', { href: `#/jobs/${enc(e.jobId)}` }, e.jobId) },
      { label: 'OTA update', cell: (e) => (ota.has(e.jobId)
        ? (ota.get(e.jobId) ? h('span', {}, h('code', {}, ota.get(e.jobId).otaUpdateId), ' ', badge(ota.get(e.jobId).otaUpdateStatus)) : 'deleted')
        : '—') },
      { label: 'Status', cell: (e) => badge(e.jobExecutionSummary?.status) },
      { label: 'Last updated', cell: (e) => date(e.jobExecutionSummary?.lastUpdatedAt) },
    ], executions, 'No jobs or OTA updates for this thing.'),
    result.nextToken ? h('p', { class: 'hint' }, 'The first 25; see Jobs for the rest.') : null].filter(Boolean));
  } catch (e) {
    showError(box, e);
  }
}
