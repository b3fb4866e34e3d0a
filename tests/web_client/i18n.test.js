import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DICTIONARIES, LANGS, errorText, listNames, pick, t } from "../../web_client/src/i18n.js";

const clientDir = fileURLToPath(new URL("../../web_client/", import.meta.url));

function placeholders(text) {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

// The space's own modules (other pages in src/ keep their own words).
const SPACE_MODULES = [
  "app.js", "space_actions.js", "space_events.js", "space_input.js", "main.js", "render.js", "map_painter.js", "i18n.js",
  ...["announcer", "avatar_builder", "contacts", "dom", "list_panel", "notices", "person_actions",
    "person_menu", "preferences", "settings", "stamps", "account_forms"].map((name) => `ui/${name}.js`),
];

function spaceSources() {
  return SPACE_MODULES.map((name) => `${clientDir}src/${name}`);
}

test("both languages have exactly the same keys, none empty", () => {
  assert.deepEqual(LANGS, ["ja", "en"]);
  const ja = Object.keys(DICTIONARIES.ja).sort();
  const en = Object.keys(DICTIONARIES.en).sort();
  assert.deepEqual(ja.filter((k) => !en.includes(k)), [], "keys missing in English");
  assert.deepEqual(en.filter((k) => !ja.includes(k)), [], "keys missing in Japanese");
  for (const lang of LANGS) {
    for (const [key, text] of Object.entries(DICTIONARIES[lang])) {
      assert.equal(typeof text, "string", `${lang}.${key}`);
      assert.ok(text.trim().length > 0, `${lang}.${key} is empty`);
    }
  }
});

test("a text uses the same {placeholders} in both languages", () => {
  for (const key of Object.keys(DICTIONARIES.ja)) {
    assert.deepEqual(placeholders(DICTIONARIES.en[key]), placeholders(DICTIONARIES.ja[key]), key);
  }
});

test("Japanese texts are Japanese, English texts are not", () => {
  const kana = /[\u3040-\u30ff\u4e00-\u9fff]/;
  const allowedJaOnly = new Set(["lang_switch", "lang_switch_label"]); // the switch names the other language
  for (const key of Object.keys(DICTIONARIES.ja)) {
    if (allowedJaOnly.has(key) || key === "app_title" || key === "brand") continue;
    assert.ok(kana.test(DICTIONARIES.ja[key]), `ja.${key} has Japanese`);
    assert.ok(!kana.test(DICTIONARIES.en[key]), `en.${key} has no Japanese`);
  }
});

test("every key used by the page and the space's modules exists", () => {
  const html = readFileSync(`${clientDir}index.html`, "utf8");
  const used = new Set();
  for (const m of html.matchAll(/data-i18n(?:-label|-placeholder|-title)?="([\w]+)"/g)) used.add(m[1]);
  for (const file of spaceSources()) {
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(/\bt\(\s*"([\w]+)"/g)) used.add(m[1]);
    // Keys built from a status id: status_<id> and status_<id>_short.
    if (code.includes("`status_${")) {
      for (const s of ["open", "just_here", "dnd"]) {
        used.add(`status_${s}`);
        used.add(`status_${s}_short`);
      }
    }
  }
  assert.ok(used.size > 50, `found ${used.size} keys in use`);
  const missing = [...used].filter((k) => !(k in DICTIONARIES.ja) || !(k in DICTIONARIES.en));
  assert.deepEqual(missing, []);
});

test("t fills placeholders and switches language", () => {
  assert.equal(t("announce_arrived_one", { name: "ねこ" }, "ja"), "ねこさんが近くに来ました。");
  assert.equal(t("announce_arrived_one", { name: "Cat" }, "en"), "Cat came nearby.");
  assert.equal(t("no_such_key_here", {}, "en"), "no_such_key_here");
  assert.equal(t("chars_left", {}, "en"), "{n} characters left", "a missing parameter stays visible");
});

test("server texts and errors are shown in the chosen language", () => {
  const body = { code: "NOT_ALLOWED_HERE", message: { ja: "この場所ではできません。", en: "That is not possible in this place." } };
  assert.equal(errorText(body, "ja"), "この場所ではできません。");
  assert.equal(errorText(body, "en"), "That is not possible in this place.");
  assert.equal(errorText({ code: "NETWORK" }, "en"), DICTIONARIES.en.error_network);
  assert.equal(errorText({ code: "SOMETHING_NEW" }, "ja"), DICTIONARIES.ja.error_generic);
  assert.equal(errorText({ code: "X", messages: { ja: "あ", en: "a" } }, "en"), "a");
  assert.equal(pick({ ja: "広場", en: "Plaza" }, "en"), "Plaza");
  assert.equal(pick({ ja: "広場" }, "en"), "広場", "falls back to Japanese");
  assert.equal(pick(null, "ja"), "");
});

test("names are listed the way each language writes lists", () => {
  assert.equal(listNames(["ねこ", "くま"], "ja"), "ねこ、くま");
  assert.equal(listNames(["Cat", "", "Bear"], "en"), "Cat, Bear");
  assert.equal(listNames([], "ja"), "");
});
