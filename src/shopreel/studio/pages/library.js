// The Library: every task of the signed-in user, newest first, live while unfinished.
import * as api from "../api.js";
import { h, field, select, guarded, errorBox, media, outputs, KIND_NAMES, announce } from "../ui.js";

const UNFINISHED = new Set(["init", "running"]);
const STATUS_WORDS = { init: "Queued", running: "Working", success: "Done", fail: "Failed" };

export async function render(main, signal) {
  const kind = select([["", "Everything"], ...Object.entries(KIND_NAMES)], "");
  const status = select([["", "Any status"], ["init,running", "Unfinished"], ["success", "Done"], ["fail", "Failed"]], "");
  const list = h("ol", { class: "library", "aria-label": "Your tasks" });
  const more = h("button", { type: "button", hidden: true }, "Show older");
  const errors = h("div", {});
  main.append(h("h1", {}, "Library"),
    h("div", { class: "row filters" }, field("Kind", kind), field("Status", status)), errors, list, h("div", { class: "actions" }, more));

  const cards = new Map();
  let cursor = null;
  const load = async (fresh) => {
    if (fresh) {
      cards.clear();
      list.replaceChildren();
      cursor = null;
    }
    const page = await api.get("/v1/task/list", { pageSize: 20, cursor, taskType: kind.value, status: status.value });
    for (const task of page.data) list.append(card(task));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    if (!cards.size) list.append(h("li", { class: "empty" }, "Nothing here yet. ", h("a", { href: "#/" }, "Make something.")));
    follow();
  };

  // One task as a card; `update(task)` redraws it in place.
  const card = (task) => {
    const element = h("li", { class: "item" });
    element.update = (latest) => {
      const result = latest.result || {};
      const actions = h("div", { class: "actions" });
      const problems = h("div", {});
      if (UNFINISHED.has(latest.status)) {
        const cancel = h("button", { type: "button" }, "Cancel");
        cancel.addEventListener("click", () => guarded(cancel, problems, async () => {
          await api.post("/v1/task/cancel", { taskId: latest.taskId });
          element.update(await api.get("/v1/task/query", { taskId: latest.taskId }));
          announce("Canceled.");
        }));
        actions.append(cancel);
      } else {
        const again = h("button", { type: "button" }, "Run again");
        again.addEventListener("click", () => guarded(again, problems, async () => {
          const submitted = await api.post("/v1/task/rerun", { taskId: latest.taskId });
          const fresh = card(await api.get("/v1/task/query", { taskId: submitted.taskId }));
          list.querySelector(".empty")?.remove();
          list.prepend(fresh);
          fresh.querySelector("h2").focus();
          announce("Started again.");
          follow();
        }));
        const remove = h("button", { type: "button", class: "quiet" }, "Delete");
        remove.addEventListener("click", () => guarded(remove, problems, async () => {
          if (!window.confirm("Delete this task and the files it made?")) return;
          await api.post("/v1/task/delete", { taskId: latest.taskId });
          cards.delete(latest.taskId);
          element.remove();
          announce("Deleted.");
        }));
        actions.append(again, remove);
      }
      const found = latest.status === "success" ? outputs(result) : [];
      element.dataset.status = latest.status;
      const canceled = latest.status === "fail" && latest.errorMsg === "canceled";
      element.replaceChildren(...[
        h("div", { class: "item-head" },
          h("h2", { tabindex: "-1" }, KIND_NAMES[latest.taskType] || latest.taskType,
            result.productName ? ` · ${result.productName}` : ""),
          h("span", { class: `badge ${latest.status}` }, canceled ? "Canceled" : STATUS_WORDS[latest.status] || latest.status)),
        h("p", { class: "meta" }, h("time", { datetime: new Date(latest.createTime).toISOString() }, new Date(latest.createTime).toLocaleString()),
          ` · ${latest.taskId}`),
        UNFINISHED.has(latest.status) ? h("progress", { max: 100, value: latest.progress || 0, "aria-label": "Progress" }) : null,
        latest.status === "fail" ? h("p", { class: canceled ? "note" : "error" }, canceled ? "Canceled." : `Failed: ${latest.errorMsg || "no reason given"}`) : null,
        found.length ? h("div", { class: "thumbs large" }, found.map((url, index) => media(url, { label: found.length > 1 ? `Output ${index + 1}` : "Output" }))) : null,
        actions, problems].filter(Boolean));
      element.task = latest;
    };
    element.update(task);
    cards.set(task.taskId, element);
    return element;
  };

  // Poll the unfinished tasks on the page, every 2 s, until none is left or the page is
  // left; one loop at a time.
  let following = false;
  const follow = async () => {
    if (following) return;
    following = true;
    try {
      while (!signal.aborted) {
        const open = [...cards.values()].filter((element) => UNFINISHED.has(element.task.status));
        if (!open.length) break;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        for (const element of open) {
          if (signal.aborted) break;
          try {
            const latest = await api.get("/v1/task/query", { taskId: element.task.taskId });
            if (latest.status !== element.task.status || latest.progress !== element.task.progress) element.update(latest);
          } catch (error) {
            if (error.code === "4004") { cards.delete(element.task.taskId); element.remove(); } else throw error;
          }
        }
      }
    } catch (error) {
      errors.replaceChildren(errorBox(error));
    } finally {
      following = false;
    }
  };

  more.addEventListener("click", () => guarded(more, errors, () => load(false)));
  for (const control of [kind, status]) control.addEventListener("change", () => load(true).catch((error) => errors.replaceChildren(errorBox(error))));
  await load(true);
}
