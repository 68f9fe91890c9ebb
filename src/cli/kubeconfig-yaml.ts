// The one YAML emitter the kubeconfig code uses: kubectl's own (JSON → map → go-yaml v2), so
// `config view` and written kubeconfig files come out byte for byte as kubectl writes them.
import { toYaml } from './printers/yaml.js';

export const goYaml = (v: unknown): string => toYaml(v);
