// The picker's find-by-typing. The server renders every role and hides those `?q=` does not match;
// this script filters the same way as the person types (on the role's account name and id, name and
// description, as role-search.ts does), moves a highlight with the arrow keys and opens its console on
// Enter. A star's form is sent in the background and the star toggled in place (the order changes on
// the next visit, so nothing moves under the pointer). It also adds what only a script can use, so
// the page does not carry it for each role: the star's tooltip and a copy button for the role's ARN
// (the row's data-arn, or its account section's ARN prefix and the role's name). Runs before copy.js.
(function () {
  'use strict';
  var STAR_TITLE = { true: 'Remove from favourites', false: 'Add to favourites' };
  var rows = Array.prototype.slice.call(document.querySelectorAll('li.role'));
  function roleNameOf(row) {
    var key = row.getAttribute('data-role');
    return key.slice(key.lastIndexOf('/') + 1);
  }
  function arnOf(row) {
    return row.getAttribute('data-arn') || row.closest('section.account').getAttribute('data-arn') + roleNameOf(row);
  }
  rows.forEach(function (row) {
    var star = row.querySelector('button.star');
    if (star) star.title = STAR_TITLE[star.getAttribute('aria-pressed') === 'true'];
    var why = row.querySelector('.role-actions a.link');
    if (!why) return;
    var copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy';
    copy.setAttribute('data-copy', arnOf(row));
    copy.setAttribute('aria-labelledby', 'l-arn ' + row.querySelector('.role-name span[hidden]').id);
    copy.title = arnOf(row);
    copy.hidden = true;
    copy.textContent = 'Copy ARN';
    why.parentNode.insertBefore(copy, why);
    why.parentNode.insertBefore(document.createTextNode(' '), why);
  });
  var starForm = document.getElementById('star-form');
  if (starForm) {
    starForm.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || !button.classList.contains('star')) return;
      event.preventDefault();
      fetch(starForm.action, { method: 'POST', headers: { Accept: 'application/json' }, body: new URLSearchParams(new FormData(starForm, button)), credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(function (answer) {
          button.setAttribute('aria-pressed', answer.starred ? 'true' : 'false');
          button.name = answer.starred ? 'unstar' : 'star';
          button.textContent = answer.starred ? '\u2605' : '\u2606';
          button.title = STAR_TITLE[answer.starred === true];
        })
        .catch(function () {
          // Sent the plain way instead: submit() carries no submitter, so its name and value go as a field.
          var field = document.createElement('input');
          field.type = 'hidden';
          field.name = button.name;
          field.value = button.value;
          starForm.appendChild(field);
          starForm.submit();
        });
    });
  }
  var box = document.getElementById('role-filter');
  if (!box) return;
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.account'));
  var count = document.getElementById('role-count');
  var active = null;

  function asciiLower(text) {
    return text.replace(/[A-Z]/g, function (letter) { return letter.toLowerCase(); });
  }
  // What role-search.ts's searchText gives: account name and id, role name, description, lower-cased.
  var searchTexts = rows.map(function (row) {
    var key = row.getAttribute('data-role');
    var description = row.querySelector('.role-name .desc');
    var fields = [key.slice(0, key.lastIndexOf('/')), arnOf(row).split(':')[4], roleNameOf(row)];
    if (description) fields.push(description.textContent.replace(/^\u2014 /, ''));
    return asciiLower(fields.join(' '));
  });
  function shownRows() {
    return rows.filter(function (row) { return !row.hidden; });
  }
  function roles(n) {
    return n + ' role' + (n === 1 ? '' : 's');
  }
  function setActive(row) {
    if (active) active.classList.remove('active');
    active = row;
    if (!row) return;
    row.classList.add('active');
    row.scrollIntoView({ block: 'nearest' });
  }
  function describe(shown, query) {
    if (query === '') return roles(rows.length);
    if (shown.length === 0) return 'No role matches \u201c' + query + '\u201d';
    var text = shown.length + ' of ' + roles(rows.length);
    return active ? text + ' \u00b7 Enter opens the console for ' + active.getAttribute('data-role') : text;
  }
  function apply() {
    var query = box.value.trim();
    var words = asciiLower(query).split(/\s+/).filter(Boolean);
    rows.forEach(function (row, i) {
      var text = searchTexts[i];
      row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector('li.role:not([hidden])');
    });
    var shown = shownRows();
    setActive(query !== '' && shown.length > 0 ? shown[0] : null);
    count.textContent = describe(shown, query);
    var url = new URL(window.location.href);
    if (query === '') url.searchParams.delete('q');
    else url.searchParams.set('q', query);
    window.history.replaceState(null, '', url.pathname + url.search);
  }
  function move(step) {
    var shown = shownRows();
    if (shown.length === 0) return;
    var index = shown.indexOf(active);
    var next = index === -1 ? (step > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, index + step));
    setActive(shown[next]);
    count.textContent = describe(shown, box.value.trim() || ' ');
  }
  function open(row, newTab) {
    var href = row.querySelector('a.button.primary').getAttribute('href');
    if (newTab) window.open(href, '_blank', 'noopener');
    else window.location.assign(href);
  }

  box.addEventListener('input', apply);
  box.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' && active && !active.hidden) {
      event.preventDefault();
      open(active, event.ctrlKey || event.metaKey);
    } else if (event.key === 'Escape' && box.value !== '') {
      box.value = '';
      apply();
    }
  });
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    var typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target && target.isContentEditable);
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
  if (box.value.trim() !== '') apply();
})();
