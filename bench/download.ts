import http from 'node:http';

/**
 * Downloads one URL and throws the bytes away, in a process of its own, so
 * that receiving a 100 MB export does not share the event loop (and the CPU
 * time) of the load generator measuring other pages meanwhile. Prints one
 * JSON line: the status, the bytes and the seconds.
 */
const [url, cookie] = process.argv.slice(2);
const started = performance.now();
http
  .get(url!, { headers: { cookie: cookie ?? '' } }, (res) => {
    let bytes = 0;
    res.on('data', (chunk: Buffer) => (bytes += chunk.length));
    res.on('end', () => {
      process.stdout.write(`${JSON.stringify({ status: res.statusCode, bytes, seconds: (performance.now() - started) / 1000 })}\n`);
    });
  })
  .on('error', (error) => {
    console.error(error.message);
    process.exit(1);
  });
