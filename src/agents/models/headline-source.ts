import { readFile } from 'node:fs/promises';
import { parseCsv } from '../market/csv.parser.js';

/** One news headline. `publishedAt` is epoch milliseconds (the file's times carry no zone: read as UTC). */
export interface Headline {
  readonly publishedAt: number;
  readonly source: string;
  readonly subject: string;
  readonly title: string;
  readonly text: string;
}

const COLUMNS = ['published_at', 'source', 'subject', 'title', 'text'] as const;

/**
 * Reads a headline CSV (`published_at,source,subject,title,text,url,sentiment_class,polarity,subjectivity`).
 * The file's sentiment labels are ignored: the sentiment agent scores headlines itself.
 */
export class HeadlineSource {
  constructor(private readonly path: string) {}

  async read(): Promise<Headline[]> {
    const [header, ...rows] = parseCsv(await readFile(this.path, 'utf8'));
    if (!header) return [];
    const at = Object.fromEntries(COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<
      (typeof COLUMNS)[number],
      number
    >;
    const missing = COLUMNS.filter((name) => at[name] < 0);
    if (missing.length > 0)
      throw new Error(`${this.path}: missing column(s) ${missing.join(', ')}`);
    return rows.map((row) => ({
      publishedAt: parseTimestamp(row[at.published_at] ?? ''),
      source: clean(row[at.source]),
      subject: clean(row[at.subject]),
      title: clean(row[at.title]),
      text: clean(row[at.text]),
    }));
  }
}

function parseTimestamp(value: string): number {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  return Date.parse(zoned);
}

/** Collapses the non-breaking spaces and stray line breaks scraped headlines carry. */
function clean(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}
