import { readFileSync } from 'node:fs';

/** One event of a recorded hashserv session: a line sent by one side, or a close. */
export interface CaptureEvent {
  conn: number;
  from: 'C' | 'S';
  /** The exact line including its `\n`, or null for `<closed>`. */
  data: string | null;
  /** 1-based line in the capture file. */
  line: number;
}

/** Parses shared/fixtures/wire/hashserv-session.txt: `#<conn> C>|S> <JSON string or <closed>>`. */
export function readCapture(file: string): CaptureEvent[] {
  const events: CaptureEvent[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text === '') return;
      const m = /^#(\d+) ([CS])> (.*)$/.exec(text);
      if (!m) throw new Error(`${file}:${i + 1}: not a capture line`);
      const data = m[3] === '<closed>' ? null : (JSON.parse(m[3] as string) as string);
      events.push({ conn: Number(m[1]), from: m[2] as 'C' | 'S', data, line: i + 1 });
    });
  return events;
}
