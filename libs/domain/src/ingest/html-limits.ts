/**
 * How much HTML one import may make the server parse. Readability and Turndown walk the
 * tree recursively and, on deep nesting, in quadratic time: 5,000 nested <div>s
 * overflowed the stack after minutes of work. Real pages nest a few dozen levels and
 * hold a few thousand elements; Blink's HTML parser stops nesting at 512
 * (kMaximumHTMLParserDOMTreeDepth), the depth allowed here.
 */
export interface HtmlLimits {
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
  /** Most elements accepted in one page. */
  readonly maxElements: number;
  /** Time for reading one page (parse, Readability, Turndown), after its download. */
  readonly timeoutMs: number;
}

export const DEFAULT_HTML_LIMITS: HtmlLimits = {
  maxDepth: 512,
  maxElements: 50_000,
  timeoutMs: 10_000,
};
