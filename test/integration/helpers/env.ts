/** Where the integration run's control plane is (set by test/integration/setup/global-setup.ts). */

export function testKubeconfig(): string {
  const path = process.env.FERRY_TEST_KUBECONFIG;
  if (!path) {
    throw new Error(
      'FERRY_TEST_KUBECONFIG is not set: run integration tests through `npx jest --selectProjects integration`, ' +
        'whose global setup starts the local control plane',
    );
  }
  return path;
}

/** The kubectl on the machine. @default `kubectl` from PATH; FERRY_KUBECTL overrides */
export function kubectlBinary(): string {
  return process.env.FERRY_KUBECTL || 'kubectl';
}
