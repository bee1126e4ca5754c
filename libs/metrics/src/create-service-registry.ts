import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry of its own for one service. The global registry is shared by every module that
 * imports prom-client, so two services (or tests) in one process would clash on it.
 * Every metric carries the `service` label, and the Node process metrics are included.
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
