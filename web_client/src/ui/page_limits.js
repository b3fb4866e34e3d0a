// The static pages (index.html, admin.html, boards-console.html) name the kind of free text
// each field takes (data-text-kind="nickname"); its maxlength comes from the server's limits
// (text_limits.js, generated from server/core/text.py), never a number written in the page.
//
//   import { applyTextLimits } from "./ui/page_limits.js";  applyTextLimits(document);

import { TEXT_LIMITS } from "../text_limits.js";

export function applyTextLimits(root) {
  for (const field of root.querySelectorAll("[data-text-kind]")) {
    const limit = TEXT_LIMITS[field.dataset.textKind];
    if (limit === undefined) throw new Error(`unknown text kind: ${field.dataset.textKind}`);
    field.maxLength = limit;
  }
}
