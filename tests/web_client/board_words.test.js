import { test } from "node:test";
import assert from "node:assert/strict";
import { WORDS, bw, eventConcerns, formatDate, listQuery, nearestBoard, pageHref, postField, postLang, readingDistance }
  from "../../web_client/src/ui/board_words.js";
import { demoMap } from "./helpers.js";

const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();

test("both languages have the same words with the same placeholders, none empty", () => {
  assert.deepEqual(Object.keys(WORDS.ja).sort(), Object.keys(WORDS.en).sort());
  const kana = /[\u3040-\u30ff\u4e00-\u9fff]/;
  for (const key of Object.keys(WORDS.ja)) {
    assert.equal(holes(WORDS.ja[key]), holes(WORDS.en[key]), key);
    assert.ok(WORDS.ja[key].trim() && WORDS.en[key].trim(), key);
    assert.ok(kana.test(WORDS.ja[key]), `ja.${key} is Japanese`);
    assert.ok(!kana.test(WORDS.en[key]), `en.${key} has no Japanese`);
  }
});

test("words fill their placeholders and fall back to Japanese", () => {
  assert.equal(bw("prompt_read", { name: "相談のしかた" }, "ja"), "掲示板「相談のしかた」を読む");
  assert.equal(bw("prompt_read", { name: "How to consult" }, "en"), "Read the board “How to consult”");
  assert.equal(bw("results", { q: "お茶", n: 1 }, "ja"), "「お茶」の検索結果: 1件");
  assert.equal(bw("close", {}, "fr"), "閉じる");
  assert.equal(bw("results", { q: "x" }, "en"), "Results for “x”: {n}", "a missing value stays visible");
});

const both = { langs: ["ja", "en"], title_ja: "はじめての相談", title_en: "Your first consultation", html_ja: "<p>あ</p>", html_en: "<p>a</p>" };
const jaOnly = { langs: ["ja"], title_ja: "日本語だけ", title_en: "", excerpt_ja: "抜粋", excerpt_en: "", html_ja: "<p>ja</p>", html_en: "" };
const enOnly = { langs: ["en"], title_ja: "", title_en: "English only", html_ja: "", html_en: "<p>en</p>" };

test("a post shows in the reader's language when it has it, else in the other", () => {
  const cases = [
    [both, "ja", "ja", "はじめての相談", "<p>あ</p>"],
    [both, "en", "en", "Your first consultation", "<p>a</p>"],
    [jaOnly, "en", "ja", "日本語だけ", "<p>ja</p>"],
    [jaOnly, "ja", "ja", "日本語だけ", "<p>ja</p>"],
    [enOnly, "ja", "en", "English only", "<p>en</p>"],
    [enOnly, "en", "en", "English only", "<p>en</p>"],
  ];
  for (const [post, lang, shown, title, html] of cases) {
    assert.equal(postLang(post, lang), shown, `${post.title_ja || post.title_en} in ${lang}`);
    assert.equal(postField(post, "title", lang), title);
    assert.equal(postField(post, "html", lang), html);
  }
  assert.equal(postField(jaOnly, "excerpt", "en"), "抜粋");
  assert.equal(postLang({}, "en"), "ja", "no langs listed: Japanese");
  assert.equal(postField(null, "title", "ja"), "");
});

test("dates read naturally in each language, and bad dates are left out", () => {
  assert.equal(formatDate("2026-04-06T03:00:00Z", "ja", "Asia/Tokyo"), "2026年4月6日");
  assert.equal(formatDate("2026-04-06T03:00:00Z", "en", "Asia/Tokyo"), "6 April 2026");
  assert.equal(formatDate("2026-04-05T20:00:00Z", "ja", "Asia/Tokyo"), "2026年4月6日", "the day in the given zone");
  assert.equal(formatDate(null, "ja"), "");
  assert.equal(formatDate("not a date", "en"), "");
});

test("the board one stands by is found within about a tile and a half, never further", () => {
  const map = demoMap();
  const r = readingDistance(map.tileSize);
  assert.equal(r, 48);
  const consult = map.objects.find((o) => o.id === "board-consult");
  assert.deepEqual([consult.x, consult.y], [112, 880]);
  const cases = [
    // [x, y, expected board id or null]
    [112, 912, "board-consult"], // the tile just below the board
    [144, 880, "board-consult"], // beside it
    [112, 928, "board-consult"], // exactly 48 px away
    [112, 929, null], // a pixel beyond
    [176, 880, null], // between two boards, two tiles from each
    [208, 880, "board-events"], // a tile from the next board
    [976, 1168, null], // the spawn point, far away
  ];
  for (const [x, y, id] of cases) {
    assert.equal(nearestBoard(map.objects, x, y, r)?.id ?? null, id, `at ${x},${y}`);
  }
  assert.equal(nearestBoard(map.objects, 240, 1008, r)?.id, "board-local", "the nearer of two boards in reach");
  assert.equal(nearestBoard(map.objects, 240, 960, r), null, "80 px from both: out of reach");
  const near = [{ type: "board", x: 0, y: 0, properties: { category: "faq" } },
    { type: "board", x: 30, y: 0, properties: { category: "local" } }];
  assert.equal(nearestBoard(near, 20, 0, r).properties.category, "local", "the closest wins");
  assert.equal(nearestBoard([{ type: "desk", x: 0, y: 0, properties: {} }], 0, 0, r), null, "only boards");
  assert.equal(nearestBoard([{ type: "board", x: 0, y: 0, properties: {} }], 0, 0, r), null, "a board needs a category");
  assert.equal(nearestBoard(undefined, 0, 0, r), null);
});

test("list queries: a board, or a search across every board", () => {
  assert.equal(listQuery({ category: "faq" }), "/api/boards/posts?category=faq&limit=50");
  assert.equal(listQuery({ category: "faq", q: "  お茶 会 " }), `/api/boards/posts?q=${encodeURIComponent("お茶 会").replace(/%20/g, "+")}&limit=50`);
  assert.equal(listQuery({ category: "faq", q: "   " }), "/api/boards/posts?category=faq&limit=50", "blank search: the board");
  assert.equal(listQuery({ q: "a&category=x" }), "/api/boards/posts?q=a%26category%3Dx&limit=50", "a query cannot add parameters");
  assert.equal(pageHref("/boards/post/abc", "en"), "/boards/post/abc?lang=en");
  assert.equal(pageHref("/boards", "ja"), "/boards");
});

test("which live board events concern what the reader shows", () => {
  const ev = { id: "p1", category: "events" };
  const cases = [
    [{ mode: "list", category: "events" }, true],
    [{ mode: "list", category: "faq" }, false],
    [{ mode: "search", category: "faq", q: "x" }, true],
    [{ mode: "post", category: "events", postId: "p1" }, true],
    [{ mode: "post", category: "events", postId: "p2" }, false],
    [null, false],
  ];
  for (const [view, expected] of cases) assert.equal(eventConcerns(view, ev), expected, JSON.stringify(view));
  assert.equal(eventConcerns({ mode: "list", category: "events" }, null), false);
});

test("the places that do something: boards, the desk and doors, nearest first, within reach", async () => {
  const { nearestPlace } = await import("../../web_client/src/ui/board_words.js");
  const objects = [
    { id: "spawn-1", type: "spawn", x: 10, y: 10, properties: {} },
    { id: "door-room-1", type: "door", x: 100, y: 100, properties: {} },
    { id: "desk", type: "desk", x: 200, y: 100, properties: {} },
    { id: "board-x", type: "board", x: 300, y: 100, properties: { category: "faq" } },
    { id: "board-empty", type: "board", x: 400, y: 100, properties: {} },
  ];
  assert.equal(nearestPlace(objects, 10, 12, 48), null); // a spawn point offers nothing
  assert.equal(nearestPlace(objects, 110, 100, 48).id, "door-room-1");
  assert.equal(nearestPlace(objects, 190, 100, 48).id, "desk");
  assert.equal(nearestPlace(objects, 290, 100, 48).id, "board-x");
  assert.equal(nearestPlace(objects, 400, 100, 48), null); // a board without a category
  assert.equal(nearestPlace(objects, 150, 100, 20), null); // between two, out of reach of both
});
