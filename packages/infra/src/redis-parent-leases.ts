import type { Redis } from 'ioredis';
import type { LeaseHolder, LeasePort, ParentLease } from '@tranche/engine';

/**
 * The fencing tokens this process holds, per parent: the order store sends its writes for a parent
 * with the token, and Redis refuses them once the lease has moved on (see RedisOrderStore).
 */
export class LeaseTokens {
  private readonly tokens = new Map<string, number>();
  set(parentId: string, token: number): void {
    this.tokens.set(parentId, token);
  }
  delete(parentId: string): void {
    this.tokens.delete(parentId);
  }
  get(parentId: string): number | undefined {
    return this.tokens.get(parentId);
  }
}

// Grant when free (a fresh token from the counter), or extend when already ours; nil when another
// replica holds it. One script, so two replicas can never both win.
const ACQUIRE = `
local o = redis.call('HGET', KEYS[1], 'owner')
if o and o ~= ARGV[1] then return nil end
if o == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {redis.call('HGET', KEYS[1], 'token'), redis.call('HGET', KEYS[1], 'since')}
end
local t = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'token', t, 'since', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {tostring(t), ARGV[3]}
`;

const RENEW = `
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and redis.call('HGET', KEYS[1], 'token') == ARGV[2] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 0
`;

const RELEASE = `
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and redis.call('HGET', KEYS[1], 'token') == ARGV[2] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * A lease per parent in Redis: `tranche:lease:{parentId}` is a hash (owner, token, since) that
 * expires unless its owner renews it. The token comes from a per-parent counter that only grows,
 * so a replica that paused past its lease cannot write again: its token is older than the store's.
 */
export class RedisParentLeases implements LeasePort {
  constructor(
    private readonly redis: Redis,
    readonly owner: string,
    private readonly tokens: LeaseTokens,
    private readonly ttlMs = 3000,
    private readonly prefix = 'tranche',
  ) {}

  private key(parentId: string) {
    return `${this.prefix}:lease:${parentId}`;
  }

  async acquire(parentId: string): Promise<ParentLease | undefined> {
    const r = (await this.redis.eval(
      ACQUIRE,
      2,
      this.key(parentId),
      `${this.prefix}:lease-token:${parentId}`,
      this.owner,
      String(this.ttlMs),
      String(Date.now()),
    )) as [string, string] | null;
    if (!r) return undefined;
    const token = Number(r[0]);
    this.tokens.set(parentId, token);
    return { parentId, owner: this.owner, token };
  }

  async renew(lease: ParentLease): Promise<boolean> {
    const ok = await this.redis.eval(
      RENEW,
      1,
      this.key(lease.parentId),
      lease.owner,
      String(lease.token),
      String(this.ttlMs),
    );
    if (ok !== 1) this.tokens.delete(lease.parentId);
    return ok === 1;
  }

  async release(lease: ParentLease): Promise<void> {
    this.tokens.delete(lease.parentId);
    await this.redis.eval(RELEASE, 1, this.key(lease.parentId), lease.owner, String(lease.token));
  }

  async holder(parentId: string): Promise<LeaseHolder | undefined> {
    const h = await this.redis.hgetall(this.key(parentId));
    if (!h['owner']) return undefined;
    return { owner: h['owner'], token: Number(h['token']), ageMs: Date.now() - Number(h['since']) };
  }
}
