/**
 * Test support: a loopback web server with one article, the outside service
 * ingest_url_to_draft reads. Plain HTML as a blog would serve it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ARTICLE_TITLE = 'Tide Pools: Life Between the Waves';

const paragraph = (topic: string) =>
  `<p>${topic} Tide pools are rocky hollows that keep sea water when the tide goes out. ` +
  'The animals living there cope with changing temperature, salinity and oxygen twice a day, ' +
  'and each species has its own way of surviving the hours of exposure before the sea returns.</p>';

const ARTICLE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${ARTICLE_TITLE}</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article>
<h1>${ARTICLE_TITLE}</h1>
${paragraph('An introduction.')}
<h2>Zones of the shore</h2>
${paragraph('The splash zone is wet only from spray.')}
${paragraph('The high intertidal zone is covered only at high tide.')}
<h2>Who lives there</h2>
${paragraph('Anemones close up to hold water.')}
${paragraph('Hermit crabs swap shells as they grow.')}
<h2>Visiting responsibly</h2>
${paragraph('Step on bare rock and put every stone back the way you found it.')}
</article>
<footer>Copyright the Tide Pool Society</footer>
</body></html>`;

export interface ArticleSite {
  articleUrl: string;
  close(): Promise<void>;
}

export async function startArticleSite(): Promise<ArticleSite> {
  const server = createServer((req, res) => {
    if (req.url === '/tide-pools') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(ARTICLE_HTML);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    articleUrl: `http://127.0.0.1:${port}/tide-pools`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
