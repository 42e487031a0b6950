// AnyShoot: your product placed into the scene templates you tick, one task each.
import * as api from "../api.js";
import { h, field, select, uploader, taskPanel, guarded, media } from "../ui.js";

export async function render(main, signal) {
  main.append(h("h1", {}, "AnyShoot"),
    h("p", { class: "lead" }, "Tick one or more scenes, upload your product, and ShopReel shoots it there, lit and shadowed to fit."));
  const [all, categories] = await Promise.all([api.templates(), api.templateCategories()]);
  const category = select([["", "All scenes"], ...categories.map((item) => [item.categoryId, item.categoryName])], "");
  const gallery = h("fieldset", { class: "cards" }, h("legend", {}, "Scenes"));
  const grid = h("div", { class: "card-grid" });
  gallery.append(grid);
  const chosen = new Set();
  const fill = () => {
    const shown = all.filter((item) => !category.value || (item.templateCategoryList || []).some((c) => c.categoryId === category.value));
    grid.replaceChildren(...shown.map((item) => {
      const box = h("input", { type: "checkbox", value: item.templateId, checked: chosen.has(item.templateId) });
      box.addEventListener("change", () => (box.checked ? chosen.add(item.templateId) : chosen.delete(item.templateId)));
      return h("label", { class: "card" }, box, h("img", { src: item.coverUrl, alt: "", loading: "lazy" }),
        h("span", { class: "card-name" }, item.templateName), h("span", { class: "card-note" }, item.style || ""));
    }));
  };
  category.addEventListener("change", fill);
  fill();
  const product = uploader("Your product photo");
  const count = select([[1, "1 picture per scene"], [2, "2 pictures per scene"], [4, "4 pictures per scene"]], 1);
  const mode = select([["lite", "720p"], ["pro", "1080p"]], "lite");
  const go = h("button", { type: "button", class: "primary" }, "Shoot");
  const errors = h("div", {});
  const results = h("div", { class: "results" });
  main.append(field("Category", category), gallery, product, h("div", { class: "row" }, field("Pictures", count), field("Size", mode)), h("div", { class: "actions" }, go), errors, results);

  go.addEventListener("click", () => guarded(go, errors, async () => {
    if (!chosen.size) throw new Error("Tick at least one scene.");
    if (!product.hasFiles()) throw new Error("Choose your product photo first.");
    const [productImageFileId] = await product.fileIds();
    results.replaceChildren();
    await Promise.all([...chosen].map(async (templateId) => {
      const template = all.find((item) => item.templateId === templateId);
      const slot = h("div", {});
      results.append(h("article", { class: "shot" }, h("h2", {}, template.templateName), slot));
      const submitted = await api.post("/v1/product_anyShoot/task/submit",
        { productImageFileId, templateId, mode: mode.value, generatingCount: Number(count.value) });
      await taskPanel(slot, "/v1/product_anyShoot/task/result", submitted.taskId,
        (result) => h("div", { class: "thumbs large" }, result.anyfitImages.map((image, index) => media(image.url, { label: `Picture ${index + 1}` }))), signal);
    }));
  }));
}
