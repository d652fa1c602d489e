// Every XML part of a DOCX parsed by a strict XML 1.0 parser (saxes): what Word and LibreOffice
// demand before they open a file. Returns the parts that fail, with the parser's message.
import JSZip from "jszip";
import { SaxesParser } from "saxes";

export async function xmlErrors(bytes: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const errors: string[] = [];
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir || !/\.(xml|rels)$/.test(name)) continue;
    const xml = await file.async("string");
    const parser = new SaxesParser({ xmlns: true });
    try {
      parser.write(xml).close();
    } catch (err) {
      errors.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return errors;
}
