// A client hook: the files the visitor picked, dropped or pasted, checked against the policy before upload.
"use client";

import { useCallback, useState } from "react";
import { checkFiles, type AttachmentPolicy, type Rejection } from "@/lib/chat/attachments";

export function useAttachments(policy: AttachmentPolicy) {
  const [files, setFiles] = useState<File[]>([]);
  const [rejected, setRejected] = useState<Rejection[]>([]);

  const add = useCallback(
    (incoming: File[]) => {
      if (incoming.length === 0) return;
      setFiles((current) => {
        const room = { ...policy, maxFiles: Math.max(0, policy.maxFiles - current.length) };
        const result = checkFiles(incoming, room);
        setRejected(result.rejected);
        return [...current, ...result.accepted];
      });
    },
    [policy],
  );

  const remove = useCallback((file: File) => setFiles((current) => current.filter((f) => f !== file)), []);
  const clear = useCallback(() => {
    setFiles([]);
    setRejected([]);
  }, []);

  return { files, rejected, add, remove, clear };
}
