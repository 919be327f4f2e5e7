// A client component: attachment URLs are short-lived and fetched through the live connection.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { formatBytes } from "@/lib/chat/attachments";
import type { ChatMedia } from "@/lib/chat/types";

type Props = { media: ChatMedia[]; mediaUrl: (sid: string) => Promise<string> };

function MediaItem({ media, mediaUrl }: { media: ChatMedia; mediaUrl: Props["mediaUrl"] }) {
  const t = useTranslations("attachments");
  const locale = useLocale();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    mediaUrl(media.sid).then(
      (value) => live && setUrl(value),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [media.sid, mediaUrl]);

  if (media.contentType.startsWith("image/")) {
    if (url) {
      return (
        <a href={url} target="_blank" rel="noopener noreferrer" className="media-image-link">
          {/* eslint-disable-next-line @next/next/no-img-element -- a short-lived private URL next/image cannot optimise */}
          <img src={url} alt={media.filename} className="media-image" />
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
        <a href={url} download={media.filename} className="file-download" aria-label={t("downloadNamed", { name: media.filename })}>
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
