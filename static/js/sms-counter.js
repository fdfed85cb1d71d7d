/* The SMS/LMS byte counter under every text-message textarea (data-sms-limit). Korean carriers
   count EUC-KR bytes: 2 for a Korean (any non-ASCII) character, 1 for ASCII. The limits come
   from the server's data attributes (charter/sms.py), which validates the same rule. */
(function () {
  "use strict";
  var ko = document.documentElement.lang === "ko";
  function bytes(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) { n += text.charCodeAt(i) < 128 ? 1 : 2; }
    return n;
  }
  function fmt(n) { return n.toLocaleString(ko ? "ko-KR" : "en-US"); }
  document.querySelectorAll("textarea[data-sms-limit]").forEach(function (area) {
    var sms = parseInt(area.dataset.smsLimit, 10), lms = parseInt(area.dataset.lmsLimit, 10);
    var out = document.createElement("p");
    out.className = "sms-counter";
    out.id = area.id + "-bytes";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + out.id);
    var channel = area.dataset.smsChannelField ? area.form && area.form.elements[area.dataset.smsChannelField] : null;
    function update() {
      var on = !channel || channel.value === "sms";
      out.hidden = !on;
      if (!on) { return; }
      var n = bytes(area.value);
      var kind = n <= sms ? "SMS" : (n <= lms ? "LMS" : null);
      out.classList.toggle("is-over", kind === null);
      out.classList.toggle("is-lms", kind === "LMS");
      if (ko) {
        out.textContent = fmt(n) + " / " + fmt(kind === "SMS" ? sms : lms) + "바이트 · " +
          (kind ? kind + "로 보냅니다" : "너무 깁니다: 줄이거나 이메일로 보내 주세요");
      } else {
        out.textContent = fmt(n) + " / " + fmt(kind === "SMS" ? sms : lms) + " bytes · " +
          (kind ? "goes as " + kind : "too long: shorten it or send it by e-mail");
      }
    }
    area.addEventListener("input", update);
    if (channel) { channel.addEventListener("change", update); }
    update();
  });
})();
