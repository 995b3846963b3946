// The app shell: session check, hash router, navigation (mirrors the AWS IoT console's).
import { loadSession, signOut } from './api.js';
import { page, errorBox, toast } from './ui.js';
import * as cas from './pages/cas.js';
import * as certificates from './pages/certificates.js';
import * as policies from './pages/policies.js';
import * as things from './pages/things.js';
import * as live from './pages/live.js';
import * as refused from './pages/refused.js';
import * as settings from './pages/settings.js';
import * as dashboard from './pages/dashboard.js';
import * as jobs from './pages/jobs.js';
import * as thingWizard from './pages/thing-wizard.js';

const routes = [
  [/^#\/dashboard$/, () => dashboard.show()],
  [/^#\/jobs$/, () => jobs.list()],
  [/^#\/jobs\/create$/, () => jobs.create()],
  [/^#\/jobs\/([^/]+)$/, (id) => jobs.detail(id)],
  [/^#\/cas$/, () => cas.list()],
  [/^#\/cas\/register$/, () => cas.register()],
  [/^#\/cas\/([^/]+)$/, (id) => cas.detail(id)],
  [/^#\/certificates$/, () => certificates.list()],
  [/^#\/certificates\/([^/]+)$/, (id) => certificates.detail(id)],
  [/^#\/policies$/, () => policies.list()],
  [/^#\/policies\/create$/, () => policies.create()],
  [/^#\/policies\/([^/]+)$/, (name) => policies.detail(name)],
  [/^#\/things$/, () => things.list()],
  [/^#\/things\/create$/, () => thingWizard.create()],
  [/^#\/things\/([^/]+)$/, (name) => things.detail(name)],
  [/^#\/connections$/, () => live.connections()],
  [/^#\/mqtt$/, () => live.mqtt()],
  [/^#\/refused$/, () => refused.list()],
  [/^#\/settings$/, () => settings.show()],
];

let leave = null;

async function render() {
  const hash = location.hash || '#/dashboard';
  if (!hash.startsWith('#/')) return; // the skip link
  if (leave) {
    leave();
    leave = null;
  }
  for (const link of document.querySelectorAll('#nav a')) {
    const section = link.getAttribute('href');
    if (hash === section || hash.startsWith(section + '/')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  closeMenu();
  for (const [pattern, handler] of routes) {
    const match = hash.match(pattern);
    if (match) {
      try {
        leave = (await handler(...match.slice(1).map(decodeURIComponent))) || null;
      } catch (e) {
        page('Something went wrong', errorBox(e));
      }
      return;
    }
  }
  page('Not found', errorBox(new Error(`The console has no page ${hash}`)));
}

const menu = document.getElementById('menu-toggle');
function closeMenu() {
  menu.setAttribute('aria-expanded', 'false');
  document.body.classList.remove('menu-open');
}
menu.addEventListener('click', () => {
  const open = menu.getAttribute('aria-expanded') !== 'true';
  menu.setAttribute('aria-expanded', String(open));
  document.body.classList.toggle('menu-open', open);
  if (open) document.querySelector('#nav a')?.focus();
});
document.getElementById('skip').addEventListener('click', (event) => {
  event.preventDefault();
  document.querySelector('#main h1')?.focus();
});
document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
  } catch (e) {
    toast(e.message);
    return;
  }
  location.assign('/console/sign-in');
});

const session = await loadSession();
if (!session) {
  location.assign('/console/sign-in');
} else {
  document.getElementById('who').textContent = session.accessKeyId;
  window.addEventListener('hashchange', render);
  render();
}
