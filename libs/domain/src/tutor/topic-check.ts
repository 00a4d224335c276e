import { cosine } from './sentence-encoder.js';
import type { SentenceEncoder } from './sentence-encoder.js';
import type { TutorSearchHit } from './tutor-search.js';

/**
 * Below this cosine between the question and the closest passage the gate let through,
 * a question that passed on a title word alone is about something else. Chosen on the
 * tuning sets (bench/paraphrase.ts bicycle, bench/tutor-gate.ts tuning): their lowest
 * in-scope question that needs the check scores 0.35, and 0.25 leaves a margin under it.
 */
export const MIN_TOPIC_SIMILARITY = 0.25;

/** Passage vectors kept between questions (2 KB each). */
const CACHE_SIZE = 4096;

/**
 * A passage is compared by its heading path and first 150 characters of text. The
 * encoder's cost grows faster than the text (a question takes about 20 ms of CPU, a
 * 300-character passage about 100 ms), and on the tuning and held-out sets the cut
 * changed no decision at the threshold (at 100 characters, tuning answers started to
 * be lost at 0.3).
 */
const PASSAGE_CHARS = 150;
/** A question is cut too (the tool takes 2,000 characters, about 240 ms to embed; 500 take 170). */
const QUESTION_CHARS = 500;
const passageInput = (p: TutorSearchHit) =>
  `${p.headingPath.join(' › ')}\n\n${p.text.slice(0, PASSAGE_CHARS)}`;

export interface TopicCheckOptions {
  readonly encoder: SentenceEncoder;
  /** Longest wait for the encoder before the lexical decision stands (default 5 s). */
  readonly timeoutMs?: number | undefined;
  /** Told when the encoder failed or timed out (the question went on unchecked). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * The relevance gate's second opinion, asked only when the lexical evidence is weak: a
 * question that shares with the course nothing but a word naming one of its lessons or
 * sections ("What time does the interval start at the theatre?" against a harmony course
 * with a section on intervals). Word counts cannot tell that question from a reworded
 * in-scope one; a sentence encoder can, because it compares meanings.
 */
export interface TopicCheck {
  /**
   * Whether the question is about what these passages say: false when every one of them
   * is further from it than MIN_TOPIC_SIMILARITY, undefined when the encoder could not
   * answer (the caller keeps its own decision).
   */
  onTopic(
    question: string,
    passages: readonly TutorSearchHit[],
    signal?: AbortSignal,
  ): Promise<boolean | undefined>;
}

export function createTopicCheck(options: TopicCheckOptions): TopicCheck {
  const { encoder, onError } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  // Chunk ids hash their lesson, heading path and text, so an id names one input.
  const cache = new Map<string, Float32Array>();
  const remember = (id: string, vector: Float32Array) => {
    cache.delete(id);
    cache.set(id, vector);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  };
  return {
    async onTopic(question, passages, signal) {
      if (passages.length === 0) return false;
      const missing = passages.filter((p) => !cache.has(p.chunkId));
      try {
        const vectors = await encoder.embed(
          [question.slice(0, QUESTION_CHARS), ...missing.map(passageInput)],
          signal
            ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
            : AbortSignal.timeout(timeoutMs),
        );
        const fresh = new Map(missing.map((p, i) => [p.chunkId, vectors[i + 1]!]));
        for (const [id, vector] of fresh) remember(id, vector);
        const asked = vectors[0]!;
        return passages.some((p) => {
          const vector = fresh.get(p.chunkId) ?? cache.get(p.chunkId);
          return vector !== undefined && cosine(asked, vector) >= MIN_TOPIC_SIMILARITY;
        });
      } catch (error) {
        // The caller gave up: it is not the encoder's failure, and the caller stops too.
        if (signal?.aborted) throw signal.reason;
        onError?.(error);
        return undefined;
      }
    },
  };
}
