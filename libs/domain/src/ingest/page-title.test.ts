import { describe, expect, it } from '@jest/globals';

import { pageTitle, withoutSiteName } from './page-title.js';

describe('pageTitle', () => {
  it('drops the site name a <title> carries, on either side', () => {
    expect(withoutSiteName('Fixing a Flat | Spoke & Chain', 'Spoke & Chain')).toBe('Fixing a Flat');
    expect(withoutSiteName('Spoke & Chain — Fixing a Flat', 'spoke & chain')).toBe('Fixing a Flat');
    expect(withoutSiteName('How to Bake Bread - King Arthur Baking', undefined)).toBe(
      'How to Bake Bread',
    );
    expect(withoutSiteName('Git-flow in practice', undefined)).toBe('Git-flow in practice');
  });

  it('prefers the article’s <h1>, unless it is the site’s name', () => {
    expect(pageTitle({ h1: 'Chain Care', docTitle: 'Chain Care | Spoke & Chain' })).toBe(
      'Chain Care',
    );
    expect(
      pageTitle({
        h1: 'Spoke & Chain',
        siteName: 'Spoke & Chain',
        docTitle: 'Chain Care | Spoke & Chain',
      }),
    ).toBe('Chain Care');
    expect(pageTitle({ ogTitle: 'Chain Care', docTitle: 'Home | Spoke & Chain' })).toBe(
      'Chain Care',
    );
    expect(pageTitle({})).toBe('Untitled page');
  });
});
