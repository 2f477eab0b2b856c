/** A worker thread of prepare-pool.ts: prepares the files it is sent, as the ingest's thread would. */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareFile, type PendingFile, type PreparedFile, type PrepareWork } from './index-writer.js';
import type { PrepareWorkerData } from './prepare-pool.js';
import { WordVectorEmbedder } from './word-vector-embedder.js';

const data = workerData as PrepareWorkerData;
let embedder: PrepareWork['embedder'] = {};
let failure: string | undefined;
if (data.wordVectors) {
  const own = new WordVectorEmbedder(data.wordVectors.file);
  if (own.id === data.wordVectors.id) embedder = own;
  else failure = `word vectors changed while indexing (${data.wordVectors.id} → ${own.id})`;
}
const work: PrepareWork = { knowledgeDir: data.knowledgeDir, chunking: data.chunking, embedder };

parentPort!.on('message', async ({ id, files }: { id: number; files: PendingFile[] }) => {
  if (failure) return parentPort!.postMessage({ id, error: failure });
  try {
    const results: PreparedFile[] = [];
    for (const file of files) results.push(await prepareFile(file, work));
    parentPort!.postMessage({ id, results });
  } catch (err) {
    parentPort!.postMessage({ id, error: (err as Error).message });
  }
});
