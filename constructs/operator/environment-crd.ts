/**
 * The `Environment` CustomResourceDefinition (`environments.ferry.dev`) as a construct: namespaced,
 * one version (`v1alpha1`, served and stored), the status subresource, printer columns for
 * `kubectl get environments`, and the schema of ./environment-schema.ts.
 */
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  ENVIRONMENT_GROUP,
  ENVIRONMENT_KIND,
  ENVIRONMENT_PLURAL,
  ENVIRONMENT_VERSION,
  PRINTER_COLUMNS,
} from '../../operator/model/environment-resource';
import { applySync } from '../sync';
import { ENVIRONMENT_SCHEMA } from './environment-schema';

export const ENVIRONMENT_CRD_NAME = `${ENVIRONMENT_PLURAL}.${ENVIRONMENT_GROUP}`;

const COLUMN_DESCRIPTIONS: Readonly<Record<(typeof PRINTER_COLUMNS)[number]['name'], string>> = {
  Sync: 'Synced, OutOfSync or Unknown',
  Health: 'Aggregated health of the objects (kstatus)',
  Revision: 'Last revision synced successfully',
  Age: 'Time since the Environment was created',
  Message: 'What is happening, in one line',
};

export class EnvironmentCrd extends ApiObject {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: ENVIRONMENT_CRD_NAME },
      spec: {
        group: ENVIRONMENT_GROUP,
        scope: 'Namespaced',
        names: {
          plural: ENVIRONMENT_PLURAL,
          singular: ENVIRONMENT_KIND.toLowerCase(),
          kind: ENVIRONMENT_KIND,
          listKind: `${ENVIRONMENT_KIND}List`,
          shortNames: ['fenv'],
          categories: ['ferry'],
        },
        versions: [
          {
            name: ENVIRONMENT_VERSION,
            served: true,
            storage: true,
            subresources: { status: {} },
            additionalPrinterColumns: PRINTER_COLUMNS.map((c) => ({
              ...c,
              description: COLUMN_DESCRIPTIONS[c.name],
            })),
            schema: { openAPIV3Schema: ENVIRONMENT_SCHEMA },
          },
        ],
      },
    });
    // Pruning the CRD would delete every Environment with it: a CRD missing from the folder is a
    // mistake to report, never a deletion to carry out.
    applySync(this, { options: ['Prune=false'] });
  }
}
