// Scans a certificate's QR code with the device camera on /verify. The words shown come from the page
// (data-* attributes of #scan), so that they are translated with the rest of it.
"use strict";
(function () {
  const scan = document.getElementById("scan");
  if (!scan || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const startButton = document.getElementById("scan-start");
  const viewer = document.getElementById("scan-viewer");
  const video = document.getElementById("scan-video");
  const message = document.getElementById("scan-message");
  const canvas = document.createElement("canvas");
  const MAX_WIDTH = 640;  // enough pixels for a printed QR code, few enough for a cheap phone
  const PAUSE_MS = 200;
  // One object per tap on the button: a late answer from an earlier scan must not act on a later one.
  let session = null;

  // A certificate's code is base32 of a signed structure: far longer than 40 characters.
  const CODE = /^[A-Za-z2-7]{40,}$/;
  // Mirrors registry/core/certificate_numbers.py looks_like_number.
  const NUMBER = /^[A-Za-z]{2}[A-Za-z0-9\s\-_.]{12,44}$/;

  function destination(text) {
    const trimmed = text.trim();
    if (CODE.test(trimmed)) return `/v/${trimmed.toUpperCase()}`;
    let url = null;
    try { url = new URL(trimmed); } catch (error) { url = null; }
    if (url && (url.protocol === "https:" || url.protocol === "http:")) {
      // Any host: the printed base URL may differ from this server's, and the signature is checked here.
      const found = /\/v\/([A-Za-z2-7]+)\/?$/.exec(url.pathname);
      return found && CODE.test(found[1]) ? `/v/${found[1].toUpperCase()}` : null;
    }
    const compact = trimmed.replace(/[\s\-_.]+/g, "");
    if (NUMBER.test(trimmed) && compact.length >= 14 && compact.length <= 27) {
      return `${scan.dataset.verify}?number=${encodeURIComponent(trimmed)}`;
    }
    return null;
  }

  function holderLink(text) {
    try {
      return /\/h\/[^/]+\/?$/.test(new URL(text.trim()).pathname);
    } catch (error) {
      return false;
    }
  }

  function say(text) {
    message.textContent = text || "";
  }

  async function nativeReader() {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (!formats.includes("qr_code")) return null;
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return async (image) => (await detector.detect(image)).map((code) => code.rawValue);
    } catch (error) {
      return null;
    }
  }

  // jsQR (130 KB, 46 KB gzipped) is fetched only when a phone without a native QR reader starts scanning.
  function jsQRReader() {
    return new Promise((resolve, reject) => {
      const ready = () => resolve((image, context) => {
        const pixels = context.getImageData(0, 0, image.width, image.height);
        const found = window.jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: "dontInvert" });
        return found ? [found.data] : [];
      });
      if (window.jsQR) return ready();
      const script = document.createElement("script");
      script.src = scan.dataset.jsqr;
      script.onload = ready;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function stop() {
    if (!session) return;
    clearTimeout(session.timer);
    if (session.stream) session.stream.getTracks().forEach((track) => track.stop());
    session = null;
    video.srcObject = null;
    viewer.hidden = true;
    startButton.hidden = false;
  }

  function fail(current, error) {
    if (session !== current) return;
    const blocked = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
    stop();
    say(blocked && window.isSecureContext ? scan.dataset.denied : scan.dataset.unavailable);
  }

  async function look(current, read, context) {
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth) {
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      const width = Math.round(video.videoWidth * scale), height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
      context.drawImage(video, 0, 0, width, height);
      const texts = await read(canvas, context);
      if (session !== current) return;
      const target = texts.map(destination).find(Boolean);
      if (target) {
        stop();
        window.location.assign(target);
        return;
      }
      // The worker's slip carries a link to their own page: not what an employer checks, and not theirs to open.
      if (texts.some(holderLink)) say(scan.dataset.holder);
      else if (texts.length) say(scan.dataset.foreign);
    }
    current.timer = setTimeout(() => look(current, read, context).catch((error) => fail(current, error)), PAUSE_MS);
  }

  async function start() {
    stop();
    const current = { stream: null, timer: null };
    session = current;
    say("");
    startButton.hidden = true;
    viewer.hidden = false;
    document.getElementById("scan-stop").focus();
    try {
      const camera = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" } }, audio: false,
      });
      if (session !== current) {  // closed, or the page hidden, while the browser asked for permission
        camera.getTracks().forEach((track) => track.stop());
        return;
      }
      current.stream = camera;
      video.srcObject = camera;
      await video.play();
      const read = (await nativeReader()) || (await jsQRReader());
      if (session === current) await look(current, read, canvas.getContext("2d", { willReadFrequently: true }));
    } catch (error) {
      fail(current, error);
    }
  }

  startButton.addEventListener("click", start);
  document.getElementById("scan-stop").addEventListener("click", () => {
    stop();
    say("");
    startButton.focus();
  });
  document.addEventListener("visibilitychange", () => { if (document.hidden) stop(); });
  window.addEventListener("pagehide", stop);
  startButton.hidden = false;
})();
