// Firebridge's zip downloads (src/platform/save.rs). The page writes a folder's zip into a
// stream it hands over here with an id; the hidden frame it then opens at __zip/<id> is answered
// with that stream, so the browser saves the zip as an ordinary download while the page is still
// writing it. Registered with the scope __zip/ only: nothing else of the app passes through.
"use strict";

/** id -> { disposition, stream }, until the frame's request takes it. */
const waiting = new Map();

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const message = event.data;
  // The page's keep-alive pings need no answer: receiving them keeps this worker running.
  if (!message || message.type !== "zip") return;
  waiting.set(message.id, { disposition: message.disposition, stream: message.stream });
  // A stream no frame asked for within a minute is let go (the page closed, say).
  setTimeout(() => {
    const left = waiting.get(message.id);
    if (left) {
      waiting.delete(message.id);
      left.stream.cancel().catch(() => {});
    }
  }, 60000);
  if (event.ports[0]) event.ports[0].postMessage("ready");
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  const id = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  const download = waiting.get(id);
  // Not one of ours: the network answers as it would without this worker.
  if (!download) return;
  waiting.delete(id);
  event.respondWith(new Response(download.stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": download.disposition,
      "X-Content-Type-Options": "nosniff",
    },
  }));
});
