// The catalogs to browse before choosing: voices (with demos), caption styles,
// presenters (with preview videos) and your custom avatars, scene templates.
import * as api from "../api.js";
import { h, field, select, media } from "../ui.js";

export async function voices(main) {
  const all = await api.voices();
  const names = new Intl.DisplayNames([navigator.language || "en"], { type: "language" });
  const languages = [...new Set(all.map((voice) => voice.language))]
    .map((code) => [code, names.of(code) || code]).sort((a, b) => a[1].localeCompare(b[1]));
  const language = select(languages, "en");
  const player = h("audio", { preload: "none" });
  const body = h("tbody", {});
  const table = h("table", { class: "voices" },
    h("caption", { class: "visually-hidden" }, "Voices of the chosen language"),
    h("thead", {}, h("tr", {}, ["Voice", "Gender", "Accent", "Engine", "Demo"].map((title) => h("th", { scope: "col" }, title)))), body);
  const fill = () => {
    body.replaceChildren(...all.filter((voice) => voice.language === language.value).map((voice) => {
      const play = h("button", { type: "button", class: "play", "aria-label": `Play ${voice.voiceName}` }, "▶ Play");
      play.addEventListener("click", () => {
        if (!player.paused && player.dataset.voice === voice.voiceId) { player.pause(); return; }
        player.src = voice.demoAudioUrl;
        player.dataset.voice = voice.voiceId;
        player.play().catch(() => {});
      });
      return h("tr", {}, h("th", { scope: "row" }, voice.voiceName), h("td", {}, voice.gender), h("td", {}, voice.accent || "—"),
        h("td", {}, voice.engine === "piper" ? "neural" : "formant"), h("td", {}, play));
    }));
  };
  language.addEventListener("change", fill);
  fill();
  main.append(h("h1", {}, "Voices"), h("p", { class: "lead" }, `${all.length} voices in ${languages.length} languages. Neural voices sound natural; formant voices are clear but robotic.`),
    field("Language", language), h("div", { class: "table-wrap" }, table), player);
}

export async function captions(main) {
  const styles = await api.captions();
  main.append(h("h1", {}, "Caption styles"), h("p", { class: "lead" }, "Each picture is drawn by the caption engine in that style."),
    h("ul", { class: "gallery" }, styles.map((style) => h("li", {},
      h("figure", {}, h("img", { src: style.thumbnail, alt: `${style.captionName} caption sample`, loading: "lazy" }),
        h("figcaption", {}, h("strong", {}, style.captionName), ` · ${style.animation}`))))));
}

export async function presenters(main) {
  const [cast, mine] = await Promise.all([api.presenters(), api.get("/v1/aiavatar/query", { isCustom: "true", pageSize: 100 })]);
  const stage = h("div", { class: "presenter-preview", "aria-live": "polite" });
  const tile = (item, custom) => {
    const button = h("button", { type: "button", class: "tile-button", "aria-label": `Watch ${item.aiavatarName}` },
      h("img", { src: item.coverUrl, alt: "", loading: "lazy" }), h("span", {}, item.aiavatarName));
    button.addEventListener("click", () => {
      stage.replaceChildren(h("h2", {}, item.aiavatarName),
        item.previewVideoUrl ? media(item.previewVideoUrl, { label: `${item.aiavatarName}'s preview`, download: false, poster: item.coverUrl }) : h("img", { src: item.coverUrl, alt: item.aiavatarName }),
        h("p", {}, [item.gender, custom ? "your custom avatar" : "public presenter"].filter(Boolean).join(" · ")));
      stage.scrollIntoView({ block: "nearest" });
    });
    return h("li", {}, button);
  };
  main.append(h("h1", {}, "Presenters"), h("p", { class: "lead" }, "Press a presenter to watch their preview."), stage,
    h("h2", {}, "Public presenters"), h("ul", { class: "gallery small" }, cast.map((item) => tile(item, false))),
    h("h2", {}, "Your custom avatars"),
    mine.data.length ? h("ul", { class: "gallery small" }, mine.data.map((item) => tile(item, true)))
      : h("p", {}, "None yet: tick “Keep my upload as a custom avatar” on the ", h("a", { href: "#/make/video-avatar" }, "Video Avatar"), " page."));
}

export async function templates(main) {
  const [all, categories] = await Promise.all([api.templates(), api.templateCategories()]);
  main.append(h("h1", {}, "Scene templates"), h("p", { class: "lead" }, "The scenes AnyShoot places products into, by category."));
  for (const category of categories) {
    const inside = all.filter((item) => (item.templateCategoryList || []).some((c) => c.categoryId === category.categoryId));
    if (!inside.length) continue;
    main.append(h("h2", {}, category.categoryName), h("ul", { class: "gallery scenes" }, inside.map((item) => h("li", {},
      h("figure", {}, h("img", { src: item.coverUrl, alt: item.templateName, loading: "lazy" }),
        h("figcaption", {}, h("strong", {}, item.templateName), item.style ? ` · ${item.style}` : ""))))));
  }
}
