// Sign-in: POST /console/session; the answer sets the HttpOnly session cookie, then the app loads.
const form = document.getElementById('sign-in');
const error = document.getElementById('sign-in-error');
const button = document.getElementById('sign-in-button');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  button.disabled = true;
  try {
    const response = await fetch('/console/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        accessKeyId: form.accessKeyId.value.trim(),
        secretAccessKey: form.secretAccessKey.value,
      }),
    });
    if (response.ok) {
      location.assign('/console/');
      return;
    }
    let message = 'Sign-in failed';
    try {
      message = (await response.json()).message || message;
    } catch (ignored) { /* keep the generic message */ }
    error.textContent = message;
  } catch (e) {
    error.textContent = 'Cannot reach the gateway: ' + e.message;
  }
  error.hidden = false;
  button.disabled = false;
  form.secretAccessKey.focus();
});
document.getElementById('access-key-id').focus();
