/**
 * The environment's Google service account: no key is ever created; pods reach it through Workload
 * Identity (one binding per component that declared a need, for the Kubernetes service account of
 * the same name in the environment's namespace). Roles are granted per resource by each need.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { gcpServiceAccountId } from '../../manifests/infra-names';
import type { GcpTargetSpec, InfraDescription } from '../../model';

export class GcpIdentity extends pulumi.ComponentResource {
  readonly email: pulumi.Output<string>;
  /** `serviceAccount:<email>`, the IAM member of every grant. */
  readonly member: pulumi.Output<string>;

  constructor(d: InfraDescription & { target: GcpTargetSpec }, provider: gcp.Provider) {
    super('ferry:gcp:Identity', d.environment, {}, {});
    const opts = { provider, parent: this };
    const account = new gcp.serviceaccount.Account(
      'app',
      {
        project: d.target.project,
        accountId: gcpServiceAccountId(d.environment),
        displayName: `${d.platform} ${d.environment} (Ferry)`,
        description: `Workloads of ${d.environment} (namespace ${d.namespace}); roles granted per resource.`,
      },
      opts,
    );
    this.email = account.email;
    this.member = pulumi.interpolate`serviceAccount:${account.email}`;
    const components = [...new Set(d.needs.map((n) => n.component))].sort();
    for (const component of components) {
      new gcp.serviceaccount.IAMMember(
        `workload-identity-${component}`,
        {
          serviceAccountId: account.name,
          role: 'roles/iam.workloadIdentityUser',
          member: `serviceAccount:${d.target.project}.svc.id.goog[${d.namespace}/${component}]`,
        },
        opts,
      );
    }
    this.registerOutputs({ email: this.email });
  }
}
