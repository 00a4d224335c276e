/** A paraphrase evaluation: web pages of a small course and questions labelled with the passage that answers them. */
export interface EvalPage {
  readonly slug: string;
  /** The article's <h1>; the page's <title> adds the site's name after it. */
  readonly title: string;
  /** A section without a heading is the text before the page's first `<h2>`. */
  readonly sections: ReadonlyArray<{ readonly heading?: string; readonly body: string }>;
}

export interface EvalQuestion {
  readonly q: string;
  /** A phrase found in exactly one passage: the one that answers the question. */
  readonly answer: string;
}

export interface EvalSet {
  readonly name: string;
  /** The site name in every page's <title> and header, as real sites have it. */
  readonly site: string;
  readonly pages: readonly EvalPage[];
  readonly questions: readonly EvalQuestion[];
  /** Questions the course does not cover; the tutor must decline them without a model call. */
  readonly offTopic: readonly string[];
}
