/* Editor forms (article, intro page): progressive enhancement of the body <textarea>.
 *
 * - a rich-text editor (Jodit, vendored) edits the textarea and writes the HTML back before submit;
 *   without JavaScript, or if Jodit cannot start, the plain textarea still works and submits;
 * - "Chèn ảnh từ thư viện": a dialog listing the media library (JSON) that also uploads a new image;
 * - a copy of what is typed is kept in localStorage and offered back after a crash, a closed tab or
 *   an expired session; it is cleared once the server confirms the save.
 *
 * The server cleans the HTML once, on save (core/sanitize.py): the toolbar only offers what it keeps.
 * No inline scripts (Content-Security-Policy: script-src 'self'): everything is configured from
 * data-* attributes rendered on the <form>.
 */
(function () {
  'use strict';

  var PREFIX = 'trangxa:ban-nhap:';
  var KEEP_DAYS = 30;
  var SAVE_EVERY_MS = 3000;
  var SAVE_AFTER_INPUT_MS = 800;
  var NOT_COMPARED = { publish_at: true }; // a new form's default time changes every minute

  var TEXT = {
    library: 'Chèn ảnh từ thư viện',
    fromComputer: 'Chèn ảnh từ máy tính',
    close: 'Đóng',
    closeLabel: 'Đóng hộp thoại chèn ảnh',
    searchLabel: 'Tìm ảnh theo tên hoặc mô tả',
    search: 'Tìm',
    loading: 'Đang tải danh sách ảnh…',
    empty: 'Chưa có ảnh nào phù hợp.',
    count: function (shown, total) { return 'Đang hiện ' + shown + ' trên ' + total + ' ảnh. Bấm vào ảnh để chèn vào bài.'; },
    more: 'Xem thêm ảnh',
    pick: 'Chèn ảnh: ',
    noAlt: '(chưa có mô tả)',
    needAltTitle: 'Ảnh này chưa có mô tả. Nhập mô tả để người khiếm thị cũng hiểu nội dung ảnh.',
    altLabel: 'Mô tả ảnh (cho người khiếm thị)',
    insert: 'Chèn ảnh',
    otherImage: 'Chọn ảnh khác',
    uploadLegend: 'Tải ảnh mới lên',
    fileLabel: 'Tệp ảnh (JPEG, PNG, WebP hoặc GIF)',
    upload: 'Tải lên và chèn vào bài',
    uploading: 'Đang tải ảnh lên…',
    pastedFile: function (name) { return 'Ảnh đã chọn (' + name + ') sẽ được tải lên thư viện: nhập mô tả ảnh rồi bấm “Tải lên và chèn vào bài”.'; },
    pastedFileManual: 'Trình duyệt này không tự điền được ảnh vừa dán: vui lòng chọn tệp ảnh bằng nút bên dưới.',
    needFile: 'Vui lòng chọn tệp ảnh.',
    needAlt: 'Vui lòng nhập mô tả ảnh (cho người khiếm thị).',
    missing: 'Thư viện ảnh chưa sẵn sàng trên máy chủ (không tìm thấy địa chỉ thư viện). Vẫn có thể soạn bài bình thường; vui lòng thử lại sau hoặc báo quản trị trang.',
    expired: 'Phiên đăng nhập đã hết hạn. Nội dung bài vẫn được giữ trong trình duyệt: hãy đăng nhập lại rồi mở lại biểu mẫu này.',
    tooLarge: 'Tệp quá lớn, máy chủ không nhận. Vui lòng chọn ảnh nhỏ hơn.',
    network: 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng rồi thử lại.',
    failed: 'Máy chủ không thực hiện được yêu cầu. Vui lòng thử lại sau.',
    inserted: 'Đã chèn ảnh vào bài.',
    draftFound: function (when) { return 'Có bản nháp chưa lưu từ ' + when; },
    draftOlder: 'Bản nháp này được soạn trên một phiên bản cũ hơn bản đang lưu: khi bấm Lưu, hệ thống sẽ hiện cả hai để đối chiếu.',
    restore: 'Khôi phục',
    dismiss: 'Bỏ qua',
    restored: function (when) { return 'Đã khôi phục bản nháp lúc ' + when + '. Kiểm tra lại rồi bấm Lưu để lưu.'; },
    draftRegion: 'Bản nháp chưa lưu',
    keyboard: 'Bàn phím: Alt+F10 để đến thanh công cụ, phím mũi tên để chọn nút, Enter để bấm, Esc để quay lại nội dung.'
  };

  // ------------------------------------------------------------------ small helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    var name;
    for (name in attrs || {}) {
      if (!Object.prototype.hasOwnProperty.call(attrs, name) || attrs[name] === null || attrs[name] === undefined) { continue; }
      if (name === 'text') { node.textContent = attrs[name]; } else if (name === 'hidden') { node.hidden = !!attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** HH:MM dd/mm/yyyy in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving). */
  function formatTime(ms) {
    var d = new Date(ms + 7 * 3600 * 1000);
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ' ' + pad(d.getUTCDate()) + '/' +
      pad(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear();
  }

  function attr(value) {
    return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function storage() {
    try {
      var s = window.localStorage;
      var probe = PREFIX + 'thu';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null; // private mode, disabled storage: the form still works, only without the copy
    }
  }

  // ------------------------------------------------------------------ the body: rich editor or plain textarea
  function Body(textarea, form) {
    this.textarea = textarea;
    this.form = form;
    this.rich = null;
    this.changeHandlers = [];
    this.touchHandlers = [];
  }

  Body.prototype.start = function (openLibrary) {
    var self = this;
    var ta = this.textarea;
    if (!window.Jodit || !window.Jodit.make) { return false; }
    try {
      this.rich = window.Jodit.make(ta, {
        language: 'vi',
        i18n: window.Jodit.lang && window.Jodit.lang.vi ? { vi: window.Jodit.lang.vi } : undefined,
        theme: 'default',
        height: 'auto', // grows with the text; the toolbar stays in view (sticky) on long articles
        minHeight: 400,
        textIcons: function (name) { return name === 'thuVienAnh'; }, // a worded button for the library
        toolbarAdaptive: false,
        toolbarSticky: true,
        toolbarStickyOffset: 0,
        showCharsCounter: false,
        showWordsCounter: false,
        showXPathInStatusbar: false,
        hidePoweredByJodit: true,
        spellcheck: true,
        tabIndex: 0, // reachable with Tab like the textarea it replaces
        enter: 'p',
        // Only what core/sanitize.py keeps: no colours, fonts or sizes (the server strips them).
        buttons: ['paragraph', '|', 'bold', 'italic', 'underline', '|', 'ul', 'ol', '|', 'link', 'table',
          'thuVienAnh', '|', 'eraser', '|', 'undo', 'redo', '|', 'source'],
        controls: {
          paragraph: {
            // atom: replace Jodit's list (h1, pre …) instead of merging into it
            list: window.Jodit.atom({ p: 'Normal', h2: 'Heading 2', h3: 'Heading 3', h4: 'Heading 4', blockquote: 'Quote' })
          },
          source: { tooltip: 'Xem/sửa mã HTML' },
          ul: { list: null },
          ol: { list: null },
          thuVienAnh: {
            name: 'thuVienAnh',
            icon: 'image',
            text: TEXT.library,
            tooltip: TEXT.library,
            exec: function () { openLibrary(); }
          }
        },
        disablePlugins: ['about', 'ai-assistant', 'print', 'preview', 'file', 'video', 'media', 'iframe',
          'powered-by-jodit', 'speech-recognize', 'font', 'color', 'line-height', 'symbols',
          'copyformat', 'class-span', 'paste-storage', 'search', 'fullsize'],
        // Paste from Word / web pages: Jodit's cleaner runs without asking (keeps structure, drops
        // Word styles and attributes). The server's clean_html remains the real guard.
        askBeforePasteHTML: false,
        askBeforePasteFromWord: false,
        defaultActionOnPaste: 'insert_clear_html',
        defaultActionOnPasteFromWord: 'insert_as_text', // Jodit's "Clean" choice for Word (cleanFromWord)
        cleanHTML: {
          denyTags: 'script,style,object,embed,noscript,template,meta,link',
          allowedStyles: { '*': ['text-align', 'font-weight', 'font-style', 'text-decoration', 'vertical-align', 'text-indent'] },
          sandboxIframesInContent: false
        },
        link: { noFollowCheckbox: false, modeClassName: null },
        image: {
          editSrc: false, useImageEditor: false, editTitle: false, editAlt: true, editLink: true, editSize: true,
          editBorderRadius: false, editMargins: false, editClass: false, editStyle: false, editId: false,
          editAlign: false, showPreview: true
        },
        // Clicking an image: only delete and the properties (alt text, size); floats would be stripped on save.
        popup: {
          img: window.Jodit.atom((window.Jodit.defaultOptions.popup.img || []).filter(function (b) {
            return b && (b.name === 'delete' || b.name === 'pencil');
          }))
        },
        enableDragAndDropFileToEditor: false,
        uploader: { insertImageAsBase64URI: false },
        sourceEditor: 'area', // never ace from a CDN
        beautifyHTML: false, // never js-beautify from a CDN
        useNativeTooltip: true
      });
    } catch (e) {
      this.rich = null;
      if (window.console) { window.console.warn('Trình soạn thảo không khởi động được, dùng ô văn bản thường.', e); }
      ta.style.display = '';
      return false;
    }
    var rich = this.rich;
    // An image file pasted or dropped on its own (a screenshot): Jodit would drop it; it goes through the
    // library instead, so that it is checked, re-encoded and described. Word's HTML is left to Jodit.
    var takeImageFile = function (e, data) {
      if (!data || !data.files || !data.files.length) { return; }
      var types = Array.prototype.slice.call(data.types || []);
      if (types.indexOf('text/html') !== -1) { return; }
      var file = null;
      for (var i = 0; i < data.files.length; i++) {
        if (/^image\//.test(data.files[i].type)) { file = data.files[i]; break; }
      }
      if (!file) { return; }
      e.preventDefault();
      e.stopPropagation();
      openLibrary(file);
    };
    rich.editor.addEventListener('paste', function (e) { takeImageFile(e, e.clipboardData); }, true);
    rich.editor.addEventListener('drop', function (e) { takeImageFile(e, e.dataTransfer); }, true);
    rich.events.on('change', function () { self.changeHandlers.forEach(function (fn) { fn(); }); });
    rich.events.on('keydown paste drop cut afterExec', function () {
      self.touchHandlers.forEach(function (fn) { fn(); });
    });
    // Name the editing area like the textarea, and let its label focus it.
    var label = this.form.querySelector('label[for="' + ta.id + '"]');
    if (label) {
      if (!label.id) { label.id = ta.id + '-nhan'; }
      rich.editor.setAttribute('aria-labelledby', label.id);
      label.addEventListener('click', function (e) { e.preventDefault(); rich.s.focus(); });
    }
    rich.editor.setAttribute('role', 'textbox');
    rich.editor.setAttribute('aria-multiline', 'true');
    // Jodit's toolbar is one Tab stop away through Alt+F10 (then the arrow keys): say so under the editor.
    var hintId = ta.id + '-ban-phim';
    var keys = el('p', { 'class': 'field__hint', id: hintId, text: TEXT.keyboard });
    rich.container.parentNode.insertBefore(keys, rich.container.nextSibling);
    rich.editor.setAttribute('aria-describedby', ((ta.getAttribute('aria-describedby') || '') + ' ' + hintId).trim());
    if (ta.getAttribute('aria-invalid') === 'true') { rich.editor.setAttribute('aria-invalid', 'true'); }
    return true;
  };

  Body.prototype.get = function () {
    return this.rich ? this.rich.value : this.textarea.value;
  };

  Body.prototype.set = function (html) {
    if (this.rich) { this.rich.value = html; }
    this.textarea.value = html;
  };

  /** Write the editor's HTML into the textarea (before the form is sent). */
  Body.prototype.sync = function () {
    var rich = this.rich;
    if (!rich) { return; }
    if (rich.getMode && rich.getMode() === 2) {
      // HTML (source) mode: the box passes its text on after a short pause; take it now.
      var area = rich.container.querySelector('.jodit-source textarea');
      if (area && area.value !== rich.value) { rich.value = area.value; }
    }
    this.textarea.value = rich.value;
  };

  Body.prototype.onChange = function (fn) { this.changeHandlers.push(fn); };
  Body.prototype.onTouch = function (fn) { this.touchHandlers.push(fn); };

  Body.prototype.keepSelection = function () {
    if (this.rich) {
      try { this.rich.s.save(); this.savedSelection = true; } catch (e) { this.savedSelection = false; }
    } else {
      this.savedStart = this.textarea.selectionStart;
      this.savedEnd = this.textarea.selectionEnd;
    }
  };

  Body.prototype.dropSelection = function () {
    if (this.rich && this.savedSelection) {
      try { this.rich.s.restore(); } catch (e) { /* markers already gone */ }
      this.savedSelection = false;
    }
  };

  Body.prototype.insertHTML = function (html) {
    if (this.rich) {
      var rich = this.rich;
      if (this.savedSelection) {
        try { rich.s.restore(); } catch (e) { /* fall back to the end of the text */ }
        this.savedSelection = false;
      } else {
        rich.s.focus();
      }
      rich.s.insertHTML(html);
      rich.synchronizeValues && rich.synchronizeValues();
      this.textarea.value = rich.value;
      this.changeHandlers.forEach(function (fn) { fn(); });
      return;
    }
    var ta = this.textarea;
    var start = typeof this.savedStart === 'number' ? this.savedStart : ta.value.length;
    var end = typeof this.savedEnd === 'number' ? this.savedEnd : start;
    ta.value = ta.value.slice(0, start) + html + ta.value.slice(end);
    ta.selectionStart = ta.selectionEnd = start + html.length;
    this.changeHandlers.forEach(function (fn) { fn(); });
  };

  Body.prototype.focus = function () {
    if (this.rich) { this.rich.s.focus(); } else { this.textarea.focus(); }
  };

  // ------------------------------------------------------------------ the image library dialog
  function request(method, url, data, csrf, done) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    if (csrf) { xhr.setRequestHeader('X-CSRFToken', csrf); }
    xhr.onload = function () {
      var json = null;
      var type = xhr.getResponseHeader('Content-Type') || '';
      if (type.indexOf('json') !== -1) {
        try { json = JSON.parse(xhr.responseText); } catch (e) { json = null; }
      }
      var redirectedToLogin = !!(xhr.responseURL && /\/dang-nhap/.test(xhr.responseURL));
      done({ status: xhr.status, json: json, login: redirectedToLogin });
    };
    xhr.onerror = function () { done({ status: 0, json: null, login: false }); };
    xhr.send(data || null);
  }

  function problem(res) {
    if (res.login || res.status === 401) { return TEXT.expired; }
    if (res.status === 0) { return TEXT.network; }
    if (res.status === 404) { return TEXT.missing; }
    if (res.status === 413) { return TEXT.tooLarge; }
    if (res.json && res.json.error) { return String(res.json.error); }
    if (res.status === 400 && !res.json) { return TEXT.expired; } // the CSRF error page: session gone
    return TEXT.failed;
  }

  function imageHTML(item, alt) {
    var html = '<img src="' + attr(item.url) + '" alt="' + attr(alt || '') + '"';
    var w = parseInt(item.width, 10);
    var h = parseInt(item.height, 10);
    if (w >= 16 && h >= 16) { html += ' width="' + w + '" height="' + h + '"'; }
    return html + '>';
  }

  var dialogCount = 0;

  function Library(options) {
    this.listUrl = options.listUrl;
    this.uploadUrl = options.uploadUrl;
    this.csrf = options.csrf;
    this.onInsert = options.onInsert;
    this.onCancel = options.onCancel;
    this.page = 1;
    this.items = [];
    this.built = false;
  }

  Library.prototype.build = function () {
    var self = this;
    var n = ++dialogCount;
    var id = function (s) { return 'thu-vien-' + s + '-' + n; };
    this.search = el('input', { type: 'search', id: id('tim'), name: 'q', maxlength: '200', autocomplete: 'off' });
    this.status = el('p', { 'class': 'media-dialog__status', id: id('trang-thai'), 'aria-live': 'polite' });
    this.grid = el('ul', { 'class': 'media-grid', 'aria-labelledby': id('tieu-de') });
    this.more = el('button', { type: 'button', 'class': 'btn btn--small', hidden: true, text: TEXT.more });
    this.altInput = el('input', { type: 'text', id: id('mo-ta-chon'), maxlength: '300' });
    this.altError = el('p', { 'class': 'field__error', id: id('mo-ta-chon-loi'), role: 'alert', hidden: true });
    this.altName = el('p');
    this.altBox = el('div', { 'class': 'media-dialog__alt', hidden: true }, [
      this.altName,
      el('label', { 'for': id('mo-ta-chon'), 'class': 'field__label', text: TEXT.altLabel }),
      this.altInput, this.altError,
      el('p', {}, [
        el('button', { type: 'button', 'class': 'btn btn--primary', 'data-action': 'chen', text: TEXT.insert }), ' ',
        el('button', { type: 'button', 'class': 'btn', 'data-action': 'chon-khac', text: TEXT.otherImage })
      ])
    ]);
    this.file = el('input', { type: 'file', id: id('tep'), name: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif' });
    this.uploadAlt = el('input', { type: 'text', id: id('mo-ta'), name: 'alt', maxlength: '300' });
    this.uploadError = el('p', { 'class': 'field__error', id: id('tai-len-loi'), role: 'alert', hidden: true });
    this.uploadNote = el('p', { 'class': 'field__hint', hidden: true });
    this.uploadButton = el('button', { type: 'submit', 'class': 'btn btn--primary', text: TEXT.upload });
    this.uploadForm = el('form', { 'class': 'media-dialog__upload', novalidate: 'novalidate' }, [
      el('fieldset', { 'class': 'fieldset' }, [
        el('legend', { text: TEXT.uploadLegend }),
        this.uploadNote,
        el('div', { 'class': 'field' }, [el('label', { 'for': id('tep'), 'class': 'field__label', text: TEXT.fileLabel }), this.file]),
        el('div', { 'class': 'field' }, [el('label', { 'for': id('mo-ta'), 'class': 'field__label', text: TEXT.altLabel }), this.uploadAlt]),
        this.uploadError,
        el('p', {}, [this.uploadButton])
      ])
    ]);
    this.closeButton = el('button', { type: 'button', 'class': 'btn btn--small media-dialog__close', 'aria-label': TEXT.closeLabel, text: TEXT.close + ' ×' });
    this.dialog = el('div', {
      'class': 'media-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': id('tieu-de'),
      'aria-describedby': id('trang-thai'), tabindex: '-1'
    }, [
      el('div', { 'class': 'media-dialog__head' }, [el('h2', { id: id('tieu-de'), text: TEXT.library }), this.closeButton]),
      el('form', { 'class': 'media-dialog__search', role: 'search' }, [
        el('label', { 'for': id('tim'), 'class': 'field__label', text: TEXT.searchLabel }),
        el('span', { 'class': 'media-dialog__search-row' }, [this.search, el('button', { type: 'submit', 'class': 'btn', text: TEXT.search })])
      ]),
      this.status, this.grid, el('p', {}, [this.more]), this.altBox, this.uploadForm
    ]);
    this.backdrop = el('div', { 'class': 'media-dialog-backdrop', hidden: true }, [this.dialog]);
    document.body.appendChild(this.backdrop);

    this.closeButton.addEventListener('click', function () { self.close(true); });
    this.backdrop.addEventListener('mousedown', function (e) { if (e.target === self.backdrop) { self.close(true); } });
    this.dialog.addEventListener('keydown', function (e) { self.keydown(e); });
    this.dialog.querySelector('.media-dialog__search').addEventListener('submit', function (e) {
      e.preventDefault();
      self.load(1);
    });
    this.more.addEventListener('click', function () { self.load(self.page + 1); });
    this.grid.addEventListener('click', function (e) {
      var button = e.target.closest ? e.target.closest('button[data-index]') : null;
      if (button) { self.pick(self.items[parseInt(button.getAttribute('data-index'), 10)]); }
    });
    this.altBox.addEventListener('click', function (e) {
      var action = e.target.getAttribute && e.target.getAttribute('data-action');
      if (action === 'chen') { self.insertPicked(); }
      if (action === 'chon-khac') { self.altBox.hidden = true; self.picked = null; self.search.focus(); }
    });
    this.altInput.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); self.insertPicked(); }
    });
    this.uploadForm.addEventListener('submit', function (e) { e.preventDefault(); self.upload(); });
    this.built = true;
  };

  Library.prototype.focusable = function () {
    var nodes = this.dialog.querySelectorAll('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])');
    return Array.prototype.filter.call(nodes, function (node) {
      return !node.disabled && node.offsetParent !== null;
    });
  };

  Library.prototype.keydown = function (e) {
    if (e.key === 'Escape' || e.key === 'Esc') {
      e.preventDefault();
      e.stopPropagation();
      this.close(true);
      return;
    }
    if (e.key !== 'Tab') { return; }
    var nodes = this.focusable();
    if (!nodes.length) { return; }
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    if (e.shiftKey && (document.activeElement === first || document.activeElement === this.dialog)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  Library.prototype.open = function (file) {
    if (!this.built) { this.build(); }
    this.returnFocus = document.activeElement;
    this.backdrop.hidden = false;
    document.documentElement.classList.add('has-dialog');
    this.altBox.hidden = true;
    this.uploadError.hidden = true;
    this.uploadNote.hidden = true;
    this.picked = null;
    if (file) {
      var placed = false;
      try {
        var transfer = new DataTransfer();
        transfer.items.add(file);
        this.file.files = transfer.files;
        placed = this.file.files.length === 1;
      } catch (e) { placed = false; }
      this.uploadNote.textContent = placed ? TEXT.pastedFile(file.name || 'ảnh') : TEXT.pastedFileManual;
      this.uploadNote.hidden = false;
      (placed ? this.uploadAlt : this.file).focus();
    } else {
      this.search.focus();
    }
    this.load(1);
  };

  Library.prototype.close = function (cancelled) {
    if (!this.built || this.backdrop.hidden) { return; }
    this.backdrop.hidden = true;
    document.documentElement.classList.remove('has-dialog');
    if (cancelled && this.onCancel) { this.onCancel(); }
    var back = this.returnFocus;
    if (cancelled && back && back.focus && document.body.contains(back)) { back.focus(); }
  };

  Library.prototype.say = function (message) {
    this.status.textContent = message;
  };

  Library.prototype.load = function (page) {
    var self = this;
    var url = this.listUrl + (this.listUrl.indexOf('?') === -1 ? '?' : '&') +
      'q=' + encodeURIComponent(this.search.value.trim()) + '&trang=' + page;
    this.say(TEXT.loading);
    this.more.hidden = true;
    request('GET', url, null, null, function (res) {
      if (res.status !== 200 || !res.json || !res.json.items || res.login) {
        if (page === 1) { self.items = []; self.grid.textContent = ''; }
        self.say(problem(res));
        return;
      }
      if (page === 1) { self.items = []; self.grid.textContent = ''; }
      self.page = page;
      res.json.items.forEach(function (item) { self.addItem(item); });
      var total = parseInt(res.json.total, 10) || self.items.length;
      self.say(self.items.length ? TEXT.count(self.items.length, total) : TEXT.empty);
      self.more.hidden = !(self.items.length < total && res.json.items.length > 0);
    });
  };

  Library.prototype.addItem = function (item) {
    var index = this.items.length;
    this.items.push(item);
    var label = item.alt || item.name || '';
    var img = el('img', { src: item.thumb || item.url, alt: item.alt || '', loading: 'lazy', width: '160', height: '120' });
    var button = el('button', { type: 'button', 'class': 'media-grid__pick', 'data-index': String(index), 'aria-label': TEXT.pick + label }, [
      img,
      el('span', { 'class': 'media-grid__alt', text: item.alt || TEXT.noAlt }),
      el('span', { 'class': 'media-grid__name', text: item.name || '' })
    ]);
    this.grid.appendChild(el('li', {}, [button]));
  };

  Library.prototype.pick = function (item) {
    if (!item) { return; }
    if (item.alt && String(item.alt).trim()) {
      this.finish(item, String(item.alt).trim());
      return;
    }
    // An image without a description: ask for one before it goes into the article.
    this.picked = item;
    this.altName.textContent = TEXT.needAltTitle + (item.name ? ' (' + item.name + ')' : '');
    this.altInput.value = '';
    this.altError.hidden = true;
    this.altInput.removeAttribute('aria-invalid');
    this.altBox.hidden = false;
    this.altInput.focus();
  };

  Library.prototype.insertPicked = function () {
    var alt = this.altInput.value.trim();
    if (!alt) {
      this.altError.textContent = TEXT.needAlt;
      this.altError.hidden = false;
      this.altInput.setAttribute('aria-invalid', 'true');
      this.altInput.setAttribute('aria-describedby', this.altError.id);
      this.altInput.focus();
      return;
    }
    this.finish(this.picked, alt);
  };

  Library.prototype.finish = function (item, alt) {
    this.close(false);
    this.onInsert(imageHTML(item, alt));
  };

  Library.prototype.upload = function () {
    var self = this;
    var file = this.file.files && this.file.files[0];
    var alt = this.uploadAlt.value.trim();
    this.file.removeAttribute('aria-invalid');
    this.uploadAlt.removeAttribute('aria-invalid');
    var error = !file ? TEXT.needFile : (!alt ? TEXT.needAlt : '');
    if (error) {
      var field = !file ? this.file : this.uploadAlt;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', this.uploadError.id);
      this.showUploadError(error);
      field.focus();
      return;
    }
    var data = new FormData();
    data.append('file', file);
    data.append('alt', alt);
    this.uploadError.hidden = true;
    this.uploadButton.disabled = true;
    this.say(TEXT.uploading);
    request('POST', this.uploadUrl, data, this.csrf, function (res) {
      self.uploadButton.disabled = false;
      if ((res.status === 201 || res.status === 200) && res.json && res.json.item && !res.login) {
        self.file.value = '';
        self.uploadAlt.value = '';
        self.say('');
        self.finish(res.json.item, res.json.item.alt || alt);
        return;
      }
      self.say('');
      self.showUploadError(problem(res));
      self.uploadButton.focus();
    });
  };

  Library.prototype.showUploadError = function (message) {
    this.uploadError.textContent = message;
    this.uploadError.hidden = false;
  };

  // ------------------------------------------------------------------ the copy kept in the browser
  function Autosave(form, body, store) {
    this.form = form;
    this.body = body;
    this.store = store;
    this.formKey = form.getAttribute('data-autosave-key') || window.location.pathname;
    this.touched = false;
    this.lastWritten = null;
    this.timer = null;
    this.lastSubmitter = null;
    this.keySuffix = ''; // set while an offered copy waits for an answer: new typing must not overwrite it
  }

  Autosave.prototype.version = function () {
    var input = this.form.elements.base_version;
    var v = input && input.value ? String(input.value).trim() : '';
    return /^\d+$/.test(v) ? v : '0';
  };

  Autosave.prototype.key = function (version) {
    return PREFIX + this.formKey + '|v' + (version || this.version()) + this.keySuffix;
  };

  /** What the person typed: every named field except hidden ones (CSRF token, version) and files. */
  Autosave.prototype.snapshot = function () {
    var fields = {};
    var els = this.form.elements;
    for (var i = 0; i < els.length; i++) {
      var e = els[i];
      var type = (e.type || '').toLowerCase();
      if (!e.name || e.disabled || e.name.indexOf('jodit') === 0 || type === 'file' || type === 'hidden' || type === 'submit' || type === 'button' ||
          type === 'reset' || type === 'password') { continue; }
      if (e === this.body.textarea) { fields[e.name] = this.body.get(); continue; }
      if (type === 'checkbox') { fields[e.name] = e.checked ? (e.value || 'y') : ''; continue; }
      if (type === 'radio') { if (e.checked) { fields[e.name] = e.value; } continue; }
      fields[e.name] = e.value;
    }
    return fields;
  };

  Autosave.prototype.apply = function (fields) {
    var els = this.form.elements;
    for (var i = 0; i < els.length; i++) {
      var e = els[i];
      var type = (e.type || '').toLowerCase();
      if (!e.name || !Object.prototype.hasOwnProperty.call(fields, e.name) || type === 'file' || type === 'hidden') { continue; }
      var value = fields[e.name];
      if (e === this.body.textarea) { this.body.set(value); continue; }
      if (type === 'checkbox') { e.checked = !!value; continue; }
      if (type === 'radio') { e.checked = e.value === value; continue; }
      e.value = value;
    }
  };

  function normal(value) {
    return String(value === undefined || value === null ? '' : value)
      .replace(/\u200b|\ufeff/g, '').replace(/&nbsp;|\u00a0/g, ' ').replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
  }

  function differs(a, b) {
    var name;
    for (name in a) {
      if (Object.prototype.hasOwnProperty.call(a, name) && !NOT_COMPARED[name] && normal(a[name]) !== normal(b[name])) { return true; }
    }
    return false;
  }

  Autosave.prototype.copies = function (formKey) {
    var found = [];
    var prefix = PREFIX + formKey + '|v';
    for (var i = 0; i < this.store.length; i++) {
      var key = this.store.key(i);
      if (!key || key.indexOf(prefix) !== 0) { continue; }
      var copy = null;
      try { copy = JSON.parse(this.store.getItem(key)); } catch (e) { copy = null; }
      if (copy && copy.fields && copy.savedAt) { copy.key = key; found.push(copy); } else { this.store.removeItem(key); }
    }
    found.sort(function (a, b) { return b.savedAt - a.savedAt; });
    return found;
  };

  Autosave.prototype.forgetOld = function () {
    var limit = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
    var old = [];
    for (var i = 0; i < this.store.length; i++) {
      var key = this.store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) { continue; }
      try {
        var copy = JSON.parse(this.store.getItem(key));
        if (!copy || !copy.savedAt || copy.savedAt < limit) { old.push(key); }
      } catch (e) { old.push(key); }
    }
    var store = this.store;
    old.forEach(function (key) { store.removeItem(key); });
  };

  /** Keep a copy of the form; ``submitted``: it is being sent to be saved (always kept until that lands). */
  Autosave.prototype.write = function (submitted) {
    var fields = this.snapshot();
    var text = JSON.stringify(fields);
    var key = this.key();
    if (!submitted && text === this.baselineText) {
      // Back to what the page opened with: nothing to keep.
      if (this.lastWritten !== null) { this.store.removeItem(key); this.lastWritten = null; }
      return;
    }
    if (!submitted && text === this.lastWritten) { return; }
    var copy = { savedAt: Date.now(), version: this.version(), submitted: !!submitted, fields: fields };
    try {
      this.store.setItem(key, JSON.stringify(copy));
    } catch (e) {
      this.forgetOld(); // storage full: make room once, then give up quietly
      try { this.store.setItem(key, JSON.stringify(copy)); } catch (e2) { return; }
    }
    this.lastWritten = text;
  };

  Autosave.prototype.schedule = function () {
    var self = this;
    if (!this.touched) { return; }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.write(false); }, SAVE_AFTER_INPUT_MS);
  };

  /** The page after a successful save says so (data-autosave-saved): drop the copies that were sent. */
  Autosave.prototype.clearSaved = function () {
    var form = this.form;
    if (form.getAttribute('data-autosave-saved') !== '1') { return; }
    var store = this.store;
    var current = parseInt(this.version(), 10);
    this.copies(this.formKey).forEach(function (copy) {
      if (copy.submitted && parseInt(copy.version, 10) < current) { store.removeItem(copy.key); }
    });
    // The first save of a new item lands here from the "new" form's URL.
    var newKey = form.getAttribute('data-autosave-new-key');
    var title = form.elements.title ? normal(form.elements.title.value) : null;
    if (newKey && current === 1) {
      this.copies(newKey).forEach(function (copy) {
        if (copy.submitted && (title === null || normal(copy.fields.title) === title)) { store.removeItem(copy.key); }
      });
    }
  };

  Autosave.prototype.offer = function () {
    var self = this;
    var copies = this.copies(this.formKey);
    var current = this.version();
    var copy = null;
    for (var i = 0; i < copies.length; i++) {
      if (differs(copies[i].fields, this.baseline)) { copy = copies[i]; break; }
      if (copies[i].version !== current) { this.store.removeItem(copies[i].key); } // same text as stored: nothing lost
    }
    if (!copy) { return; }
    var when = formatTime(copy.savedAt);
    var restore = el('button', { type: 'button', 'class': 'btn btn--small btn--primary', text: TEXT.restore });
    var dismiss = el('button', { type: 'button', 'class': 'btn btn--small', text: TEXT.dismiss });
    var children = [el('p', {}, [el('strong', { text: TEXT.draftFound(when) }), ' — ', restore, ' / ', dismiss])];
    if (copy.version !== current && copy.version !== '0') { children.push(el('p', { 'class': 'meta', text: TEXT.draftOlder })); }
    var banner = el('div', { 'class': 'alert alert--warning autosave-banner', role: 'region', 'aria-label': TEXT.draftRegion }, children);
    if (copy.key === this.key()) { this.keySuffix = '|' + Date.now(); }
    this.form.parentNode.insertBefore(banner, this.form);
    restore.addEventListener('click', function () {
      self.apply(copy.fields);
      self.keySuffix = '';
      var base = self.form.elements.base_version;
      // A copy typed on an older version keeps that version: the server then refuses a blind
      // overwrite and shows both texts.
      if (base && copy.version && copy.version !== '0') { base.value = copy.version; }
      self.touched = true;
      self.write(false);
      if (copy.key !== self.key() && self.store.getItem(self.key())) { self.store.removeItem(copy.key); }
      var done = el('p', { tabindex: '-1', text: TEXT.restored(when) });
      banner.className = 'alert alert--success autosave-banner';
      banner.setAttribute('role', 'status');
      banner.textContent = '';
      banner.appendChild(done);
      done.focus();
    });
    dismiss.addEventListener('click', function () {
      self.store.removeItem(copy.key);
      if (self.keySuffix && self.lastWritten !== null) {
        // What was typed meanwhile moves to the usual place.
        var moved = self.store.getItem(self.key());
        self.store.removeItem(self.key());
        self.keySuffix = '';
        if (moved) { try { self.store.setItem(self.key(), moved); } catch (e) { /* kept under the old key */ } }
      }
      self.keySuffix = '';
      banner.parentNode.removeChild(banner);
      var first = self.form.querySelector('input:not([type=hidden]), textarea, select');
      if (first) { first.focus(); }
    });
  };

  Autosave.prototype.start = function () {
    var self = this;
    var form = this.form;
    this.forgetOld();
    this.baseline = this.snapshot();
    this.baselineText = JSON.stringify(this.baseline);
    this.clearSaved();
    this.offer();

    var touch = function () { self.touched = true; self.schedule(); };
    form.addEventListener('input', touch);
    form.addEventListener('change', touch);
    this.body.onTouch(function () { self.touched = true; });
    this.body.onChange(function () {
      if (!self.touched) {
        // The editor tidying the stored HTML is not typing: move the baseline instead.
        self.baseline = self.snapshot();
        self.baselineText = JSON.stringify(self.baseline);
        return;
      }
      self.schedule();
    });
    window.setInterval(function () { if (self.touched) { self.write(false); } }, SAVE_EVERY_MS);
    var flush = function () { if (self.touched) { self.write(false); } };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { flush(); } });

    form.addEventListener('click', function (e) {
      var b = e.target.closest ? e.target.closest('button[type=submit], input[type=submit]') : null;
      if (b) { self.lastSubmitter = b; window.setTimeout(function () { self.lastSubmitter = null; }, 0); }
    }, true);
    form.addEventListener('submit', function (e) {
      var submitter = e.submitter || self.lastSubmitter;
      var preview = !!(submitter && submitter.hasAttribute('data-preview'));
      // A save keeps a copy marked as sent, cleared when the page after the save says it landed; if the
      // save fails (session expired, network), the copy is still there. A preview leaves this page open.
      if (!preview) { self.write(true); } else if (self.touched) { self.write(false); }
    });
  };

  // ------------------------------------------------------------------ wiring
  function setUp(form) {
    var textarea = form.querySelector('textarea[data-rich-editor]');
    if (!textarea) { return; }
    var body = new Body(textarea, form);
    var csrfInput = form.querySelector('input[name="csrf_token"]');
    var library = null;
    if (form.getAttribute('data-media-list')) {
      library = new Library({
        listUrl: form.getAttribute('data-media-list'),
        uploadUrl: form.getAttribute('data-media-upload'),
        csrf: csrfInput ? csrfInput.value : '',
        onInsert: function (html) { body.insertHTML(html); body.focus(); },
        onCancel: function () { body.dropSelection(); }
      });
    }
    var openLibrary = function (file) {
      if (!library) { return; }
      body.keepSelection();
      library.open(file && file.name !== undefined ? file : null);
    };
    var rich = body.start(openLibrary);
    if (library) {
      // One step from the computer: the file chosen opens the dialog with it in place, asking its description.
      var pickId = textarea.id + '-anh-may-tinh';
      var pick = el('input', { type: 'file', id: pickId, 'class': 'photo-pick__input', accept: 'image/jpeg,image/png,image/webp,image/gif' });
      pick.addEventListener('change', function () {
        var chosen = pick.files && pick.files[0];
        if (chosen) { openLibrary(chosen); }
        pick.value = '';
      });
      var where = rich && body.rich ? body.rich.container : textarea;
      where.parentNode.insertBefore(el('p', { 'class': 'photo-pick' }, [
        pick, el('label', { 'for': pickId, 'class': 'btn btn--small', text: TEXT.fromComputer })
      ]), where);
    }
    if (!rich && library) {
      // No rich editor: the library still inserts the <img> tag at the cursor of the plain textarea.
      var button = el('button', { type: 'button', 'class': 'btn btn--small', text: TEXT.library });
      button.addEventListener('click', function () { openLibrary(); });
      textarea.parentNode.insertBefore(el('p', {}, [button]), textarea);
    }
    form.addEventListener('submit', function () { body.sync(); });
    var store = storage();
    if (store) {
      var autosave = new Autosave(form, body, store);
      var begin = function () { window.setTimeout(function () { autosave.start(); }, 0); };
      if (body.rich && body.rich.waitForReady) {
        body.rich.waitForReady().then(begin, begin);
      } else {
        begin();
      }
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-rich-form]'), setUp);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
