// A client component: under the composer, the files picked to send (each removable), the upload's progress, and
// the files that were not added, and why.
"use client";

import { useLocale, useTranslations } from "next-intl";
import type { ComposerAttachments } from "@/components/chat/composer";
import { describeRejection, formatBytes } from "@/lib/chat/attachments";
import "./composer.css";

export function AttachmentTray({
  files,
  sending,
  progress,
  attachments,
}: {
  files: File[];
  sending: boolean;
  /** 0 to 1 while files upload, else null. */
  progress: number | null;
  attachments: ComposerAttachments | undefined;
}) {
  const t = useTranslations();
  const locale = useLocale();
  return (
    <>
      {files.length > 0 ? (
        <ul className="composer-files" aria-label={t("composer.filesToSend")}>
          {files.map((file, i) => (
            <li key={`${file.name}-${i}`} className="file-chip">
              <span className="file-chip-name">{file.name}</span>{" "}
              <span className="file-size">{formatBytes(file.size, locale)}</span>
              <button
                type="button"
                className="link-button"
                disabled={sending}
                aria-label={t("composer.remove", { name: file.name })}
                onClick={() => attachments?.remove(file)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {progress !== null ? (
        <div className="composer-note composer-progress" role="status">
          <progress max={1} value={progress} aria-label={t("composer.uploading")} />{" "}
          {t("composer.uploadingProgress", { percent: Math.round(progress * 100) })}
        </div>
      ) : null}
      {attachments && attachments.rejected.length > 0 ? (
        <div className="composer-note field-error" role="alert">
          <ul aria-label={t("composer.filesNotAdded")} className="composer-rejections">
            {attachments.rejected.slice(0, 3).map((r, i) => (
              <li key={i}>{describeRejection(r, t, locale)}</li>
            ))}
            {attachments.rejected.length > 3 ? (
              <li>{t("composer.moreNotAdded", { count: attachments.rejected.length - 3 })}</li>
            ) : null}
          </ul>
        </div>
      ) : null}
    </>
  );
}
