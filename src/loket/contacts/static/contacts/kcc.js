// Keyboard helpers of the contact-centre workspace; everything also works without them.
// - Arrow down in the search box moves to the first result, arrows move between results.
// - Ctrl+Enter (or Cmd+Enter) in the contact form registers the contact.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return;
  if ((event.key === "ArrowDown" || event.key === "ArrowUp") && (target.matches("[data-kcc-results]") || target.matches("[data-kcc-result]"))) {
    const results = Array.from(document.querySelectorAll("[data-kcc-result]"));
    if (!results.length) return;
    const index = results.indexOf(target);
    const next = event.key === "ArrowDown" ? index + 1 : index - 1;
    if (next >= 0 && next < results.length) {
      results[next].focus();
      event.preventDefault();
    } else if (next < 0 && index === 0) {
      document.querySelector("[data-kcc-results]")?.focus();
      event.preventDefault();
    }
  }
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    const form = target.closest("[data-kcc-contact]");
    if (form) {
      event.preventDefault();
      form.querySelector("button[name='action'][value='save']")?.click();
    }
  }
});
