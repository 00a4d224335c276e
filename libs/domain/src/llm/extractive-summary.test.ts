import { sentencesOf } from './extractive-summary.js';

describe('sentencesOf', () => {
  it('drops emphasis markers but keeps underscores inside identifiers', () => {
    expect(
      sentencesOf('Create **users_email_lower_idx** with `lower(email)`, _then_ analyze.'),
    ).toEqual(['Create users_email_lower_idx with lower(email), then analyze.']);
  });

  it('skips code blocks, tables and headings', () => {
    const md = '## Heading\n\n```sql\nSELECT 1;\n```\n\n| a | b |\n|---|---|\n\nPlain prose here.';
    expect(sentencesOf(md)).toEqual(['Plain prose here.']);
  });
});
