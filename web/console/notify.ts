/** A short chime (Web Audio, no sound file to fetch) and a desktop notification for new assignments. */
let audio: AudioContext | null = null;

/** Conversations this agent took or assigned themself: those are not news worth a chime. */
export const selfAssigned = new Set<string>();

export function chime(): void {
  try {
    audio ??= new AudioContext();
    const t = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.2, t + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + i * 0.12);
      osc.stop(t + i * 0.12 + 0.3);
    }
  } catch {
    /* audio blocked until the first user gesture: the visual notice still shows */
  }
}

export const notificationsSupported = (): boolean => typeof Notification !== "undefined";

export function desktopNotify(title: string, body: string, onClick?: () => void): void {
  if (!notificationsSupported() || Notification.permission !== "granted") return;
  const n = new Notification(title, { body, tag: title + body });
  n.onclick = () => {
    window.focus();
    onClick?.();
    n.close();
  };
}

/** Announces to screen readers through the console's live region. */
export function announce(text: string): void {
  const region = document.getElementById("announcer");
  if (region) region.textContent = text;
}
