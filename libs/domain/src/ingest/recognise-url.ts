/**
 * Which extractor a URL goes to. Only the URL's shape is read here; fetching and the
 * safety checks happen later, on the URL that is actually requested.
 */
export type RecognisedUrl =
  | { readonly kind: 'youtube'; readonly videoId: string }
  | { readonly kind: 'notion'; readonly pageId: string }
  | { readonly kind: 'gdocs'; readonly documentId: string }
  | { readonly kind: 'web' };

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
]);

export function recogniseUrl(url: URL): RecognisedUrl {
  const host = url.hostname.toLowerCase();
  const videoId = youtubeVideoId(host, url);
  if (videoId) return { kind: 'youtube', videoId };
  if (host === 'notion.so' || host.endsWith('.notion.so') || host.endsWith('.notion.site')) {
    const pageId = notionPageId(url);
    if (pageId) return { kind: 'notion', pageId };
  }
  if (host === 'docs.google.com') {
    const documentId = /^\/document\/(?:u\/\d+\/)?d\/([A-Za-z0-9_-]{10,})/.exec(url.pathname)?.[1];
    if (documentId) return { kind: 'gdocs', documentId };
  }
  return { kind: 'web' };
}

function youtubeVideoId(host: string, url: URL): string | undefined {
  let candidate: string | undefined;
  if (host === 'youtu.be') candidate = url.pathname.split('/')[1];
  else if (YOUTUBE_HOSTS.has(host)) {
    if (url.pathname === '/watch') candidate = url.searchParams.get('v') ?? undefined;
    else candidate = /^\/(?:shorts|embed|live|v)\/([^/?#]+)/.exec(url.pathname)?.[1];
  }
  return candidate && VIDEO_ID.test(candidate) ? candidate : undefined;
}

/** Notion page URLs end in the page's 32-hex id, bare or dashed ("Title-<id>"). */
function notionPageId(url: URL): string | undefined {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  const compact = last.replace(/-/g, '');
  const hex = /([0-9a-f]{32})$/i.exec(compact)?.[1];
  if (!hex) return undefined;
  const id = hex.toLowerCase();
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}
