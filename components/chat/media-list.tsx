// A client component: attachment URLs are short-lived and fetched through the live connection.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { formatBytes } from "@/lib/chat/attachments";
import type { ChatMedia } from "@/lib/chat/types";
import "./media.css";

type Props = { media: ChatMedia[]; mediaUrl: (sid: string) => Promise<string> };

/**
 * How long a fetched URL is used. Twilio's temporary media URLs expire after a few minutes and the SDK says not to
 * keep them (Media.getContentTemporaryUrl); the sandbox signs them for five. Older ones are fetched again.
 */
const URL_LIFETIME_MS = 4 * 60_000;

function MediaItem({ media, mediaUrl }: { media: ChatMedia; mediaUrl: Props["mediaUrl"] }) {
  const t = useTranslations("attachments");
  const locale = useLocale();
  const [url, setUrl] = useState<string | null>(null);
  // When the URL was fetched: a ref, so a click right after a refresh sees it before the next render does.
  const fetchedAt = useRef(0);
  const [failed, setFailed] = useState(false);
  const [retried, setRetried] = useState(false);
  const fresh = (value: string) => {
    fetchedAt.current = Date.now();
    setUrl(value);
  };
  useEffect(() => {
    let live = true;
    mediaUrl(media.sid).then(
      (value) => {
        if (!live) return;
        fetchedAt.current = Date.now();
        setUrl(value);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [media.sid, mediaUrl]);

  /** A click on a link older than its lifetime gets a fresh URL first, then the same link is followed with it. */
  const onOpen = (event: MouseEvent<HTMLAnchorElement>) => {
    if (Date.now() - fetchedAt.current < URL_LIFETIME_MS) return;
    event.preventDefault();
    const anchor = event.currentTarget;
    mediaUrl(media.sid).then(
      (value) => {
        fresh(value);
        anchor.href = value;
        anchor.click();
      },
      () => setFailed(true),
    );
  };

  if (media.contentType.startsWith("image/")) {
    if (url) {
      return (
        <a href={url} target="_blank" rel="noopener noreferrer" className="media-image-link" onClick={onOpen}>
          {/* eslint-disable-next-line @next/next/no-img-element -- a short-lived private URL next/image cannot optimise */}
          <img
            src={url}
            alt={media.filename}
            className="media-image"
            onError={() => {
              // An expired URL (a page left open, a tab woken from sleep): one fresh try.
              if (retried) return;
              setRetried(true);
              mediaUrl(media.sid).then(fresh, () => setFailed(true));
            }}
          />
        </a>
      );
    }
    return (
      <div className="media-placeholder">
        {failed ? t("unavailable", { name: media.filename }) : t("loading", { name: media.filename })}
      </div>
    );
  }
  return (
    <div className="file-card">
      <span className="file-icon" aria-hidden="true">
        {media.contentType === "application/pdf" ? "PDF" : "TXT"}
      </span>
      <span className="file-text">
        <span className="file-name">{media.filename}</span>
        <span className="file-size">{formatBytes(media.size, locale)}</span>
      </span>
      {url ? (
        <a
          href={url}
          download={media.filename}
          className="file-download"
          aria-label={t("downloadNamed", { name: media.filename })}
          onClick={onOpen}
        >
          {t("download")}
        </a>
      ) : (
        <span className="file-size">{failed ? t("unavailableShort") : "…"}</span>
      )}
    </div>
  );
}

/** A message's attachments: images shown inline, other files as a card with name, size and a download link. */
export function MediaList({ media, mediaUrl }: Props) {
  if (media.length === 0) return null;
  return (
    <div className="media-list">
      {media.map((item) => (
        <MediaItem key={item.sid} media={item} mediaUrl={mediaUrl} />
      ))}
    </div>
  );
}
