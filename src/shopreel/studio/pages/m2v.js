// Marketing video: product → look and sound → three scripts with previews → edit → export.
import * as api from "../api.js";
import { h, field, select, uploader, cards, voicePicker, captionPicker, taskPanel, guarded, media, errorBox, announce } from "../ui.js";

const RATIOS = [["9:16", "9:16 · phone, stories"], ["3:4", "3:4"], ["1:1", "1:1 · square"], ["4:3", "4:3"], ["16:9", "16:9 · landscape"]];
const LENGTHS = [[2, "15–30 seconds"], [1, "30–50 seconds"], [3, "30–45 seconds"], [4, "45–60 seconds"]];

export async function render(main, signal) {
  main.append(h("h1", {}, "Marketing video"),
    h("p", { class: "lead" }, "Paste a product page or upload photos and videos. ShopReel writes three scripts and renders a preview of each; edit any line, then export the one you like."));

  // 1. The product.
  const link = h("input", { type: "url", placeholder: "https://shop.example/products/…", inputmode: "url" });
  const read = h("button", { type: "button" }, "Read the page");
  const scraped = h("div", { class: "scraped" });
  const files = uploader("Or upload photos and videos", { accept: "image/*,video/*", multiple: true, hint: "Up to 20; the presenter holds the first photo's product." });
  const name = h("input", { type: "text", maxlength: 200 });
  const description = h("textarea", { rows: 3, maxlength: 5000 });
  read.addEventListener("click", () => guarded(read, scraped, async () => {
    const submitted = await api.post("/v1/scraper/task/submit", { productLink: link.value.trim() });
    await taskPanel(scraped, "/v1/scraper/task/query", submitted.taskId, (result) => {
      if (result.productName && !name.value) name.value = result.productName;
      if (result.productDescription && !description.value) description.value = result.productDescription;
      return h("div", { class: "scraped-product" },
        h("p", {}, h("strong", {}, result.productName || "(no name found)"), result.price ? ` · ${result.price} ${result.currency || ""}` : ""),
        h("div", { class: "thumbs" }, (result.productImages || []).slice(0, 8).map((image) => h("img", { src: image.fileUrl, alt: image.fileName }))));
    }, signal);
  }));

  const product = h("section", { "aria-labelledby": "m2v-product" }, h("h2", { id: "m2v-product" }, "1. The product"),
    field("Product link", link, "The page is read as a shopper's browser would; its photos become the ad's b-roll."),
    h("div", { class: "actions" }, read), scraped, files,
    field("Product name", name, "Needed without a link; read from the page otherwise."),
    field("Description", description));

  // 2. Look and sound.
  const [voice, captionStyle, cast] = await Promise.all([voicePicker(), captionPicker(), api.presenters()]);
  const presenterPreview = h("div", { class: "presenter-preview" });
  const presenter = cards("Presenter", cast.filter((item) => item.previewVideoUrl).map((item) => ({ id: item.aiavatarId, name: item.aiavatarName, image: item.coverUrl })),
    {
      none: "Cast for me",
      onchange: (id) => {
        const chosen = cast.find((item) => item.aiavatarId === id);
        presenterPreview.replaceChildren(chosen ? media(chosen.previewVideoUrl, { label: `${chosen.aiavatarName}'s preview`, download: false, poster: chosen.coverUrl }) : "");
      },
    });
  const ratio = select(RATIOS, "9:16");
  const length = select(LENGTHS, 1);
  const look = h("section", { "aria-labelledby": "m2v-look" }, h("h2", { id: "m2v-look" }, "2. Look and sound"),
    voice, presenter, presenterPreview, captionStyle,
    h("div", { class: "row" }, field("Aspect ratio", ratio), field("Length", length)));

  // 3. Scripts and previews.
  const write = h("button", { type: "button", class: "primary" }, "Write scripts and previews");
  const outcome = h("div", {});
  const scripts = h("section", { "aria-labelledby": "m2v-scripts" }, h("h2", { id: "m2v-scripts" }, "3. Scripts and previews"),
    h("div", { class: "actions" }, write), outcome);
  main.append(product, look, scripts);

  write.addEventListener("click", () => guarded(write, outcome, async () => {
    const fileIds = files.hasFiles() ? await files.fileIds() : [];
    const body = {
      productLink: link.value.trim() || undefined, fileIds: fileIds.length ? fileIds : undefined,
      productName: name.value.trim() || undefined, productDescription: description.value.trim() || undefined,
      language: voice.language(), voiceId: voice.voice(), captionId: captionStyle.value() || undefined,
      aiavatarId: presenter.value() || undefined, aspectRatio: ratio.value, videoLengthType: Number(length.value), preview: true,
    };
    const submitted = await api.post("/v1/m2v/task/submit", body);
    await taskPanel(outcome, "/v1/m2v/task/query", submitted.taskId, (result) => editor(submitted.taskId, result, signal), signal);
  }));
}

// The scripts of a finished task, each with its preview, its lines editable in place, and
// an export button.
function editor(taskId, result, signal) {
  return result.scriptContentList.map((script) => {
    const preview = result.previewVideos.find((video) => video.scriptId === script.scriptId);
    const lines = h("ol", { class: "segments" }, script.scriptContents.map((segment, index) =>
      h("li", {}, field(`Line ${index + 1}`, h("textarea", { rows: 1, dir: "auto", "data-seg": segment.segId }, segment.segText)))));
    const save = h("button", { type: "button" }, "Save changes");
    const exportButton = h("button", { type: "button", class: "primary" }, "Export this script");
    const notes = h("div", {});
    const exported = h("div", {});
    save.addEventListener("click", () => guarded(save, notes, async () => {
      const scriptContents = [...lines.querySelectorAll("textarea")]
        .map((area, index) => ({ segId: index + 1, segText: area.value.trim() })).filter((segment) => segment.segText);
      await api.post("/v1/m2v/script/update", { taskId, scriptId: script.scriptId, scriptContents });
      notes.replaceChildren(h("p", { class: "ok", role: "status" }, "Saved: the export speaks these lines."));
    }));
    exportButton.addEventListener("click", () => guarded(exportButton, exported, async () => {
      await api.post("/v1/m2v/export", { taskId, scriptId: script.scriptId });
      await taskPanel(exported, "/v1/m2v/task/query", taskId, (done) => {
        const video = done.exportVideos.find((item) => item.scriptId === script.scriptId);
        if (!video || !video.videoUrl) return errorBox("The export finished without a video.");
        announce("Your video is ready.");
        return [h("h4", {}, video.title || "Your video"), media(video.videoUrl, { label: "Video", poster: video.coverUrl })];
      }, signal);
    }));
    return h("article", { class: "script", "aria-label": `Script ${script.scriptId}` },
      h("h3", {}, `Script ${script.scriptId}`),
      h("div", { class: "split" },
        preview && preview.videoUrl ? media(preview.videoUrl, { label: `Preview of script ${script.scriptId}`, download: false, poster: preview.coverUrl }) : h("p", {}, "No preview."),
        h("div", {}, lines, h("div", { class: "actions" }, save, exportButton), notes)),
      exported);
  });
}
