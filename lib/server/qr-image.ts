import "server-only";
import QRCode from "qrcode";

/**
 * A printed page's QR code of `text` as an SVG data: URL (the pages' CSP allows img-src data:):
 * error correction M, a one-module margin (the page gives it room). The dispatch sheet's bill
 * link, the gate pass's payload and the public status link all print through it.
 */
export async function qrSvgDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
