/* Reply templates (templates/includes/reply_templates.html): the select, hidden without
   JavaScript, copies the chosen template's text into its textarea; the list under it stays for
   reading. An edited textarea is only replaced after the user agrees. */
(function () {
  "use strict";
  var ko = document.documentElement.lang === "ko";
  document.querySelectorAll("[data-reply-templates]").forEach(function (box) {
    var area = document.getElementById(box.dataset.replyTemplates);
    var pick = box.querySelector(".reply-templates-pick");
    var select = pick && pick.querySelector("select");
    if (!area || !select) { return; }
    pick.hidden = false;
    var filled = "";
    select.addEventListener("change", function () {
      if (!select.value) { return; }
      var text = select.selectedOptions[0].dataset.body || "";
      if (area.value.trim() && area.value !== filled &&
          !window.confirm(ko ? "작성 중인 내용을 예문으로 바꿀까요?" : "Replace what you wrote with the template?")) {
        select.value = "";
        return;
      }
      area.value = text;
      filled = text;
      area.dispatchEvent(new Event("input", { bubbles: true }));
      area.focus();
    });
  });
})();
