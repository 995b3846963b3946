// Subject and issuer of a certificate PEM, read by the gateway (the AWS operations return only the PEM).
import { gateway } from '../api.js';
import { h } from '../ui.js';

// A placeholder element that fills itself in when the gateway answers, so the page does not wait for it.
export function subjectOf(pem, which) {
  const cell = h('code', {}, '…');
  if (!pem) {
    cell.textContent = '—';
    return cell;
  }
  gateway('POST', '/certificate-fields', { raw: pem })
    .then((fields) => { cell.textContent = fields[which]; })
    .catch((e) => { cell.textContent = `(unreadable: ${e.message})`; });
  return cell;
}
