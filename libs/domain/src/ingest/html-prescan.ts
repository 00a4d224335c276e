/**
 * A bounded look at a page before any DOM is built: one pass of htmlparser2's
 * tokenizer (the parser linkedom builds its tree with, so the depth counted here is the
 * depth of that tree, implied end tags included), stopping at the first limit crossed.
 * Linear in the page's size and allocation-free apart from the parser's own state.
 */
import { Parser } from 'htmlparser2';

import type { HtmlLimits } from './html-limits.js';

export type PrescanResult =
  { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Thrown from inside the parser's callbacks to stop it at once. */
class OverLimit {
  constructor(readonly message: string) {}
}

export function prescanHtml(
  html: string,
  limits: Pick<HtmlLimits, 'maxDepth' | 'maxElements'>,
): PrescanResult {
  let depth = 0;
  let elements = 0;
  const parser = new Parser(
    {
      onopentagname() {
        depth += 1;
        elements += 1;
        if (depth > limits.maxDepth)
          throw new OverLimit(`the page nests elements more than ${limits.maxDepth} deep`);
        if (elements > limits.maxElements)
          throw new OverLimit(`the page has more than ${limits.maxElements} elements`);
      },
      onclosetag() {
        depth -= 1;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true },
  );
  try {
    parser.end(html);
  } catch (error) {
    if (error instanceof OverLimit) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true };
}
