// autodms: the little behaviour the pages need; everything else is plain HTML and htmx.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm before destructive actions: <form data-confirm="..."> or <button data-confirm="...">.
  document.body.addEventListener("submit", (e) => {
    const form = e.target;
    const msg = (e.submitter && e.submitter.dataset.confirm) || form.dataset.confirm;
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  // The error page's back button: no inline
  // handlers, so that the Content-Security-Policy can forbid inline script.
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
// Fields that apply to some choices only: <div data-show-when="condition" data-show-values="a,b">.
document.addEventListener("DOMContentLoaded", () => {
  const dependents = document.querySelectorAll("[data-show-when]");
  const sync = () => dependents.forEach((d) => {
    const on = document.querySelector(`[name="${d.dataset.showWhen}"]`);
    const show = !on || d.dataset.showValues.split(",").includes(on.value);
    d.hidden = !show;
    d.querySelectorAll("input,select,textarea").forEach((i) => { i.disabled = !show; });
  });
  new Set([...dependents].map((d) => d.dataset.showWhen)).forEach((name) => {
    const on = document.querySelector(`[name="${name}"]`);
    if (on) on.addEventListener("change", sync);
  });
  sync();
});
// The order form's live total, announced to screen readers when it changes (the priced box is
// replaced as a whole, so a separate live region says the one number that matters).
document.addEventListener("DOMContentLoaded", () => {
  const live = document.getElementById("quote-live");
  if (!live) return;
  document.body.addEventListener("htmx:afterSwap", (e) => {
    if (e.detail.target.id !== "quote") return;
    const total = document.getElementById("quote-total");
    const problems = document.getElementById("quote-problems");
    const text = total ? `${live.dataset.label} ${total.textContent}` : (problems ? problems.textContent.trim() : "");
    if (text && text !== live.textContent) live.textContent = text;
  });
});
// Signatures drawn with the finger or the mouse (signature_pad, vendored): <div data-signature>
// holds a canvas and a hidden input the drawing goes into as a PNG data URL on submit; its form
// holds the "clear" button and the status line (siblings of the pad, not inside it). An empty pad
// stops the form with its message.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof SignaturePad === "undefined") return;
  document.querySelectorAll("[data-signature]").forEach((box) => {
    const canvas = box.querySelector("canvas");
    const input = box.querySelector("input[type=hidden]");
    const form = box.closest("form");
    const status = form.querySelector("[data-signature-status]");
    const pad = new SignaturePad(canvas, { minWidth: 1, maxWidth: 2.6, penColor: "#14204f" });
    const fit = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    };
    window.addEventListener("resize", fit);
    fit();
    const clear = form.querySelector("[data-signature-clear]");
    if (clear) clear.addEventListener("click", () => { pad.clear(); input.value = ""; if (status) status.textContent = ""; });
    pad.addEventListener("beginStroke", () => { if (status) status.textContent = ""; });
    form.addEventListener("submit", (e) => {
      if (pad.isEmpty()) {
        e.preventDefault();
        if (status) status.textContent = box.dataset.empty || "";
        canvas.focus();
        return;
      }
      input.value = pad.toDataURL("image/png");
    });
  });
});
// Printable pages (the daily cash report): <button data-print>.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
});

// A long list of checkboxes (the cars of a transfer) filtered by what is typed: a box that is
// ticked stays in sight.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-filter-checks]").forEach((input) => {
    const list = document.getElementById(input.dataset.filterChecks);
    if (!list) return;
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      list.querySelectorAll(".form-check").forEach((item) => {
        const ticked = item.querySelector("input")?.checked;
        item.hidden = q !== "" && !ticked && !item.textContent.toLowerCase().includes(q);
      });
    });
  });
});
// A checklist's "all passed" button: <button data-check-all="pass"> ticks every radio of that
// value in its form that is not answered yet (a failure already marked stays).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-check-all]").forEach((b) => b.addEventListener("click", () => {
    const form = b.closest("form");
    const names = new Set([...form.querySelectorAll("input[type=radio]")].map((r) => r.name));
    names.forEach((name) => {
      const group = [...form.querySelectorAll("input[type=radio]")].filter((r) => r.name === name);
      if (!group.some((r) => r.checked)) {
        const pick = group.find((r) => r.value === b.dataset.checkAll);
        if (pick) pick.checked = true;
      }
    });
  }));
});
