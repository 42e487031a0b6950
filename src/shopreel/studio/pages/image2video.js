// Image to video: one picture becomes a 5 or 10 second clip.
import * as api from "../api.js";
import { h, field, select, uploader, taskPanel, guarded, media } from "../ui.js";

export function render(main, signal) {
  const picture = uploader("Picture", { hint: "PNG, JPEG or WebP." });
  const prompt = h("input", { type: "text", maxlength: 2000, placeholder: "zoom in slowly, shine" });
  const duration = select([[5, "5 seconds"], [10, "10 seconds"]], 5);
  const ratio = select([["", "As the picture is"], ["9:16", "9:16"], ["3:4", "3:4"], ["1:1", "1:1"], ["4:3", "4:3"], ["16:9", "16:9"]], "");
  const mode = select([["lite", "Lite"], ["pro", "Pro"], ["plus", "Plus"], ["best", "Best"]], "lite");
  const go = h("button", { type: "button", class: "primary" }, "Animate");
  const outcome = h("div", {});
  main.append(h("h1", {}, "Image to video"),
    h("p", { class: "lead" }, "Upload a picture and say how the camera should move; leave it empty and ShopReel chooses."),
    picture, field("Camera and effects", prompt, "In words: zoom in, pan left, orbit, shine…"),
    h("div", { class: "row" }, field("Length", duration), field("Aspect ratio", ratio), field("Quality", mode)),
    h("div", { class: "actions" }, go), outcome);
  go.addEventListener("click", () => guarded(go, outcome, async () => {
    if (!picture.hasFiles()) throw new Error("Choose a picture first.");
    const [imageFileId] = await picture.fileIds();
    const submitted = await api.post("/v1/common_task/image2video/submit", {
      imageFileId, prompt: prompt.value.trim() || undefined, duration: Number(duration.value), mode: mode.value,
      aspectRatio: ratio.value || undefined,
    });
    await taskPanel(outcome, "/v1/common_task/image2video/result", submitted.taskId,
      (result) => result.videos.map((clip, index) => media(clip.originVideo.filePath, { label: `Clip ${index + 1}` })), signal);
  }));
}
