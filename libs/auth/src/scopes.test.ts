import {
  AuthError,
  narrowScopes,
  OAuthError,
  parseScopes,
  SCOPE_VOCABULARY,
  scopeAllows,
  TOOL_ACCESS,
  TOOL_NAMES,
} from './index.js';

describe('scopes', () => {
  it('knows the nine tools of the guide', () => {
    expect(TOOL_NAMES).toHaveLength(9);
    expect(Object.keys(TOOL_ACCESS).sort()).toEqual([...TOOL_NAMES].sort());
    expect(TOOL_ACCESS.create_course_draft).toBe('instructor');
    expect(TOOL_ACCESS.list_courses).toBe('public');
    expect(TOOL_ACCESS.ask_tutor).toBe('user');
  });

  it('parses "*" and comma or space separated lists, deduplicated in vocabulary order', () => {
    expect(parseScopes('*')).toEqual(['*']);
    expect(parseScopes('list_my_progress, ask_tutor ask_tutor')).toEqual([
      'ask_tutor',
      'list_my_progress',
    ]);
    expect(parseScopes('ask_tutor *')).toEqual(['*']);
  });

  it('rejects unknown and empty scopes with stable codes', () => {
    expect(() => parseScopes('ask_tutor, delete_everything')).toThrow(
      expect.objectContaining({
        code: 'auth.scope.unknown',
        message: expect.stringContaining('delete_everything'),
      }),
    );
    expect(() => parseScopes(' , ')).toThrow(AuthError);
    expect(() => parseScopes('')).toThrow(expect.objectContaining({ code: 'auth.scope.empty' }));
  });

  it('allows a tool only when granted or under the wildcard', () => {
    expect(scopeAllows(['ask_tutor'], 'ask_tutor')).toBe(true);
    expect(scopeAllows(['ask_tutor'], 'get_course')).toBe(false);
    expect(scopeAllows(['*'], 'ingest_url_to_draft')).toBe(true);
    expect(scopeAllows(['*'], 'not_a_tool')).toBe(true);
    expect(scopeAllows([], 'list_courses')).toBe(false);
  });

  it('knows `admin`: parsed in vocabulary order, covered by `*`, advertised before `*`', () => {
    expect(parseScopes('admin list_courses')).toEqual(['list_courses', 'admin']);
    expect(scopeAllows(['*'], 'admin')).toBe(true);
    expect(scopeAllows(['admin'], 'admin')).toBe(true);
    expect(scopeAllows(['list_courses'], 'admin')).toBe(false);
    expect(SCOPE_VOCABULARY.slice(-2)).toEqual(['admin', '*']);
    expect(narrowScopes(['*'], ['admin'])).toEqual(['admin']);
    expect(() => narrowScopes(['list_courses'], ['admin'])).toThrow(
      expect.objectContaining({ code: 'invalid_scope' }),
    );
  });

  it('narrows to a requested subset and never broadens', () => {
    expect(narrowScopes(['ask_tutor', 'list_my_progress'], ['ask_tutor'])).toEqual(['ask_tutor']);
    expect(narrowScopes(['*'], ['get_course'])).toEqual(['get_course']);
    expect(narrowScopes(['*'], ['*'])).toEqual(['*']);
    const broaden = () => narrowScopes(['ask_tutor'], ['ask_tutor', 'create_course_draft']);
    expect(broaden).toThrow(OAuthError);
    expect(broaden).toThrow(expect.objectContaining({ code: 'invalid_scope', status: 400 }));
    expect(() => narrowScopes(['ask_tutor'], ['*'])).toThrow(
      expect.objectContaining({ code: 'invalid_scope' }),
    );
  });
});
