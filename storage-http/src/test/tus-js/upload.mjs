// Uploads a file to a tus endpoint with the real tus-js-client, as a browser app or Uppy would:
//   node upload.mjs <endpoint> <file> [<upload URL to resume>]
// Prints {"url": ..., "storageId": ...} on success; exits 1 with the client's error otherwise.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as tus from 'tus-js-client';

const [endpoint, file, uploadUrl] = process.argv.slice(2);
const data = readFileSync(file);
let storageId = null;
const upload = new tus.Upload(data, {
  endpoint,
  uploadUrl: uploadUrl || null,
  chunkSize: 64 * 1024,
  retryDelays: [],
  metadata: { filename: basename(file), filetype: 'application/octet-stream' },
  onAfterResponse(request, response) {
    storageId = response.getHeader('Stowage-Storage-Id') || storageId;
  },
  onError(error) {
    console.error('tus-js-client failed: ' + error);
    process.exit(1);
  },
  onSuccess() {
    console.log(JSON.stringify({ url: upload.url, storageId }));
  },
});
upload.start();
