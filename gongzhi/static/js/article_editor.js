/* The article editor: a contenteditable area with a small toolbar over the form's textarea
   (data-article-editor). It writes its HTML back into the textarea; the server cleans it.
   Without JS the textarea itself is the editor. Images are uploaded with fetch to the draft's
   image address and inserted with the address the server answers, <img src="/portal/images/<id>/">
   (the only src the server's cleaning keeps). No inline script (strict CSP). */
(function () {
  "use strict";

  function init() {
    var textarea = document.querySelector("textarea[data-article-editor]");
    var texts = document.getElementById("article-editor-texts");
    if (!textarea || !texts) { return; }
    var t = texts.dataset;

    var toolbar = document.createElement("div");
    toolbar.className = "gz-editor-toolbar btn-group flex-wrap";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", t.toolbar);
    var area = document.createElement("div");
    area.className = "gz-editor-area form-control";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-labelledby", textarea.id + "_label");
    area.dataset.testid = "editor-area";
    area.innerHTML = textarea.value;
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = textarea.id + "_label";
      label.addEventListener("click", function () { area.focus(); });
    }

    var saved = null;
    function remember() {
      var selection = window.getSelection();
      if (selection.rangeCount && area.contains(selection.anchorNode)) {
        saved = selection.getRangeAt(0).cloneRange();
      }
    }
    function restore() {
      area.focus();
      if (saved) {
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(saved);
      }
    }
    function sync() { textarea.value = area.innerHTML; }

    var buttons = [
      ["bold", t.bold, function () { document.execCommand("bold"); }],
      ["italic", t.italic, function () { document.execCommand("italic"); }],
      ["h2", t.h2, function () { document.execCommand("formatBlock", false, "h2"); }],
      ["h3", t.h3, function () { document.execCommand("formatBlock", false, "h3"); }],
      ["ul", t.ul, function () { document.execCommand("insertUnorderedList"); }],
      ["ol", t.ol, function () { document.execCommand("insertOrderedList"); }],
      ["quote", t.quote, function () { document.execCommand("formatBlock", false, "blockquote"); }],
      ["link", t.link, function () {
        var url = window.prompt(t.linkPrompt, "https://");
        if (url && /^(https?:|mailto:|tel:)/i.test(url)) {
          restore();
          document.execCommand("createLink", false, url);
        }
      }],
      ["image", t.image, function () { picker.click(); }]
    ];
    buttons.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm";
      button.textContent = spec[1];
      button.dataset.testid = "editor-" + spec[0];
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        if (spec[0] !== "link" && spec[0] !== "image") { restore(); }
        spec[2]();
        sync();
      });
      toolbar.appendChild(button);
    });

    var status = document.createElement("div");
    status.className = "small text-secondary mt-1";
    status.setAttribute("role", "status");

    var picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "image/jpeg,image/png,image/webp";
    picker.hidden = true;
    picker.dataset.testid = "editor-image-input";
    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      if (!file) { return; }
      if (!t.uploadUrl) { status.textContent = t.saveFirst; return; }
      var body = new FormData();
      body.append("image", file);
      status.textContent = t.uploading;
      var token = document.querySelector('meta[name="csrf-token"]').content;
      fetch(t.uploadUrl, {method: "POST", body: body, credentials: "same-origin",
                          headers: {"X-CSRFToken": token, "Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (data) { return [response.ok, data]; });
        })
        .then(function (result) {
          if (!result[0]) { status.textContent = result[1].error || t.failed; return; }
          restore();
          var img = document.createElement("img");
          img.setAttribute("src", result[1].url);  // as given: relative, not resolved
          img.alt = result[1].caption || "";
          var selection = window.getSelection();
          if (saved && selection.rangeCount) {
            var range = selection.getRangeAt(0);
            range.collapse(false);
            range.insertNode(img);
          } else {
            area.appendChild(img);
          }
          status.textContent = "";
          sync();
          addThumb(result[1]);
        })
        .catch(function () { status.textContent = t.failed; })
        .finally(function () { picker.value = ""; });
    });

    function addThumb(image) {
      var list = document.querySelector("[data-image-list]");
      if (!list) { return; }
      var empty = list.querySelector("[data-image-empty]");
      if (empty) { empty.remove(); }
      var item = document.createElement("li");
      item.className = "gz-article-thumb";
      var img = document.createElement("img");
      img.src = image.url;
      img.alt = image.caption || "";
      img.width = 120;
      item.appendChild(img);
      list.appendChild(item);
    }

    area.addEventListener("input", sync);
    area.addEventListener("keyup", remember);
    area.addEventListener("mouseup", remember);
    area.addEventListener("blur", function () { remember(); sync(); });
    textarea.form.addEventListener("submit", sync);

    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
    textarea.parentNode.insertBefore(picker, textarea);
    textarea.parentNode.insertBefore(status, textarea);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
