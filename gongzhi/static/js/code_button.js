/* The 获取验证码 button of the portal's sign-up and password-reset pages
 * (portal/signup/_code_field.html): posts the phone number to the button's formaction, shows
 * the answer in the status line and counts down before another code may be asked for. Without
 * this script the button submits the form to the same address, which answers with the page.
 * No inline scripts (strict CSP): load with `defer`. */
(function () {
  "use strict";

  function countdown(button, seconds) {
    var label = button.textContent;
    var template = button.getAttribute("data-wait-text");
    button.disabled = true;
    function tick() {
      if (seconds <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = template.replace("%(seconds)s", seconds);
      seconds -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  function attach(button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var form = button.form;
      var phone = document.getElementById(button.getAttribute("data-phone-field"));
      var status = document.getElementById(button.getAttribute("data-status"));
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("phone", phone ? phone.value : "");
      data.append("purpose", button.value);
      button.disabled = true;
      fetch(button.getAttribute("formaction"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-Requested-With": "fetch"}
      }).then(function (response) {
        var wait = parseInt(response.headers.get("X-Code-Wait") || "0", 10);
        return response.text().then(function (html) {
          status.innerHTML = html;
          if (wait > 0) {
            countdown(button, wait);
          } else {
            button.disabled = false;
          }
        });
      }).catch(function () {
        button.disabled = false;
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-code-button]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
