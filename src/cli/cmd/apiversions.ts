// kubectl api-versions: every group/version the server serves, sorted, always fetched afresh.
import type { Command, RunContext } from '../command.js';

export const command: Command = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  run: async ({ f, io }: RunContext) => {
    const disco = f.discovery();
    await disco.invalidate();
    const groups = await disco.serverGroups();
    const versions = groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion)).sort();
    io.out(versions.map((v) => `${v}\n`).join(''));
    return 0;
  },
};
