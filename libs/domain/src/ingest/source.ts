/** What an extractor hands on: a titled source cut into its own natural sections. */
export type SourceKind = 'youtube' | 'notion' | 'gdocs' | 'web';

export interface SourceSection {
  readonly title: string;
  readonly markdown: string;
  /** Reading or watching time, when the source knows it (video spans). */
  readonly minutes?: number | undefined;
}

export interface ExtractedSource {
  readonly kind: SourceKind;
  readonly title: string;
  readonly url: string;
  /** The name of the site a web page belongs to, when the page states it. */
  readonly site?: string | undefined;
  readonly sections: readonly SourceSection[];
}
