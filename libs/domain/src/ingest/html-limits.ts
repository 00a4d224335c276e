/**
 * How much HTML one import may make the server parse. Readability walks the tree
 * recursively, in time growing faster than the square of its depth: 5,000 nested
 * <div>s overflowed the stack after minutes of work, and 500 still take about 8 s on a
 * quiet machine (250: about 1.5 s). Real pages nest a few dozen levels (heavy
 * application markup rarely past 100) and hold a few thousand elements. Blink's parser
 * stops nesting at 512 (kMaximumHTMLParserDOMTreeDepth); half that is allowed here.
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
  maxDepth: 256,
  maxElements: 50_000,
  timeoutMs: 10_000,
};
