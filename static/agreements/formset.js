// "Add another row" in the page: clone the formset's empty row and count it.
// Without JavaScript the same button asks the server for one more row.
document.querySelectorAll("[data-formset]").forEach(function (formset) {
  var prefix = formset.dataset.formset;
  var button = formset.querySelector("[data-add-row]");
  var template = formset.querySelector("template[data-empty-row]");
  var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  var max = formset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
  if (!button || !template || !total) return;
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    formset.querySelector("[data-formset-rows]").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    if (max && index + 1 >= parseInt(max.value, 10)) button.hidden = true;
    var rows = formset.querySelectorAll("[data-formset-rows] fieldset");
    var first = rows[rows.length - 1].querySelector("input, select, textarea");
    if (first) first.focus();
  });
});
