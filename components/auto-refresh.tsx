"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Re-renders the server page on an interval so live AWS state appears without a reload.
// Paused while the tab is hidden to spare the server.
export function AutoRefresh({ intervalMs = 3000 }: { intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs]);
  return null;
}
