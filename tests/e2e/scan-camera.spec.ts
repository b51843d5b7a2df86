import { chromium, expect, test } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import QRCode from "qrcode";
import { openAs, storageStateOf } from "./helpers";

const W = 480;
const H = 360;

/** A still "camera" video (YUV4MPEG2, 4:2:0) showing one QR label, for Chromium's fake camera. */
function writeQrVideo(text: string, file: string): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const scale = Math.floor((H - 40) / (modules.size + 8));
  const origin = { x: Math.floor((W - modules.size * scale) / 2), y: Math.floor((H - modules.size * scale) / 2) };
  const luma = Buffer.alloc(W * H, 235);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const start = (origin.y + row * scale + dy) * W + origin.x + col * scale;
        luma.fill(16, start, start + scale);
      }
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array(5).fill(frame)]));
}

test("a label held in front of the camera is scanned once, through the same path as the keyboard", async ({}, testInfo) => {
  const video = path.resolve("test-results/camera-sb00003.y4m");
  writeQrVideo("SB00003", video);
  const base = testInfo.project.use.launchOptions ?? {};
  const baseURL = testInfo.project.use.baseURL ?? "";
  const browser = await chromium.launch({
    ...base,
    args: [...(base.args ?? []), "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await browser.newContext({ baseURL: baseURL, storageState: storageStateOf("dispatcher") });
    await context.grantPermissions(["camera"], { origin: baseURL });
    const page = await context.newPage();
    await openAs(page, "dispatcher", "/scan");
    await expect(page).toHaveURL(/\/scan$/);

    await page.getByRole("button", { name: "Use camera" }).click();
    await expect(page.getByRole("button", { name: "Stop camera" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("parent-qr")).toHaveText("SB00003", { timeout: 15_000 });
    await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "ok");
    await expect(page.getByTestId("scan-feedback")).toContainText("New parent SB00003");

    // The label stays in view: it must not be scanned again.
    await page.waitForTimeout(2500);
    await expect(page.getByTestId("scan-history").getByRole("listitem")).toHaveCount(1);
    await page.getByRole("button", { name: "Stop camera" }).click();
    await expect(page.getByTestId("camera-panel")).toHaveCount(0);
    await context.close();
  } finally {
    await browser.close();
  }
});
