// A client hook: title, sound and notifications depend on browser visibility, storage, audio and permissions.
"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { browserStorage } from "@/lib/browser-storage";
import type { ChatMessage } from "@/lib/chat/types";

const SOUND_KEY = "webchat-sound";

function subscribeVisibility(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

/**
 * One tab per conversation leads (a Web Lock held while it lives): only it changes the title, plays the sound or
 * shows a notification, so several open tabs do not all chime. Without Web Locks every tab leads.
 */
function useTabLeader(name: string): boolean {
  const [leader, setLeader] = useState(false);
  useEffect(() => {
    if (!("locks" in navigator)) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- capability known only in the browser
      setLeader(true);
      return;
    }
    const abort = new AbortController();
    let release: () => void = () => {};
    navigator.locks
      .request(name, { signal: abort.signal }, () => {
        setLeader(true);
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => {});
    return () => {
      abort.abort();
      release();
      setLeader(false);
    };
  }, [name]);
  return leader;
}

function beep(context: AudioContext) {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.frequency.value = 880;
  gain.gain.setValueAtTime(0.15, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.25);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start();
  oscillator.stop(context.currentTime + 0.25);
}

const UNREAD_PREFIX = /^\(\d+\) /;

type Options = {
  conversationSid: string;
  self: string;
  messages: ChatMessage[];
  readHorizon: number | undefined;
  nameOf: (author: string) => string;
};

/** Unread count in the title while hidden, an optional sound, and notifications the visitor asked for. */
export function useAttention({ conversationSid, self, messages, readHorizon, nameOf }: Options) {
  const t = useTranslations("chat");
  const leader = useTabLeader(`webchat-attention:${conversationSid}`);
  const hidden = useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState === "hidden",
    () => false,
  );
  const [soundOn, setSoundOn] = useState(false);
  const [notifications, setNotifications] = useState<NotificationPermission | "unsupported">("unsupported");
  const audio = useRef<AudioContext | null>(null);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read the visitor's remembered choices once
    setSoundOn(browserStorage().getItem(SOUND_KEY) === "on");
    setNotifications("Notification" in window ? Notification.permission : "unsupported");
  }, []);

  const unread = messages.filter((m) => m.author !== self && m.index > (readHorizon ?? -1)).length;

  useEffect(() => {
    // Only the "(n) " prefix is ours: the rest of the title is the page's, which may change under us (navigation).
    const base = document.title.replace(UNREAD_PREFIX, "");
    const next = leader && hidden && unread > 0 ? `(${unread}) ${base}` : base;
    if (next !== document.title) document.title = next;
  }, [leader, hidden, unread]);

  // Announce each new message from the other side while the visitor looks elsewhere.
  const newest = messages.at(-1);
  const announced = useRef(newest?.index ?? -1);
  useEffect(() => {
    if (!newest || newest.index <= announced.current) return;
    announced.current = newest.index;
    if (!leader || newest.author === self || (!hidden && document.hasFocus())) return;
    if (soundOn && audio.current) beep(audio.current);
    if ("Notification" in window && Notification.permission === "granted" && hidden) {
      new Notification(t("notification", { name: nameOf(newest.author) }), {
        body: newest.body.slice(0, 120) || t("attachmentOnly"),
        tag: conversationSid,
      });
    }
  }, [newest, leader, hidden, self, soundOn, nameOf, conversationSid, t]);

  const toggleSound = useCallback(() => {
    setSoundOn((on) => {
      const next = !on;
      browserStorage().setItem(SOUND_KEY, next ? "on" : "off");
      // Audio may only start from the visitor's own gesture: this click.
      if (next && !audio.current) audio.current = new AudioContext();
      return next;
    });
  }, []);

  const askForNotifications = useCallback(async () => {
    if (!("Notification" in window)) return;
    setNotifications(await Notification.requestPermission());
  }, []);

  return { soundOn, toggleSound, notifications, askForNotifications };
}
