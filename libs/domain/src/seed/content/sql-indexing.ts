import type { SeedCourse } from './types.js';

export const sqlIndexing: SeedCourse = {
  slug: 'database-indexing-in-postgresql',
  title: 'Database Indexing in PostgreSQL',
  summary:
    'Learn how PostgreSQL indexes work under the hood, how the query planner decides whether to use them, and how to design, specialise and verify indexes for real workloads.',
  subject: { slug: 'computer-science', name: 'Computer Science' },
  status: 'published',
  ageDays: 30,
  modules: [
    {
      title: 'How Indexes Work',
      lessons: [
        {
          slug: 'b-tree-basics',
          title: 'B-tree Basics',
          estimatedMinutes: 8,
          markdown: `## Why tables need indexes

PostgreSQL stores a table as a *heap*: rows are written into 8 kB pages wherever there is free space, in no particular order. To find the rows matching \`WHERE customer_id = 42\` without any help, the database has to read every page and test every row. That is a **sequential scan**, and its cost grows linearly with the size of the table.

An index is a separate structure that maps key values to row locations. Each location is a *tuple identifier* (TID): a page number plus an item offset within that page. With an index, the database can jump straight to the handful of pages that hold matching rows.

The default index type is the B-tree. A plain \`CREATE INDEX\` with no \`USING\` clause builds one:

\`\`\`sql
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
\`\`\`

## The shape of a B-tree

A B-tree is a balanced tree of pages, all of the same size as heap pages:

- **Leaf pages** hold the index entries themselves: a key value and a TID, kept in sorted order. Each leaf links to its left and right neighbours, so a range scan can walk sideways without climbing back up the tree.
- **Internal pages** hold separator keys and pointers to child pages, directing a search towards the right leaf.
- **The root** is the single page at the top where every search begins.

Because one page holds hundreds of entries, the tree is very wide and very shallow. Three or four levels are enough for hundreds of millions of rows, and a lookup touches only one page per level.

### What a B-tree can answer

Since keys are sorted, a B-tree supports \`=\`, \`<\`, \`<=\`, \`>\`, \`>=\`, \`BETWEEN\`, \`IN\` and \`IS NULL\`. It can also serve \`LIKE 'abc%'\` when the column uses the C collation or the index is built with \`text_pattern_ops\`. Just as important, it can return rows already in order, which lets the planner skip a separate sort for \`ORDER BY\`.

It cannot help with \`LIKE '%abc'\`, because the leading characters are unknown, or with a condition on a function of the column unless you index that expression.

## Indexes are not free

- Every \`INSERT\` must add an entry to every index on the table, and many \`UPDATE\`s must too.
- Indexes consume disk space and, more importantly, shared buffer cache.
- Dead entries accumulate until \`VACUUM\` removes them, and heavily churned indexes can bloat.

Index the columns you filter, join and sort on most often, and periodically check \`pg_stat_user_indexes\` for indexes whose \`idx_scan\` count stays at zero.`,
        },
        {
          slug: 'how-the-planner-uses-indexes',
          title: 'How the Planner Uses Indexes',
          estimatedMinutes: 9,
          markdown: `## Cost-based planning

Creating an index does not force PostgreSQL to use it. For every query, the planner enumerates candidate plans, estimates a cost for each, and picks the cheapest. Costs are measured in abstract units anchored to \`seq_page_cost\` (1.0 by default), with a random page read priced at \`random_page_cost\` (4.0 by default) and smaller charges for processing each row.

Those estimates rely on statistics gathered by \`ANALYZE\`, which autovacuum also runs periodically. For each column PostgreSQL keeps the fraction of nulls, the number of distinct values, a list of the most common values with their frequencies, a histogram describing the rest of the distribution, and the *correlation* between the column's sort order and the physical order of rows on disk.

## The main scan types

| Scan type | How it works | Usually chosen when |
| --- | --- | --- |
| Seq Scan | Reads every page of the table in physical order | A large fraction of rows match, or the table is small |
| Index Scan | Walks the index and fetches each matching row from the heap | Few rows match, or ordered output is needed |
| Index Only Scan | Answers from the index alone, consulting the visibility map | Every needed column is in the index and the table is mostly vacuumed |
| Bitmap Heap Scan | Collects matching TIDs into a bitmap, then reads those pages in physical order | A moderate number of rows match, or several indexes are combined with AND/OR |

## Selectivity decides

*Selectivity* is the fraction of rows a condition is expected to return. An index scan that fetches 0.1% of a table is cheap. One that fetches 40% is not: each row costs a random heap access, and reading the whole table sequentially would be faster. So if 95% of your orders have \`status = 'shipped'\`, a query for shipped orders will use a sequential scan even though an index on \`status\` exists. That is the planner doing its job, not a bug.

### When estimates go wrong

- **Stale statistics.** After a bulk load or a large delete, run \`ANALYZE\` instead of waiting for autovacuum.
- **Correlated columns.** The planner assumes conditions are independent, so \`city = 'Lyon' AND country = 'France'\` is underestimated. \`CREATE STATISTICS\` can teach it about dependencies.
- **Wrapped columns.** \`WHERE lower(email) = 'a@b.io'\` cannot use a plain index on \`email\`.
- **Type mismatches.** Comparing a column with a value of a different type can force a cast that blocks the index.

Settings such as \`enable_seqscan = off\` are for experiments, never a production fix.`,
        },
      ],
    },
    {
      title: 'Designing Effective Indexes',
      lessons: [
        {
          slug: 'composite-index-column-order',
          title: 'Composite Index Column Order',
          estimatedMinutes: 10,
          markdown: `## How a multicolumn B-tree is sorted

A B-tree on several columns sorts its entries by the first column, then by the second column among entries with equal first values, and so on. Think of a phone book sorted by surname and then by first name: it is excellent for finding every "Garcia", good for finding "Garcia, Maria", and useless for finding every "Maria".

\`\`\`sql
CREATE INDEX events_tenant_created_idx ON events (tenant_id, created_at);
\`\`\`

## The leftmost prefix rule

An index is most effective when a query constrains its leading columns. For the index above:

- \`WHERE tenant_id = 7\` uses the index efficiently.
- \`WHERE tenant_id = 7 AND created_at >= '2024-06-01'\` is ideal: the matching entries sit in one contiguous run of leaf pages.
- \`WHERE created_at >= '2024-06-01'\` on its own has no starting point in the tree. The planner may still scan the entire index if that beats scanning the table, but it cannot descend directly to the answer.

PostgreSQL 18 added *skip scan*, which can help when the leading column has only a few distinct values. Treat it as a bonus, not as a design principle.

## Equality first, ranges last

When a query mixes equality and range conditions, put the equality columns first. Compare two candidate indexes for the query \`WHERE tenant_id = 7 AND created_at >= '2024-06-01'\`:

- On \`(tenant_id, created_at)\`, the scan starts at the first entry for tenant 7 on or after June 1st and stops at the last entry for tenant 7. Every entry it reads is a match.
- On \`(created_at, tenant_id)\`, the scan must read every entry from June 1st onwards, for all tenants, and discard the ones that belong to someone else.

A useful rule: equality columns first, then the single range or sort column. Once a range condition appears, columns after it can still be checked inside the index, but they no longer narrow the portion of the index that is read.

### Getting sorted output for free

The same index satisfies \`WHERE tenant_id = 7 ORDER BY created_at DESC LIMIT 20\`. PostgreSQL walks the tenant's entries backwards and stops after twenty rows, with no sort step at all. For "latest N items" queries this is often the biggest win available.

Mixed sort directions need a matching index: \`ORDER BY a ASC, b DESC\` can use an index declared as \`(a ASC, b DESC)\` or its exact reverse.

### Covering columns

If a query also reads \`status\`, you can carry it in the index without making it part of the key:

\`\`\`sql
CREATE INDEX events_tenant_created_cov_idx
  ON events (tenant_id, created_at) INCLUDE (status);
\`\`\`

This makes an index-only scan possible while keeping the sorted key narrow.`,
        },
        {
          slug: 'partial-and-expression-indexes',
          title: 'Partial and Expression Indexes',
          estimatedMinutes: 8,
          markdown: `## Partial indexes

A partial index contains entries only for rows that satisfy a \`WHERE\` clause. It is smaller, cheaper to maintain, and more likely to stay in memory than a full index.

The classic use case is a job queue. Millions of jobs have finished, but at any moment only a few hundred are pending, and those are the only rows workers ever look for:

\`\`\`sql
CREATE INDEX jobs_pending_run_at_idx
  ON jobs (run_at)
  WHERE status = 'pending';

SELECT id FROM jobs
WHERE status = 'pending' AND run_at <= now()
ORDER BY run_at
LIMIT 10;
\`\`\`

The planner will use a partial index only when it can prove that the query's conditions imply the index predicate. A literal \`status = 'pending'\` works. A parameter such as \`status = $1\` in a generic prepared plan does not, because the planner cannot know the value in advance.

### Partial unique indexes

Partial indexes can also enforce rules that a plain constraint cannot express. With soft deletes, for example, you may want email addresses to be unique only among live accounts:

\`\`\`sql
CREATE UNIQUE INDEX users_email_live_key
  ON users (email)
  WHERE deleted_at IS NULL;
\`\`\`

A deleted account no longer blocks someone from signing up again with the same address.

## Expression indexes

An expression index stores the result of a function or expression instead of a raw column value. Case-insensitive lookups are the standard example:

\`\`\`sql
CREATE INDEX users_email_lower_idx ON users (lower(email));

SELECT * FROM users WHERE lower(email) = lower('Ada@Example.com');
\`\`\`

A few rules apply:

- The query must use **the same expression** as the index. \`WHERE lower(email) = ...\` matches; \`WHERE upper(email) = ...\` does not.
- Functions in an index expression must be \`IMMUTABLE\`: they always return the same output for the same input. Functions that depend on the time zone or the current time are rejected.
- The expression is computed on every insert and on updates that touch the underlying columns, so expensive expressions slow down writes.
- \`ANALYZE\` collects statistics on indexed expressions, which often improves row estimates as a side benefit.

### Combining the two

The techniques compose. An index on \`(lower(email)) WHERE deleted_at IS NULL\` serves case-insensitive lookups of active users, and declaring it \`UNIQUE\` enforces case-insensitive uniqueness among them at the same time.`,
        },
      ],
    },
    {
      title: 'Specialised Indexes and Verification',
      lessons: [
        {
          slug: 'gin-and-full-text-search',
          title: 'GIN Indexes and Full-Text Search',
          estimatedMinutes: 10,
          markdown: `## When one value contains many keys

A B-tree indexes each value as a whole. That is the wrong tool when a single value holds many searchable items: an array of tags, a \`jsonb\` document, or a paragraph of text. The question there is "which rows *contain* this element?"

A **GIN** (Generalized Inverted Index) answers that question. It extracts every element from every value and stores each distinct element once, together with a compressed list of the rows that contain it. It works like the index at the back of a book, mapping each word to the pages where it appears.

## Full-text search in practice

PostgreSQL's full-text search is built on two types:

- \`tsvector\`: a document reduced to normalised *lexemes* with their positions. \`to_tsvector('english', 'The cats were running')\` produces \`'cat':2 'run':4\`. Stop words are dropped and words are stemmed.
- \`tsquery\`: a search expression. \`websearch_to_tsquery\` accepts the kind of input users type into a search box, including quoted phrases and a leading minus for exclusion.

The \`@@\` operator tests whether a document matches a query. A stored generated column keeps the \`tsvector\` current automatically:

\`\`\`sql
ALTER TABLE articles ADD COLUMN search tsvector
  GENERATED ALWAYS AS (
    to_tsvector('english', coalesce(title, '') || ' ' || coalesce(body, ''))
  ) STORED;

CREATE INDEX articles_search_idx ON articles USING gin (search);

SELECT id, title, ts_rank(search, q) AS rank
FROM articles, websearch_to_tsquery('english', 'index planner') AS q
WHERE search @@ q
ORDER BY rank DESC
LIMIT 10;
\`\`\`

Note that \`ts_rank\` is computed only for rows the index has already matched; ranking itself is not accelerated by the index.

### GIN beyond text

- **jsonb**: the default \`jsonb_ops\` class supports containment (\`@>\`) and key-existence operators. \`jsonb_path_ops\` builds a smaller, faster index but supports only containment and jsonpath matching.
- **Arrays**: containment (\`@>\`) and overlap (\`&&\`), for example finding posts tagged with both "sql" and "performance".
- **Trigrams**: with the \`pg_trgm\` extension and \`gin_trgm_ops\`, GIN can accelerate \`LIKE '%term%'\` and similarity searches that a B-tree cannot.

## Trade-offs

GIN indexes are fast to search but relatively slow to update, because one new row may touch many keys. By default PostgreSQL buffers new entries in a *pending list* (the \`fastupdate\` option) and merges them in batches, which speeds up writes but can make some searches slower until the list is flushed. GiST is an alternative for \`tsvector\`: smaller and quicker to update, but lossy, so matches must be rechecked against the table.`,
        },
        {
          slug: 'reading-explain-analyze',
          title: 'Reading EXPLAIN ANALYZE',
          estimatedMinutes: 12,
          markdown: `## Estimates versus reality

\`EXPLAIN\` shows the plan the planner chose along with its *estimates*. \`EXPLAIN ANALYZE\` actually runs the query and adds what really happened. Adding \`BUFFERS\` reports how many pages were touched, which is often the most honest measure of work.

Because \`ANALYZE\` executes the statement, wrap data-modifying queries in a transaction you roll back:

\`\`\`sql
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) DELETE FROM sessions WHERE expires_at < now();
ROLLBACK;
\`\`\`

## Anatomy of a plan

Plans are trees, printed with the root first and children indented beneath an arrow. Data flows upwards from the most deeply indented nodes.

\`\`\`text
Limit  (cost=0.43..12.87 rows=20 width=64) (actual time=0.041..0.118 rows=20 loops=1)
  Buffers: shared hit=24
  ->  Index Scan Backward using events_tenant_created_idx on events
        (cost=0.43..3110.52 rows=5000 width=64) (actual time=0.039..0.110 rows=20 loops=1)
        Index Cond: (tenant_id = 7)
        Buffers: shared hit=24
Planning Time: 0.180 ms
Execution Time: 0.142 ms
\`\`\`

Reading the numbers on each node:

- \`cost=0.43..3110.52\`: estimated startup cost (before the first row) and total cost, in planner units.
- \`rows=5000\`: estimated rows the node would produce if run to completion. The \`Limit\` above stops it after twenty.
- \`width=64\`: estimated average row size in bytes.
- \`actual time=0.039..0.110\`: real milliseconds to the first row and to the last row, **per loop**.
- \`loops=1\`: how many times the node ran. Inner sides of nested loops often run thousands of times, so multiply time and rows by loops.
- \`shared hit=24\`: pages found in the buffer cache; \`read\` would mean pages fetched from the operating system or disk.

## What to look for

| Symptom | Likely meaning |
| --- | --- |
| Estimated rows off by 10x or more | Stale or insufficient statistics, or correlated conditions |
| Large "Rows Removed by Filter" | The index is not selective enough, or a useful column is missing from it |
| High "Heap Fetches" on an Index Only Scan | The visibility map is stale; the table needs vacuuming |
| "Sort Method: external merge  Disk" | The sort spilled to disk; consider more \`work_mem\` or an index that provides order |
| Nested Loop with a huge loop count | A join strategy chosen from a bad row estimate |

### A practical routine

Start at the node where most time accumulates, compare its estimated and actual rows, and work outwards from the first large mismatch. Change one thing at a time, whether a new index, a fresh \`ANALYZE\` or a rewritten condition, and rerun the plan to confirm the improvement rather than assuming it.`,
        },
      ],
    },
  ],
  cards: [
    {
      lessonSlug: 'b-tree-basics',
      prompt: 'What does a B-tree leaf entry in PostgreSQL contain?',
      answer:
        'A key value and a tuple identifier (TID), which is the page number and item offset of the row in the heap.',
    },
    {
      lessonSlug: 'b-tree-basics',
      prompt: 'Why can a B-tree index help with ORDER BY?',
      answer:
        'Its entries are stored in sorted key order, so rows can be returned already ordered without a separate sort step.',
    },
    {
      lessonSlug: 'how-the-planner-uses-indexes',
      prompt: 'Why might PostgreSQL ignore an index on a low-selectivity condition?',
      answer:
        'When a large fraction of rows match, many random heap reads cost more than one sequential scan of the whole table.',
    },
    {
      lessonSlug: 'how-the-planner-uses-indexes',
      prompt: 'What is the default value of random_page_cost?',
      answer: '4.0, relative to a seq_page_cost of 1.0.',
    },
    {
      lessonSlug: 'composite-index-column-order',
      prompt:
        'For WHERE tenant_id = 7 AND created_at >= X, which index is better: (tenant_id, created_at) or (created_at, tenant_id)?',
      answer:
        '(tenant_id, created_at), because equality columns should come before range columns so matching entries are contiguous.',
    },
    {
      lessonSlug: 'composite-index-column-order',
      prompt: 'What does the INCLUDE clause add to a B-tree index?',
      answer:
        'Non-key payload columns that enable index-only scans without becoming part of the sorted key.',
    },
    {
      lessonSlug: 'partial-and-expression-indexes',
      prompt: 'When can the planner use a partial index?',
      answer: "When it can prove that the query's WHERE conditions imply the index's predicate.",
    },
    {
      lessonSlug: 'partial-and-expression-indexes',
      prompt: 'What property must functions used in an expression index have?',
      answer: 'They must be IMMUTABLE, always returning the same result for the same inputs.',
    },
    {
      lessonSlug: 'gin-and-full-text-search',
      prompt: 'How does a GIN index organise its data?',
      answer:
        'It stores each distinct element (such as a lexeme or array item) once, with a list of the rows that contain it.',
    },
    {
      lessonSlug: 'gin-and-full-text-search',
      prompt: 'Which operator tests whether a tsvector matches a tsquery?',
      answer: 'The @@ operator.',
    },
    {
      lessonSlug: 'reading-explain-analyze',
      prompt: 'In EXPLAIN ANALYZE output, what must you multiply actual time and rows by?',
      answer: 'The loops count, because actual figures are reported per loop.',
    },
    {
      lessonSlug: 'reading-explain-analyze',
      prompt: 'What does "shared hit" mean in the BUFFERS output?',
      answer: "The number of pages found already in PostgreSQL's shared buffer cache.",
    },
  ],
};
