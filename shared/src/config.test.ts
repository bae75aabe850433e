import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseEnv, ConfigError, isLoopbackHost, loadConfig, PUBLISHED_DEVELOPMENT_SECRETS } from './config';

const schema = z.object({ ...baseEnv, JWT_SECRET: z.string().optional() });
const published = { INTERNAL_CONTEXT_SECRET: PUBLISHED_DEVELOPMENT_SECRETS.INTERNAL_CONTEXT_SECRET, JWT_SECRET: PUBLISHED_DEVELOPMENT_SECRETS.JWT_SECRET };

describe('published development secrets', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost'])('are accepted while the service listens on loopback (%s)', (HOST) => {
    expect(loadConfig(schema, { ...published, HOST }).HOST).toBe(HOST);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'api.example.com'])('are refused, each named, on %s', (HOST) => {
    const attempt = () => loadConfig(schema, { ...published, HOST });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(2);
      expect(problems.join('\n')).toContain('INTERNAL_CONTEXT_SECRET: the published development secret');
      expect(problems.join('\n')).toContain('JWT_SECRET: the published development secret');
    }
  });

  it('lets a service listen anywhere with secrets of its own', () => {
    expect(loadConfig(schema, { INTERNAL_CONTEXT_SECRET: 'x'.repeat(40), JWT_SECRET: 'y'.repeat(40), HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('knows loopback from the rest', () => {
    expect([isLoopbackHost('127.0.0.1'), isLoopbackHost('128.0.0.1'), isLoopbackHost('0.0.0.0'), isLoopbackHost('127.0.0.1.evil')]).toEqual([true, false, false, false]);
  });
});
