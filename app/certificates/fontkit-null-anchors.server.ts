import { createRequire } from "node:module";
import * as fontkitModule from "fontkit";

// fontkit 2.0.4 (pdfkit's shaper) throws "Cannot read properties of null (reading 'xCoordinate')"
// when a GPOS mark-attachment subtable has a NULL anchor, which the OpenType spec allows ("this base
// has no anchor for that mark class here"). Noto Sans Khmer has them: every Khmer word with NIKAHIT
// (ំ, as in សំ, ខ្ញុំ) or MUUSIKATOAN (៉, as in យ៉ា) crashed the certificate PDF. Upstream:
// foliojs/fontkit#367, fix proposed in #374, unreleased. Until then the subtable is treated as
// HarfBuzz treats it: not applicable (nothing moved), so the next subtable of the lookup is tried.
// node_modules is shared, so this patches fontkit's processor at run time rather than on disk.

type Anchor = { xCoordinate: number; yCoordinate: number } | null | undefined;
type GposProcessor = {
  applyLookup(lookupType: number, table: unknown): boolean;
  applyAnchor(markRecord: { markAnchor: Anchor }, baseAnchor: Anchor, baseGlyphIndex: number): void;
  __nullAnchor?: boolean;
};
type FontkitFont = { layout(text: string): unknown; _layoutEngine: { engine?: { GPOSProcessor?: GposProcessor | null } } };

const PATCHED = Symbol.for("shp.fontkit.nullAnchors");

/**
 * Patches the GPOS processor class of fontkit; `fontBuffer` is any font with GPOS. Both builds are
 * patched: pdfkit's CommonJS build require()s fontkit's main.cjs, its ES build (what Vite and vitest
 * load) imports module.mjs, and each has its own class.
 */
export function tolerateNullGposAnchors(fontBuffer: Buffer): void {
  const commonJs = createRequire(import.meta.url)("fontkit") as { create(buffer: Buffer): unknown };
  for (const fontkit of new Set([commonJs, fontkitModule as unknown as typeof commonJs])) patch(fontkit.create(fontBuffer) as FontkitFont);
}

function patch(font: FontkitFont) {
  font.layout(" ");
  const processor = font._layoutEngine.engine?.GPOSProcessor;
  if (!processor) return;
  const proto = Object.getPrototypeOf(processor) as GposProcessor & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const applyLookup = proto.applyLookup;
  const applyAnchor = proto.applyAnchor;
  proto.applyAnchor = function (markRecord, baseAnchor, baseGlyphIndex) {
    if (!baseAnchor || !markRecord?.markAnchor) {
      this.__nullAnchor = true;
      return;
    }
    applyAnchor.call(this, markRecord, baseAnchor, baseGlyphIndex);
  };
  proto.applyLookup = function (lookupType, table) {
    this.__nullAnchor = false;
    const applied = applyLookup.call(this, lookupType, table);
    if (this.__nullAnchor) {
      this.__nullAnchor = false;
      return false;
    }
    return applied;
  };
  proto[PATCHED] = true;
}
