import { ConfigError, loadConfig } from './config.js';

describe('loadConfig retention', () => {
  it('defaults to 30, 90 and 30 days, also for empty values, and takes 0 as keep-forever', () => {
    expect(loadConfig({ LUMEN_DATA_DIR: '/tmp/x' }).retention).toEqual({
      tool_calls: 30,
      llm_call_log: 90,
      retrieval_audits: 30,
    });
    const set = loadConfig({
      LUMEN_DATA_DIR: '/tmp/x',
      LUMEN_RETENTION_TOOL_CALLS_DAYS: '',
      LUMEN_RETENTION_LLM_CALLS_DAYS: '0',
      LUMEN_RETENTION_RETRIEVALS_DAYS: ' 7 ',
    });
    expect(set.retention).toEqual({ tool_calls: 30, llm_call_log: 0, retrieval_audits: 7 });
  });

  it('refuses a negative, fractional or non-numeric period, naming the variable', () => {
    for (const value of ['-1', '1.5', 'forever', '1e9'])
      expect(() => loadConfig({ LUMEN_RETENTION_TOOL_CALLS_DAYS: value })).toThrow(
        expect.objectContaining({
          constructor: ConfigError,
          message: expect.stringContaining('LUMEN_RETENTION_TOOL_CALLS_DAYS'),
        }),
      );
  });
});

describe('loadConfig PORT', () => {
  it('takes an empty PORT as unset (the default 8001), not as 0, a random port', () => {
    expect(loadConfig({ LUMEN_DATA_DIR: '/tmp/x', PORT: '' }).http.port).toBe(8001);
    expect(loadConfig({ LUMEN_DATA_DIR: '/tmp/x', PORT: '  ' }).http.port).toBe(8001);
    expect(loadConfig({ LUMEN_DATA_DIR: '/tmp/x', PORT: '0' }).http.port).toBe(0);
    expect(loadConfig({ LUMEN_DATA_DIR: '/tmp/x', PORT: '9000' }).http.port).toBe(9000);
  });
});
