// Prefix suggestions for search boxes (optional: the forms work without this script).
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-suggest-url");
    if (!list || !url) { return; }
    var timer = null, last = "";
    input.addEventListener("input", function () {
      var value = input.value.trim();
      if (value.length < 2 || value === last) { return; }
      last = value;
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(url + "?prefix=" + encodeURIComponent(value), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (data) {
            while (list.firstChild) { list.removeChild(list.firstChild); }
            (data.items || []).forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              option.label = item.code;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  }
  document.querySelectorAll("input[data-suggest-url]").forEach(attach);
})();
