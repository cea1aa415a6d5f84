/* Vacancy form: choosing a job category selects its channel (the server still checks they match). */
(function () {
  "use strict";
  var metier = document.getElementById("f-metier_id");
  var channel = document.getElementById("f-channel_id");
  if (!metier || !channel) return;
  metier.addEventListener("change", function () {
    var option = metier.options[metier.selectedIndex];
    if (option && option.getAttribute("data-channel")) channel.value = option.getAttribute("data-channel");
  });
})();
