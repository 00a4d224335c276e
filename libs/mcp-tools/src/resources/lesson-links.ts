import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';

import { lessonUri } from './lumen-uri.js';

/**
 * `resource_link` content items (MCP server/tools, Resource Links) for the lessons a
 * tool result cites, once each, in the order first cited: a client can open the
 * source lesson beside the answer.
 */
export function lessonLinks(
  courseSlug: string,
  cited: ReadonlyArray<{ lessonSlug: string; lessonTitle: string }>,
): ResourceLink[] {
  const seen = new Set<string>();
  const links: ResourceLink[] = [];
  for (const { lessonSlug, lessonTitle } of cited) {
    if (seen.has(lessonSlug)) continue;
    seen.add(lessonSlug);
    links.push({
      type: 'resource_link',
      uri: lessonUri(courseSlug, lessonSlug),
      name: `${courseSlug}/${lessonSlug}`,
      title: lessonTitle,
      description: 'The lesson this result cites, as markdown.',
      mimeType: 'text/markdown',
    });
  }
  return links;
}
