// The Stowage upload page: choose or drop files, see them listed, upload each with its own progress bar and
// cancel button, then open, preview or download them under another name. Plain browser JavaScript, no build.
//
// Uploading is done by "upload paths": an object with `accepts(file)` and `start(entry, callbacks)` that returns
// a `cancel()` function. `uploadPaths` is tried in order and the first that accepts a file uploads it, so a
// second path (the resumable one for large files) is one more entry at the front of the list.
"use strict";

const page = document.body.dataset;
const uploadUrl = page.uploadUrl;
const maxFileSize = Number(page.maxFileSize);
const allowedTypes = page.allowedTypes ? page.allowedTypes.split(",").filter(Boolean) : [];
const tusUrl = page.tusUrl;
const resumableThreshold = Number(page.resumableThreshold);
/** How many bytes one tus PATCH carries. */
const TUS_CHUNK_SIZE = 5 * 1024 * 1024;

const dropZone = document.getElementById("drop-zone");
const fileInput = document.getElementById("file-input");
const selectedList = document.getElementById("selected");
const uploadedList = document.getElementById("uploaded");
const uploadAll = document.getElementById("upload-all");

/** Files chosen and not yet uploaded or cancelled. */
const entries = [];

/** Sends one file as multipart/form-data in field "files" to POST {prefix}, reporting upload progress. */
const multipartPath = {
  accepts: () => true,
  start(entry, { progress, done, failed }) {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append("files", entry.file, entry.file.name);
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) progress(e.loaded, e.total); });
    xhr.addEventListener("load", () => {
      const answer = parseJson(xhr.responseText);
      if (xhr.status === 201 && answer && answer.files) {
        progress(entry.file.size, entry.file.size);
        done(answer.files[0]);
      } else {
        failed(answer && answer.message ? answer.message : "The server answered " + xhr.status);
      }
    });
    xhr.addEventListener("error", () => failed("The server cannot be reached: is it running?"));
    xhr.addEventListener("abort", () => failed("Cancelled"));
    xhr.open("POST", uploadUrl);
    xhr.send(form);
    return () => xhr.abort();
  },
};

/**
 * Sends a file of at least `resumableThreshold` bytes through the tus endpoint: create it (POST with
 * Upload-Length and Upload-Metadata), then PATCH it in chunks of TUS_CHUNK_SIZE. The upload's URL is kept in
 * localStorage under the file's name, size and date, so after a reload or a dropped connection the same file
 * resumes where the server says (HEAD) instead of starting over. Cancelling aborts the request in flight and
 * terminates the upload (DELETE), so nothing of it stays on the server.
 */
const resumablePath = {
  accepts: (file) => file.size >= resumableThreshold,
  start(entry, { progress, done, failed }) {
    const file = entry.file;
    const key = "stowage-tus:" + file.name + ":" + file.size + ":" + file.lastModified;
    let location = null;
    let current = null;
    let cancelled = false;

    function tusRequest(method, url, headers, onAnswer) {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Tus-Resumable", "1.0.0");
      Object.entries(headers).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      xhr.addEventListener("load", () => {
        if (!cancelled) { onAnswer(xhr); return; }
        if (!location && xhr.status === 201) location = absolute(xhr.getResponseHeader("Location"));
        terminate();
      });
      xhr.addEventListener("error", () => {
        if (!cancelled) failed("The server cannot be reached: is it running? Choose the file again to resume.");
      });
      current = xhr;
      return xhr;
    }

    function refusal(xhr) {
      const answer = parseJson(xhr.responseText);
      return answer && answer.message ? answer.message : "The server answered " + xhr.status;
    }

    function create() {
      const metadata = "filename " + base64(file.name) + ",filetype " + base64(file.type || "application/octet-stream");
      tusRequest("POST", tusUrl, { "Upload-Length": String(file.size), "Upload-Metadata": metadata }, (xhr) => {
        if (xhr.status !== 201) { failed(refusal(xhr)); return; }
        location = absolute(xhr.getResponseHeader("Location"));
        localStorage.setItem(key, location);
        send(0);
      }).send(null);
    }

    function absolute(url) {
      return new URL(url, window.location.href).href;
    }

    function resume(url) {
      location = url;
      tusRequest("HEAD", url, {}, (xhr) => {
        if (xhr.status !== 200) { location = null; localStorage.removeItem(key); create(); return; }
        answered(xhr);
      }).send(null);
    }

    function send(offset) {
      progress(offset, file.size);
      const chunk = file.slice(offset, Math.min(offset + TUS_CHUNK_SIZE, file.size));
      const headers = { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" };
      const xhr = tusRequest("PATCH", location, headers, (patched) => {
        if (patched.status !== 204) { failed(refusal(patched)); return; }
        answered(patched);
      });
      xhr.upload.addEventListener("progress", (e) => progress(offset + e.loaded, file.size));
      xhr.send(chunk);
    }

    /** Goes on from the Upload-Offset of a HEAD or PATCH answer, or lists the file once it is stored. */
    function answered(xhr) {
      const storageId = xhr.getResponseHeader("Stowage-Storage-Id");
      if (!storageId) { send(Number(xhr.getResponseHeader("Upload-Offset"))); return; }
      localStorage.removeItem(key);
      done({ storageId, filename: file.name, size: file.size, contentType: file.type || "application/octet-stream",
        url: uploadUrl + "/" + storageId });
    }

    /** Removes the upload from the server; retried while the aborted request still holds it (423). */
    function terminate() {
      localStorage.removeItem(key);
      if (!location) { failed("Cancelled"); return; }
      const xhr = new XMLHttpRequest();
      xhr.open("DELETE", location);
      xhr.setRequestHeader("Tus-Resumable", "1.0.0");
      xhr.addEventListener("load", () => {
        if (xhr.status === 423) setTimeout(terminate, 200);
        else if (xhr.status === 204 || xhr.status === 404) failed("Cancelled");
        else failed("Cancelled, but the server kept the upload: " + refusal(xhr));
      });
      xhr.addEventListener("error", () => failed("Cancelled, but the server could not be told: is it running?"));
      xhr.send(null);
    }

    const remembered = localStorage.getItem(key);
    if (remembered) resume(remembered); else create();
    return () => {
      cancelled = true;
      // A create in flight is let through, so its answer names the upload to terminate.
      if (current && location) { current.abort(); terminate(); }
    };
  },
};

/** The ways a file can be uploaded, tried in order. */
const uploadPaths = [resumablePath, multipartPath];

/** The Base64 of `text`'s UTF-8 bytes, as tus metadata wants it. */
function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

function parseJson(text) {
  try { return JSON.parse(text); } catch (e) { return null; }
}

function formatSize(bytes) {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return (unit === 0 ? value : value.toFixed(1)) + " " + units[unit];
}

function typeAllowed(type) {
  if (allowedTypes.length === 0) return true;
  const bare = (type || "application/octet-stream").split(";")[0].trim().toLowerCase();
  return allowedTypes.some((p) => {
    const pattern = p.trim().toLowerCase();
    return pattern === "*/*" || pattern === bare || (pattern.endsWith("/*") && bare.startsWith(pattern.slice(0, -1)));
  });
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Lists a chosen file with its progress bar, status and cancel button; refuses what the server would. */
function select(file) {
  const row = element("li", "file selected-file");
  row.dataset.name = file.name;
  const name = element("span", "name", file.name + " (" + formatSize(file.size) + ")");
  const cancel = element("button", "cancel", "Cancel");
  cancel.type = "button";
  const bar = element("progress");
  bar.max = 100;
  bar.value = 0;
  const status = element("span", "status", "Ready");
  row.append(name, cancel, bar, status);
  selectedList.append(row);
  const entry = { file, row, bar, status, cancel, state: "ready", stop: null };
  cancel.addEventListener("click", () => cancelEntry(entry));
  if (file.size > maxFileSize) {
    fail(entry, "Too large: " + formatSize(file.size) + " is over the limit of " + formatSize(maxFileSize));
  } else if (!typeAllowed(file.type)) {
    fail(entry, "Refused type: " + (file.type || "unknown") + " is not among " + allowedTypes.join(", "));
  } else {
    entries.push(entry);
  }
  refreshButton();
}

function fail(entry, message) {
  entry.state = "failed";
  entry.status.textContent = message;
  entry.status.className = "status error";
  entry.cancel.textContent = "Remove";
  refreshButton();
}

function cancelEntry(entry) {
  if (entry.state === "uploading" && entry.stop) {
    entry.stop();
    return;
  }
  const index = entries.indexOf(entry);
  if (index >= 0) entries.splice(index, 1);
  entry.row.remove();
  refreshButton();
}

function refreshButton() {
  uploadAll.disabled = !entries.some((e) => e.state === "ready");
}

function upload(entry) {
  entry.state = "uploading";
  entry.status.textContent = "Uploading…";
  const path = uploadPaths.find((p) => p.accepts(entry.file));
  entry.stop = path.start(entry, {
    progress(loaded, total) {
      const percent = total > 0 ? Math.floor((loaded / total) * 100) : 100;
      entry.bar.value = percent;
      entry.status.textContent = percent + " %";
    },
    done(file) {
      entry.state = "done";
      entry.bar.value = 100;
      entry.status.textContent = "100 %";
      entry.status.className = "status done";
      entry.cancel.remove();
      entries.splice(entries.indexOf(entry), 1);
      showUploaded(file);
    },
    failed(message) {
      fail(entry, message);
      entries.splice(entries.indexOf(entry), 1);
    },
  });
}

/** Lists a stored file: a link, an image preview, and a "download as…" rename. */
function showUploaded(file) {
  const row = element("li", "file uploaded-file");
  row.dataset.storageId = file.storageId;
  const link = element("a", "open", file.filename || file.storageId);
  link.href = file.url;
  link.target = "_blank";
  link.rel = "noopener";
  const size = element("span", "status", formatSize(file.size) + " · " + file.contentType);
  row.append(link, size);
  if (file.contentType.startsWith("image/") && !file.contentType.includes("svg")) {
    const preview = element("img", "preview");
    preview.src = file.url;
    preview.alt = "Preview of " + (file.filename || file.storageId);
    row.append(preview);
  }
  const rename = element("div", "rename");
  const newName = element("input", "new-name");
  newName.value = file.filename || file.storageId;
  newName.setAttribute("aria-label", "Download as");
  const download = element("a", "download-as", "Download as…");
  const updateHref = () => { download.href = file.url + "?download=" + encodeURIComponent(newName.value || "download"); };
  newName.addEventListener("input", updateHref);
  updateHref();
  rename.append(newName, download);
  row.append(rename);
  uploadedList.prepend(row);
}

fileInput.addEventListener("change", () => {
  Array.from(fileInput.files).forEach(select);
  fileInput.value = "";
});
["dragenter", "dragover"].forEach((type) => dropZone.addEventListener(type, (e) => {
  e.preventDefault();
  dropZone.classList.add("dragging");
}));
["dragleave", "drop"].forEach((type) => dropZone.addEventListener(type, () => dropZone.classList.remove("dragging")));
dropZone.addEventListener("drop", (e) => {
  e.preventDefault();
  Array.from(e.dataTransfer.files).forEach(select);
});
dropZone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") fileInput.click(); });
uploadAll.addEventListener("click", () => entries.filter((e) => e.state === "ready").forEach(upload));

document.getElementById("limits").textContent = "Up to " + formatSize(maxFileSize) + " per file"
  + (allowedTypes.length ? "; types: " + allowedTypes.join(", ") : "") + ".";
