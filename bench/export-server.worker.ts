import { parentPort } from 'node:worker_threads';
import { BigQueryTestServer } from '../test/support/bigquery-test-server.js';

/**
 * The BigQuery REST test server on its own thread, so the drain benchmark's event-loop figure measures
 * the exporter, not the server parsing its requests. Posts its URL; stops on any message.
 */
const server = await BigQueryTestServer.start();
parentPort?.postMessage(server.url);
parentPort?.once('message', () => {
  void server.close().then(() => process.exit(0));
});
