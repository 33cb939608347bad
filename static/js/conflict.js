/* When a save was refused because someone saved first: a button under each differing part of the saved
 * version copies it into the form (the rich editor included). Without JavaScript the buttons are absent;
 * the two versions stay on screen as text. ES5, for old office browsers. */
(function () {
  'use strict';
  function setField(name, value) {
    var form = document.getElementById(document.querySelector('.conflict [form]').getAttribute('form'));
    var input = form && form.elements[name];
    if (!input) { return false; }
    input.value = value;
    var instances = window.Jodit && window.Jodit.instances;
    if (instances) {
      for (var id in instances) {
        if (Object.prototype.hasOwnProperty.call(instances, id) && instances[id].element === input) {
          instances[id].value = value;
        }
      }
    }
    return true;
  }
  var holders = document.querySelectorAll('template.conflict__copy');
  for (var i = 0; i < holders.length; i++) {
    (function (holder) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn btn--small';
      button.textContent = 'Chép phần này vào biểu mẫu';
      var status = document.createElement('span');
      status.className = 'meta';
      status.setAttribute('role', 'status');
      button.addEventListener('click', function () {
        if (setField(holder.getAttribute('data-field'), holder.getAttribute('data-value'))) {
          status.textContent = ' Đã chép vào biểu mẫu. Bấm Lưu (hoặc “Giữ bản của tôi”) để lưu.';
        }
      });
      holder.parentNode.insertBefore(button, holder);
      holder.parentNode.insertBefore(status, holder);
    })(holders[i]);
  }
})();
