// Manage → Jobs: ListJobs, CreateJob (document inline or from a documentSource), DescribeJob, GetJobDocument,
// ListJobExecutionsForJob with each execution's statusDetails (DescribeJobExecution), CancelJob (with force).
import { aws, gateway, enc } from '../api.js';
import { pagedList, tokenPages } from './paged.js';
import {
  h, page, breadcrumbs, details, section, statusArea, act, showError, field, radios, checkbox, readFile, button,
  linkButton, go, toast, badge, date,
} from '../ui.js';

const STATUSES = ['IN_PROGRESS', 'CANCELED', 'COMPLETED', 'DELETION_IN_PROGRESS', 'SCHEDULED'];

export async function list() {
  const status = field('Job status', h('select', {}, h('option', { value: '' }, 'Any status'),
    STATUSES.map((s) => h('option', { value: s }, s))));
  const listing = pagedList({
    caption: 'Jobs',
    searchLabel: 'Search jobs',
    searchText: (j) => `${j.jobId} ${j.status} ${j.targetSelection}`,
    emptyText: 'No jobs yet.',
    fetchPage: tokenPages('/jobs', 'jobs'),
    // ListJobs filters by status itself: the filter applies to the whole list, not the page
    filters: [{ el: status.el, input: status.input, query: () => ({ status: status.input.value || undefined }) }],
    columns: [
      { label: 'Job ID', cell: (j) => h('a', { href: `#/jobs/${enc(j.jobId)}` }, j.jobId), sortValue: (j) => j.jobId },
      { label: 'Status', cell: (j) => badge(j.status), sortValue: (j) => j.status },
      { label: 'Type', cell: (j) => j.targetSelection, sortValue: (j) => j.targetSelection },
      { label: 'Created', cell: (j) => date(j.createdAt), sortValue: (j) => j.createdAt },
      { label: 'Last updated', cell: (j) => date(j.lastUpdatedAt), sortValue: (j) => j.lastUpdatedAt || 0 },
    ],
  });
  page('Jobs', breadcrumbs(['Manage'], ['Jobs']), h('p', { class: 'actions' }, linkButton('Create job', '#/jobs/create')), listing.el);
}

export async function create() {
  const area = statusArea();
  const jobId = field('Job ID', h('input', { required: true, maxlength: 64, spellcheck: 'false', autocomplete: 'off' }),
    'Letters, digits, - and _ (up to 64).');
  const description = field('Description (optional)', h('input', { maxlength: 2028, autocomplete: 'off' }));
  const targets = field('Things to run the job on', h('textarea', { rows: 3, spellcheck: 'false', class: 'code' }),
    'Thing names or thing ARNs, one per line or separated by commas.');
  const selection = radios('Job type', 'target-selection', [
    ['SNAPSHOT', 'Snapshot job', 'Runs once on the things above.'],
    ['CONTINUOUS', 'Continuous job', 'Also runs on things added to the targets later.'],
  ], 'SNAPSHOT');
  const documentChoice = radios('Job document', 'document-choice', [
    ['INLINE', 'Enter the document', 'JSON, as the device will receive it.'],
    ['FILE', 'Upload a file', 'A JSON file from this computer, sent as the inline document.'],
    ['SOURCE', 'From a stored file', 'A documentSource URL, e.g. https://<bucket>.s3.amazonaws.com/job.json, resolved by the gateway\'s file store.'],
  ], 'INLINE', () => showDocument());
  const inline = field('Job document (JSON)', h('textarea', { rows: 8, spellcheck: 'false', class: 'code', value: '{\n  "operation": "reboot"\n}' }));
  const upload = field('Job document file', h('input', { type: 'file', accept: '.json,application/json' }));
  const source = field('Document source URL', h('input', { spellcheck: 'false', autocomplete: 'off' }));
  const documentFields = [inline.el, upload.el, source.el];
  function showDocument() {
    const choice = documentChoice.value();
    inline.el.hidden = choice !== 'INLINE';
    upload.el.hidden = choice !== 'FILE';
    source.el.hidden = choice !== 'SOURCE';
  }
  const submit = h('button', { type: 'submit' }, 'Create job');
  const form = h('form', { novalidate: true }, jobId.el, description.el, targets.el, selection.el, documentChoice.el,
    documentFields, area, h('p', { class: 'actions' }, submit, linkButton('Cancel', '#/jobs')));
  page('Create job', breadcrumbs(['Manage'], ['Jobs', '#/jobs'], ['Create job']), form);
  showDocument();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(submit, area, async () => {
      const id = jobId.input.value.trim();
      if (!id) throw new Error('Enter a job ID');
      const settings = await gateway('GET', '/settings');
      const arns = targets.input.value.split(/[\s,]+/).filter(Boolean)
        .map((t) => (t.startsWith('arn:') ? t : `arn:aws:iot:${settings.region}:${settings.accountId}:thing/${t}`));
      if (!arns.length) throw new Error('Name at least one thing to run the job on');
      const body = { targets: arns, targetSelection: selection.value() };
      if (description.input.value.trim()) body.description = description.input.value.trim();
      const choice = documentChoice.value();
      if (choice === 'SOURCE') {
        body.documentSource = source.input.value.trim();
        if (!body.documentSource) throw new Error('Enter the document source URL');
      } else {
        body.document = choice === 'FILE' ? await readFile(upload.input) : inline.input.value;
        try {
          JSON.parse(body.document);
        } catch (e) {
          throw new Error(`The job document is not valid JSON: ${e.message}`);
        }
      }
      await aws('PUT', `/jobs/${enc(id)}`, { json: body });
      toast(`Job ${id} created`);
      go(`#/jobs/${enc(id)}`);
    });
  });
}

export async function detail(id) {
  const area = statusArea();
  const body = h('div', {});
  page(`Job ${id}`, breadcrumbs(['Manage'], ['Jobs', '#/jobs'], [id]), area, body);
  let job;
  let documentText;
  try {
    const [described, document] = await Promise.all([
      aws('GET', `/jobs/${enc(id)}`),
      aws('GET', `/jobs/${enc(id)}/job-document`),
    ]);
    job = described.job;
    documentText = document.document;
  } catch (e) {
    showError(area, e);
    return;
  }
  const counts = job.jobProcessDetails || {};
  const total = ['Canceled', 'Succeeded', 'Failed', 'Rejected', 'Queued', 'InProgress', 'Removed', 'TimedOut']
    .reduce((sum, k) => sum + (counts[`numberOf${k}Things`] || 0), 0);
  const finished = ['Canceled', 'Succeeded', 'Failed', 'Rejected', 'Removed', 'TimedOut']
    .reduce((sum, k) => sum + (counts[`numberOf${k}Things`] || 0), 0);

  const executions = pagedList({
    caption: 'Job executions',
    searchLabel: 'Search executions',
    searchText: (e) => `${thingOf(e.thingArn)} ${e.jobExecutionSummary?.status}`,
    emptyText: 'No executions yet.',
    fetchPage: tokenPages(`/jobs/${enc(id)}/things`, 'executionSummaries'),
    // statusDetails is not in the summary: DescribeJobExecution for the executions of the page shown
    enrich: (rows) => Promise.all(rows.map(async (e) => {
      try {
        const d = await aws('GET', `/things/${enc(thingOf(e.thingArn))}/jobs/${enc(id)}`);
        e.statusDetails = d.execution?.statusDetails?.detailsMap || {};
      } catch (error) {
        e.statusDetails = { error: error.message };
      }
    })),
    columns: [
      { label: 'Thing', cell: (e) => h('a', { href: `#/things/${enc(thingOf(e.thingArn))}` }, thingOf(e.thingArn)), sortValue: (e) => thingOf(e.thingArn) },
      { label: 'Status', cell: (e) => badge(e.jobExecutionSummary?.status), sortValue: (e) => e.jobExecutionSummary?.status },
      { label: 'Progress (status details)', cell: (e) => progressOf(e.statusDetails) },
      { label: 'Last updated', cell: (e) => date(e.jobExecutionSummary?.lastUpdatedAt), sortValue: (e) => e.jobExecutionSummary?.lastUpdatedAt || 0 },
    ],
  });

  body.replaceChildren(...[
    job.status === 'IN_PROGRESS' || job.status === 'SCHEDULED' ? cancelForm(id, area) : null,
    details([
      ['Status', badge(job.status)],
      ['ARN', h('code', {}, job.jobArn)],
      ['Type', job.targetSelection],
      ['Description', job.description],
      ['Targets', (job.targets || []).map((t) => h('div', {}, h('code', {}, t)))],
      ['Document source', job.documentSource ? h('code', {}, job.documentSource) : 'inline'],
      ['Created', date(job.createdAt)],
      ['Completed', date(job.completedAt)],
      ['Reason', job.reasonCode ? `${job.reasonCode}${job.comment ? ': ' + job.comment : ''}` : undefined],
    ]),
    section('Progress', total
      ? h('p', {}, h('progress', { max: String(total), value: String(finished), 'aria-label': 'Executions finished' }),
        ` ${finished} of ${total} executions finished: `,
        `${counts.numberOfSucceededThings || 0} succeeded, ${counts.numberOfFailedThings || 0} failed, `,
        `${counts.numberOfInProgressThings || 0} in progress, ${counts.numberOfQueuedThings || 0} queued`)
      : h('p', { class: 'empty' }, 'No executions yet.')),
    section('Executions', executions.el),
    section('Job document', h('pre', { id: 'job-document' }, pretty(documentText)))].filter(Boolean));
}

function cancelForm(id, area) {
  const force = checkbox('Force: also cancel executions that are IN_PROGRESS', false,
    'Without force only QUEUED executions are canceled, as on AWS; a device that is running the job may be left in an inconsistent state.');
  const reason = field('Reason code (optional)', h('input', { maxlength: 128, autocomplete: 'off' }));
  const cancel = button('Cancel job', (event) => {
    if (!confirm(`Cancel job ${id}?${force.input.checked ? ' Executions in progress are canceled too.' : ''}`)) return;
    act(event.currentTarget, area, async () => {
      const body = {};
      if (reason.input.value.trim()) body.reasonCode = reason.input.value.trim();
      await aws('PUT', `/jobs/${enc(id)}/cancel`, { query: { force: force.input.checked || undefined }, json: body });
      toast(`Job ${id} canceled`);
      detail(id);
    });
  }, 'danger');
  return h('details', { class: 'cancel' }, h('summary', {}, 'Cancel this job'), reason.el, force.el, h('p', { class: 'actions' }, cancel));
}

function thingOf(arn) {
  return (arn || '').split(':thing/').pop();
}

/** statusDetails as the device reported it; a "progress" or percentage value also as a bar. */
function progressOf(statusDetails) {
  if (!statusDetails) return '…';
  const entries = Object.entries(statusDetails);
  if (!entries.length) return '—';
  const percent = entries.map(([, v]) => /^(\d{1,3})\s*%$/.exec(String(v))).find(Boolean)
    || (statusDetails.progress !== undefined && /^\d{1,3}$/.test(statusDetails.progress) ? [null, statusDetails.progress] : null);
  return h('span', {},
    percent ? h('progress', { max: '100', value: percent[1], 'aria-label': `${percent[1]} percent` }) : null,
    entries.map(([k, v]) => h('div', {}, h('code', {}, k), ': ', String(v))));
}

function pretty(json) {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch (ignored) {
    return json ?? '';
  }
}

