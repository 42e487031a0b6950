// Video Avatar: a presenter, your video or your photo speaks your text or your audio.
import * as api from "../api.js";
import { h, field, select, uploader, cards, voicePicker, captionPicker, taskPanel, guarded, media } from "../ui.js";

export async function render(main, signal) {
  main.append(h("h1", {}, "Video Avatar"),
    h("p", { class: "lead" }, "Choose who speaks and what they say; the lips follow the words."));
  const [cast, mine, voice, captionStyle] = await Promise.all([
    api.presenters(), api.get("/v1/aiavatar/query", { isCustom: "true", pageSize: 100 }), voicePicker(), captionPicker()]);
  const own = mine.data.map((item) => ({ id: `custom:${item.aiavatarId}`, name: item.aiavatarName, image: item.coverUrl }));
  const who = cards("Who speaks", [...cast.map((item) => ({ id: item.aiavatarId, name: item.aiavatarName, image: item.coverUrl })), ...own],
    { none: "My upload (below)" });
  const footage = uploader("Your video or photo of a face", { accept: "video/*,image/*", hint: "Used when “My upload” is chosen." });
  const source = select([["tts", "Type the words"], ["audio", "Upload audio"]], "tts");
  const text = h("textarea", { rows: 3, maxlength: 5000, dir: "auto" }, "Hi! Let me show you why everyone is talking about this.");
  const audio = uploader("Your audio", { accept: "audio/*" });
  const words = h("div", {}, field("Their words", text), voice);
  const showSource = () => { words.hidden = source.value !== "tts"; audio.hidden = source.value === "tts"; };
  source.addEventListener("change", showSource);
  showSource();
  const save = h("input", { type: "checkbox" });
  const go = h("button", { type: "button", class: "primary" }, "Make the video");
  const outcome = h("div", {});
  main.append(
    h("section", { "aria-labelledby": "va-who" }, h("h2", { id: "va-who" }, "1. Who"), who, footage,
      h("label", { class: "check" }, save, " Keep my upload as a custom avatar")),
    h("section", { "aria-labelledby": "va-what" }, h("h2", { id: "va-what" }, "2. What they say"), field("Voice from", source), words, audio, captionStyle),
    h("div", { class: "actions" }, go), outcome);

  go.addEventListener("click", () => guarded(go, outcome, async () => {
    const chosen = who.value();
    const body = { captionId: captionStyle.value() || undefined, isSave2CustomAiAvatar: save.checked };
    if (chosen.startsWith("custom:")) Object.assign(body, { avatarSourceFrom: 2, aiAvatarId: chosen.slice(7) });
    else if (chosen) Object.assign(body, { avatarSourceFrom: 1, aiAvatarId: chosen });
    else {
      if (!footage.hasFiles()) throw new Error("Choose a presenter, or upload a video or photo.");
      const [fileId] = await footage.fileIds();
      const isVideo = footage.input.files[0].type.startsWith("video/");
      Object.assign(body, isVideo ? { avatarSourceFrom: 0, videoFileId: fileId } : { avatarSourceFrom: 3, imageFileId: fileId });
    }
    if (source.value === "tts") Object.assign(body, { audioSourceFrom: 1, ttsText: text.value, voiceoverId: voice.voice() });
    else {
      if (!audio.hasFiles()) throw new Error("Choose your audio file first.");
      const [audioFileId] = await audio.fileIds();
      Object.assign(body, { audioSourceFrom: 0, audioFileId });
    }
    const submitted = await api.post("/v1/video_avatar/task/submit", body);
    await taskPanel(outcome, "/v1/video_avatar/task/query", submitted.taskId, (result) => media(result.videoUrl, { label: "Video" }), signal);
  }));
}
