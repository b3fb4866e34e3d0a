// Words and pure helpers of the boards inside the space (the reader dialog and the walk-up
// prompt): Japanese and English, which language version of a post to show, dates, and which
// board is close enough to read. No DOM here, so node can test it.
import { formatAt, operatorZone } from "../times.js";

export const WORDS = {
  ja: {
    reader_label: "掲示板",
    board_named: "掲示板「{name}」",
    close: "閉じる",
    categories: "掲示板をえらぶ",
    search_label: "掲示板のなかを探す",
    search_button: "探す",
    search_clear: "探すのをやめる",
    results: "「{q}」の検索結果: {n}件",
    loading: "読みこんでいます…",
    empty: "いまはまだ記事がありません。",
    no_results: "見つかりませんでした。ことばを変えて探すこともできます。",
    new_mark: "新着",
    pinned: "おすすめ",
    published: "公開: {date}",
    back_to_list: "一覧へもどる",
    back_to_results: "検索結果へもどる",
    only_other: "この記事は英語だけで書かれています。",
    helpful_question: "この記事は役に立ちましたか？",
    helpful_button: "役に立った",
    helpful_thanks: "伝えてくださって、ありがとうございます。",
    helpful_wait: "少し時間をおいてから、もう一度お試しください。",
    helpful_count: "{n}人が「役に立った」と伝えてくれました。",
    helpful_note: "だれが押したかは記録しません。",
    open_as_page: "ページとして開く",
    plain_pages: "掲示板をふつうのページで読む",
    new_tab: "（新しいタブで開きます）",
    gone: "この記事は、いまは公開されていません。",
    failed: "うまく読みこめませんでした。少し時間をおいて、もう一度お試しください。",
    retry: "もう一度読みこむ",
    live_new: "新しい記事が届きました: {title}",
    live_updated: "この記事が更新されました。",
    prompt_read: "掲示板「{name}」を読む",
    prompt_hint: "Eキーでも開けます",
    prompt_announce: "掲示板「{name}」の前に来ました。Eキーで読めます。",
    prompt_desk: "相談デスクに話しかける（文字で）",
    prompt_desk_announce: "相談の受付の前に来ました。Eキーで相談デスクをひらけます。",
    prompt_door: "{name}：予約した相談の待合室をひらく",
    prompt_door_announce: "{name}の前に来ました。Eキーで、予約した相談の待合室をひらけます。",
  },
  en: {
    reader_label: "Notice boards",
    board_named: "Board: {name}",
    close: "Close",
    categories: "Choose a board",
    search_label: "Search the boards",
    search_button: "Search",
    search_clear: "Stop searching",
    results: "Results for “{q}”: {n}",
    loading: "Loading…",
    empty: "Nothing has been posted here yet.",
    no_results: "Nothing found. You could try other words.",
    new_mark: "New",
    pinned: "Recommended",
    published: "Published {date}",
    back_to_list: "Back to the list",
    back_to_results: "Back to the results",
    only_other: "This post is only available in Japanese.",
    helpful_question: "Did this help?",
    helpful_button: "This helped",
    helpful_thanks: "Thank you for letting us know.",
    helpful_wait: "Please wait a little and try again.",
    helpful_count: "{n} people said this helped.",
    helpful_note: "We don't record who pressed it.",
    open_as_page: "Open as a page",
    plain_pages: "Read the boards as plain pages",
    new_tab: "(opens in a new tab)",
    gone: "This post is no longer published.",
    failed: "We couldn't load this. Please wait a little and try again.",
    retry: "Try again",
    live_new: "A new post has arrived: {title}",
    live_updated: "This post has been updated.",
    prompt_read: "Read the board “{name}”",
    prompt_hint: "You can also press E",
    prompt_announce: "You are at the board “{name}”. Press E to read it.",
    prompt_desk: "Talk to the desk on duty (text)",
    prompt_desk_announce: "You are at the consultation desk. Press E to open the desk.",
    prompt_door: "{name}: open the waiting room of my booking",
    prompt_door_announce: "You are at {name}. Press E to open the waiting room of your booking.",
  },
};

export function bw(key, params = {}, lang = "ja") {
  const text = WORDS[lang]?.[key] ?? WORDS.ja[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

const OTHER = { ja: "en", en: "ja" };

// The language a post is shown in: the reader's own when the post has it, else the other.
export function postLang(post, lang) {
  const langs = Array.isArray(post?.langs) && post.langs.length ? post.langs : ["ja"];
  if (langs.includes(lang)) return lang;
  return langs.includes(OTHER[lang]) ? OTHER[lang] : langs[0];
}

// A field of a post ("title", "excerpt", "html") in the language it is shown in, falling
// back to the other language when that version is empty.
export function postField(post, name, lang) {
  const shown = postLang(post, lang);
  return post?.[`${name}_${shown}`] || post?.[`${name}_${OTHER[shown]}`] || "";
}

// A date in the reader's language: "2026年4月6日" / "6 April 2026", on the operator's
// calendar (the server-rendered /boards says the same day).
export function formatDate(iso, lang, timeZone = operatorZone()) {
  return formatAt(iso, lang, "longDate", { zone: timeZone });
}

// The board object ({type: "board", x, y, ...}) nearest to (x, y) within maxDistance
// pixels, or null. Boards stand on furniture tiles, so the distance is to their centre.
export function nearestBoard(objects, x, y, maxDistance) {
  return nearestPlace(objects, x, y, maxDistance, (obj) => obj.type === "board" && Boolean(obj.properties?.category));
}

// The places of the map that do something when one stands by them: notice boards, the
// consultation desk and the doors of the consultation rooms.
export function isActionPlace(obj) {
  return (obj.type === "board" && Boolean(obj.properties?.category)) || obj.type === "desk" || obj.type === "door";
}

export function nearestPlace(objects, x, y, maxDistance, accept = isActionPlace) {
  let best = null;
  let bestD = Infinity;
  for (const obj of objects || []) {
    if (!accept(obj)) continue;
    const d = Math.hypot(obj.x - x, obj.y - y);
    if (d <= maxDistance && d < bestD) {
      best = obj;
      bestD = d;
    }
  }
  return best;
}

// "About a tile and a half": close enough to read, never across the room.
export function readingDistance(tileSize) {
  return tileSize * 1.5;
}

// Where "open as a page" leads, in the reader's language.
export function pageHref(path, lang) {
  return lang === "en" ? `${path}?lang=en` : path;
}

// The query string for GET /api/boards/posts: a category, or a search across every board.
export function listQuery({ category = null, q = "", limit = 50 } = {}) {
  const params = new URLSearchParams();
  const query = (q || "").trim();
  if (query) params.set("q", query);
  else if (category) params.set("category", category);
  params.set("limit", String(limit));
  return `/api/boards/posts?${params}`;
}

// Does a real-time board event concern what the reader shows right now?
// view: {mode: "list" | "search" | "post", category, postId}.
export function eventConcerns(view, data) {
  if (!view || !data) return false;
  if (view.mode === "search") return true;
  if (view.mode === "post") return data.id === view.postId;
  return data.category === view.category;
}
