// How soon a certificate expires, as a badge: expired, expiring within 30 days, or valid.
import { h } from '../ui.js';

export const WARNING_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export function expiryBadge(notAfterSeconds, now = Date.now()) {
  if (notAfterSeconds === undefined || notAfterSeconds === null) return h('span', { class: 'badge neutral' }, 'unknown');
  const left = Number(notAfterSeconds) * 1000 - now;
  if (left <= 0) return h('span', { class: 'badge bad' }, 'Expired');
  const days = Math.floor(left / DAY_MS);
  if (days < WARNING_DAYS) return h('span', { class: 'badge warn' }, days === 0 ? 'Expires today' : `Expires in ${days} d`);
  return h('span', { class: 'badge good' }, 'Valid');
}

/** The CN of an RFC 2253 subject ("CN=DIC_2,O=Example"), or the whole subject when it has none. */
export function commonName(subject) {
  const match = /(?:^|,)CN=((?:\\.|[^,])*)/.exec(subject || '');
  return match ? match[1].replace(/\\(.)/g, '$1') : subject || '—';
}
