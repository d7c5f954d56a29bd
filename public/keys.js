// The issued keys page: the formats become tabs (one shown at a time, the last one chosen
// remembered on this computer), and the expiry is shown in local time with a live countdown.
// Without JavaScript every format is on the page, one after another.
(function () {
  'use strict';
  var STORED = 'roleport.keyFormat';

  function remembered() {
    try { return window.localStorage.getItem(STORED); } catch (error) { return null; }
  }
  function remember(id) {
    try { window.localStorage.setItem(STORED, id); } catch (error) { /* private mode: not remembered */ }
  }

  function tabs() {
    var container = document.getElementById('formats');
    if (!container) return;
    var panels = Array.prototype.slice.call(container.querySelectorAll('.key-format[data-format]'));
    if (panels.length < 2) return;
    var list = document.createElement('div');
    list.className = 'format-tabs';
    list.setAttribute('role', 'tablist');
    list.setAttribute('aria-label', 'Format');
    var buttons = panels.map(function (panel) {
      var id = panel.getAttribute('data-format');
      var heading = panel.querySelector('h2');
      var button = document.createElement('button');
      button.type = 'button';
      button.id = 'tab-' + id;
      button.textContent = heading ? heading.textContent : id;
      button.setAttribute('role', 'tab');
      button.setAttribute('aria-controls', panel.id);
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', button.id);
      button.addEventListener('click', function () { select(id, true); });
      list.appendChild(button);
      return button;
    });
    container.insertBefore(list, container.firstChild);
    container.classList.add('tabbed');

    function select(id, focus) {
      panels.forEach(function (panel, index) {
        var chosen = panel.getAttribute('data-format') === id;
        panel.hidden = !chosen;
        buttons[index].setAttribute('aria-selected', chosen ? 'true' : 'false');
        buttons[index].tabIndex = chosen ? 0 : -1;
        if (chosen && focus) buttons[index].focus();
      });
      remember(id);
    }
    list.addEventListener('keydown', function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index === -1) return;
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      var panel = panels[(next + panels.length) % panels.length];
      select(panel.getAttribute('data-format'), true);
    });
    var wanted = remembered();
    var known = panels.some(function (panel) { return panel.getAttribute('data-format') === wanted; });
    var first = /Windows/.test(navigator.userAgent) ? 'powershell' : 'bash';
    select(known ? wanted : first, false);
  }

  function countdown() {
    var time = document.querySelector('time[data-expires]');
    var left = document.querySelector('[data-countdown]');
    if (!time || !left) return;
    var expires = new Date(time.getAttribute('datetime'));
    if (isNaN(expires.getTime())) return;
    time.textContent = expires.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
    time.title = time.getAttribute('datetime');
    function two(n) { return (n < 10 ? '0' : '') + n; }
    function tick() {
      var seconds = Math.round((expires.getTime() - Date.now()) / 1000);
      if (seconds <= 0) {
        left.textContent = '(expired: get new keys)';
        left.classList.add('expired');
        return;
      }
      var h = Math.floor(seconds / 3600);
      var m = Math.floor((seconds % 3600) / 60);
      var s = seconds % 60;
      left.textContent = '(in ' + (h > 0 ? h + ':' + two(m) + ':' + two(s) : m + ':' + two(s)) + ')';
      window.setTimeout(tick, 1000 - (Date.now() % 1000));
    }
    tick();
  }

  tabs();
  countdown();
})();
