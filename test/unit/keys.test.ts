import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/store/keys.js';

describe('table keys', () => {
  it('puts the tenant id in the partition key of every tenant item', () => {
    const tenantId = 't1';
    const tenantItems = [
      keys.tenantProfile(tenantId),
      keys.document(tenantId, 'd1'),
      keys.chunk(tenantId, 'd1', 3),
      keys.conversationTurn(tenantId, 'whatsapp:+15550001', '2026-11-23T10:00:00.000Z', 'm1'),
      keys.conversationState(tenantId, '+15550001'),
      keys.usage(tenantId, '2026-11-23'),
      keys.delivery(tenantId, 'twilio', 'SM1'),
      keys.tenantApiKey(tenantId, 'key_0123456789abcdef'),
    ];
    for (const key of tenantItems) expect(key.pk.startsWith('TENANT#t1')).toBe(true);
  });

  it('builds the documented shapes', () => {
    expect(keys.tenantProfile('t1')).toEqual({ pk: 'TENANT#t1', sk: 'PROFILE' });
    expect(keys.channelRoute('twilio', '+14155238886')).toEqual({
      pk: 'ROUTE#twilio#+14155238886',
      sk: 'ROUTE',
    });
    expect(keys.chunk('t1', 'd1', 7)).toEqual({
      pk: 'TENANT#t1#DOC#d1',
      sk: 'CHUNK#00007',
      gsi1pk: 'TENANT#t1#CHUNKS',
      gsi1sk: 'DOC#d1#00007',
    });
    expect(keys.idempotency('reply', 'abc')).toEqual({ pk: 'IDEMP#reply#abc', sk: 'IDEMP' });
  });

  it('sorts chunk keys in numeric order', () => {
    const sks = [10, 2, 1].map((n) => keys.chunk('t', 'd', n).sk).sort();
    expect(sks).toEqual(['CHUNK#00001', 'CHUNK#00002', 'CHUNK#00010']);
  });

  it('refuses a component that could reach into another key space', () => {
    expect(() => keys.tenantProfile('t1#DOC#x')).toThrow(/Invalid key component/);
    expect(() => keys.document('t1', '')).toThrow(/Invalid key component/);
  });
});
