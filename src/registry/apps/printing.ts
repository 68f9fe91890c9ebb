// Column definitions and cells shared by the apps/v1 and batch/v1 printers.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { col, type ColumnDefinition } from '../strategy.js';
import { containersAndImages } from '../../machinery/format.js';

export const containersColumn = col('Containers', 'string', 1, 'Names of each container in the template.');
export const imagesColumn = col('Images', 'string', 1, 'Images referenced by each container in the template.');
export const selectorColumn = (description: string): ColumnDefinition => col('Selector', 'string', 1, description);

/** Containers and Images cells of a pod template. */
export const templateCells = (template: PodTemplateSpec | undefined): [string, string] => containersAndImages(template?.spec);
