/**
 * # Sync plan
 *
 * `buildPlan(desired, pruneTargets, options)` turns the desired objects of an environment (and the
 * owned objects that are no longer desired) into an ordered list of steps. It is pure: the same
 * input always gives the same plan, and the plan is plain data (`describePlan` prints it).
 *
 * ## Order
 *
 * 1. **Phase**: `PreSync` → `Sync` → `PostSync`. Objects without `ferry.dev/hook` belong to
 *    `Sync`; hooks run in each phase they name. `SyncFail` hooks are kept apart in
 *    `plan.onFailure` and run only when the sync fails. Argo's `hook: Skip` objects are never
 *    applied (listed in `plan.skipped`).
 * 2. **Wave**: `ferry.dev/sync-wave` (default 0, may be negative), lowest first.
 * 3. **Dependencies** inside a wave: an object waits for everything it depends on — explicit
 *    `ferry.dev/depends-on` refs, its Namespace, and for a custom resource its
 *    CustomResourceDefinition, when those are part of the environment. Each dependency level is
 *    applied and waited for before the next.
 * 4. **Kind** (the one kind order, `KIND_ORDER`): Namespace, PriorityClass, RuntimeClass,
 *    NetworkPolicy, ResourceQuota, LimitRange, PodDisruptionBudget, ServiceAccount, Secret,
 *    ConfigMap, StorageClass, PersistentVolume, PersistentVolumeClaim, CustomResourceDefinition,
 *    ClusterRole, ClusterRoleBinding, Role, RoleBinding, Service, DaemonSet, Pod,
 *    ReplicationController, ReplicaSet, Deployment, HorizontalPodAutoscaler, StatefulSet, Job,
 *    CronJob, IngressClass, Ingress, APIService, then every other kind (custom resources) by kind
 *    name, then admission webhook configurations and policies (`LAST_KINDS`) — a webhook
 *    registered before its server is ready would reject everything after it.
 * 5. **Name**, then namespace and group.
 *
 * A dependency never waits for its dependents: when an object depends on something in a later
 * wave or phase, the dependency (never a hook) moves up to the dependent's phase and wave. So a
 * Namespace is created before a PreSync migration Job in it, and a CRD before its custom resources
 * even if the CRD's own wave is later. A dependency on a hook that runs later is an error, as is
 * a depends-on ref outside the environment or a dependency cycle (the error names the cycle).
 *
 * Each group (phase, wave, dependency level) becomes `apply` (non-hook objects), `hook` (hook
 * objects, each run to completion) and `wait` (the applied objects healthy) steps; a group without
 * non-hook objects has no wait step. The plan is exactly what the executor runs.
 *
 * ## Prune
 *
 * Prune targets come from the inventory layer (owned, no longer desired). They are deleted after
 * the last Sync wave and before PostSync: highest wave first, reverse kind order inside a wave
 * (custom resources first, Namespaces last), then `PruneLast=true` objects in one final step.
 * `Prune=false` objects are never deleted; with `prune: false` nothing is deleted and targets are
 * reported in `plan.skipped`. An empty desired set never prunes unless `allowEmpty` is set
 * (PruneRefusedError).
 */
export * from './build';
export * from './dependencies';
export * from './describe';
export * from './kind-order';
export * from './order';
export * from './prune';
