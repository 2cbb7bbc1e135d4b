// Polls a background job until it finishes; the page never waits on one long request.
(() => {
  const box = document.getElementById("job");
  const labels = JSON.parse(box.dataset.labels);
  const state = document.getElementById("job-state");
  const count = document.getElementById("job-count");
  const bar = document.getElementById("job-progress");
  const message = document.getElementById("job-message");
  const result = document.getElementById("job-result");
  async function poll() {
    const r = await fetch(box.dataset.url, { credentials: "same-origin" });
    if (!r.ok) { message.textContent = `HTTP ${r.status}`; return; }
    const job = await r.json();
    state.textContent = labels[job.state] || job.state;
    state.dataset.state = job.state;
    count.textContent = `${job.done} / ${job.total}`;
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    message.textContent = job.message;
    if (job.state === "done" && job.result) {
      result.replaceChildren(...job.result.shipments.map((s) => {
        const li = document.createElement("li");
        const planned = s.containers ? ` ${s.containers.join(" + ") || "—"} · ${s.cartons}` : "";
        li.textContent = `${s.ref}:${planned} · ${labels.unplaced} ${s.unplaced_cartons}`;
        return li;
      }));
    }
    if (job.state !== "done" && job.state !== "failed") setTimeout(poll, 500);
  }
  poll();
})();
