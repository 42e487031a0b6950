// Product Avatar: a presenter (or your photo of someone holding something) holds your
// product; then the picture talks.
import * as api from "../api.js";
import { h, field, select, uploader, cards, voicePicker, captionPicker, taskPanel, guarded, media } from "../ui.js";

export async function render(main, signal) {
  main.append(h("h1", {}, "Product Avatar"),
    h("p", { class: "lead" }, "Pick a presenter or upload a photo of a person holding something, then your product. ShopReel puts your product in their hands, then makes the picture talk."));

  const [cast, categories] = await Promise.all([api.productAvatars(), api.productAvatarCategories()]);
  const category = select([["", "All categories"], ...categories.map((item) => [item.categoryId, item.categoryName])], "");
  const holder = h("div", {});
  let presenter = null;
  const fillCast = () => {
    const shown = cast.filter((item) => !category.value || (item.avatarCategoryList || []).some((c) => c.categoryId === category.value));
    presenter = cards("Presenter", shown.map((item) => ({ id: item.avatarId, name: item.avatarName, image: item.avatarImagePath })),
      { none: "My own photo (below)" });
    holder.replaceChildren(presenter);
  };
  category.addEventListener("change", fillCast);
  fillCast();
  const ownPhoto = uploader("Your photo of a person holding something", { hint: "Used when “My own photo” is chosen: the held item is found from the hands." });
  const productPhoto = uploader("Your product photo", { hint: "A clear photo of the product; its background is removed." });

  const make = h("button", { type: "button", class: "primary" }, "Put my product in their hands");
  const outcome = h("div", {});
  const talk = h("div", {});
  main.append(
    h("section", { "aria-labelledby": "pa-who" }, h("h2", { id: "pa-who" }, "1. Who holds it"), field("Category", category), holder, ownPhoto),
    h("section", { "aria-labelledby": "pa-what" }, h("h2", { id: "pa-what" }, "2. Your product"), productPhoto,
      h("div", { class: "actions" }, make), outcome),
    talk);

  make.addEventListener("click", () => guarded(make, outcome, async () => {
    if (!productPhoto.hasFiles()) throw new Error("Choose your product photo first.");
    const avatarId = presenter.value();
    if (!avatarId && !ownPhoto.hasFiles()) throw new Error("Pick a presenter, or choose “My own photo” and upload one.");
    const [productImageFileId] = await productPhoto.fileIds();
    const body = { productImageFileId };
    let original;
    if (avatarId) {
      body.avatarId = avatarId;
      original = cast.find((item) => item.avatarId === avatarId).avatarImagePath;
    } else {
      [body.templateImageFileId] = await ownPhoto.fileIds();
      original = URL.createObjectURL(ownPhoto.input.files[0]);
    }
    const submitted = await api.post("/v3/product_avatar/task/image_replace/submit", body);
    talk.replaceChildren();
    await taskPanel(outcome, "/v3/product_avatar/task/image_replace/query", submitted.taskId, (result) => {
      const image = result.replaceProductResult[0];
      talk.replaceChildren(talker(image.imageId, signal));
      return h("div", { class: "compare" },
        h("figure", { class: "media image" }, h("img", { src: original, alt: "The original picture" }), h("figcaption", {}, "Before")),
        media(image.url, { label: "Picture with your product" }));
    }, signal);
  }));
}

function talker(imageId, signal) {
  const text = h("textarea", { rows: 3, maxlength: 2000, dir: "auto" }, "Meet the one product I take everywhere. Tap the link and get yours today!");
  const go = h("button", { type: "button", class: "primary" }, "Make it talk");
  const mode = select([["lite", "720p"], ["pro", "1080p"]], "lite");
  const outcome = h("div", {});
  const section = h("section", { "aria-labelledby": "pa-talk" }, h("h2", { id: "pa-talk" }, "3. Make it talk"),
    field("What they say", text), h("div", { class: "later" }), field("Size", mode), h("div", { class: "actions" }, go), outcome);
  Promise.all([voicePicker(), captionPicker()]).then(([voice, captionStyle]) => {
    section.querySelector(".later").replaceWith(voice, captionStyle);
    go.addEventListener("click", () => guarded(go, outcome, async () => {
      const submitted = await api.post("/v2/product_avatar/task/image2Video/submit", {
        replaceProductTaskImageId: imageId, scriptMode: "text", ttsText: text.value, voiceId: voice.voice(),
        captionId: captionStyle.value() || undefined, mode: mode.value,
      });
      await taskPanel(outcome, "/v2/product_avatar/task/image2Video/query", submitted.taskId,
        (result) => media(result.videoUrl, { label: "Video" }), signal);
    }));
  }, (error) => outcome.replaceChildren(String(error)));
  return section;
}
