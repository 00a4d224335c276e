import { authorizeScope, authorizeTool } from './index.js';
import type { Principal } from './index.js';

const principal = (role: Principal['role'], scopes: string[]): Principal => ({
  userId: 'u',
  role,
  clientId: 'c',
  scopes,
});
/** A caller that signed in through OAuth (a grant of the DCR client lmo_…). */
const signedIn = (role: Principal['role'], scopes: string[]): Principal => ({
  ...principal(role, scopes),
  oauthClientId: 'lmo_client',
});
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('authorizeTool', () => {
  it('lets a scoped principal call its tools', () => {
    expect(() => authorizeTool(principal('learner', ['ask_tutor']), 'ask_tutor')).not.toThrow();
    expect(() =>
      authorizeTool(principal('instructor', ['*']), 'create_course_draft'),
    ).not.toThrow();
    expect(() =>
      authorizeTool(principal('admin', ['ingest_url_to_draft']), 'ingest_url_to_draft'),
    ).not.toThrow();
  });

  it('applies the scope gate before the role gate', () => {
    expect(() => authorizeTool(principal('learner', ['ask_tutor']), 'create_course_draft')).toThrow(
      expect.objectContaining({
        code: 'mcp.scope.denied',
        message: expect.stringContaining('re-mint'),
      }),
    );
  });

  it('tells a minted learner that an instructor tool needs the role before re-minting', () => {
    // `lumen mcp-token` refuses to mint instructor scopes for a learner's client.
    const learner = refusal(() =>
      authorizeTool(principal('learner', ['ask_tutor']), 'create_course_draft'),
    );
    expect(learner.code).toBe('mcp.scope.denied');
    expect(learner.message).toContain('its owner is a learner');
    expect(learner.message).toContain('Ask an admin for the instructor role and then re-mint');
    const instructor = refusal(() =>
      authorizeTool(principal('instructor', ['ask_tutor']), 'create_course_draft'),
    );
    expect(instructor.message).toContain('Revoke and re-mint the client with broader scopes');
  });

  it('tells a minted client to re-mint, and a sign-in to sign in again and allow the tool', () => {
    const minted = refusal(() =>
      authorizeTool(principal('learner', ['list_courses']), 'ask_tutor'),
    );
    expect(minted.code).toBe('mcp.scope.denied');
    expect(minted.message).toContain('Revoke and re-mint the client');
    expect(minted.message).toContain('--scopes "ask_tutor"');

    const oauth = refusal(() => authorizeTool(signedIn('learner', ['list_courses']), 'ask_tutor'));
    expect(oauth.code).toBe('mcp.scope.denied');
    expect(oauth.message).toBe(
      'This sign-in does not allow ask_tutor: it was unticked on the consent page, or your MCP client did not ask for it. Sign in again (reconnect Lumen in your MCP client) and leave ask_tutor ticked.',
    );
    expect(oauth.message).not.toMatch(/mint|--scopes/);
  });

  it('tells a signed-in learner that instructor tools need the role before signing in again', () => {
    const oauth = refusal(() =>
      authorizeTool(signedIn('learner', ['list_courses']), 'create_course_draft'),
    );
    expect(oauth.code).toBe('mcp.scope.denied');
    expect(oauth.message).toContain('instructor tool and your account is a learner');
    expect(oauth.message).toContain('Ask an admin for the instructor role, then sign in again');
    // An instructor who unticked it only needs to sign in again.
    expect(
      refusal(() => authorizeTool(signedIn('instructor', ['list_courses']), 'create_course_draft'))
        .message,
    ).toContain('leave create_course_draft ticked');
  });

  it('refuses instructor tools to learners holding the scope', () => {
    expect(() => authorizeTool(principal('learner', ['*']), 'ingest_url_to_draft')).toThrow(
      expect.objectContaining({
        code: 'mcp.role.denied',
        message: expect.stringContaining('instructor or admin'),
      }),
    );
  });
});

describe('authorizeScope', () => {
  it('lets `*` and the named scope through, whatever the role', () => {
    expect(() => authorizeScope(principal('admin', ['*']), 'admin', 'This')).not.toThrow();
    expect(() => authorizeScope(principal('admin', ['admin']), 'admin', 'This')).not.toThrow();
    expect(() =>
      authorizeScope(principal('learner', ['ask_tutor']), 'ask_tutor', 'Enrolling'),
    ).not.toThrow();
  });

  it('refuses a narrowed token with mcp.scope.denied naming the scope it lacks', () => {
    expect(() =>
      authorizeScope(principal('admin', ['list_courses']), 'admin', 'The admin API'),
    ).toThrow(
      expect.objectContaining({
        code: 'mcp.scope.denied',
        message: expect.stringContaining('needs the "admin" scope'),
      }),
    );
  });

  it('tells a sign-in to sign in again and allow the scope, not to mint a client', () => {
    const lesson = refusal(() =>
      authorizeScope(signedIn('learner', ['list_courses']), 'get_course', 'Reading a lesson'),
    );
    expect(lesson).toMatchObject({ code: 'mcp.scope.denied' });
    expect(lesson.message).toBe(
      'Reading a lesson needs the "get_course" scope; this sign-in allows list_courses. Sign in again (reconnect Lumen in your MCP client) and allow "get_course" on the consent page.',
    );
    const admin = refusal(() =>
      authorizeScope(signedIn('admin', ['list_courses']), 'admin', 'The admin API'),
    );
    expect(admin.message).toContain('from an MCP client that requests scope "admin"');
    expect(admin.message).not.toMatch(/mint|--scopes/);
  });
});
