// Copy buttons: a button[data-copy] copies its value, a button[data-copy-from] the text of the
// element with that id. They stay hidden without JavaScript, where selecting the text works.
(function () {
  'use strict';
  var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-copy], button[data-copy-from]'));
  if (buttons.length === 0) return;
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.appendChild(status);

  function textOf(button) {
    if (button.hasAttribute('data-copy')) return button.getAttribute('data-copy');
    var source = document.getElementById(button.getAttribute('data-copy-from'));
    return source ? source.textContent : '';
  }
  // Over plain http (other than localhost) there is no Clipboard API: copy a selected textarea.
  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand('copy');
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error('copy refused'));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    return fallbackCopy(text);
  }
  buttons.forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', function () {
      copy(textOf(button)).then(function () {
        button.textContent = 'Copied';
        status.textContent = 'Copied to the clipboard';
      }, function () {
        button.textContent = 'Select and copy';
        status.textContent = 'Your browser did not allow copying; select the text instead';
      });
      window.setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
})();
