import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parsePostcode } from '../../shared/postcode.ts';
import { postcode } from '../../shared/schemas/common.ts';
import { ApiError, request } from '../../web/src/lib/api/client.ts';
import { checkedLater, parsedWith } from '../../web/src/lib/api/lazy-schema.ts';

/**
 * The start page carries no zod (issue 13): answers are checked with schemas fetched when first
 * needed. `parsedWith` still refuses a drifted answer before the caller sees it; `checkedLater`
 * hands the answer over at once and reports a drift once the page is idle.
 */
const thing = z.object({ id: z.string(), count: z.number() });

function answer(status: number, body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
}

describe('response schemas fetched when first needed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('parses before answering with parsedWith, refusing an answer that drifted from the contract', async () => {
    const load = vi.fn(async () => thing);
    const schema = parsedWith(load);
    answer(200, { id: 'a', count: 2, extra: true });
    await expect(request('GET', '/things/a', schema)).resolves.toEqual({ id: 'a', count: 2 });
    answer(200, { id: 'a', count: 'two' });
    await expect(request('GET', '/things/a', schema)).rejects.toThrow(z.ZodError);
    expect(load).toHaveBeenCalledTimes(1); // the schema is made once
  });

  it('answers at once with checkedLater, fetching the schema only when idle, and reports a drift then', async () => {
    const load = vi.fn(async () => thing);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answer(200, { id: 'a', count: 'two' });
    await expect(request('GET', '/things/a', checkedLater(load))).resolves.toEqual({ id: 'a', count: 'two' });
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3000);
    expect(load).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledWith(
      'The answer of GET /things/a does not match the API contract',
      expect.any(Array),
    );
  });

  it('reports nothing when the later check finds the answer in order', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answer(200, { id: 'a', count: 2 });
    await request(
      'GET',
      '/things/a',
      checkedLater(async () => thing),
    );
    await vi.advanceTimersByTimeAsync(3000);
    expect(logged).not.toHaveBeenCalled();
  });

  it("reads a refusal's code and fields without zod, and checks the error body later", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    answer(400, { error: { code: 'invalid_input', message: 'Check the form', fields: { title: 'Too short' } } });
    const refused = await request('POST', '/things', null, {}).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      status: 400,
      code: 'invalid_input',
      message: 'Check the form',
      fields: { title: 'Too short' },
    });

    answer(401, { error: { code: 'no_such_code', message: 'Who are you?' } });
    await expect(request('GET', '/me', null)).rejects.toMatchObject({ status: 401, code: 'no_such_code' });
    await vi.advanceTimersByTimeAsync(3000);
    await vi.waitFor(() =>
      expect(logged).toHaveBeenCalledWith('The answer of GET /me does not match the API contract', expect.any(Array)),
    );
    expect(logged).toHaveBeenCalledTimes(1); // the well-formed refusal above was not reported
  });

  it('falls back to the status when a refusal has no error body', async () => {
    answer(502, 'Bad gateway');
    await expect(request('GET', '/things', null)).rejects.toMatchObject({ status: 502, code: 'internal' });
  });
});

describe('the zod-free rules the start page uses', () => {
  it('reads a postcode exactly as the shared schema does (the schema is built from the same rule)', () => {
    for (const input of [
      '1012AB',
      ' 1012 ab ',
      '1012',
      '9999zz',
      '0123AB',
      '1012A',
      '1012 ABC',
      '1012  AB',
      '',
      'abcd',
    ]) {
      const checked = postcode.safeParse(input);
      expect(parsePostcode(input), JSON.stringify(input)).toBe(checked.success ? checked.data : null);
    }
  });
});
