/* Nhập dữ liệu: press "Tiếp tục" by itself after each step, until the import is done or the editor pauses it. */
(function () {
  'use strict';
  var form = document.querySelector('form[data-auto-continue]');
  if (!form) { return; }
  var pause = form.querySelector('[data-action="pause"]');
  var note = document.querySelector('[data-import-note]');
  var timer = window.setTimeout(function () { form.submit(); }, 400);
  if (pause) {
    pause.hidden = false;
    pause.addEventListener('click', function () {
      window.clearTimeout(timer);
      pause.hidden = true;
      if (note) { note.textContent = 'Đã tạm dừng. Bấm “Tiếp tục” để nhập tiếp.'; }
    });
  }
  form.addEventListener('submit', function () {
    var button = form.querySelector('button[type="submit"]');
    if (button) { button.disabled = true; button.textContent = 'Đang nhập…'; }
  });
})();
