// A client component: attachment URLs are short-lived and fetched through the live connection.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, type MouseEvent } from "react";
import { formatBytes } from "@/lib/chat/attachments";
import type { ChatMedia } from "@/lib/chat/types";

type Props = { media: ChatMedia[]; mediaUrl: (sid: string) => Promise<string> };

/**
 * How long a fetched URL is used. Twilio's temporary media URLs expire after a few minutes and the SDK says not to
 * keep them (Media.getContentTemporaryUrl); the sandbox signs them for five. Older ones are fetched again.
 */
const URL_LIFETIME_MS = 4 * 60_000;

function MediaItem({ media, mediaUrl }: { media: ChatMedia; mediaUrl: Props["mediaUrl"] }) {
  const t = useTranslations("attachments");
  const locale = useLocale();
  const [link, setLink] = useState<{ url: string; at: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const [retried, setRetried] = useState(false);
  const url = link?.url ?? null;
  useEffect(() => {
    let live = true;
    mediaUrl(media.sid).then(
      (value) => live && setLink({ url: value, at: Date.now() }),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [media.sid, mediaUrl]);

  /** A click on a link older than its lifetime gets a fresh URL first, then does what the click meant. */
  const onOpen = (event: MouseEvent<HTMLAnchorElement>, download: boolean) => {
    if (link && Date.now() - link.at < URL_LIFETIME_MS) return;
    event.preventDefault();
    mediaUrl(media.sid).then(
      (fresh) => {
        setLink({ url: fresh, at: Date.now() });
        if (!download) return void window.open(fresh, "_blank", "noopener,noreferrer");
        const anchor = document.createElement("a");
        anchor.href = fresh;
        anchor.download = media.filename;
        anchor.click();
      },
      () => setFailed(true),
    );
  };

  if (media.contentType.startsWith("image/")) {
    if (url) {
      return (
        <a href={url} target="_blank" rel="noopener noreferrer" className="media-image-link" onClick={(event) => onOpen(event, false)}>
          {/* eslint-disable-next-line @next/next/no-img-element -- a short-lived private URL next/image cannot optimise */}
          <img
            src={url}
            alt={media.filename}
            className="media-image"
            onError={() => {
              // An expired URL (a page left open, a tab woken from sleep): one fresh try.
              if (retried) return;
              setRetried(true);
              mediaUrl(media.sid).then((fresh) => setLink({ url: fresh, at: Date.now() }), () => setFailed(true));
            }}
          />
        </a>
      );
    }
    return <div className="media-placeholder">{failed ? t("unavailable", { name: media.filename }) : t("loading", { name: media.filename })}</div>;
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
          onClick={(event) => onOpen(event, true)}
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
