import type { WidgetConfig } from "../contract";

/** Styles go in through a constructed sheet (allowed under a strict CSP), or a <style> where unsupported. */
export function adoptCss(shadow: ShadowRoot, css: string): void {
  if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = css;
    shadow.append(style);
  }
}

/** Black or white text, whichever reads better on the merchant's colour (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return "#fff";
  const n = parseInt(m[1], 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(n >> 16) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return L > 0.4 ? "#111827" : "#fff";
}

const VALID_COLOR = /^#[0-9a-f]{6}$/i;

/** Colour and side come from the merchant's settings; custom properties reach into the chat too. */
export function applyLook(host: HTMLElement, root: HTMLElement, config: WidgetConfig): void {
  const color = config.color && VALID_COLOR.test(config.color) ? config.color : "#2563eb";
  host.style.setProperty("--ed-accent", color);
  host.style.setProperty("--ed-on-accent", readableOn(color));
  root.classList.toggle("ed-left", /left/.test(config.position ?? ""));
}

const SVG_NS = "http://www.w3.org/2000/svg";
export function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const p = document.createElementNS(SVG_NS, "path");
  p.setAttribute("d", path);
  svg.append(p);
  return svg;
}

export const CHAT_ICON =
  "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v2h2v-2h-2z";
export const CLOSE_ICON =
  "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z";
