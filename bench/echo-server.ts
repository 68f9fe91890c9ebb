// The floor of any Node HTTP API on this machine: read a JSON body, parse it, stamp a
// resourceVersion, serialise it back with 201. `npm run bench` runs the same create load against it
// so the API/raw ratio can be read against what Node's HTTP stack alone allows.
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
let rv = 0;
createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const obj = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { metadata: Record<string, unknown> };
  obj.metadata['resourceVersion'] = String(++rv);
  res.statusCode = 201;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(obj));
}).listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
