// On a phone the main menu starts folded (without script it simply stays open).
(function () {
  var menu = document.getElementById("site-menu");
  if (menu && window.matchMedia("(max-width: 47.99rem)").matches) {
    menu.removeAttribute("open");
  }
})();
