// The Stowage upload page: choose or drop files, see them listed, upload each with its own progress bar and
// cancel button, then open, preview or download them under another name. Plain browser JavaScript, no build.
//
// Uploading is done by "upload paths": an object with `accepts(file)` and `start(entry, callbacks)` that returns
// a `cancel()` function. `uploadPaths` is tried in order and the first that accepts a file uploads it, so a
// second path (such as a resumable one for large files) is one more entry at the front of the list.
"use strict";

const page = document.body.dataset;
const uploadUrl = page.uploadUrl;
const maxFileSize = Number(page.maxFileSize);
const allowedTypes = page.allowedTypes ? page.allowedTypes.split(",").filter(Boolean) : [];

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

/** The ways a file can be uploaded, tried in order. */
const uploadPaths = [multipartPath];

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
