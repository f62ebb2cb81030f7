import type { RedisPoolStats } from './bus/redis-bus.ts';
import type { MetricsRegistry } from './metrics/registry.ts';
import type { PoolStats } from './store/pool.ts';

/**
 * Sets the Postgres and Redis pool gauges every BUZZ_POOL_METRICS_INTERVAL_SECS, the first time at once
 * (CONTRACT §1). Returns the function that stops it.
 */
export function startPoolGauges(
  registry: MetricsRegistry,
  intervalSecs: number,
  db: () => PoolStats,
  redis: () => RedisPoolStats,
): () => void {
  const tick = () => {
    const d = db();
    registry.gauge('buzz_db_pool_size').set(d.size);
    registry.gauge('buzz_db_pool_idle').set(d.idle);
    registry.gauge('buzz_db_pool_active').set(d.active);
    registry.gauge('buzz_db_pool_max').set(d.max);
    const r = redis();
    registry.gauge('buzz_redis_pool_size').set(r.size);
    registry.gauge('buzz_redis_pool_available').set(r.available);
    registry.gauge('buzz_redis_pool_max').set(r.max);
    registry.gauge('buzz_redis_pool_waiting').set(r.waiting);
  };
  tick();
  const timer = setInterval(tick, intervalSecs * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
