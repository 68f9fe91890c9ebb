// CSINode validation (v1.25): driver entries, node IDs, topology keys; existing entries are immutable.
import type { CSINode, CSINodeDriver } from 'kubernetes-types/storage/v1.js';
import { duplicate, FieldPath, invalid, required, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, goLiteral, goPointer, goQuote, validateNonnegativeField } from '../meta.js';
import { isQualifiedName } from '../names.js';
import { validateCSIDriverName } from './csidriver.js';

const maxNodeIDLength = 192;

export function validateCSINode(n: CSINode): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (n.spec?.drivers ?? []).forEach((d, i) => {
    const p = FieldPath.root('spec').child('drivers').index(i);
    errs.push(...validateCSIDriverName(d.name, p.child('name')));
    const nodeID = d.nodeID ?? '';
    if (nodeID.length === 0) errs.push(required(p.child('nodeID')));
    if (nodeID.length > maxNodeIDLength) errs.push(invalid(p.child('nodeID'), nodeID, `must be ${maxNodeIDLength} characters or less`));
    errs.push(...validateNonnegativeField(d.allocatable?.count, p.child('allocatable', 'count')));
    if (names.has(d.name)) errs.push(duplicate(p.child('name'), d.name));
    names.add(d.name);
    const keys = new Set<string>();
    for (const key of d.topologyKeys ?? []) {
      if (key.length === 0) errs.push(required(p));
      if (keys.has(key)) errs.push(duplicate(p, key));
      keys.add(key);
      for (const m of isQualifiedName(key)) errs.push(invalid(p, d.topologyKeys, m));
    }
  });
  return errs;
}

/** storage.CSINodeDriver as kube-apiserver prints it (%#v). */
function driverLiteral(d: CSINodeDriver): unknown {
  const keys = d.topologyKeys ? `[]string{${d.topologyKeys.map(goQuote).join(', ')}}` : '[]string(nil)';
  const alloc = goPointer('storage.VolumeNodeResources', d.allocatable !== undefined && d.allocatable !== null);
  return goLiteral(`storage.CSINodeDriver{Name:${goQuote(d.name)}, NodeID:${goQuote(d.nodeID)}, TopologyKeys:${keys}, Allocatable:${alloc}}`);
}

export function validateCSINodeUpdate(n: CSINode, old: CSINode): FieldError[] {
  const errs = validateCSINode(n);
  for (const od of old.spec?.drivers ?? [])
    for (const nd of n.spec?.drivers ?? [])
      if (od.name === nd.name && !deepEqual(od, nd)) errs.push(invalid('CSINodeDriver', driverLiteral(nd), 'field is immutable'));
  return errs;
}
