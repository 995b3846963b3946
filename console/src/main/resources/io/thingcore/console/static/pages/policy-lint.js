// The policy editor's own checks, before the gateway's parser: JSON errors in plain words with line and column, and
// actions AWS IoT does not define ("iot:Publsh" → did you mean iot:Publish?). The gateway's parser (CreatePolicy's)
// stays the authority on what is accepted; these checks only explain.
import { IOT_ACTIONS } from './iot-actions.js';

const KNOWN = new Map(IOT_ACTIONS.map((a) => [a.toLowerCase(), a]));

/** { error: { line, column, message } } for malformed JSON, else { warnings: [message] }. */
export function lint(text) {
  let document;
  try {
    document = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonError)) throw e;
    const { line, column } = lineAndColumn(text, e.position);
    return { error: { line, column, message: e.message } };
  }
  return { warnings: actionWarnings(document) };
}

function actionWarnings(document) {
  const warnings = [];
  const statements = document && typeof document === 'object' ? document.Statement : undefined;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    if (!statement || typeof statement !== 'object') continue;
    for (const member of ['Action', 'NotAction']) {
      const value = statement[member];
      for (const action of Array.isArray(value) ? value : [value]) {
        if (typeof action !== 'string') continue;
        const warning = checkAction(action);
        if (warning && !warnings.includes(warning)) warnings.push(warning);
      }
    }
  }
  return warnings;
}

/** A warning for one action, or null when AWS IoT defines it (IAM action names ignore case). */
export function checkAction(action) {
  if (action === '*') return null;
  const colon = action.indexOf(':');
  const service = colon < 0 ? '' : action.slice(0, colon).toLowerCase();
  const name = colon < 0 ? action : action.slice(colon + 1);
  if (service !== 'iot') {
    return `${action}: not an AWS IoT action (AWS IoT policies name actions as iot:Action, e.g. iot:Publish)`;
  }
  if (/[*?]/.test(name)) {
    const pattern = new RegExp('^' + name.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
    return IOT_ACTIONS.some((a) => pattern.test(a.toLowerCase())) ? null : `${action}: matches no AWS IoT action`;
  }
  if (KNOWN.has(name.toLowerCase())) return null;
  const suggestion = nearest(name);
  return suggestion ? `${action}: unknown action; did you mean iot:${suggestion}?` : `${action}: unknown action`;
}

function nearest(name) {
  const lower = name.toLowerCase();
  let best = null;
  let bestDistance = Infinity;
  for (const candidate of IOT_ACTIONS) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** Levenshtein distance. */
function distance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function lineAndColumn(text, position) {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

class JsonError extends Error {
  constructor(message, position) {
    super(message);
    this.position = position;
  }
}

/** A JSON parser (RFC 8259) whose errors say where and what in plain words; JSON.parse's wording varies by browser. */
function parseJson(text) {
  let i = 0;
  const fail = (message, at = i) => { throw new JsonError(message, at); };
  const space = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const describe = () => (i >= text.length ? 'the document ends' : `found ${JSON.stringify(text[i])}`);

  function value() {
    space();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    if (c === "'") fail('strings must be in double quotes ("), not single quotes');
    return fail(`expected a value (a string in double quotes, a number, an object, an array, true, false or null) but ${describe()}`);
  }

  function object() {
    const result = {};
    i++;
    space();
    if (text[i] === '}') {
      i++;
      return result;
    }
    for (;;) {
      space();
      if (text[i] === '}') fail('there is a comma after the last member; remove it');
      if (text[i] !== '"') fail(`expected a member name in double quotes but ${describe()}`);
      const name = string();
      space();
      if (text[i] !== ':') fail(`expected a colon after the member name "${name}" but ${describe()}`);
      i++;
      result[name] = value();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return result;
      }
      fail(`expected a comma or a closing } after the value of "${name}" but ${describe()}`);
    }
  }

  function array() {
    const result = [];
    i++;
    space();
    if (text[i] === ']') {
      i++;
      return result;
    }
    for (;;) {
      space();
      if (text[i] === ']') fail('there is a comma after the last element; remove it');
      result.push(value());
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return result;
      }
      fail(`expected a comma or a closing ] after an array element but ${describe()}`);
    }
  }

  function string() {
    const start = i;
    i++;
    let result = '';
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return result;
      }
      if (c === '\n') fail('a string is not closed before the end of the line', start);
      if (c === '\\') {
        const escape = text[i + 1];
        const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[escape];
        if (simple !== undefined) {
          result += simple;
          i += 2;
          continue;
        }
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          result += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        fail(`the escape \\${escape ?? ''} is not allowed in JSON`);
      }
      result += c;
      i++;
    }
    return fail('a string is not closed before the end of the document', start);
  }

  function number() {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail('a number is malformed');
    i += match[0].length;
    return Number(match[0]);
  }

  const result = value();
  space();
  if (i < text.length) fail(`the document should end after its value but ${describe()}`);
  return result;
}
