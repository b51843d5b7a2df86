import { describe, expect, it } from "vitest";
import { describeUserAgent, UNKNOWN_DEVICE } from "@/lib/server/admin/user-agent";

// The admin session list names a device as a person would, not as its raw user-agent string.
const UA = {
  androidChrome: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  windowsFirefox: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  windowsEdge: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
  iphoneSafari: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  headlessChrome: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36",
};

describe("describeUserAgent", () => {
  it("names the browser with its major version and the operating system", () => {
    expect(describeUserAgent(UA.androidChrome)).toBe("Chrome 131 on Android");
    expect(describeUserAgent(UA.windowsFirefox)).toBe("Firefox 133 on Windows");
    expect(describeUserAgent(UA.windowsEdge)).toBe("Microsoft Edge 131 on Windows");
    expect(describeUserAgent(UA.iphoneSafari)).toBe("Safari 17 on iOS");
    expect(describeUserAgent(UA.headlessChrome)).toBe("Chrome 131 on Linux");
  });

  it("says it does not know a script's or scanner's agent, and gives nothing for none", () => {
    expect(describeUserAgent("curl/8.5.0")).toBe(UNKNOWN_DEVICE);
    expect(describeUserAgent("Test/1.0")).toBe(UNKNOWN_DEVICE);
    expect(describeUserAgent("\u0000\ud800")).toBe(UNKNOWN_DEVICE);
    expect(describeUserAgent(null)).toBeNull();
    expect(describeUserAgent("   ")).toBeNull();
  });
});
