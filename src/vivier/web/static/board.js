/* Pipeline board: drag cards between lanes (Sortable) and send the "Move to" and "Archive" forms in the
   background. Every change goes through the same POST routes as the plain forms; the server answers with
   the vacancy's lane counts, shown in place. Without this script the forms post and redirect back. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board || !board.hasAttribute("data-editable")) return;
  var status = document.getElementById("board-status");
  var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");

  function say(template, values) {
    status.textContent = (template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? values[key] : whole;
    });
  }

  function laneOf(column) {
    return board.querySelector('[data-column="' + column + '"] [data-cards]');
  }

  function updateCounts(counts) {
    board.querySelectorAll("[data-column]").forEach(function (lane) {
      lane.querySelector("[data-count]").textContent = String(counts[lane.getAttribute("data-column")] || 0);
    });
  }

  function send(form) {
    return fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: Object.assign({ Accept: "application/json" }, headers),
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function nameOf(card) {
    return card.querySelector("[data-candidate]").textContent.trim();
  }

  // The card is already in its new lane; on failure `undo` puts it back.
  function move(card, column, undo) {
    var form = card.querySelector("form[data-move]");
    var select = form.elements.column_id;
    var previous = select.value;
    select.value = column;
    card.setAttribute("aria-busy", "true");
    return send(form)
      .then(function (answer) {
        updateCounts(answer.counts);
        var title = board.querySelector("#lane-" + column + "-title");
        say(board.getAttribute("data-msg-moved"), { name: nameOf(card), column: title ? title.textContent : "" });
      })
      .catch(function () {
        select.value = previous;
        undo();
        say(board.getAttribute("data-msg-failed"), { name: nameOf(card) });
      })
      .finally(function () {
        card.removeAttribute("aria-busy");
      });
  }

  board.querySelectorAll("[data-cards]").forEach(function (list) {
    window.Sortable.create(list, {
      group: "board",
      sort: false, // order within a lane is the server's (newest first): cards only change lanes
      animation: 150,
      delay: 200, // on touch screens only: a short press before dragging, so a swipe still scrolls
      delayOnTouchOnly: true,
      draggable: "[data-application]",
      filter: "button",
      preventOnFilter: false,
      onEnd: function (event) {
        if (event.from === event.to) return;
        var card = event.item;
        var from = event.from;
        var before = from.children[event.oldIndex] || null;
        move(card, event.to.closest("[data-column]").getAttribute("data-column"), function () {
          from.insertBefore(card, before);
        });
      },
    });
  });

  board.addEventListener("submit", function (event) {
    var form = event.target;
    var card = form.closest("[data-application]");
    if (!card) return;
    if (form.hasAttribute("data-move")) {
      event.preventDefault();
      var column = form.elements.column_id.value;
      var target = laneOf(column);
      var from = card.parentElement;
      var next = card.nextElementSibling;
      if (!target || target === from) return;
      target.insertBefore(card, target.firstChild);
      move(card, column, function () {
        from.insertBefore(card, next);
      }).then(function () {
        form.elements.column_id.focus();
      });
    } else if (form.hasAttribute("data-archive")) {
      event.preventDefault();
      if (!window.confirm(form.getAttribute("data-confirm"))) return;
      var name = nameOf(card);
      send(form)
        .then(function (answer) {
          var neighbour = card.nextElementSibling || card.previousElementSibling;
          card.remove();
          updateCounts(answer.counts);
          say(board.getAttribute("data-msg-archived"), { name: name });
          if (neighbour) neighbour.querySelector("[data-candidate]").focus();
        })
        .catch(function () {
          say(board.getAttribute("data-msg-failed"), { name: name });
        });
    }
  });
})();
