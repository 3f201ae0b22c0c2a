/**
 * Entry of a bootstrap worker thread (started by parallelBootstrapReplicates): computes chunks of
 * the shared job in `workerData.data` until none is left, then posts the number it computed and
 * ends. It exports nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareBootstrapReplicates } from '../stats/bootstrap/prepare-bootstrap-replicates.ts';
import { claimReplicateChunks, type ReplicateJob } from './claim-replicate-chunks.ts';

if (parentPort === null) throw new Error('bootstrap-worker.ts must run in a worker thread');
const job = (workerData as { data: ReplicateJob }).data;
parentPort.postMessage(claimReplicateChunks(prepareBootstrapReplicates(job.method, job.x, job.y, job.seed), job));
