/**
 * Is the source environment of a promotion Synced and Healthy at the revision that carries the
 * versions being promoted? `ferry promote` asks this once, through this interface, before it
 * writes anything; `--force` skips the question.
 *
 * The answer comes from the Environment resource's status (ferry.dev/v1alpha1: sync, health,
 * revision and the source commit it was synthesised from), read with `--kubeconfig`. That resource
 * arrives with the operator; until then `environmentStatusReadiness` says plainly that it cannot
 * tell, so promotion needs `--force` and a person's judgement.
 */

export type Readiness =
  { readonly ready: true; readonly detail: string } | { readonly ready: false; readonly reason: string };

export interface SourceReadiness {
  /**
   * @param kubeconfig the cluster of the source environment (default: $KUBECONFIG, ~/.kube/config)
   * @param env the source environment's name
   * @param revision the source commit that carries the versions being promoted; ready means the
   *   environment is Synced and Healthy at a deploy revision synthesised from it (or a descendant)
   */
  sourceEnvironmentReady(kubeconfig: string | undefined, env: string, revision: string): Promise<Readiness>;
}

/** Reads the Environment status. Not available yet: the Environment resource comes with the operator. */
export const environmentStatusReadiness: SourceReadiness = {
  async sourceEnvironmentReady(_kubeconfig, env) {
    return {
      ready: false,
      reason:
        `cannot confirm that ${env} is Synced and Healthy: this version of Ferry cannot read the Environment ` +
        `status yet (it arrives with the operator). Check ${env} yourself (\`ferry status ${env}\`), then pass --force.`,
    };
  },
};
