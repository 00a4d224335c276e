import { afterEach, describe, expect, it } from '@jest/globals';

import { LumenError } from '../errors.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import type { LlmRequest } from './llm-provider.js';
import { createNoopProvider } from './noop-provider.js';
import { formatSourcesPrompt } from './numbered-sources.js';
import { createOpenAiProvider } from './openai-provider.js';
import { createProviderFromConfig } from './provider-from-config.js';
import {
  anthropicError,
  anthropicMessage,
  openAiCompletion,
  openAiError,
  startLoopbackModelServer,
} from './testing/loopback-model-server.js';
import type { LoopbackModelServer } from './testing/loopback-model-server.js';

const API_KEY = 'sk-test-loopback-0123456789-supersecret';
const REQUEST: LlmRequest = {
  system: 'You are terse.',
  messages: [{ role: 'user', content: 'What is an index?' }],
  maxTokens: 64,
  temperature: 0,
};

/** Records the delays the provider asked for instead of waiting them out. */
function recordingSleep() {
  const delays: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    delays.push(ms);
    return Promise.resolve();
  };
  return { delays, sleep };
}

async function thrown(promise: Promise<unknown>): Promise<LumenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LumenError) return error;
    throw error;
  }
  throw new Error('expected a LumenError');
}

describe('anthropic provider', () => {
  let server: LoopbackModelServer | undefined;
  afterEach(() => server?.close());

  it('speaks the Messages API and reports its usage', async () => {
    server = await startLoopbackModelServer(() =>
      anthropicMessage('An index is a sorted lookup structure.', 21, 9),
    );
    const provider = createAnthropicProvider({
      apiKey: API_KEY,
      model: 'claude-sonnet-4-5',
      baseUrl: server.url,
    });
    const result = await provider.complete(REQUEST);
    expect(result).toEqual({
      text: 'An index is a sorted lookup structure.',
      tokensIn: 21,
      tokensOut: 9,
      model: 'claude-sonnet-4-5-20250929',
    });
    const [sent] = server.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers['x-api-key']).toBe(API_KEY);
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'What is an index?' }],
      temperature: 0,
    });
  });

  it('waits as long as retry-after asks after a 429, then succeeds', async () => {
    server = await startLoopbackModelServer((_req, i) =>
      i === 0
        ? anthropicError(
            429,
            'rate_limit_error',
            'Number of requests has exceeded your rate limit',
            { 'retry-after': '7' },
          )
        : anthropicMessage('ok', 3, 1),
    );
    const { delays, sleep } = recordingSleep();
    const provider = createAnthropicProvider({
      apiKey: API_KEY,
      model: 'm',
      baseUrl: server.url,
      sleep,
    });
    expect((await provider.complete(REQUEST)).text).toBe('ok');
    expect(server.requests).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('does not retry a 401 and keeps the key out of the message', async () => {
    server = await startLoopbackModelServer(() =>
      anthropicError(401, 'authentication_error', `invalid x-api-key ${API_KEY}`),
    );
    const { sleep } = recordingSleep();
    const provider = createAnthropicProvider({
      apiKey: API_KEY,
      model: 'm',
      baseUrl: server.url,
      sleep,
    });
    const error = await thrown(provider.complete(REQUEST));
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe('mcp.llm.failed');
    expect(error.message).toContain('authentication_error');
    expect(error.message).toContain('Not retryable');
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error.details)).not.toContain(API_KEY);
  });

  it('gives up after a bounded number of attempts on persistent overload', async () => {
    server = await startLoopbackModelServer(() =>
      anthropicError(529, 'overloaded_error', 'Overloaded'),
    );
    const { delays, sleep } = recordingSleep();
    const provider = createAnthropicProvider({
      ...{ apiKey: API_KEY, model: 'm', baseUrl: server.url },
      ...{ sleep, maxAttempts: 3, random: () => 0.5 },
    });
    const error = await thrown(provider.complete(REQUEST));
    expect(server.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    // Exponential with equal jitter: 500 ms then 1 s windows, half of each randomised.
    expect(delays).toEqual([375, 750]);
    expect(error.message).toContain('Retryable');
    expect(error.details).toMatchObject({ status: 529, retryable: true, attempts: 3 });
  });
});

describe('openai provider', () => {
  let server: LoopbackModelServer | undefined;
  afterEach(() => server?.close());

  it('speaks chat completions with a bearer token and reports its usage', async () => {
    server = await startLoopbackModelServer(() => openAiCompletion('A B-tree.', 30, 4));
    const provider = createOpenAiProvider({
      apiKey: API_KEY,
      model: 'gpt-4o-mini',
      baseUrl: `${server.url}/v1`,
    });
    const result = await provider.complete(REQUEST);
    expect(result).toEqual({
      text: 'A B-tree.',
      tokensIn: 30,
      tokensOut: 4,
      model: 'gpt-4o-mini-2024-07-18',
    });
    const [sent] = server.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent?.body).toMatchObject({
      model: 'gpt-4o-mini',
      max_tokens: 64,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What is an index?' },
      ],
    });
  });

  it('retries a 500 and then succeeds', async () => {
    server = await startLoopbackModelServer((_req, i) =>
      i === 0
        ? openAiError(500, 'server_error', null, 'The server had an error')
        : openAiCompletion('fine', 5, 1),
    );
    const { delays, sleep } = recordingSleep();
    const provider = createOpenAiProvider({
      apiKey: API_KEY,
      model: 'gpt-4o-mini',
      baseUrl: server.url,
      sleep,
      random: () => 0,
    });
    expect((await provider.complete(REQUEST)).text).toBe('fine');
    expect(server.requests).toHaveLength(2);
    expect(delays).toEqual([250]);
  });

  it('redacts a partially echoed key from a 401', async () => {
    server = await startLoopbackModelServer(() =>
      openAiError(
        401,
        'invalid_request_error',
        'invalid_api_key',
        'Incorrect API key provided: sk-test-****cret.',
      ),
    );
    const provider = createOpenAiProvider({
      apiKey: API_KEY,
      model: 'gpt-4o-mini',
      baseUrl: server.url,
    });
    const error = await thrown(provider.complete(REQUEST));
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain('invalid_api_key');
    expect(error.message).not.toMatch(/sk-test/);
  });

  it('does not wait on a retry-after beyond its ceiling', async () => {
    server = await startLoopbackModelServer(() =>
      openAiError(429, 'requests', 'rate_limit_exceeded', 'Rate limit reached', {
        'retry-after': '3600',
      }),
    );
    const { delays, sleep } = recordingSleep();
    const provider = createOpenAiProvider({
      apiKey: API_KEY,
      model: 'gpt-4o-mini',
      baseUrl: server.url,
      sleep,
    });
    const error = await thrown(provider.complete(REQUEST));
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(error.details).toMatchObject({ status: 429, retryable: true });
  });

  it('stops at the caller cancelling a call in flight', async () => {
    server = await startLoopbackModelServer(() => ({ status: 200, body: {}, hang: true }));
    const controller = new AbortController();
    const provider = createOpenAiProvider({
      apiKey: API_KEY,
      model: 'gpt-4o-mini',
      baseUrl: server.url,
    });
    const pending = thrown(provider.complete({ ...REQUEST, signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect((await pending).code).toBe('mcp.cancelled');
    expect(server.requests).toHaveLength(1);
  });

  it('times out an attempt that never answers and retries it', async () => {
    server = await startLoopbackModelServer(() => ({ status: 200, body: {}, hang: true }));
    const { sleep } = recordingSleep();
    const provider = createOpenAiProvider({
      apiKey: API_KEY,
      model: 'm',
      baseUrl: server.url,
      // Long enough that a loaded CI machine still delivers each request before the timer
      // fires (40 ms flaked there); the attempt count comes from the error either way.
      timeoutMs: 300,
      maxAttempts: 2,
      sleep,
    });
    const error = await thrown(provider.complete(REQUEST));
    expect(error.message).toContain('no answer within 300 ms');
    expect(error.details).toMatchObject({ retryable: true, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });
});

describe('noop provider', () => {
  it('answers a sourced prompt with a cited extract of the most relevant sentences', async () => {
    const prompt = formatSourcesPrompt(
      [
        {
          n: 1,
          lessonTitle: 'B-tree indexes',
          headingPath: ['Indexes', 'B-trees'],
          text: 'Tables are stored in pages. A B-tree index keeps keys sorted so lookups take logarithmic time.',
        },
        {
          n: 2,
          lessonTitle: 'Scans',
          headingPath: [],
          text: 'A sequential scan reads every page of the table.',
        },
        { n: 3, lessonTitle: 'Cells', headingPath: [], text: 'Mitochondria produce energy.' },
      ],
      'How does a B-tree index speed up lookups?',
    );
    const provider = createNoopProvider();
    const request = {
      system: 'cite',
      messages: [{ role: 'user' as const, content: prompt }],
      maxTokens: 400,
    };
    const first = await provider.complete(request);
    expect(first.text).toContain(
      'A B-tree index keeps keys sorted so lookups take logarithmic time. [1]',
    );
    expect(first.text).not.toContain('Tables are stored in pages');
    expect(first.text).not.toContain('[3]');
    expect(first.tokensIn).toBeGreaterThan(0);
    expect(await provider.complete(request)).toEqual(first);
  });
});

describe('provider from config', () => {
  it('builds the configured provider and refuses a keyless hosted one', () => {
    expect(createProviderFromConfig({ provider: 'noop' }).name).toBe('noop');
    expect(
      createProviderFromConfig({ provider: 'anthropic', apiKey: 'k', model: 'claude-x' }).model,
    ).toBe('claude-x');
    expect(
      createProviderFromConfig({
        provider: 'openai',
        baseUrl: 'http://127.0.0.1:11434/v1',
        model: 'llama3',
      }).name,
    ).toBe('openai');
    expect(() => createProviderFromConfig({ provider: 'anthropic' })).toThrow(LumenError);
  });
});
