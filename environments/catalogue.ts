/** The shop platform's components, configured from an environment. */
import {
  ConfigBundle,
  CronTask,
  EnvVar,
  Image,
  InfraNeeds,
  Probe,
  Schedule,
  SmokeTest,
  WebService,
  Worker,
  type EnvironmentChart,
} from '../constructs';
import type { ShopEnvironment } from './shop-environment';

const REGISTRY = 'ghcr.io/acme-shop';
const SETTINGS = 'shop-settings';

export function buildShop(chart: EnvironmentChart, env: ShopEnvironment): void {
  const has = (c: string) => env.components.includes(c as ShopEnvironment['components'][number]);
  const host = (app: string) => `${app}.${env.domain}`;

  new ConfigBundle(chart, SETTINGS, {
    data: { LOG_LEVEL: env.logLevel, PUBLIC_API_URL: `https://${host('api')}`, ENVIRONMENT: env.name },
  });

  if (has('public-api')) {
    new WebService(chart, 'public-api', {
      team: 'api',
      image: Image.of(`${REGISTRY}/public-api`, env.versions['public-api']),
      port: 8080,
      readiness: Probe.http('/healthz/ready'),
      liveness: Probe.http('/healthz/live', { initialDelaySeconds: 10 }),
      env: {
        DATABASE_URL: EnvVar.fromSecret('public-api-db', 'url'),
        ORDERS_QUEUE_URL: EnvVar.fromSecret('orders-queue', 'url'),
      },
      configFrom: [SETTINGS],
      autoscaling: { ...env.apiAutoscaling, cpuTargetPercent: env.apiAutoscaling.cpuTargetPercent ?? 70 },
      ingress: { hosts: [host('api')], tlsSecret: env.tlsSecret, paths: ['/'] },
      networkPolicy: { namespaces: ['ingress-nginx', env.destination.namespace] },
      migration: { command: ['/app/migrate', 'up'] },
      needs: [InfraNeeds.postgres('public-api-db', { storageGiB: env.sizing.name === 'large' ? 100 : 10 })],
    });
  }

  if (has('frontend')) {
    new WebService(chart, 'frontend', {
      team: 'web',
      image: Image.of(`${REGISTRY}/frontend`, env.versions.frontend),
      port: 3000,
      readiness: Probe.http('/'),
      replicas: env.frontendReplicas,
      env: { API_URL: EnvVar.fromConfig(SETTINGS, 'PUBLIC_API_URL') },
      ingress: { hosts: [host('www')], tlsSecret: env.tlsSecret },
      needs: [InfraNeeds.bucket('frontend-assets')],
    });
  }

  if (has('worker')) {
    new Worker(chart, 'worker', {
      team: 'fulfilment',
      image: Image.of(`${REGISTRY}/worker`, env.versions.worker),
      command: ['/app/worker', '--queue', 'orders'],
      env: {
        DATABASE_URL: EnvVar.fromSecret('public-api-db', 'url'),
        ORDERS_QUEUE_URL: EnvVar.fromSecret('orders-queue', 'url'),
      },
      configFrom: [SETTINGS],
      autoscaling: env.workerAutoscaling,
      needs: [InfraNeeds.queue('orders-queue', { visibilityTimeoutSeconds: 120 })],
    });
  }

  if (has('scheduler')) {
    new CronTask(chart, 'scheduler', {
      team: 'fulfilment',
      image: Image.of(`${REGISTRY}/scheduler`, env.versions.scheduler),
      schedule: Schedule.daily(3, 15),
      command: ['/app/scheduler', 'nightly-settlement'],
      env: { DATABASE_URL: EnvVar.fromSecret('public-api-db', 'url') },
      configFrom: [SETTINGS],
    });
  }

  if (has('smoke-test')) {
    new SmokeTest(chart, 'smoke-test', {
      team: 'api',
      image: Image.of(`${REGISTRY}/public-api`, env.versions['public-api']),
      command: ['/app/smoke', `https://${host('api')}/healthz/ready`],
      deletePolicies: ['HookSucceeded'],
    });
  }
}
