/**
 * Step 1 of parsing: bytes (or a string) to clean text with LF line ends.
 * Invalid UTF-8 becomes U+FFFD, a BOM is dropped, CRLF and CR become LF, NUL and other control
 * characters (except tab and newline) are removed. Each repair is reported with its first line.
 */

export interface TextRepair {
  line: number;
  code: 'invalid-utf8' | 'control-chars';
  message: string;
}

export interface DecodedText {
  text: string;
  repairs: TextRepair[];
}

// C0 controls except \t (09) and \n (0A); \r is handled before this runs. Also DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** 1-based line of a string offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Lines (1-based) holding a given character, for the repair message. */
function linesWith(text: string, char: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((l, i) => { if (l.includes(char)) lines.push(i + 1); });
  return lines;
}

/** Decodes input bytes or text into clean LF text, listing what had to be repaired. */
export function decodeText(input: string | Uint8Array): DecodedText {
  const repairs: TextRepair[] = [];
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    let valid = true;
    try { text = strict.decode(input); } catch { valid = false; text = lenient.decode(input); }
    if (!valid) {
      // U+FFFD may also have been in the file legitimately; report the lines that hold one.
      const normalized = text.replace(/\r\n?/g, '\n');
      const lines = linesWith(normalized, '\uFFFD');
      const first = lines[0] ?? 1;
      repairs.push({
        line: first,
        code: 'invalid-utf8',
        message: `invalid UTF-8 bytes replaced by U+FFFD on line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}`,
      });
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  CONTROL.lastIndex = 0;
  const match = CONTROL.exec(text);
  if (match) {
    const count = text.match(CONTROL)?.length ?? 1;
    repairs.push({
      line: lineAt(text, match.index),
      code: 'control-chars',
      message: `${count} control character${count > 1 ? 's' : ''} (NUL, escape, …) removed; first on this line`,
    });
    text = text.replace(CONTROL, '');
  }
  return { text, repairs };
}
