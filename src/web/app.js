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
    var l = String(locale || '')
      .slice(0, 2)
      .toLowerCase();
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
    b.addEventListener('click', function () {
      say(STRINGS[l].languageName);
    });
    document.getElementById('languages').appendChild(b);
  });

  // Links and callable numbers in bot text become tappable; everything else stays plain text.
  // The callable numbers come from knowledge/contact-channels.yaml (the bot's src/bot/phone-links.ts
  // applies the same rule for Web Chat and Teams): IOM's phone, never its fax; 19, 177 and 15 only
  // where the text names their service right before them or in brackets right after them.
  var CALLABLE = JSON.parse(document.getElementById('phones').textContent);
  var URLS = /https:\/\/[^\s)]+|(?:\b|\+)[a-z0-9-]+\.iom\.int\b/gi;
  var INTERNATIONAL = /\+ ?212[ \t\u00a0\d().-]{8,}\d/g;
  var SHORT = /\d{2,4}/g;
  var WORD = /[0-9A-Za-z\u00C0-\u024F\u0600-\u06FF+.,/-]/;
  var NAME_AFTER = /^\s*\(([^()]{1,45})\)/;
  var FAX = /(fax|\u0641\u0627\u0643\u0633)[\s:.]*$/i;
  var UNIT_AFTER =
    /^\s*(ans?|years?|jours?|days?|heures?|hours?|mois|months?|km|dh|dirhams?|%|\u0633\u0646\u0629|\u0633\u0646\u0648\u0627\u062a|\u0639\u0627\u0645|\u0639\u0627\u0645\u0627|\u064a\u0648\u0645|\u0623\u064a\u0627\u0645|\u0633\u0627\u0639\u0629|\u062f\u0631\u0647\u0645)(?![A-Za-z\u00C0-\u024F\u0600-\u06FF])/i;

  function dialable(written) {
    return '+' + written.replace(/\(0\)/g, '').replace(/\D/g, '').replace(/^2120/, '212');
  }

  function named(text, names) {
    var lower = text.toLowerCase();
    return names.some(function (n) {
      return lower.indexOf(n.toLowerCase()) >= 0;
    });
  }

  function each(re, text, fn) {
    re.lastIndex = 0;
    var m;
    while ((m = re.exec(text)) !== null) fn(m[0], m.index);
  }

  /** Where the links and callable numbers are: [{start, end, href}], in order, not overlapping. */
  function linkSpans(text) {
    var spans = [];
    function free(start, end) {
      return spans.every(function (s) {
        return end <= s.start || start >= s.end;
      });
    }
    each(URLS, text, function (match, start) {
      spans.push({ start: start, end: start + match.length, href: /^https:/i.test(match) ? match : 'https://' + match.replace(/^\+/, '') });
    });
    each(INTERNATIONAL, text, function (match, start) {
      var dial = dialable(match);
      var before = text.slice(Math.max(0, start - 12), start);
      if (CALLABLE.phones.indexOf(dial) >= 0 && !FAX.test(before) && free(start, start + match.length)) {
        spans.push({ start: start, end: start + match.length, href: 'tel:' + dial });
      }
    });
    each(SHORT, text, function (match, start) {
      var end = start + match.length;
      var number = CALLABLE.emergency.filter(function (e) {
        return e.number === match;
      })[0];
      if (!number || WORD.test(text.charAt(start - 1)) || /[0-9A-Za-z\u00C0-\u024F\u0600-\u06FF]/.test(text.charAt(end))) return;
      if (/[.,/:-]\d/.test(text.slice(end, end + 2)) || UNIT_AFTER.test(text.slice(end, end + 12)) || !free(start, end)) return;
      var before = text.slice(Math.max(0, start - 45), start);
      var after = (NAME_AFTER.exec(text.slice(end)) || [])[1] || '';
      if (named(before, number.names) || named(after, number.names)) spans.push({ start: start, end: end, href: 'tel:' + number.number });
    });
    return spans.sort(function (a, b) {
      return a.start - b.start;
    });
  }

  function appendRich(parent, text) {
    var last = 0;
    linkSpans(text).forEach(function (span) {
      parent.appendChild(document.createTextNode(text.slice(last, span.start)));
      parent.appendChild(link(span.href, text.slice(span.start, span.end)));
      last = span.end;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** An <a> for an https: or tel: address only; anything else is no link. */
  function safeHref(value) {
    var v = String(value || '');
    return /^(https:\/\/|tel:\+?\d+$)/i.test(v) ? v : null;
  }

  function link(href, text) {
    var a = document.createElement('a');
    a.href = href;
    if (!/^tel:/.test(href)) {
      a.target = '_blank';
      a.rel = 'noopener';
    }
    a.textContent = text;
    return a;
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
      var href = safeHref(b && b.value);
      if (href) box.appendChild(link(href, String(b.title || '')));
    });
    var suggested = (activity.suggestedActions && activity.suggestedActions.actions) || [];
    suggested.forEach(function (action) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = action.title;
      b.addEventListener('click', function () {
        say(String(action.value || action.title));
      });
      box.appendChild(b);
    });
    if (box.childNodes.length) log.appendChild(box);
  }

  /** "Forget me" done: the page forgets too (its messages and its conversation); the next message starts afresh. */
  function forget() {
    while (log.firstChild) log.removeChild(log.firstChild);
    conversationId = null;
    lastText = null;
  }

  function show(activities) {
    clearActions();
    activities.forEach(function (a) {
      if (a.channelData && a.channelData.iomForget === true) forget();
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
      b.addEventListener('click', function () {
        setStatus('');
        if (lastText) say(lastText, true);
        else start();
      });
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

  function fail(e) {
    setStatus((e && e.message) || s('error'), true);
  }

  /** Starts a conversation (the bot's welcome), then sends `text` if there is one. */
  function start(text) {
    busy(true);
    setStatus(s('connecting'));
    post('/api/webchat/conversations', { source: source, locale: navigator.language })
      .then(function (r) {
        conversationId = r.conversationId;
        setStatus('');
        show(r.activities || []);
        busy(false);
        if (text) deliver(text);
      })
      .catch(function (e) {
        busy(false);
        fail(e);
      });
  }

  function deliver(text) {
    lastText = text;
    clearActions();
    busy(true);
    post('/api/webchat/conversations/' + encodeURIComponent(conversationId) + '/activities', { text: text })
      .then(function (r) {
        conversationId = r.conversationId;
        lastText = null;
        setStatus('');
        show(r.activities || []);
      })
      .catch(fail)
      .then(function () {
        busy(false);
        input.focus();
      });
  }

  /** The user's message is shown at once and kept until the bot has it: without a conversation, one is started first. */
  function say(text, isRetry) {
    text = String(text || '').trim();
    if (!text || pending) return;
    if (!isRetry) addMessage('user', text);
    lastText = text;
    if (!conversationId) start(text);
    else deliver(text);
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
