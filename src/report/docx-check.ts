// Whether a DOCX archive can still be opened: every part readable from the ZIP and every XML
// part well-formed enough for Word (characters XML 1.0 allows, tags balanced). Used before an
// archived report is sent again (/guilai): a file Word refuses is not resent. Node's zlib only.
import { inflateRawSync } from "node:zlib";
import { hasXmlForbidden } from "../domain/xml-text.js";

/** The ZIP's parts by name, from its central directory; null when the archive is damaged. */
function unzip(b: Buffer): Map<string, Buffer> | null {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return null;
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const parts = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50) return null;
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLen = b.readUInt16LE(at + 28);
    const skip = nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    const name = b.toString("utf8", at + 46, at + 46 + nameLen);
    at += 46 + skip;
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50) return null;
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + size);
    if (raw.length !== size) return null;
    if (method === 0) parts.set(name, raw);
    else if (method === 8) parts.set(name, inflateRawSync(raw));
    else return null;
  }
  return parts;
}

/** Tags balanced and closed in order, outside comments, declarations and CDATA. */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  const tag = /<(\/?)([^\s/>!?]+)[^>]*?(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;
  for (const m of xml.matchAll(tag)) {
    const [, close, name, selfClose] = m;
    if (!name) continue;
    if (close) { if (stack.pop() !== name) return false; } else if (!selfClose) stack.push(name);
  }
  return stack.length === 0;
}

/** Whether every part of the DOCX reads and every XML part is well-formed. */
export function docxOpens(bytes: Buffer): boolean {
  try {
    const parts = unzip(bytes);
    if (!parts?.has("word/document.xml")) return false;
    for (const [name, data] of parts) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      const xml = new TextDecoder("utf-8", { fatal: true }).decode(data);
      if (hasXmlForbidden(xml) || !balanced(xml)) return false;
    }
    return true;
  } catch {
    return false; // a truncated or corrupt archive
  }
}
