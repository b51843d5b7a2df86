import type { MetadataRoute } from "next";

// The web app manifest (/manifest.webmanifest): tablets and phones on the floor can install
// TraceTrack and open it straight at the scan station, full screen. Served without a session
// (proxy.ts leaves it out): it names the app and nothing of anyone's.
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/scan",
    name: "TraceTrack",
    short_name: "TraceTrack",
    description: "Bag tracking for warehouse and dispatch floors: the scan station keeps working offline.",
    start_url: "/scan",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#ffffff",
    theme_color: "#17613a",
    categories: ["business", "productivity"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
