/* global document, sessionStorage, fetch */
// The tab's bearer token: asked for once (by an admin action, or by the live data when the service
// wants a read token) and kept in sessionStorage, so it dies with the tab.

const TOKEN_KEY = 'cloud-trader.admin-token';

const dialog = document.getElementById('token-dialog');
const heading = document.getElementById('token-h');
const input = document.getElementById('token-input');
const forget = document.getElementById('forget-token');
const result = document.getElementById('action-result');

function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function showForget() {
  forget.hidden = storedToken() === null;
}

forget.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showForget();
  report('Token forgotten for this tab.', false);
});
showForget();

/** The Authorization header of the tab's token, or none. */
export function authHeaders() {
  const token = storedToken();
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

/** Asks for a token under `title`, keeps it for the tab; null when cancelled. */
export async function askAndKeepToken(title) {
  const token = await askToken(title);
  if (token !== null) sessionStorage.setItem(TOKEN_KEY, token);
  showForget();
  return token;
}

/** A refused token is forgotten, so the next use asks again. */
export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
  showForget();
}

function askToken(title = 'Admin token') {
  heading.textContent = title;
  input.value = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => resolve(dialog.returnValue === 'ok' && input.value ? input.value : null),
      { once: true },
    );
  });
}

/** Shows what happened to an action where a screen reader also hears it. */
export function report(message, isError) {
  result.textContent = message;
  result.classList.toggle('error', isError);
  result.hidden = false;
}

/** The server's own words: Nest sends `message` as a string or, for a bad body, a list. */
async function errorText(response) {
  try {
    const body = await response.json();
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    if (message) return `${response.status}: ${message}`;
  } catch {
    // not JSON
  }
  return `${response.status}: ${response.statusText || 'refused'}`;
}

/**
 * POSTs an admin action with the tab's token (asking for it the first time). Returns the parsed body,
 * or null when it was refused or cancelled; either way the outcome is reported on the page.
 */
export async function adminPost(path, body, describe) {
  let token = storedToken();
  if (token === null) {
    token = await askAndKeepToken('Admin token');
    if (token === null) {
      report('Cancelled: no admin token given.', true);
      return null;
    }
  }
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    report(`Refused: the service did not answer (${error.message}).`, true);
    return null;
  }
  if (!response.ok) {
    // A wrong token is forgotten so the next action asks again.
    if (response.status === 401) forgetToken();
    report(`Refused — ${await errorText(response)}`, true);
    return null;
  }
  const answer = await response.json().catch(() => ({}));
  report(describe(answer), false);
  return answer;
}
