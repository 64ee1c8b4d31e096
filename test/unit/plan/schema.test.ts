import { describe, expect, it } from 'vitest';
import { planJsonSchema, planSchema } from '../../../src/plan/index.js';

type JsonSchema = { properties?: Record<string, JsonSchema>; description?: string; items?: JsonSchema; additionalProperties?: JsonSchema | boolean; anyOf?: JsonSchema[] };

describe('planJsonSchema', () => {
  const schema = planJsonSchema() as JsonSchema & Record<string, unknown>;

  it('is a draft 2020-12 JSON Schema of the native format', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(() => JSON.stringify(schema)).not.toThrow();
  });

  it('mentions every top-level field of planSchema', () => {
    expect(Object.keys(schema.properties!).sort()).toEqual(Object.keys(planSchema.shape).sort());
    for (const field of ['version', 'name', 'strategy', 'registry', 'defaults', 'agents', 'routing', 'resources', 'tickets']) {
      expect(schema.properties).toHaveProperty(field);
    }
  });

  it('describes every field and states defaults', () => {
    const ticket = schema.properties!.tickets!.items!;
    const agent = schema.properties!.agents!.additionalProperties as JsonSchema;
    const defaults = schema.properties!.defaults!;
    for (const object of [schema, ticket, agent, defaults]) {
      for (const [name, field] of Object.entries(object.properties!)) {
        expect(field.description, name).toMatch(/\w/);
      }
    }
    // No fixed default: a ticket's timeout follows its estimate (at least an hour), which the description says.
    expect(defaults.properties!.timeout).toMatchObject({ description: expect.stringMatching(/Default: 1h, or three times/) });
    expect(defaults.properties!.no_retry_exit_codes).toMatchObject({ default: [78] });
    expect(schema.properties!.strategy).toMatchObject({ default: 'balanced', enum: ['maximum', 'balanced', 'sequential', 'critical-path'] });
    expect(ticket.properties!.priority).toMatchObject({ default: 'medium' });
  });
});
