/* TrangXã – the citizen's reading aids. Plain ES5 (old phones and office browsers), no library.
 *
 * - Text size A− / A / A+: a class on <html> (the stylesheet sizes everything in rem),
 *   remembered in this browser (localStorage) and applied before the first paint.
 * - "In tin bài": the browser's print dialog (print styles in site.css).
 * - "Đọc bài": the browser's speech synthesis, only when it has a Vietnamese voice.
 * - "Thông tin này có hữu ích không?": sent without leaving the page; the form works without this script.
 * - The menu: one group open at a time, closed by Escape or a click elsewhere (the <details> work alone).
 * Everything here is an extra: every page works with scripts off.
 */
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var SIZE_KEY = 'trangxa-co-chu';
  var SIZES = [87.5, 100, 112.5, 125, 150, 175]; /* percent of the browser's own size */
  var DEFAULT_SIZE = 1;

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }

  function storedSize() {
    var n = parseInt(load(SIZE_KEY), 10);
    return (n >= 0 && n < SIZES.length) ? n : DEFAULT_SIZE;
  }
  /* Kept here too: where the browser refuses storage, the buttons still step on this page. */
  var size = storedSize();
  function applySize(n) {
    var classes = root.className.replace(/(^|\s)co-chu-\d+/g, '');
    root.className = (classes + (n === DEFAULT_SIZE ? '' : ' co-chu-' + n)).replace(/^\s+/, '');
  }
  applySize(size); /* runs in <head>: no flash of the default size */
  /* Also in <head>: the text-size bar and the article tools keep their room from the first paint (no shift). */
  root.className = (root.className + ' js').replace(/^\s+/, '');

  function setupTextSize() {
    var group = doc.querySelector('.text-size');
    if (!group) { return; }
    var status = group.querySelector('[data-size-status]');
    var buttons = group.getElementsByTagName('button');
    /* aria-disabled, not disabled: a disabled button would drop the keyboard focus. */
    function limits(n) {
      buttons[0].setAttribute('aria-disabled', n === 0 ? 'true' : 'false');
      buttons[2].setAttribute('aria-disabled', n === SIZES.length - 1 ? 'true' : 'false');
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].onclick = function () {
        var step = parseInt(this.getAttribute('data-size'), 10);
        var n = step === 0 ? DEFAULT_SIZE : Math.max(0, Math.min(SIZES.length - 1, size + step));
        size = n;
        save(SIZE_KEY, String(n));
        applySize(n);
        limits(n);
        if (status) { status.textContent = 'Cỡ chữ ' + String(SIZES[n]).replace('.', ',') + '%'; }
      };
    }
    limits(size);
    group.hidden = false;
  }

  /* ------------------------------------------------------------------ reading aloud */
  function vietnameseVoice(synth) {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^vi([-_]|$)/i.test(voices[i].lang || '')) { return voices[i]; }
    }
    return null;
  }

  /* Speech engines stop on very long utterances: read sentence by sentence (at most ~220 characters).
     A sentence ends at . ! ? ; : … followed by a space, so 1.000.000 and 7:30 stay whole. */
  function chunks(text) {
    var parts = (text.replace(/\s+/g, ' ') + ' ').split(/([.!?;:…]+ )/);
    var joined = [];
    for (var k = 0; k < parts.length; k += 2) { joined.push(parts[k] + (parts[k + 1] || '')); }
    parts = joined;
    var out = [];
    var current = '';
    for (var i = 0; i < parts.length; i++) {
      if ((current + parts[i]).length > 220 && current) { out.push(current); current = ''; }
      current += parts[i];
      while (current.length > 220) {
        var cut = current.lastIndexOf(' ', 220);
        if (cut < 40) { cut = 220; }
        out.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    if (current.replace(/\s/g, '')) { out.push(current); }
    return out;
  }

  function setupSpeech(tools) {
    var button = tools.querySelector('[data-action="speak"]');
    var synth = window.speechSynthesis;
    if (!button || !synth || !window.SpeechSynthesisUtterance) { return; }
    var reading = false;
    function label(on) {
      reading = on;
      button.textContent = on ? 'Dừng đọc' : 'Đọc bài';
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    function refresh() { button.hidden = !vietnameseVoice(synth); }
    refresh();
    if (synth.addEventListener) { synth.addEventListener('voiceschanged', refresh); } else { synth.onvoiceschanged = refresh; }
    button.onclick = function () {
      if (reading) { synth.cancel(); label(false); return; }
      var voice = vietnameseVoice(synth);
      if (!voice) { refresh(); return; }
      var article = doc.querySelector('article.article');
      var parts = [];
      var pieces = article ? article.querySelectorAll('.article__title, .article__summary, .article__body') : [];
      for (var i = 0; i < pieces.length; i++) { parts.push(pieces[i].innerText || pieces[i].textContent || ''); }
      var list = chunks(parts.join('. '));
      if (!list.length) { return; }
      synth.cancel();
      label(true);
      for (var j = 0; j < list.length; j++) {
        var u = new window.SpeechSynthesisUtterance(list[j]);
        u.lang = voice.lang || 'vi-VN';
        u.voice = voice;
        if (j === list.length - 1) { u.onend = function () { label(false); }; }
        u.onerror = function () { label(false); };
        synth.speak(u);
      }
    };
    if (window.addEventListener) { window.addEventListener('pagehide', function () { synth.cancel(); }); }
  }

  function setupTools() {
    var tools = doc.querySelector('.reader-tools');
    if (!tools) { return; }
    var print = tools.querySelector('[data-action="print"]');
    if (print && window.print) { print.onclick = function () { window.print(); }; }
    setupSpeech(tools);
    tools.hidden = false;
  }

  /* ------------------------------------------------------------------ copy the article's address (for Zalo …) */
  function setupCopyLink() {
    var box = doc.querySelector('.share__copy');
    var button = box && box.querySelector('[data-action="copy-link"]');
    if (!button) { return; }
    var status = box.querySelector('.share__status');
    var link = button.getAttribute('data-link');
    function fallback() {
      var input = doc.createElement('input');
      input.value = link;
      input.setAttribute('readonly', '');
      input.className = 'visually-hidden';
      doc.body.appendChild(input);
      input.select();
      var ok = false;
      try { ok = doc.execCommand('copy'); } catch (e) { ok = false; }
      doc.body.removeChild(input);
      return ok;
    }
    function told(ok) {
      status.textContent = ok ? 'Đã sao chép liên kết, có thể dán vào Zalo, Facebook hoặc tin nhắn.'
                              : 'Chưa sao chép được; liên kết của bài: ' + link;
    }
    button.onclick = function () {
      if (window.navigator.clipboard && window.navigator.clipboard.writeText) {
        window.navigator.clipboard.writeText(link).then(function () { told(true); }, function () { told(fallback()); });
      } else {
        told(fallback());
      }
    };
    box.hidden = false;
  }

  /* ------------------------------------------------------------------ usefulness rating */
  function setupRating() {
    var box = doc.querySelector('.rating');
    var form = box && box.querySelector('form');
    if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
    var key = 'trangxa-danh-gia-' + box.getAttribute('data-article');
    var status = box.querySelector('.rating__status');
    function done(message, focus) {
      form.parentNode.removeChild(form);
      status.textContent = message;
      if (focus && status.focus) { status.focus(); } /* the pressed button is gone: keep the reader's place */
    }
    if (load(key)) { done('Ông/bà đã đánh giá tin bài này. Xin cảm ơn!'); return; }
    var buttons = form.getElementsByTagName('button');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].onclick = function (event) {
        var data = new window.FormData();
        data.append('huu_ich', this.value);
        var xhr = new window.XMLHttpRequest();
        xhr.open('POST', form.action);
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.onload = function () {
          var reply = null;
          try { reply = JSON.parse(xhr.responseText); } catch (e) { reply = null; }
          if (xhr.status === 200 && reply && reply.ok) {
            save(key, '1');
            done(reply.message, true);
          } else {
            status.textContent = (reply && reply.message) || 'Chưa gửi được ý kiến, vui lòng thử lại.';
          }
        };
        xhr.onerror = function () { status.textContent = 'Chưa gửi được ý kiến: kiểm tra kết nối mạng rồi thử lại.'; };
        xhr.send(data);
        if (event && event.preventDefault) { event.preventDefault(); }
        return false;
      };
    }
  }

  /* ------------------------------------------------------------------ the menu */
  function setupMenu() {
    var nav = doc.querySelector('.nav');
    if (!nav) { return; }
    var groups = nav.querySelectorAll('.menu__group');
    var wide = window.matchMedia ? window.matchMedia('(min-width: 900px)') : null;
    /* Wide screens show the bar; where CSS cannot open the closed disclosure, open it here. */
    var cssOpens = window.CSS && window.CSS.supports && window.CSS.supports('selector(::details-content)');
    function fit() { if (!cssOpens && wide) { nav.open = wide.matches; } }
    fit();
    if (wide && wide.addEventListener) { wide.addEventListener('change', fit); }
    function closeOthers(except) {
      for (var i = 0; i < groups.length; i++) { if (groups[i] !== except) { groups[i].open = false; } }
    }
    for (var i = 0; i < groups.length; i++) {
      groups[i].addEventListener('toggle', function () { if (this.open) { closeOthers(this); } });
    }
    doc.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape') { return; }
      var open = nav.querySelector('.menu__group[open]');
      if (open) {
        open.open = false;
        open.querySelector('summary').focus();
      } else if (nav.open && !(wide && wide.matches) && nav.contains(doc.activeElement)) {
        nav.open = false;
        nav.querySelector('summary').focus();
      }
    });
    doc.addEventListener('click', function (event) {
      if (!nav.contains(event.target)) {
        closeOthers(null);
        if (!(wide && wide.matches)) { nav.open = false; }
      }
    });
  }

  /* A YouTube video is a poster and a link until clicked: only then is the privacy-enhanced player
     (youtube-nocookie.com, the only frame the video pages' CSP allows) put in its place. */
  function setupVideoPreviews() {
    doc.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('.video-preview__button') : null;
      var box = link ? link.closest('.video-preview') : null;
      var embed = box ? box.getAttribute('data-embed') : '';
      if (!embed || embed.indexOf('https://www.youtube-nocookie.com/embed/') !== 0) { return; }
      event.preventDefault();
      var frame = doc.createElement('iframe');
      frame.src = embed + '?autoplay=1&rel=0';
      frame.title = box.getAttribute('data-title') || 'Video';
      frame.className = 'video-preview__frame';
      frame.setAttribute('allow', 'autoplay; encrypted-media; picture-in-picture; fullscreen');
      frame.setAttribute('allowfullscreen', '');
      frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      box.innerHTML = '';
      box.appendChild(frame);
      box.classList.add('video-preview--playing');
      frame.focus();
    });
  }

  function ready() {
    setupMenu();
    setupVideoPreviews();
    setupTextSize();
    setupTools();
    setupCopyLink();
    setupRating();
  }
  if (doc.readyState === 'loading') { doc.addEventListener('DOMContentLoaded', ready); } else { ready(); }
}());
