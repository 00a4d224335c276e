/** Test support: HTML pages shaped like the real ones (trimmed to what is read). */

const VIDEOS: Record<
  string,
  {
    title: string;
    description: string;
    length: string;
    tracks: (base: string, id: string) => unknown[];
  }
> = {
  gitBasics01: {
    title: 'Git in 6 Minutes',
    description:
      'Everything you need to start with Git.\n\nChapters:\n0:00 Intro\n1:30 Branches\n4:00 Merging\n\nFollow us!',
    length: '360',
    tracks: (base, id) => [
      {
        baseUrl: `${base}/api/timedtext?v=${id}&lang=de&kind=asr`,
        name: { simpleText: 'German (auto)' },
        languageCode: 'de',
        kind: 'asr',
      },
      {
        baseUrl: `${base}/api/timedtext?v=${id}&lang=en`,
        name: { simpleText: 'English' },
        languageCode: 'en',
      },
    ],
  },
  xmlTrack002: {
    title: 'Photosynthesis Explained',
    description: 'How plants make food. No chapters here.',
    length: '720',
    tracks: (base, id) => [
      { baseUrl: `${base}/api/timedtext?v=${id}&lang=en&fmt=srv1`, languageCode: 'en' },
    ],
  },
};

export function watchPage(base: string, videoId: string): string {
  const video = VIDEOS[videoId];
  const player = video
    ? {
        responseContext: { serviceTrackingParams: [] },
        playabilityStatus: { status: 'OK' },
        captions: {
          playerCaptionsTracklistRenderer: {
            captionTracks: video.tracks(base, videoId),
            audioTracks: [{ captionTrackIndices: [0] }],
          },
        },
        videoDetails: {
          videoId,
          title: video.title,
          lengthSeconds: video.length,
          shortDescription: video.description,
          author: 'Lumen Fixtures',
        },
      }
    : { playabilityStatus: { status: 'ERROR', reason: 'Video unavailable' } };
  return `<!DOCTYPE html><html lang="en"><head><title>${video?.title ?? 'YouTube'} - YouTube</title>
<script nonce="abc">var ytcfg = {"a": "}{"};</script></head><body>
<script nonce="abc">var ytInitialPlayerResponse = ${JSON.stringify(player)};var meta = document.createElement('meta');</script>
<script nonce="abc">var ytInitialData = {"contents": {}};</script>
<div id="content"></div></body></html>`;
}

export const NAV_TEXT = 'Subscribe to our newsletter';
export const FOOTER_TEXT = 'Copyright 2026 Example Blog Inc';

export function blogPage(): string {
  const filler =
    'Version control keeps every change you make, so mistakes are cheap to undo and history is easy to read. ';
  return `<!DOCTYPE html><html><head><title>Understanding Git Rebase | Example Blog</title></head><body>
<header class="site-header"><a href="/">Example Blog</a><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li><li><a href="/news">${NAV_TEXT}</a></li></ul></nav></header>
<main><article>
<h1>Understanding Git Rebase</h1>
<p class="byline">By Ada, 3 May 2026</p>
<p>${filler.repeat(3)}</p>
<h2>What rebase does</h2>
<p>Rebase is a way to move a series of commits onto a new base commit. ${filler.repeat(2)}</p>
<ul><li>It rewrites commit ids</li><li>It keeps history linear</li></ul>
<h2>Try it</h2>
<p>Run the following in a feature branch. ${filler}</p>
<pre><code class="language-bash">git switch feature
git rebase main</code></pre>
<h2>Rebase or merge?</h2>
<p>Compare the two before you choose. ${filler}</p>
<table><thead><tr><th>Command</th><th>History</th></tr></thead><tbody><tr><td>merge</td><td>keeps merge commits</td></tr><tr><td>rebase</td><td>linear</td></tr></tbody></table>
</article>
<aside class="sidebar"><h3>Related posts</h3><ul><li><a href="/x">Ten Git aliases</a></li></ul></aside>
</main>
<footer><p>${FOOTER_TEXT}</p><a href="/privacy">Privacy</a></footer>
</body></html>`;
}

/** A public notion.site page as served to a crawler: server-rendered blocks. */
export function notionPublicPage(): string {
  const para =
    'Commits are snapshots of your project that Git stores forever, each pointing to its parent. ';
  return `<!DOCTYPE html><html><head><title>Git Basics</title></head><body>
<div id="notion-app"><div class="notion-topbar">Get Notion free</div>
<main class="notion-frame"><div class="notion-page-content">
<h1 class="notion-header-block">Git Basics</h1>
<h2 class="notion-sub_header-block">Commits</h2><div class="notion-text-block">${para.repeat(3)}</div>
<h2 class="notion-sub_header-block">Remotes</h2><div class="notion-text-block">A remote is a copy of the repository hosted elsewhere. ${para.repeat(2)}</div>
</div></main></div></body></html>`;
}

/**
 * A CMS-style guide page: the site's name is in <title>, og:site_name and a header
 * <h1>, so the article's own title is the second <h1> of the document.
 */
export function guidePage(title: string, sections: ReadonlyArray<[string, string]>): string {
  const body = sections.map(([heading, text]) => `<h2>${heading}</h2>\n<p>${text}</p>`).join('\n');
  return `<!DOCTYPE html><html><head><title>${title} | Spoke &amp; Chain</title>
<meta property="og:site_name" content="Spoke &amp; Chain"></head><body>
<header><h1 class="site-title"><a href="/">Spoke &amp; Chain</a></h1><nav><a href="/">Home</a></nav></header>
<main><article><h1>${title}</h1>
<p>Every rider can do this at home with a few tools and some patience. A tidy workshop and good light make the job quicker and safer.</p>
${body}
</article></main><footer><p>${FOOTER_TEXT}</p></footer></body></html>`;
}
