// Settings pages: drag and drop of pipeline columns (the ↑/↓ buttons do the same without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("columns");
  const form = document.getElementById("column-order");
  if (!list || !form || typeof Sortable === "undefined") return;
  Sortable.create(list, {
    handle: ".handle",
    animation: 150,
    onEnd: () => {
      form.querySelectorAll("input[name=column]").forEach((input) => input.remove());
      list.querySelectorAll("li[data-column]").forEach((item) => {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "column";
        input.value = item.dataset.column;
        form.appendChild(input);
      });
      form.requestSubmit();
    },
  });
});
