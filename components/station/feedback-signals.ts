import type { FeedbackState } from "@/lib/station";

type Signal = Exclude<FeedbackState, "idle">;
interface Tone {
  freq: number;
  ms: number;
  wave: OscillatorType;
}

// Distinct by pitch, rhythm and timbre so an outcome is recognisable without looking.
const TONES: Record<Signal, Tone[]> = {
  ok: [{ freq: 1320, ms: 90, wave: "square" }],
  duplicate: [
    { freq: 660, ms: 80, wave: "triangle" },
    { freq: 660, ms: 80, wave: "triangle" },
  ],
  error: [
    { freq: 180, ms: 220, wave: "sawtooth" },
    { freq: 140, ms: 320, wave: "sawtooth" },
  ],
  complete: [
    { freq: 880, ms: 100, wave: "square" },
    { freq: 1175, ms: 100, wave: "square" },
    { freq: 1568, ms: 220, wave: "square" },
  ],
  undone: [
    { freq: 784, ms: 90, wave: "sine" },
    { freq: 523, ms: 160, wave: "sine" },
  ],
  // Soft and rising: heard as "kept", not as the server's OK.
  queued: [
    { freq: 523, ms: 70, wave: "sine" },
    { freq: 659, ms: 110, wave: "sine" },
  ],
};

const VIBRATION: Record<Signal, number[]> = {
  ok: [40],
  duplicate: [60, 60, 60],
  error: [220, 90, 220],
  complete: [80, 40, 80, 40, 240],
  undone: [30, 40, 30],
  queued: [20, 60, 20],
};

const GAP_MS = 40;
let audio: AudioContext | null = null;

/** Creates or resumes the AudioContext; call from a user gesture (a key press counts). */
export function unlockAudio(): void {
  if (typeof window === "undefined" || typeof window.AudioContext !== "function") return;
  audio ??= new window.AudioContext();
  if (audio.state === "suspended") void audio.resume();
}

function playTones(tones: Tone[]): void {
  if (!audio || audio.state !== "running") return;
  let t = audio.currentTime;
  for (const tone of tones) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = tone.wave;
    osc.frequency.setValueAtTime(tone.freq, t);
    const end = t + tone.ms / 1000;
    // Short ramps avoid clicks at the start and end of each tone.
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.25, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(end + 0.02);
    t = end + GAP_MS / 1000;
  }
}

/** Sound plus vibration (phones) for one outcome; silently does nothing where unsupported. */
export function signalOutcome(signal: Signal): void {
  playTones(TONES[signal]);
  if (typeof navigator !== "undefined" && typeof navigator.vibrate === "function") navigator.vibrate(VIBRATION[signal]);
}
