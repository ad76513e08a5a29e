// IOM Morocco assistant: a light web chat for the QR posters. No framework, no third-party host.
(function () {
  'use strict';
  var STRINGS = JSON.parse(document.getElementById('strings').textContent);
  var LANGS = ['fr', 'ar', 'en'];
  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('input');
  var send = document.getElementById('send');
  var statusLine = document.getElementById('status');
  var lang = pickLang(navigator.language);
  var conversationId = null;
  var pending = false;
  var lastText = null;
  var params = new URLSearchParams(location.search);
  var source = params.get('src') || params.get('source') || undefined;

  function pickLang(locale) {
    var l = String(locale || '').slice(0, 2).toLowerCase();
    return LANGS.indexOf(l) >= 0 ? l : 'fr';
  }

  function s(key) {
    return (STRINGS[lang] || STRINGS.fr)[key] || '';
  }

  function applyLang(next) {
    lang = pickLang(next);
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
    document.title = s('title');
    document.getElementById('title').textContent = s('title');
    document.getElementById('subtitle').textContent = s('subtitle');
    document.getElementById('input-label').textContent = s('inputLabel');
    input.placeholder = s('placeholder');
    send.textContent = s('send');
    var nav = document.getElementById('languages');
    nav.setAttribute('aria-label', s('languages'));
    var buttons = nav.querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-lang') === lang));
  }

  // One button per language, named in its own language; pressing it asks the bot to switch.
  LANGS.forEach(function (l) {
    var b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('data-lang', l);
    b.setAttribute('lang', l);
    b.textContent = STRINGS[l].languageName;
    b.addEventListener('click', function () { say(STRINGS[l].languageName); });
    document.getElementById('languages').appendChild(b);
  });

  // Links and phone numbers in bot text become tappable; everything else stays plain text.
  var LINKS = /(https?:\/\/[^\s)]+|(?:\b|\+)[a-z0-9-]+\.iom\.int\b|\+212[\s\d().-]{8,}\d)/gi;
  function appendRich(parent, text) {
    var last = 0;
    text.replace(LINKS, function (match, _g, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = document.createElement('a');
      var digits = match.replace(/[^\d+]/g, '').replace(/^\+212\(?0\)?/, '+212');
      if (/^\+212/.test(match)) a.href = 'tel:' + digits.replace(/^\+2120/, '+212');
      else a.href = /^https?:/i.test(match) ? match : 'https://' + match;
      if (!/^tel:/.test(a.href)) { a.target = '_blank'; a.rel = 'noopener'; }
      a.textContent = match;
      parent.appendChild(a);
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function addMessage(who, text) {
    var div = document.createElement('div');
    div.className = 'msg ' + who;
    div.dir = 'auto';
    var label = document.createElement('span');
    label.className = 'who';
    label.textContent = (who === 'user' ? s('you') : s('bot')) + ': ';
    div.appendChild(label);
    appendRich(div, text);
    log.appendChild(div);
  }

  function clearActions() {
    var old = log.querySelectorAll('.actions');
    for (var i = 0; i < old.length; i++) old[i].remove();
  }

  function addActions(activity) {
    var box = document.createElement('div');
    box.className = 'actions';
    var cardButtons = [];
    (activity.attachments || []).forEach(function (att) {
      if (att && att.content && att.content.buttons) cardButtons = cardButtons.concat(att.content.buttons);
    });
    cardButtons.forEach(function (b) {
      var a = document.createElement('a');
      a.href = String(b.value);
      if (!/^tel:/.test(a.href)) { a.target = '_blank'; a.rel = 'noopener'; }
      a.textContent = b.title;
      box.appendChild(a);
    });
    var suggested = (activity.suggestedActions && activity.suggestedActions.actions) || [];
    suggested.forEach(function (action) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = action.title;
      b.addEventListener('click', function () { say(String(action.value || action.title)); });
      box.appendChild(b);
    });
    if (box.childNodes.length) log.appendChild(box);
  }

  function show(activities) {
    clearActions();
    activities.forEach(function (a) {
      if (a.locale) applyLang(a.locale);
      if (a.text) addMessage('bot', a.text);
      addActions(a);
    });
    log.scrollTop = log.scrollHeight;
  }

  function setStatus(text, retry) {
    statusLine.textContent = text;
    if (retry) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = s('retry');
      b.addEventListener('click', function () { setStatus(''); if (lastText) say(lastText, true); else start(); });
      statusLine.appendChild(document.createTextNode(' '));
      statusLine.appendChild(b);
    }
  }

  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(function (res) {
      if (res.status === 413) throw new Error(s('tooLong'));
      if (res.status === 429) throw new Error(s('busy'));
      if (!res.ok) throw new Error(s('error'));
      return res.json();
    });
  }

  function busy(on) {
    pending = on;
    send.disabled = on;
  }

  function start() {
    busy(true);
    setStatus(s('connecting'));
    post('/api/webchat/conversations', { source: source, locale: navigator.language }).then(function (r) {
      conversationId = r.conversationId;
      setStatus('');
      show(r.activities || []);
    }).catch(function (e) { setStatus(e.message || s('error'), true); }).then(function () { busy(false); });
  }

  function say(text, isRetry) {
    text = String(text || '').trim();
    if (!text || pending) return;
    if (!conversationId) { start(); return; }
    lastText = text;
    if (!isRetry) addMessage('user', text);
    clearActions();
    busy(true);
    post('/api/webchat/conversations/' + encodeURIComponent(conversationId) + '/activities', { text: text }).then(function (r) {
      conversationId = r.conversationId;
      lastText = null;
      setStatus('');
      show(r.activities || []);
    }).catch(function (e) { setStatus(e.message || s('error'), true); }).then(function () { busy(false); input.focus(); });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = '';
    say(text);
  });

  applyLang(lang);
  start();
})();
