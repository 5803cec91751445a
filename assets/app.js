// autodms: the little behaviour the pages need; everything else is plain HTML and htmx.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm before destructive actions: <form data-confirm="..."> or <button data-confirm="...">.
  document.body.addEventListener("submit", (e) => {
    const form = e.target;
    const msg = (e.submitter && e.submitter.dataset.confirm) || form.dataset.confirm;
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  // Selects that apply themselves (the store switch) and the error page's back button: no inline
  // handlers, so that the Content-Security-Policy can forbid inline script.
  document.querySelectorAll("select[data-autosubmit]").forEach((s) => s.addEventListener("change", () => s.form.submit()));
  document.querySelectorAll("[data-history-back]").forEach((b) => b.addEventListener("click", () => history.back()));
  // A row click opens the record.
  document.querySelectorAll("tr[data-href]").forEach((tr) => {
    tr.addEventListener("click", (e) => { if (!e.target.closest("a,button,input")) window.location = tr.dataset.href; });
  });
  // Toasts fade after a few seconds.
  document.querySelectorAll(".toast[data-autohide]").forEach((t) => setTimeout(() => t.classList.remove("show"), 4000));
  // Customer form: show the fields of the chosen kind.
  const kind = document.querySelectorAll("input[name=kind]");
  const sync = () => {
    const chosen = document.querySelector("input[name=kind]:checked");
    if (!chosen) return;
    document.querySelectorAll("[data-kind]").forEach((el) => { el.hidden = el.dataset.kind !== chosen.value; });
  };
  kind.forEach((r) => r.addEventListener("change", sync));
  sync();
  // Order form: loan fields only for a loan.
  const payment = document.getElementById("f-payment_method");
  const loan = () => document.querySelectorAll("[data-loan]").forEach((el) => { el.hidden = payment.value !== "loan"; });
  if (payment) { payment.addEventListener("change", loan); loan(); }
});
// Copy buttons: <button data-copy="#input" data-copied="message">. The clipboard API needs a
// secure context (HTTPS or localhost); on a plain-HTTP dealer network the selection is copied.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((b) => b.addEventListener("click", async () => {
    const field = document.querySelector(b.dataset.copy);
    const status = document.getElementById("copy-status");
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(field.value); ok = true; }
    } catch (_) { ok = false; }
    if (!ok) { field.focus(); field.select(); ok = document.execCommand && document.execCommand("copy"); }
    if (status) status.textContent = ok ? b.dataset.copied : (b.dataset.failed || "");
  }));
});
