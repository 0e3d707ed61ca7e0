import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { parsePostcodeCsv, loadPostcodeDirectory } from '../../server/modules/postcodes/directory.ts';
import { distanceKm, boundingBox } from '../../shared/geo.ts';

describe('configuration', () => {
  it('has safe defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dialect: 'sqlite',
      databaseUrl: 'sqlite:./data/waardewerk.db',
      secureCookies: false,
    });
    expect(c.demoData).toBeUndefined();
  });

  it('selects PostgreSQL and secure cookies from the environment', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db/x',
      PUBLIC_URL: 'https://waardewerk.example.nl/',
      DEMO_DATA: 'off',
    });
    expect(c).toMatchObject({
      dialect: 'postgres',
      secureCookies: true,
      publicOrigin: 'https://waardewerk.example.nl',
      demoData: false,
    });
  });

  it('explains every bad value at once', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', DEMO_DATA: 'maybe' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
    }
  });
});

describe('operations configuration', () => {
  it('keeps /metrics closed and logs erasures beside a SQLite file by default', () => {
    const c = loadConfig({});
    expect(c.metrics).toEqual({ token: null, allow: [] });
    expect(c.erasureLogPath).toBe('./data/waardewerk.db.erasures.jsonl');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).erasureLogPath).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/x' }).erasureLogPath).toBe('./data/erasures.jsonl');
    expect(loadConfig({ ERASURE_LOG: '/var/lib/waardewerk/erasures.jsonl' }).erasureLogPath).toBe(
      '/var/lib/waardewerk/erasures.jsonl',
    );
  });

  it('reads the metrics token and allowed addresses, and refuses bad ones', () => {
    const c = loadConfig({ METRICS_TOKEN: 'a-token-of-sixteen+', METRICS_ALLOW: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8' });
    expect(c.metrics).toEqual({ token: 'a-token-of-sixteen+', allow: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'] });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129', '10.0.0.0/x']) {
      expect(() => loadConfig({ METRICS_ALLOW: bad }), bad).toThrow(/METRICS_ALLOW/);
    }
  });
});

describe('.env.example', () => {
  const root = new URL('../..', import.meta.url);
  const example = Object.fromEntries(
    readFileSync(new URL('.env.example', root), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('shows the defaults', () => {
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });

  it('lists every variable the README documents, and the README every one it lists', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const configuration = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## PostgreSQL'));
    const documented = [...configuration.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.keys(example)));
  });
});

describe('postcodes and distance', () => {
  it('reads quoted CSV fields with commas', () => {
    const dir = parsePostcodeCsv(
      'id,postcode,a,b,c,d,e,lat,lng,soort\n1,1234,"Plaats, Oost","",Gem,Prov,"020",52.1,4.9,"Adres"\n',
    );
    expect(dir.lookup('1234AB')).toMatchObject({ place: 'Plaats, Oost', lat: 52.1, lng: 4.9 });
    expect(dir.addressCodes()).toEqual(['1234']);
  });

  it('knows every Dutch PC4 area and measures great-circle distances', () => {
    const dir = loadPostcodeDirectory();
    expect(dir.size).toBeGreaterThan(4000);
    const amsterdam = dir.lookup('1012')!;
    const groningen = dir.lookup('9711')!;
    expect(distanceKm(amsterdam, groningen)).toBeGreaterThan(140);
    expect(distanceKm(amsterdam, groningen)).toBeLessThan(160);
    expect(distanceKm(amsterdam, dir.lookup('1013')!)).toBeLessThan(5);
    const box = boundingBox(amsterdam, 10);
    expect(box.minLat).toBeLessThan(amsterdam.lat);
    expect(box.maxLng - box.minLng).toBeGreaterThan(box.maxLat - box.minLat);
  });
});
