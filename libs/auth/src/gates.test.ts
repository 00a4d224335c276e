import { authorizeScope, authorizeTool } from './index.js';
import type { Principal } from './index.js';

const principal = (role: Principal['role'], scopes: string[]): Principal => ({
  userId: 'u',
  role,
  clientId: 'c',
  scopes,
});

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
});
