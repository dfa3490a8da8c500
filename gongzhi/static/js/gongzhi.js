/* Gongzhi 共治: glue between htmx, Django and the page. No inline scripts, no eval (strict CSP).
 * Load with `defer`, after htmx.min.js. */
(function () {
  "use strict";

  if (window.htmx) {
    // A strict CSP blocks the <style> htmx injects for .htmx-indicator (gongzhi.css has the
    // same rules) and the eval htmx uses for hx-on / js: values. Set before htmx initialises
    // on DOMContentLoaded; a <meta name="htmx-config"> still overrides these.
    htmx.config.includeIndicatorStyles = false;
    htmx.config.allowEval = false;
    // Pages can show personal data; do not keep copies of them in localStorage for "back".
    htmx.config.historyCacheSize = 0;
  }

  // Every htmx request carries Django's CSRF token (GET requests ignore it harmlessly).
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    var token = meta && meta.getAttribute("content");
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // The server checks every form and answers in the reader's language beside each field; the
  // browser's own bubbles would speak the browser's language (English on an English PC) and
  // hide those messages. So no form uses them; required fields still carry `required` for
  // assistive technology. Forms swapped in by htmx get the same.
  function skipBrowserValidation(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.tagName === "FORM") root.noValidate = true;
    root.querySelectorAll("form").forEach(function (form) { form.noValidate = true; });
  }
  skipBrowserValidation(document);
  document.addEventListener("htmx:load", function (event) { skipBrowserValidation(event.detail.elt); });

  // After a login that followed an expired session, the server hands back what the person had
  // typed (gongzhi.accounts.login_drafts). Forms drawn by core/form_fields.html are already
  // prefilled on the server; this fills the hand-drawn ones by field name. Hidden, file and
  // password inputs are left alone.
  function restoreLoginDraft() {
    var source = document.getElementById("gz-login-draft");
    var main = document.getElementById("main");
    if (!source || !main) return;
    var draft = JSON.parse(source.textContent);
    Object.keys(draft).forEach(function (name) {
      var values = draft[name];
      var fields = Array.prototype.filter.call(main.querySelectorAll("[name]"), function (el) {
        return el.name === name && el.form && !/^(hidden|file|password|submit|button)$/.test(el.type);
      });
      fields.forEach(function (el, index) {
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = values.indexOf(el.value || "on") !== -1;
        } else if (el.multiple) {
          Array.prototype.forEach.call(el.options, function (option) {
            option.selected = values.indexOf(option.value) !== -1;
          });
        } else if (index < values.length) {
          el.value = values[index];
        }
      });
    });
  }
  restoreLoginDraft();

  // data-confirm="确定删除吗？" asks window.confirm first. It may sit on the htmx element, or on
  // the submit button of a form, or on a plain (non-htmx) form or link.
  function confirmMessage(el, submitter) {
    return (submitter && submitter.getAttribute("data-confirm")) ||
      (el && el.getAttribute && el.getAttribute("data-confirm"));
  }

  // htmx:confirm fires before every htmx request; act only when data-confirm is present.
  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail.triggeringEvent;
    var message = confirmMessage(event.detail.elt, trigger && trigger.submitter);
    if (!message) return;
    event.preventDefault();
    if (window.confirm(message)) {
      event.detail.issueRequest(true); // true: skip htmx's own hx-confirm prompt
    }
  });

  // Plain forms and links. These listeners sit on document, so they run after htmx's own
  // listeners on the element; if htmx took the event over (defaultPrevented), the
  // htmx:confirm handler above has already asked.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    var message = confirmMessage(event.target, event.submitter);
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || !event.target.closest) return;
    var link = event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
