// Checks a certificate's QR code in the browser, with no connection: base32 -> tagged COSE_Sign1 -> Ed25519
// signature (WebCrypto) against the remembered public keys. The status cannot be known offline, so the answer
// is at best "signature valid, status not checked".
"use strict";
(function () {
  const result = document.getElementById("result");
  const say = (status, text) => {
    result.dataset.status = status;
    result.className = `verdict verdict-${status}`;
    document.getElementById("verdict-words").textContent = text;
    document.getElementById("verdict-icon").textContent = status === "unchecked" ? "!" : "\u2717";
  };
  const words = result.dataset;

  function base32(text) {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits = 0, value = 0;
    const out = [];
    for (const ch of text) {
      const index = alphabet.indexOf(ch);
      if (index < 0) throw new Error("base32");
      value = (value << 5) | index; bits += 5;
      if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
    }
    return new Uint8Array(out);
  }

  // A small CBOR reader for what a certificate holds: integers, byte and text strings, arrays, maps, tags.
  function decode(bytes) {
    let at = 0;
    const length = (info) => {
      if (info < 24) return info;
      const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
      if (!size) throw new Error("cbor");
      let n = 0;
      for (let i = 0; i < size; i++) n = n * 256 + bytes[at++];
      return n;
    };
    const item = () => {
      if (at >= bytes.length) throw new Error("cbor");
      const first = bytes[at++], major = first >> 5, n = length(first & 31);
      if (major === 0) return n;
      if (major === 1) return -1 - n;
      if (major === 2) { const v = bytes.slice(at, at + n); at += n; return v; }
      if (major === 3) { const v = new TextDecoder().decode(bytes.slice(at, at + n)); at += n; return v; }
      if (major === 4) { const v = []; for (let i = 0; i < n; i++) v.push(item()); return v; }
      if (major === 5) { const v = new Map(); for (let i = 0; i < n; i++) { const k = item(); v.set(k, item()); } return v; }
      if (major === 6) return { tag: n, value: item() };
      throw new Error("cbor");
    };
    const value = item();
    if (at !== bytes.length) throw new Error("trailing");
    return value;
  }

  function head(major, n) {
    if (n < 24) return [major << 5 | n];
    if (n < 256) return [major << 5 | 24, n];
    return [major << 5 | 25, n >> 8, n & 255];
  }

  function sigStructure(protectedBytes, payload) {
    const text = new TextEncoder().encode("Signature1");
    const parts = [[0x84], head(3, text.length), text, head(2, protectedBytes.length), protectedBytes, [0x40],
                   head(2, payload.length), payload];
    return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
  }

  function fromB64url(text) {
    const raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  async function check() {
    const code = decodeURIComponent(location.pathname.split("/v/")[1] || "").replace(/\s+/g, "").toUpperCase();
    let message;
    try {
      message = decode(base32(code));
    } catch (error) {
      return say("invalid", words.invalid);
    }
    if (!message || message.tag !== 18 || !Array.isArray(message.value) || message.value.length !== 4) {
      return say("invalid", words.invalid);
    }
    const [protectedBytes, unprotected, payload, signature] = message.value;
    let header, claims;
    try {
      header = decode(protectedBytes);
      claims = decode(payload);
    } catch (error) {
      return say("invalid", words.invalid);
    }
    if (header.get(1) !== -8 || !(unprotected instanceof Map) || unprotected.size !== 0) return say("invalid", words.invalid);
    const kid = new TextDecoder().decode(header.get(4));
    const response = await fetch("/.well-known/jwks.json");
    const jwks = await response.json();
    const jwk = jwks.keys.find((key) => key.kid === kid);
    if (!jwk || jwk.centre !== claims.get("p")) return say("invalid", words.invalid);
    const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" },
                                              false, ["verify"]);
    const good = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, sigStructure(protectedBytes, payload));
    if (!good) return say("invalid", words.invalid);
    const { status, checkedAt } = await statusFromCachedLists(claims.get("s"), jwks);
    if (status === "revoked") say("revoked", words.revoked);
    else if (status === "suspended") say("suspended", words.suspended);
    else say("unchecked", words.unchecked);
    document.getElementById("holder-name").textContent = claims.get("h");
    document.getElementById("qualification").textContent = claims.get("q");
    document.getElementById("number").textContent = claims.get("n");
    // Dates as the page's language writes them (Thai: the Buddhist era, which the browser's Thai locale uses).
    const days = (value) => new Date(value.value * 86400000).toLocaleDateString(document.documentElement.lang,
      { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    document.getElementById("issued").textContent = days(claims.get("d"));
    document.getElementById("expires").textContent = claims.get("x") ? days(claims.get("x")) : "—";
    const when = response.headers.get("Date");
    const moment = (text) => new Date(text).toLocaleString(document.documentElement.lang);
    document.getElementById("keys-date").textContent = when ? moment(when) : "";
    if (checkedAt) {
      document.getElementById("status-date").textContent = moment(checkedAt);
      document.getElementById("status-checked").hidden = false;
    } else {
      document.getElementById("status-never").hidden = false;
    }
    document.getElementById("details").hidden = false;
  }

  // A status list remembered from an earlier visit: a signed VC-JWT whose bitstring is gzip + base64url.
  // Its bit for `index` and when the phone fetched it (the Date the registry sent with it).
  async function listBit(url, index, jwks) {
    const response = await fetch(url);
    if (!response.ok) return null;
    const fetchedAt = response.headers.get("Date");
    const [headerPart, payloadPart, signaturePart] = (await response.text()).split(".");
    const header = JSON.parse(new TextDecoder().decode(fromB64url(headerPart)));
    const jwk = jwks.keys.find((key) => key.kid === header.kid);
    if (!jwk) return null;
    const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" },
                                              false, ["verify"]);
    const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
    if (!await crypto.subtle.verify({ name: "Ed25519" }, key, fromB64url(signaturePart), signed)) return null;
    const payload = JSON.parse(new TextDecoder().decode(fromB64url(payloadPart)));
    const gzipped = fromB64url(payload.credentialSubject.encodedList.slice(1));
    const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
    const bits = new Uint8Array(await new Response(stream).arrayBuffer());
    return { bit: (bits[index >> 3] >> (7 - (index & 7))) & 1, fetchedAt };
  }

  // What the remembered lists say, and when the older of the two was fetched (null when none is remembered).
  async function statusFromCachedLists(slot, jwks) {
    const unknown = { status: null, checkedAt: null };
    if (!Array.isArray(slot)) return unknown;
    const [list, index] = slot;
    try {
      const revocation = await listBit(`/status/${list}/revocation`, index, jwks);
      const suspension = await listBit(`/status/${list}/suspension`, index, jwks);
      if (revocation && revocation.bit === 1) return { status: "revoked", checkedAt: revocation.fetchedAt };
      if (suspension && suspension.bit === 1) return { status: "suspended", checkedAt: suspension.fetchedAt };
      if (!revocation || !suspension) return unknown;
      const older = [revocation.fetchedAt, suspension.fetchedAt].sort((a, b) => new Date(a) - new Date(b))[0];
      return { status: null, checkedAt: older };
    } catch (error) {
      return unknown;
    }
  }

  check().catch(() => say("invalid", words.invalid));
})();
