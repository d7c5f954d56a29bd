// Passkeys on the second-factor pages: ask Roleport for the ceremony's options, let the browser talk
// to the authenticator (SimpleWebAuthnBrowser, served from /static/vendor), then post its answer in
// the page's own form. The authenticator-app and recovery-code forms work without this script.
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;

  function setUp(root) {
    var form = root.querySelector('form');
    var button = root.querySelector('[data-passkey-button]');
    var problem = root.querySelector('[data-passkey-error]');
    var show = function (text) {
      problem.textContent = text;
      problem.hidden = false;
      button.disabled = false;
    };
    if (!lib || !lib.browserSupportsWebAuthn()) return show('This browser cannot use passkeys here.');
    button.disabled = false;
    button.addEventListener('click', async function () {
      button.disabled = true;
      problem.hidden = true;
      try {
        var answer = await fetch(root.getAttribute('data-options'), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': form.elements._csrf.value },
          body: JSON.stringify({ next: form.elements.next.value }),
        });
        var options = await answer.json();
        if (!answer.ok) return show((options.error && options.error.message) || 'Roleport could not start the passkey request.');
        var result = root.getAttribute('data-passkey') === 'register'
          ? await lib.startRegistration({ optionsJSON: options })
          : await lib.startAuthentication({ optionsJSON: options });
        form.elements.response.value = JSON.stringify(result);
        form.submit();
      } catch (error) {
        show(error && error.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out. Try again.' : 'The passkey did not answer: ' + (error && error.message ? error.message : error));
      }
    });
  }

  document.querySelectorAll('[data-passkey]').forEach(setUp);
})();
