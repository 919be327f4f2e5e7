// A client hook: the visual viewport (what remains visible above an on-screen keyboard) is a browser-only fact.
"use client";

import { useEffect } from "react";

/**
 * Publishes the visual viewport's height and offset as CSS variables on the root element, so the full-screen chat
 * on phones shrinks above the on-screen keyboard instead of hiding the composer behind it.
 */
export function useVisualViewport(): void {
  useEffect(() => {
    const viewport = window.visualViewport;
    if (!viewport) return;
    const root = document.documentElement;
    const update = () => {
      root.style.setProperty("--visual-viewport-height", `${viewport.height}px`);
      root.style.setProperty("--visual-viewport-top", `${viewport.offsetTop}px`);
    };
    update();
    viewport.addEventListener("resize", update);
    viewport.addEventListener("scroll", update);
    return () => {
      viewport.removeEventListener("resize", update);
      viewport.removeEventListener("scroll", update);
      root.style.removeProperty("--visual-viewport-height");
      root.style.removeProperty("--visual-viewport-top");
    };
  }, []);
}
