// The ConfigMap and Secret describers. (kubectl 1.25 walks the data maps in Go's random order; we
// print keys sorted, which is one of the orders it can print.)
import { CORE, getObject, type DescribeContext } from './context.js';
import { describeEvents, eventsFor } from './events.js';
import { byString, printAnnotationsMultiline, printLabelsMultiline } from './format.js';
import { LEVEL_0, tabbedString } from './writer.js';

export async function describeConfigMap(ctx: DescribeContext): Promise<string> {
  const cm = await getObject(ctx, CORE('configmaps'));
  const events = await eventsFor(ctx, cm, 'ConfigMap');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    const data: Record<string, string> = cm.data ?? {};
    for (const k of Object.keys(data).sort(byString)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${data[k]}\n`);
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    const bin: Record<string, string> = cm.binaryData ?? {};
    for (const k of Object.keys(bin).sort(byString)) w.write(LEVEL_0, `${k}: ${Buffer.from(bin[k]!, 'base64').length} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(events, w, ctx.now);
  });
}

export async function describeSecret(ctx: DescribeContext): Promise<string> {
  const s = await getObject(ctx, CORE('secrets'));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${s.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${s.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', s.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${s.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    const data: Record<string, string> = s.data ?? {};
    for (const k of Object.keys(data).sort(byString)) {
      const bytes = Buffer.from(data[k]!, 'base64');
      if (k === 'token' && s.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${bytes.toString('utf8')}\n`);
      else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
    }
  });
}
