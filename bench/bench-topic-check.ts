import { createSentenceEncoder, createTopicCheck } from '@lumen/domain';
import type { TopicCheck } from '@lumen/domain';

/**
 * The tutor benches ask the way a server does: with the topic check on (its default),
 * unless BENCH_TOPIC_CHECK=off, which measures the lexical gate alone.
 */
export function benchTopicCheck(): {
  topicCheck?: TopicCheck;
  label: string;
  close: () => Promise<void>;
} {
  if (process.env['BENCH_TOPIC_CHECK'] === 'off')
    return { label: 'topic check off', close: async () => {} };
  const encoder = createSentenceEncoder();
  const topicCheck = createTopicCheck({
    encoder,
    timeoutMs: 60_000,
    onError: (error) => {
      throw error;
    },
  });
  return { topicCheck, label: `topic check on (${encoder.model})`, close: () => encoder.close() };
}
